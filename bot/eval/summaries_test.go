package eval

import (
	"context"
	"strings"
	"testing"
)

func TestScoreSummary(t *testing.T) {
	c := SummaryCase{ID: "x", Topic: "t", MustNot: []string{"February 2022"}, Nuggets: []Nugget{
		{ID: "mnf", Any: []string{"mnf-u"}},
		{ID: "french", Any: []string{"several thousand", "thousands of troops"}},
		{ID: "absent", Any: []string{"nowhere"}},
	}}
	tests := []struct {
		name      string
		s         Summary
		held      int
		fits      bool
		dangling  int
		forbidden int
	}{
		{"typography folded", Summary{Text: "- The MNF‑U force [1]\n- Macron: “Several  Thousand” troops [2]", MessageLen: 300}, 2, true, 0, 0},
		{"too long, dangling, off topic", Summary{Text: "- They began in February 2022. [1]", MessageLen: 2001}, 0, false, 1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := ScoreSummary(c, tt.s)
			if r.Held != tt.held || r.FitsOne != tt.fits || len(r.Dangling) != tt.dangling || len(r.Forbidden) != tt.forbidden {
				t.Errorf("result = %+v, want held %d, fits %v, %d dangling, %d forbidden", r, tt.held, tt.fits, tt.dangling, tt.forbidden)
			}
		})
	}
}

func TestReadSummaryCasesAndRun(t *testing.T) {
	in := `{"id":"a","topic":"","nuggets":[{"id":"n","any":["hubs"]}]}` + "\n\n" + `{"topic":"b","nuggets":[{"id":"m","any":["x"]}]}`
	cases, err := ReadSummaryCases(strings.NewReader(in))
	if err != nil || len(cases) != 2 || cases[1].ID != "line3" {
		t.Fatalf("cases = %+v, %v", cases, err)
	}
	rep, err := RunSummaries(context.Background(), cases, func(_ context.Context, topic string) (Summary, error) {
		return Summary{Text: "- military hubs [1]", Found: true, MessageLen: 100}, nil
	})
	if err != nil || rep.Held != 1 || rep.Nuggets != 2 || rep.Recall != 0.5 || !rep.AllFit {
		t.Errorf("report = %+v, %v; want 1 of 2", rep, err)
	}
	for _, bad := range []string{`{"id":"a","nuggets":[]}`, `{"id":"a","nuggets":[{"id":"n","any":[]}]}`, `{`, ``} {
		if _, err := ReadSummaryCases(strings.NewReader(bad)); err == nil {
			t.Errorf("ReadSummaryCases(%q) succeeded", bad)
		}
	}
}
