package bot

import (
	"testing"
)

func TestHeuristicRewrite(t *testing.T) {
	history := []Turn{{Question: "Old question?"}, {Question: "How many troops will France send?"}}
	tests := []struct{ in, want string }{
		{"and Germany?", "How many troops will France send? and Germany?"},
		{"What about the US?", "How many troops will France send? What about the US?"},
		{"how about Italy and Poland and the rest of Europe in general?", "How many troops will France send? how about Italy and Poland and the rest of Europe in general?"},
		{"Where would they be deployed, and for how long?", "How many troops will France send? Where would they be deployed, and for how long?"},
		{"Why?", "How many troops will France send? Why?"},
		{"Et l'Allemagne ?", "How many troops will France send? Et l'Allemagne ?"},
		{"Which countries signed the Paris declaration of intent on the force?", "Which countries signed the Paris declaration of intent on the force?"},
		{"Where is the headquarters of the multinational force going to be?", "Where is the headquarters of the multinational force going to be?"},
	}
	for _, tt := range tests {
		if got := heuristicRewrite(tt.in, history); got != tt.want {
			t.Errorf("heuristicRewrite(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
