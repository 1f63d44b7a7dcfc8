package bot

import (
	"context"
	"net/http"
	"slices"
	"testing"

	openai "github.com/sashabaranov/go-openai"

	"github.com/summitbot/summitbot/bot/llmtest"
	"github.com/summitbot/summitbot/retrieval"
)

func TestParseRanking(t *testing.T) {
	tests := []struct {
		reply string
		want  []int
		ok    bool
	}{
		{"3, 1, 7", []int{3, 1, 7}, true},
		{"3,1,7.", []int{3, 1, 7}, true},
		{" [2] [5]\n", []int{2, 5}, true},
		{"4; 2", []int{4, 2}, true},
		{"3, 3, 1, 0, 13, 99, 2", []int{3, 1, 2}, true}, // repeats and numbers out of range skipped
		{"12\n1", []int{12, 1}, true},
		{"0, 13", nil, false}, // nothing usable
		{"", nil, false},
		{"NONE", nil, false},
		{"Passages 3 and 1", nil, false},
		{"3, 1 (the others do not help)", nil, false},
		{"1. 3\n2. 1", nil, false},
		{"-1, 2", nil, false},
	}
	for _, tt := range tests {
		got, ok := parseRanking(tt.reply, 12)
		if ok != tt.ok || !slices.Equal(got, tt.want) {
			t.Errorf("parseRanking(%q) = %v, %v; want %v, %v", tt.reply, got, ok, tt.want, tt.ok)
		}
	}
}

// With Options.Rerank, the model orders the leading 12 passages in one more
// request; its reply is checked, and anything but passage numbers leaves the
// order as retrieval made it.
func TestAskReranks(t *testing.T) {
	idx := corpus(t)
	top, err := idx.Search(context.Background(), troopsQuestion, retrieval.SearchOptions{K: 12})
	if err != nil {
		t.Fatal(err)
	}
	texts := func(hits []retrieval.Hit) []string {
		var out []string
		for _, h := range hits {
			out = append(out, h.Chunk.Text)
		}
		return out
	}
	tests := []struct {
		name  string
		reply string
		want  []retrieval.Hit
	}{
		{"passage numbers", "3, 1, 12", []retrieval.Hit{top[2], top[0], top[11], top[1], top[3], top[4]}},
		{"garbage", "Passage 3 is the most useful.", top[:6]},
		{"numbers out of range only", "13, 0", top[:6]},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := llmtest.New(t)
			s.Reply = func(req openai.ChatCompletionRequest) string {
				switch kindOf(req) {
				case reqExpand:
					return expandReply(troopsQuestion)
				case reqRerank:
					return tt.reply
				}
				return "NOT_FOUND"
			}
			e := newEngine(t, idx, newChat(s), Options{Rerank: true})
			if _, err := e.Ask(context.Background(), Question{Text: troopsQuestion}, nil); err != nil {
				t.Fatal(err)
			}
			if got := kinds(s.ChatRequests()); !slices.Equal(got, []string{reqExpand, reqRerank, reqAnswer}) {
				t.Fatalf("requests = %v", got)
			}
			rr := userPrompt(requestsOf(s, reqRerank)[0])
			var offered []string
			for i, p := range passagesIn(rr) {
				if p.N != i+1 {
					t.Errorf("rerank passage %d numbered %d", i+1, p.N)
				}
				offered = append(offered, p.Text)
			}
			if !slices.Equal(offered, texts(top)) || askedQuestion(rr) != troopsQuestion {
				t.Errorf("the rerank request does not offer the top 12 for the question:\n%s", rr)
			}
			var sent []string
			for _, p := range passagesIn(userPrompt(requestsOf(s, reqAnswer)[0])) {
				sent = append(sent, p.Text)
			}
			if !slices.Equal(sent, texts(tt.want)) {
				t.Errorf("passages answered from:\n got %q\nwant %q", sent, texts(tt.want))
			}
		})
	}
}

func TestRerankFailures(t *testing.T) {
	t.Run("unreachable: answered without the model", func(t *testing.T) {
		s := llmtest.New(t)
		s.Reply = func(req openai.ChatCompletionRequest) string {
			if kindOf(req) == reqExpand {
				s.FailNext(http.StatusServiceUnavailable, "", 1) // the rerank request
				return expandReply(troopsQuestion)
			}
			return "NOT_FOUND"
		}
		a, err := newEngine(t, corpus(t), newChat(s), Options{Rerank: true}).Ask(context.Background(), Question{Text: troopsQuestion}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if got := kinds(s.ChatRequests()); !slices.Equal(got, []string{reqExpand, reqRerank}) {
			t.Errorf("requests = %v, want no answer request after the failed rerank", got)
		}
		if a.Mode != ModeExtractive || a.Fallback != "the language model could not be reached (server error, HTTP 503)" || !a.Found {
			t.Errorf("answer = %+v, want the extractive one with the reason", a)
		}
	})
	t.Run("refused: the fused order is kept", func(t *testing.T) {
		s := llmtest.New(t)
		s.Reply = func(req openai.ChatCompletionRequest) string {
			if kindOf(req) == reqExpand {
				s.FailNext(http.StatusBadRequest, "", 1)
				return expandReply(troopsQuestion)
			}
			return "NOT_FOUND"
		}
		a, err := newEngine(t, corpus(t), newChat(s), Options{Rerank: true}).Ask(context.Background(), Question{Text: troopsQuestion}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if got := kinds(s.ChatRequests()); !slices.Equal(got, []string{reqExpand, reqRerank, reqAnswer}) {
			t.Errorf("requests = %v", got)
		}
		if a.Mode != ModeLLM || a.Fallback != "" {
			t.Errorf("answer = %+v, want the model's", a)
		}
	})
	t.Run("a name no passage mentions: no rerank", func(t *testing.T) {
		s := llmtest.New(t)
		s.Reply = func(req openai.ChatCompletionRequest) string { return expandReply(askedQuestion(userPrompt(req))) }
		a, err := newEngine(t, corpus(t), newChat(s), Options{Rerank: true}).Ask(context.Background(), Question{Text: "What did Viktor Orban say?"}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if got := kinds(s.ChatRequests()); !slices.Equal(got, []string{reqExpand}) || a.Found {
			t.Errorf("requests = %v, answer %+v; want the paraphrases only, and not found", got, a)
		}
	})
}
