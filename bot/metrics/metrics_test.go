package metrics

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/summitbot/summitbot/bot/llm"
	"github.com/summitbot/summitbot/bot/llmtest"
	"github.com/summitbot/summitbot/bot/metrics/metricstest"
	"github.com/summitbot/summitbot/retrieval"
)

// fakeGateway is a Gateway a test connects and disconnects.
type fakeGateway struct {
	connected atomic.Bool
	queue     atomic.Int64
}

func (g *fakeGateway) Connected() bool  { return g.connected.Load() }
func (g *fakeGateway) QueueLength() int { return int(g.queue.Load()) }

// fakeIndex holds sources in memory.
type fakeIndex struct {
	mu   sync.Mutex
	srcs []retrieval.Source
}

func (ix *fakeIndex) Sources() []retrieval.Source {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	return append([]retrieval.Source(nil), ix.srcs...)
}

func TestHealthz(t *testing.T) {
	m := New()
	srv := httptest.NewServer(m.Handler())
	defer srv.Close()
	gw := &fakeGateway{}
	ix := &fakeIndex{srcs: []retrieval.Source{{ID: "a"}, {ID: "b"}, {ID: "c", Guild: "42"}}}

	steps := []struct {
		name       string
		do         func()
		wantStatus int
		wantBody   string
	}{
		{"nothing yet", func() {}, 503, `{"status":"unavailable","gateway":"disconnected","index":"opening"}`},
		{"index open", func() { m.SetIndex(ix) }, 503, `{"status":"unavailable","gateway":"disconnected","index":"open","sources":3}`},
		{"bot set, not connected", func() { m.SetGateway(gw) }, 503, `{"status":"unavailable","gateway":"disconnected","index":"open","sources":3}`},
		{"connected", func() { gw.connected.Store(true) }, 200, `{"status":"ok","gateway":"connected","index":"open","sources":3}`},
		{"disconnected", func() { gw.connected.Store(false) }, 503, `{"status":"unavailable","gateway":"disconnected","index":"open","sources":3}`},
		{"reconnected", func() { gw.connected.Store(true) }, 200, `{"status":"ok","gateway":"connected","index":"open","sources":3}`},
		{"index closed", func() { m.SetIndex(nil) }, 503, `{"status":"unavailable","gateway":"connected","index":"closed"}`},
	}
	for _, s := range steps {
		s.do()
		resp, err := http.Get(srv.URL + "/healthz")
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if got := strings.TrimSpace(string(body)); resp.StatusCode != s.wantStatus || got != s.wantBody {
			t.Errorf("%s: %d %s, want %d %s", s.name, resp.StatusCode, got, s.wantStatus, s.wantBody)
		}
		if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
			t.Errorf("%s: Content-Type %q", s.name, ct)
		}
	}
	if status, _ := metricstest.Get(t, srv.URL+"/"); status != http.StatusNotFound {
		t.Errorf("GET / = %d, want 404", status)
	}
}

func TestMetricsPage(t *testing.T) {
	m := New()
	srv := httptest.NewServer(m.Handler())
	defer srv.Close()

	// Before the index opens there are no source counts.
	before := metricstest.Scrape(t, srv.URL)
	if _, ok := before[`summitbot_sources{scope="shared"}`]; ok {
		t.Error("sources counted before the index opened")
	}

	gw := &fakeGateway{}
	gw.connected.Store(true)
	gw.queue.Store(3)
	m.SetGateway(gw)
	m.SetIndex(&fakeIndex{srcs: []retrieval.Source{
		{ID: "a"}, {ID: "b"}, {ID: "c", Guild: "42"}, {ID: "d", Guild: "42"}, {ID: "e", Guild: "43"},
	}})
	m.Question(SurfaceSlash)
	m.Question(SurfaceSlash)
	m.Question(SurfaceMention)
	m.Question("carrier pigeon")
	m.RateLimited(SurfaceMention)
	m.Busy(SurfaceSlash)
	m.Queued(SurfaceSlash)
	m.Answered(SurfaceSlash, "llm", "answered", 3*time.Second, 700*time.Millisecond)
	m.Answered(SurfaceMention, "extractive", "fallback", 20*time.Second, 0)
	m.Answered(SurfaceSlash, "", "error", time.Second, 0)

	got := metricstest.Scrape(t, srv.URL)
	want := map[string]float64{
		`summitbot_questions_total{surface="slash"}`:                          2,
		`summitbot_questions_total{surface="mention"}`:                        1,
		`summitbot_questions_total{surface="other"}`:                          1,
		`summitbot_questions_rate_limited_total{surface="mention"}`:           1,
		`summitbot_questions_rate_limited_total{surface="slash"}`:             0,
		`summitbot_questions_busy_total{surface="slash"}`:                     1,
		`summitbot_questions_queued_total{surface="slash"}`:                   1,
		`summitbot_answers_total{mode="llm",outcome="answered"}`:              1,
		`summitbot_answers_total{mode="llm",outcome="not_found"}`:             0,
		`summitbot_answers_total{mode="extractive",outcome="fallback"}`:       1,
		`summitbot_answers_total{mode="none",outcome="error"}`:                1,
		`summitbot_answer_duration_seconds_count{surface="slash"}`:            2,
		`summitbot_answer_duration_seconds_sum{surface="slash"}`:              4,
		`summitbot_answer_duration_seconds_bucket{surface="mention",le="15"}`: 0,
		`summitbot_answer_duration_seconds_bucket{surface="mention",le="30"}`: 1,
		`summitbot_answer_first_edit_seconds_count{surface="slash"}`:          1,
		`summitbot_answer_first_edit_seconds_bucket{surface="slash",le="1"}`:  1,
		`summitbot_llm_requests_total{endpoint="chat"}`:                       0,
		`summitbot_gateway_connected`:                                         1,
		`summitbot_index_open`:                                                1,
		`summitbot_queue_length`:                                              3,
		`summitbot_sources{scope="shared"}`:                                   2,
		`summitbot_sources{scope="server"}`:                                   3,
		`summitbot_source_servers`:                                            2,
	}
	for series, w := range want {
		if g, ok := got[series]; !ok || g != w {
			t.Errorf("%s = %v (present %v), want %v", series, g, ok, w)
		}
	}
	if _, ok := got[`summitbot_answer_first_edit_seconds_count{surface="mention"}`]; ok {
		t.Error("an answer never shown was given a time to first edit")
	}
	for _, series := range []string{"go_goroutines", "process_open_fds", "promhttp_metric_handler_errors_total{cause=\"gathering\"}"} {
		if _, ok := got[series]; !ok {
			t.Errorf("/metrics lacks %s", series)
		}
	}
}

