// Package discordtest is a fake Discord for tests: an httptest server that
// speaks enough of Discord's REST API (under /api/v9) and gateway websocket for
// a discordgo session to connect, register commands, receive interactions and
// messages, and answer them. It records every REST call so tests can wait for
// and inspect what a bot sent, and it fails the test loudly on anything it does
// not know or that real Discord would refuse.
//
// Point a bot at it by using Server.URL as the API base URL (the bot's
// transport must rewrite https://discord.com to it, keeping the path) and
// Server.Token as the bot token; the gateway URL comes from GET /gateway.
package discordtest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/gorilla/websocket"
)

// apiPrefix is where Discord's REST API lives on the fake.
const apiPrefix = "/api/v9"

// maxContent is Discord's limit on a message's content, in characters.
const maxContent = 2000

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

// interactionState is what the fake knows about one dispatched interaction.
type interactionState struct {
	in       Interaction
	acked    bool
	callback int
	original *Message
}

// Server is a fake Discord. Create one with New.
type Server struct {
	// URL is the base URL of the fake (scheme and host), to use as the API base URL.
	URL string
	// Token is the bot token the fake accepts (sent as "Bot " + Token).
	Token string
	// AppID is the application ID READY announces.
	AppID string
	// BotUser is the bot's own user, as READY announces it.
	BotUser User
	// GuildID is the guild the builders put interactions and messages in.
	GuildID string
	// ChannelID is the text channel the builders use by default.
	ChannelID string

	t    testing.TB
	srv  *httptest.Server
	api  *http.ServeMux
	next atomic.Int64

	mu           sync.Mutex
	calls        []Call
	changed      chan struct{} // closed and replaced whenever calls or connections change
	interactions map[string]*interactionState
	messages     map[string]*Message
	channels     map[string]*Channel
	commands     map[string]json.RawMessage // "" for global, else guild ID
	conns        map[*gatewayConn]struct{}
	identifies   []json.RawMessage
	closed       bool

	gateways sync.WaitGroup // gateway handler goroutines
	upgrader websocket.Upgrader
}

// New starts a fake Discord that lives until the test ends.
func New(t testing.TB) *Server {
	t.Helper()
	s := &Server{
		Token:        "fake-bot-token",
		AppID:        "900000000000000001",
		BotUser:      User{ID: "900000000000000001", Username: "summitbot", Bot: true},
		GuildID:      "800000000000000001",
		ChannelID:    "700000000000000001",
		t:            t,
		changed:      make(chan struct{}),
		interactions: map[string]*interactionState{},
		messages:     map[string]*Message{},
		channels:     map[string]*Channel{},
		commands:     map[string]json.RawMessage{},
		conns:        map[*gatewayConn]struct{}{},
	}
	s.next.Store(1_000_000_000_000_000_000)
	s.channels[s.ChannelID] = &Channel{ID: s.ChannelID, Type: ChannelGuildText, GuildID: s.GuildID, Name: "general"}
	s.api = http.NewServeMux()
	s.routes()

	root := http.NewServeMux()
	root.HandleFunc("GET /gateway/", s.serveGateway)
	root.HandleFunc("GET /gateway", s.serveGateway)
	root.HandleFunc(apiPrefix+"/", s.serveAPI)
	root.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.t.Errorf("discordtest: request outside the API: %s %s", r.Method, r.URL.Path)
		writeError(w, http.StatusNotFound, 0, "404: Not Found")
	})
	s.srv = httptest.NewServer(root)
	s.URL = s.srv.URL
	t.Cleanup(s.Close)
	return s
}

// Close disconnects every gateway client and stops the server. New registers
// it with t.Cleanup; calling it earlier is allowed.
func (s *Server) Close() {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	s.closed = true
	conns := make([]*gatewayConn, 0, len(s.conns))
	for c := range s.conns {
		conns = append(conns, c)
	}
	s.mu.Unlock()
	for _, c := range conns {
		c.close()
	}
	s.srv.Close()
	s.gateways.Wait()
}

