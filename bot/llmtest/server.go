// Package llmtest runs a fake OpenAI-compatible server for tests: loosely
// semantic deterministic embeddings, scripted chat replies (plain and streamed),
// scripted failures and hangs, and a record of every request.
package llmtest

import (
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	openai "github.com/sashabaranov/go-openai"
)

// DefaultReply is the chat reply used when Server.Reply is nil; it cites [1].
const DefaultReply = "According to the sources, the leaders meeting in Paris agreed on security guarantees for Ukraine [1]."

// Server is a fake OpenAI-compatible API. Set its exported fields before the
// first request; its methods are safe for concurrent use.
type Server struct {
	// Reply produces the assistant's answer to a chat request; nil means
	// DefaultReply. It runs on server goroutines, so it must be safe for concurrent use.
	Reply func(req openai.ChatCompletionRequest) string
	// Latency delays every answer, e.g. for benchmarks that mimic a remote model.
	Latency time.Duration
	// Dim is the length of embedding vectors; zero means 64.
	Dim int
	// Shuffle sends embedding data out of order (each item keeps its correct
	// index), to check that clients place vectors by index.
	Shuffle bool
	// Scale multiplies every embedding vector; zero means 1 (unit length). Set it
	// to check that clients normalise.
	Scale float32

	t    testing.TB
	srv  *httptest.Server
	done chan struct{} // closed when the test ends; releases hung requests

	mu     sync.Mutex
	reqs   []Request
	script []action
}

// Request is one request the server received.
type Request struct {
	// Method and Path are the request's method and URL path, e.g. POST /v1/embeddings.
	Method string
	Path   string
	// Header holds the request headers, Authorization included.
	Header http.Header
	// Body is the raw request body.
	Body []byte
	// Chat is the decoded body of a chat completion request, else nil.
	Chat *openai.ChatCompletionRequest
	// Inputs are the texts of an embeddings request, else nil.
	Inputs []string
	// Status is the HTTP status answered, or 0 while the request is in progress.
	Status int
}

// action is a scripted misbehaviour for one upcoming request.
type action struct {
	hang       bool
	status     int
	retryAfter string
	// stall > 0 makes a chat reply stop after stall-1 pieces of content (a
	// streamed reply sends its headers and first chunks; a plain one hangs).
	stall int
}

// New starts a fake server that is closed when the test ends.
func New(t testing.TB) *Server {
	t.Helper()
	s := &Server{t: t, done: make(chan struct{})}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/embeddings", s.embeddings)
	mux.HandleFunc("POST /v1/chat/completions", s.chat)
	mux.HandleFunc("/", s.unexpected)
	s.srv = httptest.NewServer(mux)
	t.Cleanup(func() {
		close(s.done)
		s.srv.Close()
	})
	return s
}

// URL returns the API base URL, including /v1, as go-openai's BaseURL expects.
func (s *Server) URL() string { return s.srv.URL + "/v1" }

// FailNext makes the next n requests, on any route, fail with status and an
// OpenAI-style error body, sending Retry-After when retryAfter is not empty.
func (s *Server) FailNext(status int, retryAfter string, n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for range n {
		s.script = append(s.script, action{status: status, retryAfter: retryAfter})
	}
}

// HangNext makes the next n requests block until the client gives up or the test ends.
func (s *Server) HangNext(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for range n {
		s.script = append(s.script, action{hang: true})
	}
}

// StallNext makes the next n chat requests start their reply and then stop:
// a streamed reply sends its headers, the role chunk and the first pieces
// words of content, then blocks until the client gives up or the test ends
// (a plain reply, which cannot start, just blocks). Other requests are
// served normally, but still use up the script.
func (s *Server) StallNext(n, pieces int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for range n {
		s.script = append(s.script, action{stall: pieces + 1})
	}
}

// Requests returns every request received so far, in arrival order.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.reqs...)
}

// EmbeddingRequests counts the embeddings requests received, answered or not.
func (s *Server) EmbeddingRequests() int {
	n := 0
	for _, r := range s.Requests() {
		if r.Path == "/v1/embeddings" {
			n++
		}
	}
	return n
}

// EmbeddedInputs counts the texts in embeddings requests answered successfully.
func (s *Server) EmbeddedInputs() int {
	n := 0
	for _, r := range s.Requests() {
		if r.Path == "/v1/embeddings" && r.Status == http.StatusOK {
			n += len(r.Inputs)
		}
	}
	return n
}

