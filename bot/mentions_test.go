package bot

import (
	"slices"
	"strings"
	"testing"
)

// An ordinal is mentioned by passages writing its digits, as dates do; other
// words are not read as ordinals.
func TestOrdinalWritten(t *testing.T) {
	retrieved := map[string]bool{"6": true, "januari": true, "two": true}
	tests := []struct {
		surface string
		want    bool
	}{
		{"6th", true},
		{"7th", false}, // the passages do not write 7
		{"6", false},   // no ordinal: a number must be written as asked
		{"sixth", false},
	}
	for _, tt := range tests {
		if _, got := ordinalWritten(tt.surface, retrieved); got != tt.want {
			t.Errorf("ordinalWritten(%q) = %v, want %v", tt.surface, got, tt.want)
		}
	}
}

// An initialism the index lacks is mentioned by a run of the passages' words
// spelling it: capitals by words that are no stop words, small letters by
// any word.
func TestInitialismMentioned(t *testing.T) {
	words := strings.Fields("the first layer is ukraine s armed forces along the line of contact and five years of aid")
	tests := []struct {
		surface string
		want    []string
	}{
		{"UAF", []string{"ukrain", "arm", "forc"}},
		{"LoC", []string{"line", "contact"}},
		{"LOC", nil}, // a capital O needs a word that is no stop word
		{"FY", nil},  // two letters: "five years" is no fiscal year
		{"HMG", nil},
		{"uaf", nil}, // no capitals: an ordinary word
		{"Uaf", nil},
		{"C2", nil},
	}
	for _, tt := range tests {
		if got := initialismMentioned(tt.surface, words); !slices.Equal(got, tt.want) {
			t.Errorf("initialismMentioned(%q) = %q, want %q", tt.surface, got, tt.want)
		}
	}
}

// A decade is written by one of its years; an ordinal by its digits.
func TestNumberWritten(t *testing.T) {
	retrieved := map[string]bool{"6": true, "2030": true, "31": true}
	tests := []struct {
		surface string
		want    string
		ok      bool
	}{
		{"2030s", "2030", true},
		{"2020s", "", false}, // no year of the 2020s
		{"6th", "6", true},
		{"1990s", "", false},
		{"2030", "", false}, // a year must be written as asked
	}
	for _, tt := range tests {
		if got, ok := numberWritten(tt.surface, retrieved); got != tt.want || ok != tt.ok {
			t.Errorf("numberWritten(%q) = %q, %v, want %q, %v", tt.surface, got, ok, tt.want, tt.ok)
		}
	}
}
