package data

import (
	"bytes"
	"compress/gzip"
	"slices"
	"strings"
	"testing"
)

func TestAcronyms(t *testing.T) {
	a := NewAcronyms()
	if err := a.Load(); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		acronym string
		want    string
	}{
		{"nato", "north atlantic treaty organization"},
		{"eu", "european union"},
		{"un", "united nations"},
		{"iaea", "international atomic energy agency"},
	}
	for _, tt := range tests {
		var got []string
		for _, e := range a.Expansions(tt.acronym) {
			got = append(got, strings.Join(e, " "))
		}
		if !slices.Contains(got, tt.want) {
			t.Errorf("Expansions(%q) = %q, want %q among them", tt.acronym, got, tt.want)
		}
	}
	if got := a.Holding("atlantic"); !slices.Contains(got, "nato") {
		t.Errorf("Holding(atlantic) = %q, want nato among them", got)
	}
	for _, tt := range []struct {
		acronym string
		want    bool
	}{{"tv", true}, {"hq", true}, {"ngo", true}, {"nato", false}, {"eu", false}, {"un", false}, {"uk", false}} {
		if got := a.Ordinary(tt.acronym); got != tt.want {
			t.Errorf("Ordinary(%q) = %v, want %v", tt.acronym, got, tt.want)
		}
	}
	if got := a.Expansions("ukraine"); got != nil {
		t.Errorf("Expansions(ukraine) = %q, want none", got)
	}
}

func TestParseAcronymsRejectsBadLines(t *testing.T) {
	gz := func(s string) []byte {
		var b bytes.Buffer
		zw := gzip.NewWriter(&b)
		zw.Write([]byte(s))
		zw.Close()
		return b.Bytes()
	}
	for _, tt := range []struct{ name, table, want string }{
		{"no tab", "# header\nnato north atlantic\n", "line 2"},
		{"one word", "nato\tnorth\n", "line 1"},
		{"empty", "# only a header\n", "empty"},
		{"not gzip", "", "acronyms: open"},
	} {
		in := gz(tt.table)
		if tt.name == "not gzip" {
			in = []byte("plain text")
		}
		if _, _, err := parseAcronyms(in); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want one mentioning %q", tt.name, err, tt.want)
		}
	}
}

func TestParseAbbreviationsRejectsBadLines(t *testing.T) {
	for _, tt := range []struct{ name, list, want string }{
		{"two words", "# header\ntv hq\n", "line 2"},
		{"capitals", "TV\n", "line 1"},
		{"empty", "# only a header\n", "empty"},
	} {
		var b bytes.Buffer
		zw := gzip.NewWriter(&b)
		zw.Write([]byte(tt.list))
		zw.Close()
		if _, err := parseAbbreviations(b.Bytes()); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want one mentioning %q", tt.name, err, tt.want)
		}
	}
	if _, err := parseAbbreviations([]byte("plain text")); err == nil || !strings.Contains(err.Error(), "abbreviations: open") {
		t.Errorf("not gzip: error %v, want abbreviations: open", err)
	}
}
