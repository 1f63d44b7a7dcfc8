package discord

import (
	"errors"
	"path/filepath"
	"strings"
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

func TestFeedbackButtons(t *testing.T) {
	path := filepath.Join(t.TempDir(), "feedback.json")
	store, err := feedback.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	tb := newTestBotWith(t, &fakeAnswerer{}, newFakeLibrary(), store, nil)
	in := slash(regular("u1"), "ask", strOpt("question", "Who leads the force?"))
	tb.interact(t, in)
	ids := finalEdit(t, tb.rest, in).buttonIDs()
	if len(ids) != 2 {
		t.Fatalf("buttons = %v", ids)
	}
	answerID := "ans-Who leads the force?"

	clicks := []struct {
		user, customID, wantReply string
		wantAnswer, wantTotals    feedback.Counts
	}{
		{"u1", ids[0], "Thanks for the feedback 👍 — it helps improve summitbot.", feedback.Counts{Up: 1}, feedback.Counts{Up: 1}},
		{"u1", ids[0], "You already rated this answer 👍.", feedback.Counts{Up: 1}, feedback.Counts{Up: 1}},
		{"u2", ids[1], "Thanks for the feedback 👎 — it helps improve summitbot.", feedback.Counts{Up: 1, Down: 1}, feedback.Counts{Up: 1, Down: 1}},
		{"u1", ids[1], "Thanks for the feedback 👎 — it helps improve summitbot.", feedback.Counts{Down: 2}, feedback.Counts{Down: 2}},
		{"u1", "fb:meh:" + answerID, "That button doesn't do anything any more.", feedback.Counts{Down: 2}, feedback.Counts{Down: 2}},
		{"u1", "something-else", "That button doesn't do anything any more.", feedback.Counts{Down: 2}, feedback.Counts{Down: 2}},
	}
	for i, c := range clicks {
		cl := click(regular(c.user), c.customID)
		tb.interact(t, cl)
		if calls := tb.rest.matching(onInteraction(cl)); len(calls) != 1 || !calls[0].isReply(c.wantReply, true) {
			t.Errorf("click %d: response %v, want ephemeral %q", i, calls, c.wantReply)
		}
		// What the file holds: reopen it.
		saved, err := feedback.Open(path)
		if err != nil {
			t.Fatalf("click %d: feedback store: %v", i, err)
		}
		if got, totals := saved.Answer(answerID), saved.Totals(); got != c.wantAnswer || totals != c.wantTotals {
			t.Errorf("click %d: store has answer %+v totals %+v, want answer %+v totals %+v", i, got, totals, c.wantAnswer, c.wantTotals)
		}
	}
	if !strings.Contains(tb.logs.String(), `msg=feedback answer_id="ans-Who leads the force?" vote=up question="Who leads the force?" counted=true up=1 down=0`) {
		t.Errorf("the vote was not logged with its question")
	}
}

// failingFeedback is a feedback store that cannot save.
type failingFeedback struct{}

func (failingFeedback) Record(string, string, feedback.Vote) (bool, feedback.Counts, error) {
	return true, feedback.Counts{Up: 1}, errors.New("feedback: save: disk full")
}

func TestFeedbackSaveFailureIsLogged(t *testing.T) {
	tb := newTestBotWith(t, &fakeAnswerer{}, newFakeLibrary(), failingFeedback{}, nil)
	cl := click(regular("u1"), feedbackID(feedback.Up, "ans-1"))
	tb.interact(t, cl)
	// The user is thanked all the same: the vote is not their problem.
	if calls := tb.rest.Calls(); len(calls) != 1 || !calls[0].isReply("Thanks for the feedback 👍 — it helps improve summitbot.", true) {
		t.Errorf("calls =\n%s\nwant one ephemeral thanks", tb.rest.dump())
	}
	if !strings.Contains(tb.logs.String(), `msg="saving feedback failed" answer_id=ans-1 err="feedback: save: disk full"`) {
		t.Errorf("the failure was not logged")
	}
}
