package main

import (
	"strings"
	"testing"
)

// TestAskReadsTypos checks that summitbot, with the word vectors and the
// index it runs with, reads a typo of a word the articles use as that word
// ("goverment" is a word the vectors know, 36,357th, so left as typed it is
// a name the sources must mention).
func TestAskReadsTypos(t *testing.T) {
	getenv := env(t, "INDEX_DIR", t.TempDir())
	tests := []struct{ question, want string }{
		{"which goverment said it would quit paying for ammo for kyiv?", "Czech government"},
		{"wich parliament must approve sending german forces?", "Bundestag"},
	}
	for _, tt := range tests {
		out, _, err := runCLI(t, getenv, "ask", tt.question)
		if err != nil || !strings.Contains(out, tt.want) {
			t.Errorf("ask %q: err = %v, output lacks %q:\n%s", tt.question, err, tt.want, out)
		}
	}
}
