package retrieval

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	chromem "github.com/philippgille/chromem-go"

	"github.com/summitbot/summitbot/bot/llm"
	"github.com/summitbot/summitbot/bot/llmtest"
)

// openLogged opens an index whose log goes to the returned buffer.
func openLogged(t *testing.T, opts Options) (*Index, *logBuffer) {
	t.Helper()
	logs := &logBuffer{}
	opts.Logger = slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	return openIndex(t, opts), logs
}

// remoteEmbedder is an llm.Embedder against the fake server, without retries.
func remoteEmbedder(s *llmtest.Server, model string) *llm.Embedder {
	return &llm.Embedder{BaseURL: s.URL(), APIKey: "test-key", Model: model, MaxRetries: -1, BatchSize: 16}
}

// searchSnapshot records the results of every search case in every mode.
func searchSnapshot(t *testing.T, ix *Index) map[string][]Hit {
	t.Helper()
	out := map[string][]Hit{}
	for _, sc := range searchCases {
		for _, mode := range []Mode{Hybrid, Dense, Lexical} {
			hits, err := ix.Search(context.Background(), sc.query, SearchOptions{K: 8, Mode: mode})
			if err != nil {
				t.Fatalf("%s %q: %v", mode, sc.query, err)
			}
			out[string(mode)+" "+sc.query] = hits
		}
	}
	return out
}

// compareSnapshots asserts that the same searches return the same passages
// with the same ranks and scores, BM25 scores included: they do not depend on
// how bleve has split the index into segments (see lexical.tokens).
func compareSnapshots(t *testing.T, before, after map[string][]Hit) {
	t.Helper()
	for key, b := range before {
		a := after[key]
		if !slices.Equal(hitChunks(a), hitChunks(b)) {
			t.Errorf("%s: after reopening %v, before %v", key, hitChunks(a), hitChunks(b))
			continue
		}
		for i := range a {
			if a[i].Chunk != b[i].Chunk || !sameSource(a[i].Source, b[i].Source) || a[i].Rank != b[i].Rank ||
				a[i].Dense != b[i].Dense || math.Abs(a[i].BM25-b[i].BM25) > 1e-9 || math.Abs(a[i].Score-b[i].Score) > 1e-9 {
				t.Errorf("%s hit %d (%s) differs after reopening: chunk %v source %v rank %d/%d score %v/%v dense %v/%v bm25 %v/%v", key, i, a[i].Chunk.ID, a[i].Chunk == b[i].Chunk, sameSource(a[i].Source, b[i].Source), a[i].Rank, b[i].Rank, a[i].Score, b[i].Score, a[i].Dense, b[i].Dense, a[i].BM25, b[i].BM25)
			}
		}
	}
}

func TestReopen(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	arts := allArticles(t)
	ix := openIndex(t, Options{Dir: dir})
	addAll(t, ix, arts)
	if _, err := ix.Remove(context.Background(), "kfor-kosovo-reinforcement"); err != nil {
		t.Fatal(err)
	}
	wantSources := ix.Sources()
	wantLen := ix.Len()
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	// Results of the index at rest, once bleve has persisted its segments.
	ix = openIndex(t, Options{Dir: dir})
	before := searchSnapshot(t, ix)
	ix.Close()

	// Other chunk settings on reopening: the index keeps its own.
	ix, logs := openLogged(t, Options{Dir: dir, Chunker: Chunker{Size: 200, Overlap: 20}})
	got := ix.Sources()
	if len(got) != len(wantSources) {
		t.Fatalf("sources after reopening: %v, want %v", sourceIDs(got), sourceIDs(wantSources))
	}
	for i := range got {
		if !sameSource(got[i], wantSources[i]) {
			t.Errorf("source %d after reopening: %+v, want %+v", i, got[i], wantSources[i])
		}
	}
	if ix.Len() != wantLen {
		t.Errorf("Len() after reopening = %d, want %d", ix.Len(), wantLen)
	}
	assertConsistent(t, ix)
	compareSnapshots(t, before, searchSnapshot(t, ix))
	if !strings.Contains(logs.String(), "keeps the chunk settings") {
		t.Errorf("changed chunk settings not logged: %s", logs.String())
	}
	for _, bad := range []string{"re-embedding", "rebuilding", "removed chunks"} {
		if strings.Contains(logs.String(), bad) {
			t.Errorf("reopening a consistent index logged %q: %s", bad, logs.String())
		}
	}
	// New sources are chunked with the index's settings.
	kfor := findArticle(t, arts, "kfor-kosovo-reinforcement")
	src := mustAdd(t, ix, kfor)
	want := Chunker{Size: DefaultChunkSize, Overlap: DefaultChunkOverlap}.Split(src.ID, strings.TrimSpace(kfor.Text))
	if src.Chunks != len(want) {
		t.Errorf("source added after reopening has %d chunks, want %d", src.Chunks, len(want))
	}
	for _, a := range arts {
		text, err := ix.Text(context.Background(), a.doc.ID)
		if err != nil || text != strings.TrimSpace(a.doc.Text) {
			t.Errorf("Text(%q) after reopening differs (%v)", a.doc.ID, err)
		}
	}
}

