package retrieval

import (
	"context"
	"iter"
	"maps"
	"math"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/summitbot/summitbot/data"
)

// fakeThesaurus relates each word, or phrase (its words joined by spaces),
// to words with their closeness, in order.
type fakeThesaurus map[string][]relatedWord

type relatedWord struct {
	word      string
	closeness float64
}

func (f fakeThesaurus) Related(word string) iter.Seq2[string, float64] {
	return func(yield func(string, float64) bool) {
		for _, r := range f[word] {
			if !yield(r.word, r.closeness) {
				return
			}
		}
	}
}

func (f fakeThesaurus) RelatedPhrase(words ...string) iter.Seq2[string, float64] {
	return f.Related(strings.Join(words, " "))
}

var paraphraseDocs = []Document{
	{ID: "pledged", Title: "Pledges", Text: "Twenty nations pledged soldiers for the reassurance force. The soldiers would stay far from the front."},
	{ID: "promised", Title: "Promises", Text: "Twenty nations promised soldiers for the reassurance force. The soldiers would stay far from the front."},
	{ID: "moscow", Title: "Reaction", Text: "Moscow reacted with alarm and called the plan an axis of war, warning that foreign bases would be targets."},
	{ID: "weather", Title: "Weather", Text: "Rain is expected over the coast, with strong winds in the afternoon and cooler air by the evening."},
}

func paraphraseIndex(t *testing.T, th Thesaurus) *Index {
	t.Helper()
	ix := openIndex(t, Options{Thesaurus: th})
	for _, d := range paraphraseDocs {
		mustAdd(t, ix, d)
	}
	return ix
}

func TestPlanExpansions(t *testing.T) {
	th := fakeThesaurus{
		"pledge": {{"promise", 0.6}, {"vow", 0.6}, {"soldier", 0.6}},       // vow: not in the index; soldier: a question word
		"russia": {{"moscow", 0.7}, {"russian", 0.8}},                      // the index holds moscow only
		"rain":   {{"rain", 1}, {"wind", 0.3}, {"rains", 1}, {"coast", 1}}, // rain, rains: the word itself
	}
	ix := paraphraseIndex(t, th)
	p, err := ix.plan(context.Background(), "Which nations pledge soldiers, says Russia, in the rain?")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]string{}
	for term, es := range p.exp {
		for _, e := range es {
			got[term] = append(got[term], e.term)
			if e.boost <= 0 || e.boost > lexExpansionBoost*e.closeness+1e-12 {
				t.Errorf("%s ~ %s: boost %v, want in (0, %v]", term, e.term, e.boost, lexExpansionBoost*e.closeness)
			}
			if e.cover <= 0 || e.cover >= 1 {
				t.Errorf("%s ~ %s: cover %v, want in (0, 1)", term, e.term, e.cover)
			}
		}
	}
	want := map[string][]string{
		"pledg":  {"promis"},
		"russia": {"moscow"},
		"rain":   {"wind", "coast"},
	}
	if len(got) != len(want) {
		t.Errorf("expansions %v, want %v", got, want)
	}
	for term, w := range want {
		if !slices.Equal(got[term], w) {
			t.Errorf("expansions of %s = %v, want %v", term, got[term], w)
		}
	}
	// The related words of one question word share one weight in the
	// query's vector.
	var sum float64
	for _, e := range p.exp["rain"] {
		sum += e.dense
	}
	if math.Abs(sum-denseExpansionWeight) > 1e-9 {
		t.Errorf("dense weights of rain's related words sum to %v, want %v", sum, denseExpansionWeight)
	}
}

// A related word rarer than the question's own may not outweigh it: its
// boost is cut by the square of their idf ratio.
func TestPlanCapsRareRelatedWords(t *testing.T) {
	ix := paraphraseIndex(t, fakeThesaurus{"nations": {{"moscow", 0.6}}, "moscow": {{"nations", 0.6}}})
	p, err := ix.plan(context.Background(), "nations")
	if err != nil {
		t.Fatal(err)
	}
	rare := p.exp["nation"]
	if len(rare) != 1 || rare[0].boost >= lexExpansionBoost*0.6 {
		t.Errorf("nation ~ moscow (rarer): %+v, want a boost below %v", rare, lexExpansionBoost*0.6)
	}
	p, err = ix.plan(context.Background(), "moscow")
	if err != nil {
		t.Fatal(err)
	}
	common := p.exp["moscow"]
	if len(common) != 1 || math.Abs(common[0].boost-lexExpansionBoost*0.6) > 1e-12 {
		t.Errorf("moscow ~ nation (commoner): %+v, want boost %v", common, lexExpansionBoost*0.6)
	}
}

