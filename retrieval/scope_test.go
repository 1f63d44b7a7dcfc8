package retrieval

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
)

// Guild ids of the scope tests.
const (
	guildA = "111111111111111111"
	guildB = "222222222222222222"
	guildC = "333333333333333333" // has no sources of its own
)

// scopeDoc is a one-passage document about the summit, told apart by id.
func scopeDoc(id, guild string) Document {
	return Document{
		ID: id, Title: "Report " + id, URL: "https://example.org/" + id, Guild: guild,
		Text: fmt.Sprintf("The Paris summit on security guarantees for Ukraine met again. Envoys discussed the ceasefire monitoring. This report, %s, was filed by the %s desk.", id, strings.ReplaceAll(id, "-", " ")),
	}
}

// scopedIndex holds two shared sources, two of guild A and one of guild B.
func scopedIndex(t *testing.T, opts Options) *Index {
	t.Helper()
	ix := openIndex(t, opts)
	for _, d := range []Document{
		scopeDoc("shared-one", ""), scopeDoc("alpha-one", guildA), scopeDoc("shared-two", ""),
		scopeDoc("alpha-two", guildA), scopeDoc("beta-one", guildB),
	} {
		mustAdd(t, ix, d)
	}
	return ix
}

// scopeQuestion matches every passage of scopeDoc, by words and by meaning.
const scopeQuestion = "security guarantees at the Paris summit"

// searchSources returns the sorted source ids of a search for scopeQuestion
// in guild deep enough to return every passage of a small index, and checks
// that every hit's source is in the scope.
func searchSources(t *testing.T, ix *Index, guild string, mode Mode, sourceID string) []string {
	t.Helper()
	hits, err := ix.Search(context.Background(), scopeQuestion, SearchOptions{K: MaxK, Mode: mode, Guild: guild, PerSource: -1, SourceID: sourceID})
	if err != nil {
		t.Fatalf("%s search in %q: %v", mode, guild, err)
	}
	var ids []string
	for _, h := range hits {
		if !inScope(h.Source, guild) {
			t.Errorf("%s search in %q returned %s of guild %q", mode, guild, h.Chunk.ID, h.Source.Guild)
		}
		if !slices.Contains(ids, h.Source.ID) {
			ids = append(ids, h.Source.ID)
		}
	}
	slices.Sort(ids)
	return ids
}

func TestSearchScopes(t *testing.T) {
	storages(t, func(t *testing.T, dir string) {
		ix := scopedIndex(t, Options{Dir: dir, Topic: "security guarantees for Ukraine"})
		tests := []struct {
			name, guild string
			want        []string
		}{
			{"direct message", "", []string{"shared-one", "shared-two"}},
			{"guild A", guildA, []string{"alpha-one", "alpha-two", "shared-one", "shared-two"}},
			{"guild B", guildB, []string{"beta-one", "shared-one", "shared-two"}},
			{"guild without sources", guildC, []string{"shared-one", "shared-two"}},
		}
		for _, tt := range tests {
			for _, mode := range []Mode{Dense, Lexical, Hybrid} {
				t.Run(tt.name+"/"+string(mode), func(t *testing.T) {
					if got := searchSources(t, ix, tt.guild, mode, ""); !slices.Equal(got, tt.want) {
						t.Errorf("sources found %v, want %v", got, tt.want)
					}
				})
			}
			if got := sourceIDs(ix.SourcesIn(tt.guild)); !sameSet(got, tt.want) {
				t.Errorf("SourcesIn(%q) = %v, want %v", tt.guild, got, tt.want)
			}
			// The topic weighs the sources of the scope, and only those.
			if got := slices.Sorted(maps.Keys(ix.topicWeights(tt.guild))); !slices.Equal(got, tt.want) {
				t.Errorf("topic weights in %q for %v, want %v", tt.guild, got, tt.want)
			}
		}
		if got := len(ix.Sources()); got != 5 {
			t.Errorf("Sources() lists %d sources, want all 5", got)
		}
	})
}

