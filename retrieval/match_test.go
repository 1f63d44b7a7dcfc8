package retrieval

import (
	"context"
	"slices"
	"strings"
	"testing"
)

func TestSameWord(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"troop", "troop", true},
		{"kyiv", "kiev", false},              // too short for variants
		{"zelenski", "zelenskyy", true},      // two edits, both long
		{"zaporizhia", "zaporizhzhia", true}, // two edits, both long
		{"macron", "macrons", true},          // one edit
		{"macron", "micron", true},           // one edit
		{"putin", "putis", true},             // one edit at five runes
		{"putin", "pitis", false},            // two edits, short
		{"canadian", "canada", true},         // root "canad", endings "ian" and "a"
		{"ukrainian", "ukrain", true},        // root "ukrain", endings "ian" and ""
		{"russian", "russia", true},          // one edit and the same root
		{"canadian", "canadiennes", false},   // ending too long
		{"german", "germanium", true},        // same root, short endings
		{"security", "secure", true},         // root "secur", endings "ity" and "e"
		{"forces", "former", false},          // root "for" too short
		{"international", "interim", false},  // ending "national" too long
		{"starmer", "stammer", true},         // one edit
		{"deployment", "development", false}, // three edits
		{"witkoff", "witkof", true},          // one edit
		{"abcde", "abcdefgh", true},          // root "abcde", ending "fgh"
		{"abcde", "abcdefghi", false},        // ending too long
	}
	for _, tt := range tests {
		for _, pair := range [][2]string{{tt.a, tt.b}, {tt.b, tt.a}} {
			if got := sameWord(pair[0], pair[1]); got != tt.want {
				t.Errorf("sameWord(%q, %q) = %v, want %v", pair[0], pair[1], got, tt.want)
			}
		}
	}
}

// TestQueryTermsMatches checks the variants QueryTerms reports against the
// built-in articles, which write "Zelenskyy" (and once "Zelensky"), "Canada",
// "Ukraine" and "Zaporizhia".
func TestQueryTermsMatches(t *testing.T) {
	ix := openIndex(t, Options{})
	addAll(t, ix, builtinArticles(t))
	terms, err := ix.QueryTerms(context.Background(), "Did the Canadian Zelenskiy visit Zaporizhzhia, Atlantis and Ukrainian troops?")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]string{}
	for _, ts := range terms {
		got[ts.Surface] = ts.Matches
	}
	tests := []struct {
		surface string
		want    []string // must be among the matches
		not     []string // must not be
	}{
		{"Canadian", []string{"canada"}, nil},
		{"Zelenskiy", []string{"zelenski", "zelenskyy"}, nil},
		{"Zaporizhzhia", []string{"zaporizhia"}, nil},
		{"Ukrainian", []string{"ukrainian", "ukrain"}, nil},
		{"troops", []string{"troop"}, nil},
		{"Atlantis", nil, nil},
	}
	for _, tt := range tests {
		m, ok := got[tt.surface]
		if !ok {
			t.Errorf("%s: not reported (%v)", tt.surface, got)
			continue
		}
		if tt.want == nil && len(m) != 0 {
			t.Errorf("%s: matches %q, want none", tt.surface, m)
		}
		for _, w := range tt.want {
			if !slices.Contains(m, w) {
				t.Errorf("%s: matches %q, want %q among them", tt.surface, m, w)
			}
		}
	}
	// Every match is a term some passage has.
	var all []string
	for _, s := range ix.Sources() {
		text, err := ix.Text(context.Background(), s.ID)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, ix.Terms(text)...)
	}
	for _, ts := range terms {
		for _, m := range ts.Matches {
			if !slices.Contains(all, m) {
				t.Errorf("%s: match %q is in no passage", ts.Surface, m)
			}
		}
	}
	// Term comes first when the index holds it.
	for _, ts := range terms {
		if ts.DocFreq > 0 && (len(ts.Matches) == 0 || ts.Matches[0] != ts.Term) {
			t.Errorf("%s: DocFreq %d, matches %q do not start with %q", ts.Surface, ts.DocFreq, ts.Matches, ts.Term)
		}
		if ts.DocFreq == 0 && slices.Contains(ts.Matches, ts.Term) {
			t.Errorf("%s: DocFreq 0 but matches %q hold %q", ts.Surface, ts.Matches, ts.Term)
		}
	}
}

// TestLexicalExpandsVariants checks that a BM25 search for a spelling the
// index lacks finds the passages of the one it has.
func TestLexicalExpandsVariants(t *testing.T) {
	ix := openIndex(t, Options{})
	addAll(t, ix, builtinArticles(t))
	tests := []struct{ query, word string }{
		{"Zaporizhzhia", "Zaporizhia"},
		{"Canadian", "Canada"},
		{"Zelenskiy", "Zelensky"},
	}
	for _, tt := range tests {
		hits, err := ix.Search(context.Background(), tt.query, SearchOptions{K: 3, Mode: Lexical})
		if err != nil {
			t.Fatal(err)
		}
		if len(hits) == 0 || !containsFold(hits[0].Chunk.Text, tt.word) {
			t.Errorf("search %q: top hit %v does not mention %q", tt.query, hitChunks(hits), tt.word)
		}
	}
}

// containsFold reports whether text has word, ignoring case and accents.
func containsFold(text, word string) bool {
	return strings.Contains(Fold(text), Fold(word))
}
