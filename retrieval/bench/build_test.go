package bench

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	chromem "github.com/philippgille/chromem-go"

	"github.com/summitbot/summitbot/retrieval"
)

// numQueries is how many distinct synthetic questions the query benchmarks cycle through.
const numQueries = 64

// benchTopic is summitbot's default TOPIC: searches weigh sources by it.
const benchTopic = "the January 2026 Paris summit on security guarantees for Ukraine"

// built is an open summitbot index and a bare chromem-go collection holding
// the same chunks with the very same vectors.
type built struct {
	n, dim int
	ix     *retrieval.Index
	base   *chromem.Collection
	emb    *fakeEmbedder
	qs     []string
	qvecs  [][]float32
}

// candidates is the number of candidates Search takes from each ranking
// (search.go: n := min(max(k*8, minCandidates), total), minCandidates 80).
func candidates(k, total int) int { return min(max(k*8, 80), total) }

// headerOf is summitbot's embedding header for a source (embed.go header()).
func headerOf(s retrieval.Source) string {
	parts := []string{s.Title}
	if s.Outlet != "" {
		parts = append(parts, s.Outlet)
	}
	if s.Published != "" {
		parts = append(parts, s.Published)
	}
	return strings.Join(parts, " — ")
}

var (
	dirMu    sync.Mutex
	dirCache = map[[2]int]string{}
)

// persistedDir returns (building once per process) an index directory holding
// makeCorpus(n) embedded at dim dimensions, loaded as "summitbot sources add"
// loads many articles (one AddAll); the index is closed. The directory is
// removed when the test binary exits.
func persistedDir(tb testing.TB, n, dim int) string {
	tb.Helper()
	dirMu.Lock()
	defer dirMu.Unlock()
	key := [2]int{n, dim}
	if d, ok := dirCache[key]; ok {
		return d
	}
	root, err := os.MkdirTemp("", "summitbot-bench-")
	if err != nil {
		tb.Fatal(err)
	}
	atExit(func() { os.RemoveAll(root) })
	dir := filepath.Join(root, "index")
	start := time.Now()
	ctx := context.Background()
	ix, err := retrieval.Open(ctx, retrieval.Options{Dir: dir, Embedder: newFakeEmbedder(dim, nil), Chunker: chunker})
	if err != nil {
		tb.Fatal(err)
	}
	c := makeCorpus(n)
	for i, r := range ix.AddAll(ctx, c.docs, false, nil) {
		if r.Err != nil {
			tb.Fatalf("add %q: %v", c.docs[i].Title, r.Err)
		}
	}
	if ix.Len() != n {
		tb.Fatalf("built %d chunks, want %d", ix.Len(), n)
	}
	if err := ix.Close(); err != nil {
		tb.Fatal(err)
	}
	tb.Logf("built persisted n=%d dim=%d (%d sources) in %v", n, dim, len(c.docs), time.Since(start).Round(time.Millisecond))
	dirCache[key] = dir
	return dir
}

var (
	openMu    sync.Mutex
	openCache = map[[2]int]*built{}
)

// openPersisted opens (once per process) the persisted index of n chunks at
// dim dimensions, as summitbot serve does, and builds a bare chromem-go
// collection with the same vectors (regenerated from the chunk texts, which is
// what the fake embedder did when the index was built). It is closed when the
// test binary exits.
func openPersisted(tb testing.TB, n, dim int) *built {
	tb.Helper()
	dir := persistedDir(tb, n, dim)
	openMu.Lock()
	defer openMu.Unlock()
	key := [2]int{n, dim}
	if bt, ok := openCache[key]; ok {
		return bt
	}
	ctx := context.Background()
	qs := queries(numQueries)
	emb := newFakeEmbedder(dim, qs)
	ix, err := retrieval.Open(ctx, retrieval.Options{Dir: dir, Embedder: emb, Chunker: chunker, Topic: benchTopic})
	if err != nil {
		tb.Fatal(err)
	}
	atExit(func() { ix.Close() })
	if calls := emb.calls.Load(); calls != 0 {
		tb.Fatalf("opening the persisted index made %d embedding calls (%d texts)", calls, emb.texts.Load())
	}
	base, err := chromem.NewDB().CreateCollection("base", nil, func(context.Context, string) ([]float32, error) {
		return nil, fmt.Errorf("bench: the baseline is queried by embedding")
	})
	if err != nil {
		tb.Fatal(err)
	}
	var pending []chromem.Document
	flush := func() {
		if len(pending) == 0 {
			return
		}
		if err := base.AddDocuments(ctx, pending, runtime.NumCPU()); err != nil {
			tb.Fatal(err)
		}
		pending = pending[:0]
	}
	for _, src := range ix.Sources() {
		chunks, err := ix.Chunks(ctx, src.ID)
		if err != nil {
			tb.Fatal(err)
		}
		for _, ch := range chunks {
			pending = append(pending, chromem.Document{
				ID:        ch.ID,
				Metadata:  map[string]string{"source_id": ch.SourceID, "position": strconv.Itoa(ch.Position), "start": strconv.Itoa(ch.Start), "end": strconv.Itoa(ch.End)},
				Embedding: randomUnit(headerOf(src)+"\n"+ch.Text, dim),
				Content:   ch.Text,
			})
		}
		if len(pending) >= 2048 {
			flush()
		}
	}
	flush()
	if base.Count() != n {
		tb.Fatalf("baseline holds %d chunks, want %d", base.Count(), n)
	}
	bt := &built{n: n, dim: dim, ix: ix, base: base, emb: emb, qs: qs}
	for _, q := range qs {
		bt.qvecs = append(bt.qvecs, emb.queries[q])
	}
	openCache[key] = bt
	return bt
}
