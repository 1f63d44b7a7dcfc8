package bot

import (
	"context"
	"strings"
	"testing"
)

func TestOutletOf(t *testing.T) {
	tests := []struct {
		country, stem string
		want          bool
	}{
		{"british", "sky", true},
		{"uk", "reuter", true},
		{"french", "mond", true},
		{"franc", "sky", false},
		{"british", "unit", false},
	}
	for _, tt := range tests {
		if got := outletOf(tt.country, tt.stem); got != tt.want {
			t.Errorf("outletOf(%q, %q) = %v, want %v", tt.country, tt.stem, got, tt.want)
		}
	}
}

// A question asking about a news outlet by its country is answered by the
// sentence naming the outlet, which the articles never call British.
func TestExtractiveAnswersTheOutletAsked(t *testing.T) {
	idx := thesaurusCorpus(t)
	e := newEngine(t, idx, nil, Options{})
	for _, q := range []string{
		"which british tv channel reviewed the draft documents?",
		"Which UK broadcaster reviewed the draft documents?",
	} {
		a, err := e.Ask(context.Background(), Question{Text: q}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if !a.Found || !strings.Contains(a.Text, "Sky News") {
			t.Errorf("Ask(%q) = found %v:\n%s\nwant an answer naming Sky News", q, a.Found, a.Text)
		}
		checkGrounded(t, idx, a)
	}
}
