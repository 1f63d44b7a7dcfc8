package llm

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 1, 6, 12, 0, 0, 0, time.UTC)
	tr := &RetryTransport{Now: func() time.Time { return now }}
	tests := []struct {
		header string
		want   time.Duration
		wantOK bool
	}{
		{"7", 7 * time.Second, true},
		{" 0 ", 0, true},
		{"", 0, false},
		{"-1", 0, false},
		{"soon", 0, false},
		{"1.5", 0, false},
		{now.Add(30 * time.Second).Format(http.TimeFormat), 30 * time.Second, true},
		{now.Add(-time.Minute).Format(http.TimeFormat), 0, true},
		{"99999999999999999", time.Duration(1<<63 - 1), true},
	}
	for _, tt := range tests {
		got, ok := tr.retryAfter(tt.header)
		if got != tt.want || ok != tt.wantOK {
			t.Errorf("retryAfter(%q) = %v, %v; want %v, %v", tt.header, got, ok, tt.want, tt.wantOK)
		}
	}
}

func TestBackoff(t *testing.T) {
	tr := &RetryTransport{MinBackoff: 100 * time.Millisecond, MaxBackoff: time.Second}
	tests := []struct {
		attempt int
		want    time.Duration // the un-jittered wait; jitter gives [want/2, want]
	}{
		{0, 100 * time.Millisecond},
		{1, 200 * time.Millisecond},
		{3, 800 * time.Millisecond},
		{4, time.Second},
		{200, time.Second},
	}
	for _, tt := range tests {
		for range 20 {
			if got := tr.backoff(tt.attempt); got < tt.want/2 || got > tt.want {
				t.Fatalf("backoff(%d) = %v, want within [%v, %v]", tt.attempt, got, tt.want/2, tt.want)
			}
		}
	}
}

// step is one scripted outcome of the stub transport.
type step struct {
	status     int
	retryAfter string
	err        error
}

// trackedBody is a response body that remembers being closed.
type trackedBody struct {
	io.Reader
	mu     sync.Mutex
	closed bool
}

func (b *trackedBody) Close() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.closed = true
	return nil
}

func (b *trackedBody) isClosed() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.closed
}

// stubTransport answers attempts from a script and records what it saw.
type stubTransport struct {
	steps  []step
	bodies []string       // request body seen by each attempt
	resps  []*trackedBody // response bodies handed out
}

func (s *stubTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	var body string
	if req.Body != nil {
		b, _ := io.ReadAll(req.Body)
		req.Body.Close()
		body = string(b)
	}
	s.bodies = append(s.bodies, body)
	st := s.steps[min(len(s.bodies), len(s.steps))-1]
	if st.err != nil {
		return nil, st.err
	}
	rb := &trackedBody{Reader: strings.NewReader("payload")}
	s.resps = append(s.resps, rb)
	resp := &http.Response{StatusCode: st.status, Header: http.Header{}, Body: rb, Request: req}
	if st.retryAfter != "" {
		resp.Header.Set("Retry-After", st.retryAfter)
	}
	return resp, nil
}

// sleepRecorder stands in for RetryTransport.Sleep and records the waits asked for.
type sleepRecorder struct {
	mu    sync.Mutex
	waits []time.Duration
}

func (r *sleepRecorder) sleep(ctx context.Context, d time.Duration) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.waits = append(r.waits, d)
	return ctx.Err()
}

