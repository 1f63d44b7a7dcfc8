package bot

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"

	openai "github.com/sashabaranov/go-openai"

	"github.com/summitbot/summitbot/bot/llmtest"
	"github.com/summitbot/summitbot/retrieval"
)

func TestFitContext(t *testing.T) {
	mk := func(sizes ...int) []retrieval.Hit {
		var hs []retrieval.Hit
		for i, n := range sizes {
			hs = append(hs, retrieval.Hit{Rank: i + 1, Chunk: retrieval.Chunk{Text: strings.Repeat("x", n)}})
		}
		return hs
	}
	tests := []struct {
		sizes  []int
		budget int
		want   int
	}{
		{[]int{100, 100, 100}, 1000, 3},
		{[]int{100, 100, 100}, 600, 2},
		{[]int{5000, 100}, 600, 1}, // the best passage is always kept
		{nil, 600, 0},
	}
	for _, tt := range tests {
		if got := len(fitContext(mk(tt.sizes...), tt.budget)); got != tt.want {
			t.Errorf("fitContext(%v, %d) kept %d, want %d", tt.sizes, tt.budget, got, tt.want)
		}
	}
}

// Coverage measures the passages Ask answers from: the same follow-up
// rewrite, the same K, the same context budget.
func TestCoverageIsWhatAskRetrieves(t *testing.T) {
	e := newEngine(t, corpus(t), nil, Options{})
	ctx := context.Background()
	history := []Turn{{Question: "How many troops will France send?", Answer: "Several thousand [1]."}}
	followUp, err := e.Coverage(ctx, Question{Text: "and Germany?", History: history})
	if err != nil {
		t.Fatal(err)
	}
	rewritten, err := e.Coverage(ctx, Question{Text: "How many troops will France send? and Germany?"})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(followUp, rewritten) {
		t.Errorf("coverage of the follow-up = %+v, want that of its rewrite %+v", followUp, rewritten)
	}
	if followUp.Hits != extractiveK {
		t.Errorf("hits = %d, want extractiveK = %d without a model", followUp.Hits, extractiveK)
	}

	cv, err := e.Coverage(ctx, Question{Text: troopsQuestion, K: 3})
	if err != nil {
		t.Fatal(err)
	}
	if cv.Hits != 3 {
		t.Errorf("hits = %d, want Question.K = 3", cv.Hits)
	}

	small := newEngine(t, corpus(t), nil, Options{ContextChars: 1500})
	cv, err = small.Coverage(ctx, Question{Text: troopsQuestion, K: 10})
	if err != nil {
		t.Fatal(err)
	}
	if cv.Hits == 0 || cv.Hits >= 10 {
		t.Errorf("hits = %d, want fewer than the 10 retrieved: those that fit 1500 characters", cv.Hits)
	}

	if _, err := e.Coverage(ctx, Question{Text: " "}); !errors.Is(err, ErrEmptyQuestion) {
		t.Errorf("empty question: err = %v, want ErrEmptyQuestion", err)
	}
}

// An extractive answer is found only when Coverage says the sources cover
// the question.
func TestCoverageAgreesWithAsk(t *testing.T) {
	e := newEngine(t, corpus(t), nil, Options{})
	ctx := context.Background()
	history := []Turn{{Question: "How many troops will France send?"}}
	for _, q := range []Question{
		{Text: troopsQuestion},
		{Text: "What is Türkiye's role?"},
		{Text: "and Germany?", History: history},
		{Text: "What did Viktor Orban say?"},
		{Text: "What is the GDP of Ukraine in 2025?"},
		{Text: "Who won the 2022 World Cup?", K: 3},
	} {
		cv, err := e.Coverage(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		a, err := e.Ask(ctx, q, nil)
		if err != nil {
			t.Fatal(err)
		}
		covered := cv.Hits > 0 && len(cv.Missing) == 0 && cv.Share >= DefaultMinCoverage
		if a.Found && !covered {
			t.Errorf("%q: answered although Coverage %+v refuses it", q.Text, cv)
		}
		if !covered && a.Text != notFoundText(english) {
			t.Errorf("%q: Coverage %+v refuses it but the answer is %q", q.Text, cv, a.Text)
		}
	}
}

// With a model, Coverage runs on the English question, as Ask does.
func TestCoverageTranslatesWithAModel(t *testing.T) {
	s := llmtest.New(t)
	s.Reply = func(req openai.ChatCompletionRequest) string {
		if kindOf(req) != reqExpand {
			t.Errorf("unexpected %s request", kindOf(req))
		}
		return expandReply(troopsQuestion)
	}
	e := newEngine(t, corpus(t), newChat(s), Options{})
	got, err := e.Coverage(context.Background(), Question{Text: "Combien de soldats la force multinationale pourrait-elle compter ?"})
	if err != nil {
		t.Fatal(err)
	}
	requests := len(s.ChatRequests())
	// The English question, to which the model replies alike.
	want, err := e.Coverage(context.Background(), Question{Text: troopsQuestion})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) || want.Hits == 0 || requests != 1 {
		t.Errorf("coverage = %+v after %d requests, want that of the translation %+v after one", got, requests, want)
	}
}
