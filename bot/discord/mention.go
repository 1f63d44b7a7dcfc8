package discord

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/summitbot/summitbot/bot"
)

// Texts of mention replies.
const (
	thinkingMessage = "🔎 Looking through the sources…"
	mentionHint     = "Ask me about the January 2026 Paris summit on Ukraine security guarantees — mention me with a question, or use /ask."
)

// wantsMessage reports whether a new message is for the bot: written by a
// human (not a bot, not itself), a plain message or reply, and either
// mentioning the bot or sent in a direct message. It runs on the gateway
// goroutine, so it only looks.
func (b *Bot) wantsMessage(m *discordgo.Message) bool {
	if m == nil || m.Author == nil || m.Author.Bot {
		return false
	}
	self, _ := b.ids()
	if self == "" || m.Author.ID == self {
		return false
	}
	if m.Type != discordgo.MessageTypeDefault && m.Type != discordgo.MessageTypeReply {
		return false
	}
	if m.GuildID == "" {
		return true
	}
	for _, u := range m.Mentions {
		if u != nil && u.ID == self {
			return true
		}
	}
	return false
}

// handleMessage answers a message that mentions the bot, as a reply in the
// same channel (or thread). A reply to one of the bot's answers, or a message
// in a thread started from one, continues that conversation.
//
// Mentions are public and cheap to send, so the bot must not amplify them:
// every mention, even an empty or over-long one, takes a token from the
// user's rate limit before anything is posted; a limited user is told so
// once per rate window, then ignored; and a mention that cannot be asked
// (or finds the queue full) gets its one-message refusal without a
// "Looking through the sources…" message first.
func (b *Bot) handleMessage(ctx context.Context, s restAPI, m *discordgo.Message) {
	received := time.Now()
	self, _ := b.ids()
	text := stripMention(m.Content, self)
	user := m.Author.ID
	b.obs.Question(SurfaceMention)
	if msg, ok := b.admitMention(user); !ok {
		if msg != "" {
			b.replyOrLog(ctx, s, m, msg)
		}
		return
	}
	switch {
	case text == "":
		b.replyOrLog(ctx, s, m, mentionHint)
		return
	case utf8.RuneCountInString(text) > bot.MaxQuestionLen:
		b.log.Info("mention too long", "user_id", user, "chars", utf8.RuneCountInString(text))
		b.replyOrLog(ctx, s, m, bot.Friendly(bot.ErrQuestionTooLong))
		return
	}
	release, ok := b.reserve()
	if !ok {
		b.log.Info("busy: refusing a mention", "user_id", user, "max_concurrent", b.cfg.MaxConcurrent, "max_queue", b.cfg.MaxQueue)
		b.obs.Busy(SurfaceMention)
		b.replyOrLog(ctx, s, m, busyMessage)
		return
	}
	defer release()
	var refID string
	if m.MessageReference != nil {
		refID = m.MessageReference.MessageID
	}
	conv, key, history := b.convs.find(refID, m.ChannelID)
	out, err := newMessageReplier(ctx, s, m, thinkingMessage)
	if err != nil {
		b.log.Error("replying to a mention failed", "user_id", user, "err", err)
		return
	}
	q := bot.Question{Text: text, History: history, Guild: m.GuildID}
	b.answer(ctx, out, job{
		kind: "mention", question: text, user: user, conv: conv, convKey: key, history: len(history),
		surface: SurfaceMention, received: received,
		run: func(ctx context.Context, onPartial func(string)) (bot.Answer, error) {
			return b.answerer.Ask(ctx, q, onPartial)
		},
	})
}

// admitMention is admit for mentions: it reports whether user may have a
// reply now and, if not, what to tell them, which is "" (silence) when a
// rate-limited user was already told within the rate window.
func (b *Bot) admitMention(user string) (string, bool) {
	if b.draining.Load() {
		return restartingMessage, false
	}
	now := time.Now()
	wait, ok := b.limiter.allow(user, now)
	if ok {
		return "", true
	}
	b.obs.RateLimited(SurfaceMention)
	if !b.limiter.tell(user, now) {
		b.log.Debug("rate limited, already told", "user_id", user)
		return "", false
	}
	b.log.Info("rate limited", "user_id", user, "wait", wait.Round(time.Second))
	return rateMessage(wait), false
}

// replyOrLog replies to m with text, logging a failure.
func (b *Bot) replyOrLog(ctx context.Context, s restAPI, m *discordgo.Message, text string) {
	if _, err := newMessageReplier(ctx, s, m, text); err != nil {
		b.log.Error("replying to a message failed", "user_id", m.Author.ID, "err", err)
	}
}

// stripMention removes mentions of the bot (<@id> and <@!id>) from text.
func stripMention(text, self string) string {
	if self != "" {
		text = strings.NewReplacer("<@"+self+">", " ", "<@!"+self+">", " ").Replace(text)
	}
	return strings.Join(strings.Fields(text), " ")
}
