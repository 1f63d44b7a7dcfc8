package retrieval

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"unicode/utf8"
)

// storages runs f once on an in-memory index and once on an on-disk one.
func storages(t *testing.T, f func(t *testing.T, dir string)) {
	t.Run("memory", func(t *testing.T) { f(t, "") })
	t.Run("disk", func(t *testing.T) { f(t, filepath.Join(t.TempDir(), "index")) })
}

// countingEmbedder counts the texts it embeds.
type countingEmbedder struct {
	Embedder
	calls, texts atomic.Int64
}

func (c *countingEmbedder) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	c.calls.Add(1)
	c.texts.Add(int64(len(texts)))
	return c.Embedder.Embed(ctx, texts)
}

// failingEmbedder fails every call after the first ok ones.
type failingEmbedder struct {
	LocalEmbedder
	ok    atomic.Int64
	calls atomic.Int64
}

var errEmbed = errors.New("embedding service unavailable")

func (f *failingEmbedder) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	if f.calls.Add(1) > f.ok.Load() {
		return nil, errEmbed
	}
	return f.LocalEmbedder.Embed(ctx, texts)
}

// searchCase is a question whose best passage is known.
type searchCase struct {
	query  string
	source string
	phrase string // text the best passage contains
}

var searchCases = []searchCase{
	{"Zaporizhia 856 attacks in a single day", "security-guarantees-paris-2026-trump-factor", "856 attacks"},
	{"renovation of the Élysée roofs and heating", "elysee-palace-renovation", "roofs, heating and electrical systems"},
	{"legal status of foreign troops in Ukraine", "paris-declaration-multinational-force-ukraine", "foreign"},
	{"ELYSEE PALACE RENOVATION", "elysee-palace-renovation", "renovation"},
}

func TestSearchModes(t *testing.T) {
	storages(t, func(t *testing.T, dir string) {
		ix := openIndex(t, Options{Dir: dir})
		addAll(t, ix, allArticles(t))
		ctx := context.Background()
		for _, sc := range searchCases {
			top := map[Mode]Hit{}
			for _, mode := range []Mode{Hybrid, Dense, Lexical} {
				hits, err := ix.Search(ctx, sc.query, SearchOptions{K: 5, Mode: mode})
				if err != nil {
					t.Fatalf("%s %q: %v", mode, sc.query, err)
				}
				if len(hits) != 5 {
					t.Fatalf("%s %q: %d hits, want 5", mode, sc.query, len(hits))
				}
				best := hits[0]
				top[mode] = best
				if best.Source.ID != sc.source || !strings.Contains(best.Chunk.Text, sc.phrase) {
					t.Errorf("%s %q: best hit %s %q, want a passage of %s with %q", mode, sc.query, best.Chunk.ID, best.Chunk.Text, sc.source, sc.phrase)
				}
				checkHits(t, ix, mode, hits)
			}
			// A passage first in both rankings gets the top fused score.
			if top[Dense].Chunk.ID == top[Lexical].Chunk.ID {
				h := top[Hybrid]
				if h.Chunk.ID != top[Dense].Chunk.ID {
					t.Errorf("%q: hybrid best %s, but %s is first in both rankings", sc.query, h.Chunk.ID, top[Dense].Chunk.ID)
				}
				if want := 2.0 / (RRFConstant + 1); math.Abs(h.Score-want) > 1e-12 {
					t.Errorf("%q: hybrid best score %v, want %v", sc.query, h.Score, want)
				}
				// (BM25 scores are only compared for presence: bleve's length
				// normalisation drifts while it merges segments in the background.)
				if h.Dense != top[Dense].Dense || h.BM25 <= 0 {
					t.Errorf("%q: hybrid scores (%v, %v), want (%v, > 0)", sc.query, h.Dense, h.BM25, top[Dense].Dense)
				}
			}
		}
	})
}

// checkHits asserts what holds for every search result.
func checkHits(t *testing.T, ix *Index, mode Mode, hits []Hit) {
	t.Helper()
	weights := map[string]float64{}
	if ix.topic.text != "" {
		weights = topicWeightsOf(t, ix)
	}
	seen := map[string]bool{}
	for i, h := range hits {
		w, ok := weights[h.Source.ID]
		if !ok {
			w = 1
		}
		if h.Rank != i+1 {
			t.Errorf("%s: hit %d has rank %d", mode, i, h.Rank)
		}
		if i > 0 && h.Score > hits[i-1].Score {
			t.Errorf("%s: hit %d scores %v, above hit %d (%v)", mode, i, h.Score, i-1, hits[i-1].Score)
		}
		if seen[h.Chunk.ID] {
			t.Errorf("%s: chunk %s returned twice", mode, h.Chunk.ID)
		}
		seen[h.Chunk.ID] = true
		switch mode {
		case Dense:
			if math.Abs(h.Score-h.Dense*w) > 1e-12 || h.BM25 != 0 {
				t.Errorf("dense hit %d: score %v dense %v bm25 %v", i, h.Score, h.Dense, h.BM25)
			}
			if h.Dense < -1 || h.Dense > 1.0001 {
				t.Errorf("dense hit %d: cosine %v out of range", i, h.Dense)
			}
		case Lexical:
			if math.Abs(h.Score-h.BM25*w) > 1e-12 || h.Dense != 0 || h.BM25 <= 0 {
				t.Errorf("bm25 hit %d: score %v dense %v bm25 %v", i, h.Score, h.Dense, h.BM25)
			}
		case Hybrid:
			if h.Score <= 0 || h.Score > 2.0/(RRFConstant+1)+1e-12 {
				t.Errorf("hybrid hit %d: fused score %v out of range", i, h.Score)
			}
		}
		src, ok := ix.Source(h.Source.ID)
		if !ok || !sameSource(src, h.Source) {
			t.Errorf("%s: hit %d source %+v, index has %+v", mode, i, h.Source, src)
		}
		if h.Chunk.SourceID != h.Source.ID || h.Chunk.ID != chunkID(h.Source.ID, h.Chunk.Position) {
			t.Errorf("%s: hit %d chunk %+v does not belong to %s", mode, i, h.Chunk, h.Source.ID)
		}
		chunks, err := ix.Chunks(context.Background(), h.Source.ID)
		if err != nil {
			t.Fatal(err)
		}
		if h.Chunk.Position >= len(chunks) || chunks[h.Chunk.Position] != h.Chunk {
			t.Errorf("%s: hit %d chunk differs from Chunks()", mode, i)
		}
	}
}

