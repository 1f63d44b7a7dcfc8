package discordtest

// This file routes the REST API and serves the commands, channels and
// messages routes; interactions.go serves the interaction ones.

import (
	"encoding/json"
	"fmt"
	"net/http"
	"time"
	"unicode/utf8"
)

// apiPrefix is where Discord's REST API lives on the fake.
const apiPrefix = "/api/v9"

// maxContent is Discord's limit on a message's content, in characters.
const maxContent = 2000

type callKey struct{}

// route is a REST handler that gets the recorded call being served.
type route func(w http.ResponseWriter, r *http.Request, c *Call)

func (s *Server) handle(pattern string, auth bool, h route) {
	s.api.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		c := r.Context().Value(callKey{}).(*Call)
		s.mu.Lock()
		revoked := s.revoked
		s.mu.Unlock()
		if auth && revoked { // asked for by the test (RevokeToken)
			writeError(w, http.StatusUnauthorized, 0, "401: Unauthorized")
			return
		}
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

// checkNewMessage refuses, as Discord does, a new message that is empty (no
// content and no files) or over the content limit.
func (s *Server) checkNewMessage(w http.ResponseWriter, c *Call, content string) bool {
	if content == "" && len(c.Files) == 0 {
		s.refuse(w, c, http.StatusBadRequest, 50006, "Cannot send an empty message")
		return false
	}
	return s.checkContent(w, c, content)
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
	if !s.checkNewMessage(w, c, content) {
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
