package bot

import (
	"context"
	"testing"

	"github.com/summitbot/summitbot/data"
	"github.com/summitbot/summitbot/retrieval"
)

// BenchmarkRelevance measures the not-found check of one question (its
// terms' statistics, the thesaurus's words for them, and the passages'
// coverage) over the ten passages the built-in corpus gives it, with the
// thesaurus cmd/summitbot loads.
func BenchmarkRelevance(b *testing.B) {
	benchmarkRelevance(b, Options{}, "What has Rome decided about sending its own soldiers?")
}

// BenchmarkRelevanceAcronyms measures the same check for a question naming
// an organisation in full that the passages write as an acronym (NATO),
// with the acronym table cmd/summitbot loads: the path that reads the
// passages' text and capitals (acronymMentioned).
func BenchmarkRelevanceAcronyms(b *testing.B) {
	benchmarkRelevance(b, Options{Acronyms: data.NewAcronyms()}, "What did the head of the North Atlantic Treaty Organization warn about a renewed Russian attack?")
}

// benchmarkRelevance measures the not-found check of question q over the
// passages the built-in corpus gives it, with an engine of opts.
func benchmarkRelevance(b *testing.B, opts Options, q string) {
	ctx := context.Background()
	idx := thesaurusCorpus(b)
	e := newEngine(b, idx, nil, opts)
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