func sameSource(a, b Source) bool {
	return a.ID == b.ID && a.Title == b.Title && a.URL == b.URL && a.Hash == b.Hash &&
		a.Chunks == b.Chunks && a.Chars == b.Chars && a.AddedAt.Equal(b.AddedAt) &&
		a.Builtin == b.Builtin && slices.Equal(a.Authors, b.Authors) && a.Outlet == b.Outlet && a.Published == b.Published
}

func TestSearchMisspelledQuery(t *testing.T) {
	ix := openIndex(t, Options{})
	addAll(t, ix, allArticles(t))
	// The corpus spells it "Zaporizhia"; the query spells it correctly. BM25
	// expands the unknown term to close ones; the dense side relies on
	// character n-grams, diluted in a long passage.
	tests := []struct {
		mode   Mode
		within int
	}{
		{Lexical, 1},
		{Hybrid, 3},
		{Dense, 5},
	}
	for _, tt := range tests {
		hits, err := ix.Search(context.Background(), "Zaporizhzhia attacks", SearchOptions{K: tt.within, Mode: tt.mode, PerSource: -1})
		if err != nil {
			t.Fatal(err)
		}
		found := slices.ContainsFunc(hits, func(h Hit) bool { return strings.Contains(h.Chunk.Text, "Zaporizhia reportedly faced 856 attacks") })
		if !found {
			t.Errorf("%s: the Zaporizhia passage is not in the top %d: %v", tt.mode, tt.within, hitChunks(hits))
		}
	}
}

func TestSearchK(t *testing.T) {
	ctx := context.Background()
	storages(t, func(t *testing.T, dir string) {
		arts := allArticles(t)
		small := openIndex(t, Options{Dir: dir})
		// Two short sources: fewer chunks than any candidate count Search asks for.
		addAll(t, small, arts[len(arts)-2:])
		total := small.Len()
		if total >= 40 {
			t.Fatalf("small index has %d chunks; the test needs fewer than 40", total)
		}
		tests := []struct {
			k    int
			mode Mode
			want int
		}{
			{0, Hybrid, DefaultK},
			{-3, Dense, DefaultK},
			{1, Hybrid, 1},
			{3, Dense, 3},
			{3, Lexical, 3},
			{total, Dense, total},
			{1000, Dense, total},
			{1000, Hybrid, total},
			{total + 1, Hybrid, total},
		}
		for _, tt := range tests {
			hits, err := small.Search(ctx, "peacekeepers monitoring the ceasefire", SearchOptions{K: tt.k, Mode: tt.mode, PerSource: -1})
			if err != nil {
				t.Fatalf("K=%d %s: %v", tt.k, tt.mode, err)
			}
			if len(hits) != tt.want {
				t.Errorf("K=%d %s: %d hits, want %d", tt.k, tt.mode, len(hits), tt.want)
			}
			checkHits(t, small, tt.mode, hits)
		}
		// Lexical search returns only passages with a query term.
		hits, err := small.Search(ctx, "peacekeepers", SearchOptions{K: 1000, Mode: Lexical})
		if err != nil {
			t.Fatal(err)
		}
		if len(hits) == 0 || len(hits) >= total {
			t.Errorf("bm25 search for one word: %d hits of %d chunks", len(hits), total)
		}
		for _, h := range hits {
			if !strings.Contains(strings.ToLower(h.Chunk.Text), "peacekeep") {
				t.Errorf("bm25 hit without the query term: %q", h.Chunk.Text)
			}
		}
	})

	// K is capped at MaxK.
	big := openIndex(t, Options{})
	addAll(t, big, allArticles(t))
	if big.Len() <= MaxK {
		t.Fatalf("index has %d chunks; the test needs more than %d", big.Len(), MaxK)
	}
	hits, err := big.Search(ctx, "security guarantees", SearchOptions{K: 1000, Mode: Dense})
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) != MaxK {
		t.Errorf("K=1000: %d hits, want MaxK=%d", len(hits), MaxK)
	}
}

func TestSearchOneChunk(t *testing.T) {
	ix := openIndex(t, Options{})
	mustAdd(t, ix, Document{ID: "tiny", Title: "Tiny", Text: "Leaders met in Paris on Tuesday and agreed on security guarantees for Ukraine after a ceasefire."})
	for _, mode := range []Mode{Hybrid, Dense, Lexical} {
		hits, err := ix.Search(context.Background(), "security guarantees", SearchOptions{K: 10, Mode: mode})
		if err != nil {
			t.Fatalf("%s: %v", mode, err)
		}
		if got := hitChunks(hits); !slices.Equal(got, []string{"tiny#0"}) {
			t.Errorf("%s: hits %v, want [tiny#0]", mode, got)
		}
	}
}

func TestSearchEmpty(t *testing.T) {
	emb := &countingEmbedder{Embedder: LocalEmbedder{}}
	ix := openIndex(t, Options{Embedder: emb})
	for _, mode := range []Mode{Hybrid, Dense, Lexical} {
		hits, err := ix.Search(context.Background(), "security guarantees", SearchOptions{Mode: mode})
		if err != nil || hits != nil {
			t.Errorf("%s on an empty index: %v, %v; want no hits, no error", mode, hits, err)
		}
	}
	if n := emb.calls.Load(); n != 0 {
		t.Errorf("searching an empty index embedded %d times", n)
	}
	mustAdd(t, ix, Document{ID: "a", Title: "A", Text: strings.Repeat("Leaders met in Paris and agreed on guarantees. ", 3)})
	before := emb.calls.Load()
	for _, q := range []string{"", "   ", "\n\t"} {
		hits, err := ix.Search(context.Background(), q, SearchOptions{})
		if err != nil || hits != nil {
			t.Errorf("Search(%q) = %v, %v; want no hits, no error", q, hits, err)
		}
	}
	// A query of stop words only finds nothing lexically.
	hits, err := ix.Search(context.Background(), "the of and", SearchOptions{Mode: Lexical})
	if err != nil || len(hits) != 0 {
		t.Errorf("stop-word query: %v, %v", hits, err)
	}
	if n := emb.calls.Load() - before; n != 0 {
		t.Errorf("blank and lexical queries embedded %d times", n)
	}
}

