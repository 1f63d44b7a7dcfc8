package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"testing"

	openai "github.com/sashabaranov/go-openai"

	"github.com/summitbot/summitbot/bot/llmtest"
)

// BenchmarkFallback measures, through run with the default settings
// (LLM_TIMEOUT 60s, LLM_FIRST_TOKEN_TIMEOUT 15s, three retries), how long
// `summitbot ask --json` takes to give the extractive answer when the model
// fails, from the start of the command, index opening included (the
// "offline" case is the same command without a model). The hangs take 15
// seconds each, so run it once:
//
//	go test -run '^$' -bench Fallback -benchtime 1x ./cmd/summitbot/
func BenchmarkFallback(b *testing.B) {
	dir := b.TempDir()
	// Build the index once, outside the measurements.
	if err := run(context.Background(), []string{"ask", "warm up"}, benchEnv(b, dir), strings.NewReader(""), &bytes.Buffer{}, &bytes.Buffer{}); err != nil {
		b.Fatal(err)
	}
	cases := []struct {
		name   string
		url    func(b *testing.B) string // LLM_BASE_URL, "" for none
		script func(s *llmtest.Server)
	}{
		{name: "offline"},
		{name: "refused", url: func(b *testing.B) string { return "http://" + llmtest.ClosedPort(b) + "/v1" }},
		{name: "500-after-retries", script: func(s *llmtest.Server) { s.FailNext(http.StatusInternalServerError, "", 1000) }},
		{name: "429-retry-after-1s", script: func(s *llmtest.Server) { s.FailNext(http.StatusTooManyRequests, "1", 1000) }},
		{name: "hang-before-first-token", script: func(s *llmtest.Server) { s.HangNext(1000) }},
		{name: "hang-mid-stream", script: func(s *llmtest.Server) {
			var mu sync.Mutex
			s.Reply = func(req openai.ChatCompletionRequest) string {
				if strings.Contains(req.Messages[len(req.Messages)-1].Content, `"paraphrases"`) {
					mu.Lock()
					s.StallNext(1, 3)
					mu.Unlock()
					return `{"question": "x", "paraphrases": []}`
				}
				return "The force could number 15,000 to 20,000 troops [1]."
			}
		}},
	}
	for _, bc := range cases {
		b.Run(bc.name, func(b *testing.B) {
			kv := []string{}
			switch {
			case bc.url != nil:
				kv = append(kv, "LLM_BASE_URL", bc.url(b))
			case bc.script != nil:
				s := llmtest.New(b)
				bc.script(s)
				kv = append(kv, "LLM_BASE_URL", s.URL())
			}
			getenv := benchEnv(b, dir, kv...)
			b.ResetTimer()
			for range b.N {
				var out bytes.Buffer
				if err := run(context.Background(), []string{"ask", "--json", troops}, getenv, strings.NewReader(""), &out, &bytes.Buffer{}); err != nil {
					b.Fatal(err)
				}
				var got struct {
					Mode, Fallback string
					Found          bool
				}
				if err := json.Unmarshal(out.Bytes(), &got); err != nil || got.Mode != "extractive" || !got.Found {
					b.Fatalf("answer %s (%v)", out.String(), err)
				}
			}
			b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/answer")
		})
	}
}

func benchEnv(b *testing.B, dir string, kv ...string) func(string) string {
	m := map[string]string{"ENV_FILE": dir + "/no.env", "INDEX_DIR": dir}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return func(k string) string { return m[k] }
}
