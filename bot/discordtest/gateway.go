package discordtest

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// heartbeatInterval is what HELLO tells clients, in milliseconds.
const heartbeatInterval = 41250

// dispatchWait bounds how long a dispatch waits for an identified client.
const dispatchWait = 10 * time.Second

// gatewayConn is one client connected to the fake gateway.
type gatewayConn struct {
	ws *websocket.Conn

	wmu   sync.Mutex // serialises writes
	ready bool       // identified and sent READY (guarded by Server.mu)
	seq   int64      // last sequence number sent (guarded by wmu)
}

func (c *gatewayConn) send(p gatewayPayload) error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	if p.Op == 0 {
		c.seq++
		seq := c.seq
		p.S = &seq
	}
	_ = c.ws.SetWriteDeadline(time.Now().Add(5 * time.Second))
	return c.ws.WriteJSON(p)
}

func (c *gatewayConn) close() {
	c.closeWith(websocket.CloseNormalClosure, "fake discord closing")
}

// closeWith sends a close frame with code and reason, then closes the connection.
func (c *gatewayConn) closeWith(code int, reason string) {
	c.wmu.Lock()
	_ = c.ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, reason), time.Now().Add(time.Second))
	c.wmu.Unlock()
	_ = c.ws.Close()
}

// closeAuthFailed is the gateway close code for a refused token.
const closeAuthFailed = 4004

// errAuthFailed reports a login the fake refused on purpose (RevokeToken,
// RejectGatewayLogin): the connection is closed, and the test goes on.
var errAuthFailed = errors.New("authentication failed")

// serveGateway upgrades to a websocket and speaks the gateway protocol: HELLO,
// IDENTIFY → READY, heartbeats, then dispatches sent by the test.
func (s *Server) serveGateway(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		http.Error(w, "closed", http.StatusServiceUnavailable)
		return
	}
	s.gateways.Add(1)
	s.mu.Unlock()
	defer s.gateways.Done()

	if v := r.URL.Query().Get("v"); v != "" && v != "9" {
		s.t.Errorf("discordtest: gateway asked for API version %q, want 9", v)
	}
	ws, err := s.upgrader.Upgrade(w, r, nil)
	if err != nil {
		s.t.Errorf("discordtest: gateway upgrade: %v", err)
		return
	}
	c := &gatewayConn{ws: ws}
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		_ = ws.Close()
		return
	}
	s.conns[c] = struct{}{}
	s.notifyLocked()
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.conns, c)
		s.notifyLocked()
		s.mu.Unlock()
		_ = ws.Close()
	}()

	hello, _ := json.Marshal(map[string]any{"heartbeat_interval": heartbeatInterval})
	if err := c.send(gatewayPayload{Op: 10, D: hello}); err != nil {
		return
	}
	for {
		var p gatewayPayload
		if err := ws.ReadJSON(&p); err != nil {
			return // client went away or the fake is closing
		}
		switch p.Op {
		case 1: // heartbeat
			if err := c.send(gatewayPayload{Op: 11}); err != nil {
				return
			}
		case 2: // identify
			if err := s.identify(c, p.D); err != nil {
				if !errors.Is(err, errAuthFailed) {
					s.t.Errorf("discordtest: %v", err)
				}
				return
			}
		case 6: // resume
			if err := s.resume(c, p.D); err != nil {
				if !errors.Is(err, errAuthFailed) {
					s.t.Errorf("discordtest: %v", err)
				}
				return
			}
		case 3: // presence update: accepted, ignored
		default:
			s.t.Errorf("discordtest: gateway op %d not supported by the fake (payload %s)", p.Op, p.D)
		}
	}
}

func (s *Server) identify(c *gatewayConn, d json.RawMessage) error {
	var id struct {
		Token   string `json:"token"`
		Intents int64  `json:"intents"`
	}
	if err := json.Unmarshal(d, &id); err != nil {
		return fmt.Errorf("bad IDENTIFY payload: %w", err)
	}
	if err := s.login(c, "IDENTIFY", id.Token); err != nil {
		return err
	}
	ready, _ := json.Marshal(map[string]any{
		"v":                  9,
		"session_id":         "fake-session-" + s.NewID(),
		"resume_gateway_url": s.gatewayURL(),
		"user":               s.BotUser,
		"application":        map[string]any{"id": s.AppID, "flags": 0},
		"guilds":             []map[string]any{{"id": s.GuildID, "unavailable": true}},
		"private_channels":   []any{},
	})
	// Recorded before READY goes out: a client that has READY may be asked
	// about its IDENTIFY at once.
	s.mu.Lock()
	s.identifies = append(s.identifies, append(json.RawMessage(nil), d...))
	s.mu.Unlock()
	if err := c.send(gatewayPayload{Op: 0, T: "READY", D: ready}); err != nil {
		return fmt.Errorf("send READY: %w", err)
	}
	s.mu.Lock()
	c.ready = true
	s.notifyLocked()
	s.mu.Unlock()
	return nil
}

