package bot

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	openai "github.com/sashabaranov/go-openai"

	"github.com/summitbot/summitbot/bot/llm"
	"github.com/summitbot/summitbot/bot/llmtest"
)

// noSleep is a RetryTransport.Sleep that does not wait.
func noSleep(ctx context.Context, _ time.Duration) error { return ctx.Err() }

// When the model fails, Ask answers extractively, says why in Fallback and
// asks the model nothing more once it is found unreachable.
func TestAskFallsBackWhenTheModelFails(t *testing.T) {
	tests := []struct {
		name   string
		setup  func(s *llmtest.Server, c *llm.Chat)
		want   string   // Fallback
		kinds  []string // the requests the fake received
		stream bool     // partial text was streamed before the failure
	}{
		{
			name:  "connection refused",
			setup: func(_ *llmtest.Server, c *llm.Chat) { c.BaseURL = "http://" + llmtest.ClosedPort(t) + "/v1" },
			want:  "the language model could not be reached (connection refused)",
		},
		{
			name: "500 after the retries",
			setup: func(s *llmtest.Server, c *llm.Chat) {
				s.FailNext(http.StatusInternalServerError, "", 10)
				c.HTTPClient = &http.Client{Transport: &llm.RetryTransport{MaxRetries: 2, Sleep: noSleep}}
			},
			want:  "the language model could not be reached (server error, HTTP 500)",
			kinds: []string{reqExpand, reqExpand, reqExpand},
		},
		{
			name: "429 with Retry-After",
			setup: func(s *llmtest.Server, c *llm.Chat) {
				s.FailNext(http.StatusTooManyRequests, "2", 10)
				c.HTTPClient = &http.Client{Transport: &llm.RetryTransport{MaxRetries: 1, Sleep: noSleep}}
			},
			want:  "the language model could not be reached (rate limited, HTTP 429)",
			kinds: []string{reqExpand, reqExpand},
		},
		{
			name:  "no first token",
			setup: func(s *llmtest.Server, c *llm.Chat) { s.HangNext(1); c.FirstTokenTimeout = 100 * time.Millisecond },
			want:  "the language model could not be reached (no reply in time)",
			kinds: []string{reqExpand},
		},
		{
			name:  "timeout",
			setup: func(s *llmtest.Server, c *llm.Chat) { s.HangNext(1); c.Timeout = 100 * time.Millisecond },
			want:  "the language model could not be reached (timed out)",
			kinds: []string{reqExpand},
		},
		{
			name: "answer stalls mid-stream",
			setup: func(s *llmtest.Server, c *llm.Chat) {
				c.FirstTokenTimeout = 200 * time.Millisecond
				var once sync.Once
				s.Reply = func(req openai.ChatCompletionRequest) string {
					if kindOf(req) == reqExpand {
						once.Do(func() { s.StallNext(1, 4) }) // the answer request
						return expandReply(askedQuestion(userPrompt(req)))
					}
					return "The force could number 15,000 to 20,000 troops [1]."
				}
			},
			want:   "the language model could not be reached (its reply stopped mid-way)",
			kinds:  []string{reqExpand, reqAnswer},
			stream: true,
		},
		{
			name:  "401 on every request",
			setup: func(s *llmtest.Server, c *llm.Chat) { s.FailNext(http.StatusUnauthorized, "", 10) },
			want:  "the language model failed (request refused, HTTP 401)",
			kinds: []string{reqExpand, reqAnswer},
		},
		{
			name: "empty replies",
			setup: func(s *llmtest.Server, c *llm.Chat) {
				s.Reply = func(openai.ChatCompletionRequest) string { return "" }
			},
			want:  "the language model failed (unexpected reply)",
			kinds: []string{reqExpand, reqAnswer},
		},
	}
	idx := corpus(t)
	offline, err := newEngine(t, idx, nil, Options{}).Ask(context.Background(), Question{Text: troopsQuestion}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := llmtest.New(t)
			chat := newChat(s)
			tt.setup(s, chat)
			e := newEngine(t, idx, chat, Options{})
			var partials []string
			a, err := e.Ask(context.Background(), Question{Text: troopsQuestion}, func(p string) { partials = append(partials, p) })
			if err != nil {
				t.Fatalf("Ask failed with %v, want the extractive answer", err)
			}
			if a.Fallback != tt.want || a.Mode != ModeExtractive {
				t.Errorf("fallback, mode = %q, %q; want %q, extractive", a.Fallback, a.Mode, tt.want)
			}
			if !a.Found || a.Text != offline.Text || len(a.Citations) != len(offline.Citations) {
				t.Errorf("answer = %+v, want the offline one %+v", a, offline)
			}
			checkGrounded(t, idx, a)
			if got := kinds(s.ChatRequests()); fmt.Sprint(got) != fmt.Sprint(tt.kinds) {
				t.Errorf("requests = %v, want %v", got, tt.kinds)
			}
			if (len(partials) > 0) != tt.stream {
				t.Errorf("partials = %q, want some: %v", partials, tt.stream)
			}
			notice := a.Notice()
			if !strings.HasPrefix(notice, "Note: "+tt.want+", so this answer") || strings.Contains(notice, "\n") {
				t.Errorf("notice = %q", notice)
			}
			for _, leak := range []string{"dial", "127.0.0.1", "status", "chat completion", "sk-test", "http://"} {
				if strings.Contains(a.Fallback, leak) || strings.Contains(a.Text, leak) {
					t.Errorf("the answer shows %q: %q / %q", leak, a.Fallback, a.Text)
				}
			}
		})
	}
}