func TestSearchSourceFilter(t *testing.T) {
	storages(t, func(t *testing.T, dir string) {
		ix := openIndex(t, Options{Dir: dir})
		addAll(t, ix, allArticles(t))
		ctx := context.Background()
		for _, id := range []string{"elysee-palace-renovation", "ap-what-to-know-security-guarantees"} {
			src, _ := ix.Source(id)
			for _, mode := range []Mode{Hybrid, Dense, Lexical} {
				// The query is about another article altogether.
				hits, err := ix.Search(ctx, "Zaporizhia attacks and the Czech ammunition funding", SearchOptions{K: 3, Mode: mode, SourceID: id})
				if err != nil {
					t.Fatal(err)
				}
				for _, h := range hits {
					if h.Source.ID != id {
						t.Errorf("%s filtered to %s: hit from %s", mode, id, h.Source.ID)
					}
				}
				if mode == Dense && len(hits) != min(3, src.Chunks) {
					t.Errorf("dense filtered to %s: %d hits, want %d", id, len(hits), min(3, src.Chunks))
				}
			}
			// Only one source has candidates, so the per-source cap does not
			// leave places empty.
			hits, err := ix.Search(ctx, "palace security and the president", SearchOptions{K: 4, SourceID: id, PerSource: 1})
			if err != nil {
				t.Fatal(err)
			}
			if len(hits) != min(4, src.Chunks) {
				t.Errorf("filtered to %s with PerSource 1: %d hits, want %d", id, len(hits), min(4, src.Chunks))
			}
		}
		hits, err := ix.Search(ctx, "security guarantees", SearchOptions{SourceID: "no-such-source"})
		if err != nil || len(hits) != 0 {
			t.Errorf("unknown source filter: %v, %v; want no hits", hitChunks(hits), err)
		}
	})
}

func TestSearchPerSource(t *testing.T) {
	ix := openIndex(t, Options{})
	addAll(t, ix, allArticles(t))
	const query = "Élysée Palace renovation works"
	perSource := func(hits []Hit) map[string]int {
		m := map[string]int{}
		for _, h := range hits {
			m[h.Source.ID]++
		}
		return m
	}
	tests := []struct {
		name     string
		per      int
		maxEach  int // no source has more hits
		minFirst int // the Élysée article has at least this many
	}{
		{"no cap", -1, 6, 4},
		{"default cap is half of K", 0, 3, 3},
		{"one per source", 1, 1, 1},
		{"two per source", 2, 2, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hits, err := ix.Search(context.Background(), query, SearchOptions{K: 6, PerSource: tt.per})
			if err != nil {
				t.Fatal(err)
			}
			if len(hits) != 6 {
				t.Fatalf("%d hits, want 6", len(hits))
			}
			checkHits(t, ix, Hybrid, hits)
			counts := perSource(hits)
			for id, n := range counts {
				if n > tt.maxEach {
					t.Errorf("%d hits from %s, cap %d", n, id, tt.maxEach)
				}
			}
			if n := counts["elysee-palace-renovation"]; n < tt.minFirst {
				t.Errorf("%d hits from the Élysée article, want at least %d (%v)", n, tt.minFirst, hitChunks(hits))
			}
			if hits[0].Source.ID != "elysee-palace-renovation" {
				t.Errorf("best hit from %s", hits[0].Source.ID)
			}
		})
	}
}

func TestSearchCancelled(t *testing.T) {
	ix := openIndex(t, Options{})
	addAll(t, ix, allArticles(t)[:2])
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, mode := range []Mode{Hybrid, Dense, Lexical} {
		if _, err := ix.Search(ctx, "security guarantees", SearchOptions{Mode: mode}); !errors.Is(err, context.Canceled) {
			t.Errorf("%s with a cancelled context: %v, want context.Canceled", mode, err)
		}
	}
}

func TestSearchTopic(t *testing.T) {
	const topic = "the January 2026 Paris summit on security guarantees for Ukraine"
	arts := allArticles(t)
	plain := openIndex(t, Options{})
	topical := openIndex(t, Options{Topic: topic})
	addAll(t, plain, arts)
	addAll(t, topical, arts)
	ctx := context.Background()

	// The topic weighs sources; it is not mixed into the question's vector.
	q1, err := plain.embedQuery(ctx, "Who will send troops?", nil, true, false)
	if err != nil {
		t.Fatal(err)
	}
	q2, err := topical.embedQuery(ctx, "Who will send troops?", nil, true, true)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(q1, q2) {
		t.Error("the topic changes the query vector")
	}

	// The built-in articles are about the topic and keep their scores; the
	// distractors are not, and lose some, down to TopicFloor at most.
	w := topicWeightsOf(t, topical)
	for _, a := range builtinArticles(t) {
		if w[a.doc.ID] != 1 {
			t.Errorf("%s: topic weight %v, want 1", a.doc.ID, w[a.doc.ID])
		}
	}
	for _, a := range distractorArticles(t) {
		if v := w[a.doc.ID]; v < TopicFloor || v >= 1 {
			t.Errorf("%s: topic weight %v, want in [%v, 1)", a.doc.ID, v, TopicFloor)
		}
	}

	// An ambiguous question is read in the topic's context: more of its
	// passages come from the Ukraine articles with the topic than without.
	onTopic := func(ix *Index) int {
		hits, err := ix.Search(ctx, "Who will send troops?", SearchOptions{K: 10, PerSource: -1})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, h := range hits {
			if slices.ContainsFunc(builtinArticles(t), func(a article) bool { return a.doc.ID == h.Source.ID }) {
				n++
			}
		}
		return n
	}
	if p, q := onTopic(plain), onTopic(topical); q <= p {
		t.Errorf("with the topic %d of 10 hits are on topic, without it %d", q, p)
	}

	// A question about an article off the topic still finds it.
	for _, sc := range searchCases {
		for _, mode := range []Mode{Hybrid, Dense, Lexical} {
			hits, err := topical.Search(ctx, sc.query, SearchOptions{K: 5, Mode: mode})
			if err != nil {
				t.Fatal(err)
			}
			if len(hits) == 0 || hits[0].Source.ID != sc.source {
				t.Errorf("%s %q with the topic: best hit %v, want a passage of %s", mode, sc.query, hitChunks(hits), sc.source)
			}
			checkHits(t, topical, mode, hits)
		}
	}

	// Within one source the topic changes nothing.
	for _, mode := range []Mode{Hybrid, Dense, Lexical} {
		opts := SearchOptions{K: 4, Mode: mode, SourceID: "elysee-palace-renovation"}
		a, err := plain.Search(ctx, "security of the palace", opts)
		if err != nil {
			t.Fatal(err)
		}
		b, err := topical.Search(ctx, "security of the palace", opts)
		if err != nil {
			t.Fatal(err)
		}
		if len(a) != len(b) {
			t.Fatalf("%s within one source: %d hits with the topic, %d without", mode, len(b), len(a))
		}
		for i := range a {
			if a[i].Chunk.ID != b[i].Chunk.ID || a[i].Score != b[i].Score {
				t.Errorf("%s within one source, hit %d: %s (%v) with the topic, %s (%v) without", mode, i, b[i].Chunk.ID, b[i].Score, a[i].Chunk.ID, a[i].Score)
			}
		}
	}
}

