package llm

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	openai "github.com/sashabaranov/go-openai"
)

// Roles of a chat Message.
const (
	// RoleSystem carries instructions to the model.
	RoleSystem = "system"
	// RoleUser carries what the user (or the bot on their behalf) asks.
	RoleUser = "user"
	// RoleAssistant carries earlier model replies.
	RoleAssistant = "assistant"
)

// Message is one turn of a chat conversation sent to the model.
type Message struct {
	// Role is RoleSystem, RoleUser or RoleAssistant.
	Role string
	// Content is the text of the turn.
	Content string
}

// Defaults for Chat fields left at zero.
const (
	defaultChatTimeout       = 60 * time.Second
	defaultFirstTokenTimeout = 15 * time.Second
)

// Chat is a chat-completion model behind an OpenAI-compatible endpoint.
// Its zero value needs at least Model; it is safe for concurrent use.
type Chat struct {
	// BaseURL is the API root including /v1; empty means OpenAI's.
	BaseURL string
	// APIKey is sent as a bearer token; it never appears in errors.
	APIKey string
	// Model names the chat model, e.g. "gpt-4o-mini".
	Model string
	// HTTPClient sends requests as is; nil means a client whose transport is a
	// RetryTransport with MaxRetries. Give a custom client a RetryTransport to keep retries.
	HTTPClient *http.Client
	// Timeout bounds one Complete call, retries and the whole stream included; zero means 60s.
	Timeout time.Duration
	// FirstTokenTimeout bounds the wait for a reply to start, retries
	// included: for a plain completion, until the response arrives; for a
	// stream, until its first chunk, and then every pause between chunks.
	// When it passes, Complete fails with ErrFirstToken (or ErrStalled once
	// the stream has started). Zero means 15s; it never extends Timeout.
	FirstTokenTimeout time.Duration
	// MaxRetries is passed to the default client's RetryTransport (zero means 3, negative none).
	MaxRetries int
	// Temperature is the sampling temperature; zero leaves the server's default.
	Temperature float32
	// MaxTokens caps the reply length; zero leaves the server's default.
	MaxTokens int
}

// Name returns the model name, for logs and answer metadata.
func (c *Chat) Name() string { return c.Model }

// Complete sends msgs and returns the model's reply. With a nil onDelta it makes
// one plain completion; otherwise it streams, calling onDelta with each piece of
// content as it arrives (onDelta may have been called before an error is returned).
func (c *Chat) Complete(ctx context.Context, msgs []Message, onDelta func(delta string)) (string, error) {
	if c.Model == "" {
		return "", errors.New("chat completion: no model configured")
	}
	if len(msgs) == 0 {
		return "", errors.New("chat completion: no messages")
	}
	req := openai.ChatCompletionRequest{
		Model:       c.Model,
		Messages:    make([]openai.ChatCompletionMessage, len(msgs)),
		Temperature: c.Temperature,
		MaxTokens:   c.MaxTokens,
	}
	for i, m := range msgs {
		req.Messages[i] = openai.ChatCompletionMessage{Role: m.Role, Content: m.Content}
	}
	timeout := c.Timeout
	if timeout <= 0 {
		timeout = defaultChatTimeout
	}
	callCtx, cancel := withTimeout(ctx, timeout)
	defer cancel()
	wd := startWatchdog(callCtx, c.firstTokenTimeout())
	defer wd.stop()

	var text string
	var err error
	if onDelta == nil {
		client := newClient(c.BaseURL, c.APIKey, c.HTTPClient, c.MaxRetries, wd.stop)
		text, err = complete(wd.ctx, client, req)
	} else {
		client := newClient(c.BaseURL, c.APIKey, c.HTTPClient, c.MaxRetries, nil)
		text, err = stream(wd.ctx, client, req, wd.chunk, onDelta)
	}
	if err != nil {
		return "", fmt.Errorf("chat completion: %w", callError(ctx, wd.ctx, timeout, c.APIKey, err))
	}
	return text, nil
}

func (c *Chat) firstTokenTimeout() time.Duration {
	if c.FirstTokenTimeout > 0 {
		return c.FirstTokenTimeout
	}
	return defaultFirstTokenTimeout
}

// watchdog cancels its context when a reply does not start, or a stream
// pauses, for longer than its limit: with cause ErrFirstToken before the
// first chunk and ErrStalled after it.
type watchdog struct {
	ctx     context.Context
	cancel  context.CancelCauseFunc
	limit   time.Duration
	timer   *time.Timer
	started atomic.Bool
}

func startWatchdog(parent context.Context, limit time.Duration) *watchdog {
	ctx, cancel := context.WithCancelCause(parent)
	w := &watchdog{ctx: ctx, cancel: cancel, limit: limit}
	w.timer = time.AfterFunc(limit, func() {
		if w.started.Load() {
			cancel(ErrStalled)
		} else {
			cancel(ErrFirstToken)
		}
	})
	return w
}

// chunk records that a stream chunk arrived: the limit starts again.
func (w *watchdog) chunk() {
	w.started.Store(true)
	w.timer.Reset(w.limit)
}

// stop disarms the watchdog (the reply has arrived, or the call is over).
// Its context stays valid until the call's own context ends.
func (w *watchdog) stop() { w.timer.Stop() }

// errEmptyReply reports a reply without content, with the finish reason if known.
func errEmptyReply(reason openai.FinishReason) error {
	if reason == "" {
		return errors.New("model returned an empty reply")
	}
	return fmt.Errorf("model returned an empty reply (finish reason %q)", reason)
}

func complete(ctx context.Context, client *openai.Client, req openai.ChatCompletionRequest) (string, error) {
	resp, err := client.CreateChatCompletion(ctx, req)
	if err != nil {
		return "", err
	}
	if len(resp.Choices) == 0 {
		return "", errors.New("model returned no choices")
	}
	choice := resp.Choices[0]
	if choice.Message.Content == "" {
		return "", errEmptyReply(choice.FinishReason)
	}
	return choice.Message.Content, nil
}

// stream makes a streamed completion, calling onChunk as each chunk arrives
// and onDelta with each piece of content.
func stream(ctx context.Context, client *openai.Client, req openai.ChatCompletionRequest, onChunk func(), onDelta func(string)) (string, error) {
	s, err := client.CreateChatCompletionStream(ctx, req)
	if err != nil {
		return "", err
	}
	defer s.Close()

	var text strings.Builder
	var sawChoice bool
	var reason openai.FinishReason
	for {
		chunk, err := s.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return "", err
		}
		onChunk()
		if len(chunk.Choices) == 0 {
			continue // e.g. a usage-only chunk
		}
		sawChoice = true
		choice := chunk.Choices[0]
		if choice.FinishReason != "" {
			reason = choice.FinishReason
		}
		if d := choice.Delta.Content; d != "" {
			text.WriteString(d)
			onDelta(d)
		}
	}
	if !sawChoice {
		return "", errors.New("model returned no choices")
	}
	if text.Len() == 0 {
		return "", errEmptyReply(reason)
	}
	return text.String(), nil
}
