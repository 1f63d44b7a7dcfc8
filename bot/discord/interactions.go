package discord

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/summitbot/summitbot/bot"
)

// handleInteraction routes one interaction. It runs as a tracked task.
func (b *Bot) handleInteraction(ctx context.Context, s restAPI, in *discordgo.Interaction) {
	switch in.Type {
	case discordgo.InteractionApplicationCommand:
		data := in.ApplicationCommandData()
		switch data.Name {
		case cmdAsk:
			b.onAsk(ctx, s, in, data)
		case cmdSummary:
			b.onSummary(ctx, s, in, data)
		case cmdSources:
			b.onSources(ctx, s, in, data)
		default:
			b.respondOrLog(ctx, s, in, "I don't know that command — try /ask.", true)
		}
	case discordgo.InteractionApplicationCommandAutocomplete:
		b.onAutocomplete(ctx, s, in)
	case discordgo.InteractionMessageComponent:
		b.onComponent(ctx, s, in)
	default:
		b.log.Debug("ignoring interaction", "type", in.Type.String())
	}
}

func (b *Bot) onAsk(ctx context.Context, s restAPI, in *discordgo.Interaction, data discordgo.ApplicationCommandInteractionData) {
	received := time.Now()
	text := strings.TrimSpace(optString(data.Options, optQuestion))
	user := interactionUser(in)
	if text == "" {
		b.respondOrLog(ctx, s, in, "Ask a question, e.g. /ask question: Who would lead the multinational force?", true)
		return
	}
	b.obs.Question(SurfaceSlash)
	release, ok := b.admitInteraction(ctx, s, in, user)
	if !ok {
		return
	}
	defer release()
	if err := b.deferReply(ctx, s, in, false); err != nil {
		b.log.Error("deferring /ask failed", "user_id", user, "err", err)
		return
	}
	conv, key, history := b.convs.find(in.ChannelID)
	q := bot.Question{Text: text, History: history, Guild: in.GuildID}
	b.answer(ctx, b.newLateReplier(s, in, user, "question "+quoted(text)), job{
		kind: "ask", question: text, user: user, conv: conv, convKey: key, history: len(history),
		surface: SurfaceSlash, received: received,
		run: func(ctx context.Context, onPartial func(string)) (bot.Answer, error) {
			return b.answerer.Ask(ctx, q, onPartial)
		},
	})
}

func (b *Bot) onSummary(ctx context.Context, s restAPI, in *discordgo.Interaction, data discordgo.ApplicationCommandInteractionData) {
	received := time.Now()
	topic := strings.TrimSpace(optString(data.Options, optTopic))
	user := interactionUser(in)
	b.obs.Question(SurfaceSlash)
	release, ok := b.admitInteraction(ctx, s, in, user)
	if !ok {
		return
	}
	defer release()
	if err := b.deferReply(ctx, s, in, false); err != nil {
		b.log.Error("deferring /summary failed", "user_id", user, "err", err)
		return
	}
	question := "Summarize the Paris summit"
	if topic != "" {
		question += " on: " + topic
	}
	what := "request for a summary"
	if topic != "" {
		what += " of " + quoted(topic)
	}
	conv, key, _ := b.convs.find(in.ChannelID)
	b.answer(ctx, b.newLateReplier(s, in, user, what), job{
		kind: "summary", question: question, user: user, conv: conv, convKey: key,
		surface: SurfaceSlash, received: received,
		run: func(ctx context.Context, onPartial func(string)) (bot.Answer, error) {
			return b.answerer.Summarize(ctx, bot.SummaryRequest{Topic: topic, Guild: in.GuildID}, onPartial)
		},
	})
}

// admitInteraction applies shutdown, the per-user rate limit and the length
// of the queue; a refused user gets an ephemeral explanation. An admitted
// question holds a place in the queue until the caller calls release.
func (b *Bot) admitInteraction(ctx context.Context, s restAPI, in *discordgo.Interaction, user string) (release func(), ok bool) {
	msg, ok := b.admit(user)
	if ok {
		if release, ok = b.reserve(); !ok {
			b.log.Info("busy: refusing a question", "user_id", user, "max_concurrent", b.cfg.MaxConcurrent, "max_queue", b.cfg.MaxQueue)
			b.obs.Busy(SurfaceSlash)
			msg = busyMessage
		}
	}
	if !ok {
		b.respondOrLog(ctx, s, in, msg, true)
	}
	return release, ok
}

// admit reports whether user may start an answer with a slash command now,
// and if not, why.
func (b *Bot) admit(user string) (string, bool) {
	if b.draining.Load() {
		return restartingMessage, false
	}
	if wait, ok := b.limiter.allow(user, time.Now()); !ok {
		b.log.Info("rate limited", "user_id", user, "wait", wait.Round(time.Second))
		b.obs.RateLimited(SurfaceSlash)
		return rateMessage(wait), false
	}
	return "", true
}

// respond answers an interaction at once with a message.
func (b *Bot) respond(ctx context.Context, s restAPI, in *discordgo.Interaction, text string, ephemeral bool) error {
	data := &discordgo.InteractionResponseData{Content: text, AllowedMentions: noMentions()}
	if ephemeral {
		data.Flags = discordgo.MessageFlagsEphemeral
	}
	rctx, cancel := restCtx(ctx)
	defer cancel()
	err := s.InteractionRespond(in, &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseChannelMessageWithSource, Data: data,
	}, discordgo.WithContext(rctx))
	if err != nil {
		return fmt.Errorf("respond to interaction: %w", redact(err))
	}
	return nil
}

// respondOrLog is respond for callers with nothing better to do on failure.
func (b *Bot) respondOrLog(ctx context.Context, s restAPI, in *discordgo.Interaction, text string, ephemeral bool) {
	if err := b.respond(ctx, s, in, text, ephemeral); err != nil {
		b.log.Error("responding failed", "interaction_id", in.ID, "err", err)
	}
}

// deferReply acknowledges an interaction with "thinking…"; the answer
// follows as edits of the original response.
func (b *Bot) deferReply(ctx context.Context, s restAPI, in *discordgo.Interaction, ephemeral bool) error {
	data := &discordgo.InteractionResponseData{AllowedMentions: noMentions()}
	if ephemeral {
		data.Flags = discordgo.MessageFlagsEphemeral
	}
	rctx, cancel := restCtx(ctx)
	defer cancel()
	err := s.InteractionRespond(in, &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseDeferredChannelMessageWithSource, Data: data,
	}, discordgo.WithContext(rctx))
	if err != nil {
		return fmt.Errorf("defer interaction response: %w", redact(err))
	}
	return nil
}

// interactionUser returns the ID of the user behind an interaction.
func interactionUser(in *discordgo.Interaction) string {
	if in.Member != nil && in.Member.User != nil {
		return in.Member.User.ID
	}
	if in.User != nil {
		return in.User.ID
	}
	return ""
}

// optString returns the string option called name, or "".
func optString(opts []*discordgo.ApplicationCommandInteractionDataOption, name string) string {
	for _, o := range opts {
		if o != nil && o.Name == name {
			if s, ok := o.Value.(string); ok {
				return s
			}
		}
	}
	return ""
}