// topicWeightsOf returns the topic weight of each source of ix.
func topicWeightsOf(t *testing.T, ix *Index) map[string]float64 {
	t.Helper()
	w, err := ix.TopicWeights(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// TopicWeights is nil without a topic and refuses a scope that is not a
// server id.
func TestTopicWeightsWithoutTopic(t *testing.T) {
	ctx := context.Background()
	ix := openIndex(t, Options{})
	addAll(t, ix, distractorArticles(t)[:2])
	if w, err := ix.TopicWeights(ctx, ""); err != nil || w != nil {
		t.Errorf("TopicWeights without a topic = %v, %v; want nil, nil", w, err)
	}
	topical := openIndex(t, Options{Topic: "peacekeeping"})
	var ge *GuildError
	if _, err := topical.TopicWeights(ctx, "not a server"); !errors.As(err, &ge) {
		t.Errorf("TopicWeights(\"not a server\") error = %v, want a *GuildError", err)
	}
}

func TestTopicWeightsFollowSources(t *testing.T) {
	ix := openIndex(t, Options{Topic: "the January 2026 Paris summit on security guarantees for Ukraine"})
	ctx := context.Background()
	addAll(t, ix, distractorArticles(t))
	// Among the distractors alone, the closest to the topic keeps its scores.
	w := topicWeightsOf(t, ix)
	if len(w) != len(distractorArticles(t)) {
		t.Fatalf("%d weights for %d sources", len(w), len(distractorArticles(t)))
	}
	if best := slices.Max(slices.Collect(maps.Values(w))); best != 1 {
		t.Errorf("closest distractor has weight %v, want 1", best)
	}
	// An article on the topic becomes the closest: the distractors lose weight.
	on := mustAdd(t, ix, findArticle(t, builtinArticles(t), "ukraine-allies-unveil-security-guarantees"))
	w = topicWeightsOf(t, ix)
	for _, a := range distractorArticles(t) {
		if w[a.doc.ID] >= 1 {
			t.Errorf("%s: weight %v beside an article on the topic, want < 1", a.doc.ID, w[a.doc.ID])
		}
	}
	// Removed, it takes its weight with it.
	if _, err := ix.Remove(ctx, on.ID); err != nil {
		t.Fatal(err)
	}
	w = topicWeightsOf(t, ix)
	if _, ok := w[on.ID]; ok {
		t.Errorf("removed source %s still has a weight", on.ID)
	}
	if best := slices.Max(slices.Collect(maps.Values(w))); best != 1 {
		t.Errorf("after the removal the closest distractor has weight %v, want 1", best)
	}
}

func TestAdd(t *testing.T) {
	storages(t, func(t *testing.T, dir string) {
		ix := openIndex(t, Options{Dir: dir})
		doc := findArticle(t, builtinArticles(t), "ap-what-to-know-security-guarantees")
		doc.URL = "https://apnews.com/article/ukraine-security-guarantees"
		doc.Title = "  " + doc.Title + "\n"
		var stages []string
		src, err := ix.Add(context.Background(), doc, true, func(s string) { stages = append(stages, s) })
		if err != nil {
			t.Fatal(err)
		}
		text := strings.TrimSpace(doc.Text)
		want := Chunker{Size: DefaultChunkSize, Overlap: DefaultChunkOverlap}.Split(doc.ID, text)
		if src.ID != doc.ID || src.Title != strings.TrimSpace(doc.Title) || src.Outlet != "The Associated Press" ||
			src.Published != "2026-01-07" || !slices.Equal(src.Authors, []string{"Thomas Adamson", "Sylvie Corbet"}) ||
			src.URL != doc.URL || !src.Builtin || src.Hash != NormalizedHash(text) ||
			src.Chunks != len(want) || src.Chars != utf8.RuneCountInString(text) || src.AddedAt.IsZero() {
			t.Errorf("Add returned %+v", src)
		}
		if got := []string{fmt.Sprintf("embedding %d passages", len(want)), "saving"}; !slices.Equal(stages, got) {
			t.Errorf("progress %q, want %q", stages, got)
		}
		if got, ok := ix.Source(doc.ID); !ok || !sameSource(got, src) {
			t.Errorf("Source(%q) = %+v, %v", doc.ID, got, ok)
		}
		if got := ix.Sources(); len(got) != 1 || !sameSource(got[0], src) {
			t.Errorf("Sources() = %+v", got)
		}
		if ix.Len() != len(want) {
			t.Errorf("Len() = %d, want %d", ix.Len(), len(want))
		}
		chunks, err := ix.Chunks(context.Background(), doc.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(chunks, want) {
			t.Errorf("Chunks() differ from Split:\n got %v\nwant %v", chunks, want)
		}
		got, err := ix.Text(context.Background(), doc.ID)
		if err != nil {
			t.Fatal(err)
		}
		if dir != "" && got != text {
			t.Errorf("Text() on disk is not the indexed text")
		}
		// In memory the text is rebuilt from the chunks: same words, paragraph
		// breaks may differ.
		if strings.Join(strings.Fields(got), " ") != strings.Join(strings.Fields(text), " ") {
			t.Errorf("Text() lost words:\n got %q\nwant %q", got, text)
		}
		for _, c := range chunks {
			if c.End > len(text) || text[c.Start:c.End] != c.Text {
				t.Errorf("chunk %s offsets do not point into the text", c.ID)
			}
		}
		// The returned slices are copies.
		srcs := ix.Sources()
		srcs[0].Title = "changed"
		if s, _ := ix.Source(doc.ID); s.Title == "changed" {
			t.Error("Sources() exposes the index's own slice")
		}
		assertConsistent(t, ix)
	})
}

func TestAddUnknownSource(t *testing.T) {
	storages(t, func(t *testing.T, dir string) {
		ix := openIndex(t, Options{Dir: dir})
		mustAdd(t, ix, Document{ID: "a", Title: "A", Text: strings.Repeat("Leaders met in Paris and agreed on guarantees. ", 3)})
		if _, ok := ix.Source("b"); ok {
			t.Error(`Source("b") found`)
		}
		if _, err := ix.Chunks(context.Background(), "b"); !errors.Is(err, ErrNotFound) {
			t.Errorf("Chunks of an unknown source: %v, want ErrNotFound", err)
		}
		if _, err := ix.Text(context.Background(), "b"); !errors.Is(err, ErrNotFound) {
			t.Errorf("Text of an unknown source: %v, want ErrNotFound", err)
		}
		if _, err := ix.Text(context.Background(), "../manifest"); !errors.Is(err, ErrNotFound) {
			t.Errorf("Text of a path: %v, want ErrNotFound", err)
		}
	})
}

func TestAddIDs(t *testing.T) {
	body := func(n int) string {
		return fmt.Sprintf("Article %d. Leaders of the coalition met in Paris and agreed on guarantees for Ukraine after a ceasefire.", n)
	}
	tests := []struct {
		name string
		doc  Document
		want string
	}{
		{"explicit id", Document{ID: "my-id", Title: "Whatever"}, "my-id"},
		{"slug of the title", Document{Title: "Élysée: the Paris talks, 2026!"}, "elysee-the-paris-talks-2026"},
		{"second of a title", Document{Title: "Élysée: the Paris talks, 2026!"}, "elysee-the-paris-talks-2026-2"},
		{"third of a title", Document{Title: "Élysée — the Paris talks 2026"}, "elysee-the-paris-talks-2026-3"},
		{"explicit id taken", Document{ID: "my-id", Title: "Other"}, "my-id-2"},
		{"slug equal to a suffixed id", Document{Title: "My id 2"}, "my-id-2-2"},
		{"title of punctuation only", Document{Title: "!!!"}, "source"},
		{"again punctuation only", Document{Title: "???"}, "source-2"},
		{"no title: first line", Document{Text: "Allies meet in Paris\n\n"}, "allies-meet-in-paris"},
	}
	storages(t, func(t *testing.T, dir string) {
		ix := openIndex(t, Options{Dir: dir})
		for i, tt := range tests {
			doc := tt.doc
			doc.Text += body(i)
			src, err := ix.Add(context.Background(), doc, false, nil)
			if err != nil {
				t.Fatalf("%s: %v", tt.name, err)
			}
			if src.ID != tt.want || !ValidID(src.ID) {
				t.Errorf("%s: id %q, want %q", tt.name, src.ID, tt.want)
			}
			chunks, err := ix.Chunks(context.Background(), src.ID)
			if err != nil || len(chunks) == 0 || chunks[0].ID != src.ID+"#0" {
				t.Errorf("%s: chunks %v, %v", tt.name, chunks, err)
			}
		}
		if s, _ := ix.Source("allies-meet-in-paris"); s.Title != "Allies meet in Paris" {
			t.Errorf("title from the first line: %q", s.Title)
		}
		if got := len(ix.Sources()); got != len(tests) {
			t.Errorf("%d sources, want %d", got, len(tests))
		}
		assertConsistent(t, ix)
	})
}

func TestAddLongTitleFromFirstLine(t *testing.T) {
	ix := openIndex(t, Options{})
	first := strings.Repeat("Paris ", 30) // 180 characters, no title
	src := mustAdd(t, ix, Document{Text: first + "\n\nLeaders of the coalition met in Paris and agreed on guarantees."})
	if n := utf8.RuneCountInString(src.Title); n != 98 || !strings.HasSuffix(src.Title, "…") {
		t.Errorf("title %q (%d characters), want 97 characters and an ellipsis", src.Title, n)
	}
	if len(src.ID) > 48 || !ValidID(src.ID) {
		t.Errorf("id %q", src.ID)
	}
}

func TestAddRefused(t *testing.T) {
	long := strings.Repeat("Leaders met in Paris to agree on guarantees for Ukraine after a ceasefire. ", 40)
	tests := []struct {
		name string
		doc  Document
		max  int
		// wantErr is the refusal expected; nil means a *DuplicateError with reason.
		wantErr  error
		reason   string
		existing string
	}{
		{name: "empty", doc: Document{Title: "Empty"}, wantErr: ErrTooShort},
		{name: "79 characters", doc: Document{Title: "Short", Text: strings.Repeat("x", 79)}, wantErr: ErrTooShort},
		{name: "79 characters after trimming", doc: Document{Title: "Short", Text: "\n\n  " + strings.Repeat("é", 79) + "  \n"}, wantErr: ErrTooShort},
		{name: "invalid explicit id", doc: Document{ID: "Bad ID!", Title: "Bad", Text: long}, wantErr: ErrInvalidID},
		{name: "id with a hash", doc: Document{ID: "a#1", Title: "Bad", Text: long}, wantErr: ErrInvalidID},
		{name: "too many chunks", doc: Document{Title: "Long", Text: long}, max: 2, wantErr: ErrTooLong},
		{name: "same URL", doc: Document{Title: "Other", URL: "https://example.org/paris", Text: long + " Different."}, reason: "url", existing: "first"},
		{name: "same URL with spaces", doc: Document{Title: "Other", URL: " https://example.org/paris\n", Text: long + " Also different."}, reason: "url", existing: "first"},
		{name: "same text", doc: Document{Title: "Copy", Text: "  " + strings.ToUpper(firstText) + "\n"}, reason: "text", existing: "first"},
		{name: "same text, other spacing and accents", doc: Document{Title: "Copy", URL: "https://example.org/other", Text: strings.ReplaceAll(firstText, " ", "\n\n  ")}, reason: "text", existing: "first"},
	}
	storages(t, func(t *testing.T, dir string) {
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				ix := openIndex(t, Options{Dir: dir, MaxChunksPerSource: tt.max})
				defer ix.Close()
				if len(ix.Sources()) == 0 {
					mustAdd(t, ix, Document{ID: "first", Title: "First", URL: "https://example.org/paris", Text: firstText})
				}
				before := ix.Sources()
				_, err := ix.Add(context.Background(), tt.doc, false, nil)
				var de *DuplicateError
				switch {
				case tt.wantErr != nil:
					if !errors.Is(err, tt.wantErr) {
						t.Fatalf("Add: %v, want %v", err, tt.wantErr)
					}
				default:
					if !errors.As(err, &de) {
						t.Fatalf("Add: %v, want a *DuplicateError", err)
					}
					if de.Reason != tt.reason || de.Existing.ID != tt.existing {
						t.Errorf("DuplicateError{%q, %q}, want {%q, %q}", de.Existing.ID, de.Reason, tt.existing, tt.reason)
					}
					if de.Existing.Title != "First" {
						t.Errorf("DuplicateError names %q, want the loaded article's title", de.Existing.Title)
					}
					if !strings.Contains(de.Error(), "first") {
						t.Errorf("Error %q does not name the loaded article", de.Error())
					}
				}
				if got := ix.Sources(); len(got) != len(before) {
					t.Errorf("refused Add changed the sources: %v", sourceIDs(got))
				}
				assertConsistent(t, ix)
			})
		}
	})
}