func TestRoundTrip(t *testing.T) {
	errRefused := errors.New("connection refused")
	tests := []struct {
		name         string
		maxRetries   int
		steps        []step
		wantAttempts int
		wantStatus   int // 0 means an error is expected
		wantWaits    []time.Duration
	}{
		{"success", 0, []step{{status: 200}}, 1, 200, nil},
		{"503 then success", 0, []step{{status: 503, retryAfter: "2"}, {status: 200}}, 2, 200, []time.Duration{2 * time.Second}},
		{"429 with HTTP-date", 0, []step{{status: 429, retryAfter: "Tue, 06 Jan 2026 12:00:05 GMT"}, {status: 200}}, 2, 200, []time.Duration{5 * time.Second}},
		{"400 is not retried", 0, []step{{status: 400}}, 1, 400, nil},
		{"501 is not retried", 0, []step{{status: 501}}, 1, 501, nil},
		{"transport error then success", 0, []step{{err: errRefused}, {status: 200}}, 2, 200, nil},
		{"cancellation is not retried", 0, []step{{err: context.Canceled}}, 1, 0, nil},
		{"persistent 502", 2, []step{{status: 502, retryAfter: "1"}}, 3, 502, []time.Duration{time.Second, time.Second}},
		{"persistent transport error", 1, []step{{err: errRefused}}, 2, 0, nil},
		{"Retry-After over the cap", 0, []step{{status: 429, retryAfter: "120"}, {status: 200}}, 1, 429, nil},
		{"retries disabled", -1, []step{{status: 500}, {status: 200}}, 1, 500, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stub := &stubTransport{steps: tt.steps}
			rec := &sleepRecorder{}
			tr := &RetryTransport{
				Base:       stub,
				MaxRetries: tt.maxRetries,
				Sleep:      rec.sleep,
				Now:        func() time.Time { return time.Date(2026, 1, 6, 12, 0, 0, 0, time.UTC) },
			}
			req, _ := http.NewRequest(http.MethodPost, "http://llm.invalid/v1/chat/completions", strings.NewReader(`{"q":1}`))
			resp, err := tr.RoundTrip(req)

			if got := len(stub.bodies); got != tt.wantAttempts {
				t.Errorf("attempts = %d, want %d", got, tt.wantAttempts)
			}
			for i, b := range stub.bodies {
				if b != `{"q":1}` {
					t.Errorf("attempt %d sent body %q, want the original", i, b)
				}
			}
			switch {
			case tt.wantStatus == 0 && err == nil:
				t.Fatalf("got status %d, want an error", resp.StatusCode)
			case tt.wantStatus != 0 && err != nil:
				t.Fatalf("got error %v, want status %d", err, tt.wantStatus)
			case tt.wantStatus != 0 && resp.StatusCode != tt.wantStatus:
				t.Errorf("status = %d, want %d", resp.StatusCode, tt.wantStatus)
			}
			if tt.wantWaits != nil && !equalDurations(rec.waits, tt.wantWaits) {
				t.Errorf("waits = %v, want %v", rec.waits, tt.wantWaits)
			}
			if got, want := len(rec.waits), tt.wantAttempts-1; got != want {
				t.Errorf("%d waits, want %d", got, want)
			}
			// Every response but the one returned is drained and closed.
			for i, b := range stub.resps {
				returned := resp != nil && resp.Body == b
				if b.isClosed() == returned {
					t.Errorf("response %d: closed=%v, returned=%v", i, b.isClosed(), returned)
				}
			}
		})
	}
}

func equalDurations(a, b []time.Duration) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestRoundTripBodyWithoutGetBodyIsSentOnce(t *testing.T) {
	stub := &stubTransport{steps: []step{{status: 500}, {status: 200}}}
	tr := &RetryTransport{Base: stub, Sleep: (&sleepRecorder{}).sleep}
	req, _ := http.NewRequest(http.MethodPost, "http://llm.invalid/", io.NopCloser(strings.NewReader("x")))
	resp, err := tr.RoundTrip(req)
	if err != nil || resp.StatusCode != 500 || len(stub.bodies) != 1 {
		t.Errorf("got %v, %v after %d attempts; want the 500 after 1", resp, err, len(stub.bodies))
	}
}

func TestRoundTripWaitRespectsContext(t *testing.T) {
	stub := &stubTransport{steps: []step{{status: 503}}}
	tr := &RetryTransport{Base: stub, MinBackoff: time.Hour, MaxBackoff: time.Hour}
	ctx, cancel := context.WithCancel(t.Context())
	time.AfterFunc(50*time.Millisecond, cancel)
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, "http://llm.invalid/", nil)

	start := time.Now()
	resp, err := tr.RoundTrip(req)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("got %v, %v; want context.Canceled", resp, err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("RoundTrip took %v despite the context", d)
	}
	if len(stub.resps) != 1 || !stub.resps[0].isClosed() {
		t.Error("the discarded 503 was not closed")
	}
}

// A wait that would outlast the request's deadline is not begun: the last
// attempt's outcome is returned at once.
func TestRoundTripGivesUpBeforeTheDeadline(t *testing.T) {
	errRefused := errors.New("connection refused")
	tests := []struct {
		name       string
		steps      []step
		wantStatus int // 0: the error
	}{
		{"backoff beyond the deadline", []step{{status: 503}}, 503},
		{"Retry-After beyond the deadline", []step{{status: 429, retryAfter: "30"}}, 429},
		{"transport error", []step{{err: errRefused}}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stub := &stubTransport{steps: tt.steps}
			rec := &sleepRecorder{}
			tr := &RetryTransport{Base: stub, MinBackoff: time.Hour, MaxBackoff: time.Hour, Sleep: rec.sleep}
			ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
			defer cancel()
			req, _ := http.NewRequestWithContext(ctx, http.MethodGet, "http://llm.invalid/", nil)
			resp, err := tr.RoundTrip(req)
			if tt.wantStatus == 0 {
				if !errors.Is(err, errRefused) {
					t.Errorf("got %v, %v; want the transport error", resp, err)
				}
			} else if err != nil || resp.StatusCode != tt.wantStatus || stub.resps[0].isClosed() {
				t.Errorf("got %v, %v; want the open %d response", resp, err, tt.wantStatus)
			}
			if len(stub.bodies) != 1 || len(rec.waits) != 0 {
				t.Errorf("%d attempts and waits %v, want 1 attempt and no wait", len(stub.bodies), rec.waits)
			}
		})
	}
}
