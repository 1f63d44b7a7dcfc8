package discord

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/summitbot/summitbot/bot"
	"github.com/summitbot/summitbot/bot/safetext"
)

// Texts users see.
const (
	// restartingMessage is what users are told when the bot is shutting down.
	restartingMessage = "summitbot is restarting — please ask again in a minute."
	// emptyAnswer stands in for an answer the core returned without text.
	emptyAnswer = "I couldn't find anything to say about that in the loaded sources."
)

// replier is where an answer is shown: an interaction's original response
// (plus followups), or a reply message (plus more channel messages).
type replier interface {
	// show replaces the visible reply with text (a partial answer, a status
	// or an error).
	show(ctx context.Context, text string) error
	// final replaces the reply with parts[0] and sends the other parts as new
	// messages; the last message carries components. It returns the IDs of
	// the messages, in order, as far as it got.
	final(ctx context.Context, parts []string, components []discordgo.MessageComponent) ([]string, error)
}

// interactionReplier answers through an interaction's original response.
type interactionReplier struct {
	s  restAPI
	in *discordgo.Interaction
}

func (r interactionReplier) show(ctx context.Context, text string) error {
	rctx, cancel := restCtx(ctx)
	defer cancel()
	_, err := r.s.InteractionResponseEdit(r.in, &discordgo.WebhookEdit{
		Content: &text, AllowedMentions: noMentions(),
	}, discordgo.WithContext(rctx))
	if err != nil {
		return fmt.Errorf("edit interaction response: %w", redact(err))
	}
	return nil
}

func (r interactionReplier) final(ctx context.Context, parts []string, components []discordgo.MessageComponent) ([]string, error) {
	var ids []string
	for i, part := range parts {
		last := i == len(parts)-1
		var comps []discordgo.MessageComponent
		if last {
			comps = components
		}
		rctx, cancel := restCtx(ctx)
		var m *discordgo.Message
		var err error
		if i == 0 {
			content := part
			edit := &discordgo.WebhookEdit{Content: &content, AllowedMentions: noMentions()}
			if comps != nil {
				edit.Components = &comps
			}
			m, err = r.s.InteractionResponseEdit(r.in, edit, discordgo.WithContext(rctx))
		} else {
			m, err = r.s.FollowupMessageCreate(r.in, true, &discordgo.WebhookParams{
				Content: part, Components: comps, AllowedMentions: noMentions(),
			}, discordgo.WithContext(rctx))
		}
		cancel()
		if err != nil {
			return ids, fmt.Errorf("send part %d of %d: %w", i+1, len(parts), redact(err))
		}
		if m != nil {
			ids = append(ids, m.ID)
		}
	}
	return ids, nil
}

// messageReplier answers a message with a reply that it then edits.
type messageReplier struct {
	s         restAPI
	channelID string
	replyID   string // the reply being edited
}

// newMessageReplier posts the first version of a reply to m.
func newMessageReplier(ctx context.Context, s restAPI, m *discordgo.Message, text string) (*messageReplier, error) {
	rctx, cancel := restCtx(ctx)
	defer cancel()
	noFail := false
	sent, err := s.ChannelMessageSendComplex(m.ChannelID, &discordgo.MessageSend{
		Content:         text,
		AllowedMentions: noMentions(),
		Reference:       &discordgo.MessageReference{MessageID: m.ID, ChannelID: m.ChannelID, GuildID: m.GuildID, FailIfNotExists: &noFail},
	}, discordgo.WithContext(rctx))
	if err != nil {
		return nil, fmt.Errorf("reply to message: %w", redact(err))
	}
	return &messageReplier{s: s, channelID: m.ChannelID, replyID: sent.ID}, nil
}

func (r *messageReplier) show(ctx context.Context, text string) error {
	_, err := r.edit(ctx, text, nil)
	return err
}

