package discordtest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

const testWait = 10 * time.Second

// recordingTB collects the fake's complaints instead of failing the test,
// so tests can check that it complains.
type recordingTB struct {
	testing.TB
	mu   sync.Mutex
	errs []string
}

func (r *recordingTB) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

func (r *recordingTB) Helper() {}

func (r *recordingTB) complaints() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.errs...)
}

// client is a bare gateway client, for testing the fake without discordgo.
type client struct {
	t  *testing.T
	ws *websocket.Conn
}

func (c *client) read() gatewayPayload {
	c.t.Helper()
	_ = c.ws.SetReadDeadline(time.Now().Add(testWait))
	var p gatewayPayload
	if err := c.ws.ReadJSON(&p); err != nil {
		c.t.Fatalf("read gateway frame: %v", err)
	}
	return p
}

func (c *client) send(op int, d any) {
	c.t.Helper()
	raw, _ := json.Marshal(d)
	if err := c.ws.WriteJSON(gatewayPayload{Op: op, D: raw}); err != nil {
		c.t.Fatalf("write gateway frame: %v", err)
	}
}

// connect asks the fake for its gateway URL, connects and identifies.
func connect(t *testing.T, s *Server) (*client, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, s.URL+"/api/v9/gateway", nil)
	req.Header.Set("Authorization", "Bot "+s.Token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var g struct{ URL string }
	_ = json.NewDecoder(resp.Body).Decode(&g)
	resp.Body.Close()
	ws, _, err := websocket.DefaultDialer.Dial(g.URL+"/?v=9&encoding=json", nil)
	if err != nil {
		t.Fatalf("dial %s: %v", g.URL, err)
	}
	t.Cleanup(func() { ws.Close() })
	c := &client{t: t, ws: ws}
	if hello := c.read(); hello.Op != 10 {
		t.Fatalf("first frame op %d, want HELLO (10)", hello.Op)
	}
	c.send(2, map[string]any{"token": "Bot " + s.Token, "intents": 4608})
	ready := c.read()
	if ready.Op != 0 || ready.T != "READY" || ready.S == nil || *ready.S != 1 {
		t.Fatalf("after IDENTIFY got op %d t %q, want READY with s=1", ready.Op, ready.T)
	}
	var d map[string]any
	_ = json.Unmarshal(ready.D, &d)
	return c, d
}

// do sends a REST request to the fake, JSON-encoding body unless it is a
// *bytes.Buffer (sent with contentType).
func do(t *testing.T, s *Server, method, path string, body any, contentType string) (int, []byte) {
	t.Helper()
	var r io.Reader
	switch b := body.(type) {
	case nil:
	case *bytes.Buffer:
		r = b
	default:
		raw, _ := json.Marshal(b)
		r = bytes.NewReader(raw)
		contentType = "application/json"
	}
	req, _ := http.NewRequest(method, s.URL+"/api/v9"+path, r)
	req.Header.Set("Authorization", "Bot "+s.Token)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, out
}

func TestGatewayHandshakeHeartbeatAndDispatch(t *testing.T) {
	s := New(t)
	c, ready := connect(t, s)
	if user, _ := ready["user"].(map[string]any); user["id"] != s.BotUser.ID {
		t.Errorf("READY user = %v, want %s", ready["user"], s.BotUser.ID)
	}
	if app, _ := ready["application"].(map[string]any); app["id"] != s.AppID {
		t.Errorf("READY application = %v, want %s", ready["application"], s.AppID)
	}
	c.send(1, 1)
	if ack := c.read(); ack.Op != 11 {
		t.Errorf("heartbeat answered with op %d, want 11", ack.Op)
	}
	in := s.Slash(AdminMember("u1"), "ask", StringOption("question", "q"))
	s.DispatchInteraction(t, in)
	ev := c.read()
	if ev.Op != 0 || ev.T != "INTERACTION_CREATE" || *ev.S != 2 {
		t.Fatalf("dispatch = op %d t %q s %v", ev.Op, ev.T, ev.S)
	}
	var got Interaction
	if err := json.Unmarshal(ev.D, &got); err != nil || got.ID != in.ID || got.Member.Permissions != in.Member.Permissions {
		t.Errorf("dispatched interaction = %s (%v)", ev.D, err)
	}
	if !strings.Contains(string(ev.D), `"permissions":"`) {
		t.Errorf("permissions not sent as a string: %s", ev.D)
	}
	if ids := s.Identifies(); len(ids) != 1 || !strings.Contains(string(ids[0]), `"intents":4608`) {
		t.Errorf("Identifies = %s", ids)
	}
}