// sameSet reports whether a and b hold the same strings.
func sameSet(a, b []string) bool {
	return slices.Equal(slices.Sorted(slices.Values(a)), slices.Sorted(slices.Values(b)))
}

func TestSearchScopeSourceFilter(t *testing.T) {
	ix := scopedIndex(t, Options{})
	tests := []struct {
		guild, source string
		want          []string
	}{
		{guildA, "alpha-one", []string{"alpha-one"}},
		{guildA, "shared-two", []string{"shared-two"}},
		{guildB, "alpha-one", nil}, // another guild's source
		{"", "alpha-one", nil},
		{"", "shared-one", []string{"shared-one"}},
	}
	for _, tt := range tests {
		for _, mode := range []Mode{Dense, Lexical, Hybrid} {
			if got := searchSources(t, ix, tt.guild, mode, tt.source); !slices.Equal(got, tt.want) {
				t.Errorf("%s search in %q within %s: %v, want %v", mode, tt.guild, tt.source, got, tt.want)
			}
		}
	}
}

// TestSearchEmptyScope searches scopes with no chunks: no hits, no error
// (chromem-go refuses a query for more results than a collection holds).
func TestSearchEmptyScope(t *testing.T) {
	ix := openIndex(t, Options{Topic: "security guarantees for Ukraine"})
	for _, guild := range []string{"", guildA} {
		for _, mode := range []Mode{Dense, Lexical, Hybrid} {
			if got := searchSources(t, ix, guild, mode, ""); len(got) != 0 {
				t.Errorf("empty index, %s search in %q: %v", mode, guild, got)
			}
		}
	}
	mustAdd(t, ix, scopeDoc("alpha-one", guildA))
	tests := []struct {
		guild string
		want  []string
	}{
		{"", nil},
		{guildB, nil},
		{guildA, []string{"alpha-one"}},
	}
	for _, tt := range tests {
		for _, mode := range []Mode{Dense, Lexical, Hybrid} {
			if got := searchSources(t, ix, tt.guild, mode, ""); !slices.Equal(got, tt.want) {
				t.Errorf("%s search in %q: %v, want %v", mode, tt.guild, got, tt.want)
			}
		}
	}
}

// TestScopeFilterScoresNothing checks that scoping a BM25 search changes no
// score: each hit of a search in a scope has the score it has in a search of
// the whole index with no filter.
func TestScopeFilterScoresNothing(t *testing.T) {
	ix := scopedIndex(t, Options{})
	ctx := context.Background()
	all, err := ix.lex.search(ctx, scopeQuestion, 100, guildA, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	// The unfiltered query of lexical.search, built by hand.
	var clauses coverQuery
	for _, term := range ix.lex.analyze(scopeQuestion) {
		tq := bleve.NewTermQuery(term)
		tq.SetField("text")
		clauses = append(clauses, tq)
	}
	stats, err := ix.lex.stats()
	if err != nil {
		t.Fatal(err)
	}
	res, err := ix.lex.idx.SearchInContext(context.WithValue(ctx, search.BM25StatsKey, stats), bleve.NewSearchRequestOptions(clauses, 100, 0, false))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]float64{}
	for _, h := range res.Hits {
		want[h.ID] = h.Score
	}
	if len(all) == 0 {
		t.Fatal("no hits")
	}
	for _, h := range all {
		if w, ok := want[h.id]; !ok || w != h.score {
			t.Errorf("%s: scored %v in the scope, %v (found %v) unfiltered", h.id, h.score, w, ok)
		}
	}
}

