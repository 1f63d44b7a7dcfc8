package retrieval

import (
	"context"
	"sync"
	"testing"
	"time"
)

// slowEmbedder delays every call, like a remote model.
type slowEmbedder struct {
	Embedder
	delay time.Duration
}

func (s slowEmbedder) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	select {
	case <-time.After(s.delay):
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	return s.Embedder.Embed(ctx, texts)
}

// TestConcurrentSearchAddRemove searches while sources are added and removed:
// every search must succeed and return only committed sources' chunks.
func TestConcurrentSearchAddRemove(t *testing.T) {
	storages(t, func(t *testing.T, dir string) {
		// A slow embedder widens the window in which a search has counted the
		// chunks but not yet queried them. The topic makes searches weigh
		// the sources of the moment.
		ix := openIndex(t, Options{Dir: dir, Embedder: slowEmbedder{LocalEmbedder{Dim: 64}, 2 * time.Millisecond}, Topic: "security guarantees for Ukraine"})
		arts := allArticles(t)
		// A small index: Search asks chromem-go for every chunk it holds, so a
		// removal between counting and querying would make it fail.
		stable, churn := arts[:2], arts[len(arts)-3:]
		addAll(t, ix, stable)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		var wg sync.WaitGroup
		wg.Go(func() {
			defer cancel()
			for range 6 {
				for _, a := range churn {
					if _, err := ix.Add(context.Background(), a.doc, false, nil); err != nil {
						t.Errorf("Add(%s): %v", a.doc.ID, err)
						return
					}
				}
				for _, a := range churn {
					if _, err := ix.Remove(context.Background(), a.doc.ID); err != nil {
						t.Errorf("Remove(%s): %v", a.doc.ID, err)
						return
					}
				}
			}
		})
		for range 4 {
			wg.Go(func() {
				for i := 0; ctx.Err() == nil; i++ {
					mode := []Mode{Hybrid, Dense, Lexical}[i%3]
					hits, err := ix.Search(context.Background(), "peacekeepers and security guarantees for the ceasefire", SearchOptions{K: 8, Mode: mode})
					if err != nil {
						t.Errorf("%s search during Add/Remove: %v", mode, err)
						return
					}
					for _, h := range hits {
						if h.Source.ID == "" || h.Chunk.Text == "" {
							t.Errorf("hit without source or text: %+v", h)
						}
					}
				}
			})
		}
		wg.Wait()
		assertConsistent(t, ix)
	})
}