func TestReopenDoesNotEmbed(t *testing.T) {
	s := llmtest.New(t)
	emb := remoteEmbedder(s, "embed-a")
	dir := filepath.Join(t.TempDir(), "index")

	ix := openIndex(t, Options{Dir: dir, Embedder: emb})
	if n := s.EmbeddingRequests(); n != 0 {
		t.Errorf("opening a new index sent %d embedding requests", n)
	}
	arts := builtinArticles(t)
	addAll(t, ix, arts)
	if got, want := s.EmbeddedInputs(), ix.Len(); got != want {
		t.Errorf("adding %d chunks embedded %d texts", want, got)
	}
	wantSources := sourceIDs(ix.Sources())
	ix.Close()

	var before map[string][]Hit
	for round := range 3 {
		reqs := s.EmbeddingRequests()
		ix = openIndex(t, Options{Dir: dir, Embedder: remoteEmbedder(s, "embed-a")})
		if n := s.EmbeddingRequests() - reqs; n != 0 {
			t.Errorf("round %d: reopening a consistent index sent %d embedding requests", round, n)
		}
		if got := sourceIDs(ix.Sources()); !slices.Equal(got, wantSources) {
			t.Errorf("round %d: sources %v, want %v", round, got, wantSources)
		}
		assertConsistent(t, ix)
		if round == 0 {
			before = searchSnapshot(t, ix)
		} else {
			compareSnapshots(t, before, searchSnapshot(t, ix))
		}
		// A search embeds the query, once.
		reqs = s.EmbeddingRequests()
		if _, err := ix.Search(context.Background(), "security guarantees", SearchOptions{Mode: Hybrid}); err != nil {
			t.Fatal(err)
		}
		if n := s.EmbeddingRequests() - reqs; n != 1 {
			t.Errorf("round %d: a hybrid search sent %d embedding requests, want 1", round, n)
		}
		ix.Close()
	}
}

func TestEmbedderChangeReembeds(t *testing.T) {
	t.Run("remote model", func(t *testing.T) {
		s := llmtest.New(t)
		dir := filepath.Join(t.TempDir(), "index")
		ix := openIndex(t, Options{Dir: dir, Embedder: remoteEmbedder(s, "embed-a")})
		addAll(t, ix, builtinArticles(t))
		total := ix.Len()
		ix.Close()

		inputs := s.EmbeddedInputs()
		b := remoteEmbedder(s, "embed-b")
		ix, logs := openLogged(t, Options{Dir: dir, Embedder: b})
		if got := s.EmbeddedInputs() - inputs; got != total {
			t.Errorf("changing the model re-embedded %d texts, want every chunk (%d)", got, total)
		}
		checkReembedded(t, ix, dir, b.Identity(), logs)
		hits, err := ix.Search(context.Background(), "Zaporizhia 856 attacks", SearchOptions{K: 3, Mode: Dense})
		if err != nil || len(hits) != 3 {
			t.Fatalf("dense search after re-embedding: %d hits, %v", len(hits), err)
		}
		ix.Close()

		// The new identity is recorded: the next open embeds nothing.
		reqs := s.EmbeddingRequests()
		ix, logs = openLogged(t, Options{Dir: dir, Embedder: remoteEmbedder(s, "embed-b")})
		if n := s.EmbeddingRequests() - reqs; n != 0 {
			t.Errorf("reopening with the new model sent %d embedding requests", n)
		}
		if strings.Contains(logs.String(), "model changed") {
			t.Errorf("reopening with the same model logged a change: %s", logs.String())
		}
	})

	t.Run("local dimension", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "index")
		ix := openIndex(t, Options{Dir: dir, Embedder: LocalEmbedder{}})
		addAll(t, ix, allArticles(t))
		ix.Close()

		small := LocalEmbedder{Dim: 256}
		ix, logs := openLogged(t, Options{Dir: dir, Embedder: small})
		checkReembedded(t, ix, dir, small.Identity(), logs)
		for _, s := range ix.Sources() {
			d, err := ix.dense.get(context.Background(), chunkID(s.ID, 0))
			if err != nil || len(d.Embedding) != 256 {
				t.Fatalf("chunk of %s: %d dimensions, %v", s.ID, len(d.Embedding), err)
			}
		}
		for _, sc := range searchCases {
			for _, mode := range []Mode{Hybrid, Dense, Lexical} {
				hits, err := ix.Search(context.Background(), sc.query, SearchOptions{K: 3, Mode: mode})
				if err != nil {
					t.Fatalf("%s search after re-embedding: %v", mode, err)
				}
				if len(hits) == 0 || hits[0].Source.ID != sc.source {
					t.Errorf("%s %q after re-embedding: %v", mode, sc.query, hitChunks(hits))
				}
			}
		}
	})

	t.Run("in memory nothing to redo", func(t *testing.T) {
		_, logs := openLogged(t, Options{Embedder: LocalEmbedder{Dim: 64}})
		if strings.Contains(logs.String(), "model changed") {
			t.Errorf("a new index logged a model change: %s", logs.String())
		}
	})
}

