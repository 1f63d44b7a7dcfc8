package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	openai "github.com/sashabaranov/go-openai"

	"github.com/summitbot/summitbot/bot"
	"github.com/summitbot/summitbot/bot/eval"
	"github.com/summitbot/summitbot/bot/llmtest"
	"github.com/summitbot/summitbot/retrieval"
)

// env builds a getenv from pairs; unset names read as empty, so tests never
// depend on the machine's environment. ENV_FILE points at a missing file so
// a developer's .env cannot leak into tests.
func env(t *testing.T, kv ...string) func(string) string {
	t.Helper()
	m := map[string]string{"ENV_FILE": filepath.Join(t.TempDir(), "no.env")}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return func(k string) string { return m[k] }
}

// runCLI runs summitbot with args and returns stdout, stderr and the error.
func runCLI(t *testing.T, getenv func(string) string, args ...string) (string, string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := run(context.Background(), args, getenv, strings.NewReader(""), &out, &errOut)
	return out.String(), errOut.String(), err
}

type askJSON struct {
	Answer    string `json:"answer"`
	Mode      string `json:"mode"`
	Found     *bool  `json:"found"`
	Citations []struct {
		N        int     `json:"n"`
		SourceID string  `json:"source_id"`
		Title    string  `json:"title"`
		Outlet   string  `json:"outlet"`
		URL      *string `json:"url"`
		Quote    string  `json:"quote"`
	} `json:"citations"`
}

func TestAskOfflineExtractive(t *testing.T) {
	dir := t.TempDir()
	getenv := env(t, "INDEX_DIR", dir)
	out, _, err := runCLI(t, getenv, "ask", "--json", "How many troops could the multinational force include?")
	if err != nil {
		t.Fatalf("ask: %v", err)
	}
	var got askJSON
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("ask --json output is not JSON: %v\n%s", err, out)
	}
	if got.Mode != "extractive" || got.Found == nil || !*got.Found {
		t.Fatalf("mode, found = %q, %v; want extractive, true", got.Mode, got.Found)
	}
	if !strings.Contains(got.Answer, "15,000") && !strings.Contains(got.Answer, "20,000") {
		t.Errorf("answer does not give the troop figures:\n%s", got.Answer)
	}
	if len(got.Citations) == 0 {
		t.Fatal("no citations")
	}
	for _, c := range got.Citations {
		if c.SourceID == "" || c.Title == "" || c.Quote == "" || c.URL == nil {
			t.Errorf("citation %d lacks a field: %+v", c.N, c)
		}
		if !strings.Contains(got.Answer, "["+itoa(c.N)+"]") {
			t.Errorf("citation %d is not referenced in the answer", c.N)
		}
	}
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

func TestAskNotFound(t *testing.T) {
	getenv := env(t, "INDEX_DIR", t.TempDir())
	for _, q := range []string{"What is the GDP of Ukraine in 2025?", "what did orban say about the declaration?"} {
		out, _, err := runCLI(t, getenv, "ask", "--json", q)
		if err != nil {
			t.Fatalf("ask %q: %v", q, err)
		}
		var got askJSON
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatal(err)
		}
		if got.Found == nil || *got.Found || len(got.Citations) != 0 || got.Citations == nil {
			t.Errorf("%q: found=%v citations=%v; want found=false and citations=[]", q, got.Found, got.Citations)
		}
		if !strings.Contains(strings.ToLower(got.Answer), "not found in the loaded sources") {
			t.Errorf("%q: answer does not say it was not found: %q", q, got.Answer)
		}
	}
}

