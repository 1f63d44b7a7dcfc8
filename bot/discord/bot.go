// Package discord is summitbot's Discord adapter. It serves /ask, /summary and
// /sources, answers mentions, streams answers by editing its reply, formats
// citations, splits long answers, collects 👍/👎 feedback and enforces
// per-user and global limits.
//
// It is the only package that imports discordgo, and it stays thin: the
// answering core is reached through the Answerer and Library interfaces
// below, votes go to a Feedback store (feedback.go; bot/feedback keeps them),
// and Discord's REST API is called through the small restAPI interface
// (rest.go), which *discordgo.Session satisfies and tests replace. Per-user
// rate limits, the answer slots and their queue are in ratelimit.go, the
// conversation memory in conversations.go, the goroutine tracker in
// tracker.go, the gateway's reconnection (which ends Run when Discord rejects
// the token) in gateway.go, the channel answers posted once an
// interaction's token has expired in expired.go, and the Observer told about
// questions and answers for metrics in observer.go.
package discord

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"

	"github.com/summitbot/summitbot/bot"
	"github.com/summitbot/summitbot/retrieval"
)

// Answerer produces cited answers and summaries. onPartial, when not nil,
// receives the whole text written so far each time it grows.
type Answerer interface {
	// Ask answers q from the loaded sources, with [n] citations.
	Ask(ctx context.Context, q bot.Question, onPartial func(text string)) (bot.Answer, error)
	// Summarize summarises the sources of a scope, or one topic of them, with citations.
	Summarize(ctx context.Context, req bot.SummaryRequest, onPartial func(text string)) (bot.Answer, error)
	// Topics suggests topics for summaries of guild's scope ("" for the
	// shared sources only), most central first; it answers /summary's
	// autocomplete, so it must be fast.
	Topics(ctx context.Context, guild string) ([]bot.Topic, error)
}

// Library manages the loaded sources. Each call names the scope it acts in:
// "" for the shared sources every server answers from, or a server's id for
// that server's own (see bot.Library).
type Library interface {
	// Add loads the article at an http(s) URL into guild's scope, reporting
	// progress as short status strings.
	Add(ctx context.Context, guild, rawURL string, progress func(status string)) (retrieval.Source, error)
	// AddUpload loads a file uploaded to Discord into guild's scope, after
	// checking its declared size and type.
	AddUpload(ctx context.Context, guild string, up bot.Upload, progress func(status string)) (retrieval.Source, error)
	// Remove unloads the source with the given ID from guild's scope.
	Remove(ctx context.Context, guild, id string) (retrieval.Source, error)
	// List returns the sources visible in guild's scope: the shared ones and
	// that server's own.
	List(guild string) []retrieval.Source
}

// ErrMissingToken is returned by New when Config.Token is empty.
var ErrMissingToken = errors.New(`DISCORD_TOKEN is missing: set it to your bot's token ` +
	`(Discord Developer Portal → your application → Bot → Reset Token), ` +
	`or try summitbot offline with: summitbot ask "What did the Paris summit agree?"`)

// ErrTokenRejected is returned by Run when Discord refuses the bot token, at
// start or later (a token reset in the Developer Portal): serving cannot go on.
var ErrTokenRejected = errors.New("Discord rejected the bot token (DISCORD_TOKEN): " +
	"reset it in the Developer Portal (Bot → Reset Token) and update your .env.")

// MaxAnswerTimeout is the longest Config.AnswerTimeout allowed: Discord's
// interaction token, needed to post an answer to /ask or /summary, expires
// 15 minutes after the command, and posting takes some time too.
const MaxAnswerTimeout = 14 * time.Minute

// MaxQueueLimit is the most Config.MaxConcurrent and Config.MaxQueue allow.
const MaxQueueLimit = 10000

// RateLimit lets each user ask Requests questions per Window (a token bucket:
// a burst of Requests, refilled evenly over Window).
type RateLimit struct {
	Requests int           // questions allowed in a burst and per Window
	Window   time.Duration // the period over which Requests refill
}