// checkReembedded asserts that every chunk now carries identity, that the
// manifest records it and that the change was logged.
func checkReembedded(t *testing.T, ix *Index, dir, identity string, logs *logBuffer) {
	t.Helper()
	if !strings.Contains(logs.String(), "the embedding model changed") {
		t.Errorf("re-embedding was not logged: %s", logs.String())
	}
	if ix.EmbedderIdentity() != identity {
		t.Errorf("EmbedderIdentity() = %q, want %q", ix.EmbedderIdentity(), identity)
	}
	for _, s := range ix.Sources() {
		if f := vecFileOf(t, ix, s.ID); f.identity != identity || len(f.vecs) != s.Chunks {
			t.Fatalf("vector file of %s: %d vectors by %q; want %d by %q", s.ID, len(f.vecs), f.identity, s.Chunks, identity)
		}
	}
	var m manifest
	b, err := os.ReadFile(filepath.Join(dir, manifestName))
	if err != nil || json.Unmarshal(b, &m) != nil {
		t.Fatalf("read manifest: %v", err)
	}
	if m.Embedder != identity {
		t.Errorf("manifest records embedder %q, want %q", m.Embedder, identity)
	}
	assertConsistent(t, ix)
}

func TestOpenLocked(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	first := openIndex(t, Options{Dir: dir})
	arts := builtinArticles(t)
	mustAdd(t, first, arts[0].doc)

	_, err := Open(context.Background(), Options{Dir: dir, Embedder: LocalEmbedder{}})
	if !errors.Is(err, ErrLocked) {
		t.Fatalf("second Open = %v, want ErrLocked", err)
	}
	if !strings.Contains(err.Error(), dir) {
		t.Errorf("error %q does not name the directory", err)
	}
	// The refused Open did not disturb the first.
	mustAdd(t, first, arts[1].doc)
	if hits, err := first.Search(context.Background(), "security guarantees", SearchOptions{}); err != nil || len(hits) == 0 {
		t.Errorf("search on the first index after a refused Open: %d hits, %v", len(hits), err)
	}
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}
	second := openIndex(t, Options{Dir: dir})
	if got := len(second.Sources()); got != 2 {
		t.Errorf("after the first closed: %d sources, want 2", got)
	}
}

func TestOpenCorruptManifest(t *testing.T) {
	tests := []struct {
		name    string
		content []byte
	}{
		{"garbage", []byte("\x00\x01garbage{{{ not json")},
		{"empty", []byte{}},
		{"truncated", []byte(`{"format": 1, "generation": 3, "sources": [{"id": "a"`)},
		{"unknown format", []byte(`{"format": 99, "generation": 1, "sources": []}`)},
		{"no format", []byte(`{"generation": 1}`)},
		{"wrong types", []byte(`{"format": "one"}`)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "index")
			ix := openIndex(t, Options{Dir: dir})
			mustAdd(t, ix, builtinArticles(t)[0].doc)
			ix.Close()
			path := filepath.Join(dir, manifestName)
			if err := os.WriteFile(path, tt.content, 0o600); err != nil {
				t.Fatal(err)
			}
			files := chunkFiles(t, dir)
			for range 2 { // a failed Open releases the lock: the second fails the same way
				_, err := Open(context.Background(), Options{Dir: dir, Embedder: LocalEmbedder{}})
				if !errors.Is(err, ErrCorrupt) {
					t.Fatalf("Open = %v, want ErrCorrupt", err)
				}
				if !strings.Contains(err.Error(), path) {
					t.Errorf("error %q does not name the manifest", err)
				}
			}
			got, err := os.ReadFile(path)
			if err != nil || !bytes.Equal(got, tt.content) {
				t.Errorf("manifest changed: %q, %v", got, err)
			}
			if after := chunkFiles(t, dir); !slices.Equal(after, files) {
				t.Errorf("chunk files changed: %d before, %d after", len(files), len(after))
			}
		})
	}
}