// A run of the question's words the thesaurus knows as a phrase brings its
// related words into the clause of its last word with a term; a run ending
// in a preposition is not looked up.
func TestPlanPhraseExpansions(t *testing.T) {
	th := fakeThesaurus{
		"left out":          {{"promise", 0.6}},
		"left":              {{"rain", 0.6}},  // its other senses: not for "left out"
		"going to":          {{"coast", 0.6}}, // not looked up
		"soldiers going":    {{"front", 0.6}},
		"reassurance force": {{"wind", 0.3}},
	}
	ix := paraphraseIndex(t, th)
	p, err := ix.plan(context.Background(), "Were soldiers going to the reassurance force left out?")
	if err != nil {
		t.Fatal(err)
	}
	got := expandedTerms(p)
	want := map[string][]string{
		"left": {"promis"}, // "out" is a stop word: the clause of "left"
		"go":   {"front"},
		"forc": {"wind"},
	}
	if len(got) != len(want) {
		t.Errorf("expansions %v, want %v", got, want)
	}
	for term, w := range want {
		if !slices.Equal(got[term], w) {
			t.Errorf("expansions of %s = %v, want %v", term, got[term], w)
		}
	}
}

// A verb keeps its own related words where it is not part of a phrasal
// verb the thesaurus knows.
func TestPlanVerbWithoutParticle(t *testing.T) {
	th := fakeThesaurus{
		"left out":  {{"promise", 0.6}},
		"left":      {{"rain", 0.6}},
		"pledge up": nil,
		"pledge":    {{"wind", 0.6}},
	}
	ix := paraphraseIndex(t, th)
	tests := []struct {
		q    string
		want map[string][]string
	}{
		{"Which soldiers were left? Out of the reassurance force?", map[string][]string{"left": {"rain"}}},
		{"Did they pledge up front?", map[string][]string{"pledg": {"wind"}}},
	}
	for _, tt := range tests {
		p, err := ix.plan(context.Background(), tt.q)
		if err != nil {
			t.Fatal(err)
		}
		if got := expandedTerms(p); !maps.EqualFunc(got, tt.want, slices.Equal) {
			t.Errorf("plan(%q) expands %v, want %v", tt.q, got, tt.want)
		}
	}
}

// expandedTerms returns the related terms of each of a plan's terms, in
// order.
func expandedTerms(p *queryPlan) map[string][]string {
	got := map[string][]string{}
	for term, es := range p.exp {
		for _, e := range es {
			got[term] = append(got[term], e.term)
		}
	}
	return got
}