func (r *messageReplier) edit(ctx context.Context, text string, comps []discordgo.MessageComponent) (*discordgo.Message, error) {
	rctx, cancel := restCtx(ctx)
	defer cancel()
	edit := discordgo.NewMessageEdit(r.channelID, r.replyID).SetContent(text)
	edit.AllowedMentions = noMentions()
	if comps != nil {
		edit.Components = &comps
	}
	m, err := r.s.ChannelMessageEditComplex(edit, discordgo.WithContext(rctx))
	if err != nil {
		return nil, fmt.Errorf("edit reply: %w", redact(err))
	}
	return m, nil
}

func (r *messageReplier) final(ctx context.Context, parts []string, components []discordgo.MessageComponent) ([]string, error) {
	var ids []string
	for i, part := range parts {
		var comps []discordgo.MessageComponent
		if i == len(parts)-1 {
			comps = components
		}
		if i == 0 {
			if _, err := r.edit(ctx, part, comps); err != nil {
				return ids, err
			}
			ids = append(ids, r.replyID)
			continue
		}
		rctx, cancel := restCtx(ctx)
		m, err := r.s.ChannelMessageSendComplex(r.channelID, &discordgo.MessageSend{
			Content: part, Components: comps, AllowedMentions: noMentions(),
		}, discordgo.WithContext(rctx))
		cancel()
		if err != nil {
			return ids, fmt.Errorf("send part %d of %d: %w", i+1, len(parts), redact(err))
		}
		ids = append(ids, m.ID)
	}
	return ids, nil
}

// job is one answer to write.
type job struct {
	kind     string // "ask", "summary" or "mention", for logs
	question string // as the user asked it, for history and logs
	user     string
	conv     *conversation // the conversation it continues, or nil
	convKey  string        // the key conv was found under (a thread), or ""
	history  int           // how many earlier turns the question carries
	run      func(ctx context.Context, onPartial func(string)) (bot.Answer, error)
	surface  string    // SurfaceSlash or SurfaceMention, for the Observer
	received time.Time // when the question arrived; zero means when answer starts
}

// answer writes j's answer into out: it waits for a slot, streams partial
// text (at most one edit per EditInterval), then posts the final answer with
// its sources, split into messages as needed, and feedback buttons.
func (b *Bot) answer(ctx context.Context, out replier, j job) {
	start := time.Now()
	if j.received.IsZero() {
		j.received = start
	}
	actx, cancel := context.WithTimeout(ctx, b.cfg.AnswerTimeout)
	defer cancel()
	log := b.log.With("kind", j.kind, "user_id", j.user)

	if err := b.acquire(actx, j.surface); err != nil {
		b.fail(ctx, out, log, err, j)
		b.observeAnswer(j, bot.Answer{}, err, time.Time{})
		return
	}
	queued := time.Since(start)
	var shown time.Time // when the first partial text was shown; written by the streamer's goroutine until st.stop
	st := startStreamer(b.cfg.EditInterval, func(text string) {
		if err := out.show(ctx, preview(text)); err != nil {
			log.Warn("streaming edit failed", "err", err)
		} else if shown.IsZero() {
			shown = time.Now()
		}
	})
	ans, err := runGuarded(func() (bot.Answer, error) {
		defer b.release()
		defer st.stop()
		return j.run(actx, st.push)
	})
	if err != nil {
		b.fail(ctx, out, log, err, j)
		b.observeAnswer(j, bot.Answer{}, err, shown)
		return
	}
	if strings.TrimSpace(ans.Text) == "" {
		ans.Text = emptyAnswer
	}
	if ans.ID == "" || len(ans.ID) > 64 {
		ans.ID = newAnswerID()
	}
	// Remember the turn before the user can see the answer and follow it up;
	// the answer's messages join the conversation once they exist.
	conv := b.convs.record(j.conv, bot.Turn{Question: j.question, Answer: ans.Text}, j.convKey)
	b.convs.rememberQuestion(ans.ID, j.question)
	parts := splitMessage(renderAnswer(ans), maxMessage)
	ids, err := out.final(ctx, parts, feedbackButtons(ans.ID))
	b.convs.link(conv, ids...)
	if err != nil {
		log.Error("posting the answer failed", "answer_id", ans.ID, "err", err)
	}
	if shown.IsZero() && len(ids) > 0 {
		shown = time.Now()
	}
	b.observeAnswer(j, ans, nil, shown)
	log.Info("answered", "answer_id", ans.ID, "question", j.question, "mode", ans.Mode,
		"found", ans.Found, "fallback", ans.Fallback, "citations", len(ans.Citations), "messages", len(parts),
		"history", j.history, "queued", queued, "took", time.Since(start))
}

