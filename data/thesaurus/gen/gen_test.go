package main

import (
	"slices"
	"testing"
)

func TestSpellingPair(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"defence", "defense", true},
		{"defense", "defence", true},
		{"colour", "color", true},
		{"organise", "organize", true},
		{"stabilisation", "stabilization", true},
		{"centre", "center", true},
		{"programme", "program", true},
		{"analyse", "analyze", true},
		{"travelled", "traveled", true},
		{"four", "for", true}, // a spelling pair by the rules: only lemmas of one synset are paired
		{"force", "forces", false},
		{"deploy", "deployment", false},
		{"defence", "defence", false},
	}
	for _, tt := range tests {
		if got := spellingPair(tt.a, tt.b); got != tt.want {
			t.Errorf("spellingPair(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestParseSynset(t *testing.T) {
	line := "01379618 35 v 01 deploy 0 003 @ 01378574 v 0000 + 01143409 n 0101 ~ 01379822 v 0000 02 + 08 00 + 09 00 | to distribute systematically"
	s, err := parseSynset(line, 'v')
	if err != nil {
		t.Fatal(err)
	}
	if s.key != (synKey{'v', 1379618}) || s.lexFile != 35 || s.satellite {
		t.Errorf("got key %v, lex file %d, satellite %v", s.key, s.lexFile, s.satellite)
	}
	if got := []wnWord{{"deploy", 0}}; !slices.Equal(s.words, got) {
		t.Errorf("words = %v, want %v", s.words, got)
	}
	want := []pointer{
		{sym: "@", target: synKey{'v', 1378574}},
		{sym: "+", target: synKey{'n', 1143409}, src: 1, dst: 1},
		{sym: "~", target: synKey{'v', 1379822}},
	}
	if !slices.Equal(s.ptrs, want) {
		t.Errorf("pointers = %v, want %v", s.ptrs, want)
	}
	if s.gloss != "to distribute systematically" {
		t.Errorf("gloss = %q", s.gloss)
	}
	if _, err := parseSynset("01379618 35 v", 'v'); err == nil {
		t.Error("parseSynset accepted a short line")
	}
}

func TestSatelliteAndMarkers(t *testing.T) {
	line := "00003553 00 s 02 emergent 0 emerging(a) 0 001 & 00003356 a 0000 | coming into existence"
	s, err := parseSynset(line, 'a')
	if err != nil {
		t.Fatal(err)
	}
	if !s.satellite || s.words[1].lemma != "emerging" || s.ptrs[0].target.pos != 'a' {
		t.Errorf("got %+v", s)
	}
}

func TestTableLines(t *testing.T) {
	tb := &table{rel: map[string]map[string]byte{}, base: map[string][]string{"went": {"go"}}}
	tb.add("deploy", "deployment", '+')
	tb.add("deploy", "spread", '^')
	tb.add("deploy", "spread", '~') // closer than '^': replaces it
	tb.add("deploy", "deployment", '^')
	tb.add("deploy", "deploy", '~') // never itself
	got := tb.lines()
	want := []string{"deploy\t+deployment ~spread", "went\t<go"}
	if !slices.Equal(got, want) {
		t.Errorf("lines = %q, want %q", got, want)
	}
}
