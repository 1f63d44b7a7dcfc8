package discord

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/summitbot/summitbot/bot"
)

// longAnswer builds an answer of about n characters: paragraphs of cited
// sentences, with a markdown link now and then.
func longAnswer(n int, paragraphChars int) string {
	var b strings.Builder
	para := 0
	for i := 1; b.Len() < n; i++ {
		var s string
		switch i % 4 {
		case 0:
			s = fmt.Sprintf("Leaders in Paris discussed guarantee number %d for Kyiv, according to [the Élysée statement](<https://www.elysee.fr/statement-%d>).[%d]", i, i, i%7+1)
		case 1:
			s = fmt.Sprintf("The coalition of the willing set out point %d of the plan, with monitoring led by the United States [%d].", i, i%7+1)
		case 2:
			s = fmt.Sprintf("Officials said troops would deploy only after a ceasefire, item %d [%d][%d].", i, i%7+1, (i+1)%7+1)
		default:
			s = fmt.Sprintf("Is this binding? Not yet — clause %d still needs parliaments' approval [%d, %d]!", i, i%7+1, (i+2)%7+1)
		}
		b.WriteString(s)
		para += len(s)
		if paragraphChars > 0 && para >= paragraphChars {
			b.WriteString("\n\n")
			para = 0
		} else {
			b.WriteString(" ")
		}
	}
	return strings.TrimSpace(b.String())
}

var (
	markerRe = regexp.MustCompile(`\[\d+(?:, \d+)*\]`)
	linkRe   = regexp.MustCompile(`\[[^\[\]\n]*\]\(<[^>\n]*>\)`)
)

// checkParts asserts the splitter's promises about parts of text.
func checkParts(t *testing.T, text string, parts []string, limit int) {
	t.Helper()
	for i, p := range parts {
		if n := textLen(p); n > limit {
			t.Errorf("part %d has %d characters, limit %d", i, n, limit)
		}
		if strings.TrimSpace(p) == "" {
			t.Errorf("part %d is empty", i)
		}
	}
	// Nothing lost but whitespace at the cuts.
	squash := func(s string) string { return strings.Join(strings.Fields(s), "") }
	if got, want := squash(strings.Join(parts, "")), squash(text); got != want {
		t.Errorf("parts do not add up to the text")
	}
	// No marker or link cut in two: each whole one is in exactly one part.
	for _, re := range []*regexp.Regexp{markerRe, linkRe} {
		want := len(re.FindAllString(text, -1))
		got := 0
		for _, p := range parts {
			got += len(re.FindAllString(p, -1))
		}
		if got != want {
			t.Errorf("%v: %d whole matches across parts, want %d (something was split)", re, got, want)
		}
	}
}