// The counting transport, under bot/llm's retrying one, counts every attempt
// of the chat model and the embedder, and each failure with its reason.
func TestTransportCountsModelRequests(t *testing.T) {
	m := New()
	srv := httptest.NewServer(m.Handler())
	defer srv.Close()
	fake := llmtest.New(t)
	fast := func(ctx context.Context, d time.Duration) error { return nil }
	client := func(endpoint string) *http.Client {
		return &http.Client{Transport: &llm.RetryTransport{Base: m.Transport(endpoint, nil), MaxRetries: 2, Sleep: fast}}
	}
	chat := &llm.Chat{BaseURL: fake.URL(), APIKey: "sk-test", Model: "m", HTTPClient: client(EndpointChat)}
	emb := &llm.Embedder{BaseURL: fake.URL(), APIKey: "sk-test", Model: "e", HTTPClient: client(EndpointEmbeddings)}
	ctx := context.Background()
	msgs := []llm.Message{{Role: llm.RoleUser, Content: "Who leads the force?"}}

	// A 503 then a success: two chat requests, one failure.
	fake.FailNext(http.StatusServiceUnavailable, "", 1)
	if _, err := chat.Complete(ctx, msgs, nil); err != nil {
		t.Fatalf("Complete: %v", err)
	}
	// A streamed reply that works.
	if _, err := chat.Complete(ctx, msgs, func(string) {}); err != nil {
		t.Fatalf("streamed Complete: %v", err)
	}
	// A stream that stalls after it started: a broken stream.
	stalled := &llm.Chat{BaseURL: fake.URL(), APIKey: "sk-test", Model: "m", HTTPClient: client(EndpointChat),
		FirstTokenTimeout: 200 * time.Millisecond}
	fake.StallNext(1, 1)
	if _, err := stalled.Complete(ctx, msgs, func(string) {}); err == nil {
		t.Fatal("a stalled stream succeeded")
	}
	// Embeddings: one request, then a 400, which is not retried.
	if _, err := emb.Embed(ctx, []string{"a", "b"}); err != nil {
		t.Fatalf("Embed: %v", err)
	}
	fake.FailNext(http.StatusBadRequest, "", 1)
	if _, err := emb.Embed(ctx, []string{"c"}); err == nil {
		t.Fatal("Embed succeeded through a 400")
	}
	// Nothing listening: every attempt fails on the network.
	refused := &llm.Chat{BaseURL: "http://" + llmtest.ClosedPort(t) + "/v1", Model: "m", HTTPClient: client(EndpointChat)}
	if _, err := refused.Complete(ctx, msgs, nil); err == nil {
		t.Fatal("Complete succeeded with nothing listening")
	}

	got := metricstest.Scrape(t, srv.URL)
	want := map[string]float64{
		`summitbot_llm_requests_total{endpoint="chat"}`:                               2 + 1 + 1 + 3,
		`summitbot_llm_request_failures_total{endpoint="chat",reason="status"}`:       1,
		`summitbot_llm_request_failures_total{endpoint="chat",reason="stream"}`:       1,
		`summitbot_llm_request_failures_total{endpoint="chat",reason="network"}`:      3,
		`summitbot_llm_requests_total{endpoint="embeddings"}`:                         2,
		`summitbot_llm_request_failures_total{endpoint="embeddings",reason="status"}`: 1,
	}
	for series, w := range want {
		if g := got[series]; g != w {
			t.Errorf("%s = %v, want %v", series, g, w)
		}
	}
}

func TestListenAndShutdown(t *testing.T) {
	m := New()
	s, err := m.Listen("127.0.0.1:0", nil)
	if err != nil {
		t.Fatal(err)
	}
	url := "http://" + s.Addr().String()
	if status, body := metricstest.Get(t, url+"/healthz"); status != http.StatusServiceUnavailable {
		t.Errorf("/healthz = %d %s, want 503", status, body)
	}
	var h Health
	_, body := metricstest.Get(t, url+"/healthz")
	if err := json.Unmarshal([]byte(body), &h); err != nil || h.Status != "unavailable" {
		t.Errorf("/healthz body %s (%v)", body, err)
	}
	if _, err := m.Listen(s.Addr().String(), nil); err == nil || !strings.Contains(err.Error(), "metrics: listen on") {
		t.Errorf("a second Listen on the same port: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := s.Shutdown(ctx); err != nil {
		t.Fatalf("Shutdown: %v", err)
	}
	if resp, err := http.Get(url + "/healthz"); err == nil {
		resp.Body.Close()
		t.Error("still answering after Shutdown")
	}
}
