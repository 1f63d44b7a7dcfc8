package retrieval

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/summitbot/summitbot/bot/llmtest"
)

func TestAddAllBatchesAcrossDocuments(t *testing.T) {
	storages(t, func(t *testing.T, dir string) {
		s := llmtest.New(t)
		emb := remoteEmbedder(s, "embed-a") // 16 texts a request
		ix := openIndex(t, Options{Dir: dir, Embedder: emb})
		arts := allArticles(t)
		docs := make([]Document, len(arts))
		for i, a := range arts {
			docs[i] = a.doc
		}
		var stages []string
		res := ix.AddAll(context.Background(), docs, false, func(s string) { stages = append(stages, s) })
		total := 0
		for i, r := range res {
			if r.Err != nil {
				t.Fatalf("%s: %v", docs[i].ID, r.Err)
			}
			if r.Source.ID != docs[i].ID {
				t.Errorf("result %d is %s, want %s", i, r.Source.ID, docs[i].ID)
			}
			total += r.Source.Chunks
		}
		if got, want := s.EmbeddingRequests(), (total+15)/16; got != want {
			t.Errorf("%d articles of %d chunks in all took %d embedding requests, want %d (full batches of 16)", len(docs), total, got, want)
		}
		if got := []string{fmt.Sprintf("embedding %d passages", total), "saving"}; !slices.Equal(stages, got) {
			t.Errorf("progress %q, want %q", stages, got)
		}
		if got := sourceIDs(ix.Sources()); !slices.Equal(got, sourceIDs(resultSources(res))) {
			t.Errorf("sources %v, want them in the order given", got)
		}
		assertConsistent(t, ix)

		// The chunks and the search are those of adding one by one.
		one := openIndex(t, Options{Embedder: remoteEmbedder(s, "embed-a")})
		addAll(t, one, arts)
		for _, d := range docs {
			a, errA := ix.Chunks(context.Background(), d.ID)
			b, errB := one.Chunks(context.Background(), d.ID)
			if errA != nil || errB != nil || !slices.Equal(a, b) {
				t.Errorf("chunks of %s differ from adding it alone (%v, %v)", d.ID, errA, errB)
			}
		}
		for _, sc := range searchCases {
			hits, err := ix.Search(context.Background(), sc.query, SearchOptions{K: 3, Mode: Dense})
			if err != nil || len(hits) == 0 || hits[0].Source.ID != sc.source {
				t.Errorf("dense %q: %v, %v", sc.query, hitChunks(hits), err)
			}
		}
	})
}

func resultSources(res []AddResult) []Source {
	var out []Source
	for _, r := range res {
		if r.Err == nil {
			out = append(out, r.Source)
		}
	}
	return out
}

func TestAddAllRefusesSomeKeepsOthers(t *testing.T) {
	storages(t, func(t *testing.T, dir string) {
		ix := openIndex(t, Options{Dir: dir, MaxChunksPerSource: 100})
		arts := builtinArticles(t)
		loaded := arts[0].doc
		loaded.URL = "https://example.com/loaded"
		mustAdd(t, ix, loaded)

		a, b := arts[1].doc, arts[2].doc
		sameID := arts[3].doc
		sameID.ID = a.ID
		copyOfA := a
		copyOfA.ID = "copy-of-a"
		sameURL := arts[4].doc
		sameURL.URL = loaded.URL
		tooLong := Document{ID: "too-long", Title: "Too long", Text: strings.Repeat("The observers counted many incidents near the line that week. ", 4000)}
		docs := []Document{
			a,
			{ID: "short", Title: "Short", Text: "Too short."},
			copyOfA,
			sameURL,
			b,
			{ID: "Bad ID!", Title: "Bad", Text: strings.Repeat("Leaders met in Paris and agreed on guarantees. ", 3)},
			sameID,
			tooLong,
		}
		res := ix.AddAll(context.Background(), docs, false, nil)
		var dup *DuplicateError
		checks := []struct {
			name string
			ok   func(r AddResult) bool
		}{
			{"added", func(r AddResult) bool { return r.Err == nil && r.Source.ID == a.ID }},
			{"too short", func(r AddResult) bool { return errors.Is(r.Err, ErrTooShort) }},
			{"same text as a document of the batch", func(r AddResult) bool {
				return errors.As(r.Err, &dup) && dup.Reason == "text" && dup.Existing.ID == a.ID
			}},
			{"same URL as a loaded source", func(r AddResult) bool {
				return errors.As(r.Err, &dup) && dup.Reason == "url" && dup.Existing.ID == loaded.ID
			}},
			{"added", func(r AddResult) bool { return r.Err == nil && r.Source.ID == b.ID }},
			{"bad id", func(r AddResult) bool { return errors.Is(r.Err, ErrInvalidID) }},
			{"id taken in the batch", func(r AddResult) bool { return r.Err == nil && r.Source.ID == a.ID+"-2" }},
			{"too long", func(r AddResult) bool { return errors.Is(r.Err, ErrTooLong) }},
		}
		for i, c := range checks {
			if !c.ok(res[i]) {
				t.Errorf("document %d (%s): got %+v, %v", i, c.name, res[i].Source.ID, res[i].Err)
			}
		}
		if got, want := sourceIDs(ix.Sources()), []string{loaded.ID, a.ID, b.ID, a.ID + "-2"}; !slices.Equal(got, want) {
			t.Errorf("sources %v, want %v", got, want)
		}
		assertConsistent(t, ix)
	})
}

