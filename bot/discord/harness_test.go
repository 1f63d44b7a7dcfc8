package discord

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/summitbot/summitbot/bot"
	"github.com/summitbot/summitbot/bot/discordtest"
	"github.com/summitbot/summitbot/bot/feedback"
	"github.com/summitbot/summitbot/retrieval"
)

// wait is how long tests wait for something to happen: generous, since it
// only matters when a test is failing.
const wait = 20 * time.Second

// fakeAnswerer answers with askFn and sumFn (a canned answer when nil),
// suggests topicList (or topicsFn's) and records what it was asked. With block set, each answer first sends its
// question (or topic) to started, then waits until block is closed.
type fakeAnswerer struct {
	askFn func(ctx context.Context, q bot.Question, onPartial func(string)) (bot.Answer, error)
	sumFn func(ctx context.Context, req bot.SummaryRequest, onPartial func(string)) (bot.Answer, error)
	// topicsFn, when set, answers Topics; else topicList does, for every guild.
	topicsFn  func(ctx context.Context, guild string) ([]bot.Topic, error)
	topicList []bot.Topic

	block   chan struct{}
	started chan string

	mu     sync.Mutex
	asked  []bot.Question
	topics []string
	sums   []bot.SummaryRequest
	guilds []string // the scope of each Topics call
}

func (f *fakeAnswerer) Ask(ctx context.Context, q bot.Question, onPartial func(string)) (bot.Answer, error) {
	f.mu.Lock()
	f.asked = append(f.asked, q)
	fn := f.askFn
	f.mu.Unlock()
	if err := f.wait(ctx, q.Text); err != nil {
		return bot.Answer{}, err
	}
	if fn == nil {
		return cannedAnswer("ans-"+q.Text, "Answer to: "+q.Text+" [1]"), nil
	}
	return fn(ctx, q, onPartial)
}

func (f *fakeAnswerer) Summarize(ctx context.Context, req bot.SummaryRequest, onPartial func(string)) (bot.Answer, error) {
	f.mu.Lock()
	f.topics = append(f.topics, req.Topic)
	f.sums = append(f.sums, req)
	fn := f.sumFn
	f.mu.Unlock()
	if err := f.wait(ctx, req.Topic); err != nil {
		return bot.Answer{}, err
	}
	if fn == nil {
		return cannedAnswer("sum-"+req.Topic, "Summary of "+req.Topic+" [1]"), nil
	}
	return fn(ctx, req, onPartial)
}

func (f *fakeAnswerer) Topics(ctx context.Context, guild string) ([]bot.Topic, error) {
	f.mu.Lock()
	f.guilds = append(f.guilds, guild)
	fn, list := f.topicsFn, f.topicList
	f.mu.Unlock()
	if fn != nil {
		return fn(ctx, guild)
	}
	return list, nil
}

// topicScopes returns the scope of each Topics call so far.
func (f *fakeAnswerer) topicScopes() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.guilds...)
}

// newBlockingAnswerer returns a fakeAnswerer whose answers wait until
// block is closed.
func newBlockingAnswerer() *fakeAnswerer {
	return &fakeAnswerer{block: make(chan struct{}), started: make(chan string, 64)}
}

// wait, in blocking mode, says that an answer to what started and waits
// for block to be closed.
func (f *fakeAnswerer) wait(ctx context.Context, what string) error {
	if f.block == nil {
		return nil
	}
	f.started <- what
	select {
	case <-f.block:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// waitStarted waits until an answer has started and returns its question.
func (f *fakeAnswerer) waitStarted(t testing.TB) string {
	t.Helper()
	select {
	case q := <-f.started:
		return q
	case <-time.After(wait):
		t.Fatal("no answer started")
		return ""
	}
}

func (f *fakeAnswerer) questions() []bot.Question {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]bot.Question(nil), f.asked...)
}

func cannedAnswer(id, text string) bot.Answer {
	return bot.Answer{ID: id, Text: text, Mode: bot.ModeLLM, Found: true, Citations: []bot.Citation{{
		N: 1, SourceID: "reuters-paris", Title: "Allies sign Paris declaration", Outlet: "Reuters",
		URL: "https://www.reuters.com/world/europe/paris-declaration", Published: "2026-01-06",
	}}}
}

