package bot

import (
	"context"
	"strings"
	"testing"
)

func TestWithoutBelief(t *testing.T) {
	tests := []struct {
		question, want string
	}{
		// A question of its own after the belief: the question alone.
		{"I thought about 30 leaders came; how many heads of state actually attended?", "how many heads of state actually attended?"},
		{"I had assumed Lviv was among the possible bases; which cities did Macron mention for stationing troops?", "which cities did Macron mention for stationing troops?"},
		{"i thought the US was sending troops, but who is actually leading the monitoring?", "who is actually leading the monitoring?"},
		// A question pointing back to the belief, or asking to confirm it
		// first, keeps the belief but its figures.
		{"I read that the army would be 500,000 strong; what size is it meant to be?", "I read that the army would be strong; what size is it meant to be?"},
		{"My preliminary reading suggests that the post-war Ukrainian military is projected to number roughly half a million personnel; is that correct, or what figure do the sources in fact provide for its intended size?",
			"My preliminary reading suggests that the post-war Ukrainian military is projected to number personnel; is that correct, or what figure do the sources in fact provide for its intended size?"},
		{"I believe that roughly thirty presidents and prime ministers took part; according to the French authorities, how many such leaders were there?",
			"I believe that presidents and prime ministers took part; according to the French authorities, how many such leaders were there?"},
		// A belief in a sentence of its own sets the scene for the question.
		{"I read Kyiv wants NATO's 1951 rules on visiting troops. Which agreements exactly?", "I read Kyiv wants NATO's rules on visiting troops. Which agreements exactly?"},
		// "So" opens the question; it confirms nothing.
		{"I thought the US would send 10k troops, so who leads the monitoring then?", "who leads the monitoring then?"},
		{"I thought the US would send 10k troops, right? so who leads the monitoring?", "I thought the US would send troops, right? so who leads the monitoring?"},
		// A belief asked to be confirmed, or said alone, is the question.
		{"I heard Italy refused to send troops, is that true?", "I heard Italy refused to send troops, is that true?"},
		{"I heard Italy refused to send troops. Is that right?", "I heard Italy refused to send troops. Is that right?"},
		{"I think the summit was in Paris", "I think the summit was in Paris"},
		// No belief.
		{"What do I think about the summit?", "What do I think about the summit?"},
		{"Who thought the plan was binding?", "Who thought the plan was binding?"},
	}
	for _, tt := range tests {
		if got := withoutBelief(tt.question); got != tt.want {
			t.Errorf("withoutBelief(%q) = %q, want %q", tt.question, got, tt.want)
		}
	}
}

// The belief is no part of the answer of its own: the answer is the
// question's alone, with no section for what the asker thought.
func TestExtractiveLeavesBeliefUnanswered(t *testing.T) {
	idx := thesaurusCorpus(t)
	e := newEngine(t, idx, nil, Options{})
	a, err := e.Ask(context.Background(), Question{Text: "I thought about 30 leaders came; how many heads of state actually attended?"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !a.Found || !strings.Contains(a.Text, "27 heads of state") || strings.Contains(a.Text, "I thought") {
		t.Errorf("answer = found %v:\n%s\nwant the 27 heads of state and no section for the belief", a.Found, a.Text)
	}
	checkGrounded(t, idx, a)
}