func TestAddAllEmbedderFailure(t *testing.T) {
	storages(t, func(t *testing.T, dir string) {
		emb := &failingEmbedder{}
		emb.ok.Store(1)
		ix := openIndex(t, Options{Dir: dir, Embedder: emb})
		arts := builtinArticles(t)
		mustAdd(t, ix, arts[0].doc)
		res := ix.AddAll(context.Background(), []Document{arts[1].doc, arts[2].doc}, false, nil)
		for i, r := range res {
			if !errors.Is(r.Err, errEmbed) || r.Source.ID != "" {
				t.Errorf("document %d: %+v, %v; want the embedder's error", i, r.Source.ID, r.Err)
			}
		}
		if got := sourceIDs(ix.Sources()); !slices.Equal(got, []string{arts[0].doc.ID}) {
			t.Errorf("sources %v", got)
		}
		assertConsistent(t, ix)
		if dir != "" {
			for _, d := range []Document{arts[1].doc, arts[2].doc} {
				for _, p := range []string{ix.textPath(d.ID), ix.vecPath(d.ID)} {
					if _, err := os.Stat(p); !errors.Is(err, os.ErrNotExist) {
						t.Errorf("%s of a failed source is on disk: %v", filepath.Base(p), err)
					}
				}
			}
		}
	})
}

// TestAddAllGroups lowers the group size so that one call commits several
// groups, and checks that duplicates are caught across groups too.
func TestAddAllGroups(t *testing.T) {
	storages(t, func(t *testing.T, dir string) {
		emb := &countingEmbedder{Embedder: LocalEmbedder{}}
		ix := openIndex(t, Options{Dir: dir, Embedder: emb})
		arts := builtinArticles(t)
		ix.batch = 1 // every article is a group of its own
		docs := []Document{arts[0].doc, arts[1].doc, arts[0].doc, arts[2].doc}
		res := ix.AddAll(context.Background(), docs, true, nil)
		var dup *DuplicateError
		if !errors.As(res[2].Err, &dup) || dup.Existing.ID != arts[0].doc.ID {
			t.Errorf("the repeated article: %v, want a duplicate of %s", res[2].Err, arts[0].doc.ID)
		}
		for _, i := range []int{0, 1, 3} {
			if res[i].Err != nil || !res[i].Source.Builtin {
				t.Errorf("document %d: %+v, %v", i, res[i].Source, res[i].Err)
			}
		}
		if got := emb.calls.Load(); got != 3 {
			t.Errorf("%d embedding calls, want one per group (3)", got)
		}
		if got, want := sourceIDs(ix.Sources()), []string{arts[0].doc.ID, arts[1].doc.ID, arts[2].doc.ID}; !slices.Equal(got, want) {
			t.Errorf("sources %v, want %v", got, want)
		}
		assertConsistent(t, ix)
		if dir != "" {
			ix.Close()
			ix = openIndex(t, Options{Dir: dir, Embedder: emb})
			assertConsistent(t, ix)
		}
	})
}
