package retrieval

import (
	"context"
	"errors"
	"log/slog"
	"maps"
	"slices"
	"testing"
)

// TestStoreUndo applies a change that adds one source's chunks and deletes
// another's to each store, then undoes it: the store is as it was.
func TestStoreUndo(t *testing.T) {
	ctx := context.Background()
	ix := openIndex(t, Options{Topic: "security guarantees for Ukraine"})
	arts := builtinArticles(t)
	kept := addAll(t, ix, arts[:2])
	gone, err := ix.Chunks(ctx, kept[1].ID)
	if err != nil {
		t.Fatal(err)
	}
	added := ix.chunker.Split("new-source", arts[2].doc.Text)
	texts := make([]string, len(added))
	for i, c := range added {
		texts[i] = c.Text
	}
	vecs, err := ix.embed(ctx, texts)
	if err != nil {
		t.Fatal(err)
	}
	ch := change{add: added, vecs: vecs, del: gone, gen: ix.man.Generation + 1}

	type state struct {
		chunks int
		ids    []string
		topics []string // sources the topic weights know
		tokens uint64
		gen    uint64
	}
	tests := []struct {
		name  string
		store store
		state func() state
	}{
		{"dense", ix.dense, func() state {
			var ids []string
			for _, c := range append(slices.Clone(gone), added...) {
				if _, err := ix.dense.chunk(ctx, c.ID); err == nil {
					ids = append(ids, c.ID)
				}
			}
			ix.topic.mu.Lock()
			defer ix.topic.mu.Unlock()
			topics := slices.Sorted(maps.Keys(ix.topic.centroids))
			return state{chunks: ix.dense.count(), ids: ids, topics: topics}
		}},
		{"lexical", ix.lex, func() state {
			n, err := ix.lex.count()
			if err != nil {
				t.Fatal(err)
			}
			return state{chunks: int(n), tokens: ix.lex.tokens.Load(), gen: ix.lex.gen}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := tt.state()
			undo, err := tt.store.apply(ctx, ch)
			if err != nil {
				t.Fatal(err)
			}
			if got := tt.state(); got.chunks != want.chunks-len(gone)+len(added) {
				t.Errorf("after apply: %d chunks, want %d", got.chunks, want.chunks-len(gone)+len(added))
			}
			if err := undo(); err != nil {
				t.Fatal(err)
			}
			if got := tt.state(); got.chunks != want.chunks || !slices.Equal(got.ids, want.ids) || !slices.Equal(got.topics, want.topics) || got.tokens != want.tokens || got.gen != want.gen {
				t.Errorf("after undo: %+v, want %+v", got, want)
			}
		})
	}
	assertConsistent(t, ix)
}

func TestUndoStackRunsNewestFirst(t *testing.T) {
	var got []int
	var u undoStack
	for i := range 3 {
		u.push(func() error {
			got = append(got, i)
			if i == 1 {
				return errors.New("undo failed")
			}
			return nil
		})
	}
	u.run(slog.New(slog.DiscardHandler))
	if want := []int{2, 1, 0}; !slices.Equal(got, want) {
		t.Errorf("undo order %v, want %v", got, want)
	}
}