// firstText is the text of the source TestAddRefused loads first.
const firstText = "Leaders of the coalition of the willing met at the Élysée Palace on Tuesday and agreed on guarantees for Ukraine."

func TestRefusalErrors(t *testing.T) {
	tests := []struct {
		err  error
		is   error
		want string
	}{
		{&DuplicateError{Existing: Source{ID: "ap-paris"}, Reason: "url"}, nil, "already loaded as ap-paris (same url)"},
		{&DuplicateError{Existing: Source{ID: "ap-paris"}, Reason: "text"}, nil, "already loaded as ap-paris (same text)"},
		{&LimitError{Passages: 9, Limit: 4}, ErrTooLong, "9 passages, the limit is 4"},
		{&IDError{ID: "Bad ID"}, ErrInvalidID, `invalid source id "Bad ID"`},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
		if tt.is != nil && !errors.Is(fmt.Errorf("add: %w", tt.err), tt.is) {
			t.Errorf("%v does not match %v", tt.err, tt.is)
		}
	}
	if errors.Is(&LimitError{}, ErrInvalidID) || errors.Is(&IDError{}, ErrTooLong) {
		t.Error("a refusal matches another refusal's sentinel")
	}
}

func TestAddMaxChunksBoundary(t *testing.T) {
	text := strings.Repeat("Leaders met in Paris to agree on guarantees for Ukraine after a ceasefire. ", 40)
	n := len(Chunker{Size: DefaultChunkSize, Overlap: DefaultChunkOverlap}.Split("x", strings.TrimSpace(text)))
	if n < 3 {
		t.Fatalf("text gives %d chunks", n)
	}
	ix := openIndex(t, Options{MaxChunksPerSource: n})
	if _, err := ix.Add(context.Background(), Document{Title: "Exact", Text: text}, false, nil); err != nil {
		t.Errorf("Add with exactly MaxChunksPerSource chunks: %v", err)
	}
	ix2 := openIndex(t, Options{MaxChunksPerSource: n - 1})
	var le *LimitError
	if _, err := ix2.Add(context.Background(), Document{Title: "Over", Text: text}, false, nil); !errors.As(err, &le) || le.Passages != n || le.Limit != n-1 {
		t.Errorf("Add with one chunk too many: %v", err)
	}
}

