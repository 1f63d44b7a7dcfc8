package discord

import (
	"testing"

	"github.com/summitbot/summitbot/bot/feedback"
)

func TestParseFeedbackID(t *testing.T) {
	tests := []struct {
		in       string
		wantVote feedback.Vote
		wantID   string
		wantOK   bool
	}{
		{feedbackID(feedback.Up, "ans-1"), feedback.Up, "ans-1", true},
		{feedbackID(feedback.Down, "a:b"), feedback.Down, "a:b", true},
		{"fb:up:ans-1", feedback.Up, "ans-1", true}, // buttons already posted keep working
		{"fb:down:ans-1", feedback.Down, "ans-1", true},
		{"fb:meh:ans", "", "", false},
		{"fb:up:", "", "", false},
		{"other", "", "", false},
	}
	for _, tt := range tests {
		vote, id, ok := parseFeedbackID(tt.in)
		if vote != tt.wantVote || id != tt.wantID || ok != tt.wantOK {
			t.Errorf("parseFeedbackID(%q) = %q, %q, %v", tt.in, vote, id, ok)
		}
	}
}
