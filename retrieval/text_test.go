package retrieval

import (
	"slices"
	"strings"
	"testing"
)

func TestFold(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"", ""},
		{"Élysée", "elysee"},
		{"Élysée’s", "elysee's"},
		{"ZELENSKYY", "zelenskyy"},
		{"Zaporizhzhia", "zaporizhzhia"},
		{"“robust” guarantees", `"robust" guarantees`},
		{"‘single’ quotes ʼ and prime′", "'single' quotes ' and prime'"},
		{"«Paris»", `"paris"`},
		{"MNF‑U — the force – 2026 − 1 ‐ x", "mnf-u - the force - 2026 - 1 - x"},
		{"15\u00a0000\u202ftroops\u2009now", "15 000 troops now"},
		{"Türkiye, Kraków, São Paulo, Mañana", "turkiye, krakow, sao paulo, manana"},
		{"e\u0301", "e"}, // decomposed accent
	}
	for _, tt := range tests {
		if got := Fold(tt.in); got != tt.want {
			t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	// The documented promise: typographic and ASCII spellings compare equal.
	if Fold("Élysée’s") != Fold("elysee's") {
		t.Error(`Fold("Élysée’s") != Fold("elysee's")`)
	}
}

func TestWords(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"  ,.;  ", nil},
		{"Leaders met in Paris.", []string{"leaders", "met", "in", "paris"}},
		{"Up to 15,000 troops", []string{"up", "to", "15,000", "troops"}},
		{"It costs 3.5 billion", []string{"it", "costs", "3.5", "billion"}},
		{"1,234,567.89 euros", []string{"1,234,567.89", "euros"}},
		{"in 2026, then 2027.", []string{"in", "2026", "then", "2027"}},
		{"Paris, France", []string{"paris", "france"}},
		{"“Élysée” — Zelenskyy", []string{"elysee", "zelenskyy"}},
		{"MNF-U", []string{"mnf", "u"}},
		{"Kyiv's allies", []string{"kyiv", "s", "allies"}},
	}
	for _, tt := range tests {
		if got := Words(Fold(tt.in)); !slices.Equal(got, tt.want) {
			t.Errorf("Words(Fold(%q)) = %q, want %q", tt.in, got, tt.want)
		}
	}
	// Curly and straight apostrophes give the same tokens.
	if a, b := Words(Fold("Ukraine’s allies")), Words(Fold("Ukraine's allies")); !slices.Equal(a, b) {
		t.Errorf("curly apostrophe %q != straight %q", a, b)
	}
}

