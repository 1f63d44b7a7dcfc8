package main

import (
	"context"
	"net/http"
	"time"

	"github.com/summitbot/summitbot/bot/discord"
	"github.com/summitbot/summitbot/bot/llm"
	"github.com/summitbot/summitbot/bot/metrics"
)

// metricsShutdownTimeout bounds how long serve waits, once it is done, for
// scrapes and health checks in progress.
const metricsShutdownTimeout = 5 * time.Second

// startMetrics starts the /healthz and /metrics server when METRICS_ADDR is
// set, and sets a.metrics so that the model and embedding clients built from
// now on are counted. The returned stop shuts the server down (and is a no-op
// when METRICS_ADDR is unset).
func (a *app) startMetrics() (stop func(), err error) {
	if a.cfg.MetricsAddr == "" {
		return func() {}, nil
	}
	m := metrics.New()
	srv, err := m.Listen(a.cfg.MetricsAddr, a.log)
	if err != nil {
		return nil, err
	}
	a.metrics = m
	a.log.Info("serving health and metrics", "addr", srv.Addr().String(), "paths", "/healthz /metrics")
	return func() {
		ctx, cancel := context.WithTimeout(context.Background(), metricsShutdownTimeout)
		defer cancel()
		if err := srv.Shutdown(ctx); err != nil {
			a.log.Warn("stopping the metrics server", "err", err)
		}
	}, nil
}

// watchIndex has /healthz and /metrics report on idx; the returned func
// stops that, and must be called before idx is closed.
func (a *app) watchIndex(idx metrics.Index) (unwatch func()) {
	if a.metrics == nil {
		return func() {}
	}
	a.metrics.SetIndex(idx)
	return func() { a.metrics.SetIndex(nil) }
}

// watchBot has /healthz report b's gateway connection and /metrics its queue.
func (a *app) watchBot(b metrics.Gateway) {
	if a.metrics != nil {
		a.metrics.SetGateway(b)
	}
}

// llmHTTPClient is the HTTP client of the chat model (endpoint
// metrics.EndpointChat) or embedder (metrics.EndpointEmbeddings): nil, for
// bot/llm's default, unless metrics are on; then the default's retrying
// transport sends through one that counts every attempt.
func (a *app) llmHTTPClient(endpoint string) *http.Client {
	if a.metrics == nil {
		return nil
	}
	return &http.Client{Transport: &llm.RetryTransport{Base: a.metrics.Transport(endpoint, nil)}}
}

// observer is the bot's discord.Observer: the metrics, or nil when they are off.
func (a *app) observer() discord.Observer {
	if a.metrics == nil {
		return nil
	}
	return a.metrics
}
