package bot

import "testing"

func TestWithoutAddress(t *testing.T) {
	tests := []struct{ in, want string }{
		{"hey bot, which cities did Macron mention?", "which cities did Macron mention?"},
		{"Bot: when did they meet?", "when did they meet?"},
		{"ok summitbot what did Starmer say", "what did Starmer say"},
		{"hi SummitBot - who attended?", "who attended?"},
		{"What did the bot networks post?", "What did the bot networks post?"},
		{"bottom line, who pays?", "bottom line, who pays?"},
		{"hey bot", "hey bot"},
	}
	for _, tt := range tests {
		if got := withoutAddress(tt.in); got != tt.want {
			t.Errorf("withoutAddress(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestAsDefinition(t *testing.T) {
	tests := []struct{ in, want string }{
		{"what does MNF-U stand for", "What is MNF-U?"},
		{"What's MNF-U short for?", "What is MNF-U?"},
		{"what does NATO mean?", "What is NATO?"},
		{"what does Europe stand for in this war?", "what does Europe stand for in this war?"},
		{"what does the declaration mean?", "what does the declaration mean?"},
		{"What is MNF-U?", "What is MNF-U?"},
	}
	for _, tt := range tests {
		if got := asDefinition(tt.in); got != tt.want {
			t.Errorf("asDefinition(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// A short year and a short number of hours are written out as the sources
// write them; other apostrophes and numbers are left alone.
func TestWrittenOut(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Cumulative UK support to Kyiv since '22 - what's the number?", "Cumulative UK support to Kyiv since 2022 - what's the number?"},
		{"what changed after ’14?", "what changed after 2014?"},
		{"aid levels in the late '90s", "aid levels in the late 1990s"},
		{"how many strikes in one 24h window?", "how many strikes in one 24-hour window?"},
		{"drones downed within 48 hrs", "drones downed within 48-hour"},
		{"a 24-hour period", "a 24-hour period"},
		{"Kyiv's 22 bases", "Kyiv's 22 bases"},
		{"what's the headcount?", "what's the headcount?"},
		{"the G7 and the H2 plan", "the G7 and the H2 plan"},
	}
	for _, tt := range tests {
		if got := writtenOut(tt.in); got != tt.want {
			t.Errorf("writtenOut(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
