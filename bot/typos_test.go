package bot

import (
	"testing"

	"github.com/summitbot/summitbot/retrieval"
)

func TestCorrectQuestionWords(t *testing.T) {
	words, err := commonWords()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ q, want string }{
		{"wich parliament would have to okay sending german forces?", "which parliament would have to okay sending german forces?"},
		{"Wich parliament must approve it?", "Which parliament must approve it?"},
		{"waht did the kremlin say?", "what did the kremlin say?"},
		{"and wehre will the troops be?", "and where will the troops be?"},
		// One edit from two question words (how, who): left as typed.
		{"hwo said it?", "hwo said it?"},
		// Words and names: "whet" is a word, "Whitaker" a name, and a
		// capitalised word inside the question is a name.
		{"did it whet their appetite?", "did it whet their appetite?"},
		{"What did Whitaker say?", "What did Whitaker say?"},
		{"Did Wich say it?", "Did Wich say it?"},
		{"what did they say?", "what did they say?"},
	}
	for _, tt := range tests {
		if got := correctQuestionWords(tt.q, words, testVocabulary()); got != tt.want {
			t.Errorf("correctQuestionWords(%q) = %q, want %q", tt.q, got, tt.want)
		}
	}
	if got := correctQuestionWords("wich parliament?", words, nil); got != "wich parliament?" {
		t.Errorf("without a vocabulary: %q, want it unchanged", got)
	}
}

func TestCorrectTypos(t *testing.T) {
	words, err := commonWords()
	if err != nil {
		t.Fatal(err)
	}
	// The passages' words, as the index would hold them.
	indexed := func(w string) bool {
		switch w {
		case "government", "guarantee", "guarantees", "committed", "fighting", "starmer", "retained":
			return true
		}
		return false
	}
	tests := []struct{ q, want string }{
		// Vocab knows "goverment", but as the 36,357th word.
		{"which goverment said it would quit paying for ammo?", "which government said it would quit paying for ammo?"},
		{"are the gaurantees binding?", "are the guarantees binding?"},
		{"Gaurantees: are they binding?", "Guarantees: are they binding?"},
		{"was it xetained?", "was it retained?"},
		// A word, a name the passages hold, a capitalised name, a word
		// too short to tell from a name, and one correction the passages
		// do not hold are left as typed.
		{"what did the government say?", "what did the government say?"},
		{"what did starmer say?", "what did starmer say?"},
		{"What did Gaurantee say?", "What did Gaurantee say?"},
		{"how many did ukrane get?", "how many did ukrane get?"},
		{"which cabinett said it?", "which cabinett said it?"},
		// A listed word ("commited" is "commit" and "-ed") is no typo.
		{"has london commited?", "has london commited?"},
		// One edit from two words the passages hold ("guarantee",
		// "guarantees"): which is meant is unclear.
		{"is it a guaranteer?", "is it a guaranteer?"},
	}
	for _, tt := range tests {
		if got := correctTypos(tt.q, words, testVocabulary(), indexed); got != tt.want {
			t.Errorf("correctTypos(%q) = %q, want %q", tt.q, got, tt.want)
		}
	}
	if got := correctTypos("are the gaurantees binding?", words, nil, indexed); got != "are the gaurantees binding?" {
		t.Errorf("without a vocabulary: %q, want it unchanged", got)
	}
}

func TestCorrectCountryTypos(t *testing.T) {
	// The passages' words, as the index would hold them (by stem, as
	// Engine.holds answers: "paris" holds "parying" too).
	indexed := func(w string) bool {
		switch retrieval.Stem(w) {
		case "britain", "british", "ukrain", "pari", "pay":
			return true
		}
		return false
	}
	tests := []struct{ q, want string }{
		{"How much has Britian promised?", "How much has Britain promised?"},
		{"what did the brittish PM warn about?", "what did the british PM warn about?"},
		{"how many troops for Ukriane?", "how many troops for Ukraine?"},
		// A word vocab knows, a word the passages hold, a word too short,
		// and a typo of an ordinary word are left as typed.
		{"what will it stop paying for?", "what will it stop paying for?"},
		{"What did Britain say?", "What did Britain say?"},
		{"did Pari say so?", "did Pari say so?"},
		{"what will it stop parying for?", "what will it stop parying for?"},
	}
	for _, tt := range tests {
		if got := correctCountryTypos(tt.q, testVocabulary(), indexed); got != tt.want {
			t.Errorf("correctCountryTypos(%q) = %q, want %q", tt.q, got, tt.want)
		}
	}
	if got := correctCountryTypos("How much has Britian promised?", nil, indexed); got != "How much has Britian promised?" {
		t.Errorf("without a vocabulary: %q, want it unchanged", got)
	}
}

func TestOneEdit(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"wich", "which", true},   // left out
		{"whicch", "which", true}, // added
		{"whot", "what", true},    // changed
		{"waht", "what", true},    // swapped
		{"what", "what", false},
		{"wat", "when", false},
		{"hwo", "who", true},
		{"whta", "what", true},
		{"tahw", "what", false},
	}
	for _, tt := range tests {
		if got := oneEdit(tt.a, tt.b); got != tt.want {
			t.Errorf("oneEdit(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}
