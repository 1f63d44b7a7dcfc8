package bench

// Running the benchmarks (2 cores, 24 GiB). Go test matches -bench against
// names with their Benchmark prefix, level by level, hence the anchors. Each
// persisted index is built once per process (the 100k-chunk ones take about a
// minute each, mostly generating the corpus and filling bleve), and is shared
// by the benchmarks of that process:
//
//	go test -run '^$' -bench '^BenchmarkQuery$' -benchmem -benchtime 3s -timeout 90m ./retrieval/bench/   # ~5 min
//	go test -run '^$' -bench '^BenchmarkQuery$/^n=(1000|10000)$/' -benchmem -benchtime 3s ./retrieval/bench/ # ~1 min
//	go test -run '^$' -bench '^BenchmarkIngest$' -benchmem -benchtime 3x ./retrieval/bench/                  # ~1 min
//	go test -run '^$' -bench '^BenchmarkRestart$' -benchmem -benchtime 3x -timeout 90m ./retrieval/bench/ # ~3 min
//	go test -run '^$' -bench '^BenchmarkMemory$' -benchtime 1x -timeout 60m ./retrieval/bench/            # ~2 min
//	go test -run '^$' -bench '^BenchmarkBandwidth$' -benchtime 20x ./retrieval/bench/                      # ~10 s
//	go test -run '^$' -bench '^BenchmarkScope$' -benchtime 200x -timeout 60m ./retrieval/bench/            # ~1.5 min
//
// A summary (ratios) is printed after the benchmarks. BENCH_PROFILE_DIR=dir
// writes a CPU profile per query variant, leaving the index builds out.
// Persisted indexes live in $TMPDIR/summitbot-bench-* and are removed when
// the test binary exits normally (100k×1536 is about 700 MB).
//
// The quick tests (go test ./retrieval/bench/) only check the generators and
// the harness on small sizes; they make no timing assertions.

import (
	"context"
	"fmt"
	"math"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/summitbot/summitbot/retrieval"
)

var (
	summaryMu sync.Mutex
	summary   []string
	cleanups  []func()
)

// addSummary records a line printed after all benchmarks have run.
func addSummary(line string) {
	summaryMu.Lock()
	defer summaryMu.Unlock()
	summary = append(summary, line)
}

// atExit registers cleanup for state shared between benchmarks (temporary
// index directories), run after all of them.
func atExit(f func()) {
	summaryMu.Lock()
	defer summaryMu.Unlock()
	cleanups = append(cleanups, f)
}

func TestMain(m *testing.M) {
	code := m.Run()
	summaryMu.Lock()
	if len(summary) > 0 {
		fmt.Println("\nsummary:")
		for _, l := range summary {
			fmt.Println("  " + l)
		}
	}
	for _, f := range cleanups {
		f()
	}
	summaryMu.Unlock()
	os.Exit(code)
}

func TestCorpusIsExactAndDeterministic(t *testing.T) {
	for _, n := range []int{1, 37, 1000} {
		c := makeCorpus(n)
		got := 0
		for _, d := range c.docs {
			got += len(chunker.Split("x", d.Text))
		}
		if got != n || c.chunks != n {
			t.Errorf("corpus(%d): %d chunks (recorded %d)", n, got, c.chunks)
		}
	}
	a := makeCorpus(1000)
	corpusMu.Lock()
	clear(corpusCache)
	corpusMu.Unlock()
	b := makeCorpus(1000)
	if a == b || len(a.docs) != len(b.docs) || a.docs[3].Text != b.docs[3].Text {
		t.Error("corpus is not deterministic")
	}
	words, chars := 0, 0
	for _, d := range a.docs {
		for _, ch := range chunker.Split("x", d.Text) {
			words += len(strings.Fields(ch.Text))
			chars += len(ch.Text)
		}
	}
	t.Logf("1k-chunk corpus: %d articles; chunks average %d words, %d bytes", len(a.docs), words/a.chunks, chars/a.chunks)
}

func TestHarnessSearchesBothWays(t *testing.T) {
	bt := openPersisted(t, 1000, 64)
	ctx := context.Background()
	for i, q := range bt.qs[:8] {
		for _, mode := range []retrieval.Mode{retrieval.Hybrid, retrieval.Dense, retrieval.Lexical} {
			hits, err := bt.ix.Search(ctx, q, retrieval.SearchOptions{K: 5, Mode: mode})
			if err != nil || len(hits) != 5 {
				t.Fatalf("%s %q: %d hits, %v", mode, q, len(hits), err)
			}
		}
		res, err := bt.base.QueryEmbedding(ctx, bt.qvecs[i], candidates(5, 1000), nil, nil)
		if err != nil || len(res) != candidates(5, 1000) {
			t.Fatalf("chromem: %d results, %v", len(res), err)
		}
		// Both sides hold the same vectors: every dense hit of summitbot's
		// (reordered by the topic weights) is among chromem-go's candidates,
		// with the same cosine.
		sims := map[string]float32{}
		for _, r := range res {
			sims[r.ID] = r.Similarity
		}
		hits, _ := bt.ix.Search(ctx, q, retrieval.SearchOptions{K: 5, Mode: retrieval.Dense, PerSource: -1})
		for _, h := range hits {
			if sim, ok := sims[h.Chunk.ID]; !ok || math.Abs(float64(sim)-h.Dense) > 1e-6 {
				t.Errorf("%q: summitbot's dense hit %s has cosine %v, chromem-go's %v (among its candidates: %v)", q, h.Chunk.ID, h.Dense, sim, ok)
			}
		}
	}
	if calls := bt.emb.calls.Load(); calls == 0 {
		t.Error("the embedder was never called")
	}
}
