package llm_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	openai "github.com/sashabaranov/go-openai"

	"github.com/summitbot/summitbot/bot/llm"
	"github.com/summitbot/summitbot/bot/llmtest"
)

const testKey = "sk-test-SECRET-4242"

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

func (r *sleepRecorder) recorded() []time.Duration {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]time.Duration(nil), r.waits...)
}

// retryClient is an HTTP client that retries without really sleeping.
func retryClient(rec *sleepRecorder, maxRetries int) *http.Client {
	return &http.Client{Transport: &llm.RetryTransport{MaxRetries: maxRetries, Sleep: rec.sleep}}
}

func newChat(s *llmtest.Server, rec *sleepRecorder) *llm.Chat {
	return &llm.Chat{
		BaseURL:    s.URL(),
		APIKey:     testKey,
		Model:      "test-chat",
		HTTPClient: retryClient(rec, 3),
		Timeout:    5 * time.Second,
	}
}

// question is a small conversation to send.
func question() []llm.Message {
	return []llm.Message{
		{Role: llm.RoleSystem, Content: "Answer from the sources and cite them."},
		{Role: llm.RoleUser, Content: "Who attended the Paris summit?"},
	}
}

// checkNoKey fails the test if err's text reveals the API key.
func checkNoKey(t *testing.T, err error) {
	t.Helper()
	if err != nil && strings.Contains(err.Error(), testKey) {
		t.Errorf("error reveals the API key: %v", err)
	}
}

func TestCompleteSendsRequest(t *testing.T) {
	s := llmtest.New(t)
	c := newChat(s, &sleepRecorder{})
	c.Temperature = 0.25
	c.MaxTokens = 300

	got, err := c.Complete(t.Context(), question(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if got != llmtest.DefaultReply {
		t.Errorf("reply = %q, want %q", got, llmtest.DefaultReply)
	}
	if c.Name() != "test-chat" {
		t.Errorf("Name() = %q", c.Name())
	}

	reqs := s.Requests()
	if len(reqs) != 1 {
		t.Fatalf("%d requests, want 1", len(reqs))
	}
	if got, want := reqs[0].Header.Get("Authorization"), "Bearer "+testKey; got != want {
		t.Errorf("Authorization = %q, want %q", got, want)
	}
	sent := s.ChatRequests()[0]
	if sent.Model != "test-chat" || sent.Temperature != 0.25 || sent.MaxTokens != 300 || sent.Stream {
		t.Errorf("sent model %q temperature %v max_tokens %d stream %v",
			sent.Model, sent.Temperature, sent.MaxTokens, sent.Stream)
	}
	if len(sent.Messages) != 2 || sent.Messages[0].Role != "system" || sent.Messages[1].Content != question()[1].Content {
		t.Errorf("sent messages %+v", sent.Messages)
	}
}

func TestCompleteRetries(t *testing.T) {
	tests := []struct {
		name       string
		status     int
		retryAfter string
		minWait    time.Duration
		maxWait    time.Duration
	}{
		{"429 with Retry-After", http.StatusTooManyRequests, "3", 3 * time.Second, 3 * time.Second},
		{"500 with backoff", http.StatusInternalServerError, "", 250 * time.Millisecond, 500 * time.Millisecond},
	}
	for _, tt := range tests {
		for _, stream := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/stream=%v", tt.name, stream), func(t *testing.T) {
				s := llmtest.New(t)
				s.FailNext(tt.status, tt.retryAfter, 1)
				rec := &sleepRecorder{}
				c := newChat(s, rec)

				var onDelta func(string)
				if stream {
					onDelta = func(string) {}
				}
				got, err := c.Complete(t.Context(), question(), onDelta)
				if err != nil {
					t.Fatal(err)
				}
				if got != llmtest.DefaultReply {
					t.Errorf("reply = %q", got)
				}
				reqs := s.Requests()
				if len(reqs) != 2 {
					t.Fatalf("%d requests, want 2", len(reqs))
				}
				if string(reqs[0].Body) != string(reqs[1].Body) {
					t.Errorf("retry sent a different body:\n%s\n%s", reqs[0].Body, reqs[1].Body)
				}
				for i, r := range reqs {
					if r.Header.Get("Authorization") != "Bearer "+testKey {
						t.Errorf("request %d lacks the bearer token", i)
					}
				}
				waits := rec.recorded()
				if len(waits) != 1 || waits[0] < tt.minWait || waits[0] > tt.maxWait {
					t.Errorf("waits = %v, want one in [%v, %v]", waits, tt.minWait, tt.maxWait)
				}
			})
		}
	}
}

