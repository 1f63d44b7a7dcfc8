package bot

import (
	"context"
	"slices"
	"testing"

	"github.com/summitbot/summitbot/bot/llmtest"
	"github.com/summitbot/summitbot/retrieval"
)

// TestPassagesReordered: without a model, a passage whose sentence says
// what is asked (who will lead) rises above one that shares more of the
// question's words but names no one, which the search ranks higher; the
// ranks are renumbered and the scores are the reordering's, best first.
func TestPassagesReordered(t *testing.T) {
	ctx := context.Background()
	idx := newIndex(t)
	for _, d := range []retrieval.Document{
		{ID: "words", Title: "Coalition talks", Text: "The coalition will lead the talks, and the coalition will lead on security. Members of the coalition said it would lead the force."},
		{ID: "more", Title: "Coalition meets", Text: "The coalition met again, and the force it plans will be led from a headquarters. The coalition said the force would lead to peace."},
		{ID: "answer", Title: "Who leads", Text: "Officials said Emmanuel Macron and Keir Starmer will lead the coalition. The talks at the palace lasted the afternoon."},
		{ID: "weather", Title: "Weather", Text: "Rain is expected over the coast, with strong winds in the afternoon and cooler air by the evening."},
		{ID: "harvest", Title: "Harvest", Text: "Farmers brought in the harvest early this year, and the grain was stored in the new silos by the river."},
	} {
		if _, err := idx.Add(ctx, d, false, nil); err != nil {
			t.Fatal(err)
		}
	}
	const question = "Who will lead the coalition's force?"
	ids := func(hits []retrieval.Hit) []string {
		var out []string
		for _, h := range hits {
			out = append(out, h.Source.ID)
		}
		return out
	}
	searched, err := idx.Search(ctx, question, retrieval.SearchOptions{K: 5, PerSource: -1})
	if err != nil {
		t.Fatal(err)
	}
	before := ids(searched)
	if slices.Index(before, "answer") < 2 {
		t.Fatalf("the search ranks %v: the test needs answer third or lower", before)
	}
	e := newEngine(t, idx, nil, Options{})
	hits, err := e.Passages(ctx, Question{Text: question, K: 5})
	if err != nil {
		t.Fatal(err)
	}
	after := ids(hits)
	if i := slices.Index(after, "answer"); i < 0 || i >= slices.Index(before, "answer") {
		t.Errorf("passages = %v, searched %v: want answer higher", after, before)
	}
	if !sameSet(after, before) {
		t.Errorf("passages = %v, searched %v: want the same passages", after, before)
	}
	for i, h := range hits {
		if h.Rank != i+1 {
			t.Errorf("place %d has rank %d", i+1, h.Rank)
		}
		if i > 0 && h.Score > hits[i-1].Score {
			t.Errorf("place %d scores %v, above place %d's %v", i+1, h.Score, i, hits[i-1].Score)
		}
	}
}

// TestReorderKeepsOrderWithoutSentences: passages none of whose sentences
// shares a word with the question keep the search's order.
func TestReorderKeepsOrderWithoutSentences(t *testing.T) {
	e := newEngine(t, corpus(t), nil, Options{})
	hits := []retrieval.Hit{
		{Rank: 1, Chunk: retrieval.Chunk{ID: "a#0", Text: "Rain is expected over the coast, with strong winds in the afternoon."}, Source: retrieval.Source{ID: "a"}},
		{Rank: 2, Chunk: retrieval.Chunk{ID: "b#0", Text: "Farmers brought in the harvest early this year, and stored the grain."}, Source: retrieval.Source{ID: "b"}},
		{Rank: 3, Chunk: retrieval.Chunk{ID: "c#0", Text: "The choir sang in the old church on Sunday, and the town listened."}, Source: retrieval.Source{ID: "c"}},
	}
	got, err := reorderHits(e, "How many drones did the navy order?", slices.Clone(hits))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(hits) {
		t.Fatalf("reorder returned %d hits, want %d", len(got), len(hits))
	}
	for i, h := range got {
		if h.Chunk.ID != hits[i].Chunk.ID || h.Rank != i+1 {
			t.Errorf("place %d: got %s (rank %d), want %s", i+1, h.Chunk.ID, h.Rank, hits[i].Chunk.ID)
		}
	}
}

