package discord

import (
	"fmt"
	"testing"

	"github.com/summitbot/summitbot/bot"
)

func TestConversationsKeepRecentTurns(t *testing.T) {
	c := newConversations(10)
	var conv *conversation
	for i := range historyTurns + 2 {
		conv, _, _ = c.find("answer-1")
		c.record(conv, bot.Turn{Question: fmt.Sprint("q", i), Answer: fmt.Sprint("a", i)}, "answer-1")
	}
	_, key, turns := c.find("unknown", "answer-1")
	if key != "answer-1" {
		t.Errorf("found under %q, want answer-1", key)
	}
	if len(turns) != historyTurns {
		t.Fatalf("kept %d turns, want %d", len(turns), historyTurns)
	}
	if got, want := turns[0].Question, "q2"; got != want {
		t.Errorf("oldest kept turn = %q, want %q", got, want)
	}
	if _, _, turns := c.find("nope"); turns != nil {
		t.Errorf("unknown key found turns %v", turns)
	}
}

func TestConversationsForgetLeastRecentlyUsed(t *testing.T) {
	c := newConversations(2)
	turn := bot.Turn{Question: "q", Answer: "a"}
	c.record(nil, turn, "a")
	c.record(nil, turn, "b")
	c.find("a") // a is now more recent than b
	c.record(nil, turn, "c")
	c.rememberQuestion("ans-1", "q1")
	c.rememberQuestion("ans-2", "q2")
	c.question("ans-1") // ans-1 is now more recent than ans-2
	c.rememberQuestion("ans-3", "q3")
	tests := []struct {
		key      string
		wantConv bool
		wantQ    bool
	}{
		{"a", true, false}, {"b", false, false}, {"c", true, false},
		{"ans-1", false, true}, {"ans-2", false, false}, {"ans-3", false, true},
	}
	for _, tt := range tests {
		if conv, _, _ := c.find(tt.key); (conv != nil) != tt.wantConv {
			t.Errorf("find(%q) found = %v, want %v", tt.key, conv != nil, tt.wantConv)
		}
		if _, ok := c.question(tt.key); ok != tt.wantQ {
			t.Errorf("question(%q) ok = %v, want %v", tt.key, ok, tt.wantQ)
		}
	}
	if n := c.keys.Len(); n != 2 {
		t.Errorf("%d conversation keys kept, want 2", n)
	}
}
