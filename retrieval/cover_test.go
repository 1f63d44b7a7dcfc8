package retrieval

import (
	"context"
	"fmt"
	"math"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
)

// coverIndex is an in-memory BM25 index of texts, chunk i of source "s<i%2>".
func coverIndex(t *testing.T, texts ...string) *lexical {
	t.Helper()
	l, _, err := openLexical("", nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.close() })
	var chunks []Chunk
	for i, text := range texts {
		chunks = append(chunks, Chunk{ID: fmt.Sprintf("c%d", i), SourceID: fmt.Sprintf("s%d", i%2), Text: text})
	}
	if err := l.batch(chunks, nil, nil, 1); err != nil {
		t.Fatal(err)
	}
	return l
}

// scores runs q over l and returns each matching chunk's score.
func scores(t *testing.T, l *lexical, q query.Query) map[string]float64 {
	t.Helper()
	stats, err := l.stats()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.WithValue(context.Background(), search.BM25StatsKey, stats)
	res, err := l.idx.SearchInContext(ctx, bleve.NewSearchRequestOptions(q, 100, 0, false))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]float64{}
	for _, h := range res.Hits {
		out[h.ID] = h.Score
	}
	return out
}

func termQuery(term string, boost float64) *query.TermQuery {
	q := bleve.NewTermQuery(term)
	q.SetField("text")
	if boost != 1 {
		q.SetBoost(boost)
	}
	return q
}

func sameScores(t *testing.T, name string, got, want map[string]float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: %d matches, want %d (got %v, want %v)", name, len(got), len(want), got, want)
	}
	for id, w := range want {
		if g, ok := got[id]; !ok || math.Abs(g-w) > 1e-9*math.Max(1, w) {
			t.Errorf("%s: score of %s = %v, want %v", name, id, g, w)
		}
	}
}

var coverTexts = []string{
	"France and Britain pledged troops for the force",
	"Britain promised ships and planes",
	"Italy refused to send troops",
	"the force would deploy in western Ukraine",
	"Britain pledged a pledge of support",
	"nothing of interest here",
}

// Without related words, coverQuery scores as bleve's disjunction does, with
// or without a source filter (which advances it).
func TestCoverQueryScoresAsDisjunction(t *testing.T) {
	l := coverIndex(t, coverTexts...)
	terms := []struct {
		term  string
		boost float64
	}{{"britain", 1}, {"pledg", 1}, {"troop", 0.5}, {"absent", 1}}
	var qs, qs2 []query.Query
	for _, tm := range terms {
		qs = append(qs, termQuery(tm.term, tm.boost))
		qs2 = append(qs2, termQuery(tm.term, tm.boost))
	}
	want := scores(t, l, bleve.NewDisjunctionQuery(qs...))
	if len(want) == 0 {
		t.Fatal("no matches")
	}
	sameScores(t, "all sources", scores(t, l, coverQuery(qs2)), want)

	src := termQuery("s0", 1)
	src.SetField("source_id")
	src2 := termQuery("s0", 1)
	src2.SetField("source_id")
	want = scores(t, l, bleve.NewConjunctionQuery(bleve.NewDisjunctionQuery(qs...), src))
	sameScores(t, "one source", scores(t, l, bleve.NewConjunctionQuery(coverQuery(qs2), src2)), want)
}

// A question word's related words add to its score and cover it in part: a
// chunk with the word itself scores as it would without them, one with only
// related words covers the word by their largest credit, not their sum.
func TestWordQueryCover(t *testing.T) {
	l := coverIndex(t,
		"britain pledged troops",  // c0: both question words
		"britain promised troops", // c1: a question word and a related word
		"britain vowed promised",  // c2: a question word and two related words of the other
		"britain alone",           // c3: one question word
		"pledged alone",           // c4: the other
		"vowed alone",             // c5: a related word (so that each term is in two chunks)
	)
	query := func(credit float64) query.Query {
		return coverQuery{termQuery("britain", 1), wordQuery{
			clauses: []query.Query{termQuery("pledg", 1), termQuery("promis", 0.4), termQuery("vow", 0.4)},
			credit:  []float64{1, credit, credit},
		}}
	}
	got := scores(t, l, query(0.5))
	for _, pair := range [][2]string{{"c0", "c2"}, {"c2", "c1"}, {"c1", "c3"}} {
		if got[pair[0]] <= got[pair[1]] {
			t.Errorf("score of %s = %v, want above %s's %v", pair[0], got[pair[0]], pair[1], got[pair[1]])
		}
	}
	// Credits change only the cover: with none, a chunk with related words
	// only covers one of the two question words, with 0.5 one and a half.
	none := scores(t, l, query(0))
	if none["c5"] != 0 || got["c5"] <= 0 {
		t.Errorf("c5, a related word alone: %v with credit 0, %v with 0.5; want 0 and above", none["c5"], got["c5"])
	}
	for id, want := range map[string]float64{"c0": 1, "c1": 1.5, "c2": 1.5, "c3": 1, "c4": 1} {
		if r := got[id] / none[id]; math.Abs(r-want) > 1e-9 {
			t.Errorf("%s: score with credit 0.5 / with none = %v, want %v", id, r, want)
		}
	}
	// The question's own word scores as without related words, but for the
	// query norm, which changes every chunk's score alike.
	base := scores(t, l, coverQuery{termQuery("britain", 1), termQuery("pledg", 1)})
	if r, r0 := got["c0"]/got["c4"], base["c0"]/base["c4"]; math.Abs(r-r0) > 1e-9 {
		t.Errorf("c0/c4 = %v, want %v as without related words", r, r0)
	}
}