func TestOpenNotAnIndex(t *testing.T) {
	dir := t.TempDir()
	note := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(note, []byte("my notes"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Open(context.Background(), Options{Dir: dir, Embedder: LocalEmbedder{}})
	if err == nil || !strings.Contains(err.Error(), "not a summitbot index") || !strings.Contains(err.Error(), "notes.txt") {
		t.Fatalf("Open of a directory with other files = %v", err)
	}
	if errors.Is(err, ErrCorrupt) || errors.Is(err, ErrLocked) {
		t.Errorf("error %v is not about a foreign directory", err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("Open wrote into a foreign directory: %d entries", len(entries))
	}
	if b, _ := os.ReadFile(note); string(b) != "my notes" {
		t.Error("the foreign file changed")
	}
}

func TestOpenBadDirectory(t *testing.T) {
	for _, sub := range []string{chunksDir, legacyVectors} {
		t.Run(sub+" without manifest", func(t *testing.T) {
			dir := t.TempDir()
			if err := os.MkdirAll(filepath.Join(dir, sub), 0o700); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, sub, "a"+vecExt), []byte("x"), 0o600); err != nil {
				t.Fatal(err)
			}
			if _, err := Open(context.Background(), Options{Dir: dir, Embedder: LocalEmbedder{}}); !errors.Is(err, ErrCorrupt) {
				t.Errorf("Open = %v, want ErrCorrupt", err)
			}
			if _, err := os.Stat(filepath.Join(dir, sub, "a"+vecExt)); err != nil {
				t.Errorf("the vectors were touched: %v", err)
			}
		})
	}
	t.Run("empty directories of a first open that stopped", func(t *testing.T) {
		dir := t.TempDir()
		for _, sub := range []string{chunksDir, textsDir} {
			if err := os.MkdirAll(filepath.Join(dir, sub), 0o700); err != nil {
				t.Fatal(err)
			}
		}
		ix := openIndex(t, Options{Dir: dir})
		mustAdd(t, ix, builtinArticles(t)[0].doc)
		assertConsistent(t, ix)
	})
	t.Run("a file, not a directory", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "file")
		if err := os.WriteFile(path, []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := Open(context.Background(), Options{Dir: path, Embedder: LocalEmbedder{}}); err == nil {
			t.Error("Open of a regular file succeeded")
		}
	})
	t.Run("no embedder", func(t *testing.T) {
		if _, err := Open(context.Background(), Options{Dir: t.TempDir()}); err == nil {
			t.Error("Open without an embedder succeeded")
		}
	})
	t.Run("new nested directory", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "a", "b", "index")
		ix := openIndex(t, Options{Dir: dir})
		mustAdd(t, ix, builtinArticles(t)[0].doc)
		if _, err := os.Stat(filepath.Join(dir, manifestName)); err != nil {
			t.Errorf("no manifest in a new directory: %v", err)
		}
	})
}

func TestOpenRemovesUncommittedSource(t *testing.T) {
	// A crash after a load wrote its chunks but before its manifest commit
	// looks like this: the chunks are on disk, the manifest does not list them.
	dir := filepath.Join(t.TempDir(), "index")
	arts := allArticles(t)
	kept := findArticle(t, arts, "ap-what-to-know-security-guarantees")
	lost := findArticle(t, arts, "elysee-palace-renovation")
	ix := openIndex(t, Options{Dir: dir})
	keptSrc := mustAdd(t, ix, kept)
	oldManifest, err := os.ReadFile(filepath.Join(dir, manifestName))
	if err != nil {
		t.Fatal(err)
	}
	mustAdd(t, ix, lost)
	ix.Close()
	if err := os.WriteFile(filepath.Join(dir, manifestName), oldManifest, 0o600); err != nil {
		t.Fatal(err)
	}

	ix, logs := openLogged(t, Options{Dir: dir})
	if got := sourceIDs(ix.Sources()); !slices.Equal(got, []string{kept.ID}) {
		t.Fatalf("sources %v, want [%s]", got, kept.ID)
	}
	if ix.Len() != keptSrc.Chunks {
		t.Errorf("Len() = %d, want %d", ix.Len(), keptSrc.Chunks)
	}
	assertConsistent(t, ix)
	if _, err := os.Stat(filepath.Join(dir, textsDir, lost.ID+".txt")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("text of the uncommitted source is still on disk: %v", err)
	}
	for _, want := range []string{"removed chunks of an unfinished load", "rebuilding the BM25 index"} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("log lacks %q: %s", want, logs.String())
		}
	}
	for _, mode := range []Mode{Hybrid, Dense, Lexical} {
		hits, err := ix.Search(context.Background(), "renovation of the Élysée roofs and heating", SearchOptions{K: MaxK, Mode: mode})
		if err != nil {
			t.Fatal(err)
		}
		if slices.Contains(hitSources(hits), lost.ID) {
			t.Errorf("%s search returns the uncommitted source", mode)
		}
	}
	// Nothing of it remains in the BM25 index either, even unfiltered.
	lex, err := ix.lex.search(context.Background(), "renovation roofs heating", 100, "", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range lex {
		if sourceOfChunk(h.id) == lost.ID {
			t.Errorf("BM25 index still holds %s", h.id)
		}
	}
	// It can be loaded again.
	mustAdd(t, ix, lost)
	assertConsistent(t, ix)
}

