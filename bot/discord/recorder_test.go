package discord

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
)

// REST methods, as restCall.Method names them.
const (
	mBulkOverwrite = "ApplicationCommandBulkOverwrite"
	mRespond       = "InteractionRespond"
	mEditOriginal  = "InteractionResponseEdit"
	mFollowup      = "FollowupMessageCreate"
	mSend          = "ChannelMessageSendComplex"
	mEdit          = "ChannelMessageEditComplex"
	mRequest       = "RequestWithBucketID"
)

// restCall is one call the bot made through a restRecorder.
type restCall struct {
	Method  string                 // one of the m* names
	In      *discordgo.Interaction // for interaction calls
	Channel string                 // for channel calls
	Payload any                    // the request: *discordgo.InteractionResponse, *discordgo.WebhookEdit, ...
	Reply   *discordgo.Message     // the message the recorder answered with, if any
	Err     error                  // the error the recorder answered with
}

// content is the message text the call carries.
func (c restCall) content() string {
	switch p := c.Payload.(type) {
	case *discordgo.InteractionResponse:
		if p.Data != nil {
			return p.Data.Content
		}
	case *discordgo.WebhookEdit:
		if p.Content != nil {
			return *p.Content
		}
	case *discordgo.WebhookParams:
		return p.Content
	case *discordgo.MessageSend:
		return p.Content
	case *discordgo.MessageEdit:
		if p.Content != nil {
			return *p.Content
		}
	}
	return ""
}

// components returns the components the call's message carries, and
// whether it sets them at all.
func (c restCall) components() ([]discordgo.MessageComponent, bool) {
	switch p := c.Payload.(type) {
	case *discordgo.InteractionResponse:
		if p.Data != nil {
			return p.Data.Components, p.Data.Components != nil
		}
	case *discordgo.WebhookEdit:
		if p.Components != nil {
			return *p.Components, true
		}
	case *discordgo.WebhookParams:
		return p.Components, p.Components != nil
	case *discordgo.MessageSend:
		return p.Components, p.Components != nil
	case *discordgo.MessageEdit:
		if p.Components != nil {
			return *p.Components, true
		}
	}
	return nil, false
}

// buttonIDs returns the custom IDs of the buttons the call's message carries.
func (c restCall) buttonIDs() []string {
	comps, _ := c.components()
	var ids []string
	for _, row := range comps {
		r, ok := row.(discordgo.ActionsRow)
		if !ok {
			continue
		}
		for _, comp := range r.Components {
			if b, ok := comp.(discordgo.Button); ok {
				ids = append(ids, b.CustomID)
			}
		}
	}
	return ids
}

// allowedMentions returns the AllowedMentions of a call that sends or edits a
// message, and false for other calls.
func (c restCall) allowedMentions() (*discordgo.MessageAllowedMentions, bool) {
	switch p := c.Payload.(type) {
	case *discordgo.InteractionResponse:
		if p.Data == nil {
			return nil, true
		}
		return p.Data.AllowedMentions, true
	case *discordgo.WebhookEdit:
		return p.AllowedMentions, true
	case *discordgo.WebhookParams:
		return p.AllowedMentions, true
	case *discordgo.MessageSend:
		return p.AllowedMentions, true
	case *discordgo.MessageEdit:
		return p.AllowedMentions, true
	}
	return nil, false
}

// responseType is an InteractionRespond call's response type.
func (c restCall) responseType() discordgo.InteractionResponseType {
	if p, ok := c.Payload.(*discordgo.InteractionResponse); ok {
		return p.Type
	}
	return 0
}

// ephemeral reports whether the call's message is shown only to its user.
func (c restCall) ephemeral() bool {
	switch p := c.Payload.(type) {
	case *discordgo.InteractionResponse:
		return p.Data != nil && p.Data.Flags&discordgo.MessageFlagsEphemeral != 0
	case *discordgo.WebhookParams:
		return p.Flags&discordgo.MessageFlagsEphemeral != 0
	}
	return false
}

// isDeferral matches a public "thinking…" acknowledgement.
func (c restCall) isDeferral() bool {
	return c.Method == mRespond && c.responseType() == discordgo.InteractionResponseDeferredChannelMessageWithSource && !c.ephemeral()
}

// isReply matches an immediate message response, ephemeral or not.
func (c restCall) isReply(text string, ephemeral bool) bool {
	return c.Method == mRespond && c.responseType() == discordgo.InteractionResponseChannelMessageWithSource &&
		c.ephemeral() == ephemeral && c.content() == text
}

// wire returns the JSON the call would send.
func (c restCall) wire() string {
	raw, err := json.Marshal(c.Payload)
	if err != nil {
		return fmt.Sprintf("(unencodable: %v)", err)
	}
	return string(raw)
}