func TestAskTextSaysMode(t *testing.T) {
	out, _, err := runCLI(t, env(t, "INDEX_DIR", t.TempDir()), "ask", "What did Macron call the agreement?")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"significant step", "Sources:", "[1]", "extractive mode"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestSearchJSON(t *testing.T) {
	out, _, err := runCLI(t, env(t, "INDEX_DIR", t.TempDir()), "search", "--json", "-k", "3", "axis of war")
	if err != nil {
		t.Fatal(err)
	}
	var got []map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if len(got) != 3 {
		t.Fatalf("got %d results, want 3", len(got))
	}
	for i, r := range got {
		for _, k := range []string{"rank", "score", "source_id", "title", "url", "chunk_id", "text"} {
			if _, ok := r[k]; !ok {
				t.Errorf("result %d lacks %q", i, k)
			}
		}
		if int(r["rank"].(float64)) != i+1 {
			t.Errorf("result %d has rank %v", i, r["rank"])
		}
	}
	if !strings.Contains(got[0]["text"].(string), "axis of war") {
		t.Errorf("top result does not contain the phrase: %v", got[0]["text"])
	}
}

func TestBadInput(t *testing.T) {
	dir := t.TempDir()
	long := strings.Repeat("why ", 501)
	tests := []struct {
		name    string
		args    []string
		wantMsg string
		usage   bool
	}{
		{"no command", nil, "no command", true},
		{"unknown command", []string{"frobnicate"}, "unknown command", true},
		{"empty question", []string{"ask", "   "}, "question is empty", true},
		{"no question", []string{"ask"}, "question is empty", true},
		{"long question", []string{"ask", long}, "too long", true},
		{"unknown flag", []string{"ask", "--nope", "hi"}, "flag provided but not defined", true},
		{"bad k", []string{"search", "-k", "0", "troops"}, "-k must be", true},
		{"bad mode", []string{"search", "--mode", "magic", "troops"}, "unknown search mode", true},
		{"sources without subcommand", []string{"sources"}, "want list, add or remove", true},
		{"remove without id", []string{"sources", "remove"}, "give the ids of the sources to remove", true},
		{"eval without questions", []string{"eval"}, "--questions", true},
		{"eval missing file", []string{"eval", "--questions", filepath.Join(dir, "nope.jsonl")}, "no such file", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := runCLI(t, env(t, "INDEX_DIR", filepath.Join(dir, "idx")), tt.args...)
			if err == nil {
				t.Fatal("no error")
			}
			if got := oneLine(err); !strings.Contains(got, tt.wantMsg) {
				t.Errorf("error %q does not mention %q", got, tt.wantMsg)
			}
			if got, want := exitCode(err) == 2, tt.usage; got != want {
				t.Errorf("usage error = %v, want %v (%v)", got, want, err)
			}
			if strings.Contains(oneLine(err), "\n") {
				t.Errorf("error is not one line: %q", oneLine(err))
			}
		})
	}
}

func TestBadConfig(t *testing.T) {
	_, _, err := runCLI(t, env(t, "LLM_TIMEOUT", "soon", "LOG_LEVEL", "loud", "LLM_FIRST_TOKEN_TIMEOUT", "0s",
		"LLM_PARAPHRASES", "9", "RERANK", "yes"), "ask", "hi")
	if err == nil || exitCode(err) != 2 {
		t.Fatalf("err = %v, want a usage error", err)
	}
	for _, want := range []string{"LLM_TIMEOUT", "LOG_LEVEL", `LLM_FIRST_TOKEN_TIMEOUT="0s" is not a duration`,
		`LLM_PARAPHRASES="9" is not a whole number from 0 to 5`, `RERANK="yes" is not off or model`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not name %s", err, want)
		}
	}
}

func TestCorruptedIndexIsNotOverwritten(t *testing.T) {
	dir := t.TempDir()
	getenv := env(t, "INDEX_DIR", dir)
	if _, _, err := runCLI(t, getenv, "sources", "list"); err != nil {
		t.Fatal(err)
	}
	manifest := filepath.Join(dir, "manifest.json")
	garbage := []byte("{not json")
	if err := os.WriteFile(manifest, garbage, 0o600); err != nil {
		t.Fatal(err)
	}
	_, _, err := runCLI(t, getenv, "ask", "What did Macron call the agreement?")
	if !errors.Is(err, retrieval.ErrCorrupt) {
		t.Fatalf("err = %v, want ErrCorrupt", err)
	}
	if exitCode(err) != 1 || !strings.Contains(oneLine(err), "move the directory aside") {
		t.Errorf("error %q (exit %d) does not say what to do", oneLine(err), exitCode(err))
	}
	if got, _ := os.ReadFile(manifest); !bytes.Equal(got, garbage) {
		t.Errorf("corrupted manifest was rewritten: %q", got)
	}
}

func TestUnreadableIndexDir(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	os.WriteFile(file, []byte("x"), 0o600)
	_, _, err := runCLI(t, env(t, "INDEX_DIR", file), "sources", "list")
	if err == nil || !strings.Contains(oneLine(err), file) {
		t.Fatalf("err = %v, want an error naming %s", err, file)
	}
}

