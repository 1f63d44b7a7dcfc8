package discord

// This file posts an answer to /ask or /summary in the channel when the
// interaction's token has expired (Discord accepts it for 15 minutes), so
// that the user is not left on "thinking…" for ever.

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
)

const (
	// tokenLifetime is how long Discord accepts an interaction's token.
	tokenLifetime = 15 * time.Minute
	// tokenMargin is how long before it expires a token is no longer used:
	// the call itself takes time, and clocks differ.
	tokenMargin = 30 * time.Second
	// maxQuoted is the most characters of a question a channel answer quotes.
	maxQuoted = 150
)

// lateReplier answers an interaction through its original response while
// its token lasts, and then, or as soon as Discord refuses the token, in the
// interaction's channel, as messages that say whom and what they answer.
type lateReplier struct {
	in      interactionReplier
	created time.Time        // when the interaction was created; zero if unknown
	now     func() time.Time // the clock
	header  string           // first line of the channel answer
	log     *slog.Logger

	mu      sync.Mutex
	expired bool            // the token is no longer used
	channel *messageReplier // the channel message shown, once there is one
}

// newLateReplier returns the replier for an answer to in, asked by user;
// what says what is answered, e.g. `question “…”`.
func (b *Bot) newLateReplier(s restAPI, in *discordgo.Interaction, user, what string) *lateReplier {
	created, _ := discordgo.SnowflakeTimestamp(in.ID)
	if created.Unix() <= 0 {
		created = time.Time{}
	}
	header := "Answer to your " + what + ":"
	if user != "" {
		header = "Answer to <@" + user + ">'s " + what + ":"
	}
	return &lateReplier{
		in: interactionReplier{s: s, in: in}, created: created, now: b.now, header: header,
		log: b.log.With("interaction_id", in.ID, "user_id", user),
	}
}

// quoted is a question as a channel answer quotes it: on one line, markdown
// escaped, cut to maxQuoted characters, in quotation marks.
func quoted(q string) string {
	q = escapeMarkdown(q)
	if utf8.RuneCountInString(q) > maxQuoted {
		q = strings.TrimRight(string([]rune(q)[:maxQuoted-1]), `\ `) + "…"
	}
	return "“" + q + "”"
}

// useChannel reports whether the token can no longer be used, noting when
// it has just run out.
func (r *lateReplier) useChannel() bool {
	if !r.expired && !r.created.IsZero() && r.now().Sub(r.created) >= tokenLifetime-tokenMargin {
		r.expired = true
		r.log.Warn("interaction token expired: answering in the channel", "age", r.now().Sub(r.created).Round(time.Second))
	}
	return r.expired
}

// refused notes, when err is Discord refusing the interaction token, that
// the channel must be used from now on.
func (r *lateReplier) refused(err error) bool {
	if !webhookTokenExpired(err) {
		return false
	}
	r.expired = true
	r.log.Warn("interaction token refused: answering in the channel", "err", err)
	return true
}

// webhookTokenExpired reports whether err is Discord refusing an interaction
// token: code 50027 "Invalid Webhook Token", or HTTP 401 on a webhook route.
func webhookTokenExpired(err error) bool {
	var re *discordgo.RESTError
	if !errors.As(err, &re) {
		return false
	}
	if re.Message != nil && re.Message.Code == discordgo.ErrCodeInvalidWebhookTokenProvided {
		return true
	}
	return re.Response != nil && re.Response.StatusCode == http.StatusUnauthorized
}

func (r *lateReplier) show(ctx context.Context, text string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.useChannel() {
		err := r.in.show(ctx, text)
		if !r.refused(err) {
			return err
		}
	}
	content := r.withHeader(text)
	if r.channel != nil {
		return r.channel.show(ctx, content)
	}
	id, err := r.post(ctx, content, nil)
	if err != nil {
		return err
	}
	r.channel = &messageReplier{s: r.in.s, channelID: r.in.in.ChannelID, replyID: id}
	return nil
}

func (r *lateReplier) final(ctx context.Context, parts []string, components []discordgo.MessageComponent) ([]string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	var ids []string
	if !r.useChannel() {
		var err error
		ids, err = r.in.final(ctx, parts, components)
		if !r.refused(err) {
			return ids, err
		}
		parts = parts[len(ids):]
	}
	if len(parts) == 0 {
		return ids, nil
	}
	rest := append(splitMessage(r.header+"\n"+parts[0], maxMessage), parts[1:]...)
	if r.channel != nil {
		more, err := r.channel.final(ctx, rest, components)
		return append(ids, more...), err
	}
	for i, part := range rest {
		var comps []discordgo.MessageComponent
		if i == len(rest)-1 {
			comps = components
		}
		id, err := r.post(ctx, part, comps)
		if err != nil {
			return ids, fmt.Errorf("send part %d of %d in the channel: %w", i+1, len(rest), err)
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// withHeader puts the header above text, within one message.
func (r *lateReplier) withHeader(text string) string {
	return splitMessage(r.header+"\n"+text, maxMessage)[0]
}

// post sends a new message in the interaction's channel, pinging no one.
func (r *lateReplier) post(ctx context.Context, content string, comps []discordgo.MessageComponent) (string, error) {
	rctx, cancel := restCtx(ctx)
	defer cancel()
	m, err := r.in.s.ChannelMessageSendComplex(r.in.in.ChannelID, &discordgo.MessageSend{
		Content: content, Components: comps, AllowedMentions: noMentions(),
	}, discordgo.WithContext(rctx))
	if err != nil {
		return "", fmt.Errorf("post in the channel: %w", redact(err))
	}
	return m.ID, nil
}