func TestAddDuplicatesPerScope(t *testing.T) {
	// Each case adds to a fresh scopedIndex a document repeating (by URL
	// or text) one of its sources.
	tests := []struct {
		name    string
		of      string // the source repeated
		guild   string // the scope the copy is added to
		by      string // "url" or "text"
		wantDup bool
	}{
		{"shared url in a guild", "shared-one", guildA, "url", true},
		{"shared text in a guild", "shared-one", guildA, "text", true},
		{"guild url in the same guild", "alpha-one", guildA, "url", true},
		{"guild text in the same guild", "alpha-one", guildA, "text", true},
		{"guild url in another guild", "alpha-one", guildB, "url", false},
		{"guild text in another guild", "alpha-one", guildB, "text", false},
		{"guild url in shared", "alpha-one", "", "url", false},
		{"guild text in shared", "alpha-one", "", "text", false},
		{"shared url in shared", "shared-one", "", "url", true},
		{"guild text in a guild without sources", "beta-one", guildC, "text", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ix := scopedIndex(t, Options{})
			orig := scopeDoc(tt.of, "")
			doc := scopeDoc("copy", tt.guild)
			doc.ID = tt.of // the same id: it must be made unique
			if tt.by == "url" {
				doc.URL = orig.URL
			} else {
				doc.Text = orig.Text
			}
			src, err := ix.Add(context.Background(), doc, false, nil)
			var dup *DuplicateError
			switch {
			case tt.wantDup && (!errors.As(err, &dup) || dup.Existing.ID != tt.of || dup.Reason != tt.by):
				t.Errorf("err = %v, want a duplicate of %s by %s", err, tt.of, tt.by)
			case !tt.wantDup && err != nil:
				t.Errorf("refused: %v", err)
			case !tt.wantDup && (src.ID != tt.of+"-2" || src.Guild != tt.guild):
				t.Errorf("added as %s in %q, want %s-2 in %q", src.ID, src.Guild, tt.of, tt.guild)
			}
			assertConsistent(t, ix)
		})
	}
}

func TestAddAllDuplicatesPerScope(t *testing.T) {
	ix := openIndex(t, Options{})
	a, b, again := scopeDoc("report", guildA), scopeDoc("report", guildB), scopeDoc("report", guildA)
	b.Text += " Another telling."
	again.Text += " A third telling."
	res := ix.AddAll(context.Background(), []Document{a, b, again}, false, nil)
	if res[0].Err != nil || res[1].Err != nil {
		t.Fatalf("the two guilds' copies: %v, %v", res[0].Err, res[1].Err)
	}
	if got := []string{res[0].Source.ID, res[1].Source.ID}; !slices.Equal(got, []string{"report", "report-2"}) {
		t.Errorf("ids %v, want report and report-2", got)
	}
	var dup *DuplicateError
	if !errors.As(res[2].Err, &dup) || dup.Existing.ID != "report" || dup.Reason != "url" {
		t.Errorf("the guild's second copy: %v, want a duplicate of report", res[2].Err)
	}
}

func TestScopeValidation(t *testing.T) {
	ctx := context.Background()
	ix := openIndex(t, Options{})
	tests := []struct {
		name    string
		guild   string
		builtin bool
		want    error // nil: accepted
	}{
		{"one digit", "7", false, nil},
		{"twenty digits", "12345678901234567890", false, nil},
		{"padded", " 42 ", false, nil},
		{"letters", "abc", false, ErrInvalidGuild},
		{"mixed", "12a4", false, ErrInvalidGuild},
		{"twenty-one digits", "123456789012345678901", false, ErrInvalidGuild},
		{"negative", "-1", false, ErrInvalidGuild},
		{"sentinel", lexShared, false, ErrInvalidGuild},
		{"non-ASCII digits", "١٢٣", false, ErrInvalidGuild},
		{"built-in in a guild", "42", true, ErrBuiltinGuild},
		{"built-in shared", "", true, nil},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := scopeDoc(fmt.Sprintf("doc-%d", i), tt.guild)
			src, err := ix.Add(ctx, doc, tt.builtin, nil)
			if !errors.Is(err, tt.want) || (tt.want == nil) != (err == nil) {
				t.Fatalf("Add: %v, want %v", err, tt.want)
			}
			if err == nil && src.Guild != strings.TrimSpace(tt.guild) {
				t.Errorf("added to %q, want %q", src.Guild, strings.TrimSpace(tt.guild))
			}
			if tt.builtin {
				return
			}
			_, err = ix.Search(ctx, scopeQuestion, SearchOptions{Guild: tt.guild})
			if !errors.Is(err, tt.want) || (tt.want == nil) != (err == nil) {
				t.Errorf("Search: %v, want %v", err, tt.want)
			}
			var ge *GuildError
			if tt.want == ErrInvalidGuild && (!errors.As(err, &ge) || ge.Guild != tt.guild || !strings.Contains(err.Error(), "1 to 20 digits")) {
				t.Errorf("Search error %v, want a *GuildError naming %q", err, tt.guild)
			}
		})
	}
	assertConsistent(t, ix)
}

