package feedback

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"
)

// benchAnswers is the store size the benchmarks run at: the default cap.
const benchAnswers = DefaultMaxAnswers

// benchStore returns a file store holding benchAnswers answers with three
// voters each, and their IDs. Its flusher never ticks.
func benchStore(b *testing.B) (*Store, []string) {
	b.Helper()
	s, err := Open(filepath.Join(b.TempDir(), "feedback.json"), WithFlushInterval(time.Hour))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	ids := make([]string, benchAnswers)
	for i := range ids {
		ids[i] = fmt.Sprintf("%012x", i)
		for u := range 3 {
			if _, _, err := s.Record(ids[i], fmt.Sprint(100000000000000000+u+i%50), Up); err != nil {
				b.Fatal(err)
			}
		}
	}
	if err := s.Flush(b.Context()); err != nil {
		b.Fatal(err)
	}
	return s, ids
}

// BenchmarkRecord measures one click that changes a vote, in a store of
// benchAnswers answers. (Before batching, every click rewrote and synced the
// whole file: about 60 ms at this size.)
func BenchmarkRecord(b *testing.B) {
	s, ids := benchStore(b)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		vote := Up
		if (i/len(ids))%2 == 0 {
			vote = Down // each pass over the answers moves the vote back
		}
		if changed, _, err := s.Record(ids[i%len(ids)], "100000000000000000", vote); err != nil || !changed {
			b.Fatalf("Record = %v, %v", changed, err)
		}
		i++
	}
}

// BenchmarkFlush measures one save of a store of benchAnswers answers: encode,
// write, fsync and rename (at most once per flush interval).
func BenchmarkFlush(b *testing.B) {
	s, ids := benchStore(b)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		vote := Down
		if i%2 == 1 {
			vote = Up
		}
		if _, _, err := s.Record(ids[0], "u-bench", vote); err != nil {
			b.Fatal(err)
		}
		if err := s.Flush(b.Context()); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkEncode measures encoding a store of benchAnswers answers, the part
// of a flush during which Records wait.
func BenchmarkEncode(b *testing.B) {
	s, _ := benchStore(b)
	b.ReportAllocs()
	var buf []byte
	for b.Loop() {
		s.mu.Lock()
		buf = s.appendFileLocked(buf[:0])
		s.mu.Unlock()
	}
	b.ReportMetric(float64(len(buf)), "file-bytes")
}