// NewID returns a fresh snowflake-like ID.
func (s *Server) NewID() string {
	return strconv.FormatInt(s.next.Add(1), 10)
}

// gatewayURL is the websocket URL GET /gateway answers with.
func (s *Server) gatewayURL() string {
	return "ws" + strings.TrimPrefix(s.URL, "http") + "/gateway"
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

// Commands returns the commands last bulk-overwritten for guildID ("" for
// global commands), as the raw JSON array the bot sent, or nil.
func (s *Server) Commands(guildID string) json.RawMessage {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.commands[guildID]
}

// Message returns a message the fake knows (dispatched by the test or sent by
// the bot), as it stands now.
func (s *Server) Message(id string) (Message, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, ok := s.messages[id]
	if !ok {
		return Message{}, false
	}
	return *m, true
}

// Original returns the current original response of an interaction (after a
// deferral or message callback and any edits).
func (s *Server) Original(in *Interaction) (Message, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st, ok := s.interactions[in.Token]
	if !ok || st.original == nil {
		return Message{}, false
	}
	return *st.original, true
}

// --- REST ---

type callKey struct{}

// route is a REST handler that gets the recorded call being served.
type route func(w http.ResponseWriter, r *http.Request, c *Call)

func (s *Server) handle(pattern string, auth bool, h route) {
	s.api.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		c := r.Context().Value(callKey{}).(*Call)
		if auth && r.Header.Get("Authorization") != "Bot "+s.Token {
			s.t.Errorf("discordtest: %s %s without the bot token", c.Method, c.Path)
			writeError(w, http.StatusUnauthorized, 0, "401: Unauthorized")
			return
		}
		h(w, r, c)
	})
}

