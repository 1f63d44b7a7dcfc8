package discord

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/summitbot/summitbot/bot"
	"github.com/summitbot/summitbot/bot/discordtest"
	"github.com/summitbot/summitbot/bot/metrics"
	"github.com/summitbot/summitbot/bot/metrics/metricstest"
	"github.com/summitbot/summitbot/retrieval"
)

// These tests run the bot with bot/metrics as its Observer and read what a
// Prometheus server or a container health check would, over HTTP.

// startMetrics serves m's handler until the test ends and returns its URL.
func startMetrics(t *testing.T, m *metrics.Metrics) string {
	t.Helper()
	srv := httptest.NewServer(m.Handler())
	t.Cleanup(srv.Close)
	return srv.URL
}

// waitHealth waits until /healthz answers status with body.
func waitHealth(t *testing.T, url string, status int, body string) {
	t.Helper()
	deadline := time.Now().Add(wait)
	for {
		gotStatus, gotBody := metricstest.Get(t, url+"/healthz")
		if gotStatus == status && gotBody == body {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("/healthz = %d %s, want %d %s", gotStatus, gotBody, status, body)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// isChannelEdit matches an edit of a channel message (a mention's reply).
func isChannelEdit(c discordtest.Call) bool {
	return c.Method == "PATCH" && strings.HasPrefix(c.Path, "/channels/")
}

// sourceList is a metrics.Index over fixed sources.
type sourceList []retrieval.Source

func (l sourceList) Sources() []retrieval.Source { return l }

func TestMetricsCountQuestionsRefusalsAndAnswers(t *testing.T) {
	t.Parallel()
	m := metrics.New()
	url := startMetrics(t, m)
	a := newBlockingAnswerer()
	h := startBot(t, a, newFakeLibrary(), func(c *Config) {
		c.MaxConcurrent = 1
		c.MaxQueue = 1
		c.RateLimit = RateLimit{Requests: 1, Window: time.Hour}
		c.Observer = m
	})
	m.SetGateway(h.bot)

	// A slash /ask is answered at once; a mention waits for the slot.
	ask := h.fake.Slash(discordtest.RegularMember("u1"), "ask", discordtest.StringOption("question", "Who leads the force?"))
	h.fake.DispatchInteraction(t, ask)
	a.waitStarted(t)
	mention := h.fake.Mention(discordtest.NewUser("u2"), "", "And the troops?")
	h.fake.DispatchMessage(t, mention)
	metricstest.WaitSamples(t, url, map[string]float64{"summitbot_queue_length": 1}, wait)

	// The queue is full: a third user is told the bot is busy.
	busy := h.fake.Slash(discordtest.RegularMember("u3"), "ask", discordtest.StringOption("question", "Me too?"))
	h.fake.DispatchInteraction(t, busy)
	if cb := h.fake.WaitFor(t, discordtest.IsCallback(busy), wait); cb.Content() != busyMessage {
		t.Fatalf("refusal %s, want %q", cb, busyMessage)
	}
	// u1 and u2 have used their one question an hour.
	again := h.fake.Slash(discordtest.RegularMember("u1"), "ask", discordtest.StringOption("question", "Again?"))
	h.fake.DispatchInteraction(t, again)
	if cb := h.fake.WaitFor(t, discordtest.IsCallback(again), wait); !strings.Contains(cb.Content(), "asking quickly") {
		t.Fatalf("refusal %s, want the rate limit's", cb)
	}
	h.fake.DispatchMessage(t, h.fake.Mention(discordtest.NewUser("u2"), "", "Again?"))
	h.fake.WaitFor(t, discordtest.All(discordtest.IsChannelPost(h.fake.ChannelID), discordtest.Contains("asking quickly")), wait)

	close(a.block)
	h.fake.WaitFor(t, discordtest.All(discordtest.IsOriginalEdit(ask), isFinal), wait)
	a.waitStarted(t)
	h.fake.WaitFor(t, discordtest.All(isChannelEdit, isFinal), wait)
	metricstest.WaitSamples(t, url, map[string]float64{
		`summitbot_answers_total{mode="llm",outcome="answered"}`:       2,
		`summitbot_questions_total{surface="slash"}`:                   3,
		`summitbot_questions_total{surface="mention"}`:                 2,
		`summitbot_questions_rate_limited_total{surface="slash"}`:      1,
		`summitbot_questions_rate_limited_total{surface="mention"}`:    1,
		`summitbot_questions_busy_total{surface="slash"}`:              1,
		`summitbot_questions_busy_total{surface="mention"}`:            0,
		`summitbot_questions_queued_total{surface="mention"}`:          1,
		`summitbot_questions_queued_total{surface="slash"}`:            0,
		`summitbot_answers_total{mode="none",outcome="error"}`:         0,
		`summitbot_answer_duration_seconds_count{surface="slash"}`:     1,
		`summitbot_answer_duration_seconds_count{surface="mention"}`:   1,
		`summitbot_answer_first_edit_seconds_count{surface="slash"}`:   1,
		`summitbot_answer_first_edit_seconds_count{surface="mention"}`: 1,
		`summitbot_queue_length`:                                       0,
		`summitbot_gateway_connected`:                                  1,
	}, wait)
}

// A failed answer counts as an error with no mode.
func TestMetricsCountFailedAnswers(t *testing.T) {
	t.Parallel()
	m := metrics.New()
	url := startMetrics(t, m)
	a := &fakeAnswerer{askFn: func(context.Context, bot.Question, func(string)) (bot.Answer, error) {
		return bot.Answer{}, errors.New("the core broke")
	}}
	h := startBot(t, a, newFakeLibrary(), func(c *Config) { c.Observer = m })
	in := h.fake.Slash(discordtest.RegularMember("u1"), "ask", discordtest.StringOption("question", "Who?"))
	h.fake.DispatchInteraction(t, in)
	metricstest.WaitSamples(t, url, map[string]float64{`summitbot_answers_total{mode="none",outcome="error"}`: 1}, wait)
	if got := metricstest.Scrape(t, url)[`summitbot_answer_first_edit_seconds_count{surface="slash"}`]; got != 0 {
		t.Errorf("a failed answer has a time to first edit")
	}
}

func TestHealthzFollowsTheGateway(t *testing.T) {
	t.Parallel()
	const (
		ok           = `{"status":"ok","gateway":"connected","index":"open","sources":2}`
		disconnected = `{"status":"unavailable","gateway":"disconnected","index":"open","sources":2}`
	)
	t.Run("drop and resume, then Discord unreachable", func(t *testing.T) {
		t.Parallel()
		m := metrics.New()
		url := startMetrics(t, m)
		m.SetIndex(sourceList{{ID: "a"}, {ID: "b", Guild: "42"}})
		h := startBot(t, &fakeAnswerer{}, newFakeLibrary(), func(c *Config) { c.Observer = m })
		m.SetGateway(h.bot)
		waitHealth(t, url, http.StatusOK, ok)

		h.fake.DropGateway(4000, "Unknown error")
		h.waitLog(t, "reconnected to the gateway")
		waitHealth(t, url, http.StatusOK, ok)

		// Discord goes away: the bot keeps trying, and is unhealthy meanwhile.
		h.fake.Close()
		waitHealth(t, url, http.StatusServiceUnavailable, disconnected)
		h.waitLog(t, "reconnecting to the gateway failed")
		select {
		case err := <-h.done:
			t.Fatalf("Run returned %v while reconnecting", err)
		default:
		}
		if status, _ := metricstest.Get(t, url+"/healthz"); status != http.StatusServiceUnavailable {
			t.Errorf("/healthz = %d while reconnecting, want 503", status)
		}
	})
	t.Run("token revoked", func(t *testing.T) {
		t.Parallel()
		m := metrics.New()
		url := startMetrics(t, m)
		m.SetIndex(sourceList{{ID: "a"}, {ID: "b", Guild: "42"}})
		h := startBot(t, &fakeAnswerer{}, newFakeLibrary(), func(c *Config) { c.Observer = m })
		m.SetGateway(h.bot)
		waitHealth(t, url, http.StatusOK, ok)
		h.wantErr = ErrTokenRejected
		h.fake.RevokeToken()
		if err := h.exited(); !errors.Is(err, ErrTokenRejected) {
			t.Fatalf("Run = %v", err)
		}
		waitHealth(t, url, http.StatusServiceUnavailable, disconnected)
	})
}
