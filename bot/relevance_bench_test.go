package bot

import (
	"context"
	"testing"

	"github.com/summitbot/summitbot/data"
	"github.com/summitbot/summitbot/prompts"
	"github.com/summitbot/summitbot/retrieval"
)

// BenchmarkRelevance measures the not-found check of one question (its
// terms' statistics, the thesaurus's words for them, and the passages'
// coverage) over the ten passages the built-in corpus gives it, with the
// thesaurus cmd/summitbot loads.
func BenchmarkRelevance(b *testing.B) {
	ctx := context.Background()
	idx, err := retrieval.Open(ctx, retrieval.Options{Embedder: retrieval.LocalEmbedder{}, Topic: testTopic, Thesaurus: data.NewThesaurus()})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { idx.Close() })
	if _, err := NewLibrary(idx, nil, data.Articles(), nil).SyncBuiltin(ctx); err != nil {
		b.Fatal(err)
	}
	words, err := commonWords()
	if err != nil {
		b.Fatal(err)
	}
	p, err := prompts.New()
	if err != nil {
		b.Fatal(err)
	}
	e := NewEngine(idx, nil, p, nil, Options{CommonWords: words})
	const q = "What has Rome decided about sending its own soldiers?"
	hits, err := idx.Search(ctx, q, retrieval.SearchOptions{K: extractiveK})
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := e.relevance(ctx, q, english, hits); err != nil {
			b.Fatal(err)
		}
	}
}
