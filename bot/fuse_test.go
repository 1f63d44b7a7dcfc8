package bot

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"

	openai "github.com/sashabaranov/go-openai"

	"github.com/summitbot/summitbot/bot/llmtest"
	"github.com/summitbot/summitbot/retrieval"
)

func hitsOf(ids ...string) []retrieval.Hit {
	out := make([]retrieval.Hit, len(ids))
	for i, id := range ids {
		out[i] = retrieval.Hit{Rank: i + 1, Chunk: retrieval.Chunk{ID: id}}
	}
	return out
}

func idsOf(hits []retrieval.Hit) []string {
	var out []string
	for _, h := range hits {
		out = append(out, h.Chunk.ID)
	}
	return out
}

func TestFuseRankings(t *testing.T) {
	tests := []struct {
		name  string
		lists [][]retrieval.Hit
		want  []string
	}{
		{"one ranking", [][]retrieval.Hit{hitsOf("a", "b", "c")}, []string{"a", "b", "c"}},
		{"agreement wins", [][]retrieval.Hit{hitsOf("a", "b", "c"), hitsOf("b", "d"), hitsOf("b", "a")}, []string{"b", "a", "c", "d"}},
		// The question's ranking weighs twice a paraphrase's: its second
		// passage ties with one that two paraphrases rank second, and the
		// question's order breaks the tie.
		{"the question weighs more", [][]retrieval.Hit{hitsOf("a", "x"), hitsOf("y", "z"), hitsOf("w", "z")}, []string{"a", "x", "z", "w", "y"}},
		{"a paraphrase finds more", [][]retrieval.Hit{hitsOf("a"), hitsOf("b", "c")}, []string{"a", "b", "c"}},
		{"ties: the question's order, then the best rank, then the id", [][]retrieval.Hit{hitsOf(), hitsOf("q", "p"), hitsOf("p", "q"), hitsOf("m")}, []string{"p", "q", "m"}},
		{"no ranking", nil, []string(nil)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := fuseRankings(tt.lists)
			if ids := idsOf(got); !slices.Equal(ids, tt.want) {
				t.Errorf("fused = %v, want %v", ids, tt.want)
			}
			for i, h := range got {
				if h.Rank != i+1 || (i > 0 && h.Score > got[i-1].Score) {
					t.Errorf("hit %d: rank %d, score %v after %v", i, h.Rank, h.Score, got[max(0, i-1)].Score)
				}
			}
		})
	}
}

// recordingSearcher records the queries searched.
type recordingSearcher struct {
	Searcher
	mu      sync.Mutex
	queries []string
}

func (r *recordingSearcher) Search(ctx context.Context, q string, opts retrieval.SearchOptions) ([]retrieval.Hit, error) {
	r.mu.Lock()
	r.queries = append(r.queries, q)
	r.mu.Unlock()
	return r.Searcher.Search(ctx, q, opts)
}

// The paraphrases are searched with the question and the rankings fused;
// the passages cover, and the model answers, the question as asked.
func TestAskSearchesParaphrases(t *testing.T) {
	idx := corpus(t)
	const q = "How big would the peacekeeping contingent be?"
	paraphrases := []string{"How many troops could the multinational force include?", "What size would the reassurance force be?", "Which countries would send soldiers?"}
	s := llmtest.New(t)
	s.Reply = func(req openai.ChatCompletionRequest) string {
		switch kindOf(req) {
		case reqExpand:
			// Duplicates of the question or of each other, blank and
			// over-long ones, and those beyond the three asked for are dropped.
			return expandReply("a rewrite that is ignored", "", q, "how big would the PEACEKEEPING contingent be", paraphrases[0],
				paraphrases[0]+" ", strings.Repeat("long ", 100), paraphrases[1], paraphrases[2], "A fourth one?")
		case reqAnswer:
			return "NOT_FOUND"
		}
		t.Errorf("unexpected %s request", kindOf(req))
		return ""
	}
	rec := &recordingSearcher{Searcher: idx}
	e := newEngine(t, rec, newChat(s), Options{K: 4})
	a, err := e.Ask(context.Background(), Question{Text: q}, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := append([]string{q}, paraphrases...)
	slices.Sort(want)
	got := slices.Clone(rec.queries)
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("searched %q, want %q", got, want)
	}
	if a.Standalone != q {
		t.Errorf("Standalone = %q, want the question as asked", a.Standalone)
	}
	var lists [][]retrieval.Hit
	for _, query := range append([]string{q}, paraphrases...) {
		hits, err := idx.Search(context.Background(), query, retrieval.SearchOptions{K: 8})
		if err != nil {
			t.Fatal(err)
		}
		lists = append(lists, hits)
	}
	fused := fuseRankings(lists)[:4]
	prompt := userPrompt(requestsOf(s, reqAnswer)[0])
	var sent []string
	for _, p := range passagesIn(prompt) {
		sent = append(sent, p.Text)
	}
	var wantSent []string
	for _, h := range fused {
		wantSent = append(wantSent, h.Chunk.Text)
	}
	if !slices.Equal(sent, wantSent) {
		t.Errorf("passages sent are not the fused top 4:\n got %q\nwant %q", sent, wantSent)
	}
	if askedQuestion(prompt) != q {
		t.Errorf("the model is asked %q, want %q", askedQuestion(prompt), q)
	}
}