func (c restCall) String() string {
	where := c.Channel
	if c.In != nil {
		where = "interaction " + c.In.ID
	}
	s := fmt.Sprintf("%s(%s) %s", c.Method, where, c.wire())
	if len(s) > 300 {
		s = s[:300] + "…"
	}
	if c.Err != nil {
		s += fmt.Sprintf(" -> error %v", c.Err)
	}
	return s
}

// restRecorder is an in-memory restAPI. It records every call, answers
// with made-up messages (or with the error set for the method in fail), and
// fails the test on what real Discord would refuse or what the bot must
// never do: content over 2,000 characters, an empty message, an
// interaction answered twice or edited before it is answered, a message
// that may ping, or a call without a deadline.
type restRecorder struct {
	t testing.TB

	mu        sync.Mutex
	calls     []restCall
	changed   chan struct{} // closed and replaced on every call
	fail      map[string]error
	next      int
	responded map[string]bool   // interaction IDs answered
	originals map[string]string // interaction ID → its original response's message ID
}

func newRecorder(t testing.TB) *restRecorder {
	return &restRecorder{
		t: t, changed: make(chan struct{}), fail: map[string]error{},
		responded: map[string]bool{}, originals: map[string]string{},
	}
}

var _ restAPI = (*restRecorder)(nil)

// failWith makes every later call of method return err.
func (r *restRecorder) failWith(method string, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.fail[method] = err
}

// record checks and files one call and returns the error to answer with.
func (r *restRecorder) record(c restCall, options []discordgo.RequestOption, reply func(id string) *discordgo.Message) (*discordgo.Message, error) {
	r.t.Helper()
	r.checkDeadline(c, options)
	if am, ok := c.allowedMentions(); ok && c.Method != mRequest {
		if am == nil || am.Parse == nil || len(am.Parse) != 0 || len(am.Roles) != 0 || len(am.Users) != 0 {
			r.t.Errorf("restRecorder: %s may ping: allowed mentions %+v", c, am)
		}
	}
	if n := utf8.RuneCountInString(c.content()); n > maxMessage {
		r.t.Errorf("restRecorder: %s: content has %d characters, Discord allows 2000", c.Method, n)
	}
	r.mu.Lock()
	defer func() {
		r.calls = append(r.calls, c)
		close(r.changed)
		r.changed = make(chan struct{})
		r.mu.Unlock()
	}()
	if c.In != nil {
		switch c.Method {
		case mRespond, mRequest:
			if r.responded[c.In.ID] {
				r.t.Errorf("restRecorder: %s: interaction %s already acknowledged", c, c.In.ID)
			}
			r.responded[c.In.ID] = true
		default:
			if !r.responded[c.In.ID] {
				r.t.Errorf("restRecorder: %s: interaction %s not acknowledged yet", c, c.In.ID)
			}
		}
	}
	if (c.Method == mFollowup || c.Method == mSend) && strings.TrimSpace(c.content()) == "" {
		r.t.Errorf("restRecorder: %s: Discord refuses an empty message", c)
	}
	if err := r.fail[c.Method]; err != nil {
		c.Err = err
		return nil, err
	}
	if reply != nil {
		r.next++
		c.Reply = reply(fmt.Sprint("m-", r.next))
	}
	return c.Reply, nil
}

// checkDeadline fails the test unless options bound the call in time.
func (r *restRecorder) checkDeadline(c restCall, options []discordgo.RequestOption) {
	r.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, "http://discord.invalid/", nil)
	cfg := &discordgo.RequestConfig{Request: req}
	for _, o := range options {
		o(cfg)
	}
	deadline, ok := cfg.Request.Context().Deadline()
	if !ok || time.Until(deadline) > restTimeout {
		r.t.Errorf("restRecorder: %s without a deadline of at most %v", c.Method, restTimeout)
	}
}

// ApplicationCommandBulkOverwrite records a command registration.
func (r *restRecorder) ApplicationCommandBulkOverwrite(appID, guildID string, cmds []*discordgo.ApplicationCommand, options ...discordgo.RequestOption) ([]*discordgo.ApplicationCommand, error) {
	_, err := r.record(restCall{Method: mBulkOverwrite, Channel: appID + "/" + guildID, Payload: cmds}, options, nil)
	if err != nil {
		return nil, err
	}
	return cmds, nil
}

// InteractionRespond records an interaction's first response.
func (r *restRecorder) InteractionRespond(in *discordgo.Interaction, resp *discordgo.InteractionResponse, options ...discordgo.RequestOption) error {
	_, err := r.record(restCall{Method: mRespond, In: in, Payload: resp}, options, nil)
	return err
}

