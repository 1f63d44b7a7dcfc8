package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/summitbot/summitbot/bot/eval"
)

func TestEvalSummaries(t *testing.T) {
	getenv := env(t, "INDEX_DIR", t.TempDir())
	file := filepath.Join(t.TempDir(), "nuggets.jsonl")
	lines := `{"id":"summit","topic":"","nuggets":[{"id":"hubs","any":["military hubs"]},{"id":"absent","any":["a string no summary holds"]}]}
{"id":"russia","topic":"Russia's reaction","must_not":["began in February 2022"],"nuggets":[{"id":"russia","any":["Russia","Moscow"]}]}
`
	if err := os.WriteFile(file, []byte(lines), 0o644); err != nil {
		t.Fatal(err)
	}
	out, _, err := runCLI(t, getenv, "eval", "--summaries", file, "--json")
	if err != nil {
		t.Fatal(err)
	}
	var rep eval.SummaryReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if len(rep.Summaries) != 2 || rep.Nuggets != 3 || rep.Held != 2 || !rep.AllFit || rep.Forbidden != 0 {
		t.Errorf("report = %+v, want 2 of 3 nuggets, all fitting, nothing off topic", rep)
	}
	if got := rep.Summaries[0].Missed; len(got) != 1 || got[0] != "absent" {
		t.Errorf("missed = %v, want [absent]", got)
	}
	out, _, err = runCLI(t, getenv, "eval", "--summaries", file)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "total: 2 of 3 nuggets (67%); every summary fits one message: yes") {
		t.Errorf("text report lacks the total:\n%s", out)
	}
	// Both files, or neither: a usage error.
	if _, _, err := runCLI(t, getenv, "eval", "--summaries", file, "--questions", file); err == nil {
		t.Error("eval with --questions and --summaries succeeded, want a usage error")
	}
}