// A refused question and the caller cancelling are errors, not fallbacks.
func TestAskCancelledDuringTheAnswerIsAnError(t *testing.T) {
	s := llmtest.New(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s.Reply = func(req openai.ChatCompletionRequest) string {
		if kindOf(req) == reqExpand {
			s.HangNext(1)
			return expandReply(askedQuestion(userPrompt(req)))
		}
		return "unreachable"
	}
	e := newEngine(t, corpus(t), newChat(s), Options{})
	go func() {
		for len(requestsOf(s, reqAnswer)) == 0 {
			time.Sleep(time.Millisecond)
		}
		cancel()
	}()
	if _, err := e.Ask(ctx, Question{Text: troopsQuestion}, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

func TestClassifyModelError(t *testing.T) {
	refused := &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}
	tests := []struct {
		name        string
		err         error
		ok          bool
		reason      string
		unreachable bool
	}{
		{"not a model request", errors.New("search: disk on fire"), false, "", false},
		{"cancelled", &modelError{fmt.Errorf("chat completion: %w", context.Canceled)}, false, "", false},
		{"caller's deadline", &modelError{context.DeadlineExceeded}, true, "the language model could not be reached (timed out)", true},
		{"refused", &modelError{fmt.Errorf("chat completion: Post \"http://127.0.0.1:1/v1\": %w", refused)}, true, "the language model could not be reached (connection refused)", true},
		{"other dial error", &modelError{&net.OpError{Op: "dial", Err: errors.New("no route to host")}}, true, "the language model could not be reached (network error)", true},
		{"DNS", &modelError{&net.DNSError{Err: "no such host", Name: "llm.invalid"}}, true, "the language model could not be reached (host not found)", true},
		{"connection lost", &modelError{fmt.Errorf("read: %w", io.ErrUnexpectedEOF)}, true, "the language model could not be reached (connection lost)", true},
		{"503", &modelError{&llm.StatusError{StatusCode: 503, Message: "busy"}}, true, "the language model could not be reached (server error, HTTP 503)", true},
		{"429", &modelError{&llm.StatusError{StatusCode: 429, Message: "slow down"}}, true, "the language model could not be reached (rate limited, HTTP 429)", true},
		{"404", &modelError{&llm.StatusError{StatusCode: 404, Message: "no such model"}}, true, "the language model failed (request refused, HTTP 404)", false},
		{"stream error", &modelError{&llm.StatusError{Message: "overloaded"}}, true, "the language model failed (error in its reply)", false},
		{"first token", &modelError{fmt.Errorf("chat completion: %w", llm.ErrFirstToken)}, true, "the language model could not be reached (no reply in time)", true},
		{"stalled", &modelError{llm.ErrStalled}, true, "the language model could not be reached (its reply stopped mid-way)", true},
		{"timeout", &modelError{fmt.Errorf("%w after 60s", llm.ErrTimeout)}, true, "the language model could not be reached (timed out)", true},
		{"empty reply", &modelError{errors.New("model returned an empty reply")}, true, "the language model failed (unexpected reply)", false},
		{"wrapped by the caller", fmt.Errorf("answer with model: %w", &modelError{llm.ErrStalled}), true, "the language model could not be reached (its reply stopped mid-way)", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, ok := classifyModelError(tt.err)
			if ok != tt.ok || f.reason != tt.reason || f.unreachable != tt.unreachable {
				t.Errorf("classifyModelError = %+v, %v; want %q (unreachable %v), %v", f, ok, tt.reason, tt.unreachable, tt.ok)
			}
		})
	}
}
