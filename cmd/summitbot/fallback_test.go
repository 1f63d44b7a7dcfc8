package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"

	openai "github.com/sashabaranov/go-openai"

	"github.com/summitbot/summitbot/bot/llmtest"
)

const (
	troops  = "How many troops could the multinational force include?"
	testKey = "sk-test-fallback-key"
)

// kindOf names a request to the fake model: "expand" (the rewrite with
// paraphrases), "rerank" or "answer".
func kindOf(req openai.ChatCompletionRequest) string {
	p := req.Messages[len(req.Messages)-1].Content
	switch {
	case strings.Contains(p, `"paraphrases"`):
		return "expand"
	case strings.Contains(p, "passages help answer the question?"):
		return "rerank"
	}
	return "answer"
}

func kinds(s *llmtest.Server) []string {
	var out []string
	for _, r := range s.ChatRequests() {
		out = append(out, kindOf(r))
	}
	return out
}

// When the model fails, ask and summary answer extractively with a notice,
// --json keeps its shape with mode "extractive" and a "fallback" reason, and
// the log has the detail. Every case runs with the default retries.
func TestAskFallsBackThroughRun(t *testing.T) {
	t.Parallel() // these wait for retries and timeouts, not the CPU
	dir := t.TempDir()
	tests := []struct {
		name   string
		env    []string
		script func(s *llmtest.Server)
		want   string   // the fallback reason
		kinds  []string // the requests the fake received, for one question
		log    string   // in the log
		text   bool     // also check the text output
	}{
		{
			name: "connection refused", env: []string{"LLM_BASE_URL", "http://" + llmtest.ClosedPort(t) + "/v1"},
			want: "the language model could not be reached (connection refused)", log: "connection refused", text: true,
		},
		{
			name: "500 after the retries", script: func(s *llmtest.Server) { s.FailNext(http.StatusInternalServerError, "", 100) },
			want: "the language model could not be reached (server error, HTTP 500)", log: "status 500",
			kinds: []string{"expand", "expand", "expand", "expand"},
		},
		{
			name: "429 with a long Retry-After", script: func(s *llmtest.Server) { s.FailNext(http.StatusTooManyRequests, "120", 100) },
			want: "the language model could not be reached (rate limited, HTTP 429)", log: "status 429",
			kinds: []string{"expand"}, text: true,
		},
		{
			name: "hang before the first token", env: []string{"LLM_FIRST_TOKEN_TIMEOUT", "300ms"},
			script: func(s *llmtest.Server) { s.HangNext(100) },
			want:   "the language model could not be reached (no reply in time)", log: "first-token timeout",
			kinds: []string{"expand"}, text: true,
		},
		{
			name: "hang past the time limit", env: []string{"LLM_TIMEOUT", "300ms"},
			script: func(s *llmtest.Server) { s.HangNext(100) },
			want:   "the language model could not be reached (timed out)", log: "request timed out after 300ms",
			kinds: []string{"expand"},
		},
		{
			// The answer starts streaming, then stops: the partial reply is
			// dropped (it is unchecked and unfinished) for the extractive answer.
			name: "hang mid-stream", env: []string{"LLM_FIRST_TOKEN_TIMEOUT", "300ms"},
			script: func(s *llmtest.Server) {
				var mu sync.Mutex
				s.Reply = func(req openai.ChatCompletionRequest) string {
					if kindOf(req) == "expand" {
						mu.Lock()
						s.StallNext(1, 3) // the answer request that follows
						mu.Unlock()
						return `{"question": "x", "paraphrases": ["How large would the force be?"]}`
					}
					return "The force could number 15,000 to 20,000 troops [1]."
				}
			},
			want: "the language model could not be reached (its reply stopped mid-way)", log: "stalled",
			kinds: []string{"expand", "answer"}, text: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := llmtest.New(t)
			if tt.script != nil {
				tt.script(fake)
			}
			getenv := env(t, append([]string{"INDEX_DIR", dir, "LLM_BASE_URL", fake.URL(), "LLM_API_KEY", testKey}, tt.env...)...)
			out, stderr, err := runCLI(t, getenv, "ask", "--json", troops)
			if err != nil {
				t.Fatalf("ask --json: %v\n%s", err, stderr)
			}
			var raw map[string]any
			if err := json.Unmarshal([]byte(out), &raw); err != nil {
				t.Fatalf("not JSON: %v\n%s", err, out)
			}
			var keys []string
			for k := range raw {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			if want := []string{"answer", "citations", "fallback", "found", "id", "mode"}; !slices.Equal(keys, want) {
				t.Errorf("keys = %v, want %v", keys, want)
			}
			var got askJSON
			_ = json.Unmarshal([]byte(out), &got)
			if got.Mode != "extractive" || raw["fallback"] != tt.want || got.Found == nil || !*got.Found || len(got.Citations) == 0 {
				t.Errorf("answer = %s, want found, extractive, cited, fallback %q", out, tt.want)
			}
			if !strings.Contains(got.Answer, "15,000 to 20,000 troops") {
				t.Errorf("the extractive answer lacks the figures:\n%s", got.Answer)
			}
			if k := kinds(fake); fmt.Sprint(k) != fmt.Sprint(tt.kinds) {
				t.Errorf("requests = %v, want %v", k, tt.kinds)
			}
			if !strings.Contains(stderr, "level=WARN") || !strings.Contains(stderr, tt.log) {
				t.Errorf("the log lacks the detail %q:\n%s", tt.log, stderr)
			}
			for _, s := range []string{out, stderr} {
				if strings.Contains(s, testKey) {
					t.Errorf("the API key was printed:\n%s", s)
				}
			}
			if !tt.text {
				return
			}
			out, _, err = runCLI(t, getenv, "ask", troops)
			if err != nil {
				t.Fatal(err)
			}
			notice := "Note: " + tt.want + ", so this answer was made without it.\n\n"
			if !strings.HasPrefix(out, notice) || !strings.HasSuffix(out, "\n(quoted from the sources)\n") {
				t.Errorf("text output does not start with the notice and end with the extractive footer:\n%s", out)
			}
			for _, leak := range []string{"language model " + "gpt", "dial tcp", "127.0.0.1", "chat completion"} {
				if strings.Contains(out, leak) {
					t.Errorf("text output shows %q:\n%s", leak, out)
				}
			}
		})
	}
}