func (s *Server) routes() {
	p := apiPrefix
	s.handle("GET "+p+"/gateway", true, func(w http.ResponseWriter, r *http.Request, c *Call) {
		writeJSON(w, http.StatusOK, map[string]any{"url": s.gatewayURL()})
	})
	s.handle("GET "+p+"/gateway/bot", true, func(w http.ResponseWriter, r *http.Request, c *Call) {
		writeJSON(w, http.StatusOK, map[string]any{
			"url": s.gatewayURL(), "shards": 1,
			"session_start_limit": map[string]any{"total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1},
		})
	})
	s.handle("GET "+p+"/users/@me", true, func(w http.ResponseWriter, r *http.Request, c *Call) {
		writeJSON(w, http.StatusOK, s.BotUser)
	})
	s.handle("PUT "+p+"/applications/{app}/commands", true, s.bulkOverwrite)
	s.handle("PUT "+p+"/applications/{app}/guilds/{guild}/commands", true, s.bulkOverwrite)
	s.handle("POST "+p+"/interactions/{id}/{token}/callback", false, s.callback)
	s.handle("GET "+p+"/webhooks/{app}/{token}/messages/{msg}", false, s.webhookMessage)
	s.handle("PATCH "+p+"/webhooks/{app}/{token}/messages/{msg}", false, s.webhookMessage)
	s.handle("DELETE "+p+"/webhooks/{app}/{token}/messages/{msg}", false, s.webhookMessage)
	s.handle("POST "+p+"/webhooks/{app}/{token}", false, s.followup)
	s.handle("GET "+p+"/channels/{ch}", true, s.getChannel)
	s.handle("POST "+p+"/channels/{ch}/typing", true, func(w http.ResponseWriter, r *http.Request, c *Call) {
		w.WriteHeader(http.StatusNoContent)
	})
	s.handle("POST "+p+"/channels/{ch}/messages", true, s.createMessage)
	s.handle("GET "+p+"/channels/{ch}/messages/{msg}", true, s.channelMessage)
	s.handle("PATCH "+p+"/channels/{ch}/messages/{msg}", true, s.channelMessage)
	s.handle("POST "+p+"/channels/{ch}/messages/{msg}/threads", true, s.startThread)
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

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func writeError(w http.ResponseWriter, status, code int, msg string) {
	writeJSON(w, status, map[string]any{"message": msg, "code": code})
}

// refuse answers like Discord refusing a request, and fails the test: the bot
// should never send what real Discord would refuse.
func (s *Server) refuse(w http.ResponseWriter, c *Call, status, code int, msg string) {
	s.t.Errorf("discordtest: %s %s refused (%d %s); body %s", c.Method, c.Path, status, msg, c.Body)
	writeError(w, status, code, msg)
}

// checkContent refuses content over Discord's limit; it reports whether the call may go on.
func (s *Server) checkContent(w http.ResponseWriter, c *Call, content string) bool {
	if n := utf8.RuneCountInString(content); n > maxContent {
		s.refuse(w, c, http.StatusBadRequest, 50035, fmt.Sprintf("Invalid Form Body: content must be 2000 or fewer in length (got %d)", n))
		return false
	}
	return true
}

func (s *Server) bulkOverwrite(w http.ResponseWriter, r *http.Request, c *Call) {
	if app := r.PathValue("app"); app != s.AppID {
		s.refuse(w, c, http.StatusForbidden, 50001, "Missing Access: unknown application "+app)
		return
	}
	var cmds []map[string]any
	if err := json.Unmarshal(c.Body, &cmds); err != nil {
		s.refuse(w, c, http.StatusBadRequest, 50035, "Invalid Form Body: want an array of commands")
		return
	}
	guild := r.PathValue("guild")
	for _, cmd := range cmds {
		cmd["id"] = s.NewID()
		cmd["application_id"] = s.AppID
		cmd["version"] = s.NewID()
		if guild != "" {
			cmd["guild_id"] = guild
		}
	}
	s.mu.Lock()
	s.commands[guild] = append(json.RawMessage(nil), c.Body...)
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, cmds)
}

func (s *Server) callback(w http.ResponseWriter, r *http.Request, c *Call) {
	var body struct {
		Type int `json:"type"`
		Data *struct {
			Content string `json:"content"`
			Flags   int    `json:"flags"`
		} `json:"data"`
	}
	if err := json.Unmarshal(c.Body, &body); err != nil {
		s.refuse(w, c, http.StatusBadRequest, 50035, "Invalid Form Body")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	st, ok := s.interactions[r.PathValue("token")]
	if !ok || st.in.ID != r.PathValue("id") {
		s.refuse(w, c, http.StatusNotFound, 10062, "Unknown interaction")
		return
	}
	if st.acked {
		s.refuse(w, c, http.StatusBadRequest, 40060, "Interaction has already been acknowledged.")
		return
	}
	content := ""
	if body.Data != nil {
		content = body.Data.Content
	}
	if !s.checkContent(w, c, content) {
		return
	}
	switch body.Type {
	case CallbackMessage, CallbackDeferredMessage:
		if st.in.Type == InteractionAutocomplete {
			s.refuse(w, c, http.StatusBadRequest, 50035, "Invalid Form Body: autocomplete needs type 8")
			return
		}
		flags := 0
		if body.Data != nil {
			flags = body.Data.Flags
		}
		st.original = s.botMessageLocked(st.in.ChannelID, st.in.GuildID, content, flags)
		st.original.WebhookID = s.AppID
		st.original.ApplicationID = s.AppID
		if body.Data != nil {
			st.original.Components = componentsOf(c)
		}
	case CallbackDeferredUpdate, CallbackUpdateMessage:
		if st.in.Type != InteractionComponent {
			s.refuse(w, c, http.StatusBadRequest, 50035, "Invalid Form Body: update callbacks are for components")
			return
		}
	case CallbackAutocomplete:
		if st.in.Type != InteractionAutocomplete {
			s.refuse(w, c, http.StatusBadRequest, 50035, "Invalid Form Body: type 8 is for autocomplete")
			return
		}
	default:
		s.refuse(w, c, http.StatusBadRequest, 50035, fmt.Sprintf("Invalid Form Body: callback type %d", body.Type))
		return
	}
	st.acked = true
	st.callback = body.Type
	w.WriteHeader(http.StatusNoContent)
}

// webhookStateLocked finds the interaction a webhook call belongs to.
func (s *Server) webhookStateLocked(w http.ResponseWriter, r *http.Request, c *Call) (*interactionState, bool) {
	if app := r.PathValue("app"); app != s.AppID {
		s.refuse(w, c, http.StatusNotFound, 10015, "Unknown Webhook")
		return nil, false
	}
	st, ok := s.interactions[r.PathValue("token")]
	if !ok {
		s.refuse(w, c, http.StatusUnauthorized, 50027, "Invalid Webhook Token")
		return nil, false
	}
	if !st.acked {
		s.refuse(w, c, http.StatusNotFound, 10008, "Unknown Message: the interaction has not been acknowledged")
		return nil, false
	}
	return st, true
}

func (s *Server) webhookMessage(w http.ResponseWriter, r *http.Request, c *Call) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st, ok := s.webhookStateLocked(w, r, c)
	if !ok {
		return
	}
	id := r.PathValue("msg")
	var m *Message
	if id == "@original" {
		m = st.original
	} else if mm, ok := s.messages[id]; ok && mm.WebhookID == s.AppID {
		m = mm
	}
	if m == nil {
		s.refuse(w, c, http.StatusNotFound, 10008, "Unknown Message")
		return
	}
	switch r.Method {
	case http.MethodGet:
	case http.MethodDelete:
		delete(s.messages, m.ID)
		w.WriteHeader(http.StatusNoContent)
		return
	case http.MethodPatch:
		if !s.editLocked(w, c, m) {
			return
		}
	}
	writeJSON(w, http.StatusOK, m)
}

// editLocked applies a PATCH body to m.
func (s *Server) editLocked(w http.ResponseWriter, c *Call, m *Message) bool {
	obj, _ := c.JSON.(map[string]any)
	if content, ok := obj["content"].(string); ok {
		if !s.checkContent(w, c, content) {
			return false
		}
		m.Content = content
	}
	if _, ok := obj["components"]; ok {
		m.Components = componentsOf(c)
	}
	now := time.Now().UTC().Format(time.RFC3339Nano)
	m.EditedTimestamp = &now
	return true
}

func (s *Server) followup(w http.ResponseWriter, r *http.Request, c *Call) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st, ok := s.webhookStateLocked(w, r, c)
	if !ok {
		return
	}
	content := c.Content()
	if content == "" && len(c.Files) == 0 {
		s.refuse(w, c, http.StatusBadRequest, 50006, "Cannot send an empty message")
		return
	}
	if !s.checkContent(w, c, content) {
		return
	}
	flags, _ := c.Field("flags").(float64)
	m := s.botMessageLocked(st.in.ChannelID, st.in.GuildID, content, int(flags))
	m.WebhookID = s.AppID
	m.ApplicationID = s.AppID
	m.Components = componentsOf(c)
	if r.URL.Query().Get("wait") != "true" {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	writeJSON(w, http.StatusOK, m)
}

func (s *Server) getChannel(w http.ResponseWriter, r *http.Request, c *Call) {
	s.mu.Lock()
	ch, ok := s.channels[r.PathValue("ch")]
	s.mu.Unlock()
	if !ok {
		s.refuse(w, c, http.StatusNotFound, 10003, "Unknown Channel")
		return
	}
	writeJSON(w, http.StatusOK, ch)
}

func (s *Server) createMessage(w http.ResponseWriter, r *http.Request, c *Call) {
	s.mu.Lock()
	defer s.mu.Unlock()
	chID := r.PathValue("ch")
	ch, ok := s.channels[chID]
	if !ok {
		s.refuse(w, c, http.StatusNotFound, 10003, "Unknown Channel")
		return
	}
	content := c.Content()
	if content == "" && len(c.Files) == 0 {
		s.refuse(w, c, http.StatusBadRequest, 50006, "Cannot send an empty message")
		return
	}
	if !s.checkContent(w, c, content) {
		return
	}
	var ref *MessageReference
	if raw, ok := c.Field("message_reference").(map[string]any); ok {
		id, _ := raw["message_id"].(string)
		target, ok := s.messages[id]
		if !ok || target.ChannelID != chID {
			s.refuse(w, c, http.StatusBadRequest, 50035, "Invalid Form Body: Unknown message in message_reference")
			return
		}
		ref = &MessageReference{MessageID: id, ChannelID: chID, GuildID: ch.GuildID}
	}
	m := s.botMessageLocked(chID, ch.GuildID, content, 0)
	m.Components = componentsOf(c)
	if ref != nil {
		m.Type = 19
		m.MessageReference = ref
	}
	writeJSON(w, http.StatusOK, m)
}

func (s *Server) channelMessage(w http.ResponseWriter, r *http.Request, c *Call) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, ok := s.messages[r.PathValue("msg")]
	if !ok || m.ChannelID != r.PathValue("ch") {
		s.refuse(w, c, http.StatusNotFound, 10008, "Unknown Message")
		return
	}
	if r.Method == http.MethodPatch {
		if m.Author.ID != s.BotUser.ID || m.WebhookID != "" {
			s.refuse(w, c, http.StatusForbidden, 50005, "Cannot edit a message authored by another user")
			return
		}
		if !s.editLocked(w, c, m) {
			return
		}
	}
	writeJSON(w, http.StatusOK, m)
}

