package bench

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/summitbot/summitbot/data"
	"github.com/summitbot/summitbot/retrieval"
)

// thesaurusDim is the vector size of the thesaurus benchmark's index, one no
// other benchmark uses, so that it has a directory of its own to open twice.
const thesaurusDim = 128

// BenchmarkQueryThesaurus measures what the thesaurus adds to a search: the
// same persisted index opened without and with it, searched in BM25 and
// hybrid mode with the synthetic questions (whose dictionary words the
// thesaurus relates to others that the synthetic corpus holds):
//
//	go test -run '^$' -bench '^BenchmarkQueryThesaurus$' -benchtime 2s ./retrieval/bench/   # ~1 min
//
// Loading the table, once per process, is timed on its own (Load).
func BenchmarkQueryThesaurus(b *testing.B) {
	th := data.NewThesaurus()
	start := time.Now()
	if err := th.Load(); err != nil {
		b.Fatal(err)
	}
	addSummary(fmt.Sprintf("Thesaurus: table loaded in %v", time.Since(start).Round(time.Millisecond)))
	ctx := context.Background()
	qs := queries(numQueries)
	for _, n := range []int{1000, 10000} {
		dir := persistedDir(b, n, thesaurusDim)
		res := map[string]time.Duration{}
		for _, with := range []bool{false, true} {
			opts := retrieval.Options{Dir: dir, Embedder: newFakeEmbedder(thesaurusDim, qs), Chunker: chunker, Topic: benchTopic}
			if with {
				opts.Thesaurus = th
			}
			ix, err := retrieval.Open(ctx, opts)
			if err != nil {
				b.Fatal(err)
			}
			for _, mode := range []retrieval.Mode{retrieval.Lexical, retrieval.Hybrid} {
				name := fmt.Sprintf("n=%d/%s/thesaurus=%v", n, mode, with)
				b.Run(name, func(b *testing.B) {
					i := 0
					start := time.Now()
					for b.Loop() {
						hits, err := ix.Search(ctx, qs[i%numQueries], retrieval.SearchOptions{K: retrieval.DefaultK, Mode: mode})
						if err != nil {
							b.Fatal(err)
						}
						if len(hits) == 0 {
							b.Fatalf("%s search for %q found nothing", mode, qs[i%numQueries])
						}
						i++
					}
					res[name] = time.Since(start) / time.Duration(i)
				})
			}
			if err := ix.Close(); err != nil {
				b.Fatal(err)
			}
		}
		for _, mode := range []retrieval.Mode{retrieval.Lexical, retrieval.Hybrid} {
			off, on := res[fmt.Sprintf("n=%d/%s/thesaurus=false", n, mode)], res[fmt.Sprintf("n=%d/%s/thesaurus=true", n, mode)]
			if off > 0 && on > 0 {
				addSummary(fmt.Sprintf("Thesaurus n=%d %s: %v without, %v with (%.2fx)", n, mode, off, on, float64(on)/float64(off)))
			}
		}
	}
}