// InteractionResponseEdit records an edit of an interaction's original response.
func (r *restRecorder) InteractionResponseEdit(in *discordgo.Interaction, edit *discordgo.WebhookEdit, options ...discordgo.RequestOption) (*discordgo.Message, error) {
	return r.record(restCall{Method: mEditOriginal, In: in, Payload: edit}, options, func(id string) *discordgo.Message {
		if orig, ok := r.originals[in.ID]; ok {
			id = orig
		} else {
			r.originals[in.ID] = id
		}
		return &discordgo.Message{ID: id, ChannelID: in.ChannelID}
	})
}

// FollowupMessageCreate records a followup message.
func (r *restRecorder) FollowupMessageCreate(in *discordgo.Interaction, wait bool, data *discordgo.WebhookParams, options ...discordgo.RequestOption) (*discordgo.Message, error) {
	return r.record(restCall{Method: mFollowup, In: in, Payload: data}, options, func(id string) *discordgo.Message {
		return &discordgo.Message{ID: id, ChannelID: in.ChannelID}
	})
}

// ChannelMessageSendComplex records a new channel message.
func (r *restRecorder) ChannelMessageSendComplex(channelID string, data *discordgo.MessageSend, options ...discordgo.RequestOption) (*discordgo.Message, error) {
	return r.record(restCall{Method: mSend, Channel: channelID, Payload: data}, options, func(id string) *discordgo.Message {
		return &discordgo.Message{ID: id, ChannelID: channelID}
	})
}

// ChannelMessageEditComplex records an edit of a channel message.
func (r *restRecorder) ChannelMessageEditComplex(edit *discordgo.MessageEdit, options ...discordgo.RequestOption) (*discordgo.Message, error) {
	return r.record(restCall{Method: mEdit, Channel: edit.Channel, Payload: edit}, options, func(string) *discordgo.Message {
		return &discordgo.Message{ID: edit.ID, ChannelID: edit.Channel}
	})
}

// RequestWithBucketID records a raw request; only interaction callbacks
// (autocomplete results) are expected.
func (r *restRecorder) RequestWithBucketID(method, urlStr string, data any, bucketID string, options ...discordgo.RequestOption) ([]byte, error) {
	// The callback URL is .../interactions/<id>/<token>/callback.
	var in *discordgo.Interaction
	if _, rest, ok := strings.Cut(urlStr, discordgo.EndpointAPI+"interactions/"); ok {
		if parts := strings.Split(rest, "/"); len(parts) == 3 && parts[2] == "callback" {
			in = &discordgo.Interaction{ID: parts[0], Token: parts[1]}
		}
	}
	if method != http.MethodPost || in == nil || bucketID != urlStr {
		r.t.Errorf("restRecorder: unexpected request %s %s (bucket %s)", method, urlStr, bucketID)
	}
	_, err := r.record(restCall{Method: mRequest, In: in, Payload: data}, options, nil)
	return nil, err
}

// Calls returns a copy of the calls so far.
func (r *restRecorder) Calls() []restCall {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]restCall(nil), r.calls...)
}

// matching returns the calls for which pred is true.
func (r *restRecorder) matching(pred func(restCall) bool) []restCall {
	var out []restCall
	for _, c := range r.Calls() {
		if pred(c) {
			out = append(out, c)
		}
	}
	return out
}

// waitFor waits until a call satisfies pred, failing the test after wait.
// It may be called from any goroutine; off the test goroutine it returns
// false instead of failing.
func (r *restRecorder) waitFor(pred func(restCall) bool) (restCall, bool) {
	deadline := time.Now().Add(wait)
	for {
		r.mu.Lock()
		for _, c := range r.calls {
			if pred(c) {
				r.mu.Unlock()
				return c, true
			}
		}
		changed := r.changed
		r.mu.Unlock()
		left := time.Until(deadline)
		if left <= 0 {
			r.t.Errorf("restRecorder: no matching call within %v; calls:\n%s", wait, r.dump())
			return restCall{}, false
		}
		select {
		case <-changed:
		case <-time.After(left):
		}
	}
}

func (r *restRecorder) dump() string {
	var b strings.Builder
	for _, c := range r.Calls() {
		fmt.Fprintf(&b, "  %s\n", c)
	}
	if b.Len() == 0 {
		return "  (none)\n"
	}
	return b.String()
}

// onInteraction returns a predicate matching calls about in.
func onInteraction(in *discordgo.Interaction) func(restCall) bool {
	return func(c restCall) bool { return c.In != nil && c.In.ID == in.ID }
}

// errREST is what a failing recorder answers with.
var errREST = errors.New("HTTP 500 Internal Server Error")

// ctxForTest is a context that ends with the test.
func ctxForTest(t testing.TB) context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	return ctx
}
