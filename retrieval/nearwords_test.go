package retrieval

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"math"
	"slices"
	"testing"

	"github.com/summitbot/summitbot/data"
)

// fakeVectors gives a few words two-dimensional vectors.
type fakeVectors struct {
	words []string
	vecs  [][2]float64
}

func (f fakeVectors) ID(word string) (int, bool) {
	i := slices.Index(f.words, word)
	return i, i >= 0
}

func (f fakeVectors) Len() int { return len(f.words) }

func (f fakeVectors) Word(id int) string { return f.words[id] }

func (f fakeVectors) Cosine(a, b int) float64 {
	x, y := f.vecs[a], f.vecs[b]
	return (x[0]*y[0] + x[1]*y[1]) / (math.Hypot(x[0], x[1]) * math.Hypot(y[0], y[1]))
}

func TestNearRanking(t *testing.T) {
	// delegates and participants are near (cosine 0.8), weather is not.
	vecs := fakeVectors{
		words: []string{"delegates", "participants", "weather", "attended"},
		vecs:  [][2]float64{{1, 0}, {0.8, 0.6}, {0, 1}, {0.3, -1}},
	}
	ix := &Index{words: vecs}
	terms := []nearTerm{
		{stem: Stem("delegates"), id: 0, idf: 2},
		{stem: Stem("attended"), id: 3, idf: 1},
		{stem: Stem("zaporizhzhia"), id: -1, idf: 1}, // a name: no vector
	}
	chunks := map[string]Chunk{
		"exact":    {Text: "The delegates attended in Zaporizhzhia."},
		"near":     {Text: "The participants attended."},
		"far":      {Text: "The weather attended."},
		"nothing":  {Text: "Rain fell on the coast."},
		"offtopic": {Text: "The participants attended."},
	}
	ids := []string{"nothing", "far", "near", "offtopic", "exact"}
	weight := func(id string) float64 {
		if id == "offtopic" {
			return 0.5
		}
		return 1
	}
	got, own := ix.nearRanking(terms, ids, chunks, weight)
	// exact holds all of the question in its own words.
	if own != 1 {
		t.Errorf("own = %v, want 1", own)
	}
	// near: attended 1 + delegates 2 × (0.8-0.4)/0.6, of 4.
	nearScore := (1 + 2*(0.8-0.4)/0.6) / 4
	want := []scored{
		{id: "exact", score: 1},
		{id: "near", score: nearScore},
		{id: "offtopic", score: nearScore / 2},
		{id: "far", score: 0.25}, // weather is not near delegates: attended alone
	}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range want {
		if got[i].id != want[i].id || math.Abs(got[i].score-want[i].score) > 1e-9 {
			t.Errorf("place %d: got %v, want %v", i+1, got[i], want[i])
		}
	}
}

