package bot

import (
	"context"
	"flag"
	"strings"
	"testing"
	"time"

	openai "github.com/sashabaranov/go-openai"

	"github.com/summitbot/summitbot/bot/llmtest"
)

// llmDelay is how long the fake model takes to answer each request in the
// benchmarks: go test -bench AskWithModel ./bot/ -llm-delay 500ms
var llmDelay = flag.Duration("llm-delay", 200*time.Millisecond, "the fake model's delay per request, for BenchmarkAskWithModel")

// BenchmarkAskWithModel measures one question answered with the model (the
// fake, delaying each request by -llm-delay) over the built-in corpus:
// without paraphrases (one request), with the default three (two requests)
// and with reranking as well (three). The differences in time per question
// are the latency the paraphrases and the rerank add; requests/op counts the
// model requests per question.
func BenchmarkAskWithModel(b *testing.B) {
	idx, err := sharedCorpus()
	if err != nil {
		b.Fatal(err)
	}
	questions := []string{
		troopsQuestion,
		"Which countries would provide most of the ground forces?",
		"What did Macron call the agreement?",
		"Who would monitor a ceasefire?",
	}
	for _, bc := range []struct {
		name string
		opts Options
	}{
		{"question-only", Options{Paraphrases: -1}},
		{"paraphrases", Options{}},
		{"paraphrases+rerank", Options{Rerank: true}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			s := llmtest.New(b)
			s.Latency = *llmDelay
			s.Reply = func(req openai.ChatCompletionRequest) string {
				switch kindOf(req) {
				case reqExpand:
					q := askedQuestion(userPrompt(req))
					return expandReply(q, "In other words: "+q, "Reports say: "+strings.ToLower(q), "What do the articles say about "+strings.TrimSuffix(q, "?")+"?")
				case reqRerank:
					return "2, 1, 3"
				}
				return "The sources discuss this [1]."
			}
			e := newEngine(b, idx, newChat(s), bc.opts)
			b.ResetTimer()
			for i := range b.N {
				if _, err := e.Ask(context.Background(), Question{Text: questions[i%len(questions)]}, nil); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			b.ReportMetric(float64(len(s.ChatRequests()))/float64(b.N), "requests/op")
			b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/op")
		})
	}
}