func TestCompleteDefaultClientRetries(t *testing.T) {
	s := llmtest.New(t)
	s.FailNext(http.StatusServiceUnavailable, "0", 1)
	c := &llm.Chat{BaseURL: s.URL(), APIKey: testKey, Model: "m"} // nil HTTPClient

	if _, err := c.Complete(t.Context(), question(), nil); err != nil {
		t.Fatal(err)
	}
	if got := len(s.Requests()); got != 2 {
		t.Errorf("%d requests, want 2", got)
	}
}

func TestCompleteErrors(t *testing.T) {
	tests := []struct {
		name         string
		maxRetries   int
		status       int
		retryAfter   string
		wantRequests int
		wantStatus   int
		wantText     string
	}{
		{"persistent 500", 2, 500, "", 3, 500, "chat completion: status 500: llmtest: scripted failure"},
		{"400 is not retried", 3, 400, "", 1, 400, "chat completion: status 400:"},
		{"401 is not retried", 3, 401, "", 1, 401, "chat completion: status 401:"},
		{"Retry-After too long", 3, 429, "3600", 1, 429, "chat completion: status 429:"},
	}
	for _, tt := range tests {
		for _, stream := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/stream=%v", tt.name, stream), func(t *testing.T) {
				s := llmtest.New(t)
				s.FailNext(tt.status, tt.retryAfter, 10)
				c := newChat(s, &sleepRecorder{})
				c.HTTPClient = retryClient(&sleepRecorder{}, tt.maxRetries)

				var onDelta func(string)
				if stream {
					onDelta = func(d string) { t.Errorf("unexpected delta %q", d) }
				}
				_, err := c.Complete(t.Context(), question(), onDelta)
				if err == nil || !strings.HasPrefix(err.Error(), tt.wantText) {
					t.Fatalf("error = %v, want it to start with %q", err, tt.wantText)
				}
				var se *llm.StatusError
				if !errors.As(err, &se) || se.StatusCode != tt.wantStatus {
					t.Errorf("error %v is not a StatusError with status %d", err, tt.wantStatus)
				}
				if got := len(s.Requests()); got != tt.wantRequests {
					t.Errorf("%d requests, want %d", got, tt.wantRequests)
				}
				checkNoKey(t, err)
			})
		}
	}
}

func TestCompleteTimeout(t *testing.T) {
	for _, stream := range []bool{false, true} {
		t.Run(fmt.Sprintf("stream=%v", stream), func(t *testing.T) {
			s := llmtest.New(t)
			s.HangNext(1)
			c := newChat(s, &sleepRecorder{})
			c.Timeout = 200 * time.Millisecond

			var onDelta func(string)
			if stream {
				onDelta = func(string) {}
			}
			start := time.Now()
			_, err := c.Complete(t.Context(), question(), onDelta)
			elapsed := time.Since(start)
			if !errors.Is(err, llm.ErrTimeout) {
				t.Fatalf("error = %v, want ErrTimeout", err)
			}
			if errors.Is(err, context.Canceled) {
				t.Errorf("timeout error %v also reads as caller cancellation", err)
			}
			if !strings.HasPrefix(err.Error(), "chat completion: request timed out") {
				t.Errorf("error text %q", err)
			}
			if elapsed < 200*time.Millisecond || elapsed > 3*time.Second {
				t.Errorf("returned after %v, want about 200ms", elapsed)
			}
			if got := len(s.Requests()); got != 1 {
				t.Errorf("%d requests, want 1 (a timeout is not retried)", got)
			}
		})
	}
}

