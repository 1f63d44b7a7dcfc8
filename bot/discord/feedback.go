package discord

import (
	"context"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/summitbot/summitbot/bot/feedback"
)

// Feedback records the 👍/👎 votes people give answers; *feedback.Store is one.
type Feedback interface {
	// Record counts user's vote on answerID. It reports whether the vote
	// changed anything (false when the user had already voted the same way)
	// and the answer's counts after it.
	Record(answerID, user string, vote feedback.Vote) (changed bool, counts feedback.Counts, err error)
}

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
	question, _ := b.convs.question(answerID)
	changed, counts, err := b.feedback.Record(answerID, user, vote)
	if err != nil {
		b.log.Error("saving feedback failed", "answer_id", answerID, "err", err)
	}
	b.log.Info("feedback", "answer_id", answerID, "vote", string(vote), "question", question,
		"counted", changed, "up", counts.Up, "down", counts.Down)
	emoji := "👍"
	if vote == feedback.Down {
		emoji = "👎"
	}
	msg := "Thanks for the feedback " + emoji + " — it helps improve summitbot."
	if !changed && err == nil {
		msg = "You already rated this answer " + emoji + "."
	}
	b.respondOrLog(ctx, s, in, msg, true)
}