func TestAddCancelled(t *testing.T) {
	storages(t, func(t *testing.T, dir string) {
		ix := openIndex(t, Options{Dir: dir})
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		doc := findArticle(t, builtinArticles(t), "ap-what-to-know-security-guarantees")
		if _, err := ix.Add(ctx, doc, false, nil); !errors.Is(err, context.Canceled) {
			t.Errorf("Add with a cancelled context: %v", err)
		}
		if len(ix.Sources()) != 0 {
			t.Errorf("sources after a cancelled Add: %v", sourceIDs(ix.Sources()))
		}
		assertConsistent(t, ix)
	})
}

func TestAddEmbedderFailure(t *testing.T) {
	storages(t, func(t *testing.T, dir string) {
		emb := &failingEmbedder{}
		emb.ok.Store(1)
		ix := openIndex(t, Options{Dir: dir, Embedder: emb})
		arts := builtinArticles(t)
		mustAdd(t, ix, arts[0].doc)
		_, err := ix.Add(context.Background(), arts[1].doc, false, nil)
		if !errors.Is(err, errEmbed) {
			t.Fatalf("Add with a failing embedder: %v", err)
		}
		if got := sourceIDs(ix.Sources()); !slices.Equal(got, []string{arts[0].doc.ID}) {
			t.Errorf("sources %v", got)
		}
		assertConsistent(t, ix)
		if dir != "" {
			if _, err := os.Stat(filepath.Join(dir, textsDir, arts[1].doc.ID+".txt")); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("text of the failed source is on disk: %v", err)
			}
		}
	})
}