// fakeLibrary holds sources in memory and records the scope of each call;
// addFn overrides Add and AddUpload (an upload's ref is its URL).
type fakeLibrary struct {
	addFn func(ctx context.Context, ref string, progress func(string)) (retrieval.Source, error)

	mu      sync.Mutex
	sources []retrieval.Source
	added   []string
	scopes  []string // the guild of each add and remove, in order
	uploads []bot.Upload
	removed []string
}

func newFakeLibrary(srcs ...retrieval.Source) *fakeLibrary {
	return &fakeLibrary{sources: srcs}
}

func (l *fakeLibrary) Add(ctx context.Context, guild, ref string, progress func(string)) (retrieval.Source, error) {
	l.mu.Lock()
	l.added = append(l.added, ref)
	l.scopes = append(l.scopes, guild)
	fn := l.addFn
	l.mu.Unlock()
	if fn == nil {
		return retrieval.Source{ID: "new", Title: "New", Chunks: 1, Guild: guild}, nil
	}
	return fn(ctx, ref, progress)
}

func (l *fakeLibrary) AddUpload(ctx context.Context, guild string, up bot.Upload, progress func(string)) (retrieval.Source, error) {
	l.mu.Lock()
	l.uploads = append(l.uploads, up)
	l.mu.Unlock()
	return l.Add(ctx, guild, up.URL, progress)
}

// Remove removes a source of guild's scope (shared sources only in the
// shared scope), as bot.Library does.
func (l *fakeLibrary) Remove(ctx context.Context, guild, id string) (retrieval.Source, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.scopes = append(l.scopes, guild)
	for i, s := range l.sources {
		if s.ID == id && s.Guild == guild {
			l.sources = append(l.sources[:i], l.sources[i+1:]...)
			l.removed = append(l.removed, id)
			return s, nil
		}
	}
	return retrieval.Source{}, userError("There is no source called " + id + ".")
}

// List returns the shared sources and guild's.
func (l *fakeLibrary) List(guild string) []retrieval.Source {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []retrieval.Source
	for _, s := range l.sources {
		if s.Guild == "" || s.Guild == guild {
			out = append(out, s)
		}
	}
	return out
}

// callScopes returns the guild of each add and remove so far.
func (l *fakeLibrary) callScopes() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.scopes...)
}

func (l *fakeLibrary) adds() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.added...)
}

// userError is a refusal of the core with a sentence for the user.
func userError(msg string) error {
	return fmt.Errorf("ingest: refused: %w", &bot.Error{Code: bot.CodeFetchFailed, Msg: msg})
}

// syncBuffer is a log sink tests can read while the bot writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// harness is a Bot running against a fake Discord.
type harness struct {
	fake   *discordtest.Server
	bot    *Bot
	cfg    Config
	logs   *syncBuffer
	cancel context.CancelFunc
	done   chan error

	stopOnce sync.Once
	runErr   error
	wantErr  error // what Run should return; nil after a shutdown
}

// startBot runs a Bot against a new fake Discord until the test ends, and
// waits until it has registered its commands. tweak may adjust the config.
func startBot(t testing.TB, a Answerer, lib Library, tweak func(*Config)) *harness {
	t.Helper()
	return startBotWith(t, a, lib, tweak, nil)
}

// startBotWith is startBot, with prep (when not nil) called on the Bot
// before it runs, e.g. to replace its clock.
func startBotWith(t testing.TB, a Answerer, lib Library, tweak func(*Config), prep func(*Bot)) *harness {
	t.Helper()
	h := launchBot(t, discordtest.New(t), a, lib, tweak, prep)
	h.waitLog(t, "discord bot ready")
	return h
}

// launchBot runs a Bot against fake until the test ends, without waiting
// for it to be ready.
func launchBot(t testing.TB, fake *discordtest.Server, a Answerer, lib Library, tweak func(*Config), prep func(*Bot)) *harness {
	t.Helper()
	cfg := Config{
		Token:           fake.Token,
		GuildID:         fake.GuildID,
		APIBaseURL:      fake.URL,
		RateLimit:       RateLimit{Requests: 100, Window: time.Minute},
		EditInterval:    10 * time.Millisecond,
		AnswerTimeout:   wait,
		ShutdownTimeout: wait,
	}
	if tweak != nil {
		tweak(&cfg)
	}
	votes, err := feedback.Open(filepath.Join(t.TempDir(), "feedback.json"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { votes.Close() }) // after the bot stops (cleanups run last first)
	logs := &syncBuffer{}
	b, err := New(cfg, a, lib, votes, slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})))
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	if prep != nil {
		prep(b)
	}
	ctx, cancel := context.WithCancel(context.Background())
	h := &harness{fake: fake, bot: b, cfg: cfg, logs: logs, cancel: cancel, done: make(chan error, 1)}
	go func() { h.done <- b.Run(ctx) }()
	t.Cleanup(func() {
		if err := h.stop(); !errors.Is(err, h.wantErr) {
			t.Errorf("Run: %v, want %v", err, h.wantErr)
		}
		h.cancel()
		checkAllowedMentions(t, fake.Calls())
		if l := logs.String(); strings.Contains(l, fake.Token) || strings.Contains(l, "itoken-") {
			t.Errorf("a token was logged:\n%s", l)
		}
		if t.Failed() {
			t.Logf("bot log:\n%s", logs.String())
		}
	})
	return h
}