// A phrase stays within a clause, and the words of a hyphenated number
// (searched as its digits) bring no related words of their own.
func TestPlanPhrasesStayInClauses(t *testing.T) {
	th := fakeThesaurus{
		"left out": {{"promise", 0.6}},
		"twenty":   {{"rain", 0.6}},
		"four":     {{"wind", 0.6}},
	}
	ix := paraphraseIndex(t, th)
	for _, q := range []string{
		"Which soldiers were left? Out of the reassurance force?",
		"Which soldiers were left, out of the reassurance force?",
		"What did twenty-four soldiers pledge?",
	} {
		p, err := ix.plan(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		if len(p.exp) != 0 {
			t.Errorf("plan(%q) expands %v, want nothing", q, p.exp)
		}
	}
}

// wordsOnly hides a thesaurus's phrases: it relates single words only.
type wordsOnly struct{ Thesaurus }

func (wordsOnly) RelatedPhrase(...string) iter.Seq2[string, float64] {
	return func(func(string, float64) bool) {}
}

// A question that says "left out" finds the passage that says "omitted"
// through the thesaurus's leave_out ~ omit, which its words alone do not
// reach; QueryTerms reports omit as related to "left", as the bot's
// sentence ranking reads it.
func TestSearchPhraseQuestion(t *testing.T) {
	docs := []Document{
		{ID: "omitted", Title: "Communique", Text: "Support for the monitoring mission was omitted from the final communique, officials said on Thursday."},
		{ID: "wing", Title: "Parties", Text: "The left wing of the party criticised the budget deal and called for a vote before the end of the month."},
		{ID: "weather", Title: "Weather", Text: "Rain is expected over the coast, with strong winds in the afternoon and cooler air by the evening."},
	}
	ctx := context.Background()
	q := "Which provision was left out of the deal?"
	search := func(th Thesaurus) *Index {
		ix := openIndex(t, Options{Thesaurus: th})
		for _, d := range docs {
			mustAdd(t, ix, d)
		}
		return ix
	}
	th := data.NewThesaurus()
	for _, tt := range []struct {
		name string
		th   Thesaurus
		want bool
	}{{"words only", wordsOnly{th}, false}, {"with phrases", th, true}} {
		ix := search(tt.th)
		hits, err := ix.Search(ctx, q, SearchOptions{K: 3, Mode: Lexical, PerSource: -1})
		if err != nil {
			t.Fatal(err)
		}
		if got := slices.Contains(hitSources(hits), "omitted"); got != tt.want {
			t.Errorf("%s: sources %v; holds omitted: %v, want %v", tt.name, hitSources(hits), got, tt.want)
		}
		terms, err := ix.QueryTerms(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		i := slices.IndexFunc(terms, func(ts TermStat) bool { return ts.Term == "left" })
		if i < 0 {
			t.Fatalf("%s: QueryTerms has no term left: %+v", tt.name, terms)
		}
		if got := slices.Contains(terms[i].Related, "omit"); got != tt.want {
			t.Errorf("%s: QueryTerms: left related %v; holds omit: %v, want %v", tt.name, terms[i].Related, got, tt.want)
		}
	}
}

func TestPlanWithoutThesaurus(t *testing.T) {
	ix := paraphraseIndex(t, nil)
	p, err := ix.plan(context.Background(), "Which nations pledged soldiers?")
	if err != nil {
		t.Fatal(err)
	}
	if len(p.exp) != 0 {
		t.Errorf("expansions without a thesaurus: %v", p.exp)
	}
	if p.df["nation"] != 2 || p.df["pledg"] != 1 {
		t.Errorf("document frequencies %v, want nation 2, pledg 1", p.df)
	}
}

// A question worded as neither source finds both through a related word,
// and the source with the question's own word ranks first, in every mode.
func TestSearchRelatedWords(t *testing.T) {
	th := fakeThesaurus{
		"pledged": {{"promise", 0.6}},
		"russia":  {{"moscow", 0.7}},
		"respond": {{"react", 0.6}},
	}
	ix := paraphraseIndex(t, th)
	ctx := context.Background()
	for _, mode := range []Mode{Lexical, Dense, Hybrid} {
		hits, err := ix.Search(ctx, "Which nations pledged soldiers?", SearchOptions{K: 2, Mode: mode, PerSource: -1})
		if err != nil {
			t.Fatal(err)
		}
		if got, want := hitSources(hits), []string{"pledged", "promised"}; !slices.Equal(got, want) {
			t.Errorf("%s: sources %v, want %v", mode, got, want)
		}
		hits, err = ix.Search(ctx, "How did Russia respond?", SearchOptions{K: 1, Mode: mode})
		if err != nil {
			t.Fatal(err)
		}
		if got := hitSources(hits); len(got) != 1 || got[0] != "moscow" {
			t.Errorf("%s: Russia respond: sources %v, want [moscow]", mode, got)
		}
	}
	// Without the thesaurus the BM25 search has nothing to go on.
	plain := paraphraseIndex(t, nil)
	hits, err := plain.Search(ctx, "How did Russia respond?", SearchOptions{K: 1, Mode: Lexical})
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) != 0 {
		t.Errorf("without a thesaurus: %v, want no BM25 hit", hitSources(hits))
	}
}

// Searches share the thesaurus: the first ones load it, concurrently.
func TestSearchThesaurusConcurrent(t *testing.T) {
	ix := paraphraseIndex(t, data.NewThesaurus())
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			q := []string{"Which countries promised troops?", "How did the Kremlin respond?"}[i%2]
			hits, err := ix.Search(context.Background(), q, SearchOptions{K: 2})
			if err != nil || len(hits) == 0 {
				t.Errorf("Search(%q) = %d hits, %v", q, len(hits), err)
			}
		})
	}
	wg.Wait()
}

func TestQueryTermsRelated(t *testing.T) {
	ix := paraphraseIndex(t, fakeThesaurus{"pledged": {{"promise", 0.6}, {"vow", 0.6}}})
	terms, err := ix.QueryTerms(context.Background(), "Which nations pledged soldiers?")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]string{}
	for _, ts := range terms {
		got[ts.Term] = ts.Related
	}
	if !slices.Equal(got["pledg"], []string{"promis"}) || len(got["nation"]) != 0 {
		t.Errorf("related terms %v, want pledg: [promis] and nothing else", got)
	}
	plain := paraphraseIndex(t, nil)
	terms, err = plain.QueryTerms(context.Background(), "Which nations pledged soldiers?")
	if err != nil {
		t.Fatal(err)
	}
	for _, ts := range terms {
		if len(ts.Related) != 0 {
			t.Errorf("without a thesaurus: %s related to %v", ts.Term, ts.Related)
		}
	}
}

