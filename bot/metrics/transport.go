package metrics

import (
	"context"
	"errors"
	"io"
	"net/http"
	"sync"
)

// Reasons a request to the model or embedding endpoint failed (the label
// "reason").
const (
	reasonStatus  = "status"  // the endpoint answered 4xx or 5xx
	reasonTimeout = "timeout" // the request's context ended first (a timeout, or the caller gave up)
	reasonNetwork = "network" // no answer: refused, reset, DNS, TLS…
	reasonStream  = "stream"  // the response body broke off while being read
)

// Transport returns an http.RoundTripper that sends through base
// (http.DefaultTransport when nil) and counts each request to endpoint
// (EndpointChat or EndpointEmbeddings) and each failure. Put it under a
// retrying transport (llm.RetryTransport's Base) to count every attempt.
func (m *Metrics) Transport(endpoint string, base http.RoundTripper) http.RoundTripper {
	if base == nil {
		base = http.DefaultTransport
	}
	return &countingTransport{m: m, endpoint: endpoint, base: base}
}

// countingTransport is the RoundTripper Transport returns.
type countingTransport struct {
	m        *Metrics
	endpoint string
	base     http.RoundTripper
}

// RoundTrip sends req through the base transport, counting it and, if it
// fails, why. A response's body is watched for a read error (a stream
// cut off), which counts as a failure too.
func (t *countingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	t.m.llmRequests.WithLabelValues(t.endpoint).Inc()
	resp, err := t.base.RoundTrip(req)
	switch {
	case err != nil:
		reason := reasonNetwork
		if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) || req.Context().Err() != nil {
			reason = reasonTimeout
		}
		t.fail(reason)
		return resp, err
	case resp.StatusCode >= 400:
		t.fail(reasonStatus)
	default:
		resp.Body = &watchedBody{ReadCloser: resp.Body, onError: func() { t.fail(reasonStream) }}
	}
	return resp, nil
}

func (t *countingTransport) fail(reason string) {
	t.m.llmFailures.WithLabelValues(t.endpoint, reason).Inc()
}

// watchedBody calls onError once, on the first read error other than io.EOF.
type watchedBody struct {
	io.ReadCloser
	once    sync.Once
	onError func()
}

func (b *watchedBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err != nil && !errors.Is(err, io.EOF) {
		b.once.Do(b.onError)
	}
	return n, err
}