func TestOpenRemovesForeignChunkFiles(t *testing.T) {
	arts := builtinArticles(t)
	dirA := filepath.Join(t.TempDir(), "a")
	dirB := filepath.Join(t.TempDir(), "b")
	a := openIndex(t, Options{Dir: dirA})
	srcA := mustAdd(t, a, arts[0].doc)
	a.Close()
	b := openIndex(t, Options{Dir: dirB})
	srcB := mustAdd(t, b, arts[1].doc)
	b.Close()

	// Copy b's vector file into a: a source a never committed.
	colA, colB := filepath.Join(dirA, chunksDir), filepath.Join(dirB, chunksDir)
	foreign := chunkFiles(t, dirB)
	if len(foreign) != 1 || srcB.Chunks == 0 {
		t.Fatalf("%d vector files for one source of %d chunks", len(foreign), srcB.Chunks)
	}
	for _, f := range foreign {
		data, err := os.ReadFile(filepath.Join(colB, f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(colA, f), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	// A file left by a write that did not finish.
	if err := os.WriteFile(filepath.Join(colA, srcA.ID+vecExt+".tmp123"), []byte("half"), 0o600); err != nil {
		t.Fatal(err)
	}
	foreign = append(foreign, srcA.ID+vecExt+".tmp123")
	// And a stray text and a half-written manifest.
	if err := os.WriteFile(filepath.Join(dirA, textsDir, srcB.ID+".txt"), []byte("stray"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dirA, manifestName+".tmp12345"), []byte("{"), 0o600); err != nil {
		t.Fatal(err)
	}

	a, logs := openLogged(t, Options{Dir: dirA})
	if got := sourceIDs(a.Sources()); !slices.Equal(got, []string{srcA.ID}) {
		t.Fatalf("sources %v", got)
	}
	assertConsistent(t, a)
	for _, f := range foreign {
		if _, err := os.Stat(filepath.Join(colA, f)); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("foreign chunk file %s still there", f)
		}
	}
	for _, p := range []string{filepath.Join(dirA, textsDir, srcB.ID+".txt"), filepath.Join(dirA, manifestName+".tmp12345")} {
		if _, err := os.Stat(p); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s still there", filepath.Base(p))
		}
	}
	if !strings.Contains(logs.String(), "removed chunks of an unfinished load") {
		t.Errorf("removal not logged: %s", logs.String())
	}
	hits, err := a.Search(context.Background(), firstSentence(arts[1].doc.Text), SearchOptions{K: MaxK, Mode: Dense})
	if err != nil {
		t.Fatal(err)
	}
	if slices.Contains(hitSources(hits), srcB.ID) {
		t.Error("search returns a foreign chunk")
	}
}

func TestOpenRebuildsBM25(t *testing.T) {
	arts := allArticles(t)
	first := findArticle(t, arts, "ap-what-to-know-security-guarantees")
	second := findArticle(t, arts, "elysee-palace-renovation")
	const query = "renovation of the Élysée roofs and heating"

	// build returns an index directory holding both articles, and a copy of
	// its BM25 index taken when it held only the first.
	build := func(t *testing.T) (dir, staleBM25 string) {
		dir = filepath.Join(t.TempDir(), "index")
		ix := openIndex(t, Options{Dir: dir})
		mustAdd(t, ix, first)
		ix.Close()
		staleBM25 = filepath.Join(t.TempDir(), "stale-bm25")
		if err := os.CopyFS(staleBM25, os.DirFS(filepath.Join(dir, bm25Dir))); err != nil {
			t.Fatal(err)
		}
		ix = openIndex(t, Options{Dir: dir})
		mustAdd(t, ix, second)
		ix.Close()
		return dir, staleBM25
	}
	tests := []struct {
		name   string
		damage func(t *testing.T, dir, stale string)
	}{
		{"stale generation", func(t *testing.T, dir, stale string) {
			if err := os.RemoveAll(filepath.Join(dir, bm25Dir)); err != nil {
				t.Fatal(err)
			}
			if err := os.CopyFS(filepath.Join(dir, bm25Dir), os.DirFS(stale)); err != nil {
				t.Fatal(err)
			}
		}},
		{"missing", func(t *testing.T, dir, stale string) {
			if err := os.RemoveAll(filepath.Join(dir, bm25Dir)); err != nil {
				t.Fatal(err)
			}
		}},
		{"unreadable", func(t *testing.T, dir, stale string) {
			if err := os.RemoveAll(filepath.Join(dir, bm25Dir)); err != nil {
				t.Fatal(err)
			}
			if err := os.MkdirAll(filepath.Join(dir, bm25Dir), 0o700); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, bm25Dir, "index_meta.json"), []byte("garbage"), 0o600); err != nil {
				t.Fatal(err)
			}
		}},
		{"built by an older analyser", func(t *testing.T, dir, stale string) {
			idx, err := bleve.Open(filepath.Join(dir, bm25Dir))
			if err != nil {
				t.Fatal(err)
			}
			if err := idx.SetInternal([]byte(lexMappingKey), []byte("2")); err != nil {
				t.Fatal(err)
			}
			if err := idx.Close(); err != nil {
				t.Fatal(err)
			}
		}},
		{"generation mismatch, same chunks", func(t *testing.T, dir, stale string) {
			path := filepath.Join(dir, manifestName)
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			var m map[string]any
			if err := json.Unmarshal(b, &m); err != nil {
				t.Fatal(err)
			}
			m["generation"] = 41
			b, _ = json.Marshal(m)
			if err := os.WriteFile(path, b, 0o600); err != nil {
				t.Fatal(err)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir, stale := build(t)
			tt.damage(t, dir, stale)
			ix, logs := openLogged(t, Options{Dir: dir})
			if !strings.Contains(logs.String(), "rebuilding the BM25 index") {
				t.Errorf("rebuild not logged: %s", logs.String())
			}
			assertConsistent(t, ix)
			hits, err := ix.Search(context.Background(), query, SearchOptions{K: 3, Mode: Lexical})
			if err != nil {
				t.Fatal(err)
			}
			if len(hits) == 0 || hits[0].Source.ID != second.ID {
				t.Errorf("bm25 search after the rebuild: %v", hitChunks(hits))
			}
			gen, err := ix.lex.generation()
			if err != nil || gen != ix.man.Generation {
				t.Errorf("BM25 generation %d (%v), manifest %d", gen, err, ix.man.Generation)
			}
			ix.Close()
			// The rebuild is durable: the next open does not repeat it.
			ix, logs = openLogged(t, Options{Dir: dir})
			if strings.Contains(logs.String(), "rebuilding") {
				t.Errorf("second open rebuilt again: %s", logs.String())
			}
			assertConsistent(t, ix)
		})
	}
}