func TestInteractionLifecycleIsRecorded(t *testing.T) {
	s := New(t)
	connect(t, s)
	in := s.Slash(RegularMember("u1"), "ask", StringOption("question", "q"))
	s.DispatchInteraction(t, in)
	base := "/webhooks/" + s.AppID + "/" + in.Token

	tests := []struct {
		name       string
		method     string
		path       string
		body       any
		wantStatus int
	}{
		{"defer", "POST", "/interactions/" + in.ID + "/" + in.Token + "/callback", map[string]any{"type": 5}, http.StatusNoContent},
		{"edit original", "PATCH", base + "/messages/@original", map[string]any{"content": "partial"}, http.StatusOK},
		{"get original", "GET", base + "/messages/@original", nil, http.StatusOK},
		{"followup", "POST", base + "?wait=true", map[string]any{"content": "part 2"}, http.StatusOK},
	}
	for _, tt := range tests {
		status, body := do(t, s, tt.method, tt.path, tt.body, "")
		if status != tt.wantStatus {
			t.Errorf("%s: status %d (%s), want %d", tt.name, status, body, tt.wantStatus)
		}
	}
	orig, ok := s.Original(in)
	if !ok || orig.Content != "partial" || orig.EditedTimestamp == nil {
		t.Errorf("original = %+v", orig)
	}
	edit := s.WaitFor(t, IsOriginalEdit(in), testWait)
	if edit.Content() != "partial" || edit.ResponseID() != orig.ID || edit.Time.IsZero() {
		t.Errorf("recorded edit = %s, response id %q", edit, edit.ResponseID())
	}
	if got := s.CallsMatching(IsFollowup(in)); len(got) != 1 || got[0].Query.Get("wait") != "true" {
		t.Errorf("followups = %v", got)
	}

	// Multipart: payload_json is the body, files are kept.
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	pj, _ := mw.CreateFormField("payload_json")
	pj.Write([]byte(`{"content":"with a file","allowed_mentions":{"parse":[]}}`))
	fw, _ := mw.CreateFormFile("files[0]", "notes.txt")
	fw.Write([]byte("hello"))
	mw.Close()
	if status, body := do(t, s, "POST", base+"?wait=true", &buf, mw.FormDataContentType()); status != http.StatusOK {
		t.Fatalf("multipart followup: %d %s", status, body)
	}
	mp := s.WaitFor(t, All(IsFollowup(in), Contains("with a file")), testWait)
	if len(mp.Files) != 1 || mp.Files[0].Name != "notes.txt" || string(mp.Files[0].Data) != "hello" {
		t.Errorf("files = %+v", mp.Files)
	}
	if parse, ok := mp.Field("allowed_mentions.parse").([]any); !ok || len(parse) != 0 {
		t.Errorf("allowed_mentions.parse = %v", mp.Field("allowed_mentions.parse"))
	}
}

