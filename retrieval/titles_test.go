package retrieval

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/summitbot/summitbot/data"
)

func TestLearnTitles(t *testing.T) {
	tests := []struct {
		text string
		want []string // surname: title words
	}{
		{"French President Emmanuel Macron said France was ready.", []string{"macron: french president"}},
		{"Italy’s Prime Minister Giorgia Meloni has ruled out deploying troops.", []string{"meloni: italy prime minister"}},
		{"U.S. envoy Steve Witkoff said the United States would help.", []string{"witkoff: usa envoy"}},
		{"On Tuesday, President Donald Trump spoke.", []string{"trump: president"}},
		{"NATO Secretary General Mark Rutte warned of consequences.", []string{"rutte: nato secretary general"}},
		{"Foreign Ministry spokeswoman Maria Zakharova said so.", []string{"zakharova: foreign ministry spokeswoman"}},
		// A heading's last words are not part of the next line's title.
		{"Multinational Deployments\nFrench President Emmanuel Macron spoke", []string{"macron: french president"}},
		// No title, a title without a name, a name cut off by punctuation.
		{"Emmanuel Macron said France was ready.", nil},
		{"The president said the talks went well.", nil},
		{"He met the President. Macron left early.", nil},
		{"Talks with the Prime Minister, Keir Starmer, went on.", nil},
		// More than three words after the title are not one name.
		{"President Of The United States Joe Biden", nil},
		// An acronym is not a surname.
		{"Secretary General NATO said", nil},
		// A possessive after the title ends the name; before it, it qualifies.
		{"Russian President Vladimir Putin's envoy Kirill Dmitriev met them.", []string{"putin: russian president", "dmitriev: envoy"}},
		// Headings in title case teach nothing; a capitalised stop word ends a name.
		{"French President Heads To Kyiv\nThe visit was short.", nil},
		{"Prime Minister Starmer And President Macron", nil},
		{"Talks with Prime Minister Starmer And President Macron went on.", []string{"starmer: prime minister", "macron: president"}},
		// A name with a particle, a title with a modifier: nothing learned.
		{"Commission President Ursula von der Leyen spoke.", nil},
		{"Syrian President Ahmed al-Sharaa spoke.", nil},
		{"Former U.S. President Joe Biden and U.S. Vice President JD Vance spoke.", nil},
		{"The former Dutch Prime Minister Mark Rutte spoke.", nil},
		{"Deputy Prime Minister David Lammy spoke.", nil},
		// Punctuation before a word ends the run before it; a handle is no name.
		{"He said: “French President Emmanuel Macron agrees.”", []string{"macron: french president"}},
		{"Senator Lindsey Graham (R-SC) agreed.", []string{"graham: senator"}},
		{"Defence Secretary John Healey MP agreed.", []string{"healey: defence secretary"}},
		{"Thank you to President @EmmanuelMacron for the talks.", nil},
	}
	for _, tt := range tests {
		var got []string
		for _, ti := range learnTitles(tt.text) {
			got = append(got, fmt.Sprintf("%s: %s", ti.surname, strings.Join(ti.words, " ")))
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("learnTitles(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

var titleDocs = []Document{
	{ID: "intro", Title: "Leaders", Text: "British Prime Minister Keir Starmer and French President Emmanuel Macron met Ukrainian President Volodymyr Zelensky in Paris on Tuesday."},
	{ID: "macron", Title: "Bases", Text: "Macron has previously mentioned Kyiv and Odesa as possible locations for the bases."},
	{ID: "starmer", Title: "Road", Text: "Starmer cautioned that the hardest yards are still ahead, noting that attacks on the country continue."},
	{ID: "weather", Title: "Weather", Text: "Rain is expected over the coast, with strong winds in the afternoon and cooler air by the evening."},
	{ID: "lavrov", Title: "Moscow", Text: "Russian Foreign Minister Sergei Lavrov rejected the plan on Wednesday, calling it a threat to the region."},
	{ID: "merz", Title: "Berlin", Text: "German Chancellor Friedrich Merz said his country is prepared to take part in the guarantees in some way."},
}

// A question naming a person by a qualified title is searched with the
// surname the passages give that title, as a related word of the title's
// noun; an unqualified title names no one.
func TestPlanTitledPeople(t *testing.T) {
	ix := openIndex(t, Options{Thesaurus: data.NewThesaurus()})
	for _, d := range titleDocs {
		mustAdd(t, ix, d)
	}
	tests := []struct {
		question string
		want     map[string][]string // term -> surnames' terms
	}{
		{"Which cities has the French president mentioned?", map[string][]string{"presid": {"macron"}}},
		{"What did the British premier warn about?", map[string][]string{"premier": {"starmer"}}},
		{"What did Kyiv's president say?", map[string][]string{"presid": {"zelenski"}}},
		{"What did the president of France say?", map[string][]string{"presid": {"macron"}}},
		{"What did the president say?", nil},
		{"What did the German chancellor say?", map[string][]string{"chancellor": {"merz"}}},
		{"What did the Russian foreign minister say?", map[string][]string{"minist": {"lavrov"}}},
		// Every qualifier must be in the title: not Lavrov's.
		{"What did the Ukrainian foreign minister say?", nil},
		// Only the first word after "of" qualifies; a role noun does not.
		{"Did the president of France meet Ukrainian officials?", map[string][]string{"presid": {"macron"}}},
		{"Who is the chief of the general staff?", nil},
		// A country's leader is its head of state or government.
		{"Which cities has the French leader floated?", map[string][]string{"leader": {"macron"}}},
		{"What did the German leader say?", map[string][]string{"leader": {"merz"}}},
		{"What did the Russian leader say?", nil}, // Lavrov is a minister, no head
		{"What did French President Macron say about the president?", nil},
	}
	for _, tt := range tests {
		p, err := ix.plan(context.Background(), tt.question)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string][]string{}
		for term, es := range p.exp {
			for _, e := range es {
				if e.title {
					got[term] = append(got[term], e.term)
				}
			}
		}
		if len(got) != len(tt.want) {
			t.Errorf("%q: title expansions %v, want %v", tt.question, got, tt.want)
			continue
		}
		for term, w := range tt.want {
			if !slices.Equal(got[term], w) {
				t.Errorf("%q: title expansions of %s = %v, want %v", tt.question, term, got[term], w)
			}
		}
	}
}

// QueryTerms reports, for each word of a title a question names someone
// by (its qualifiers and its noun), the person's surname: the answer step
// reads a sentence naming Macron as naming "the French president".
func TestQueryTermsTitledPeople(t *testing.T) {
	ix := openIndex(t, Options{Thesaurus: data.NewThesaurus()})
	for _, d := range titleDocs {
		mustAdd(t, ix, d)
	}
	tests := []struct {
		question string
		want     map[string][]string // term -> People
	}{
		{"Which cities has the French president mentioned?", map[string][]string{"french": {"macron"}, "presid": {"macron"}}},
		{"What did Kyiv's president say?", map[string][]string{"kyiv": {"zelenski"}, "presid": {"zelenski"}}},
		{"What did the president of France say?", map[string][]string{"presid": {"macron"}, "franc": {"macron"}}},
		{"What did the president say?", map[string][]string{}},
		{"What did the Ukrainian foreign minister say?", map[string][]string{}},
	}
	for _, tt := range tests {
		stats, err := ix.QueryTerms(context.Background(), tt.question)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string][]string{}
		for _, st := range stats {
			if len(st.People) > 0 {
				got[st.Term] = st.People
			}
		}
		if !maps.EqualFunc(got, tt.want, slices.Equal) {
			t.Errorf("%q: people %v, want %v", tt.question, got, tt.want)
		}
	}
}

// A passage naming a person only by surname is found by a question naming
// them only by title, right after the passage giving the title, where the
// same words without a title to learn ("Emmanuel Macron, a French
// president") do not find it; a removed source's titles are forgotten.
func TestSearchTitledPerson(t *testing.T) {
	ctx := context.Background()
	q := "What did the French president say?"
	untitled := slices.Clone(titleDocs)
	untitled[0].Text = "Keir Starmer, a British prime minister, and Emmanuel Macron, a French president, met Volodymyr Zelensky, a Ukrainian president, in Paris on Tuesday."
	for _, tt := range []struct {
		name string
		docs []Document
		want []string // the passages BM25 finds, and the first two in hybrid
	}{
		{"titled", titleDocs, []string{"intro#0", "macron#0"}},
		{"untitled", untitled, []string{"intro#0"}},
	} {
		ix := openIndex(t, Options{Thesaurus: data.NewThesaurus(), WordVectors: data.NewWordVectors()})
		for _, d := range tt.docs {
			mustAdd(t, ix, d)
		}
		lex, err := ix.Search(ctx, q, SearchOptions{K: 4, Mode: Lexical})
		if err != nil {
			t.Fatal(err)
		}
		if got := hitChunks(lex); !slices.Equal(got, tt.want) {
			t.Errorf("%s, bm25: hits %v, want %v", tt.name, got, tt.want)
		}
		if tt.name != "titled" {
			continue
		}
		hyb, err := ix.Search(ctx, q, SearchOptions{K: 4, Mode: Hybrid})
		if err != nil {
			t.Fatal(err)
		}
		if got := hitChunks(hyb); len(got) < 2 || !slices.Equal(got[:2], tt.want) {
			t.Errorf("%s, hybrid: hits %v, want %v first", tt.name, got, tt.want)
		}
		// Removing another source keeps the titles intro gives; removing
		// intro forgets them.
		for _, rm := range []struct {
			id   string
			want []string
		}{{"macron", []string{"macron"}}, {"intro", nil}} {
			if _, err := ix.Remove(ctx, rm.id); err != nil {
				t.Fatal(err)
			}
			p, err := ix.plan(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, es := range p.exp {
				for _, e := range es {
					if e.title {
						got = append(got, e.term)
					}
				}
			}
			if !slices.Equal(got, rm.want) {
				t.Errorf("after removing %s: title expansions %v, want %v", rm.id, got, rm.want)
			}
		}
	}
}

// BenchmarkTitledPeopleRebuild measures the first search naming a title
// after a change of sources: indexing 10,000 learned titles (1,000 people,
// ten titles each) by their role nouns.
func BenchmarkTitledPeopleRebuild(b *testing.B) {
	ix := openIndex(b, Options{Thesaurus: data.NewThesaurus()})
	for _, d := range titleDocs {
		mustAdd(b, ix, d)
	}
	quals := []string{"French", "British", "German", "Italian", "Polish", "Ukrainian", "Russian", "NATO", "Foreign", "Defence"}
	roles := []string{"President", "Prime Minister", "Chancellor", "envoy", "spokeswoman"}
	var texts []string
	for p := range 1000 {
		for k := range 10 {
			texts = append(texts, fmt.Sprintf("%s %s Name Surname%c%c%c spoke.", quals[k], roles[(p+k)%len(roles)], 'a'+p%26, 'a'+p/26%26, 'a'+p/676))
		}
	}
	ix.titles.note("bench", texts)
	if n := len(ix.titles.bySource["bench"]); n != 10000 {
		b.Fatalf("%d titles learned, want 10000", n)
	}
	ctx := context.Background()
	for b.Loop() {
		ix.titles.mu.Lock()
		ix.titles.byRole = nil
		ix.titles.mu.Unlock()
		if _, err := ix.plan(ctx, "What did the French president say?"); err != nil {
			b.Fatal(err)
		}
	}
}