func TestOpenRestoresMissingChunk(t *testing.T) {
	s := llmtest.New(t)
	dir := filepath.Join(t.TempDir(), "index")
	ix := openIndex(t, Options{Dir: dir, Embedder: remoteEmbedder(s, "embed-a")})
	src := mustAdd(t, ix, findArticle(t, builtinArticles(t), "paris-declaration-multinational-force-ukraine"))
	want, err := ix.Chunks(context.Background(), src.ID)
	if err != nil {
		t.Fatal(err)
	}
	ix.Close()
	if src.Chunks < 3 {
		t.Fatalf("source has %d chunks", src.Chunks)
	}
	if err := os.Remove(ix.vecPath(src.ID)); err != nil {
		t.Fatal(err)
	}

	inputs := s.EmbeddedInputs()
	ix = openIndex(t, Options{Dir: dir, Embedder: remoteEmbedder(s, "embed-a")})
	if got := s.EmbeddedInputs() - inputs; got != src.Chunks {
		t.Errorf("restoring a source's vectors embedded %d texts, want its %d chunks", got, src.Chunks)
	}
	got, err := ix.Chunks(context.Background(), src.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, want) {
		t.Errorf("restored chunks differ:\n got %v\nwant %v", got, want)
	}
	assertConsistent(t, ix)
	ix.Close()

	// Restored for good: the next open embeds nothing.
	inputs = s.EmbeddedInputs()
	ix = openIndex(t, Options{Dir: dir, Embedder: remoteEmbedder(s, "embed-a")})
	if got := s.EmbeddedInputs() - inputs; got != 0 {
		t.Errorf("the open after the repair embedded %d texts", got)
	}
	ix.Close()

	// Without the stored text the source cannot be read.
	if err := os.Remove(filepath.Join(dir, textsDir, src.ID+".txt")); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(context.Background(), Options{Dir: dir, Embedder: remoteEmbedder(s, "embed-a")}); !errors.Is(err, ErrCorrupt) {
		t.Errorf("Open with a missing text = %v, want ErrCorrupt", err)
	}
}