// observeAnswer tells the Observer about a finished answer (or err, the
// failure shown instead); shown is when its first text was shown, if ever.
func (b *Bot) observeAnswer(j job, ans bot.Answer, err error, shown time.Time) {
	var mode string
	if err == nil {
		mode = ans.Mode
	}
	var firstEdit time.Duration
	if !shown.IsZero() {
		firstEdit = shown.Sub(j.received)
	}
	b.obs.Answered(j.surface, mode, outcome(ans, err), time.Since(j.received), firstEdit)
}

// fail logs err with its detail and shows the user one friendly sentence.
func (b *Bot) fail(ctx context.Context, out replier, log *slog.Logger, err error, j job) {
	log.Error("answer failed", "question", j.question, "err", err)
	if serr := out.show(ctx, b.friendly(err)); serr != nil {
		log.Error("telling the user about a failure failed", "err", serr)
	}
}

// friendly is the one sentence a user sees for err. It can quote a file
// name or an id, so it goes through safetext.Clean.
func (b *Bot) friendly(err error) string {
	if b.draining.Load() && errors.Is(err, context.Canceled) {
		return restartingMessage
	}
	return safetext.Clean(bot.Friendly(err))
}

// newAnswerID makes an ID for an answer the core did not name.
func newAnswerID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return "d-" + hex.EncodeToString(b[:])
}

// streamer shows text as it grows, at most one edit per interval, from a
// goroutine its creator stops (and waits for) with stop.
type streamer struct {
	interval time.Duration
	send     func(text string)

	mu     sync.Mutex
	latest string
	dirty  bool

	kick chan struct{}
	quit chan struct{}
	done chan struct{}
}

func startStreamer(interval time.Duration, send func(string)) *streamer {
	st := &streamer{
		interval: interval, send: send,
		kick: make(chan struct{}, 1), quit: make(chan struct{}), done: make(chan struct{}),
	}
	go st.loop()
	return st
}

// push records the text so far; it never blocks.
func (st *streamer) push(text string) {
	st.mu.Lock()
	st.latest, st.dirty = text, true
	st.mu.Unlock()
	select {
	case st.kick <- struct{}{}:
	default:
	}
}

func (st *streamer) loop() {
	defer close(st.done)
	var last time.Time
	for {
		select {
		case <-st.quit:
			return
		case <-st.kick:
		}
		if wait := time.Until(last.Add(st.interval)); wait > 0 {
			timer := time.NewTimer(wait)
			select {
			case <-st.quit:
				timer.Stop()
				return
			case <-timer.C:
			}
		}
		st.mu.Lock()
		text, dirty := st.latest, st.dirty
		st.dirty = false
		st.mu.Unlock()
		if dirty {
			st.send(text)
			last = time.Now()
		}
	}
}

// stop ends the streaming and waits for an edit in progress to finish, so
// that the final edit comes after every partial one.
func (st *streamer) stop() {
	close(st.quit)
	<-st.done
}

// runGuarded calls run and turns a panic in it into an error, after run's own
// deferred calls (which give back the answer slot and stop the streamer) have
// run, so that a panic in the core cannot hold a slot for ever.
func runGuarded(run func() (bot.Answer, error)) (ans bot.Answer, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic while answering: %v", r)
		}
	}()
	return run()
}
