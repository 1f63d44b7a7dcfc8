// Package llm talks to OpenAI-compatible chat and embedding endpoints for
// summitbot, adding what go-openai lacks: retries, per-request timeouts,
// batching, validation and errors that say what failed. All go-openai use in
// the project lives here.
package llm

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	openai "github.com/sashabaranov/go-openai"
)

// ErrTimeout reports that a call to the endpoint outlived its configured
// Timeout; it is distinct from the caller's own context being cancelled.
var ErrTimeout = errors.New("request timed out")

// ErrFirstToken reports that a chat reply did not start within the
// configured FirstTokenTimeout: no response (plain completion) or no streamed
// chunk arrived in time.
var ErrFirstToken = errors.New("no reply within the first-token timeout")

// ErrStalled reports that a streamed chat reply stopped: no chunk arrived for
// FirstTokenTimeout after the reply had started.
var ErrStalled = errors.New("the reply stalled mid-stream")

// StatusError is an error answer from the endpoint: its HTTP status and message.
type StatusError struct {
	// StatusCode is the HTTP status, or 0 when the error arrived inside a stream.
	StatusCode int
	// Message is the server's explanation, with any API key removed.
	Message string
}

// Error returns "status N: message".
func (e *StatusError) Error() string {
	if e.StatusCode == 0 {
		return "stream error: " + e.Message
	}
	return fmt.Sprintf("status %d: %s", e.StatusCode, e.Message)
}

// newClient builds a go-openai client. It starts from openai.DefaultConfig,
// because a zero ClientConfig breaks streaming. onResponse, if not nil, is
// called when a response's headers arrive (after any retries).
func newClient(baseURL, apiKey string, hc *http.Client, maxRetries int, onResponse func()) *openai.Client {
	cfg := openai.DefaultConfig(apiKey)
	if baseURL != "" {
		cfg.BaseURL = baseURL
	}
	if hc == nil {
		hc = &http.Client{Transport: &RetryTransport{MaxRetries: maxRetries}}
	}
	if onResponse != nil {
		c := *hc
		base := c.Transport
		if base == nil {
			base = http.DefaultTransport
		}
		c.Transport = responseHook{base: base, onResponse: onResponse}
		hc = &c
	}
	cfg.HTTPClient = hc
	return openai.NewClientWithConfig(cfg)
}

// responseHook is a transport that reports when a response arrives.
type responseHook struct {
	base       http.RoundTripper
	onResponse func()
}

func (h responseHook) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := h.base.RoundTrip(req)
	if err == nil {
		h.onResponse()
	}
	return resp, err
}

// withTimeout bounds one call to the endpoint; the context's cause is ErrTimeout
// when the bound is what ended it.
func withTimeout(ctx context.Context, d time.Duration) (context.Context, context.CancelFunc) {
	return context.WithTimeoutCause(ctx, d, ErrTimeout)
}

// callError turns an error from a call made under call (derived from parent by
// withTimeout, perhaps through a watchdog) into one that says what failed:
// ErrTimeout when the call's own timeout hit, ErrFirstToken or ErrStalled when
// the watchdog gave up, the parent's error when the caller gave up, a
// *StatusError for error responses. The API key never appears in the result's
// text.
func callError(parent, call context.Context, timeout time.Duration, apiKey string, err error) error {
	if err := parent.Err(); err != nil {
		return err
	}
	switch cause := context.Cause(call); {
	case errors.Is(cause, ErrTimeout):
		return fmt.Errorf("%w after %s", ErrTimeout, timeout)
	case errors.Is(cause, ErrFirstToken), errors.Is(cause, ErrStalled):
		return cause
	}
	var reqErr *openai.RequestError
	var apiErr *openai.APIError
	switch {
	case errors.As(err, &reqErr):
		msg := snippet(reqErr.Body)
		if errors.As(reqErr.Err, &apiErr) && apiErr.Message != "" {
			msg = apiErr.Message
		}
		if msg == "" {
			msg = http.StatusText(reqErr.HTTPStatusCode)
		}
		return &StatusError{StatusCode: reqErr.HTTPStatusCode, Message: redact(msg, apiKey)}
	case errors.As(err, &apiErr):
		msg := apiErr.Message
		if msg == "" {
			msg = http.StatusText(apiErr.HTTPStatusCode)
		}
		return &StatusError{StatusCode: apiErr.HTTPStatusCode, Message: redact(msg, apiKey)}
	}
	if apiKey != "" && strings.Contains(err.Error(), apiKey) {
		return &redactedError{msg: redact(err.Error(), apiKey), err: err}
	}
	return err
}

// snippet shortens a response body for an error message.
func snippet(body []byte) string {
	const maxLen = 200
	s := strings.TrimSpace(string(body))
	if len(s) <= maxLen {
		return s
	}
	cut := maxLen
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

func redact(s, apiKey string) string {
	if apiKey == "" {
		return s
	}
	return strings.ReplaceAll(s, apiKey, "[redacted]")
}

// redactedError hides the API key in an error's text while still answering
// errors.Is for what it wraps (without handing out the unredacted error).
type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }

func (e *redactedError) Is(target error) bool { return errors.Is(e.err, target) }
