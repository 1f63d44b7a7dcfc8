package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSummaryTopics lists the suggested topics through run: as lines, as
// JSON, and in a server whose own article adds its topics.
func TestSummaryTopics(t *testing.T) {
	dir := t.TempDir()
	getenv := env(t, "INDEX_DIR", dir)
	article := filepath.Join(t.TempDir(), "meloni.md")
	text := "---\nid: meloni-rome\ntitle: Rome keeps its soldiers at home\noutlet: Example Wire\n---\n" +
		"Italian Prime Minister Giorgia Meloni said on Thursday that Italy would not send ground troops to Ukraine.\n\n" +
		"Meloni told reporters in Rome that Italian support would come through training, air defence and funding.\n\n" +
		"Opposition leaders criticised Meloni for leaving the multinational force to France and the United Kingdom.\n"
	if err := os.WriteFile(article, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	if out, _, err := runCLI(t, getenv, "sources", "add", "--guild", "900", article); err != nil {
		t.Fatalf("sources add: %v\n%s", err, out)
	}
	tests := []struct {
		name   string
		args   []string
		want   []string
		absent []string
	}{
		{"shared", []string{"summary", "--topics"},
			[]string{"France (5 sources)\n", "United Kingdom (5 sources)\n", "Emmanuel Macron (5 sources)\n", "Keir Starmer (4 sources)\n"},
			[]string{"Associated Press", "Giorgia Meloni", "Ukraine (", "Paris ("}},
		{"a server's", []string{"summary", "--topics", "--guild", "900"},
			[]string{"France (6 sources)\n", "Giorgia Meloni (2 sources)\n", "Italy (2 sources)\n"},
			[]string{"Example Wire", "\nMeloni (", "Paris (", "security guarantees ("}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, _, err := runCLI(t, getenv, tt.args...)
			if err != nil {
				t.Fatalf("%v: %v\n%s", tt.args, err, out)
			}
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("%v lacks %q:\n%s", tt.args, w, out)
				}
			}
			for _, a := range tt.absent {
				if strings.Contains(out, a) {
					t.Errorf("%v has %q:\n%s", tt.args, a, out)
				}
			}
			if n := strings.Count(out, "\n"); n < 10 || n > 25 {
				t.Errorf("%v: %d lines, want 10 to 25", tt.args, n)
			}
		})
	}

	out, _, err := runCLI(t, getenv, "summary", "--topics", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var topics []struct {
		Label   string `json:"label"`
		Topic   string `json:"topic"`
		Kind    string `json:"kind"`
		Sources int    `json:"sources"`
	}
	if err := json.Unmarshal([]byte(out), &topics); err != nil {
		t.Fatalf("--json: %v\n%s", err, out)
	}
	if len(topics) == 0 || len(topics) > 25 {
		t.Fatalf("--json: %d topics", len(topics))
	}
	for _, tp := range topics {
		if tp.Label == "" || tp.Topic == "" || tp.Kind == "" || tp.Sources < 1 {
			t.Errorf("--json topic %+v lacks a field", tp)
		}
	}

	if _, _, err := runCLI(t, getenv, "summary", "--topics", "France"); err == nil || exitCode(err) != 2 {
		t.Errorf("summary --topics France: %v, want a usage error", err)
	}
	if out, _, err := runCLI(t, getenv, "summary", "--help"); err != nil || !strings.Contains(out, "--topics") || !strings.Contains(out, "--topics lists the topics") {
		t.Errorf("summary --help = %v:\n%s\nwant --topics documented", err, out)
	}
}