// TestNearRankingOwn: own is the largest share of the question a candidate
// holds in the question's own words, whatever it holds near them and
// whatever its topic weight.
func TestNearRankingOwn(t *testing.T) {
	vecs := fakeVectors{
		words: []string{"delegates", "participants", "attended"},
		vecs:  [][2]float64{{1, 0}, {0.8, 0.6}, {0.3, -1}},
	}
	ix := &Index{words: vecs}
	terms := []nearTerm{
		{stem: Stem("delegates"), id: 0, idf: 3},
		{stem: Stem("attended"), id: 2, idf: 1},
	}
	half := func(string) float64 { return 0.5 }
	for _, tt := range []struct {
		name   string
		chunks map[string]Chunk
		want   float64
	}{
		{"all in its own words", map[string]Chunk{"a": {Text: "The delegates attended."}, "b": {Text: "Rain."}}, 1},
		{"one word of its own, one near", map[string]Chunk{"a": {Text: "The participants attended."}}, 0.25},
		{"the best candidate counts", map[string]Chunk{"a": {Text: "They attended."}, "b": {Text: "The delegates left."}}, 0.75},
		{"near words only", map[string]Chunk{"a": {Text: "The participants left."}}, 0},
	} {
		ids := slices.Sorted(maps.Keys(tt.chunks))
		if _, got := ix.nearRanking(terms, ids, tt.chunks, half); math.Abs(got-tt.want) > 1e-9 {
			t.Errorf("%s: own = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestNearOtherForms: a word is also read as the most frequent other word
// of its stem, so a passage's "supervised" is as near "oversee" as
// "supervise" is, and a question's word without a vector is read as the
// words of its stem that have one.
func TestNearOtherForms(t *testing.T) {
	// Numbered most frequent first, as data.WordVectors numbers them:
	// supervise is near oversee (cosine 0.8); supervised is not (0.3).
	vecs := fakeVectors{
		words: []string{"supervise", "oversee", "supervised", "weather", "supervising"},
		vecs:  [][2]float64{{1, 0}, {0.8, 0.6}, {0.3, -0.954}, {-0.6, 0.8}, {-1, 0}},
	}
	ix := &Index{words: vecs}
	for _, tt := range []struct {
		word      string
		id, other int
	}{
		{"supervised", 2, 0}, // the stem's most frequent word
		{"supervise", 0, 2},  // itself the most frequent: the next
		{"supervises", 0, 2}, // no vector: the stem's two most frequent
		{"weather", 3, -1},   // no other word of its stem
		{"zaporizhzhia", -1, -1},
	} {
		id, other := ix.forms(tt.word, Stem(tt.word))
		if id != tt.id || other != tt.other {
			t.Errorf("forms(%q) = %d, %d; want %d, %d", tt.word, id, other, tt.id, tt.other)
		}
	}
	term := func(w string) nearTerm {
		id, other := ix.forms(w, Stem(w))
		return nearTerm{stem: Stem(w), id: id, other: other, idf: 1}
	}
	chunks := map[string]Chunk{
		"supervised": {Text: "The ceasefire would be supervised."},
		"weather":    {Text: "The weather would be fine."},
	}
	one := func(string) float64 { return 1 }
	for _, tt := range []struct {
		question string
		want     []scored
	}{
		// oversee meets supervised through supervise: (0.8-0.4)/0.6.
		{"oversee", []scored{{id: "supervised", score: (0.8 - 0.4) / 0.6}}},
		// supervises (no vector) holds supervised by its stem, and weather
		// is far from every form of it.
		{"supervises", []scored{{id: "supervised", score: 1}}},
	} {
		got, _ := ix.nearRanking([]nearTerm{term(tt.question)}, []string{"weather", "supervised"}, chunks, one)
		if len(got) != len(tt.want) {
			t.Fatalf("%s: got %v, want %v", tt.question, got, tt.want)
		}
		for i := range tt.want {
			if got[i].id != tt.want[i].id || math.Abs(got[i].score-tt.want[i].score) > 1e-9 {
				t.Errorf("%s: place %d: got %v, want %v", tt.question, i+1, got[i], tt.want[i])
			}
		}
	}
	// nearness compares each word's other form with the other word as
	// written, never the two other forms.
	word := func(w string) *nearWord {
		id, other := ix.forms(w, Stem(w))
		return &nearWord{stem: Stem(w), id: id, other: other}
	}
	for _, tt := range []struct {
		term, word string
		want       float64
	}{
		{"supervising", "oversee", 0.8},    // supervise, oversee
		{"oversee", "supervised", 0.8},     // oversee, supervise
		{"supervised", "supervising", 0.3}, // supervised, supervise; not supervise twice
	} {
		if got := ix.nearness(term(tt.term), word(tt.word)); math.Abs(got-tt.want) > 1e-3 {
			t.Errorf("nearness(%s, %s) = %.3f, want %.3f", tt.term, tt.word, got, tt.want)
		}
	}
}

// TestNearRarity: a question word common in English weighs less in the
// near-word ranking than one the articles hold as often that is rare in
// English, so a passage holding the rare one ranks first.
func TestNearRarity(t *testing.T) {
	// 1,000 words, most frequent first: "supposed" first, "contingent" last.
	vecs := fakeVectors{}
	for i := range 1000 {
		w := fmt.Sprintf("filler%d", i)
		switch i {
		case 0:
			w = "supposed"
		case 999:
			w = "contingent"
		}
		vecs.words = append(vecs.words, w)
		vecs.vecs = append(vecs.vecs, [2]float64{math.Cos(float64(i)), math.Sin(float64(i))})
	}
	ix := openIndex(t, Options{WordVectors: vecs})
	for _, tt := range []struct {
		stem string
		want float64
	}{
		{Stem("supposed"), math.Log(10) / math.Log(1000)},
		{Stem("filler500"), math.Log(510) / math.Log(1000)},
		{Stem("contingent"), 1},   // ln(1009)/ln(1000), capped
		{Stem("zaporizhzhia"), 1}, // no vector
	} {
		if got := ix.rarity(tt.stem); math.Abs(got-tt.want) > 1e-9 {
			t.Errorf("rarity(%s) = %.4f, want %.4f", tt.stem, got, tt.want)
		}
	}
	// Each word is in one passage, so BM25 weighs them alike.
	mustAdd(t, ix, Document{ID: "a-supposed", Title: "One", Text: "The talks were supposed to end on Tuesday, the organisers of the meeting in the old town hall announced."})
	mustAdd(t, ix, Document{ID: "b-contingent", Title: "Two", Text: "The contingent left on Tuesday, the organisers of the parade in the old town square announced."})
	const question = "supposed contingent"
	plan, err := ix.plan(context.Background(), question)
	if err != nil {
		t.Fatal(err)
	}
	terms := ix.nearTerms(question, plan)
	if len(terms) != 2 || terms[0].idf >= terms[1].idf {
		t.Fatalf("nearTerms(%q) = %+v, want supposed weighing less than contingent", question, terms)
	}
	if got, want := terms[0].idf/terms[1].idf, math.Log(10)/math.Log(1000); math.Abs(got-want) > 1e-9 {
		t.Errorf("supposed weighs %.4f of contingent, want %.4f", got, want)
	}
	chunks := map[string]Chunk{}
	var ids []string
	for _, id := range []string{"a-supposed#0", "b-contingent#0"} {
		c, err := ix.dense.chunk(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		chunks[id], ids = c, append(ids, id)
	}
	got, _ := ix.nearRanking(terms, ids, chunks, func(string) float64 { return 1 })
	if len(got) != 2 || got[0].id != "b-contingent#0" {
		t.Errorf("near ranking = %v, want b-contingent#0 first", got)
	}
}

func TestCandidates(t *testing.T) {
	// b is in both rankings; a is first in one, c second in one.
	got := candidates([]scored{{id: "a"}, {id: "b"}}, []scored{{id: "b"}, {id: "c"}})
	if want := []string{"b", "a", "c"}; !slices.Equal(got, want) {
		t.Errorf("candidates = %v, want %v", got, want)
	}
}

// TestSearchNearWords: with the built-in word vectors, a passage that says
// what the question asks in other words ("countries pledged troops" for
// "nations promised soldiers") holds the most of the question, and ranks
// above passages sharing a word with it that it ranks below without them.
func TestSearchNearWords(t *testing.T) {
	docs := []Document{
		{ID: "answer", Title: "Summit", Text: "Several countries pledged troops to the force that would deploy after a ceasefire, the declaration said."},
		{ID: "band", Title: "Parade", Text: "The soldiers' band played at the parade in the afternoon, and the crowd stayed until the fireworks."},
		{ID: "garden", Title: "Garden", Text: "Which roses win a prize is decided by the judges of the garden club at the end of the spring fair."},
		{ID: "weather", Title: "Weather", Text: "Rain is expected over the coast, with strong winds in the afternoon and cooler air by the evening."},
	}
	const question = "Which nations promised soldiers?"
	ctx := context.Background()
	rank := map[string]int{}
	for _, tt := range []struct {
		name  string
		words WordVectors
	}{
		{"with word vectors", data.NewWordVectors()},
		{"without", nil},
	} {
		ix := openIndex(t, Options{WordVectors: tt.words})
		for _, d := range docs {
			mustAdd(t, ix, d)
		}
		hits, err := ix.Search(ctx, question, SearchOptions{K: len(docs), Mode: Hybrid, PerSource: -1})
		if err != nil {
			t.Fatal(err)
		}
		rank[tt.name] = slices.Index(hitSources(hits), "answer") + 1
		if tt.words != nil {
			best := slices.MaxFunc(hits, func(a, b Hit) int { return cmp.Compare(a.Near, b.Near) })
			if best.Source.ID != "answer" {
				t.Errorf("%s: %s holds the most of the question (near %.2f), want answer", tt.name, best.Source.ID, best.Near)
			}
		}
		// A search by its own words only ranks as one without vectors.
		own, err := ix.Search(ctx, question, SearchOptions{K: len(docs), Mode: Hybrid, PerSource: -1, OwnWordsOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		rank[tt.name+", own words only"] = slices.Index(hitSources(own), "answer") + 1
		for _, h := range own {
			if h.Near != 0 {
				t.Errorf("%s, own words only: hit %s has near score %v", tt.name, h.Source.ID, h.Near)
			}
		}
		// The other modes never use the vectors.
		for _, mode := range []Mode{Dense, Lexical} {
			hits, err := ix.Search(ctx, question, SearchOptions{K: len(docs), Mode: mode})
			if err != nil {
				t.Fatal(err)
			}
			for _, h := range hits {
				if h.Near != 0 {
					t.Errorf("%s, %s search: hit %s has near score %v", tt.name, mode, h.Source.ID, h.Near)
				}
			}
		}
	}
	if a, b := rank["with word vectors, own words only"], rank["without"]; a != b {
		t.Errorf("own words only: the answer ranks %d with word vectors, %d without; want the same", a, b)
	}
	with, without := rank["with word vectors"], rank["without"]
	if with == 0 || without == 0 || with >= without {
		t.Errorf("the answer ranks %d with word vectors and %d without; want it higher with them", with, without)
	}
}

// BenchmarkSearchNearWords measures what the near-word ranking costs a
// hybrid search over the built-in articles and the distractors, with the
// built-in word vectors (loaded before the timing) and without them.
//
//	go test ./retrieval -run '^$' -bench BenchmarkSearchNearWords -benchmem -count 3
func BenchmarkSearchNearWords(b *testing.B) {
	vecs := data.NewWordVectors()
	if err := vecs.Load(); err != nil {
		b.Fatal(err)
	}
	for _, tt := range []struct {
		name  string
		words WordVectors
	}{
		{"with", vecs},
		{"without", nil},
	} {
		ix := openIndex(b, Options{Topic: "the January 2026 Paris summit on security guarantees for Ukraine", WordVectors: tt.words})
		addAll(b, ix, allArticles(b))
		b.Run("vectors="+tt.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := ix.Search(context.Background(), "Which nations promised soldiers for the force after a truce?", SearchOptions{K: DefaultK}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkWordVectorsLoad measures reading the built-in word vectors,
// which the first search of a process does.
//
//	go test ./retrieval -run '^$' -bench BenchmarkWordVectorsLoad -benchmem -count 3
func BenchmarkWordVectorsLoad(b *testing.B) {
	for b.Loop() {
		if err := data.NewWordVectors().Load(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkStemForms measures grouping the built-in word vectors' words by
// stem, which the first near-word search of an index does after reading
// them (BenchmarkWordVectorsLoad).
//
//	go test ./retrieval -run '^$' -bench BenchmarkStemForms -benchmem -count 3
func BenchmarkStemForms(b *testing.B) {
	vecs := data.NewWordVectors()
	if err := vecs.Load(); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		ix := &Index{words: vecs}
		if ix.stemForm(Stem("supervised"), -1) < 0 {
			b.Fatal("no word of the stem of supervised")
		}
	}
}

// TestSearchNearTrust: a hybrid search weighs a near-word place 1 +
// nearTrust × (1 − own) times a dense or BM25 one, own being the largest
// share of the question a candidate holds in its own words: 1 (no extra
// weight) when a passage holds them all, more when none does.
func TestSearchNearTrust(t *testing.T) {
	docs := []Document{
		{ID: "answer", Title: "Summit", Text: "Several countries pledged troops to the force that would deploy after a ceasefire, the declaration said."},
		{ID: "band", Title: "Parade", Text: "The soldiers' band played at the parade in the afternoon, and the crowd stayed until the fireworks."},
		{ID: "garden", Title: "Garden", Text: "Which roses win a prize is decided by the judges of the garden club at the end of the spring fair."},
		{ID: "weather", Title: "Weather", Text: "Rain is expected over the coast, with strong winds in the afternoon and cooler air by the evening."},
	}
	ix := openIndex(t, Options{WordVectors: data.NewWordVectors()})
	for _, d := range docs {
		mustAdd(t, ix, d)
	}
	// Each hit's place in each ranking, from its scores: every passage is
	// a dense candidate (the index holds fewer than a ranking takes); a
	// passage is a BM25 or near-word one when it scores there.
	place := func(hits []Hit, key func(Hit) float64, all bool) map[string]int {
		sorted := slices.Clone(hits)
		slices.SortStableFunc(sorted, func(a, b Hit) int { return cmp.Compare(key(b), key(a)) })
		out := map[string]int{}
		for i, h := range sorted {
			if all || key(h) > 0 {
				out[h.Chunk.ID] = i + 1
			}
		}
		return out
	}
	for _, tt := range []struct {
		question   string
		wantWeight float64
	}{
		// No passage holds "nations", "promised" and "soldiers" together:
		// the band's passage holds "soldiers" alone, by far the commonest
		// in English of the three and so weighing least.
		{"Which nations promised soldiers?", 0},
		// The answer holds every word of the question.
		{"Which countries pledged troops?", 1},
	} {
		hits, err := ix.Search(context.Background(), tt.question, SearchOptions{K: len(docs), Mode: Hybrid, PerSource: -1})
		if err != nil {
			t.Fatal(err)
		}
		dense := place(hits, func(h Hit) float64 { return h.Dense }, true)
		lex := place(hits, func(h Hit) float64 { return h.BM25 }, false)
		near := place(hits, func(h Hit) float64 { return h.Near }, false)
		var weights []float64
		for _, h := range hits {
			id := h.Chunk.ID
			rest := h.Score
			if r := dense[id]; r > 0 {
				rest -= denseWeight / float64(RRFConstant+r)
			}
			if r := lex[id]; r > 0 {
				rest -= 1 / float64(RRFConstant+r)
			}
			if r := near[id]; r > 0 {
				weights = append(weights, rest*float64(RRFConstant+r))
			}
		}
		if len(weights) == 0 {
			t.Fatalf("%q: no hit has a near-word place", tt.question)
		}
		for _, w := range weights {
			if math.Abs(w-weights[0]) > 1e-9 {
				t.Fatalf("%q: near places weigh %v, want one weight", tt.question, weights)
			}
		}
		switch w := weights[0]; {
		case tt.wantWeight == 1 && math.Abs(w-1) > 1e-9:
			t.Errorf("%q: a near place weighs %.3f, want 1 (a passage holds all the question)", tt.question, w)
		case tt.wantWeight == 0 && (w <= 1 || w > 1+nearTrust):
			t.Errorf("%q: a near place weighs %.3f, want more than 1, at most %v", tt.question, w, 1+nearTrust)
		}
	}
}

// A spelling of a question's word that the word vectors do not know
// ("Türkiye" for "Turkey") counts in the near-word ranking as the word
// itself; a related word they know counts only by its nearness.
func TestNearSpellingWithoutVector(t *testing.T) {
	ix := openIndex(t, Options{Thesaurus: data.NewThesaurus(), WordVectors: data.NewWordVectors()})
	mustAdd(t, ix, Document{ID: "sea", Title: "Sea", Text: "Türkiye would be responsible for maritime security in the Black Sea, officials familiar with the proposal said."})
	q := "What job would Turkey have?"
	p, err := ix.plan(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	terms := ix.nearTerms(q, p)
	i := slices.IndexFunc(terms, func(t nearTerm) bool { return t.stem == Stem("turkey") })
	if i < 0 {
		t.Fatalf("no term for turkey in %v", terms)
	}
	got := ix.held(terms[i:i+1], "Türkiye would be responsible for maritime security.", map[string]*nearWord{}, map[string]bool{})
	if want := terms[i].idf; got != want {
		t.Errorf("held(turkey, Türkiye …) = %v, want the whole word, %v", got, want)
	}
	if _, ok := ix.words.ID("turkiye"); ok {
		t.Fatal("the word vectors know turkiye: the test needs a spelling they lack")
	}
}