// TestAddCommitFailure makes the manifest unwritable after the vectors and the
// BM25 entries are written, and checks that Add rolls both back.
func TestAddCommitFailure(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	arts := builtinArticles(t)
	ix := openIndex(t, Options{Dir: dir})
	mustAdd(t, ix, arts[0].doc)
	manifestPath := filepath.Join(dir, manifestName)
	saved, err := os.ReadFile(manifestPath)
	if err != nil {
		t.Fatal(err)
	}
	// A non-empty directory cannot be renamed over, even by root.
	if err := os.Remove(manifestPath); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(manifestPath, "block"), 0o700); err != nil {
		t.Fatal(err)
	}
	doc := arts[1].doc
	if _, err := ix.Add(context.Background(), doc, false, nil); err == nil {
		t.Fatal("Add succeeded with an unwritable manifest")
	}
	if got := sourceIDs(ix.Sources()); !slices.Equal(got, []string{arts[0].doc.ID}) {
		t.Errorf("sources after a failed commit: %v", got)
	}
	assertConsistent(t, ix)
	for _, mode := range []Mode{Hybrid, Dense, Lexical} {
		hits, err := ix.Search(context.Background(), firstSentence(doc.Text), SearchOptions{K: 50, Mode: mode})
		if err != nil {
			t.Fatal(err)
		}
		if slices.Contains(hitSources(hits), doc.ID) {
			t.Errorf("%s search returns the rolled-back source", mode)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, textsDir, doc.ID+".txt")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("text of the rolled-back source is on disk: %v", err)
	}
	// Restore the manifest: after a reopen the source is still absent and can be added.
	ix.Close()
	if err := os.RemoveAll(manifestPath); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(manifestPath, saved, 0o600); err != nil {
		t.Fatal(err)
	}
	ix = openIndex(t, Options{Dir: dir})
	if got := sourceIDs(ix.Sources()); !slices.Equal(got, []string{arts[0].doc.ID}) {
		t.Errorf("sources after reopening: %v", got)
	}
	assertConsistent(t, ix)
	mustAdd(t, ix, doc)
	assertConsistent(t, ix)
}

// TestRemoveCommitFailure makes the manifest unwritable after the chunks of
// the source left both stores, and checks that Remove puts them back.
func TestRemoveCommitFailure(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	arts := builtinArticles(t)
	ix := openIndex(t, Options{Dir: dir})
	addAll(t, ix, arts[:2])
	victim := arts[1].doc
	before, err := ix.Search(context.Background(), firstSentence(victim.Text), SearchOptions{K: 5})
	if err != nil {
		t.Fatal(err)
	}
	manifestPath := filepath.Join(dir, manifestName)
	saved, err := os.ReadFile(manifestPath)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(manifestPath); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(manifestPath, "block"), 0o700); err != nil {
		t.Fatal(err)
	}
	if _, err := ix.Remove(context.Background(), victim.ID); err == nil {
		t.Fatal("Remove succeeded with an unwritable manifest")
	}
	if got, want := sourceIDs(ix.Sources()), []string{arts[0].doc.ID, victim.ID}; !slices.Equal(got, want) {
		t.Errorf("sources after a failed removal: %v, want %v", got, want)
	}
	assertConsistent(t, ix)
	after, err := ix.Search(context.Background(), firstSentence(victim.Text), SearchOptions{K: 5})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := hitChunks(after), hitChunks(before); !slices.Equal(got, want) {
		t.Errorf("search after a failed removal: %v, want %v", got, want)
	}
	if _, err := os.Stat(filepath.Join(dir, textsDir, victim.ID+".txt")); err != nil {
		t.Errorf("text of the source kept: %v", err)
	}
	// With the manifest writable again, the removal goes through.
	if err := os.RemoveAll(manifestPath); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(manifestPath, saved, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := ix.Remove(context.Background(), victim.ID); err != nil {
		t.Fatal(err)
	}
	assertConsistent(t, ix)
	ix.Close()
	ix = openIndex(t, Options{Dir: dir})
	if got, want := sourceIDs(ix.Sources()), []string{arts[0].doc.ID}; !slices.Equal(got, want) {
		t.Errorf("sources after reopening: %v, want %v", got, want)
	}
	assertConsistent(t, ix)
}

// firstSentence returns the first sentence of text: a query that finds it.
func firstSentence(text string) string {
	text = strings.TrimSpace(text)
	s := Sentences(text)[0]
	return text[s.Start:s.End]
}

