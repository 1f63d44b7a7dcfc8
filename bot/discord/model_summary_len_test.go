package discord

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	openai "github.com/sashabaranov/go-openai"

	"github.com/summitbot/summitbot/bot"
	"github.com/summitbot/summitbot/bot/llm"
	"github.com/summitbot/summitbot/bot/llmtest"
	"github.com/summitbot/summitbot/retrieval"
)

var (
	sourceBlockRe = regexp.MustCompile(`(?s)<source n="(\d+)"[^\n]*>\n(.*?)\n</source>`)
	notesBlockRe  = regexp.MustCompile(`(?s)<notes>\n(.*?)\n</notes>`)
)

// verboseModel notes every sentence of the passages it is given, and writes
// a summary of every note, three times over: far more than two messages.
func verboseModel(req openai.ChatCompletionRequest) string {
	p := req.Messages[len(req.Messages)-1].Content
	var b strings.Builder
	if strings.Contains(p, "Take brief notes") {
		for _, m := range sourceBlockRe.FindAllStringSubmatch(p, -1) {
			for _, sp := range retrieval.Sentences(m[2]) {
				s := strings.TrimSpace(m[2][sp.Start:sp.End])
				if strings.HasSuffix(s, ".") && !strings.ContainsAny(s, "[]\"“”") && !strings.Contains(s, "''") {
					fmt.Fprintf(&b, "- %s [%s]\n", s, m[1])
				}
			}
		}
		return b.String()
	}
	b.WriteString("**What was agreed**\n")
	for range 3 {
		for _, m := range notesBlockRe.FindAllStringSubmatch(p, -1) {
			b.WriteString(m[1] + "\n")
		}
	}
	return b.String()
}

// TestModelSummaryFitsTwoMessages summarizes with a verbose model and posts
// the result with the real formatter and splitter: at most two messages,
// and bot.RenderedLen counts what is posted.
func TestModelSummaryFitsTwoMessages(t *testing.T) {
	ctx := context.Background()
	s := llmtest.New(t)
	s.Reply = verboseModel
	e := corpusEngine(t, &llm.Chat{BaseURL: s.URL(), APIKey: "sk-test", Model: "test-model", MaxRetries: -1, Timeout: 30 * time.Second})
	for _, topic := range []string{"", "the US role", "paris-declaration-multinational-force-ukraine"} {
		a, err := e.Summarize(ctx, bot.SummaryRequest{Topic: topic}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if a.Mode != bot.ModeLLM || !a.Found {
			t.Fatalf("%q: summary = %+v, want the model's", topic, a)
		}
		posted := renderAnswer(a)
		if got, want := textLen(posted), bot.RenderedLen(a); got != want {
			t.Errorf("%q: rendered %d characters, RenderedLen says %d", topic, got, want)
		}
		if got := textLen(posted); got <= maxMessage || got > bot.MaxModelSummaryChars {
			t.Errorf("%q: rendered %d characters, want the cut to leave %d..%d", topic, got, maxMessage+1, bot.MaxModelSummaryChars)
		}
		if parts := splitMessage(posted, maxMessage); len(parts) > 2 {
			t.Errorf("%q: posted in %d messages, want at most 2", topic, len(parts))
		}
	}
}