func TestAddEmbeddingEndpointFails(t *testing.T) {
	tests := []struct {
		name    string
		script  func(s *llmtest.Server)
		timeout time.Duration
		check   func(t *testing.T, err error)
	}{
		{
			name:   "server error",
			script: func(s *llmtest.Server) { s.FailNext(http.StatusInternalServerError, "", 1) },
			check: func(t *testing.T, err error) {
				var se *llm.StatusError
				if !errors.As(err, &se) || se.StatusCode != http.StatusInternalServerError {
					t.Errorf("Add error %v, want a StatusError 500", err)
				}
			},
		},
		{
			name:   "rate limited",
			script: func(s *llmtest.Server) { s.FailNext(http.StatusTooManyRequests, "", 1) },
			check: func(t *testing.T, err error) {
				var se *llm.StatusError
				if !errors.As(err, &se) || se.StatusCode != http.StatusTooManyRequests {
					t.Errorf("Add error %v, want a StatusError 429", err)
				}
			},
		},
		{
			name:    "hangs",
			script:  func(s *llmtest.Server) { s.HangNext(1) },
			timeout: 100 * time.Millisecond,
			check: func(t *testing.T, err error) {
				if !errors.Is(err, llm.ErrTimeout) {
					t.Errorf("Add error %v, want ErrTimeout", err)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := llmtest.New(t)
			dir := filepath.Join(t.TempDir(), "index")
			emb := remoteEmbedder(s, "embed-a")
			emb.Timeout = tt.timeout
			// One batch at a time: with several in flight, a batch cancelled by
			// the failure could still reach the server after Add returned and be
			// counted against the reopen below.
			emb.Concurrency = 1
			ix := openIndex(t, Options{Dir: dir, Embedder: emb})
			arts := builtinArticles(t)
			mustAdd(t, ix, arts[0].doc)
			before := ix.Sources()

			tt.script(s)
			doc := findArticle(t, arts, "paris-declaration-multinational-force-ukraine")
			_, err := ix.Add(context.Background(), doc, false, nil)
			if err == nil {
				t.Fatal("Add succeeded while the embedding endpoint failed")
			}
			tt.check(t, err)
			if got := sourceIDs(ix.Sources()); !slices.Equal(got, sourceIDs(before)) {
				t.Errorf("sources %v, want %v", got, sourceIDs(before))
			}
			assertConsistent(t, ix)
			for _, mode := range []Mode{Hybrid, Dense, Lexical} {
				hits, err := ix.Search(context.Background(), "Legal Shield for Foreign Troops", SearchOptions{K: MaxK, Mode: mode})
				if err != nil {
					t.Fatalf("%s search after the failed Add: %v", mode, err)
				}
				if slices.Contains(hitSources(hits), doc.ID) {
					t.Errorf("%s search returns the failed source", mode)
				}
			}
			if _, err := os.Stat(filepath.Join(dir, textsDir, doc.ID+".txt")); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("text of the failed source on disk: %v", err)
			}
			ix.Close()

			reqs := s.EmbeddingRequests()
			ix = openIndex(t, Options{Dir: dir, Embedder: remoteEmbedder(s, "embed-a")})
			if n := s.EmbeddingRequests() - reqs; n != 0 {
				t.Errorf("reopening sent %d embedding requests", n)
			}
			if got := sourceIDs(ix.Sources()); !slices.Equal(got, sourceIDs(before)) {
				t.Errorf("sources after reopening %v, want %v", got, sourceIDs(before))
			}
			assertConsistent(t, ix)
			// Once the endpoint answers, the same article loads.
			mustAdd(t, ix, doc)
			assertConsistent(t, ix)
		})
	}
}

// makeLegacy turns the (closed) index in dir into the layout of format 1,
// where chromem-go kept each chunk in a file of its own: it writes the same
// vectors and metadata through chromem-go's persistence, removes the vector
// files and marks the manifest as format 1.
func makeLegacy(t *testing.T, dir string) {
	t.Helper()
	var m manifest
	b, err := os.ReadFile(filepath.Join(dir, manifestName))
	if err != nil || json.Unmarshal(b, &m) != nil {
		t.Fatalf("read manifest: %v", err)
	}
	db, err := chromem.NewPersistentDB(filepath.Join(dir, legacyVectors), false)
	if err != nil {
		t.Fatal(err)
	}
	col, err := db.GetOrCreateCollection(collectionName, nil, refuseEmbedding)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range m.Sources {
		f, err := readVecFile(filepath.Join(dir, chunksDir, s.ID+vecExt))
		if err != nil {
			t.Fatal(err)
		}
		text, err := os.ReadFile(filepath.Join(dir, textsDir, s.ID+".txt"))
		if err != nil {
			t.Fatal(err)
		}
		for p, sp := range f.spans {
			content := string(text[sp.Start:sp.End])
			err := col.AddDocument(context.Background(), chromem.Document{
				ID: chunkID(s.ID, p),
				Metadata: map[string]string{
					"source_id": s.ID, "position": strconv.Itoa(p), "start": strconv.Itoa(sp.Start), "end": strconv.Itoa(sp.End),
					"hash": textHash(header(s) + "\n" + content), "embedder": f.identity,
				},
				Embedding: f.vecs[p],
				Content:   content,
			})
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := os.RemoveAll(filepath.Join(dir, chunksDir)); err != nil {
		t.Fatal(err)
	}
	m.Format = 1
	b, err = json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, manifestName), b, 0o600); err != nil {
		t.Fatal(err)
	}
}

// legacyFile is chromem-go v0.7.0's file for a document (persistence.go hash2hex).
func legacyFile(dir, id string) string {
	h := sha256.Sum256([]byte(collectionName))
	d := sha256.Sum256([]byte(id))
	return filepath.Join(dir, legacyVectors, hex.EncodeToString(h[:4]), hex.EncodeToString(d[:4])+".gob")
}

