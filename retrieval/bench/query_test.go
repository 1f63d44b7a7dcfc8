package bench

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strings"
	"testing"
	"time"

	"github.com/summitbot/summitbot/retrieval"
)

// BenchmarkQuery compares, at 1k, 10k and 100k chunks and 256 and 1536
// dimensions:
//
//	chromem  chromem-go's Collection.QueryEmbedding on a bare collection with
//	         the same vectors, asking for as many results as Search takes as
//	         dense candidates (min(max(5*8, 40), n) = 40)
//	dense    summitbot's ix.Search(K=5, Mode=Dense)
//	bm25     summitbot's ix.Search(K=5, Mode=Lexical)
//	hybrid   summitbot's ix.Search(K=5, Mode=Hybrid): dense + BM25 + RRF
//
// The index is a persisted one, opened as summitbot serve opens it: vectors in
// memory, the BM25 index in bleve's scorch files (in the page cache), and the
// default topic, by which each search weighs the sources. The embedder hands
// out precomputed query vectors, so no side pays for embedding: Search's
// embedding call is a map lookup, and chromem gets the same vector directly.
// The queries cycle through numQueries synthetic questions.
func BenchmarkQuery(b *testing.B) {
	for _, n := range []int{1000, 10000, 100000} {
		for _, dim := range []int{256, 1536} {
			b.Run(fmt.Sprintf("n=%d/dim=%d", n, dim), func(b *testing.B) {
				runQueries(b, "Query", openPersisted(b, n, dim))
			})
		}
	}
}

// runQueries runs the chromem, dense, bm25 and hybrid variants on bt.
func runQueries(b *testing.B, label string, bt *built) {
	ctx := context.Background()
	n, dim := bt.n, bt.dim
	cand := candidates(retrieval.DefaultK, n)
	scanned := float64(n) * float64(dim) * 4 // bytes of vectors per query
	res := map[string]time.Duration{}
	timed := func(name string, f func(i int) error) {
		b.Run(name, func(b *testing.B) {
			runtime.GC() // start every variant with the build's garbage collected
			defer profile(b)()
			i := 0
			start := time.Now()
			for b.Loop() {
				if err := f(i); err != nil {
					b.Fatal(err)
				}
				i++
			}
			per := time.Since(start) / time.Duration(i)
			res[name] = per
			if name != "bm25" {
				b.ReportMetric(scanned/float64(per.Nanoseconds()), "scan-GB/s")
			}
		})
	}
	timed("chromem", func(i int) error {
		r, err := bt.base.QueryEmbedding(ctx, bt.qvecs[i%numQueries], cand, nil, nil)
		if err == nil && len(r) != cand {
			err = fmt.Errorf("chromem returned %d results, want %d", len(r), cand)
		}
		return err
	})
	search := func(mode retrieval.Mode) func(i int) error {
		return func(i int) error {
			hits, err := bt.ix.Search(ctx, bt.qs[i%numQueries], retrieval.SearchOptions{K: retrieval.DefaultK, Mode: mode})
			if err == nil && len(hits) == 0 {
				err = fmt.Errorf("%s search for %q found nothing", mode, bt.qs[i%numQueries])
			}
			return err
		}
	}
	timed("dense", search(retrieval.Dense))
	timed("bm25", search(retrieval.Lexical))
	timed("hybrid", search(retrieval.Hybrid))
	// paired alternates one chromem query and one hybrid search per
	// iteration and times each, so that load from other processes, which
	// drifts over seconds, hits both sides alike; its ratio is the one to quote.
	var pc, ph time.Duration
	b.Run("paired", func(b *testing.B) {
		runtime.GC()
		hybrid := search(retrieval.Hybrid)
		var sc, sh time.Duration
		i := 0
		for b.Loop() {
			t0 := time.Now()
			if _, err := bt.base.QueryEmbedding(ctx, bt.qvecs[i%numQueries], cand, nil, nil); err != nil {
				b.Fatal(err)
			}
			t1 := time.Now()
			if err := hybrid(i); err != nil {
				b.Fatal(err)
			}
			sc += t1.Sub(t0)
			sh += time.Since(t1)
			i++
		}
		pc, ph = sc/time.Duration(i), sh/time.Duration(i)
		b.ReportMetric(float64(pc.Nanoseconds())/1e6, "chromem-ms")
		b.ReportMetric(float64(ph.Nanoseconds())/1e6, "hybrid-ms")
		b.ReportMetric(float64(ph)/float64(pc), "hybrid/chromem")
	})
	if c, h := res["chromem"], res["hybrid"]; c > 0 && h > 0 {
		line := fmt.Sprintf("%s n=%d dim=%d: chromem %v, dense %v, bm25 %v, hybrid %v (%.2fx); paired: chromem %v, hybrid %v, hybrid/chromem = %.2fx",
			label, n, dim, c.Round(time.Microsecond), res["dense"].Round(time.Microsecond), res["bm25"].Round(time.Microsecond), h.Round(time.Microsecond), float64(h)/float64(c),
			pc.Round(time.Microsecond), ph.Round(time.Microsecond), float64(ph)/float64(pc))
		b.Log(line)
		addSummary(line)
	}
}

// profile writes a CPU profile of the calling benchmark to
// $BENCH_PROFILE_DIR/<benchmark name>.prof when that variable is set; unlike
// -cpuprofile it leaves out the (long) index builds. Call the result to stop.
func profile(b *testing.B) func() {
	dir := os.Getenv("BENCH_PROFILE_DIR")
	if dir == "" {
		return func() {}
	}
	name := strings.NewReplacer("/", "_", "=", "").Replace(b.Name())
	f, err := os.Create(filepath.Join(dir, name+".prof"))
	if err != nil {
		b.Fatal(err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		b.Fatal(err)
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}
}