// ChatRequests returns the decoded chat completion requests received, answered or not.
func (s *Server) ChatRequests() []openai.ChatCompletionRequest {
	var out []openai.ChatCompletionRequest
	for _, r := range s.Requests() {
		if r.Chat != nil {
			out = append(out, *r.Chat)
		}
	}
	return out
}

// Vector returns the unit vector the server embeds text as (before Scale).
func (s *Server) Vector(text string) []float32 {
	return Vector(text, s.dim())
}

func (s *Server) dim() int {
	if s.Dim > 0 {
		return s.Dim
	}
	return 64
}

// begin records a request and takes the next scripted action, if any.
func (s *Server) begin(rec Request) (int, action) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reqs = append(s.reqs, rec)
	var act action
	if len(s.script) > 0 {
		act, s.script = s.script[0], s.script[1:]
	}
	return len(s.reqs) - 1, act
}

// finish records the status a request is answered with. It is called before
// the reply is written, so that a client that has read the reply finds the
// request recorded with its status.
func (s *Server) finish(id, status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reqs[id].Status = status
}

// misbehave carries out a scripted action or the configured latency. It reports
// the status it answered with, or 0 if the request should be served normally.
func (s *Server) misbehave(w http.ResponseWriter, r *http.Request, act action) int {
	if act.hang {
		select {
		case <-r.Context().Done():
		case <-s.done:
		}
		writeError(w, http.StatusServiceUnavailable, "llmtest: request hung")
		return http.StatusServiceUnavailable
	}
	if act.status != 0 {
		if act.retryAfter != "" {
			w.Header().Set("Retry-After", act.retryAfter)
		}
		writeError(w, act.status, fmt.Sprintf("llmtest: scripted failure with status %d", act.status))
		return act.status
	}
	if s.Latency > 0 {
		timer := time.NewTimer(s.Latency)
		defer timer.Stop()
		select {
		case <-timer.C:
		case <-r.Context().Done():
			return http.StatusServiceUnavailable
		case <-s.done:
			writeError(w, http.StatusServiceUnavailable, "llmtest: server closing")
			return http.StatusServiceUnavailable
		}
	}
	return 0
}

func (s *Server) embeddings(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	var req struct {
		Input json.RawMessage `json:"input"`
		Model string          `json:"model"`
	}
	var inputs []string
	err := json.Unmarshal(body, &req)
	if err == nil {
		inputs, err = decodeInputs(req.Input)
	}
	id, act := s.begin(Request{Method: r.Method, Path: r.URL.Path, Header: r.Header.Clone(), Body: body, Inputs: inputs})
	if err != nil {
		s.t.Errorf("llmtest: bad embeddings request: %v", err)
		s.finish(id, http.StatusBadRequest)
		writeError(w, http.StatusBadRequest, "llmtest: "+err.Error())
		return
	}
	if status := s.misbehave(w, r, act); status != 0 {
		s.finish(id, status)
		return
	}
	for i, in := range inputs {
		if in == "" {
			s.finish(id, http.StatusBadRequest)
			writeError(w, http.StatusBadRequest, fmt.Sprintf("llmtest: input %d is empty", i))
			return
		}
	}

	resp := openai.EmbeddingResponse{Object: "list", Model: openai.EmbeddingModel(req.Model)}
	scale := s.Scale
	if scale == 0 {
		scale = 1
	}
	for i, in := range inputs {
		v := s.Vector(in)
		for j := range v {
			v[j] *= scale
		}
		resp.Data = append(resp.Data, openai.Embedding{Object: "embedding", Embedding: v, Index: i})
		resp.Usage.PromptTokens += len(strings.Fields(in))
	}
	resp.Usage.TotalTokens = resp.Usage.PromptTokens
	if s.Shuffle && len(resp.Data) > 1 {
		shuffle(resp.Data, uint64(id))
	}
	s.finish(id, http.StatusOK)
	writeJSON(w, http.StatusOK, resp)
}

// decodeInputs reads an embeddings "input": a string or a list of strings.
func decodeInputs(raw json.RawMessage) ([]string, error) {
	var many []string
	if err := json.Unmarshal(raw, &many); err == nil {
		return many, nil
	}
	var one string
	if err := json.Unmarshal(raw, &one); err != nil {
		return nil, fmt.Errorf("input is neither a string nor a list of strings: %s", raw)
	}
	return []string{one}, nil
}