func TestSourcesLifecycle(t *testing.T) {
	dir := t.TempDir()
	getenv := env(t, "INDEX_DIR", dir)
	out, _, err := runCLI(t, getenv, "sources", "list", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var list []retrieval.Source
	if err := json.Unmarshal([]byte(out), &list); err != nil {
		t.Fatal(err)
	}
	if len(list) != 5 {
		t.Fatalf("built-in sources = %d, want 5", len(list))
	}

	out, _, err = runCLI(t, getenv, "sources", "add", "testdata/extra-article.md")
	if err != nil || !strings.Contains(out, "loaded as extra-kyiv-briefing") {
		t.Fatalf("add: %v\n%s", err, out)
	}
	out, _, err = runCLI(t, getenv, "sources", "add", "testdata/extra-article.md")
	if err != nil || out != "testdata/extra-article.md: already loaded as extra-kyiv-briefing\n" {
		t.Fatalf("duplicate add: err=%v\n%s", err, out)
	}
	out, _, _ = runCLI(t, getenv, "search", "--json", "-k", "1", "weekly report on ceasefire violations")
	if !strings.Contains(out, "extra-kyiv-briefing") {
		t.Errorf("added source not searchable:\n%s", out)
	}

	builtin := list[0].ID
	if out, _, err = runCLI(t, getenv, "sources", "remove", builtin); err != nil || !strings.Contains(out, "Removed "+builtin) {
		t.Fatalf("remove: %v\n%s", err, out)
	}
	out, _, _ = runCLI(t, getenv, "sources", "list")
	if strings.Contains(out, builtin) {
		t.Errorf("removed built-in came back on restart:\n%s", out)
	}
	if out, _, err = runCLI(t, getenv, "sources", "add", "--builtin"); err != nil || !strings.Contains(out, "1 articles added") {
		t.Fatalf("restore: %v\n%s", err, out)
	}
	out, _, err = runCLI(t, getenv, "sources", "remove", "no-such-source")
	if err == nil || exitCode(err) != 1 || !strings.Contains(out, "no source with id") {
		t.Errorf("remove unknown: %v\n%s", err, out)
	}
	out, _, err = runCLI(t, getenv, "sources", "add", "file:///etc/passwd")
	if err == nil || !strings.Contains(out, "Only http and https") {
		t.Errorf("file URL: err=%v\n%s", err, out)
	}
}

func TestDotEnv(t *testing.T) {
	dir := t.TempDir()
	envFile := filepath.Join(dir, ".env")
	os.WriteFile(envFile, []byte("# comment\nexport INDEX_DIR=\""+filepath.Join(dir, "from-dotenv")+"\"\nLLM_MODEL=dotenv-model\n"), 0o600)
	cfg, err := loadConfig(func(k string) string {
		switch k {
		case "ENV_FILE":
			return envFile
		case "LLM_MODEL":
			return "env-model"
		}
		return ""
	})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := cfg.IndexDir, filepath.Join(dir, "from-dotenv"); got != want {
		t.Errorf("IndexDir = %q, want %q (from .env)", got, want)
	}
	if got, want := cfg.LLMModel, "env-model"; got != want {
		t.Errorf("LLMModel = %q, want %q (environment wins)", got, want)
	}
	if cfg.llmEnabled() || cfg.remoteEmbeddings() {
		t.Error("no key and no URL should mean extractive answers and the local embedder")
	}
}

func TestLLMModeThroughRun(t *testing.T) {
	fake := llmtest.New(t)
	fake.Reply = func(req openai.ChatCompletionRequest) string {
		if isExpand(req) {
			return `{"question": "Which countries would provide most of the ground forces?", "paraphrases": ["Who would supply the bulk of the troops?", "Which nations lead the ground contingent?"]}`
		}
		return "France and the UK would provide the bulk of ground forces [1], while Türkiye would handle maritime security [9]."
	}
	getenv := env(t, "INDEX_DIR", t.TempDir(), "LLM_BASE_URL", fake.URL(), "LLM_API_KEY", "sk-test-not-a-real-key", "LLM_MODEL", "fake-model")
	out, stderr, err := runCLI(t, getenv, "ask", "--json", "-k", "3", "Which countries would provide most of the ground forces?")
	if err != nil {
		t.Fatal(err)
	}
	var got askJSON
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if got.Mode != "llm" || got.Found == nil || !*got.Found {
		t.Fatalf("mode=%q found=%v, want llm, true", got.Mode, got.Found)
	}
	if strings.Contains(got.Answer, "[9]") || len(got.Citations) != 1 || got.Citations[0].N != 1 {
		t.Errorf("citation [9] of 3 passages was not removed: %q %+v", got.Answer, got.Citations)
	}
	reqs := fake.ChatRequests()
	if len(reqs) != 2 || !isExpand(reqs[0]) {
		t.Fatalf("chat requests = %d, want 2: the paraphrases, then the answer", len(reqs))
	}
	if n := strings.Count(reqs[1].Messages[len(reqs[1].Messages)-1].Content, "<source n="); n != 3 {
		t.Errorf("prompt has %d sources, want 3", n)
	}
	if strings.Contains(stderr, "sk-test-not-a-real-key") {
		t.Error("the API key appeared in the log")
	}
	if stderr != "" {
		t.Errorf("the log is not empty:\n%s", stderr)
	}

	out, _, err = runCLI(t, getenv, "ask", "Which countries would provide most of the ground forces?")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(out, "\n(answered by the language model fake-model)\n") || strings.Contains(out, "Note:") {
		t.Errorf("text output does not end with the model's footer:\n%s", out)
	}
}

// isExpand reports whether req is the request for the question's paraphrases.
func isExpand(req openai.ChatCompletionRequest) bool {
	return strings.Contains(req.Messages[len(req.Messages)-1].Content, `"paraphrases"`)
}

func TestReopenMakesNoEmbeddingRequests(t *testing.T) {
	fake := llmtest.New(t)
	getenv := env(t, "INDEX_DIR", t.TempDir(), "EMBEDDING_BASE_URL", fake.URL(), "EMBEDDING_API_KEY", "test-key", "EMBEDDING_MODEL", "fake-embed")
	// sources list embeds nothing (TestOfflineCommands): this builds the index.
	if _, _, err := runCLI(t, getenv, "sources", "add", "--builtin"); err != nil {
		t.Fatal(err)
	}
	first := fake.EmbeddingRequests()
	if want := (fake.EmbeddedInputs() + 63) / 64; first != want {
		t.Fatalf("first start made %d embedding requests for %d passages; want them in full batches of 64 (%d)", first, fake.EmbeddedInputs(), want)
	}
	if _, _, err := runCLI(t, getenv, "sources", "list"); err != nil {
		t.Fatal(err)
	}
	if got := fake.EmbeddingRequests() - first; got != 0 {
		t.Errorf("reopening made %d embedding requests, want 0", got)
	}
	if _, _, err := runCLI(t, getenv, "search", "troops"); err != nil {
		t.Fatal(err)
	}
	if got := fake.EmbeddingRequests() - first; got != 1 {
		t.Errorf("a search made %d embedding requests, want 1 (the query)", got)
	}
}

func TestSourcesAddBatchesEmbeddings(t *testing.T) {
	fake := llmtest.New(t)
	getenv := env(t, "INDEX_DIR", t.TempDir(), "EMBEDDING_BASE_URL", fake.URL(), "EMBEDDING_API_KEY", "test-key", "EMBEDDING_MODEL", "fake-embed")
	// sources list embeds nothing (TestOfflineCommands): this builds the index.
	if _, _, err := runCLI(t, getenv, "sources", "add", "--builtin"); err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob("../../retrieval/testdata/distractors/*.md")
	if err != nil || len(files) < 10 {
		t.Fatalf("distractors: %v, %v", files, err)
	}
	reqs, inputs := fake.EmbeddingRequests(), fake.EmbeddedInputs()
	out, _, err := runCLI(t, getenv, append([]string{"sources", "add"}, files...)...)
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if n := strings.Count(out, "loaded as"); n != len(files) {
		t.Errorf("%d of %d files loaded:\n%s", n, len(files), out)
	}
	passages := fake.EmbeddedInputs() - inputs
	if got, want := fake.EmbeddingRequests()-reqs, (passages+63)/64; got != want {
		t.Errorf("%d articles (%d passages) took %d embedding requests, want %d: full batches of 64, not one or more per article", len(files), passages, got, want)
	}
}

func TestEvalThroughRun(t *testing.T) {
	out, _, err := runCLI(t, env(t, "INDEX_DIR", t.TempDir()), "eval", "--json", "--answers", "--questions", "../../bot/eval/testdata/heldout.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	var rep map[string]any
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	for _, k := range []string{"questions", "hit@1", "hit@3", "hit@5", "mrr", "missed", "answers_passed"} {
		if _, ok := rep[k]; !ok {
			t.Errorf("eval --json lacks %q", k)
		}
	}
	if rep["questions"].(float64) != 32 {
		t.Errorf("questions = %v, want 32", rep["questions"])
	}
}

func TestEvalCalibrate(t *testing.T) {
	getenv := env(t, "INDEX_DIR", t.TempDir())
	out, _, err := runCLI(t, getenv, "eval", "--calibrate", "--json", "--questions", "../../bot/eval/testdata/heldout.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	var cal eval.Calibration
	if err := json.Unmarshal([]byte(out), &cal); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if len(cal.Thresholds) != 17 || len(cal.Questions) != 40 {
		t.Fatalf("%d thresholds and %d questions, want 17 and 40", len(cal.Thresholds), len(cal.Questions))
	}
	atDefault := -1
	for i, row := range cal.Thresholds {
		if row.Answerable != 32 || row.Unanswerable != 8 {
			t.Errorf("row %v: counts %d and %d, want 32 answerable and 8 not", row.MinCoverage, row.Answerable, row.Unanswerable)
		}
		if i > 0 && (row.FalseRefusals < cal.Thresholds[i-1].FalseRefusals || row.UnanswerableRefused < cal.Thresholds[i-1].UnanswerableRefused) {
			t.Errorf("refusals fall as the threshold rises: %+v after %+v", row, cal.Thresholds[i-1])
		}
		if math.Abs(row.MinCoverage-bot.DefaultMinCoverage) < 1e-9 {
			atDefault = i
		}
	}
	// The default is calibrated to refuse no answerable held-out question.
	if atDefault < 0 || cal.Thresholds[atDefault].FalseRefusals != 0 {
		t.Errorf("at the default threshold: %+v", cal.Thresholds[max(atDefault, 0)])
	}
	if last := cal.Thresholds[len(cal.Thresholds)-1]; last.FalseRefusals == 0 {
		t.Errorf("a threshold of %v refuses no answerable question: the sweep does not reach the range where it matters", last.MinCoverage)
	}

	out, _, err = runCLI(t, getenv, "eval", "--calibrate", "--questions", "../../bot/eval/testdata/heldout.jsonl")
	if err != nil || !strings.Contains(out, "* 0.20") || !strings.Contains(out, "least covered answerable questions: h") {
		t.Errorf("text output (%v):\n%s", err, out)
	}
}

// TestDevSetTargets holds the offline default to the targets on the
// development set, with and without distractor articles.
func TestDevSetTargets(t *testing.T) {
	dev := "../../bot/eval/testdata/dev.jsonl"
	for _, extra := range [][]string{nil, {"--corpus", "../../retrieval/testdata/distractors"}} {
		args := append([]string{"eval", "--json", "--answers", "--questions", dev}, extra...)
		out, _, err := runCLI(t, env(t, "INDEX_DIR", t.TempDir()), args...)
		if err != nil {
			t.Fatal(err)
		}
		var rep struct {
			Hit5            float64 `json:"hit@5"`
			MRR             float64 `json:"mrr"`
			Unanswerable    int     `json:"unanswerable"`
			NotFoundCorrect int     `json:"not_found_correct"`
		}
		if err := json.Unmarshal([]byte(out), &rep); err != nil {
			t.Fatal(err)
		}
		if rep.Hit5 != 1 || rep.MRR < 0.85 {
			t.Errorf("%v: hit@5 = %.3f, MRR = %.3f; want 1 and >= 0.85", extra, rep.Hit5, rep.MRR)
		}
		if rep.NotFoundCorrect != rep.Unanswerable {
			t.Errorf("%v: %d of %d unanswerable questions answered not found", extra, rep.NotFoundCorrect, rep.Unanswerable)
		}
	}
}