// login checks the token of an IDENTIFY or RESUME, closing the connection
// with 4004 when the fake refuses it.
func (s *Server) login(c *gatewayConn, op, token string) error {
	s.mu.Lock()
	refuse := s.revoked || s.gatewayAuth
	s.mu.Unlock()
	if refuse || token != "Bot "+s.Token {
		c.closeWith(closeAuthFailed, "Authentication failed.")
		if refuse {
			return errAuthFailed
		}
		return fmt.Errorf("%s with the wrong token", op)
	}
	return nil
}

// resume answers a RESUME with RESUMED (the fake keeps no missed events).
func (s *Server) resume(c *gatewayConn, d json.RawMessage) error {
	var r struct {
		Token     string `json:"token"`
		SessionID string `json:"session_id"`
	}
	if err := json.Unmarshal(d, &r); err != nil || r.SessionID == "" {
		return fmt.Errorf("bad RESUME payload %s", d)
	}
	if err := s.login(c, "RESUME", r.Token); err != nil {
		return err
	}
	s.mu.Lock()
	s.resumes++
	s.mu.Unlock()
	if err := c.send(gatewayPayload{Op: 0, T: "RESUMED", D: json.RawMessage(`{}`)}); err != nil {
		return fmt.Errorf("send RESUMED: %w", err)
	}
	s.mu.Lock()
	c.ready = true
	s.notifyLocked()
	s.mu.Unlock()
	return nil
}

// Resumes returns how many RESUMEs the gateway has accepted.
func (s *Server) Resumes() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.resumes
}

// Identifies returns the IDENTIFY payloads received so far (with the token),
// so tests can check intents.
func (s *Server) Identifies() []json.RawMessage {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]json.RawMessage(nil), s.identifies...)
}

// WaitReady waits until a gateway client has identified and been sent READY;
// it fails the test if none has within timeout.
func (s *Server) WaitReady(t testing.TB, timeout time.Duration) {
	t.Helper()
	if len(s.readyConns(timeout)) == 0 {
		t.Fatalf("discordtest: no gateway client identified within %v", timeout)
	}
}

// readyConns waits up to timeout for identified clients and returns them.
func (s *Server) readyConns(timeout time.Duration) []*gatewayConn {
	deadline := time.Now().Add(timeout)
	for {
		s.mu.Lock()
		var out []*gatewayConn
		for c := range s.conns {
			if c.ready {
				out = append(out, c)
			}
		}
		changed := s.changed
		s.mu.Unlock()
		left := time.Until(deadline)
		if len(out) > 0 || left <= 0 {
			return out
		}
		timer := time.NewTimer(left)
		select {
		case <-changed:
			timer.Stop()
		case <-timer.C:
		}
	}
}

// Dispatch sends a gateway event (op 0) of type event with data d to every
// identified client, waiting briefly for one to connect. It fails the test if
// none is connected. Call it from the test goroutine.
func (s *Server) Dispatch(t testing.TB, event string, d any) {
	t.Helper()
	raw, err := json.Marshal(d)
	if err != nil {
		t.Fatalf("discordtest: encode %s: %v", event, err)
	}
	conns := s.readyConns(dispatchWait)
	if len(conns) == 0 {
		t.Fatalf("discordtest: cannot dispatch %s: no gateway client identified within %v", event, dispatchWait)
	}
	for _, c := range conns {
		if err := c.send(gatewayPayload{Op: 0, T: event, D: raw}); err != nil {
			t.Errorf("discordtest: dispatch %s: %v", event, err)
		}
	}
}

// DispatchInteraction registers in with the fake (so its callback, edits and
// followups are accepted) and sends it as INTERACTION_CREATE.
func (s *Server) DispatchInteraction(t testing.TB, in *Interaction) {
	t.Helper()
	s.mu.Lock()
	if _, dup := s.interactions[in.Token]; dup {
		s.mu.Unlock()
		t.Fatalf("discordtest: interaction token %q dispatched twice", in.Token)
	}
	s.interactions[in.Token] = &interactionState{in: *in}
	if in.ChannelID != "" {
		if _, ok := s.channels[in.ChannelID]; !ok {
			s.channels[in.ChannelID] = &Channel{ID: in.ChannelID, Type: ChannelGuildText, GuildID: in.GuildID}
		}
	}
	s.mu.Unlock()
	s.Dispatch(t, "INTERACTION_CREATE", in)
}

// DispatchMessage stores m as a message in its channel (so the bot can reply
// to it) and sends it as MESSAGE_CREATE.
func (s *Server) DispatchMessage(t testing.TB, m *Message) {
	t.Helper()
	s.mu.Lock()
	if _, ok := s.channels[m.ChannelID]; !ok {
		s.channels[m.ChannelID] = &Channel{ID: m.ChannelID, Type: ChannelGuildText, GuildID: m.GuildID}
	}
	stored := *m
	s.messages[m.ID] = &stored
	s.mu.Unlock()
	s.Dispatch(t, "MESSAGE_CREATE", m)
}