// BenchmarkPassages measures an offline retrieval over the built-in corpus
// with the thesaurus: the index's search for extractiveK passages, the
// engine's passages for the question (the search, the reordering, the
// topic's weights and the coverage), and the reordering alone.
//
//	go test ./bot -run '^$' -bench BenchmarkPassages -benchmem -count 3
func BenchmarkPassages(b *testing.B) {
	ctx := context.Background()
	idx := thesaurusCorpus(b)
	e := newEngine(b, idx, nil, Options{})
	const question = "How many countries promised soldiers for the force after a truce?"
	b.Run("search", func(b *testing.B) {
		for b.Loop() {
			if _, err := idx.Search(ctx, question, retrieval.SearchOptions{K: extractiveK}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("passages", func(b *testing.B) {
		for b.Loop() {
			if _, err := e.Passages(ctx, Question{Text: question}); err != nil {
				b.Fatal(err)
			}
		}
	})
	hits, err := idx.Search(ctx, question, retrieval.SearchOptions{K: extractiveK})
	if err != nil {
		b.Fatal(err)
	}
	b.Run("reorder", func(b *testing.B) {
		for b.Loop() {
			if _, err := reorderHits(e, question, slices.Clone(hits)); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// TestPassagesWhenTheModelIsUnreachable: when the model cannot be reached,
// the passages are those the extractive fallback answers from, the offline
// engine's.
func TestPassagesWhenTheModelIsUnreachable(t *testing.T) {
	s := llmtest.New(t)
	c := newChat(s)
	c.BaseURL = "http://" + llmtest.ClosedPort(t) + "/v1"
	ctx := context.Background()
	q := Question{Text: "How many troops could the multinational force include?"}
	got, err := newEngine(t, corpus(t), c, Options{}).Passages(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	want, err := newEngine(t, corpus(t), nil, Options{}).Passages(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	ids := func(hits []retrieval.Hit) []string {
		var out []string
		for _, h := range hits {
			out = append(out, h.Chunk.ID)
		}
		return out
	}
	if len(want) == 0 || !slices.Equal(ids(got), ids(want)) {
		t.Errorf("passages = %v, want the offline engine's %v", ids(got), ids(want))
	}
}

// TestReorderWeighsScores: the reordering fuses scores, not places. A
// passage second in the search by a little, whose best sentence says much
// more of what is asked, goes first (fused by places, the two would tie and
// keep the search's order); one far behind in the search with a sentence
// no better stays behind.
func TestReorderWeighsScores(t *testing.T) {
	e := newEngine(t, corpus(t), nil, Options{})
	hit := func(id, text string, score float64) retrieval.Hit {
		return retrieval.Hit{Score: score, Chunk: retrieval.Chunk{ID: id + "#0", Text: text}, Source: retrieval.Source{ID: id}}
	}
	const question = "Who will lead the coalition's force?"
	tests := []struct {
		name string
		hits []retrieval.Hit
		want []string
	}{
		{"a much better sentence a little behind", []retrieval.Hit{
			hit("vague", "The talks went on into the evening, and the coalition met again.", 1),
			hit("answer", "Emmanuel Macron and Keir Starmer will lead the coalition's force.", 0.9),
		}, []string{"answer#0", "vague#0"}},
		{"the same sentence far behind", []retrieval.Hit{
			hit("first", "Emmanuel Macron and Keir Starmer will lead the coalition's force.", 1),
			hit("second", "Emmanuel Macron and Keir Starmer will lead the coalition's force, officials said.", 0.2),
		}, []string{"first#0", "second#0"}},
	}
	for _, tt := range tests {
		got, err := reorderHits(e, question, slices.Clone(tt.hits))
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, h := range got {
			ids = append(ids, h.Chunk.ID)
		}
		if !slices.Equal(ids, tt.want) {
			t.Errorf("%s: order %v, want %v", tt.name, ids, tt.want)
		}
	}
}

// reorderHits reorders hits for an English question as the offline search
// does: measured for coverage first, without topic weights.
func reorderHits(e *Engine, question string, hits []retrieval.Hit) ([]retrieval.Hit, error) {
	rel, err := e.relevance(context.Background(), question, english, hits)
	if err != nil {
		return nil, err
	}
	return e.reorder(question, english, hits, rel, nil)
}
