package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/summitbot/summitbot/bot"
)

// TestPrintAnswerIsSafe checks that text from sources or the model reaches
// the terminal through safetext.Clean, and --json keeps it as it is.
func TestPrintAnswerIsSafe(t *testing.T) {
	hostile := bot.Answer{
		Text: "# URGENT\nLog in at [elysee.fr](https://evil.example/login) ||now|| [1]\u202Etxt.exe",
		Mode: bot.ModeExtractive, Found: true,
		Citations: []bot.Citation{{
			N: 1, SourceID: "s1", Title: "-# tiny Zel\u200Denskyy", Outlet: "AFP\x1b[2J",
			URL: "https://www.elysee.fr/en", Published: "2026-01-06", Quote: "It costs £21.8 billion ||really||",
		}},
	}
	tests := []struct {
		name    string
		asJSON  bool
		want    []string
		notWant []string
	}{
		{
			name: "terminal",
			want: []string{
				"\\# URGENT\nLog in at elysee.fr <https://evil.example/login> \\|\\|now\\|\\| [1]txt.exe\n",
				"[1] \\-# tiny Zelenskyy — AFP[2J, 2026-01-06 <https://www.elysee.fr/en>\n",
				"    “It costs £21.8 billion \\|\\|really\\|\\|”\n",
			},
			notWant: []string{"](", "\u202E", "\u200D", "\x1b"},
		},
		{
			name:   "json",
			asJSON: true,
			want:   []string{`"# URGENT\nLog in at [elysee.fr](https://evil.example/login) ||now|| [1]` + "\u202E" + `txt.exe"`, `"AFP\u001b[2J"`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			a := &app{stdout: &out}
			if err := a.printAnswer(hostile, tt.asJSON); err != nil {
				t.Fatal(err)
			}
			got := out.String()
			if tt.asJSON && !json.Valid(out.Bytes()) {
				t.Fatalf("not JSON:\n%s", got)
			}
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("output lacks %q:\n%s", w, got)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(got, w) {
					t.Errorf("output contains %q:\n%q", w, got)
				}
			}
		})
	}
}
