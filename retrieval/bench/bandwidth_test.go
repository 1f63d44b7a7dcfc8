package bench

import (
	"fmt"
	"runtime"
	"sync"
	"testing"
	"unsafe"
)

// bwBytes is the size of the array the bandwidth benchmark reads: about the
// vectors of 100k chunks at 1536 dimensions (100k × 1536 × 4 B = 614 MB).
const bwBytes = 100_000 * 1536 * 4

var (
	bwOnce sync.Once
	bwData []float32
)

func bwArray() []float32 {
	bwOnce.Do(func() {
		bwData = make([]float32, bwBytes/4)
		for i := range bwData {
			bwData[i] = float32(i&1023) * 0.001
		}
	})
	return bwData
}

// sum8 sums v with eight independent accumulators, so the loop is limited by
// loads rather than by the latency of a chain of float additions.
func sum8(v []float32) float32 {
	var s0, s1, s2, s3, s4, s5, s6, s7 float32
	i := 0
	for ; i+8 <= len(v); i += 8 {
		w := v[i : i+8 : i+8]
		s0 += w[0]
		s1 += w[1]
		s2 += w[2]
		s3 += w[3]
		s4 += w[4]
		s5 += w[5]
		s6 += w[6]
		s7 += w[7]
	}
	for ; i < len(v); i++ {
		s0 += v[i]
	}
	return s0 + s1 + s2 + s3 + s4 + s5 + s6 + s7
}

// dotChained is chromem-go's dotProduct loop: one accumulator, so every
// multiply-add waits for the previous addition.
func dotChained(a, b []float32) float32 {
	var d float32
	for i := range a {
		d += a[i] * b[i]
	}
	return d
}

// sumWords adds v's bytes as 64-bit words, four accumulators: two floats per
// load and integer adds, so it needs fewer instructions per byte than sum8.
func sumWords(v []float32) float32 {
	w := unsafe.Slice((*uint64)(unsafe.Pointer(unsafe.SliceData(v))), len(v)/2)
	var s0, s1, s2, s3 uint64
	i := 0
	for ; i+4 <= len(w); i += 4 {
		x := w[i : i+4 : i+4]
		s0 += x[0]
		s1 += x[1]
		s2 += x[2]
		s3 += x[3]
	}
	return float32((s0 + s1 + s2 + s3) & 1)
}

var bwSink float32

// BenchmarkBandwidth estimates the memory bandwidth a brute-force scan can
// reach on this machine by reading a 614 MB []float32 (the size of 100k
// vectors of 1536 dimensions), and shows how fast chromem-go's form of the
// dot product goes over the same bytes:
//
//	sum/goroutines=G           eight-accumulator float sum split over G goroutines
//	words/goroutines=G         the same bytes summed as uint64 words (fewer
//	                           instructions per byte: closer to pure bandwidth)
//	dot-chained/goroutines=G   chromem-go's one-accumulator dot product of a
//	                           1536-float query with every row
//
// The MB/s column (b.SetBytes) and the GB/s metric are bytes read per second.
func BenchmarkBandwidth(b *testing.B) {
	data := bwArray()
	query := make([]float32, 1536)
	for i := range query {
		query[i] = 1.0 / 1536
	}
	run := func(b *testing.B, g int, work func(part []float32) float32) {
		b.SetBytes(bwBytes)
		per := len(data) / g / 1536 * 1536
		var wg sync.WaitGroup
		sums := make([]float32, g)
		for b.Loop() {
			for w := range g {
				lo, hi := w*per, (w+1)*per
				if w == g-1 {
					hi = len(data)
				}
				wg.Go(func() { sums[w] = work(data[lo:hi]) })
			}
			wg.Wait()
		}
		bwSink = sums[0]
		b.ReportMetric(float64(bwBytes)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GB/s")
	}
	gs := []int{1, runtime.NumCPU()}
	if gs[1] == 1 {
		gs = gs[:1]
	}
	for _, g := range gs {
		b.Run(fmt.Sprintf("sum/goroutines=%d", g), func(b *testing.B) {
			run(b, g, sum8)
		})
	}
	for _, g := range gs {
		b.Run(fmt.Sprintf("words/goroutines=%d", g), func(b *testing.B) {
			run(b, g, sumWords)
		})
	}
	for _, g := range gs {
		b.Run(fmt.Sprintf("dot-chained/goroutines=%d", g), func(b *testing.B) {
			run(b, g, func(part []float32) float32 {
				var best float32
				for off := 0; off+1536 <= len(part); off += 1536 {
					if d := dotChained(query, part[off:off+1536]); d > best {
						best = d
					}
				}
				return best
			})
		})
	}
}