// A summary falls back to the extractive summary; a question the sources
// cannot answer says so, with the notice and no footer. (The text output of
// a summary goes through the same printAnswer as an answer's.)
func TestSummaryAndNotFoundFallBackThroughRun(t *testing.T) {
	t.Parallel() // these wait for retries and timeouts, not the CPU
	dir := t.TempDir()
	getenv := env(t, "INDEX_DIR", dir, "LLM_BASE_URL", "http://"+llmtest.ClosedPort(t)+"/v1")
	notice := "Note: the language model could not be reached (connection refused), so this answer was made without it.\n\n"

	out, _, err := runCLI(t, getenv, "summary", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var raw map[string]any
	if err := json.Unmarshal([]byte(out), &raw); err != nil {
		t.Fatal(err)
	}
	if raw["mode"] != "extractive" || raw["found"] != true || raw["fallback"] != "the language model could not be reached (connection refused)" {
		t.Errorf("summary = %s", out)
	}
	out, _, err = runCLI(t, getenv, "ask", "What did Viktor Orban say?")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out, notice) || !strings.Contains(out, "Not found in the loaded sources") {
		t.Errorf("not-found text:\n%s", out)
	}
	if strings.Contains(out, "quoted from") || strings.Contains(out, "answered by") {
		t.Errorf("the footer of a not-found answer claims a quote or the model:\n%s", out)
	}
}

// Footers say what happened: "answered by the language model" only when the
// model answered, "quoted from the sources" only when something is quoted.
func TestFootersThroughRun(t *testing.T) {
	dir := t.TempDir()
	fake := llmtest.New(t)
	fake.Reply = func(req openai.ChatCompletionRequest) string {
		switch kindOf(req) {
		case "expand":
			return `{"question": "x", "paraphrases": []}`
		case "rerank":
			return "2, 1"
		}
		if strings.Contains(req.Messages[len(req.Messages)-1].Content, "Türkiye") {
			return "NOT_FOUND"
		}
		return "The force could number 15,000 to 20,000 troops [1]."
	}
	withModel := env(t, "INDEX_DIR", dir, "LLM_BASE_URL", fake.URL(), "LLM_MODEL", "fake-model")
	offline := env(t, "INDEX_DIR", dir)
	tests := []struct {
		name     string
		getenv   func(string) string
		question string
		footer   string // "" for none
	}{
		{"model answered", withModel, troops, "(answered by the language model fake-model)"},
		{"model replied NOT_FOUND", withModel, "What is Türkiye's role?", "(answered by the language model fake-model)"},
		{"not found before asking the model", withModel, "What did Viktor Orban say?", ""},
		{"offline, quoted", offline, troops, "(extractive mode: quoted from the sources; set LLM_API_KEY or LLM_BASE_URL for written answers)"},
		{"offline, not found", offline, "What did Viktor Orban say?", "(extractive mode; set LLM_API_KEY or LLM_BASE_URL for written answers)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, _, err := runCLI(t, tt.getenv, "ask", tt.question)
			if err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(strings.TrimSpace(out), "\n")
			last := lines[len(lines)-1]
			if tt.footer == "" {
				if strings.HasPrefix(last, "(") {
					t.Errorf("footer %q, want none:\n%s", last, out)
				}
			} else if last != tt.footer {
				t.Errorf("footer = %q, want %q", last, tt.footer)
			}
			if strings.Contains(out, "Note:") {
				t.Errorf("a notice without a failure:\n%s", out)
			}
		})
	}
}

// RERANK=model adds the rerank request; LLM_PARAPHRASES=0 removes the
// rewrite request of a question that stands alone in English.
func TestRequestsPerQuestionThroughRun(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		env  []string
		want []string
	}{
		{nil, []string{"expand", "answer"}},
		{[]string{"RERANK", "model"}, []string{"expand", "rerank", "answer"}},
		{[]string{"LLM_PARAPHRASES", "0", "RERANK", "model"}, []string{"rerank", "answer"}},
		{[]string{"LLM_PARAPHRASES", "0"}, []string{"answer"}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.env), func(t *testing.T) {
			fake := llmtest.New(t)
			fake.Reply = func(req openai.ChatCompletionRequest) string {
				switch kindOf(req) {
				case "expand":
					return `{"question": "x", "paraphrases": ["How large would the force be?"]}`
				case "rerank":
					return "1"
				}
				return "The force could number 15,000 to 20,000 troops [1]."
			}
			getenv := env(t, append([]string{"INDEX_DIR", dir, "LLM_BASE_URL", fake.URL()}, tt.env...)...)
			if _, _, err := runCLI(t, getenv, "ask", "--json", troops); err != nil {
				t.Fatal(err)
			}
			if got := kinds(fake); !slices.Equal(got, tt.want) {
				t.Errorf("requests = %v, want %v", got, tt.want)
			}
		})
	}
}