func TestRemoveGuildSource(t *testing.T) {
	storages(t, func(t *testing.T, dir string) {
		ix := scopedIndex(t, Options{Dir: dir})
		if _, err := ix.Remove(context.Background(), "alpha-one"); err != nil {
			t.Fatal(err)
		}
		assertConsistent(t, ix)
		if denseHolds(ix, chunkID("alpha-one", 0)) {
			t.Error("the removed source's chunk is still in a vector collection")
		}
		want := map[string][]string{
			"":     {"shared-one", "shared-two"},
			guildA: {"alpha-two", "shared-one", "shared-two"},
			guildB: {"beta-one", "shared-one", "shared-two"},
		}
		for guild, w := range want {
			for _, mode := range []Mode{Dense, Lexical, Hybrid} {
				if got := searchSources(t, ix, guild, mode, ""); !slices.Equal(got, w) {
					t.Errorf("%s search in %q after the removal: %v, want %v", mode, guild, got, w)
				}
			}
		}
		// The guild's last source goes: its scope is the shared one's again.
		if _, err := ix.Remove(context.Background(), "alpha-two"); err != nil {
			t.Fatal(err)
		}
		for _, mode := range []Mode{Dense, Lexical, Hybrid} {
			if got := searchSources(t, ix, guildA, mode, ""); !slices.Equal(got, want[""]) {
				t.Errorf("%s search in the emptied guild: %v", mode, got)
			}
		}
		assertConsistent(t, ix)
	})
}

// TestRemoveGuildSourceCommitFailure makes the manifest unwritable after a
// guild source's chunks left both stores: Remove puts them back in their
// scope, not in another.
func TestRemoveGuildSourceCommitFailure(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	ix := scopedIndex(t, Options{Dir: dir})
	manifestPath := filepath.Join(dir, manifestName)
	if err := os.Remove(manifestPath); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(manifestPath, "block"), 0o700); err != nil {
		t.Fatal(err)
	}
	if _, err := ix.Remove(context.Background(), "beta-one"); err == nil {
		t.Fatal("Remove succeeded with an unwritable manifest")
	}
	assertConsistent(t, ix)
	for guild, want := range map[string][]string{
		"":     {"shared-one", "shared-two"},
		guildA: {"alpha-one", "alpha-two", "shared-one", "shared-two"},
		guildB: {"beta-one", "shared-one", "shared-two"},
	} {
		for _, mode := range []Mode{Dense, Lexical, Hybrid} {
			if got := searchSources(t, ix, guild, mode, ""); !slices.Equal(got, want) {
				t.Errorf("%s search in %q after the failed removal: %v, want %v", mode, guild, got, want)
			}
		}
	}
}

