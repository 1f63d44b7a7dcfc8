package retrieval

import (
	"context"
	"encoding/json"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
)

// scopeSearches runs scopeQuestion in each scope and mode, for comparing
// an index before and after it is reopened.
func scopeSearches(t *testing.T, ix *Index) map[string][]Hit {
	t.Helper()
	out := map[string][]Hit{}
	for _, g := range []string{"", guildA, guildB, guildC} {
		for _, mode := range []Mode{Dense, Lexical, Hybrid} {
			hits, err := ix.Search(context.Background(), scopeQuestion, SearchOptions{K: MaxK, Mode: mode, Guild: g, PerSource: -1})
			if err != nil {
				t.Fatal(err)
			}
			out[g+"/"+string(mode)] = hits
		}
	}
	return out
}

// manifestOnDisk decodes the manifest file of dir.
func manifestOnDisk(t *testing.T, dir string) manifest {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, manifestName))
	if err != nil {
		t.Fatal(err)
	}
	var m manifest
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func TestReopenKeepsScopes(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	ix := scopedIndex(t, Options{Dir: dir})
	before := scopeSearches(t, ix)
	ix.Close()
	m := manifestOnDisk(t, dir)
	if m.Format != manifestFormat {
		t.Errorf("manifest with guild sources written as format %d, want %d", m.Format, manifestFormat)
	}
	guilds := map[string]string{}
	for _, s := range m.Sources {
		guilds[s.ID] = s.Guild
	}
	if guilds["alpha-one"] != guildA || guilds["beta-one"] != guildB || guilds["shared-one"] != "" {
		t.Errorf("guilds in the manifest: %v", guilds)
	}

	emb := &countingEmbedder{Embedder: LocalEmbedder{}}
	ix, logs := openLogged(t, Options{Dir: dir, Embedder: emb})
	if strings.Contains(logs.String(), "rebuilding") || emb.calls.Load() != 0 {
		t.Errorf("reopening rebuilt or embedded (%d calls): %s", emb.calls.Load(), logs.String())
	}
	assertConsistent(t, ix)
	// Each guild's chunks are in the guild's collection.
	for guild, want := range map[string]int{"": 2, guildA: 2, guildB: 1} {
		col := ix.dense.cols[guild]
		if col == nil || col.Count() != want {
			t.Errorf("collection of %q holds %v chunks, want %d", guild, col, want)
		}
	}
	after := scopeSearches(t, ix)
	// The same chunks with the same scores (the order of equal scores may
	// change as bleve's segments do).
	scores := func(hits []Hit) map[string][2]float64 {
		out := map[string][2]float64{}
		for _, h := range hits {
			out[h.Chunk.ID] = [2]float64{h.Dense, h.BM25}
		}
		return out
	}
	for key, b := range before {
		if got, want := scores(after[key]), scores(b); !maps.Equal(got, want) {
			t.Errorf("%s after reopening: %v, want %v", key, got, want)
		}
	}
	// Once its guild sources are gone the manifest is of the older format again.
	for _, id := range []string{"alpha-one", "alpha-two", "beta-one"} {
		if _, err := ix.Remove(context.Background(), id); err != nil {
			t.Fatal(err)
		}
	}
	if m := manifestOnDisk(t, dir); m.Format != sharedFormat {
		t.Errorf("manifest of shared sources written as format %d, want %d", m.Format, sharedFormat)
	}
}

