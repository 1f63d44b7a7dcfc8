package bot

import (
	"slices"
	"testing"

	"github.com/summitbot/summitbot/retrieval"
)

func TestRegions(t *testing.T) {
	tests := []struct {
		sentence string
		want     []string
	}{
		{"Most troops would be deployed in western Ukraine, rather than near the front.", []string{"western"}},
		{"Fighting went on in the east and in the south.", []string{"east", "south"}},
		{"Western allies met in Paris.", nil},     // the West
		{"The western allies met in Paris.", nil}, // no name after it
		{"They met in the East Room.", nil},       // a name
	}
	for _, tt := range tests {
		if got := spanWords(tt.sentence, regions); !slices.Equal(got, tt.want) {
			t.Errorf("regions(%q) = %v, want %v", tt.sentence, got, tt.want)
		}
	}
}

// spanWords returns the first words of the spans find returns for sentence,
// each once.
func spanWords(sentence string, find func([]token) []span) []string {
	toks := tokenize(sentence)
	var got []string
	for _, s := range find(toks) {
		if w := toks[s.start].fold; !slices.Contains(got, w) {
			got = append(got, w)
		}
	}
	return got
}

// A question asking which part of a country is answered by a sentence
// naming a region, not by one naming the country only.
func TestRankSentencesRegionAsked(t *testing.T) {
	hits := []retrieval.Hit{
		{Chunk: retrieval.Chunk{Text: "The monitors of the truce would be based in Ukraine for a year, officials said."}, Source: retrieval.Source{ID: "country"}},
		{Chunk: retrieval.Chunk{Text: "Most monitors would sit in western Ukraine."}, Source: retrieval.Source{ID: "region"}},
	}
	q := "In which region would the monitors of the truce be based?"
	p := questionPart{text: q, typ: classify(q, english, testThesaurus())}
	ranked := rankSentences(p, candidates(hits, nil), relevanceInfo{}, lexicon{}, english)
	if len(ranked) == 0 {
		t.Fatal("no sentence ranked")
	}
	for _, s := range ranked {
		if got, want := s.typed, hits[s.hit].Source.ID == "region"; got != want {
			t.Errorf("%q typed %v, want %v", s.text, got, want)
		}
	}
}

func TestCities(t *testing.T) {
	tests := []struct {
		sentence string
		want     []string
	}{
		// A capital, and a name coordinated with it, though no place
		// preposition stands before them.
		{"Macron has previously mentioned Kyiv and Odesa as possible locations to station soldiers.", []string{"locations", "kyiv", "odesa"}},
		// A country, its adjective and a place noun that is no city's.
		{"If European troops eventually deploy to Ukrainian bases under MNF-U, they will operate in a tense environment.", nil},
		{"Most troops would be based in Ukraine, along the front line.", nil},
		{"The hubs would sit in Lviv and in the capital.", []string{"lviv", "capital"}},
	}
	lex := learn([]string{"They met in Lviv."})
	for _, tt := range tests {
		got := spanWords(tt.sentence, func(toks []token) []span { return cities(toks, lex) })
		if !slices.Equal(got, tt.want) {
			t.Errorf("cities(%q) = %v, want %v", tt.sentence, got, tt.want)
		}
	}
}

// A question asking which cities is answered by a sentence naming a city,
// not by one naming a country or its adjective only.
func TestRankSentencesCityAsked(t *testing.T) {
	hits := []retrieval.Hit{
		{Chunk: retrieval.Chunk{Text: "European troops could deploy to Ukrainian bases after a truce."}, Source: retrieval.Source{ID: "country"}},
		{Chunk: retrieval.Chunk{Text: "Macron has previously mentioned Kyiv and Odesa as places for troops."}, Source: retrieval.Source{ID: "city"}},
	}
	for _, q := range []string{"which two ukrainian cities could host troops?", "In which city could troops be based?"} {
		p := questionPart{text: q, typ: classify(q, english, testThesaurus())}
		ranked := rankSentences(p, candidates(hits, nil), relevanceInfo{}, lexicon{}, english)
		if len(ranked) == 0 {
			t.Fatalf("%q: no sentence ranked", q)
		}
		for _, s := range ranked {
			if got, want := s.typed, hits[s.hit].Source.ID == "city"; got != want {
				t.Errorf("%q: %q typed %v, want %v", q, s.text, got, want)
			}
		}
	}
}
