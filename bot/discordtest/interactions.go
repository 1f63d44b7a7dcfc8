package discordtest

// This file serves interaction callbacks and their webhook messages
// (original response edits and followups), keeping each interaction's state.

import (
	"encoding/json"
	"fmt"
	"net/http"
)

// interactionState is what the fake knows about one dispatched interaction.
type interactionState struct {
	in       Interaction
	acked    bool
	callback int
	original *Message
	expired  bool // the token expired: webhook calls get 401 50027
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
	if st.expired { // asked for by the test: not a mistake of the bot
		writeError(w, http.StatusUnauthorized, 50027, "Invalid Webhook Token")
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

func (s *Server) followup(w http.ResponseWriter, r *http.Request, c *Call) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st, ok := s.webhookStateLocked(w, r, c)
	if !ok {
		return
	}
	content := c.Content()
	if !s.checkNewMessage(w, c, content) {
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
