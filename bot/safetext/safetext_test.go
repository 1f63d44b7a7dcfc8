package safetext

import "testing"

func TestClean(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"phishing masked link", "Read [gov.uk/official](https://evil.example/login) now",
			"Read gov.uk/official <https://evil.example/login> now"},
		{"masked link, angle brackets and title", `[here](<https://evil.example/x> "Official")`,
			"here <https://evil.example/x>"},
		{"masked link with parentheses", "[x](https://en.wikipedia.org/wiki/A_(b)) end", "x <https://en.wikipedia.org/wiki/A_(b)> end"},
		{"masked link without text", "[](https://evil.example)", "<https://evil.example>"},
		{"masked link missed by the pattern", "[[x]](https://evil.example)", `[[x]]\(https://evil.example)`},
		{"heading", "# URGENT", `\# URGENT`},
		{"heading levels on later lines", "ok\n## Big\n  ### Bigger", "ok\n\\## Big\n  \\### Bigger"},
		{"subtext", "-# tiny", `\-# tiny`},
		{"heading in a quote or a list", "> # URGENT\n>>> -# tiny\n- ## big\n1. # big", "> \\# URGENT\n>>> \\-# tiny\n- \\## big\n1. \\# big"},
		{"a list item is not subtext", "- #Ukraine\n- item", "- #Ukraine\n- item"},
		{"spoiler", "the ||hidden|| part", `the \|\|hidden\|\| part`},
		{"RLO-reversed text", "invoice\u202Efdp.exe", "invoicefdp.exe"},
		{"isolates and marks", "a\u2066b\u2069c\u200Ed\u200Fe\u061Cf", "abcdef"},
		{"zero-width joiners inside a word", "Zel\u200Den\u200Bsky\u2060y\uFEFF", "Zelenskyy"},
		{"zero-width inside a heading", "\u200B# URGENT", `\# URGENT`},
		{"terminal escapes", "title\x1b[2J\x07 \u009b31m", "title[2J 31m"},
		{"citation markers", "Macron spoke [1] and Starmer agreed [2, 3].", "Macron spoke [1] and Starmer agreed [2, 3]."},
		{"money", "It costs £21.8 billion.", "It costs £21.8 billion."},
		{"URL in angle brackets", "See <https://www.elysee.fr/en>.", "See <https://www.elysee.fr/en>."},
		{"hashtag and pipe mid-line", "Use #Ukraine | not a spoiler", "Use #Ukraine | not a spoiler"},
		{"lists and newlines", "- one\n- two\n\n\tthree", "- one\n- two\n\n\tthree"},
		{"non-Latin text", "Зеленський 泽连斯基 زيلينسكي", "Зеленський 泽连斯基 زيلينسكي"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Clean(tt.in); got != tt.want {
				t.Errorf("Clean(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestCleanIsIdempotent(t *testing.T) {
	for _, in := range []string{"# URGENT ||x|| [a](https://e.x)", "-# tiny", "[[x]](https://e.x)"} {
		once := Clean(in)
		if twice := Clean(once); twice != once {
			t.Errorf("Clean(Clean(%q)) = %q, want %q", in, twice, once)
		}
	}
}

func TestStrip(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"masked link", "[Official](https://evil.example)", "Official <https://evil.example>"},
		{"bidi and zero-width", "a\u202Eb\u200Dc", "abc"},
		{"headings and spoilers left to the caller", "# URGENT ||x||", "# URGENT ||x||"},
		{"ordinary title", "Paris summit: £21.8 billion [1]", "Paris summit: £21.8 billion [1]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Strip(tt.in); got != tt.want {
				t.Errorf("Strip(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
