package bot

import (
	"slices"
	"strings"
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

func TestParseExpansion(t *testing.T) {
	tests := []struct {
		name        string
		reply       string
		question    string
		paraphrases []string
		ok          bool
	}{
		{"plain", `{"question": "How many troops?", "paraphrases": ["How large a force?", "What number of soldiers?"]}`, "How many troops?", []string{"How large a force?", "What number of soldiers?"}, true},
		{"code fence", "```json\n{\"question\": \"How many troops?\", \"paraphrases\": []}\n```", "How many troops?", nil, true},
		{"white space collapsed, quotes trimmed", "{\"question\": \" \\\"How many\\n troops?\\\" \"}", "How many troops?", nil, true},
		{"extra fields ignored", `{"question": "Q?", "paraphrases": ["P?"], "note": "x"}`, "Q?", []string{"P?"}, true},
		{"not JSON", "How many troops?", "", nil, false},
		{"text before", `Sure: {"question": "Q?"}`, "", nil, false},
		{"text after", `{"question": "Q?"} Hope this helps.`, "", nil, false},
		{"two objects", `{"question": "Q?"}{"question": "R?"}`, "", nil, false},
		{"no question", `{"paraphrases": ["P?"]}`, "", nil, false},
		{"empty question", `{"question": "  "}`, "", nil, false},
		{"question not a string", `{"question": 3}`, "", nil, false},
		{"paraphrases not strings", `{"question": "Q?", "paraphrases": [1, 2]}`, "", nil, false},
		{"question too long", `{"question": "` + strings.Repeat("x", MaxQuestionLen+1) + `"}`, "", nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, ps, err := parseExpansion(tt.reply)
			if (err == nil) != tt.ok || q != tt.question || !slices.Equal(ps, tt.paraphrases) {
				t.Errorf("parseExpansion = %q, %q, %v; want %q, %q, ok %v", q, ps, err, tt.question, tt.paraphrases, tt.ok)
			}
		})
	}
}

func TestDistinctParaphrases(t *testing.T) {
	got := distinctParaphrases([]string{
		"", "  ", "How many troops?", "how many TROOPS", "Original wording!", "What size\nforce?",
		"what size force", strings.Repeat("y", maxParaphraseLen+1), "Third?", "Fourth?", "Fifth?",
	}, 3, "How many troops", "original wording")
	if want := []string{"What size force?", "Third?", "Fourth?"}; !slices.Equal(got, want) {
		t.Errorf("distinctParaphrases = %q, want %q", got, want)
	}
}
