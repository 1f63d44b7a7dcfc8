package bot

import (
	"context"
	"strings"
	"testing"
)

func TestAskedDoer(t *testing.T) {
	tests := []struct{ q, want string }{
		{"who will command the coordination centre in kyiv?", "command"},
		{"who is going to oversee a truce?", "overse"},
		{"who'll lead the force?", "lead"},
		{"who is set to take charge of the black sea?", "take"},
		{"who commanded the force?", ""},              // no future
		{"who isn't going to send troops?", ""},       // a negation asks no deed
		{"which countries who will send troops?", ""}, // a relative "who"
		{"who will the force answer to?", ""},         // "the": no verb follows
	}
	for _, tt := range tests {
		if got := askedDoer(tt.q); got != tt.want {
			t.Errorf("askedDoer(%q) = %q, want %q", tt.q, got, tt.want)
		}
	}
}

func TestActs(t *testing.T) {
	tests := []struct {
		s, name string
		want    bool
	}{
		{"France and the UK would provide the bulk of ground forces;", "France", true},
		{"Türkiye would be responsible for maritime security in the Black Sea;", "Türkiye", true},
		{"Any ceasefire would be supervised by the United States.", "United", true},
		{"Some countries, like Italy, have already said they will not send ground troops.", "Italy", true},
		{"Macron has previously mentioned Kyiv and Odesa as possible locations.", "Macron", true},
		{"The measures would transform support into commitments backed by force, coordination, and US involvement.", "US", false},
		{"The measures mark a shift in Western policy since the invasion.", "Western", false},
	}
	for _, tt := range tests {
		toks := tokenize(tt.s)
		var got, seen bool
		for k, tok := range toks {
			if tok.raw == tt.name {
				end := k + 1
				for end < len(toks) && toks[end].capital && !toks[end].comma {
					end++
				}
				got, seen = acts(toks, span{k, end}), true
				break
			}
		}
		if !seen || got != tt.want {
			t.Errorf("acts(%q, %q) = %v (found %v), want %v", tt.s, tt.name, got, seen, tt.want)
		}
	}
}

// A "who will <verb>" question is answered by a name doing the deed asked
// (or one worded otherwise, by the thing it is done to), not by any name in
// a sentence sharing a word with it.
func TestExtractiveDoer(t *testing.T) {
	idx := thesaurusCorpus(t)
	e := newEngine(t, idx, nil, Options{})
	tests := []struct {
		question string
		want     string // "" when not found
	}{
		{"Who will command the coordination centre in Kyiv?", ""},
		{"Who would supervise a ceasefire?", "United States"},
		{"Who is meant to police the black sea?", "Türkiye"},
		{"Who will verify that the truce holds?", "U.S."},
	}
	for _, tt := range tests {
		a, err := e.Ask(context.Background(), Question{Text: tt.question}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if a.Found != (tt.want != "") || !strings.Contains(a.Text, tt.want) {
			t.Errorf("Ask(%q) = found %v:\n%s\nwant found %v with %q", tt.question, a.Found, a.Text, tt.want != "", tt.want)
		}
		checkGrounded(t, idx, a)
	}
}