// shuffle permutes data deterministically and never leaves it in index order.
func shuffle(data []openai.Embedding, seed uint64) {
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	rng.Shuffle(len(data), func(i, j int) { data[i], data[j] = data[j], data[i] })
	for i, d := range data {
		if d.Index != i {
			return
		}
	}
	data[0], data[1] = data[1], data[0]
}

func (s *Server) chat(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	var req openai.ChatCompletionRequest
	err := json.Unmarshal(body, &req)
	id, act := s.begin(Request{Method: r.Method, Path: r.URL.Path, Header: r.Header.Clone(), Body: body, Chat: &req})
	if err != nil {
		s.t.Errorf("llmtest: bad chat request: %v", err)
		s.finish(id, http.StatusBadRequest)
		writeError(w, http.StatusBadRequest, "llmtest: "+err.Error())
		return
	}
	if status := s.misbehave(w, r, act); status != 0 {
		s.finish(id, status)
		return
	}

	reply := DefaultReply
	if s.Reply != nil {
		reply = s.Reply(req)
	}
	chatID := fmt.Sprintf("chatcmpl-llmtest-%d", id)
	created := time.Now().Unix()
	if act.stall > 0 && !req.Stream {
		s.misbehave(w, r, action{hang: true})
		s.finish(id, http.StatusServiceUnavailable)
		return
	}
	if !req.Stream {
		s.finish(id, http.StatusOK)
		writeJSON(w, http.StatusOK, openai.ChatCompletionResponse{
			ID: chatID, Object: "chat.completion", Created: created, Model: req.Model,
			Choices: []openai.ChatCompletionChoice{{
				Message:      openai.ChatCompletionMessage{Role: openai.ChatMessageRoleAssistant, Content: reply},
				FinishReason: openai.FinishReasonStop,
			}},
		})
		return
	}

	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusOK)
	chunk := func(delta openai.ChatCompletionStreamChoiceDelta, finish openai.FinishReason) {
		b, _ := json.Marshal(openai.ChatCompletionStreamResponse{
			ID: chatID, Object: "chat.completion.chunk", Created: created, Model: req.Model,
			Choices: []openai.ChatCompletionStreamChoice{{Delta: delta, FinishReason: finish}},
		})
		fmt.Fprintf(w, "data: %s\n\n", b)
		_ = http.NewResponseController(w).Flush()
	}
	chunk(openai.ChatCompletionStreamChoiceDelta{Role: openai.ChatMessageRoleAssistant}, "")
	sent := 0
	for _, piece := range strings.SplitAfter(reply, " ") {
		if act.stall > 0 && sent == act.stall-1 {
			select {
			case <-r.Context().Done():
			case <-s.done:
			}
			s.finish(id, http.StatusOK)
			return
		}
		if piece != "" {
			chunk(openai.ChatCompletionStreamChoiceDelta{Content: piece}, "")
			sent++
		}
	}
	s.finish(id, http.StatusOK)
	chunk(openai.ChatCompletionStreamChoiceDelta{}, openai.FinishReasonStop)
	fmt.Fprint(w, "data: [DONE]\n\n")
	_ = http.NewResponseController(w).Flush()
}

func (s *Server) unexpected(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	id, _ := s.begin(Request{Method: r.Method, Path: r.URL.Path, Header: r.Header.Clone(), Body: body})
	s.t.Errorf("llmtest: unexpected request %s %s", r.Method, r.URL.Path)
	s.finish(id, http.StatusNotFound)
	writeError(w, http.StatusNotFound, fmt.Sprintf("llmtest: no route for %s %s", r.Method, r.URL.Path))
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// writeError sends an error in OpenAI's shape: {"error": {"message", "type", ...}}.
func writeError(w http.ResponseWriter, status int, msg string) {
	typ := "server_error"
	switch {
	case status == http.StatusTooManyRequests:
		typ = "rate_limit_exceeded"
	case status < 500:
		typ = "invalid_request_error"
	}
	writeJSON(w, status, map[string]any{
		"error": map[string]any{"message": msg, "type": typ, "param": nil, "code": nil},
	})
}
