package retrieval

import (
	"slices"
	"testing"
)

// TestAnalyzerStemsLikeStem checks that the BM25 term of a word is the word
// folded and stemmed the way the rest of summitbot does it.
func TestAnalyzerStemsLikeStem(t *testing.T) {
	an, err := newAnalyzer()
	if err != nil {
		t.Fatal(err)
	}
	words := []string{
		"troops", "Troops", "reporters", "guarantees", "guaranteed", "security",
		"multinational", "ceasefire", "ceasefires", "deployed", "deployment",
		"Canadian", "Canada", "Ukrainian", "Ukraine", "Russia's", "Russian",
		"Zelensky", "Zelenskyy", "Zelenskyy’s", "Zaporizhia", "Zaporizhzhia",
		"Élysée", "Macron's", "Kyiv", "Witkoff", "hubs", "gas", "news",
		"running", "flies", "dying", "generously", "relational", "hopefulness",
		"agreed", "agreement", "monitoring", "naïve", "café", "São", "1,000", "129",
		"USA", "U.S", "coalition", "willing", "Starmer", "NATO's", "sky", "skies",
	}
	for _, w := range words {
		got := an.terms(w)
		want := []string{Stem(Fold(w))}
		if !slices.Equal(got, want) {
			t.Errorf("terms(%q) = %q, want %q", w, got, want)
		}
	}
}

func TestAnalyzerDropsStopWords(t *testing.T) {
	an, err := newAnalyzer()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		text string
		want []string
	}{
		{"the and of", []string{}},
		{"how many did they say", []string{}},                               // the embedder's stop words
		{"whats the force called, dont they say", []string{"forc", "call"}}, // contractions typed without the apostrophe
		{"The US said it may help", []string{"usa", "help"}},
		{"is the us going to run the checks? tell us", []string{"usa", "go", "run", "check", "us"}}, // the pronoun stays
		{"The us-led monitoring", []string{"usa", "led", "monitor"}},
		{"they told us about campus-wide bonus-malus rules", []string{"us", "campus", "wide", "bonus", "malus", "rule"}},
		{"Ørsted’s Łódź plant", []string{"orst", "lodz", "plant"}}, // bleve folds what Fold keeps
	}
	for _, tt := range tests {
		if got := an.terms(tt.text); !slices.Equal(got, tt.want) {
			t.Errorf("terms(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

// TestAnalyzerNumbers checks that a hyphenated number is one term, its
// digits, as articles write it, and that other number words stay words.
func TestAnalyzerNumbers(t *testing.T) {
	an, err := newAnalyzer()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		text string
		want []string
	}{
		{"in twenty-four hours", []string{"24", "hour"}},
		{"Ninety‑nine drones", []string{"99", "drone"}}, // a non-breaking hyphen, capitalised
		{"thirty–one", []string{"31"}},
		{"twenty four", []string{"twenti", "four"}}, // two words: maybe two numbers
		{"thirty days", []string{"thirti", "day"}},  // the thesaurus relates thirty to 30
		{"twenty-something", []string{"twenti", "someth"}},
		{"four years", []string{"four", "year"}},
	}
	for _, tt := range tests {
		if got := an.terms(tt.text); !slices.Equal(got, tt.want) {
			t.Errorf("terms(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}