func TestQueryTermsStands(t *testing.T) {
	th := fakeThesaurus{
		"russia":  {{"moscow", 0.7}},  // a capital: stands for it
		"pledged": {{"promise", 0.6}}, // a synonym: related only
	}
	ix := paraphraseIndex(t, th)
	terms, err := ix.QueryTerms(context.Background(), "Has Russia pledged anything?")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		term          string
		related, want []string
	}{
		{"russia", []string{"moscow"}, []string{"moscow"}},
		{"pledg", []string{"promis"}, nil},
	}
	got := map[string]TermStat{}
	for _, ts := range terms {
		got[ts.Term] = ts
	}
	for _, tt := range tests {
		ts := got[tt.term]
		if !slices.Equal(ts.Related, tt.related) || !slices.Equal(ts.Stands, tt.want) {
			t.Errorf("%s: related %v, stands %v; want related %v, stands %v", tt.term, ts.Related, ts.Stands, tt.related, tt.want)
		}
	}
}

// A word standing for another word of the same question ("Prague" for
// "Czechs") is no related word of it, which the search would count twice,
// but it stands for it: a passage naming the Czechs names Prague.
func TestQueryTermsStandsForOwnWord(t *testing.T) {
	th := fakeThesaurus{
		"prague":  {{"czech", 0.7}},
		"pledged": {{"promise", 0.6}}, // a synonym: never stands for it
		"promise": {{"pledge", 0.6}},
	}
	ix := paraphraseIndex(t, th)
	mustAdd(t, ix, Document{ID: "czech", Title: "Czechs", Text: "The Czech Republic promised no soldiers for the reassurance force, and said it would stop funding ammunition."})
	terms, err := ix.QueryTerms(context.Background(), "The Czechs pledged and promised soldiers, but how many is Prague sending?")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]TermStat{}
	for _, ts := range terms {
		got[ts.Term] = ts
	}
	if ts := got["pragu"]; len(ts.Related) != 0 || !slices.Equal(ts.Stands, []string{"czech"}) {
		t.Errorf("pragu: related %v, stands %v; want no related, stands [czech]", ts.Related, ts.Stands)
	}
	if ts := got["pledg"]; len(ts.Stands) != 0 {
		t.Errorf("pledg: stands %v, want none", ts.Stands)
	}
}

// A capital in a question stands for what is of its country: "Ottawa"
// finds a passage that names only "the Canadian prime minister".
func TestSearchCapitalFindsCountryAdjective(t *testing.T) {
	docs := []Document{
		{ID: "canadian", Title: "Summit", Text: "Canadian Prime Minister Mark Carney thanked the host for convening the meeting in Paris on Tuesday."},
		{ID: "weather", Title: "Weather", Text: "Rain is expected over the coast, with strong winds in the afternoon and cooler air by the evening."},
		{ID: "trade", Title: "Trade", Text: "Exports of lumber rose in the spring as prices climbed, the statistics office reported on Friday."},
	}
	ctx := context.Background()
	for _, tt := range []struct {
		name string
		th   Thesaurus
		want []string
	}{
		{"with the thesaurus", data.NewThesaurus(), []string{"canadian"}},
		{"without", nil, nil},
	} {
		ix := openIndex(t, Options{Thesaurus: tt.th})
		for _, d := range docs {
			mustAdd(t, ix, d)
		}
		hits, err := ix.Search(ctx, "What did Ottawa say?", SearchOptions{K: 1, Mode: Lexical})
		if err != nil {
			t.Fatal(err)
		}
		if got := hitSources(hits); !slices.Equal(got, tt.want) {
			t.Errorf("%s: sources %v, want %v", tt.name, got, tt.want)
		}
	}
}

// Words joined by a slash are each their own surface word: "acronym" in
// "name/acronym" is the word the sources must hold, not "name/acronym".
func TestQueryTermsSlash(t *testing.T) {
	ix := paraphraseIndex(t, nil)
	terms, err := ix.QueryTerms(context.Background(), "what's the short name/acronym?")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, ts := range terms {
		got[ts.Term] = ts.Surface
	}
	for term, want := range map[string]string{"name": "name", "acronym": "acronym"} {
		if got[term] != want {
			t.Errorf("term %s: surface %q, want %q (all: %v)", term, got[term], want, got)
		}
	}
}
