package bench

import (
	"context"
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/summitbot/summitbot/retrieval"
)

// BenchmarkRestart opens a persisted index (built once per process, outside
// the timer, by AddAll of makeCorpus(n) with Dir set) and closes it again, at
// 10k and 100k chunks and 256 and 1536 dimensions. It reports the time to
// Open, the heap the open index holds (HeapInuse after Open minus before,
// both after runtime.GC), the peak of the heap during Open, and the embedding
// calls Open makes (the target is none).
func BenchmarkRestart(b *testing.B) {
	for _, n := range []int{10000, 100000} {
		for _, dim := range []int{256, 1536} {
			b.Run(fmt.Sprintf("n=%d/dim=%d", n, dim), func(b *testing.B) {
				dir := persistedDir(b, n, dim)
				ctx := context.Background()
				emb := newFakeEmbedder(dim, nil)
				var heap, peak, ops float64
				var took time.Duration
				var ms runtime.MemStats
				for b.Loop() {
					b.StopTimer()
					runtime.GC()
					runtime.ReadMemStats(&ms)
					before := ms.HeapInuse
					stop := watchPeak()
					b.StartTimer()
					t0 := time.Now()
					ix, err := retrieval.Open(ctx, retrieval.Options{Dir: dir, Embedder: emb, Chunker: chunker})
					took += time.Since(t0)
					b.StopTimer()
					if err != nil {
						b.Fatal(err)
					}
					peak += float64(stop()) - float64(before)
					runtime.GC()
					runtime.ReadMemStats(&ms)
					heap += float64(ms.HeapInuse) - float64(before)
					ops++
					if ix.Len() != n {
						b.Fatalf("reopened index has %d chunks, want %d", ix.Len(), n)
					}
					runtime.KeepAlive(ix)
					ix.Close()
					b.StartTimer()
				}
				calls := float64(emb.calls.Load()) / ops
				raw := float64(n) * float64(dim) * 4
				b.ReportMetric(heap/ops/1e6, "heap-MB")
				b.ReportMetric(heap/ops/raw, "x-raw-vectors")
				b.ReportMetric(peak/ops/1e6, "peak-heap-MB")
				b.ReportMetric(calls, "embed-calls/op")
				line := fmt.Sprintf("Restart n=%d dim=%d: Open %v; heap held %.0f MB (%.2fx the raw vectors, %.0f MB), peak during Open %.0f MB; embedding calls per Open %.1f",
					n, dim, (took / time.Duration(ops)).Round(time.Millisecond), heap/ops/1e6, heap/ops/raw, raw/1e6, peak/ops/1e6, calls)
				b.Log(line)
				addSummary(line)
			})
		}
	}
}

// watchPeak samples the heap in use every 5 ms until the returned
// function is called, which returns the largest value seen.
func watchPeak() func() uint64 {
	done := make(chan struct{})
	result := make(chan uint64)
	go func() {
		var ms runtime.MemStats
		var peak uint64
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		for {
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapInuse)
			select {
			case <-done:
				result <- peak
				return
			case <-tick.C:
			}
		}
	}()
	return func() uint64 {
		close(done)
		return <-result
	}
}