// exited waits for Run to return by itself, without cancelling its
// context, and returns its error.
func (h *harness) exited() error {
	h.stopOnce.Do(func() {
		select {
		case h.runErr = <-h.done:
		case <-time.After(wait):
			h.runErr = errors.New("Run did not return by itself")
		}
	})
	return h.runErr
}

// stop cancels Run's context and waits for Run to return.
func (h *harness) stop() error {
	h.stopOnce.Do(func() {
		h.cancel()
		select {
		case h.runErr = <-h.done:
		case <-time.After(2 * wait):
			h.runErr = errors.New("Run did not return after its context was cancelled")
		}
	})
	return h.runErr
}

// waitLog waits until the bot's log contains substr.
func (h *harness) waitLog(t testing.TB, substr string) {
	t.Helper()
	deadline := time.Now().Add(wait)
	for !strings.Contains(h.logs.String(), substr) {
		if time.Now().After(deadline) {
			t.Fatalf("log never said %q:\n%s", substr, h.logs.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// checkAllowedMentions asserts that every message the bot sent (responses,
// edits, followups, channel messages) disallows all mentions.
func checkAllowedMentions(t testing.TB, calls []discordtest.Call) {
	t.Helper()
	for _, c := range calls {
		var field string
		switch {
		case c.Method == "POST" && strings.HasSuffix(c.Path, "/callback"):
			typ, _ := c.Field("type").(float64)
			if typ == discordtest.CallbackAutocomplete {
				continue
			}
			field = "data.allowed_mentions.parse"
		case c.Method == "PATCH" && strings.HasPrefix(c.Path, "/webhooks/"),
			c.Method == "POST" && strings.HasPrefix(c.Path, "/webhooks/"),
			c.Method == "POST" && strings.HasPrefix(c.Path, "/channels/") && strings.HasSuffix(c.Path, "/messages"),
			c.Method == "PATCH" && strings.HasPrefix(c.Path, "/channels/"):
			field = "allowed_mentions.parse"
		default:
			continue
		}
		parse, ok := c.Field(field).([]any)
		if !ok || len(parse) != 0 {
			t.Errorf("%s: %s = %v, want []", c, field, c.Field(field))
		}
	}
}

// customIDs returns the custom IDs of the buttons a call's message carries.
func customIDs(t testing.TB, c discordtest.Call) []string {
	t.Helper()
	var body struct {
		Components []struct {
			Components []struct {
				CustomID string `json:"custom_id"`
			} `json:"components"`
		} `json:"components"`
	}
	if err := json.Unmarshal(c.Body, &body); err != nil {
		t.Fatalf("decode components: %v", err)
	}
	var ids []string
	for _, row := range body.Components {
		for _, comp := range row.Components {
			ids = append(ids, comp.CustomID)
		}
	}
	return ids
}

// callbackType returns an interaction callback's response type.
func callbackType(c discordtest.Call) int {
	typ, _ := c.Field("type").(float64)
	return int(typ)
}

// isEphemeral reports whether a callback's message is ephemeral.
func isEphemeral(c discordtest.Call) bool {
	flags, _ := c.Field("data.flags").(float64)
	return int(flags)&discordtest.FlagEphemeral != 0
}

// isFinal matches a message carrying an answer's Sources list.
func isFinal(c discordtest.Call) bool {
	return strings.Contains(c.Content(), "**Sources**")
}

func describe(v any) string {
	raw, _ := json.Marshal(v)
	return string(raw)
}

// memoryFeedback is a feedback store that keeps votes in memory.
func memoryFeedback(t testing.TB) *feedback.Store {
	t.Helper()
	s, err := feedback.Open("")
	if err != nil {
		t.Fatal(err)
	}
	return s
}
