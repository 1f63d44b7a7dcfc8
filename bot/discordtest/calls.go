package discordtest

// This file records the REST calls the fake receives and lets tests wait for them.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// File is one file part of a multipart request.
type File struct {
	Field       string // form field name, e.g. "files[0]"
	Name        string // file name
	ContentType string // the part's Content-Type
	Data        []byte // the file's bytes
}

// Call is one REST request the fake received, with its answer.
type Call struct {
	// Method is the HTTP method.
	Method string
	// Path is the path under /api/v9, e.g. "/interactions/1/tok/callback".
	Path string
	// Query is the parsed query string.
	Query url.Values
	// Body is the JSON body; for multipart requests, the payload_json part.
	Body []byte
	// JSON is Body decoded (an object, array, ...), or nil when there is none.
	JSON any
	// Files holds the file parts of a multipart request.
	Files []File
	// Status is the HTTP status the fake answered with.
	Status int
	// Response is the body the fake answered with.
	Response []byte
	// Time is when the request arrived.
	Time time.Time
}

// Decode unmarshals the call's JSON body into v.
func (c Call) Decode(v any) error {
	if len(c.Body) == 0 {
		return fmt.Errorf("%s %s has no body", c.Method, c.Path)
	}
	return json.Unmarshal(c.Body, v)
}

// Content returns the message content the call carries: "content" for
// messages and edits, "data.content" for interaction callbacks.
func (c Call) Content() string {
	obj, _ := c.JSON.(map[string]any)
	if data, ok := obj["data"].(map[string]any); ok {
		s, _ := data["content"].(string)
		return s
	}
	s, _ := obj["content"].(string)
	return s
}

// Field returns the value at a dotted path in the call's JSON object
// ("data.flags", "allowed_mentions.parse"), or nil.
func (c Call) Field(path string) any {
	var v any = c.JSON
	for _, k := range strings.Split(path, ".") {
		obj, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = obj[k]
	}
	return v
}

// ResponseID returns the "id" of the JSON object the fake answered with (a
// created or edited message's ID), or "".
func (c Call) ResponseID() string {
	var v struct {
		ID string `json:"id"`
	}
	_ = json.Unmarshal(c.Response, &v)
	return v.ID
}

// String describes the call in one line, for failure messages.
func (c Call) String() string {
	body := string(c.Body)
	if len(body) > 300 {
		body = body[:300] + "…"
	}
	return fmt.Sprintf("%s %s -> %d %s", c.Method, c.Path, c.Status, body)
}

// Calls returns a copy of every REST call received so far, in order.
func (s *Server) Calls() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Call(nil), s.calls...)
}

// CallsMatching returns the recorded calls for which pred is true, in order.
func (s *Server) CallsMatching(pred func(Call) bool) []Call {
	var out []Call
	for _, c := range s.Calls() {
		if pred(c) {
			out = append(out, c)
		}
	}
	return out
}

// WaitFor waits until a recorded call (earlier or future) satisfies pred and
// returns the first such call. It fails the test, listing the calls seen, if
// none does within timeout. Call it from the test goroutine.
func (s *Server) WaitFor(t testing.TB, pred func(Call) bool, timeout time.Duration) Call {
	t.Helper()
	c, ok := s.waitFor(pred, timeout)
	if !ok {
		t.Fatalf("discordtest: no matching call within %v; calls so far:\n%s", timeout, s.dump())
	}
	return c
}

// WaitForN waits until n recorded calls satisfy pred and returns them; it
// fails the test if that does not happen within timeout.
func (s *Server) WaitForN(t testing.TB, n int, pred func(Call) bool, timeout time.Duration) []Call {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		s.mu.Lock()
		var got []Call
		for _, c := range s.calls {
			if pred(c) {
				got = append(got, c)
			}
		}
		changed := s.changed
		s.mu.Unlock()
		if len(got) >= n {
			return got
		}
		left := time.Until(deadline)
		if left <= 0 {
			t.Fatalf("discordtest: %d of %d matching calls within %v; calls so far:\n%s", len(got), n, timeout, s.dump())
		}
		select {
		case <-changed:
		case <-time.After(left):
		}
	}
}

