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
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

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
	resumes      int
	closed       bool
	revoked      bool // the bot token was reset: REST answers 401, the gateway 4004
	gatewayAuth  bool // the gateway refuses the token (4004) though REST accepts it

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
	conns := s.connsLocked()
	s.mu.Unlock()
	for _, c := range conns {
		c.close()
	}
	s.srv.Close()
	s.gateways.Wait()
}

// discordEpoch is the first millisecond of 2015, in Unix milliseconds: the
// zero of the timestamp in a Discord snowflake.
const discordEpoch = 1420070400000

// NewID returns a fresh snowflake: its top bits are the current time, as in
// Discord's, so a bot can tell an interaction's age from its ID, and each ID
// is greater than the one before.
func (s *Server) NewID() string {
	for {
		prev := s.next.Load()
		id := (time.Now().UnixMilli() - discordEpoch) << 22
		if id <= prev {
			id = prev + 1
		}
		if s.next.CompareAndSwap(prev, id) {
			return strconv.FormatInt(id, 10)
		}
	}
}

// RevokeToken makes the fake behave as Discord does once the bot token has
// been reset: REST calls made with it get 401 Unauthorized, connected gateway
// clients are closed with 4004 "Authentication failed.", and so is every
// later IDENTIFY or RESUME. None of this fails the test.
func (s *Server) RevokeToken() {
	s.mu.Lock()
	s.revoked = true
	conns := s.connsLocked()
	s.mu.Unlock()
	for _, c := range conns {
		c.closeWith(closeAuthFailed, "Authentication failed.")
	}
}

// RejectGatewayLogin makes the gateway close every later IDENTIFY or RESUME
// with 4004 "Authentication failed." while the REST API still accepts the
// token, without failing the test.
func (s *Server) RejectGatewayLogin() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.gatewayAuth = true
}

// DropGateway closes every gateway connection with code and reason, as
// Discord does when it restarts a gateway node; clients may resume.
func (s *Server) DropGateway(code int, reason string) {
	s.mu.Lock()
	conns := s.connsLocked()
	s.mu.Unlock()
	for _, c := range conns {
		c.closeWith(code, reason)
	}
}

// ExpireInteraction makes in's token expire, as it does 15 minutes after the
// interaction: editing its response or sending followups then gets 401 with
// code 50027 "Invalid Webhook Token", without failing the test.
func (s *Server) ExpireInteraction(in *Interaction) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if st, ok := s.interactions[in.Token]; ok {
		st.expired = true
	}
}

// connsLocked returns the connected gateway clients; s.mu must be held.
func (s *Server) connsLocked() []*gatewayConn {
	conns := make([]*gatewayConn, 0, len(s.conns))
	for c := range s.conns {
		conns = append(conns, c)
	}
	return conns
}

// gatewayURL is the websocket URL GET /gateway answers with.
func (s *Server) gatewayURL() string {
	return "ws" + strings.TrimPrefix(s.URL, "http") + "/gateway"
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