func TestSplitMessage(t *testing.T) {
	tests := []struct {
		name      string
		text      string
		limit     int
		wantParts int      // -1: don't check
		want      []string // nil: don't check
	}{
		{name: "short", text: "Hello [1].", limit: 2000, want: []string{"Hello [1]."}},
		{name: "empty", text: "", limit: 2000, want: []string{""}},
		{name: "exact fit", text: strings.Repeat("a", 2000), limit: 2000, wantParts: 1},
		{name: "paragraphs preferred", text: "First paragraph here.\n\nSecond one is here.", limit: 30,
			want: []string{"First paragraph here.", "Second one is here."}},
		{name: "sentence when no paragraph", text: "One sentence here. Another sentence follows.", limit: 30,
			want: []string{"One sentence here.", "Another sentence follows."}},
		{name: "sentence after marker", text: "Troops deploy later.[2] Monitoring is US-led [3].", limit: 30,
			want: []string{"Troops deploy later.[2]", "Monitoring is US-led [3]."}},
		{name: "never inside a marker", text: "aaaa bbbb cccc dddd [12345]", limit: 24,
			want: []string{"aaaa bbbb cccc dddd", "[12345]"}},
		{name: "never inside a link", text: "See [the statement](<https://example.org/a-b-c>) now", limit: 50,
			want: []string{"See [the statement](<https://example.org/a-b-c>)", "now"}},
		{name: "hard cut moves before a link", text: "Alpha beta gamma [the statement](<https://ex.org/a>)", limit: 40,
			want: []string{"Alpha beta gamma", "[the statement](<https://ex.org/a>)"}},
		{name: "link longer than a part is cut", text: "[the statement](<https://example.org/a-b-c>)", limit: 40,
			want: []string{"[the statement](<https://example.org/a-b", "-c>)"}},
		{name: "hard cut without spaces", text: strings.Repeat("x", 25), limit: 10,
			want: []string{"xxxxxxxxxx", "xxxxxxxxxx", "xxxxx"}},
		{name: "multibyte counted in UTF-16", text: strings.Repeat("😀", 3), limit: 4,
			want: []string{"😀😀", "😀"}},
		{name: "4500-char cited answer in paragraphs", text: longAnswer(4500, 450), limit: 2000, wantParts: 3},
		{name: "4500-char single paragraph", text: longAnswer(4500, 0), limit: 2000, wantParts: 3},
		{name: "10000-char answer", text: longAnswer(10000, 600), limit: 2000, wantParts: -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := splitMessage(tt.text, tt.limit)
			if tt.want != nil {
				if fmt.Sprintf("%q", got) != fmt.Sprintf("%q", tt.want) {
					t.Fatalf("splitMessage() =\n%q\nwant\n%q", got, tt.want)
				}
			}
			if tt.wantParts > 0 && len(got) != tt.wantParts {
				t.Errorf("got %d parts, want %d (lengths %v)", len(got), tt.wantParts, lengths(got))
			}
			if tt.text != "" && tt.name != "link longer than a part is cut" {
				checkParts(t, tt.text, got, tt.limit)
			}
		})
	}
}

func lengths(parts []string) []int {
	var n []int
	for _, p := range parts {
		n = append(n, textLen(p))
	}
	return n
}

