package bot

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/summitbot/summitbot/retrieval"
)

// BenchmarkSummaryOfMany summarises everything, offline, over the built-in
// articles and 100 or 300 more made from them (each a shuffled selection of
// one article's paragraphs with a line of its own): about 550 or 1,650
// passages, where a summary compares thousands of sentences with each other.
func BenchmarkSummaryOfMany(b *testing.B) {
	for _, editions := range []int{20, 60} {
		b.Run(fmt.Sprintf("sources=%d", 5+5*editions), func(b *testing.B) {
			benchmarkSummaryOf(b, editions)
		})
	}
}

// benchmarkSummaryOf summarises everything over the built-in articles and
// editions made of each.
func benchmarkSummaryOf(b *testing.B, editions int) {
	ctx := context.Background()
	idx := thesaurusCorpus(b)
	rng := rand.New(rand.NewPCG(1, 2))
	var docs []retrieval.Document
	for _, src := range idx.Sources() {
		text, err := idx.Text(ctx, src.ID)
		if err != nil {
			b.Fatal(err)
		}
		paras := strings.Split(text, "\n\n")
		for i := range editions {
			ps := append([]string(nil), paras...)
			rng.Shuffle(len(ps), func(a, c int) { ps[a], ps[c] = ps[c], ps[a] })
			ps = ps[:max(4, len(ps)*4/5)]
			ps = append(ps, fmt.Sprintf("This is edition %d of the report on %s.", i, src.ID))
			docs = append(docs, retrieval.Document{ID: fmt.Sprintf("%s-%d", src.ID, i), Title: fmt.Sprintf("%s, edition %d", src.Title, i), Text: strings.Join(ps, "\n\n")})
		}
	}
	for _, r := range idx.AddAll(ctx, docs, false, nil) {
		if r.Err != nil {
			b.Fatal(r.Err)
		}
	}
	e := newEngine(b, idx, nil, Options{})
	b.ResetTimer()
	for range b.N {
		a, err := e.Summarize(ctx, SummaryRequest{}, nil)
		if err != nil || !a.Found {
			b.Fatalf("summary: found %v, %v", a.Found, err)
		}
	}
}
