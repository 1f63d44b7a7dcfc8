package bench

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/summitbot/summitbot/data"
	"github.com/summitbot/summitbot/retrieval"
	"github.com/summitbot/summitbot/retrieval/ingest"
)

// Scope benchmark sizes: guilds with guildPassages passages each beside the
// shared (built-in) corpus, at scopeDim dimensions.
const (
	scopeGuilds   = 100
	guildPassages = 1000
	scopeDim      = 256
)

// guildID is the Discord id of the i-th synthetic guild.
func guildID(i int) string { return fmt.Sprint(900000000000000000 + i) }

// BenchmarkScope measures a question asked in one guild (guild 0) of an index
// holding the built-in articles (shared) and scopeGuilds guilds of
// guildPassages passages each, against the same question in an index holding
// only the built-in articles and that one guild:
//
//	go test ./retrieval/bench -run '^$' -bench '^BenchmarkScope$' -benchtime 200x -timeout 60m
//
// Each variant (dense, bm25, hybrid) runs on both indexes; "paired"
// alternates one hybrid search in each per iteration, so that load from
// other processes hits both alike, and its ratio (big/small) is the one to
// quote: a search in a guild scans the shared and that guild's passages
// only, so the target is at most 1.5. The indexes are persisted ones, built
// once per process and opened as summitbot serve opens them.
func BenchmarkScope(b *testing.B) {
	ctx := context.Background()
	small := openScoped(b, 1, guildPassages)
	big := openScoped(b, scopeGuilds, guildPassages)
	guild := guildID(0)
	search := func(sb *scopedBuilt, mode retrieval.Mode, i int) error {
		q := sb.qs[i%numQueries]
		hits, err := sb.ix.Search(ctx, q, retrieval.SearchOptions{K: retrieval.DefaultK, Mode: mode, Guild: guild})
		if err == nil && len(hits) == 0 {
			err = fmt.Errorf("%s search in guild %s for %q found nothing", mode, guild, q)
		}
		for _, h := range hits {
			if h.Source.Guild != "" && h.Source.Guild != guild {
				return fmt.Errorf("%s search in guild %s returned %s of guild %s", mode, guild, h.Chunk.ID, h.Source.Guild)
			}
		}
		return err
	}
	res := map[string]time.Duration{}
	for _, mode := range []retrieval.Mode{retrieval.Dense, retrieval.Lexical, retrieval.Hybrid} {
		for _, sb := range []*scopedBuilt{small, big} {
			name := fmt.Sprintf("%s/guilds=%d", mode, sb.guilds)
			b.Run(name, func(b *testing.B) {
				runtime.GC()
				defer profile(b)()
				i := 0
				start := time.Now()
				for b.Loop() {
					if err := search(sb, mode, i); err != nil {
						b.Fatal(err)
					}
					i++
				}
				res[name] = time.Since(start) / time.Duration(i)
			})
		}
	}
	var ps, pb time.Duration
	b.Run("paired", func(b *testing.B) {
		runtime.GC()
		var ss, sg time.Duration
		i := 0
		for b.Loop() {
			t0 := time.Now()
			if err := search(small, retrieval.Hybrid, i); err != nil {
				b.Fatal(err)
			}
			t1 := time.Now()
			if err := search(big, retrieval.Hybrid, i); err != nil {
				b.Fatal(err)
			}
			ss += t1.Sub(t0)
			sg += time.Since(t1)
			i++
		}
		ps, pb = ss/time.Duration(i), sg/time.Duration(i)
		b.ReportMetric(float64(ps.Nanoseconds())/1e6, "small-ms")
		b.ReportMetric(float64(pb.Nanoseconds())/1e6, "big-ms")
		b.ReportMetric(float64(pb)/float64(ps), "big/small")
	})
	line := fmt.Sprintf("Scope: a search in one guild, index of %d chunks (shared + 1 guild) vs %d chunks (shared + %d guilds):", small.ix.Len(), big.ix.Len(), scopeGuilds)
	for _, mode := range []retrieval.Mode{retrieval.Dense, retrieval.Lexical, retrieval.Hybrid} {
		s, g := res[fmt.Sprintf("%s/guilds=1", mode)], res[fmt.Sprintf("%s/guilds=%d", mode, scopeGuilds)]
		if s > 0 && g > 0 {
			line += fmt.Sprintf(" %s %v vs %v (%.2fx);", mode, s.Round(time.Microsecond), g.Round(time.Microsecond), float64(g)/float64(s))
		}
	}
	if ps > 0 {
		line += fmt.Sprintf(" paired hybrid %v vs %v (%.2fx)", ps.Round(time.Microsecond), pb.Round(time.Microsecond), float64(pb)/float64(ps))
	}
	b.Log(line)
	addSummary(line)
}

// scopedBuilt is an open index of the shared corpus and guilds synthetic guilds.
type scopedBuilt struct {
	guilds int
	ix     *retrieval.Index
	qs     []string
}

var (
	scopedMu    sync.Mutex
	scopedCache = map[[2]int]*scopedBuilt{}
)