func TestRemove(t *testing.T) {
	storages(t, func(t *testing.T, dir string) {
		ix := openIndex(t, Options{Dir: dir})
		arts := allArticles(t)
		addAll(t, ix, arts)
		ctx := context.Background()
		victim := findArticle(t, arts, "elysee-palace-renovation")
		query := "renovation of the Élysée roofs and heating"
		hits, err := ix.Search(ctx, query, SearchOptions{K: 3})
		if err != nil || len(hits) == 0 || hits[0].Source.ID != victim.ID {
			t.Fatalf("before Remove: %v, %v", hitChunks(hits), err)
		}
		vs, _ := ix.Source(victim.ID)
		lenBefore := ix.Len()

		removed, err := ix.Remove(ctx, victim.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !sameSource(removed, vs) {
			t.Errorf("Remove returned %+v, want %+v", removed, vs)
		}
		if _, ok := ix.Source(victim.ID); ok {
			t.Error("Source still found")
		}
		if slices.Contains(sourceIDs(ix.Sources()), victim.ID) {
			t.Error("Sources still lists it")
		}
		if got, want := ix.Len(), lenBefore-vs.Chunks; got != want {
			t.Errorf("Len() = %d, want %d", got, want)
		}
		// Gone from both stores, not only hidden by the manifest.
		for p := range vs.Chunks {
			if denseHolds(ix, chunkID(victim.ID, p)) {
				t.Errorf("chunk %s still in the vector store", chunkID(victim.ID, p))
			}
		}
		lex, err := ix.lex.search(ctx, query, 1000, "", victim.ID, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(lex) != 0 {
			t.Errorf("BM25 index still holds %d chunks of the removed source", len(lex))
		}
		assertConsistent(t, ix)
		for _, mode := range []Mode{Hybrid, Dense, Lexical} {
			hits, err := ix.Search(ctx, query, SearchOptions{K: MaxK, Mode: mode})
			if err != nil {
				t.Fatal(err)
			}
			if slices.Contains(hitSources(hits), victim.ID) {
				t.Errorf("%s search still returns the removed source", mode)
			}
		}
		if _, err := ix.Chunks(ctx, victim.ID); !errors.Is(err, ErrNotFound) {
			t.Errorf("Chunks of a removed source: %v", err)
		}
		if dir != "" {
			if _, err := os.Stat(filepath.Join(dir, textsDir, victim.ID+".txt")); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("text of the removed source is still on disk: %v", err)
			}
		}
		// Removing it again, or an unknown id, is ErrNotFound.
		for _, id := range []string{victim.ID, "no-such-source", ""} {
			if _, err := ix.Remove(ctx, id); !errors.Is(err, ErrNotFound) {
				t.Errorf("Remove(%q) = %v, want ErrNotFound", id, err)
			}
		}
		// It can be loaded again: no duplicate error, same id.
		again := mustAdd(t, ix, victim)
		if again.ID != victim.ID {
			t.Errorf("re-added as %q", again.ID)
		}
		assertConsistent(t, ix)
	})
}

func TestRemoveBuiltin(t *testing.T) {
	storages(t, func(t *testing.T, dir string) {
		ix := openIndex(t, Options{Dir: dir})
		arts := builtinArticles(t)
		ctx := context.Background()
		for i, a := range arts[:3] {
			if _, err := ix.Add(ctx, a.doc, i != 2, nil); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := ix.Remove(ctx, arts[0].doc.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := ix.Remove(ctx, arts[2].doc.ID); err != nil { // not built-in
			t.Fatal(err)
		}
		if got := ix.RemovedBuiltins(); !slices.Equal(got, []string{arts[0].doc.ID}) {
			t.Errorf("RemovedBuiltins() = %v", got)
		}
		if dir != "" {
			ix.Close()
			ix = openIndex(t, Options{Dir: dir})
			if got := ix.RemovedBuiltins(); !slices.Equal(got, []string{arts[0].doc.ID}) {
				t.Errorf("RemovedBuiltins() after reopening = %v", got)
			}
		}
		// Adding it back clears the mark.
		if _, err := ix.Add(ctx, arts[0].doc, true, nil); err != nil {
			t.Fatal(err)
		}
		if got := ix.RemovedBuiltins(); len(got) != 0 {
			t.Errorf("RemovedBuiltins() after re-adding = %v", got)
		}
	})
}

func TestQueryTerms(t *testing.T) {
	ix := openIndex(t, Options{})
	arts := allArticles(t)
	addAll(t, ix, arts)
	terms, err := ix.QueryTerms(context.Background(), "Did Zelenskyy's troops visit Atlantis?")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]TermStat{}
	for _, ts := range terms {
		got[ts.Surface] = ts
	}
	if _, ok := got["Did"]; ok {
		t.Error("stop word reported")
	}
	if ts := got["Atlantis"]; ts.Term == "" || ts.DocFreq != 0 {
		t.Errorf("Atlantis: %+v, want a term found nowhere", ts)
	}
	troops := got["troops"]
	if troops.Term != "troop" || troops.DocFreq == 0 {
		t.Errorf("troops: %+v", troops)
	}
	// The document frequency is the number of chunks containing the word.
	n := 0
	for _, s := range ix.Sources() {
		chunks, _ := ix.Chunks(context.Background(), s.ID)
		for _, c := range chunks {
			if strings.Contains(strings.ToLower(c.Text), "zelenskyy") {
				n++
			}
		}
	}
	if z := got["Zelenskyy's"]; z.DocFreq != uint64(n) || n == 0 {
		t.Errorf("Zelenskyy's: %+v, want DocFreq %d", z, n)
	}
}

func TestBM25DropsQuestionWords(t *testing.T) {
	ix := openIndex(t, Options{})
	tests := []struct {
		text string
		want []string
	}{
		// Words bleve's English list keeps but the embedder's drops: they are
		// in questions, not in what answers them.
		{"How many troops did they say would go?", []string{"troop", "go"}},
		{"What did Macron tell reporters he was asked?", []string{"macron", "report"}},
		{"The US said it may help", []string{"usa", "help"}},
	}
	for _, tt := range tests {
		if got := ix.lex.analyze(tt.text); !slices.Equal(got, tt.want) {
			t.Errorf("analyze(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

// TestBM25IgnoresSegments loads the same articles one by one (a segment each)
// and all at once (one segment), and removes one from each: the BM25 scores
// are the same either way.
func TestBM25IgnoresSegments(t *testing.T) {
	arts := allArticles(t)
	one := openIndex(t, Options{})
	addAll(t, one, arts)
	docs := make([]Document, len(arts))
	for i, a := range arts {
		docs[i] = a.doc
	}
	all := openIndex(t, Options{})
	for _, r := range all.AddAll(context.Background(), docs, false, nil) {
		if r.Err != nil {
			t.Fatal(r.Err)
		}
	}
	compare := func(stage string) {
		t.Helper()
		for _, q := range []string{"Zaporizhia 856 attacks in a single day", "how many troops would the multinational force include", "renovation of the Élysée roofs and heating"} {
			a, errA := one.Search(context.Background(), q, SearchOptions{K: 10, Mode: Lexical, PerSource: -1})
			b, errB := all.Search(context.Background(), q, SearchOptions{K: 10, Mode: Lexical, PerSource: -1})
			if errA != nil || errB != nil || len(a) != len(b) || len(a) == 0 {
				t.Fatalf("%s %q: %d and %d hits (%v, %v)", stage, q, len(a), len(b), errA, errB)
			}
			for i := range a {
				if a[i].Chunk.ID != b[i].Chunk.ID || math.Abs(a[i].BM25-b[i].BM25) > 1e-9 {
					t.Errorf("%s %q hit %d: %s %v one by one, %s %v all at once", stage, q, i, a[i].Chunk.ID, a[i].BM25, b[i].Chunk.ID, b[i].BM25)
				}
			}
		}
	}
	compare("added")
	for _, ix := range []*Index{one, all} {
		if _, err := ix.Remove(context.Background(), arts[2].doc.ID); err != nil {
			t.Fatal(err)
		}
	}
	compare("after a removal")
	if got, want := one.lex.tokens.Load(), all.lex.tokens.Load(); got != want || got == 0 {
		t.Errorf("token counts %d and %d", got, want)
	}
}