// TestOpenMigratesUnscopedIndex opens an index written before scopes: a
// manifest whose sources have no guild and a BM25 index of mapping version 4,
// without the scope field. Every source is shared, the BM25 index is rebuilt
// quietly, and guild sources can then be added.
func TestOpenMigratesUnscopedIndex(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "index")
	ix := openIndex(t, Options{Dir: dir})
	addAll(t, ix, builtinArticles(t)[:2])
	mustAdd(t, ix, scopeDoc("shared-one", ""))
	var chunks []Chunk
	for _, s := range ix.Sources() {
		cs, err := ix.Chunks(ctx, s.ID)
		if err != nil {
			t.Fatal(err)
		}
		chunks = append(chunks, cs...)
	}
	gen, tokens := ix.man.Generation, ix.lex.tokens.Load()
	ix.Close()

	// The manifest as summitbot wrote it before scopes: format 2, no guild.
	path := filepath.Join(dir, manifestName)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), `"guild"`) || !strings.Contains(string(b), `"format": 2`) {
		t.Fatalf("an index of shared sources has a manifest unlike the older ones: %s", b)
	}
	// The BM25 index as version 4 built it: no scope field.
	bm := filepath.Join(dir, bm25Dir)
	if err := os.RemoveAll(bm); err != nil {
		t.Fatal(err)
	}
	m, err := lexMapping()
	if err != nil {
		t.Fatal(err)
	}
	old, err := bleve.New(bm, m)
	if err != nil {
		t.Fatal(err)
	}
	an, err := newAnalyzer()
	if err != nil {
		t.Fatal(err)
	}
	batch := old.NewBatch()
	for _, c := range chunks {
		if err := batch.Index(c.ID, map[string]string{"text": strings.Join(an.terms(c.Text), " "), "source_id": c.SourceID}); err != nil {
			t.Fatal(err)
		}
	}
	batch.SetInternal([]byte(lexGeneration), []byte(strconv.FormatUint(gen, 10)))
	batch.SetInternal([]byte(lexTokens), []byte(strconv.FormatUint(tokens, 10)))
	batch.SetInternal([]byte(lexMappingKey), []byte("4"))
	if err := old.Batch(batch); err != nil {
		t.Fatal(err)
	}
	if err := old.Close(); err != nil {
		t.Fatal(err)
	}

	ix, logs := openLogged(t, Options{Dir: dir})
	if got := logs.String(); !strings.Contains(got, "rebuilding the BM25 index") || strings.Contains(got, "level=WARN") {
		t.Errorf("want a quiet rebuild, logs: %s", got)
	}
	assertConsistent(t, ix)
	for _, s := range ix.Sources() {
		if s.Guild != "" {
			t.Errorf("source %s of an older index is in guild %q", s.ID, s.Guild)
		}
	}
	// Every source is about the question's words and meaning.
	want := sourceIDs(ix.Sources())
	slices.Sort(want)
	for _, guild := range []string{"", guildA} {
		for _, mode := range []Mode{Dense, Lexical, Hybrid} {
			if got := searchSources(t, ix, guild, mode, ""); !slices.Equal(got, want) {
				t.Errorf("%s search in %q: %v, want %v", mode, guild, got, want)
			}
		}
	}
	mustAdd(t, ix, scopeDoc("alpha-one", guildA))
	ix.Close()
	ix, logs = openLogged(t, Options{Dir: dir})
	if strings.Contains(logs.String(), "rebuilding") {
		t.Errorf("second open rebuilt again: %s", logs.String())
	}
	withA := append([]string{"alpha-one"}, want...)
	slices.Sort(withA)
	if got := searchSources(t, ix, guildA, Lexical, ""); !slices.Equal(got, withA) {
		t.Errorf("bm25 search in guild A after the migration: %v, want %v", got, withA)
	}
	if got := searchSources(t, ix, "", Lexical, ""); !slices.Equal(got, want) {
		t.Errorf("bm25 search in no guild after the migration: %v, want %v", got, want)
	}
}

// TestOpenRefusesBadGuild opens a manifest naming a scope that is not a
// guild id: the index is corrupt, not searched with a wrong scope.
func TestOpenRefusesBadGuild(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	ix := openIndex(t, Options{Dir: dir})
	mustAdd(t, ix, scopeDoc("alpha-one", guildA))
	ix.Close()
	path := filepath.Join(dir, manifestName)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	b = []byte(strings.Replace(string(b), `"guild": "`+guildA+`"`, `"guild": "_shared"`, 1))
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	_, err = Open(context.Background(), Options{Dir: dir, Embedder: LocalEmbedder{}})
	if !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), "alpha-one") {
		t.Errorf("Open: %v, want ErrCorrupt naming the source", err)
	}
}