// Config configures a Bot. Only Token is required.
type Config struct {
	// Token is the bot token (DISCORD_TOKEN), with or without the "Bot " prefix.
	Token string
	// GuildID, when set, registers the commands in that guild (instant);
	// otherwise they are registered globally.
	GuildID string
	// AdminRoleIDs and AdminUserIDs, when either is set, further restrict
	// /sources to members with one of the roles or one of the user IDs (on top
	// of the Manage Server permission).
	AdminRoleIDs []string
	AdminUserIDs []string // see AdminRoleIDs
	// APIBaseURL (DISCORD_API_BASE_URL) replaces the scheme and host of
	// https://discord.com in every REST call, keeping the path; e.g.
	// "http://127.0.0.1:8080" receives /api/v9/... . The gateway URL then
	// comes from that API's /gateway answer.
	APIBaseURL string
	// RateLimit limits questions per user; zero means 5 per minute, and a
	// negative Requests turns the limit off.
	RateLimit RateLimit
	// MaxConcurrent caps answers being written at once; more wait in a queue
	// (after their deferral). Zero means 4.
	MaxConcurrent int
	// MaxQueue caps the answers waiting in that queue; a question arriving
	// when it is full is refused at once with a busy message. Zero means 20;
	// a negative value means none wait.
	MaxQueue int
	// AnswerTimeout bounds one answer, queueing included. Zero means 90s;
	// more than MaxAnswerTimeout is refused.
	AnswerTimeout time.Duration
	// EditInterval is the least time between two edits of a streaming reply.
	// Zero means 1s.
	EditInterval time.Duration
	// ShutdownTimeout bounds how long Run waits, once its context is done,
	// for answers in flight before cancelling them. Zero means 30s.
	ShutdownTimeout time.Duration
	// Observer is told about questions, refusals and answers, for metrics;
	// nil means nobody is.
	Observer Observer
}

// String describes the configuration without the token.
func (c Config) String() string {
	return fmt.Sprintf("discord.Config{GuildID:%q AdminRoleIDs:%v AdminUserIDs:%v APIBaseURL:%q RateLimit:%d/%v MaxConcurrent:%d MaxQueue:%d AnswerTimeout:%v EditInterval:%v ShutdownTimeout:%v Token:%s}",
		c.GuildID, c.AdminRoleIDs, c.AdminUserIDs, c.APIBaseURL, c.RateLimit.Requests, c.RateLimit.Window,
		c.MaxConcurrent, c.MaxQueue, c.AnswerTimeout, c.EditInterval, c.ShutdownTimeout, redactedToken(c.Token))
}

// GoString is String, so that %#v does not print the token either.
func (c Config) GoString() string { return c.String() }

// LogValue logs the configuration without the token.
func (c Config) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("guild_id", c.GuildID),
		slog.Int("admin_roles", len(c.AdminRoleIDs)),
		slog.Int("admin_users", len(c.AdminUserIDs)),
		slog.String("api_base_url", c.APIBaseURL),
		slog.Int("rate_requests", c.RateLimit.Requests),
		slog.Duration("rate_window", c.RateLimit.Window),
		slog.Int("max_concurrent", c.MaxConcurrent),
		slog.Int("max_queue", c.MaxQueue),
		slog.Duration("answer_timeout", c.AnswerTimeout),
		slog.Duration("edit_interval", c.EditInterval),
		slog.Duration("shutdown_timeout", c.ShutdownTimeout),
		slog.String("token", redactedToken(c.Token)),
	)
}

func redactedToken(t string) string {
	if t == "" {
		return "(unset)"
	}
	return "(redacted)"
}

// Defaults for zero Config fields, and fixed limits.
const (
	defaultEditInterval    = time.Second
	defaultMaxConcurrent   = 4
	defaultMaxQueue        = 20
	defaultAnswerTimeout   = 90 * time.Second
	defaultShutdownTimeout = 30 * time.Second
	defaultRateRequests    = 5
	defaultRateWindow      = time.Minute

	// restTimeout bounds one call to Discord's REST API.
	restTimeout = 15 * time.Second
	// sourceTimeout bounds loading or removing one source.
	sourceTimeout = 5 * time.Minute
	// handshakeTimeout bounds the gateway websocket handshake.
	handshakeTimeout = 45 * time.Second
	// maxMessage is Discord's limit on a message's content.
	maxMessage = 2000
	// historyTurns is how many earlier turns a follow-up carries.
	historyTurns = 4
	// memoryCap bounds each in-memory map (conversations, answers, rate buckets).
	memoryCap = 5000
)

