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