func TestStem(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"guarantees", "guarante"},
		{"guaranteed", "guarante"},
		{"troops", "troop"},
		{"deployment", "deploy"},
		{"deployments", "deploy"},
		{"monitoring", "monitor"},
		{"us", "us"},   // short words are left alone
		{"was", "was"}, // short words are left alone
		{"15,000", "15,000"},
	}
	for _, tt := range tests {
		if got := Stem(tt.in); got != tt.want {
			t.Errorf("Stem(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if Stem("attacks") != Stem("attack") || Stem("attacked") != Stem("attacking") {
		t.Error("inflections of attack stem differently")
	}
}

func TestUncontract(t *testing.T) {
	tests := []struct{ in, want string }{
		{"whats the target headcount", "what is the target headcount"},
		{"What's the size?", "What is the size?"},
		{"what’s it called", "what is it called"},
		{"whos gonna monitor it", "who is gonna monitor it"},
		{"Where's the HQ, and how're they paying?", "Where is the HQ, and how are they paying?"},
		{"whose troops?", "whose troops?"},
		{"somewhats odd", "somewhats odd"},
		{"what was said", "what was said"},
	}
	for _, tt := range tests {
		if got := Uncontract(tt.in); got != tt.want {
			t.Errorf("Uncontract(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestIsStopword(t *testing.T) {
	for _, w := range []string{"the", "and", "of", "said", "would", "s", "ones", "pls", "please"} {
		if !IsStopword(w) {
			t.Errorf("IsStopword(%q) = false", w)
		}
	}
	for _, w := range []string{"troops", "paris", "macron", "guarantees", "us", "ceasefire", "most"} {
		if IsStopword(w) {
			t.Errorf("IsStopword(%q) = true", w)
		}
	}
}

func TestSlug(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"Ukraine allies unveil security guarantees", "ukraine-allies-unveil-security-guarantees"},
		{"Élysée Palace: renovation, 2026!", "elysee-palace-renovation-2026"},
		{"  --What’s next?--  ", "what-s-next"},
		{"!!!", ""},
		{"", ""},
		// Long titles are cut at 48 bytes without a trailing dash.
		{"Paris declaration on the multinational force for Ukraine signed", "paris-declaration-on-the-multinational-force-for"},
		{"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa bbb", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"},
	}
	for _, tt := range tests {
		got := Slug(tt.in)
		if got != tt.want {
			t.Errorf("Slug(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if got != "" && !ValidID(got) {
			t.Errorf("Slug(%q) = %q is not a valid id", tt.in, got)
		}
	}
}

func TestValidID(t *testing.T) {
	tests := []struct {
		id   string
		want bool
	}{
		{"ap-what-to-know", true},
		{"a", true},
		{"source-2", true},
		{"2026", true},
		{"", false},
		{"Upper", false},
		{"with space", false},
		{"trailing-", false},
		{"-leading", false},
		{"double--dash", false},
		{"under_score", false},
		{"hash#0", false},
		{"élysée", false},
		{strings.Repeat("a", 64), true},
		{strings.Repeat("a", 65), false},
		{strings.Repeat("ab-", 21) + "a", true}, // 64 characters
	}
	for _, tt := range tests {
		if got := ValidID(tt.id); got != tt.want {
			t.Errorf("ValidID(%q) (len %d) = %v, want %v", tt.id, len(tt.id), got, tt.want)
		}
	}
}

func TestNormalizedHash(t *testing.T) {
	base := NormalizedHash("Leaders met at the Élysée Palace.\n\nThey agreed.")
	same := []string{
		"leaders met at the elysee palace. they agreed.",
		"  LEADERS   met at the Élysée\tPalace.\nThey agreed.  ",
		"Leaders met at the Ély\u0301sée Palace. They agreed.",
	}
	for _, s := range same {
		if got := NormalizedHash(s); got != base {
			t.Errorf("NormalizedHash(%q) differs", s)
		}
	}
	for _, s := range []string{"Leaders met at the Élysée Palace. They disagreed.", "Leaders met at the Élysée Palace.They agreed."} {
		if NormalizedHash(s) == base {
			t.Errorf("NormalizedHash(%q) equals a different text's hash", s)
		}
	}
}

func TestSourceOfChunk(t *testing.T) {
	tests := []struct {
		id, want string
	}{
		{"ap-what-to-know#0", "ap-what-to-know"},
		{"ap-what-to-know#12", "ap-what-to-know"},
		{"source-2#3", "source-2"},
		{"no-position", "no-position"},
		{"weird#x", "weird#x"},
		{"a#1#2", "a#1"},
	}
	for _, tt := range tests {
		if got := sourceOfChunk(tt.id); got != tt.want {
			t.Errorf("sourceOfChunk(%q) = %q, want %q", tt.id, got, tt.want)
		}
	}
	for _, p := range []int{0, 7, 10, 123456} {
		if got := sourceOfChunk(chunkID("src", p)); got != "src" {
			t.Errorf("sourceOfChunk(chunkID(src, %d)) = %q", p, got)
		}
	}
}

func TestParseMode(t *testing.T) {
	tests := []struct {
		in      string
		want    Mode
		wantErr bool
	}{
		{"", Hybrid, false},
		{"hybrid", Hybrid, false},
		{" Dense ", Dense, false},
		{"BM25", Lexical, false},
		{"lexical", "", true},
		{"vector", "", true},
	}
	for _, tt := range tests {
		got, err := ParseMode(tt.in)
		if got != tt.want || (err != nil) != tt.wantErr {
			t.Errorf("ParseMode(%q) = %q, %v; want %q, error %v", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
}
