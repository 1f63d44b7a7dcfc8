package bot

import (
	"testing"
)

func TestIsNotFound(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"NOT_FOUND", true},
		{" not_found ", true},
		{"\"NOT_FOUND.\"", true},
		{"*NOT FOUND*", true},
		{"Not found in the sources.", true},
		{"The sources say the force was not found to be ready [1].", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := isNotFound(tt.in); got != tt.want {
			t.Errorf("isNotFound(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestMayBeNotFound(t *testing.T) {
	tests := []struct {
		draft string
		want  bool
	}{
		{"", true},
		{"N", true},
		{"NOT_", true},
		{"NOT_FOUND", true},
		{"`NOT_FO", true},
		{"**Not f", true},
		{"Not found in the sources", true},
		{"No", true}, // may still become "NOT FOUND"
		{"Nothing", false},
		{"No agreement was reached [1].", false},
		{"Officials said", false},
		{"- Washington backed", false},
	}
	for _, tt := range tests {
		if got := mayBeNotFound(tt.draft); got != tt.want {
			t.Errorf("mayBeNotFound(%q) = %v, want %v", tt.draft, got, tt.want)
		}
	}
	// A reply the detector calls NOT_FOUND is never shown while it streams.
	for _, reply := range []string{"NOT_FOUND", "`NOT_FOUND`", "**Not found**", "NOT FOUND: the sources do not say."} {
		for i := range len(reply) + 1 {
			if !mayBeNotFound(reply[:i]) {
				t.Errorf("the draft %q of %q would be shown", reply[:i], reply)
			}
		}
	}
}
