package bot

import "testing"

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
