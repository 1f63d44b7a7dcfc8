package discord

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/summitbot/summitbot/bot/feedback"
)

// Feedback records the 👍/👎 votes people give answers; *feedback.Store is one.
type Feedback interface {
	// Record counts user's vote on answerID. It reports whether the vote
	// changed anything (false when the user had already voted the same way)
	// and the answer's counts after it. It returns feedback.ErrVotingClosed
	// for an answer no longer taking votes.
	Record(answerID, user string, vote feedback.Vote) (changed bool, counts feedback.Counts, err error)
}

// Each user may make a burst of feedbackClicks feedback clicks, refilled at
// feedbackClicks per feedbackClickWindow. Over it, clicks are refused and not
// recorded.
const (
	feedbackClicks      = 10
	feedbackClickWindow = time.Minute
)

// newClickLimiter returns the per-user limiter of feedback clicks.
func newClickLimiter() *rateLimiter {
	return newRateLimiter(RateLimit{Requests: feedbackClicks, Window: feedbackClickWindow}, memoryCap)
}

// What a user is told about a click that was not recorded.
const (
	msgVotingTooFast = "You're voting too quickly — try again in a minute."
	msgVotingClosed  = "Voting on this answer has closed."
	msgVoteFailed    = "Sorry, I couldn't record that vote — please try again later."
)

// feedbackPrefix starts the custom ID of a feedback button: "fb:up:<answer id>".
const feedbackPrefix = "fb:"

// feedbackID returns the custom ID of the button voting vote on answerID.
func feedbackID(vote feedback.Vote, answerID string) string {
	return feedbackPrefix + string(vote) + ":" + answerID
}

// parseFeedbackID splits a feedback button's custom ID.
func parseFeedbackID(customID string) (vote feedback.Vote, answerID string, ok bool) {
	rest, ok := strings.CutPrefix(customID, feedbackPrefix)
	if !ok {
		return "", "", false
	}
	v, answerID, ok := strings.Cut(rest, ":")
	vote = feedback.Vote(v)
	if !ok || answerID == "" || !vote.Valid() {
		return "", "", false
	}
	return vote, answerID, true
}

// feedbackButtons are the 👍/👎 buttons under an answer.
func feedbackButtons(answerID string) []discordgo.MessageComponent {
	return []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
		discordgo.Button{Style: discordgo.SecondaryButton, Emoji: &discordgo.ComponentEmoji{Name: "👍"}, CustomID: feedbackID(feedback.Up, answerID)},
		discordgo.Button{Style: discordgo.SecondaryButton, Emoji: &discordgo.ComponentEmoji{Name: "👎"}, CustomID: feedbackID(feedback.Down, answerID)},
	}}}
}

// onComponent handles a feedback button click.
func (b *Bot) onComponent(ctx context.Context, s restAPI, in *discordgo.Interaction) {
	customID := in.MessageComponentData().CustomID
	vote, answerID, ok := parseFeedbackID(customID)
	if !ok {
		b.respondOrLog(ctx, s, in, "That button doesn't do anything any more.", true)
		return
	}
	user := interactionUser(in)
	if _, ok := b.clicks.allow(user, time.Now()); !ok {
		b.log.Info("feedback refused: clicking too quickly", "answer_id", answerID, "user_id", user)
		b.respondOrLog(ctx, s, in, msgVotingTooFast, true)
		return
	}
	question, _ := b.convs.question(answerID)
	changed, counts, err := b.feedback.Record(answerID, user, vote)
	switch {
	case errors.Is(err, feedback.ErrVotingClosed):
		b.log.Info("feedback refused: voting closed", "answer_id", answerID)
		b.respondOrLog(ctx, s, in, msgVotingClosed, true)
		return
	case err != nil:
		b.log.Error("recording feedback failed", "answer_id", answerID, "err", err)
		b.respondOrLog(ctx, s, in, msgVoteFailed, true)
		return
	}
	b.log.Info("feedback", "answer_id", answerID, "vote", string(vote), "question", question,
		"counted", changed, "up", counts.Up, "down", counts.Down)
	emoji := "👍"
	if vote == feedback.Down {
		emoji = "👎"
	}
	msg := "Thanks for the feedback " + emoji + " — it helps improve summitbot."
	if !changed {
		msg = "You already rated this answer " + emoji + "."
	}
	b.respondOrLog(ctx, s, in, msg, true)
}
