package retrieval

import (
	"context"
	"slices"
	"testing"

	"github.com/summitbot/summitbot/data"
)

func TestSameOrdinaryWord(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"person", "personnel", true}, // a root of 6 letters
		{"parliament", "parliamentari", true},
		{"offic", "offici", false},   // office, officials: a root of 5
		{"suppos", "support", false}, // suppose, support
		{"light", "fight", false},    // one edit
		{"polic", "polici", false},   // police, policy
	}
	for _, tt := range tests {
		if got := sameOrdinaryWord(tt.a, tt.b); got != tt.want {
			t.Errorf("sameOrdinaryWord(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

// With the ordinary words known, a question word the index lacks is not
// matched by another ordinary word one edit or a short root away, while a
// misspelling or a name still is; without them, every variant counts.
func TestQueryTermsOrdinaryWords(t *testing.T) {
	doc := Document{ID: "a", Title: "Officials", Text: "Officials said the light brigade from Canada would fight. The accord was signed."}
	words := map[string]bool{"office": true, "officials": true, "official": true, "light": true, "fight": true, "night": true, "accord": true, "brigade": true, "said": true, "would": true, "signed": true}
	for _, tt := range []struct {
		name  string
		words map[string]bool
		want  map[string][]string // question term: its matches
	}{
		{"ordinary words known", words, map[string][]string{"offic": nil, "night": nil, "acord": {"accord"}, "canadian": {"canada"}}},
		{"none known", nil, map[string][]string{"offic": {"offici"}, "night": {"fight", "light"}, "acord": {"accord"}, "canadian": {"canada"}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ix := openIndex(t, Options{OrdinaryWords: tt.words})
			mustAdd(t, ix, doc)
			terms, err := ix.QueryTerms(context.Background(), "office night acording canadian")
			if err != nil {
				t.Fatal(err)
			}
			got := map[string][]string{}
			for _, ts := range terms {
				got[ts.Term] = ts.Matches
			}
			for term, want := range tt.want {
				if !slices.Equal(got[term], want) && !(len(got[term]) == 0 && len(want) == 0) {
					t.Errorf("%s: matches %v, want %v", term, got[term], want)
				}
			}
			// BM25 expands a lacked word to the same variants.
			hits, err := ix.Search(context.Background(), "night", SearchOptions{K: 5, Mode: Lexical})
			if err != nil {
				t.Fatal(err)
			}
			if found, want := len(hits) > 0, tt.words == nil; found != want {
				t.Errorf("BM25 search for night: found %d passages, want found %v", len(hits), want)
			}
		})
	}
}

// BenchmarkOrdinaryTerms measures the one-off cost of reading the ordinary
// words' terms, paid by the first search that looks for variants.
func BenchmarkOrdinaryTerms(b *testing.B) {
	words, err := data.CommonWords()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		ordinaryTerms(words)("offic")
	}
}
