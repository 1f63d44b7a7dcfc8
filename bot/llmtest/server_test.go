package llmtest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	openai "github.com/sashabaranov/go-openai"
)

// post sends body as JSON to the fake and returns the response.
func post(t *testing.T, ctx context.Context, url string, body any) *http.Response {
	t.Helper()
	b, err := json.Marshal(body)
	if err != nil {
		t.Fatal(err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer test-key")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

func decode[T any](t *testing.T, resp *http.Response) T {
	t.Helper()
	var v T
	if err := json.NewDecoder(resp.Body).Decode(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

func dot(a, b []float32) float64 {
	var s float64
	for i := range a {
		s += float64(a[i]) * float64(b[i])
	}
	return s
}

func TestVector(t *testing.T) {
	a := Vector("Macron hosted the Paris summit on Ukraine", 64)
	again := Vector("Macron hosted the Paris summit on Ukraine", 64)
	related := Vector("Leaders at the Paris summit discussed Ukraine", 64)
	unrelated := Vector("Recipe for sourdough bread with rye flour", 64)

	if got := dot(a, again); math.Abs(got-1) > 1e-6 {
		t.Errorf("same text: cosine %v, want 1", got)
	}
	if got := dot(a, a); math.Abs(got-1) > 1e-6 {
		t.Errorf("norm² = %v, want 1", got)
	}
	if r, u := dot(a, related), dot(a, unrelated); r <= u+0.2 {
		t.Errorf("related cosine %.3f not clearly above unrelated %.3f", r, u)
	}
	if got := Vector("the of and", 8); dot(got, got) < 0.99 {
		t.Errorf("stop-word-only text gave a non-unit vector %v", got)
	}
}

func TestEmbeddings(t *testing.T) {
	s := New(t)
	s.Dim = 8
	s.Shuffle = true
	s.Scale = 3
	inputs := []string{"alpha", "beta", "gamma", "delta", "epsilon"}

	resp := post(t, t.Context(), s.URL()+"/embeddings", map[string]any{"model": "m", "input": inputs})
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d", resp.StatusCode)
	}
	got := decode[openai.EmbeddingResponse](t, resp)

	inOrder := true
	for pos, d := range got.Data {
		inOrder = inOrder && d.Index == pos
		want := s.Vector(inputs[d.Index])
		if len(d.Embedding) != 8 {
			t.Fatalf("index %d: dim %d, want 8", d.Index, len(d.Embedding))
		}
		for j := range want {
			if math.Abs(float64(d.Embedding[j]-3*want[j])) > 1e-5 {
				t.Fatalf("index %d: got %v, want 3×%v", d.Index, d.Embedding, want)
			}
		}
	}
	if inOrder {
		t.Error("Shuffle: data came back in index order")
	}
	if got, want := s.EmbeddingRequests(), 1; got != want {
		t.Errorf("EmbeddingRequests() = %d, want %d", got, want)
	}
	if got, want := s.EmbeddedInputs(), len(inputs); got != want {
		t.Errorf("EmbeddedInputs() = %d, want %d", got, want)
	}
	if got, want := s.Requests()[0].Header.Get("Authorization"), "Bearer test-key"; got != want {
		t.Errorf("recorded Authorization %q, want %q", got, want)
	}
}

func TestChat(t *testing.T) {
	s := New(t)
	s.Reply = func(req openai.ChatCompletionRequest) string {
		return "Echo: " + req.Messages[len(req.Messages)-1].Content + " [1]."
	}
	msgs := []openai.ChatCompletionMessage{{Role: "user", Content: "who came?"}}
	want := "Echo: who came? [1]."

	resp := post(t, t.Context(), s.URL()+"/chat/completions", openai.ChatCompletionRequest{Model: "m", Messages: msgs})
	got := decode[openai.ChatCompletionResponse](t, resp)
	if len(got.Choices) != 1 || got.Choices[0].Message.Content != want {
		t.Errorf("plain reply = %+v, want content %q", got.Choices, want)
	}

	resp = post(t, t.Context(), s.URL()+"/chat/completions", openai.ChatCompletionRequest{Model: "m", Messages: msgs, Stream: true})
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Errorf("stream Content-Type %q", ct)
	}
	var deltas []string
	var done bool
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		line, ok := strings.CutPrefix(sc.Text(), "data: ")
		if !ok {
			continue
		}
		if line == "[DONE]" {
			done = true
			break
		}
		var c openai.ChatCompletionStreamResponse
		if err := json.Unmarshal([]byte(line), &c); err != nil {
			t.Fatalf("chunk %q: %v", line, err)
		}
		if c.Object != "chat.completion.chunk" || len(c.Choices) != 1 {
			t.Fatalf("chunk %q is not a chat.completion.chunk with one choice", line)
		}
		if d := c.Choices[0].Delta.Content; d != "" {
			deltas = append(deltas, d)
		}
	}
	if !done {
		t.Error("stream did not end with data: [DONE]")
	}
	if len(deltas) < 3 || strings.Join(deltas, "") != want {
		t.Errorf("deltas %q, want several joining to %q", deltas, want)
	}
	if got := len(s.ChatRequests()); got != 2 {
		t.Errorf("ChatRequests() has %d, want 2", got)
	}
}

func TestFailNext(t *testing.T) {
	s := New(t)
	s.FailNext(http.StatusTooManyRequests, "7", 2)

	tests := []struct {
		route      string
		wantStatus int
		wantRetry  string
	}{
		{"/embeddings", http.StatusTooManyRequests, "7"},
		{"/chat/completions", http.StatusTooManyRequests, "7"},
		{"/chat/completions", http.StatusOK, ""},
	}
	for i, tt := range tests {
		resp := post(t, t.Context(), s.URL()+tt.route, map[string]any{"model": "m", "input": "x", "messages": []any{}})
		if resp.StatusCode != tt.wantStatus || resp.Header.Get("Retry-After") != tt.wantRetry {
			t.Errorf("request %d: status %d Retry-After %q, want %d %q",
				i, resp.StatusCode, resp.Header.Get("Retry-After"), tt.wantStatus, tt.wantRetry)
		}
		if tt.wantStatus != http.StatusOK {
			body := decode[openai.ErrorResponse](t, resp)
			if body.Error == nil || body.Error.Message == "" {
				t.Errorf("request %d: error body without message", i)
			}
		}
	}
	if got := s.EmbeddedInputs(); got != 0 {
		t.Errorf("EmbeddedInputs() = %d after a failed request, want 0", got)
	}
}

func TestHangNext(t *testing.T) {
	s := New(t)
	s.HangNext(1)
	ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, s.URL()+"/embeddings", strings.NewReader(`{"input":["x"]}`))
	start := time.Now()
	if resp, err := http.DefaultClient.Do(req); err == nil {
		resp.Body.Close()
		t.Fatal("hung request returned a response")
	}
	if d := time.Since(start); d < 100*time.Millisecond {
		t.Errorf("hung request returned after %v", d)
	}
	// The next request is served normally.
	resp := post(t, t.Context(), s.URL()+"/embeddings", map[string]any{"input": []string{"x"}})
	if resp.StatusCode != http.StatusOK {
		t.Errorf("request after the hang: status %d", resp.StatusCode)
	}
}

func TestStallNext(t *testing.T) {
	s := New(t)
	s.Reply = func(openai.ChatCompletionRequest) string { return "one two three four" }
	s.StallNext(1, 2)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	resp := post(t, ctx, s.URL()+"/chat/completions", map[string]any{"model": "m", "stream": true, "messages": []map[string]string{{"role": "user", "content": "q"}}})
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d", resp.StatusCode)
	}
	// The role chunk and two pieces of content arrive, then nothing.
	lines := make(chan string)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			if l := sc.Text(); l != "" {
				lines <- l
			}
		}
	}()
	var got []string
	for len(got) < 3 {
		select {
		case l := <-lines:
			got = append(got, l)
		case <-time.After(5 * time.Second):
			t.Fatalf("got %q, then nothing", got)
		}
	}
	if !strings.Contains(got[1], `"one "`) || !strings.Contains(got[2], `"two "`) {
		t.Errorf("chunks %q, want the role, then one, two", got)
	}
	select {
	case l, ok := <-lines:
		if ok {
			t.Errorf("the stream went on after the stall: %q", l)
		}
	case <-time.After(100 * time.Millisecond):
	}
	cancel()
	for range lines {
	}
	// The next request is served normally.
	resp = post(t, t.Context(), s.URL()+"/chat/completions", map[string]any{"model": "m", "messages": []map[string]string{{"role": "user", "content": "q"}}})
	if r := decode[openai.ChatCompletionResponse](t, resp); r.Choices[0].Message.Content != "one two three four" {
		t.Errorf("reply after the stall = %+v", r)
	}
}

// errorRecorder is a testing.TB that records Errorf calls instead of failing.
type errorRecorder struct {
	testing.TB
	mu   sync.Mutex
	errs []string
}

func (r *errorRecorder) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

func TestUnexpectedRouteFailsTheTest(t *testing.T) {
	rec := &errorRecorder{TB: t}
	s := New(rec)
	resp := post(t, t.Context(), s.URL()+"/models", map[string]any{})
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("status %d, want 404", resp.StatusCode)
	}
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, s.URL()+"/embeddings", nil)
	get, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	get.Body.Close()
	if get.StatusCode != http.StatusNotFound {
		t.Errorf("GET /v1/embeddings: status %d, want 404", get.StatusCode)
	}

	rec.mu.Lock()
	defer rec.mu.Unlock()
	want := []string{"llmtest: unexpected request POST /v1/models", "llmtest: unexpected request GET /v1/embeddings"}
	if !slices.Equal(rec.errs, want) {
		t.Errorf("Errorf calls %q, want %q", rec.errs, want)
	}
}