// The first-token timeout ends a call whose reply does not start, and a
// stream that stops; the call's own Timeout is longer in every case.
func TestCompleteFirstTokenTimeout(t *testing.T) {
	tests := []struct {
		name    string
		stream  bool
		script  func(s *llmtest.Server)
		want    error
		partial string // deltas received before the stall
	}{
		{"plain, no response", false, func(s *llmtest.Server) { s.HangNext(1) }, llm.ErrFirstToken, ""},
		{"stream, no response", true, func(s *llmtest.Server) { s.HangNext(1) }, llm.ErrFirstToken, ""},
		{"plain, stops", false, func(s *llmtest.Server) { s.StallNext(1, 2) }, llm.ErrFirstToken, ""},
		{"stream, stops after the headers", true, func(s *llmtest.Server) { s.StallNext(1, 0) }, llm.ErrStalled, ""},
		{"stream, stops mid-way", true, func(s *llmtest.Server) { s.StallNext(1, 3) }, llm.ErrStalled, "According to the "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := llmtest.New(t)
			tt.script(s)
			c := newChat(s, &sleepRecorder{})
			c.Timeout = 20 * time.Second
			c.FirstTokenTimeout = 100 * time.Millisecond
			var got strings.Builder
			var onDelta func(string)
			if tt.stream {
				onDelta = func(d string) { got.WriteString(d) }
			}
			_, err := c.Complete(t.Context(), question(), onDelta)
			if !errors.Is(err, tt.want) {
				t.Fatalf("error = %v, want %v", err, tt.want)
			}
			if errors.Is(err, llm.ErrTimeout) || errors.Is(err, context.Canceled) {
				t.Errorf("error %v also reads as a timeout or a cancellation", err)
			}
			if got.String() != tt.partial {
				t.Errorf("deltas = %q, want %q", got.String(), tt.partial)
			}
			if n := len(s.Requests()); n != 1 {
				t.Errorf("%d requests, want 1 (no retry)", n)
			}
		})
	}
}

// A reply that starts in time may take longer than the first-token timeout
// in all, as long as it does not pause for that long.
func TestCompleteFirstTokenTimeoutAllowsSlowReplies(t *testing.T) {
	reply := strings.Repeat("word ", 20)
	for _, stream := range []bool{false, true} {
		t.Run(fmt.Sprintf("stream=%v", stream), func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if !stream {
					time.Sleep(50 * time.Millisecond)
					w.Header().Set("Content-Type", "application/json")
					// The body arrives slowly after the headers.
					w.WriteHeader(http.StatusOK)
					_ = http.NewResponseController(w).Flush()
					time.Sleep(300 * time.Millisecond)
					fmt.Fprintf(w, `{"choices":[{"index":0,"message":{"role":"assistant","content":%q},"finish_reason":"stop"}]}`, reply)
					return
				}
				w.Header().Set("Content-Type", "text/event-stream")
				for _, word := range strings.SplitAfter(reply, " ") {
					if word == "" {
						continue
					}
					fmt.Fprintf(w, "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":%q}}]}\n\n", word)
					_ = http.NewResponseController(w).Flush()
					time.Sleep(20 * time.Millisecond)
				}
				fmt.Fprint(w, "data: [DONE]\n\n")
			}))
			defer srv.Close()
			c := &llm.Chat{BaseURL: srv.URL + "/v1", APIKey: testKey, Model: "m", MaxRetries: -1, FirstTokenTimeout: 150 * time.Millisecond}
			var onDelta func(string)
			if stream {
				onDelta = func(string) {}
			}
			got, err := c.Complete(t.Context(), question(), onDelta)
			if err != nil || got != reply {
				t.Errorf("Complete = %q, %v; want the whole reply", got, err)
			}
		})
	}
}