// TestStoreUndoScoped applies to each store a change that adds a guild's
// source and deletes another guild's, then undoes it: the deleted chunks are
// back in their own scope.
func TestStoreUndoScoped(t *testing.T) {
	ctx := context.Background()
	ix := scopedIndex(t, Options{})
	gone, err := ix.Chunks(ctx, "beta-one")
	if err != nil {
		t.Fatal(err)
	}
	added := ix.chunker.Split("gamma-one", scopeDoc("gamma-one", guildC).Text)
	vecs, err := ix.embed(ctx, []string{added[0].Text})
	if err != nil {
		t.Fatal(err)
	}
	ch := change{add: added, vecs: vecs, del: gone, gen: ix.man.Generation + 1,
		scope: map[string]string{"gamma-one": guildC, "beta-one": guildB}}
	// sees lists which of the two sources' chunks each store returns to a
	// search in each guild.
	sees := func(t *testing.T, s store) map[string][]string {
		out := map[string][]string{}
		for _, g := range []string{"", guildA, guildB, guildC} {
			var ids []string
			switch s.(type) {
			case *dense:
				q, err := ix.embedder.Embed(ctx, []string{scopeQuestion})
				if err != nil {
					t.Fatal(err)
				}
				hits, err := ix.dense.query(ctx, normalize(q[0]), 100, g, "")
				if err != nil {
					t.Fatal(err)
				}
				for _, h := range hits {
					ids = append(ids, h.id)
				}
			case *lexical:
				hits, err := ix.lex.search(ctx, scopeQuestion, 100, g, "", nil)
				if err != nil {
					t.Fatal(err)
				}
				for _, h := range hits {
					ids = append(ids, h.id)
				}
			}
			slices.Sort(ids)
			out[g] = ids
		}
		return out
	}
	for _, s := range []store{ix.dense, ix.lex} {
		t.Run(fmt.Sprintf("%T", s), func(t *testing.T) {
			before := sees(t, s)
			undo, err := s.apply(ctx, ch)
			if err != nil {
				t.Fatal(err)
			}
			during := sees(t, s)
			if !slices.Contains(during[guildC], chunkID("gamma-one", 0)) || slices.Contains(during[guildB], chunkID("beta-one", 0)) || slices.Contains(during[guildA], chunkID("gamma-one", 0)) {
				t.Errorf("after apply: %v", during)
			}
			if err := undo(); err != nil {
				t.Fatal(err)
			}
			if after := sees(t, s); !maps.EqualFunc(after, before, slices.Equal) {
				t.Errorf("after undo: %v, want %v", after, before)
			}
		})
	}
	assertConsistent(t, ix)
}

// TestConcurrentScopedSearch searches some scopes while a guild's sources
// are added and removed: no search fails or sees another guild's chunks.
func TestConcurrentScopedSearch(t *testing.T) {
	ix := openIndex(t, Options{Embedder: slowEmbedder{LocalEmbedder{Dim: 64}, 2 * time.Millisecond}, Topic: "security guarantees for Ukraine"})
	mustAdd(t, ix, scopeDoc("shared-one", ""))
	mustAdd(t, ix, scopeDoc("beta-one", guildB))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var wg sync.WaitGroup
	wg.Go(func() {
		defer cancel()
		for i := range 6 {
			for _, g := range []string{guildA, guildC} {
				id := fmt.Sprintf("churn-%d-%s", i, g[:1])
				if _, err := ix.Add(context.Background(), scopeDoc(id, g), false, nil); err != nil {
					t.Errorf("Add(%s): %v", id, err)
					return
				}
				if _, err := ix.Remove(context.Background(), id); err != nil {
					t.Errorf("Remove(%s): %v", id, err)
					return
				}
			}
		}
	})
	for _, guild := range []string{"", guildA, guildB} {
		wg.Go(func() {
			for i := 0; ctx.Err() == nil; i++ {
				mode := []Mode{Hybrid, Dense, Lexical}[i%3]
				hits, err := ix.Search(context.Background(), scopeQuestion, SearchOptions{K: 8, Mode: mode, Guild: guild})
				if err != nil {
					t.Errorf("%s search in %q during Add/Remove: %v", mode, guild, err)
					return
				}
				for _, h := range hits {
					if !inScope(h.Source, guild) {
						t.Errorf("%s search in %q returned %s of %q", mode, guild, h.Chunk.ID, h.Source.Guild)
					}
				}
			}
		})
	}
	wg.Wait()
	assertConsistent(t, ix)
}
