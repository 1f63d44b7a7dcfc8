package bot

import (
	"context"
	"maps"
	"slices"
	"strings"
	"testing"
)

func TestSetAside(t *testing.T) {
	names := map[string]bool{"itali": true, "franc": true, "uk": true}
	tests := []struct {
		text string
		want []string
	}{
		{"apart from italy, which two nations said no?", []string{"itali"}},
		{"Other than France and the UK, who pledged troops?", []string{"franc", "uk"}},
		{"besides Italy which country refused", []string{"itali"}},
		// Only names are set aside: "military help" is still asked about.
		{"Apart from military help, could the pledges involve sanctions?", nil},
		{"Which countries refused, Italy among them?", nil},
	}
	for _, tt := range tests {
		got := slices.Sorted(maps.Keys(setAside(tt.text, names)))
		if !slices.Equal(got, tt.want) {
			t.Errorf("setAside(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}

// A name the question sets aside ("apart from Italy") is one the asker
// knows about: the answer leads with the others.
func TestExtractiveLeadsWithWhatIsNotSetAside(t *testing.T) {
	idx := thesaurusCorpus(t)
	e := newEngine(t, idx, nil, Options{})
	for _, q := range []string{
		"Apart from Italy, which countries refused to send troops?",
		"other than italy, who said no to sending soldiers?",
	} {
		a, err := e.Ask(context.Background(), Question{Text: q}, nil)
		if err != nil {
			t.Fatal(err)
		}
		var first string
		for _, line := range strings.Split(a.Text, "\n") {
			if strings.HasPrefix(line, "- ") {
				first = line
				break
			}
		}
		if !strings.Contains(first, "Croatia") {
			t.Errorf("Ask(%q) leads with %q, want the sentence naming Croatia:\n%s", q, first, a.Text)
		}
		checkGrounded(t, idx, a)
	}
}