func TestRenderAnswer(t *testing.T) {
	tests := []struct {
		name string
		in   bot.Answer
		want string
	}{
		{
			name: "with sources",
			in: bot.Answer{Text: "France and the UK would lead [1]; the US would monitor [2].", Citations: []bot.Citation{
				{N: 1, Title: "Allies sign Paris declaration", Outlet: "Reuters", URL: "https://www.reuters.com/world/paris-declaration", Published: "2026-01-06"},
				{N: 2, Title: "US to lead ceasefire monitoring", Outlet: "AP", URL: "https://apnews.com/x", Published: "2026-01-07T09:30:00Z"},
			}},
			want: "France and the UK would lead [1]; the US would monitor [2].\n\n**Sources**\n" +
				"[1] [Allies sign Paris declaration](<https://www.reuters.com/world/paris-declaration>) — Reuters, 6 Jan 2026\n" +
				"[2] [US to lead ceasefire monitoring](<https://apnews.com/x>) — AP, 7 Jan 2026",
		},
		{
			name: "no url, no outlet, odd date",
			in: bot.Answer{Text: "Text [1].", Citations: []bot.Citation{
				{N: 1, Title: "Notes [draft] *v2*", Published: "January 2026"},
			}},
			want: "Text [1].\n\n**Sources**\n[1] Notes \\[draft\\] \\*v2\\* — January 2026",
		},
		{
			name: "the model failed",
			in: bot.Answer{Text: "From the loaded sources:\n- The force could number 15,000 to 20,000 troops [1]", Mode: bot.ModeExtractive, Found: true,
				Fallback:  "the language model could not be reached (connection refused)",
				Citations: []bot.Citation{{N: 1, Title: "Allies redraw", Outlet: "Le Monde"}}},
			want: "*Note: the language model could not be reached (connection refused), so this answer was made without it.*\n\n" +
				"From the loaded sources:\n- The force could number 15,000 to 20,000 troops [1]\n\n**Sources**\n[1] Allies redraw — Le Monde",
		},
		{
			name: "the model failed, not found",
			in:   bot.Answer{Text: "Not found in the loaded sources.", Mode: bot.ModeExtractive, Fallback: "the language model failed (request refused, HTTP 401)"},
			want: "*Note: the language model failed (request refused, HTTP 401), so this answer was made without it.*\n\nNot found in the loaded sources.",
		},
		{
			name: "not found, no citations",
			in:   bot.Answer{Text: "  The loaded sources don't cover that.  "},
			want: "The loaded sources don't cover that.",
		},
		{
			name: "non-http url is not linked",
			in: bot.Answer{Text: "T [1].", Citations: []bot.Citation{
				{N: 1, Title: "Local file", URL: "file:///etc/passwd", Outlet: "Upload"},
			}},
			want: "T [1].\n\n**Sources**\n[1] Local file — Upload",
		},
		{
			name: "url with angle brackets is escaped",
			in: bot.Answer{Text: "T [1].", Citations: []bot.Citation{
				{N: 1, Title: "Odd", URL: "https://example.org/a>b c"},
			}},
			want: "T [1].\n\n**Sources**\n[1] [Odd](<https://example.org/a%3Eb%20c>)",
		},
		{
			name: "hostile answer text",
			in: bot.Answer{Text: "# URGENT\n-# tiny\nLog in at [elysee.fr](https://evil.example/login) ||now|| to see the pact\u202Etxt.exe [1].",
				Citations: []bot.Citation{{N: 1, Title: "Allies sign", Outlet: "AFP"}}},
			want: "\\# URGENT\n\\-# tiny\nLog in at elysee.fr <https://evil.example/login> \\|\\|now\\|\\| to see the pacttxt.exe [1].\n\n" +
				"**Sources**\n[1] Allies sign — AFP",
		},
		{
			name: "hostile title, outlet and date",
			in: bot.Answer{Text: "T [1].", Citations: []bot.Citation{
				{N: 1, Title: "# Read [this](https://evil.example) ||now||\u200B", Outlet: "Reu\u200Dters\u202E", URL: "https://www.reuters.com/x", Published: "||soon||"},
			}},
			want: "T [1].\n\n**Sources**\n[1] [\\# Read this <https://evil.example\\> \\|\\|now\\|\\|](<https://www.reuters.com/x>) — Reuters, \\|\\|soon\\|\\|",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := renderAnswer(tt.in); got != tt.want {
				t.Errorf("renderAnswer() =\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

func TestPreviewFitsOneMessage(t *testing.T) {
	tests := []struct {
		name string
		text string
	}{
		{"short", "Partial answer [1"},
		{"long", longAnswer(5000, 300)},
		{"empty", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := preview(tt.text)
			if n := textLen(got); n > maxMessage {
				t.Errorf("preview has %d characters", n)
			}
			if !strings.HasSuffix(got, "…") {
				t.Errorf("preview %q does not end with an ellipsis", got)
			}
		})
	}
}

func TestStripMention(t *testing.T) {
	tests := []struct {
		text, self, want string
	}{
		{"<@42> who leads?", "42", "who leads?"},
		{"<@!42>   who\nleads? <@42>", "42", "who leads?"},
		{"hey <@7> and <@42>", "42", "hey <@7> and"},
		{"<@42>", "42", ""},
	}
	for _, tt := range tests {
		if got := stripMention(tt.text, tt.self); got != tt.want {
			t.Errorf("stripMention(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

// TestPreviewIsSafe checks that partial answers, shown while an answer
// streams in, are cleaned like final ones.
func TestPreviewIsSafe(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"masked link", "See [elysee.fr](https://evil.example) [1]", "See elysee.fr <https://evil.example> [1] …"},
		{"half a masked link", "See [elysee.fr](https://evil.exa", `See [elysee.fr]\(https://evil.exa …`},
		{"heading and spoiler", "# URGENT ||x||", `\# URGENT \|\|x\|\| …`},
		{"ordinary", "It costs £21.8 billion [1].", "It costs £21.8 billion [1]. …"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := preview(tt.in); got != tt.want {
				t.Errorf("preview(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
