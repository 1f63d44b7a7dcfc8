package llm

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Defaults for RetryTransport fields left at zero.
const (
	defaultMaxRetries    = 3
	defaultMinBackoff    = 500 * time.Millisecond
	defaultMaxBackoff    = 20 * time.Second
	defaultMaxRetryAfter = 60 * time.Second
)

// RetryTransport is an http.RoundTripper that retries rate-limited, failed and
// unreachable requests with exponential backoff and jitter, honouring Retry-After.
// go-openai never retries, so the clients in this package send through one.
type RetryTransport struct {
	// Base sends each attempt; nil means http.DefaultTransport.
	Base http.RoundTripper
	// MaxRetries is how many times a request is retried after its first attempt;
	// zero means 3 and a negative value disables retries.
	MaxRetries int
	// MinBackoff is the wait before the first retry when the server sends no
	// Retry-After; it doubles on each retry. Zero means 500ms.
	MinBackoff time.Duration
	// MaxBackoff caps the exponential backoff; zero means 20s.
	MaxBackoff time.Duration
	// MaxRetryAfter is the longest Retry-After that is waited for; when the server
	// asks for longer, the transport gives up and returns that response. Zero means 60s.
	MaxRetryAfter time.Duration
	// Sleep waits for d or until ctx is done, returning ctx's error in that case;
	// nil means a real timer. Tests replace it so they need not wait.
	Sleep func(ctx context.Context, d time.Duration) error
	// Now is the clock used to read HTTP-date Retry-After values; nil means time.Now.
	Now func() time.Time
}

// RoundTrip sends req, retrying 429, 500, 502, 503, 504 responses and transport
// errors (other than context cancellation) while retries remain. The body is
// rewound with req.GetBody; a request whose body cannot be rewound is sent once.
// When the wait before a retry would outlast the request context's deadline,
// it returns the last attempt's response or error at once instead of waiting.
func (t *RetryTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	base := t.Base
	if base == nil {
		base = http.DefaultTransport
	}
	maxRetries := t.MaxRetries
	switch {
	case maxRetries == 0:
		maxRetries = defaultMaxRetries
	case maxRetries < 0:
		maxRetries = 0
	}
	if req.Body != nil && req.Body != http.NoBody && req.GetBody == nil {
		maxRetries = 0
	}
	ctx := req.Context()

	for attempt := 0; ; attempt++ {
		r := req
		if attempt > 0 {
			var err error
			if r, err = rewind(req); err != nil {
				return nil, fmt.Errorf("retry %s %s: %w", req.Method, req.URL.Redacted(), err)
			}
		}
		resp, err := base.RoundTrip(r)
		if attempt >= maxRetries || !retryable(ctx, resp, err) {
			return resp, err
		}

		wait := t.backoff(attempt)
		if resp != nil {
			if d, ok := t.retryAfter(resp.Header.Get("Retry-After")); ok {
				if d > t.maxRetryAfter() {
					return resp, nil
				}
				wait = d
			}
		}
		if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < wait {
			// The request would time out while waiting: give up now with
			// what this attempt got, which says more than a timeout would.
			return resp, err
		}
		if resp != nil {
			discard(resp)
		}
		if err := t.sleep(ctx, wait); err != nil {
			return nil, err
		}
	}
}

// rewind returns a copy of req with a fresh body from req.GetBody.
func rewind(req *http.Request) (*http.Request, error) {
	r := req.Clone(req.Context())
	if req.GetBody == nil {
		return r, nil
	}
	body, err := req.GetBody()
	if err != nil {
		return nil, fmt.Errorf("rewind body: %w", err)
	}
	r.Body = body
	return r, nil
}

// retryable reports whether an attempt's outcome is worth another try.
func retryable(ctx context.Context, resp *http.Response, err error) bool {
	if err != nil {
		return ctx.Err() == nil &&
			!errors.Is(err, context.Canceled) &&
			!errors.Is(err, context.DeadlineExceeded)
	}
	switch resp.StatusCode {
	case http.StatusTooManyRequests,
		http.StatusInternalServerError,
		http.StatusBadGateway,
		http.StatusServiceUnavailable,
		http.StatusGatewayTimeout:
		return true
	}
	return false
}

// backoff is the wait before retry number attempt+1: MinBackoff doubled per
// attempt, capped at MaxBackoff, with "equal jitter" (somewhere in [d/2, d]).
func (t *RetryTransport) backoff(attempt int) time.Duration {
	lo, hi := t.MinBackoff, t.MaxBackoff
	if lo <= 0 {
		lo = defaultMinBackoff
	}
	if hi <= 0 {
		hi = defaultMaxBackoff
	}
	d := min(lo, hi)
	for range attempt {
		if d > hi/2 {
			d = hi
			break
		}
		d *= 2
	}
	half := d / 2
	return half + rand.N(d-half+1)
}

// retryAfter reads a Retry-After header given as delta-seconds or an HTTP-date.
func (t *RetryTransport) retryAfter(v string) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs < 0 {
			return 0, false
		}
		if secs > int64(math.MaxInt64/time.Second) {
			return time.Duration(math.MaxInt64), true
		}
		return time.Duration(secs) * time.Second, true
	}
	at, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	now := time.Now
	if t.Now != nil {
		now = t.Now
	}
	return max(at.Sub(now()), 0), true
}

func (t *RetryTransport) maxRetryAfter() time.Duration {
	if t.MaxRetryAfter > 0 {
		return t.MaxRetryAfter
	}
	return defaultMaxRetryAfter
}

func (t *RetryTransport) sleep(ctx context.Context, d time.Duration) error {
	if t.Sleep != nil {
		if err := t.Sleep(ctx, d); err != nil {
			return err
		}
		return ctx.Err()
	}
	return sleepContext(ctx, d)
}

// sleepContext waits for d or until ctx is done.
func sleepContext(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return nil
	}
}

// discard drains (a bounded amount of) a response body we will not use, so
// the connection can be reused, and closes it.
func discard(resp *http.Response) {
	_, _ = io.CopyN(io.Discard, resp.Body, 64<<10)
	_ = resp.Body.Close()
}