func (s *Server) startThread(w http.ResponseWriter, r *http.Request, c *Call) {
	name, _ := c.Field("name").(string)
	s.mu.Lock()
	defer s.mu.Unlock()
	m, ok := s.messages[r.PathValue("msg")]
	if !ok || m.ChannelID != r.PathValue("ch") {
		s.refuse(w, c, http.StatusNotFound, 10008, "Unknown Message")
		return
	}
	if _, exists := s.channels[m.ID]; exists {
		s.refuse(w, c, http.StatusBadRequest, 160004, "A thread has already been created for this message")
		return
	}
	th := s.threadLocked(m, name, s.BotUser.ID)
	writeJSON(w, http.StatusCreated, th)
}

// threadLocked creates the thread started from m: like Discord, it has m's ID.
func (s *Server) threadLocked(m *Message, name, owner string) *Channel {
	th := &Channel{ID: m.ID, Type: ChannelPublicThread, GuildID: m.GuildID, ParentID: m.ChannelID, Name: name, OwnerID: owner}
	s.channels[th.ID] = th
	return th
}

// botMessageLocked stores a new message by the bot.
func (s *Server) botMessageLocked(channelID, guildID, content string, flags int) *Message {
	m := &Message{
		ID: s.NewID(), ChannelID: channelID, GuildID: guildID, Author: s.BotUser,
		Content: content, Timestamp: time.Now().UTC().Format(time.RFC3339Nano),
		Mentions: []User{}, Flags: flags,
	}
	s.messages[m.ID] = m
	return m
}

// componentsOf returns the "components" of a call's body, if any.
func componentsOf(c *Call) json.RawMessage {
	var v struct {
		Components json.RawMessage `json:"components"`
		Data       *struct {
			Components json.RawMessage `json:"components"`
		} `json:"data"`
	}
	_ = json.Unmarshal(c.Body, &v)
	if v.Data != nil && len(v.Data.Components) > 0 {
		return v.Data.Components
	}
	if string(v.Components) == "null" {
		return nil
	}
	return v.Components
}