func (s *Server) waitFor(pred func(Call) bool, timeout time.Duration) (Call, bool) {
	deadline := time.Now().Add(timeout)
	seen := 0
	for {
		s.mu.Lock()
		for ; seen < len(s.calls); seen++ {
			if pred(s.calls[seen]) {
				c := s.calls[seen]
				s.mu.Unlock()
				return c, true
			}
		}
		changed := s.changed
		s.mu.Unlock()
		left := time.Until(deadline)
		if left <= 0 {
			return Call{}, false
		}
		timer := time.NewTimer(left)
		select {
		case <-changed:
			timer.Stop()
		case <-timer.C:
		}
	}
}

func (s *Server) dump() string {
	var b strings.Builder
	for _, c := range s.Calls() {
		b.WriteString("  ")
		b.WriteString(c.String())
		b.WriteString("\n")
	}
	if b.Len() == 0 {
		return "  (none)\n"
	}
	return b.String()
}

// notifyLocked wakes every waiter; s.mu must be held.
func (s *Server) notifyLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// serveAPI records the request, routes it, and records the answer.
func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request) {
	c := &Call{
		Method: r.Method,
		Path:   strings.TrimPrefix(r.URL.Path, apiPrefix),
		Query:  r.URL.Query(),
		Time:   time.Now(),
	}
	if err := readBody(r, c); err != nil {
		s.t.Errorf("discordtest: %s %s: %v", c.Method, c.Path, err)
	}
	rec := &recorder{ResponseWriter: w, status: http.StatusOK}
	if _, pattern := s.api.Handler(r); pattern == "" {
		s.t.Errorf("discordtest: unknown route %s %s (body %s)", r.Method, c.Path, c.Body)
		writeError(rec, http.StatusNotFound, 0, "404: Not Found")
	} else {
		s.api.ServeHTTP(rec, r.WithContext(context.WithValue(r.Context(), callKey{}, c)))
	}
	c.Status = rec.status
	c.Response = rec.body.Bytes()
	s.mu.Lock()
	s.calls = append(s.calls, *c)
	s.notifyLocked()
	s.mu.Unlock()
}

// readBody fills c.Body, c.JSON and c.Files from a JSON or multipart body.
func readBody(r *http.Request, c *Call) error {
	if r.Body == nil {
		return nil
	}
	mediaType, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mediaType == "multipart/form-data" {
		mr := multipart.NewReader(r.Body, params["boundary"])
		for {
			part, err := mr.NextPart()
			if err == io.EOF {
				break
			}
			if err != nil {
				return fmt.Errorf("read multipart body: %w", err)
			}
			data, err := io.ReadAll(part)
			if err != nil {
				return fmt.Errorf("read multipart part: %w", err)
			}
			if part.FormName() == "payload_json" {
				c.Body = data
				continue
			}
			c.Files = append(c.Files, File{
				Field: part.FormName(), Name: part.FileName(),
				ContentType: part.Header.Get("Content-Type"), Data: data,
			})
		}
	} else {
		data, err := io.ReadAll(r.Body)
		if err != nil {
			return fmt.Errorf("read body: %w", err)
		}
		c.Body = data
	}
	if len(bytes.TrimSpace(c.Body)) == 0 {
		c.Body = nil
		return nil
	}
	if err := json.Unmarshal(c.Body, &c.JSON); err != nil {
		return fmt.Errorf("body is not JSON: %w", err)
	}
	return nil
}

type recorder struct {
	http.ResponseWriter
	status int
	body   bytes.Buffer
}

func (r *recorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(b []byte) (int, error) {
	r.body.Write(b)
	return r.ResponseWriter.Write(b)
}