func TestCompleteCallerCancellation(t *testing.T) {
	s := llmtest.New(t)
	s.HangNext(1)
	c := newChat(s, &sleepRecorder{})
	ctx, cancel := context.WithCancel(t.Context())
	time.AfterFunc(100*time.Millisecond, cancel)

	_, err := c.Complete(ctx, question(), nil)
	if !errors.Is(err, context.Canceled) || errors.Is(err, llm.ErrTimeout) {
		t.Errorf("error = %v, want context.Canceled and not ErrTimeout", err)
	}
}

func TestCompleteStream(t *testing.T) {
	s := llmtest.New(t)
	reply := "Zelensky, Macron and Starmer met in Paris [1]. They discussed guarantees [2]."
	s.Reply = func(openai.ChatCompletionRequest) string { return reply }
	c := newChat(s, &sleepRecorder{})

	var deltas []string
	got, err := c.Complete(t.Context(), question(), func(d string) { deltas = append(deltas, d) })
	if err != nil {
		t.Fatal(err)
	}
	if got != reply {
		t.Errorf("full text = %q, want %q", got, reply)
	}
	if len(deltas) < 3 {
		t.Errorf("got %d deltas, want several", len(deltas))
	}
	if joined := strings.Join(deltas, ""); joined != reply {
		t.Errorf("deltas joined = %q, want %q", joined, reply)
	}
	if !s.ChatRequests()[0].Stream {
		t.Error("request did not ask for a stream")
	}
}

func TestCompleteBadReplies(t *testing.T) {
	tests := []struct {
		name    string
		stream  bool
		body    string // raw response; the stream case sends it as SSE
		wantErr string
	}{
		{"no choices", false, `{"id":"x","object":"chat.completion","choices":[]}`, "chat completion: model returned no choices"},
		{"empty content", false, `{"choices":[{"index":0,"message":{"role":"assistant","content":""},"finish_reason":"length"}]}`,
			`chat completion: model returned an empty reply (finish reason "length")`},
		{"stream without choices", true, "data: {\"choices\":[]}\n\ndata: [DONE]\n\n", "chat completion: model returned no choices"},
		{"stream error event", true, "data: {\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}\n\n",
			"chat completion: stream error: overloaded"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if tt.stream {
					w.Header().Set("Content-Type", "text/event-stream")
				} else {
					w.Header().Set("Content-Type", "application/json")
				}
				fmt.Fprint(w, tt.body)
			}))
			defer srv.Close()
			c := &llm.Chat{BaseURL: srv.URL + "/v1", APIKey: testKey, Model: "m", MaxRetries: -1}
			var onDelta func(string)
			if tt.stream {
				onDelta = func(string) {}
			}
			_, err := c.Complete(t.Context(), question(), onDelta)
			if err == nil || err.Error() != tt.wantErr {
				t.Errorf("error = %v, want %q", err, tt.wantErr)
			}
		})
	}
}

func TestCompleteRedactsKeyEchoedByServer(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		fmt.Fprintf(w, `{"error":{"message":"bad credentials %q","type":"invalid_request_error"}}`, r.Header.Get("Authorization"))
	}))
	defer srv.Close()
	c := &llm.Chat{BaseURL: srv.URL + "/v1", APIKey: testKey, Model: "m"}

	_, err := c.Complete(t.Context(), question(), nil)
	if err == nil || !strings.Contains(err.Error(), "status 401") || !strings.Contains(err.Error(), "[redacted]") {
		t.Errorf("error = %v, want a redacted 401", err)
	}
	checkNoKey(t, err)
}

func TestCompleteNeedsModelAndMessages(t *testing.T) {
	tests := []struct {
		name string
		chat llm.Chat
		msgs []llm.Message
		want string
	}{
		{"no model", llm.Chat{BaseURL: "http://127.0.0.1:1/v1"}, question(), "chat completion: no model configured"},
		{"no messages", llm.Chat{BaseURL: "http://127.0.0.1:1/v1", Model: "m"}, nil, "chat completion: no messages"},
	}
	for _, tt := range tests {
		_, err := tt.chat.Complete(t.Context(), tt.msgs, nil)
		if err == nil || err.Error() != tt.want {
			t.Errorf("%s: error = %v, want %q", tt.name, err, tt.want)
		}
	}
}