func TestChannelMessagesRepliesAndThreads(t *testing.T) {
	s := New(t)
	connect(t, s)
	user := NewUser("u1")
	m := s.Mention(user, "", "who leads?")
	s.DispatchMessage(t, m)
	status, body := do(t, s, "POST", "/channels/"+s.ChannelID+"/messages", map[string]any{
		"content": "thinking", "message_reference": map[string]any{"message_id": m.ID},
	}, "")
	if status != http.StatusOK {
		t.Fatalf("reply: %d %s", status, body)
	}
	var reply Message
	_ = json.Unmarshal(body, &reply)
	if reply.MessageReference == nil || reply.MessageReference.MessageID != m.ID || reply.Author.ID != s.BotUser.ID {
		t.Errorf("reply = %s", body)
	}
	if status, _ := do(t, s, "PATCH", "/channels/"+s.ChannelID+"/messages/"+reply.ID, map[string]any{"content": "done"}, ""); status != http.StatusOK {
		t.Errorf("edit: %d", status)
	}
	if got, _ := s.Message(reply.ID); got.Content != "done" {
		t.Errorf("edited message = %q", got.Content)
	}
	thread := s.StartThread(user, reply.ID, "t")
	if status, body := do(t, s, "GET", "/channels/"+thread, nil, ""); status != http.StatusOK || !strings.Contains(string(body), `"type":11`) {
		t.Errorf("thread channel: %d %s", status, body)
	}
	r := s.Reply(user, reply.ID, "and then?")
	if r.MessageReference.MessageID != reply.ID || len(r.Mentions) != 1 || r.Mentions[0].ID != s.BotUser.ID {
		t.Errorf("Reply = %+v", r)
	}
}

func TestFakeFailsLoudly(t *testing.T) {
	rt := &recordingTB{TB: t}
	s := New(rt)
	connect(t, s)
	in := s.Slash(RegularMember("u1"), "ask")
	s.DispatchInteraction(t, in)
	cbPath := "/interactions/" + in.ID + "/" + in.Token + "/callback"
	tests := []struct {
		name       string
		method     string
		path       string
		body       any
		wantStatus int
		wantErr    string
	}{
		{"unknown route", "GET", "/guilds/1/members", nil, http.StatusNotFound, "unknown route"},
		{"edit before acknowledging", "PATCH", "/webhooks/" + s.AppID + "/" + in.Token + "/messages/@original", map[string]any{"content": "x"}, http.StatusNotFound, "not been acknowledged"},
		{"unknown interaction", "POST", "/interactions/1/nope/callback", map[string]any{"type": 5}, http.StatusNotFound, "Unknown interaction"},
		{"too long", "POST", cbPath, map[string]any{"type": 4, "data": map[string]any{"content": strings.Repeat("a", 2001)}}, http.StatusBadRequest, "2000 or fewer"},
		{"first ack", "POST", cbPath, map[string]any{"type": 5}, http.StatusNoContent, ""},
		{"second ack", "POST", cbPath, map[string]any{"type": 5}, http.StatusBadRequest, "already been acknowledged"},
		{"reply to unknown message", "POST", "/channels/" + s.ChannelID + "/messages", map[string]any{"content": "x", "message_reference": map[string]any{"message_id": "404"}}, http.StatusBadRequest, "Unknown message"},
	}
	for _, tt := range tests {
		before := len(rt.complaints())
		status, body := do(t, s, tt.method, tt.path, tt.body, "")
		if status != tt.wantStatus {
			t.Errorf("%s: status %d (%s), want %d", tt.name, status, body, tt.wantStatus)
		}
		errs := rt.complaints()[before:]
		switch {
		case tt.wantErr == "" && len(errs) != 0:
			t.Errorf("%s: fake complained: %v", tt.name, errs)
		case tt.wantErr != "" && (len(errs) != 1 || !strings.Contains(errs[0], tt.wantErr)):
			t.Errorf("%s: complaints %v, want one mentioning %q", tt.name, errs, tt.wantErr)
		}
	}
	// Without the bot token.
	req, _ := http.NewRequest(http.MethodGet, s.URL+"/api/v9/users/@me", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("no token: status %d, want 401", resp.StatusCode)
	}
}