func TestOpenConvertsFormat1(t *testing.T) {
	build := func(t *testing.T, s *llmtest.Server) (string, map[string][]Hit, []Source) {
		dir := filepath.Join(t.TempDir(), "index")
		ix := openIndex(t, Options{Dir: dir, Embedder: remoteEmbedder(s, "embed-a")})
		addAll(t, ix, builtinArticles(t))
		snap, srcs := searchSnapshot(t, ix), ix.Sources()
		ix.Close()
		makeLegacy(t, dir)
		return dir, snap, srcs
	}
	checkConverted := func(t *testing.T, ix *Index, dir string) {
		t.Helper()
		assertConsistent(t, ix)
		if _, err := os.Stat(filepath.Join(dir, legacyVectors)); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("the old vector directory is still there: %v", err)
		}
		var m manifest
		b, err := os.ReadFile(filepath.Join(dir, manifestName))
		if err != nil || json.Unmarshal(b, &m) != nil || m.Format != sharedFormat {
			t.Errorf("manifest format %d (%v), want %d", m.Format, err, sharedFormat)
		}
	}

	t.Run("vectors reused", func(t *testing.T) {
		s := llmtest.New(t)
		dir, before, srcs := build(t, s)
		inputs := s.EmbeddedInputs()
		ix, logs := openLogged(t, Options{Dir: dir, Embedder: remoteEmbedder(s, "embed-a")})
		if got := s.EmbeddedInputs() - inputs; got != 0 {
			t.Errorf("converting embedded %d texts, want none", got)
		}
		if !strings.Contains(logs.String(), "converting the index") {
			t.Errorf("the conversion was not logged: %s", logs.String())
		}
		checkConverted(t, ix, dir)
		if got := sourceIDs(ix.Sources()); !slices.Equal(got, sourceIDs(srcs)) {
			t.Errorf("sources %v, want %v", got, sourceIDs(srcs))
		}
		compareSnapshots(t, before, searchSnapshot(t, ix))
		ix.Close()
		inputs = s.EmbeddedInputs()
		ix = openIndex(t, Options{Dir: dir, Embedder: remoteEmbedder(s, "embed-a")})
		if got := s.EmbeddedInputs() - inputs; got != 0 {
			t.Errorf("the open after converting embedded %d texts", got)
		}
		checkConverted(t, ix, dir)
	})

	t.Run("a chunk file lost", func(t *testing.T) {
		// What chromem-go's 32-bit file names do to two chunks that share one.
		s := llmtest.New(t)
		dir, before, srcs := build(t, s)
		if err := os.Remove(legacyFile(dir, chunkID(srcs[1].ID, 2))); err != nil {
			t.Fatal(err)
		}
		inputs := s.EmbeddedInputs()
		ix := openIndex(t, Options{Dir: dir, Embedder: remoteEmbedder(s, "embed-a")})
		if got := s.EmbeddedInputs() - inputs; got != 1 {
			t.Errorf("converting with one chunk lost embedded %d texts, want 1", got)
		}
		checkConverted(t, ix, dir)
		compareSnapshots(t, before, searchSnapshot(t, ix))
	})

	t.Run("old directory unreadable", func(t *testing.T) {
		s := llmtest.New(t)
		dir, _, srcs := build(t, s)
		if err := os.WriteFile(legacyFile(dir, chunkID(srcs[0].ID, 0)), []byte("not gob"), 0o600); err != nil {
			t.Fatal(err)
		}
		inputs := s.EmbeddedInputs()
		ix, logs := openLogged(t, Options{Dir: dir, Embedder: remoteEmbedder(s, "embed-a")})
		total := 0
		for _, src := range srcs {
			total += src.Chunks
		}
		if got := s.EmbeddedInputs() - inputs; got != total {
			t.Errorf("embedded %d texts, want all %d", got, total)
		}
		if !strings.Contains(logs.String(), "cannot be read") {
			t.Errorf("the unreadable directory was not logged: %s", logs.String())
		}
		checkConverted(t, ix, dir)
	})
}

// TestChunkIDsSharingAChromemFileName adds two sources whose chunk ids
// chromem-go's persistence would store in the same file (the first 32 bits of
// SHA-256 of the id): both survive a reopen, and the reopen embeds nothing.
func TestChunkIDsSharingAChromemFileName(t *testing.T) {
	seen := map[[4]byte]string{}
	var a, b string
	for i := 0; a == ""; i++ {
		id := fmt.Sprintf("article-%d", i)
		h := sha256.Sum256([]byte(chunkID(id, 0)))
		key := [4]byte(h[:4])
		if prev, ok := seen[key]; ok {
			a, b = prev, id
		}
		seen[key] = id
	}
	dir := filepath.Join(t.TempDir(), "index")
	ix := openIndex(t, Options{Dir: dir})
	want := map[string]string{}
	for _, id := range []string{a, b} {
		text := fmt.Sprintf("The article %s reports that monitors counted incidents along the line, and that officials expect more observers in the spring.", id)
		src := mustAdd(t, ix, Document{ID: id, Title: "Article " + id, Text: text})
		want[src.ID] = text
	}
	ix.Close()

	emb := &countingEmbedder{Embedder: LocalEmbedder{}}
	ix = openIndex(t, Options{Dir: dir, Embedder: emb})
	if n := emb.texts.Load(); n != 0 {
		t.Errorf("reopening embedded %d texts", n)
	}
	assertConsistent(t, ix)
	for id, text := range want {
		chunks, err := ix.Chunks(context.Background(), id)
		if err != nil || len(chunks) != 1 || chunks[0].Text != text {
			t.Errorf("chunks of %s after reopening: %v, %v", id, chunks, err)
		}
	}
}
