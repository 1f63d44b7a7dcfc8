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
		toks := tokenize(tt.sentence)
		var got []string
		for _, s := range regions(toks) {
			got = append(got, toks[s.start].fold)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("regions(%q) = %v, want %v", tt.sentence, got, tt.want)
		}
	}
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