// closeCode reads until the fake closes the connection and returns the close code.
func (c *client) closeCode() int {
	c.t.Helper()
	_ = c.ws.SetReadDeadline(time.Now().Add(testWait))
	for {
		var p gatewayPayload
		err := c.ws.ReadJSON(&p)
		var ce *websocket.CloseError
		if errors.As(err, &ce) {
			return ce.Code
		}
		if err != nil {
			c.t.Fatalf("read gateway frame: %v, want a close frame", err)
		}
	}
}

func TestIDsCarryTheCurrentTime(t *testing.T) {
	s := New(t)
	prev := int64(0)
	for range 1000 {
		id, err := strconv.ParseInt(s.NewID(), 10, 64)
		if err != nil {
			t.Fatal(err)
		}
		if id <= prev {
			t.Fatalf("ID %d after %d: want increasing IDs", id, prev)
		}
		prev = id
	}
	ms := prev>>22 + discordEpoch
	if age := time.Since(time.UnixMilli(ms)); age < -time.Second || age > time.Minute {
		t.Errorf("the last ID's timestamp is %v old, want about now", age)
	}
}

func TestExpiredTokensAndRevocation(t *testing.T) {
	rt := &recordingTB{TB: t}
	s := New(rt)
	c, ready := connect(t, s)

	// An expired interaction token: 401 with Discord's code 50027.
	in := s.Slash(RegularMember("u1"), "ask")
	s.DispatchInteraction(t, in)
	if status, body := do(t, s, "POST", "/interactions/"+in.ID+"/"+in.Token+"/callback", map[string]any{"type": 5}, ""); status != http.StatusNoContent {
		t.Fatalf("deferral: %d %s", status, body)
	}
	s.ExpireInteraction(in)
	for _, call := range []struct{ method, path string }{
		{"PATCH", "/webhooks/" + s.AppID + "/" + in.Token + "/messages/@original"},
		{"POST", "/webhooks/" + s.AppID + "/" + in.Token + "?wait=true"},
	} {
		status, body := do(t, s, call.method, call.path, map[string]any{"content": "late"}, "")
		var e struct{ Code int }
		_ = json.Unmarshal(body, &e)
		if status != http.StatusUnauthorized || e.Code != 50027 {
			t.Errorf("%s %s after expiry: %d %s, want 401 with code 50027", call.method, call.path, status, body)
		}
	}

	// A resume is answered with RESUMED.
	c2, _ := connect(t, s)
	c2.send(6, map[string]any{"token": "Bot " + s.Token, "session_id": ready["session_id"], "seq": 1})
	if p := c2.read(); p.Op != 0 || p.T != "RESUMED" {
		t.Errorf("after RESUME got op %d t %q, want RESUMED", p.Op, p.T)
	}
	if n := s.Resumes(); n != 1 {
		t.Errorf("Resumes() = %d, want 1", n)
	}

	// A revoked token: connected clients are closed with 4004, REST says 401,
	// and a new IDENTIFY is closed with 4004.
	s.RevokeToken()
	if code := c.closeCode(); code != 4004 {
		t.Errorf("connected client closed with %d, want 4004", code)
	}
	if status, _ := do(t, s, "GET", "/users/@me", nil, ""); status != http.StatusUnauthorized {
		t.Errorf("GET /users/@me after revocation: %d, want 401", status)
	}
	ws, _, err := websocket.DefaultDialer.Dial(s.gatewayURL()+"/?v=9&encoding=json", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	c3 := &client{t: t, ws: ws}
	c3.read() // HELLO
	c3.send(2, map[string]any{"token": "Bot " + s.Token, "intents": 4608})
	if code := c3.closeCode(); code != 4004 {
		t.Errorf("IDENTIFY after revocation closed with %d, want 4004", code)
	}
	if errs := rt.complaints(); len(errs) != 0 {
		t.Errorf("the fake complained about what the test asked for: %v", errs)
	}
}
