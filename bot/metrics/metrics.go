// Package metrics exposes summitbot's health and Prometheus metrics over
// HTTP: /healthz says whether the Discord gateway is connected and the index
// is open, and /metrics serves the collectors of one Metrics in Prometheus's
// text format, from its own registry.
//
// A Metrics is the Observer of the Discord adapter (bot/discord defines that
// interface, so the adapter never imports Prometheus), wraps the HTTP
// transport of the model and embedding clients (transport.go) and reads the
// gateway and index state when scraped (state.go). server.go runs the HTTP
// server.
package metrics

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// Surfaces a question can arrive through (the label "surface").
const (
	SurfaceSlash   = "slash"   // a slash command: /ask or /summary
	SurfaceMention = "mention" // a message mentioning the bot, or a direct message
	SurfaceCLI     = "cli"     // a CLI question forwarded to the running bot
	surfaceOther   = "other"   // anything else, so that labels stay few
)

// Endpoints whose HTTP requests are counted (the label "endpoint").
const (
	EndpointChat       = "chat"
	EndpointEmbeddings = "embeddings"
)

// modeNone labels answers that failed before having a mode.
const modeNone = "none"

// Metrics holds summitbot's collectors and the registry they are in.
// Create it with New; its methods are safe for concurrent use.
type Metrics struct {
	reg *prometheus.Registry

	questions   *prometheus.CounterVec
	rateLimited *prometheus.CounterVec
	busy        *prometheus.CounterVec
	queued      *prometheus.CounterVec
	answers     *prometheus.CounterVec
	latency     *prometheus.HistogramVec
	firstEdit   *prometheus.HistogramVec
	llmRequests *prometheus.CounterVec
	llmFailures *prometheus.CounterVec

	state *state
}

// New returns a Metrics with its collectors registered in a new registry,
// along with Go runtime and process collectors.
func New() *Metrics {
	surface := []string{"surface"}
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		questions: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "summitbot_questions_total",
			Help: "Questions received, refused ones included, by surface (slash, mention, cli).",
		}, surface),
		rateLimited: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "summitbot_questions_rate_limited_total",
			Help: "Questions refused by the per-user rate limit, by surface.",
		}, surface),
		busy: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "summitbot_questions_busy_total",
			Help: "Questions refused because the answer queue was full, by surface.",
		}, surface),
		queued: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "summitbot_questions_queued_total",
			Help: "Admitted questions that had to wait for a free answer slot, by surface.",
		}, surface),
		answers: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "summitbot_answers_total",
			Help: "Answers posted, by mode (llm, extractive; none after an error) and outcome (answered, not_found, fallback, error).",
		}, []string{"mode", "outcome"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "summitbot_answer_duration_seconds",
			Help:    "Time from a question's arrival to its final answer (or error), queueing included, by surface.",
			Buckets: []float64{0.25, 0.5, 1, 2, 4, 8, 15, 30, 60, 90, 180, 420, 840},
		}, surface),
		firstEdit: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "summitbot_answer_first_edit_seconds",
			Help:    "Time from a question's arrival to the first text of its answer the user could see, by surface.",
			Buckets: []float64{0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30, 60, 120},
		}, surface),
		llmRequests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "summitbot_llm_requests_total",
			Help: "HTTP requests sent to the model (chat) and embedding endpoints, each retry counted, by endpoint.",
		}, []string{"endpoint"}),
		llmFailures: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "summitbot_llm_request_failures_total",
			Help: "Failed HTTP requests to the model and embedding endpoints, by endpoint and reason (status, timeout, network, stream).",
		}, []string{"endpoint", "reason"}),
		state: newState(),
	}
	m.reg.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		m.questions, m.rateLimited, m.busy, m.queued, m.answers, m.latency, m.firstEdit,
		m.llmRequests, m.llmFailures, m.state,
	)
	// Series that exist from the start read 0 rather than missing.
	for _, s := range []string{SurfaceSlash, SurfaceMention} {
		for _, v := range []*prometheus.CounterVec{m.questions, m.rateLimited, m.busy, m.queued} {
			v.WithLabelValues(s)
		}
	}
	for _, mo := range [][2]string{
		{"llm", "answered"}, {"llm", "not_found"}, {"extractive", "answered"}, {"extractive", "not_found"},
		{"extractive", "fallback"}, {modeNone, "error"},
	} {
		m.answers.WithLabelValues(mo[0], mo[1])
	}
	for _, e := range []string{EndpointChat, EndpointEmbeddings} {
		m.llmRequests.WithLabelValues(e)
	}
	return m
}

// Registry returns the registry /metrics serves, e.g. to add collectors.
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// Question counts a question received through surface.
func (m *Metrics) Question(surface string) {
	m.questions.WithLabelValues(knownSurface(surface)).Inc()
}

// RateLimited counts a question the per-user rate limit refused.
func (m *Metrics) RateLimited(surface string) {
	m.rateLimited.WithLabelValues(knownSurface(surface)).Inc()
}

// Busy counts a question refused because the answer queue was full.
func (m *Metrics) Busy(surface string) {
	m.busy.WithLabelValues(knownSurface(surface)).Inc()
}

// Queued counts an admitted question that waits for a free answer slot.
func (m *Metrics) Queued(surface string) {
	m.queued.WithLabelValues(knownSurface(surface)).Inc()
}

// Answered counts a finished answer by mode and outcome and records its
// latency and, when not zero, the time to its first visible text.
func (m *Metrics) Answered(surface, mode, outcome string, latency, firstEdit time.Duration) {
	surface = knownSurface(surface)
	switch mode {
	case "llm", "extractive":
	default:
		mode = modeNone
	}
	switch outcome {
	case "answered", "not_found", "fallback", "error":
	default:
		outcome = "error"
	}
	m.latency.WithLabelValues(surface).Observe(latency.Seconds())
	if firstEdit > 0 {
		m.firstEdit.WithLabelValues(surface).Observe(firstEdit.Seconds())
	}
	m.answers.WithLabelValues(mode, outcome).Inc()
}

// knownSurface keeps the surface label to a few values.
func knownSurface(s string) string {
	switch s {
	case SurfaceSlash, SurfaceMention, SurfaceCLI:
		return s
	}
	return surfaceOther
}
