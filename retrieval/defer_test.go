package retrieval

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// forbiddenEmbedder fails the test if anything is embedded with it.
type forbiddenEmbedder struct {
	t        *testing.T
	identity string
}

func (e forbiddenEmbedder) Embed(_ context.Context, texts []string) ([][]float32, error) {
	e.t.Errorf("embedded %d texts with %s; the index was opened with DeferReembed", len(texts), e.identity)
	return nil, errors.New("forbidden")
}

func (e forbiddenEmbedder) Identity() string { return e.identity }

func TestDeferReembed(t *testing.T) {
	ctx := context.Background()
	arts := builtinArticles(t)
	tests := []struct {
		name  string
		spoil func(t *testing.T, dir string, ids []string) // what changed since the index was built
		embed func(t *testing.T) Embedder
	}{
		{"another model", func(*testing.T, string, []string) {}, func(t *testing.T) Embedder { return forbiddenEmbedder{t, "remote-model"} }},
		{"missing vector file", func(t *testing.T, dir string, ids []string) {
			if err := os.Remove(filepath.Join(dir, chunksDir, ids[0]+vecExt)); err != nil {
				t.Fatal(err)
			}
		}, func(t *testing.T) Embedder { return forbiddenEmbedder{t, LocalEmbedder{}.Identity()} }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "index")
			ix := openIndex(t, Options{Dir: dir, Embedder: LocalEmbedder{}, Topic: "the Paris summit"})
			ids := sourceIDs(addAll(t, ix, arts))
			ix.Close()
			tt.spoil(t, dir, ids)

			ix = openIndex(t, Options{Dir: dir, Embedder: tt.embed(t), Topic: "the Paris summit", DeferReembed: true})
			if !ix.NeedsReembed() {
				t.Fatal("NeedsReembed() = false after a deferred open that embedded nothing")
			}
			if got := sourceIDs(ix.Sources()); !slices.Equal(got, ids) {
				t.Errorf("sources = %v, want %v", got, ids)
			}
			hits, err := ix.Search(ctx, "Zaporizhia 856 attacks", SearchOptions{K: 3, Mode: Lexical})
			if err != nil || len(hits) != 3 {
				t.Errorf("BM25 search: %d hits, %v; want 3", len(hits), err)
			}
			for _, mode := range []Mode{Hybrid, Dense} {
				if _, err := ix.Search(ctx, "troops", SearchOptions{Mode: mode}); !errors.Is(err, ErrNeedsReembed) {
					t.Errorf("%s search: err = %v, want ErrNeedsReembed", mode, err)
				}
			}
			extra := Document{ID: "extra", Title: "Extra", Text: "A new article about the weekly report on ceasefire violations, long enough to be indexed as one passage at least."}
			if _, err := ix.Add(ctx, extra, false, nil); !errors.Is(err, ErrNeedsReembed) {
				t.Errorf("add: err = %v, want ErrNeedsReembed", err)
			}
			var dup *DuplicateError
			if _, err := ix.Add(ctx, arts[1].doc, false, nil); !errors.As(err, &dup) {
				t.Errorf("add of a loaded article: err = %v, want a DuplicateError", err)
			}
			if _, err := ix.Remove(ctx, ids[1]); err != nil {
				t.Fatalf("remove: %v", err)
			}
			ix.Close()

			// The next open without the option re-embeds what was deferred.
			ix = openIndex(t, Options{Dir: dir, Embedder: LocalEmbedder{Dim: 256}})
			if ix.NeedsReembed() {
				t.Error("NeedsReembed() after an open that re-embeds")
			}
			want := slices.Delete(slices.Clone(ids), 1, 2)
			if got := sourceIDs(ix.Sources()); !slices.Equal(got, want) {
				t.Errorf("after the removal, sources = %v, want %v", got, want)
			}
			if hits, err := ix.Search(ctx, "Zaporizhia 856 attacks", SearchOptions{K: 3, Mode: Dense}); err != nil || len(hits) != 3 {
				t.Errorf("dense search after re-embedding: %d hits, %v", len(hits), err)
			}
			assertConsistent(t, ix)
		})
	}
}
