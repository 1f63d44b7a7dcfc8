package bot

import "testing"

// A one-digit number written in digits is mentioned by passages writing its
// word; other numbers, and a word the passages lack, are not.
func TestDigitSpelt(t *testing.T) {
	retrieved := map[string]bool{"two": true, "envoy": true, "15,000": true}
	tests := []struct {
		surface string
		want    bool
	}{
		{"2", true},
		{"3", false},   // the passages do not write "three"
		{"12", false},  // written in digits by the articles, as asked
		{"two", false}, // a word, not a digit
	}
	for _, tt := range tests {
		if _, got := digitSpelt(tt.surface, retrieved); got != tt.want {
			t.Errorf("digitSpelt(%q) = %v, want %v", tt.surface, got, tt.want)
		}
	}
}