// Bot is a Discord bot serving summitbot. Create it with New and serve with Run.
type Bot struct {
	cfg      Config
	token    string // with the "Bot " prefix
	answerer Answerer
	lib      Library
	log      *slog.Logger

	client   *http.Client
	dialer   *websocket.Dialer
	limiter  *rateLimiter
	sem      chan struct{} // answers being written: MaxConcurrent
	places   chan struct{} // answers admitted, written or waiting: MaxConcurrent+MaxQueue
	convs    *conversations
	feedback Feedback
	clicks   *rateLimiter // feedback clicks per user (feedback.go)
	// addLimiter limits each admin's /sources add (sourceAdds).
	addLimiter *rateLimiter
	tasks      *tracker
	now        func() time.Time // the clock; tests replace it

	adminRoles map[string]bool
	adminUsers map[string]bool

	obs       Observer
	started   atomic.Bool
	draining  atomic.Bool
	connected atomic.Bool  // the gateway is connected: READY or RESUMED, and no disconnect since
	waiting   atomic.Int64 // admitted answers waiting for a slot

	mu     sync.Mutex
	selfID string // the bot's user ID, from READY
	appID  string // the application ID, from READY
}

// New checks cfg, fills in defaults and returns a Bot that answers with a,
// manages sources with lib and records 👍/👎 votes in fb. log receives the
// detail of everything that goes wrong; nil discards it.
func New(cfg Config, a Answerer, lib Library, fb Feedback, log *slog.Logger) (*Bot, error) {
	cfg.Token = strings.TrimSpace(cfg.Token)
	if cfg.Token == "" || cfg.Token == "Bot" {
		return nil, ErrMissingToken
	}
	if a == nil || lib == nil || fb == nil {
		return nil, errors.New("discord: an Answerer, a Library and a Feedback store are required")
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if cfg.EditInterval <= 0 {
		cfg.EditInterval = defaultEditInterval
	}
	if cfg.MaxConcurrent <= 0 {
		cfg.MaxConcurrent = defaultMaxConcurrent
	}
	if cfg.MaxConcurrent > MaxQueueLimit || cfg.MaxQueue > MaxQueueLimit {
		return nil, fmt.Errorf("discord: MaxConcurrent %d or MaxQueue %d is over %d", cfg.MaxConcurrent, cfg.MaxQueue, MaxQueueLimit)
	}
	switch {
	case cfg.MaxQueue == 0:
		cfg.MaxQueue = defaultMaxQueue
	case cfg.MaxQueue < 0:
		cfg.MaxQueue = 0
	}
	if cfg.AnswerTimeout <= 0 {
		cfg.AnswerTimeout = defaultAnswerTimeout
	}
	if cfg.AnswerTimeout > MaxAnswerTimeout {
		return nil, fmt.Errorf("discord: an answer timeout of %v is over the %v allowed: "+
			"Discord's interaction token expires after 15 minutes, and the answer could no longer be posted", cfg.AnswerTimeout, MaxAnswerTimeout)
	}
	if cfg.ShutdownTimeout <= 0 {
		cfg.ShutdownTimeout = defaultShutdownTimeout
	}
	if cfg.RateLimit.Requests == 0 {
		cfg.RateLimit.Requests = defaultRateRequests
	}
	if cfg.RateLimit.Window <= 0 {
		cfg.RateLimit.Window = defaultRateWindow
	}

	transport := http.DefaultTransport.(*http.Transport).Clone()
	var rt http.RoundTripper = transport
	if cfg.APIBaseURL != "" {
		base, err := parseBaseURL(cfg.APIBaseURL)
		if err != nil {
			return nil, err
		}
		rt = &rewriteTransport{base: base, next: transport}
	}

	obs := cfg.Observer
	if obs == nil {
		obs = nopObserver{}
	}
	token := cfg.Token
	if !strings.HasPrefix(token, "Bot ") {
		token = "Bot " + token
	}
	return &Bot{
		cfg:      cfg,
		token:    token,
		answerer: a,
		lib:      lib,
		log:      log,
		client:   &http.Client{Transport: rt, Timeout: restTimeout + 5*time.Second},
		dialer: &websocket.Dialer{
			Proxy:            http.ProxyFromEnvironment, // never used for loopback
			HandshakeTimeout: handshakeTimeout,
		},
		limiter:    newRateLimiter(cfg.RateLimit, memoryCap),
		addLimiter: newRateLimiter(RateLimit{Requests: sourceAdds, Window: sourceAddWindow}, memoryCap),
		sem:        make(chan struct{}, cfg.MaxConcurrent),
		places:     make(chan struct{}, cfg.MaxConcurrent+cfg.MaxQueue),
		convs:      newConversations(memoryCap),
		feedback:   fb,
		clicks:     newClickLimiter(),
		tasks:      &tracker{},
		now:        time.Now,
		adminRoles: toSet(cfg.AdminRoleIDs),
		adminUsers: toSet(cfg.AdminUserIDs),
		obs:        obs,
	}, nil
}

// Connected reports whether the gateway is connected now: it has received
// READY or RESUMED and has not been disconnected since.
func (b *Bot) Connected() bool { return b.connected.Load() }

// QueueLength returns how many admitted answers are waiting for a free slot.
func (b *Bot) QueueLength() int { return int(b.waiting.Load()) }

func toSet(ids []string) map[string]bool {
	m := make(map[string]bool, len(ids))
	for _, id := range ids {
		m[id] = true
	}
	return m
}

// parseBaseURL checks an API base URL: http(s), a host, and no path.
func parseBaseURL(s string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSuffix(s, "/"))
	if err != nil {
		return nil, fmt.Errorf("discord: DISCORD_API_BASE_URL %q: %w", s, err)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Path != "" || u.RawQuery != "" {
		return nil, fmt.Errorf("discord: DISCORD_API_BASE_URL %q: want a scheme and host only, like http://127.0.0.1:8080", s)
	}
	return u, nil
}

// rewriteTransport sends requests for https://discord.com to base instead,
// keeping the path and query.
type rewriteTransport struct {
	base *url.URL
	next http.RoundTripper
}

// RoundTrip rewrites the request's scheme and host when it is for discord.com.
// Its errors name the URL it sent the request to (http.Client's own wrapping
// names the caller's, https://discord.com/…): a *url.Error, so that timeouts
// still read as such.
func (t *rewriteTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if !strings.EqualFold(req.URL.Hostname(), "discord.com") {
		return t.next.RoundTrip(req)
	}
	r := req.Clone(req.Context())
	r.URL.Scheme = t.base.Scheme
	r.URL.Host = t.base.Host
	r.Host = ""
	resp, err := t.next.RoundTrip(r)
	if err != nil {
		op := "Get"
		if m := r.Method; m != "" {
			op = m[:1] + strings.ToLower(m[1:])
		}
		return nil, &url.Error{Op: op, URL: r.URL.Redacted(), Err: err}
	}
	return resp, nil
}

// dialled returns, for a REST call that rewriteTransport sent elsewhere and
// that failed there, the error naming the URL it dialled: http.Client wraps
// it in another *url.Error naming the URL it was asked for (discord.com),
// which would send the reader to the wrong host.
func dialled(err error) error {
	var outer *url.Error
	if !errors.As(err, &outer) {
		return err
	}
	var inner *url.Error
	if errors.As(outer.Err, &inner) {
		return inner
	}
	return err
}

// Run connects to Discord, registers the commands and serves until ctx is
// done, reconnecting the gateway when it drops. Then it stops taking new
// work, lets answers in flight finish (for up to ShutdownTimeout, after which
// they are cancelled and told so), and closes the gateway. It returns nil
// after a shutdown asked for by ctx, and ErrTokenRejected as soon as Discord
// refuses the token, at start or later. Run may be called once.
func (b *Bot) Run(ctx context.Context) error {
	if !b.started.CompareAndSwap(false, true) {
		return errors.New("discord: Run called twice")
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	sess, err := discordgo.New(b.token)
	if err != nil {
		return fmt.Errorf("discord: new session: %w", err)
	}
	sess.Client = b.client
	sess.Dialer = b.dialer
	sess.Identify.Intents = discordgo.IntentsGuildMessages | discordgo.IntentsDirectMessages
	sess.StateEnabled = false
	sess.SyncEvents = true // handlers only hand work to b.tasks, so they never block the gateway
	sess.LogLevel = discordgo.LogError
	sess.ShouldReconnectOnError = false // keepConnected reconnects (gateway.go)

	// Work is not cancelled by ctx: it gets ShutdownTimeout to finish.
	work, cancelWork := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelWork()

	sess.AddHandler(func(_ *discordgo.Session, r *discordgo.Ready) { b.onReady(r) })
	sess.AddHandler(func(*discordgo.Session, *discordgo.Resumed) { b.connected.Store(true) })
	dropped := make(chan struct{}, 1)
	sess.AddHandler(func(*discordgo.Session, *discordgo.Disconnect) {
		b.connected.Store(false)
		select {
		case dropped <- struct{}{}:
		default:
		}
	})
	sess.AddHandler(func(s *discordgo.Session, ic *discordgo.InteractionCreate) {
		b.spawn("interaction", func() { b.handleInteraction(work, s, ic.Interaction) })
	})
	sess.AddHandler(func(s *discordgo.Session, mc *discordgo.MessageCreate) {
		if b.wantsMessage(mc.Message) {
			b.spawn("message", func() { b.handleMessage(work, s, mc.Message) })
		}
	})

	if err := sess.Open(); err != nil {
		b.tasks.close()
		if tokenRejected(err) {
			return b.rejected("connect", err)
		}
		return fmt.Errorf("discord: connect to the gateway: %w", redact(dialled(err)))
	}
	self, app := b.ids()
	if err := b.registerCommands(ctx, sess, app); err != nil {
		b.stop(sess, cancelWork)
		if ctx.Err() != nil {
			return nil // asked to stop while starting
		}
		return err
	}
	b.log.Info("discord bot ready", "user_id", self, "application_id", app,
		"guild_id", b.cfg.GuildID, "max_concurrent", b.cfg.MaxConcurrent, "max_queue", b.cfg.MaxQueue)

	// keepConnected returns nil once ctx is done, or the token's rejection.
	fatal := make(chan error, 1)
	go func() { fatal <- b.keepConnected(ctx, sess, dropped) }()
	if err := <-fatal; err != nil {
		cancelWork() // nothing can be posted any more
		b.stop(sess, cancelWork)
		return err
	}
	b.stop(sess, cancelWork)
	return nil
}

// stop drains work in flight, then closes the gateway.
func (b *Bot) stop(sess *discordgo.Session, cancelWork context.CancelFunc) {
	b.draining.Store(true)
	n := b.tasks.count()
	b.log.Info("discord bot stopping", "in_flight", n, "shutdown_timeout", b.cfg.ShutdownTimeout)
	timer := time.NewTimer(b.cfg.ShutdownTimeout)
	defer timer.Stop()
	select {
	case <-b.tasks.idle():
	case <-timer.C:
		b.log.Warn("shutdown timeout reached: cancelling answers in flight", "in_flight", b.tasks.count())
		cancelWork()
		<-b.tasks.idle() // REST calls are bounded by restTimeout
	}
	b.tasks.close()
	<-b.tasks.idle()
	if err := sess.Close(); err != nil {
		b.log.Warn("closing the gateway", "err", redact(err))
	}
	b.connected.Store(false)
	b.log.Info("discord bot stopped")
}

// spawn runs f as a tracked task; events arriving after shutdown are dropped.
func (b *Bot) spawn(what string, f func()) {
	if !b.tasks.goTask(func() {
		defer func() {
			if r := recover(); r != nil {
				b.log.Error("panic handling discord event", "event", what, "panic", r)
			}
		}()
		f()
	}) {
		b.log.Debug("dropping discord event after shutdown", "event", what)
	}
}

func (b *Bot) onReady(r *discordgo.Ready) {
	b.connected.Store(true)
	b.mu.Lock()
	defer b.mu.Unlock()
	if r.User != nil {
		b.selfID = r.User.ID
	}
	if r.Application != nil && r.Application.ID != "" {
		b.appID = r.Application.ID
	} else if b.appID == "" {
		b.appID = b.selfID
	}
}

// ids returns the bot's user ID and application ID.
func (b *Bot) ids() (self, app string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.selfID, b.appID
}

// registerCommands bulk-overwrites the commands, in the guild or globally.
func (b *Bot) registerCommands(ctx context.Context, s restAPI, appID string) error {
	if appID == "" {
		return errors.New("discord: READY carried no application ID")
	}
	rctx, cancel := context.WithTimeout(ctx, restTimeout)
	defer cancel()
	cmds, err := s.ApplicationCommandBulkOverwrite(appID, b.cfg.GuildID, commands(), discordgo.WithContext(rctx))
	if tokenRejected(err) {
		return b.rejected("register commands", err)
	}
	if err != nil {
		where := "globally"
		if b.cfg.GuildID != "" {
			where = "in guild " + b.cfg.GuildID
		}
		return fmt.Errorf("discord: register commands %s: %w", where, redact(err))
	}
	b.log.Info("registered slash commands", "count", len(cmds), "guild_id", b.cfg.GuildID)
	return nil
}