// openScoped returns (building it once per process) a persisted index of
// the built-in articles, shared, and guilds guilds of perGuild synthetic
// passages each (a different corpus per guild), opened as summitbot serve
// opens it. It is closed and removed when the test binary exits.
func openScoped(tb testing.TB, guilds, perGuild int) *scopedBuilt {
	tb.Helper()
	scopedMu.Lock()
	defer scopedMu.Unlock()
	key := [2]int{guilds, perGuild}
	if sb, ok := scopedCache[key]; ok {
		return sb
	}
	root, err := os.MkdirTemp("", "summitbot-bench-scope-")
	if err != nil {
		tb.Fatal(err)
	}
	atExit(func() { os.RemoveAll(root) })
	dir := filepath.Join(root, "index")
	ctx := context.Background()
	start := time.Now()
	ix, err := retrieval.Open(ctx, retrieval.Options{Dir: dir, Embedder: newFakeEmbedder(scopeDim, nil), Chunker: chunker})
	if err != nil {
		tb.Fatal(err)
	}
	for _, r := range ix.AddAll(ctx, builtinDocs(tb), true, nil) {
		if r.Err != nil {
			tb.Fatalf("add built-in article: %v", r.Err)
		}
	}
	shared := ix.Len()
	var genTime time.Duration
	for g := range guilds {
		t0 := time.Now()
		c := generateCorpus(newTextGen(1<<40+uint64(g)), perGuild, 4, 30)
		genTime += time.Since(t0)
		for i := range c.docs {
			c.docs[i].Guild = guildID(g)
		}
		for i, r := range ix.AddAll(ctx, c.docs, false, nil) {
			if r.Err != nil {
				tb.Fatalf("guild %d: add %q: %v", g, c.docs[i].Title, r.Err)
			}
		}
	}
	if want := shared + guilds*perGuild; ix.Len() != want {
		tb.Fatalf("built %d chunks, want %d", ix.Len(), want)
	}
	if err := ix.Close(); err != nil {
		tb.Fatal(err)
	}
	built := time.Since(start)
	qs := queries(numQueries)
	start = time.Now()
	ix, err = retrieval.Open(ctx, retrieval.Options{Dir: dir, Embedder: newFakeEmbedder(scopeDim, qs), Chunker: chunker, Topic: benchTopic})
	if err != nil {
		tb.Fatal(err)
	}
	atExit(func() { ix.Close() })
	line := fmt.Sprintf("Scope: built %d guilds × %d passages + %d shared chunks in %v (%v generating text), opened in %v",
		guilds, perGuild, shared, built.Round(time.Millisecond), genTime.Round(time.Millisecond), time.Since(start).Round(time.Millisecond))
	tb.Log(line)
	addSummary(line)
	sb := &scopedBuilt{guilds: guilds, ix: ix, qs: qs}
	scopedCache[key] = sb
	return sb
}

// builtinDocs returns the built-in articles as summitbot loads them.
func builtinDocs(tb testing.TB) []retrieval.Document {
	tb.Helper()
	fsys := data.Articles()
	names, err := fs.Glob(fsys, "*.md")
	if err != nil || len(names) == 0 {
		tb.Fatalf("built-in articles: %v (%d files)", err, len(names))
	}
	var out []retrieval.Document
	for _, n := range names {
		b, err := fs.ReadFile(fsys, n)
		if err != nil {
			tb.Fatal(err)
		}
		d, err := ingest.ParseFile(n, b)
		if err != nil {
			tb.Fatalf("parse %s: %v", n, err)
		}
		out = append(out, retrieval.Document{ID: d.ID, Title: d.Title, Outlet: d.Outlet, Published: d.Published, Authors: d.Authors, URL: d.URL, Text: d.Text})
	}
	return out
}

// TestScopeHarness builds a small scoped index as BenchmarkScope builds its
// big one and checks that a search in each guild sees the shared corpus and
// that guild's passages only.
func TestScopeHarness(t *testing.T) {
	sb := openScoped(t, 3, 60)
	ctx := context.Background()
	for g := range 3 {
		guild := guildID(g)
		var want []string
		for _, s := range sb.ix.SourcesIn(guild) {
			want = append(want, s.ID)
		}
		seen := map[string]bool{}
		for _, q := range sb.qs[:16] {
			for _, mode := range []retrieval.Mode{retrieval.Hybrid, retrieval.Dense, retrieval.Lexical} {
				hits, err := sb.ix.Search(ctx, q, retrieval.SearchOptions{K: 10, Mode: mode, Guild: guild})
				if err != nil || len(hits) == 0 {
					t.Fatalf("%s search in %s for %q: %d hits, %v", mode, guild, q, len(hits), err)
				}
				for _, h := range hits {
					if !slices.Contains(want, h.Source.ID) {
						t.Errorf("%s search in %s returned %s of guild %q", mode, guild, h.Chunk.ID, h.Source.Guild)
					}
					seen[h.Source.Guild] = true
				}
			}
		}
		if !seen[guild] {
			t.Errorf("no search in %s found one of its own passages", guild)
		}
	}
}
