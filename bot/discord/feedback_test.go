package discord

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/summitbot/summitbot/bot/discordtest"
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
	t.Cleanup(func() { store.Close() })
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
		// What the file holds once saved: reopen it.
		if err := store.Flush(t.Context()); err != nil {
			t.Fatalf("click %d: Flush: %v", i, err)
		}
		saved, err := feedback.Open(path)
		if err != nil {
			t.Fatalf("click %d: feedback store: %v", i, err)
		}
		saved.Close()
		if got, totals := saved.Answer(answerID), saved.Totals(); got != c.wantAnswer || totals != c.wantTotals {
			t.Errorf("click %d: store has answer %+v totals %+v, want answer %+v totals %+v", i, got, totals, c.wantAnswer, c.wantTotals)
		}
	}
	if !strings.Contains(tb.logs.String(), `msg=feedback answer_id="ans-Who leads the force?" vote=up question="Who leads the force?" counted=true up=1 down=0`) {
		t.Errorf("the vote was not logged with its question")
	}
}

// failingFeedback is a feedback store whose Record fails with err.
type failingFeedback struct{ err error }

func (f failingFeedback) Record(string, string, feedback.Vote) (bool, feedback.Counts, error) {
	return false, feedback.Counts{}, f.err
}

func TestFeedbackRecordErrors(t *testing.T) {
	tests := []struct {
		name      string
		err       error
		wantReply string
		wantLog   string
	}{
		{"voting closed", feedback.ErrVotingClosed, "Voting on this answer has closed.", `msg="feedback refused: voting closed" answer_id=ans-1`},
		{"store closed", feedback.ErrClosed, "Sorry, I couldn't record that vote — please try again later.", `level=ERROR msg="recording feedback failed" answer_id=ans-1 err="feedback: the store is closed"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tb := newTestBotWith(t, &fakeAnswerer{}, newFakeLibrary(), failingFeedback{tt.err}, nil)
			cl := click(regular("u1"), feedbackID(feedback.Up, "ans-1"))
			tb.interact(t, cl)
			if calls := tb.rest.Calls(); len(calls) != 1 || !calls[0].isReply(tt.wantReply, true) {
				t.Errorf("calls =\n%s\nwant one ephemeral %q", tb.rest.dump(), tt.wantReply)
			}
			if !strings.Contains(tb.logs.String(), tt.wantLog) {
				t.Errorf("log lacks %q:\n%s", tt.wantLog, tb.logs.String())
			}
		})
	}
}

// TestFeedbackClickLimit clicks through the fake Discord: past the per-user
// limit a click is refused, ephemerally, and not recorded; other users are
// not affected.
func TestFeedbackClickLimit(t *testing.T) {
	t.Parallel()
	h := startBot(t, &fakeAnswerer{}, newFakeLibrary(), nil)
	store := h.bot.feedback.(*feedback.Store)
	const thanks = "Thanks for the feedback 👍 — it helps improve summitbot."
	type clickStep struct {
		user, answer string
		wantReply    string
		want         feedback.Counts // the answer's counts after the click
	}
	var steps []clickStep
	for i := range feedbackClicks {
		steps = append(steps, clickStep{"u1", fmt.Sprint("ans-", i), thanks, feedback.Counts{Up: 1}})
	}
	steps = append(steps,
		clickStep{"u1", "ans-new", "You're voting too quickly — try again in a minute.", feedback.Counts{}},
		clickStep{"u1", "ans-0", "You're voting too quickly — try again in a minute.", feedback.Counts{Up: 1}},
		clickStep{"u2", "ans-new", thanks, feedback.Counts{Up: 1}},
	)
	for i, st := range steps {
		in := h.fake.ButtonClick(discordtest.RegularMember(st.user), feedbackID(feedback.Up, st.answer), nil)
		h.fake.DispatchInteraction(t, in)
		reply := h.fake.WaitFor(t, discordtest.IsCallback(in), wait)
		if reply.Content() != st.wantReply || !isEphemeral(reply) {
			t.Errorf("click %d by %s: reply %q (ephemeral %v), want ephemeral %q", i, st.user, reply.Content(), isEphemeral(reply), st.wantReply)
		}
		if got := store.Answer(st.answer); got != st.want {
			t.Errorf("click %d by %s: %s has %+v, want %+v", i, st.user, st.answer, got, st.want)
		}
	}
	if got, want := store.Totals(), (feedback.Counts{Up: feedbackClicks + 1}); got != want {
		t.Errorf("Totals = %+v, want %+v", got, want)
	}
}
