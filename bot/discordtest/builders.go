package discordtest

import (
	"mime"
	"net/http"
	"path"
	"strings"
	"time"
)

// NewUser returns a human user with the given ID.
func NewUser(id string) User {
	return User{ID: id, Username: "user" + id}
}

// NewMember returns a guild member with the given permissions and roles.
func NewMember(userID string, permissions int64, roles ...string) Member {
	if roles == nil {
		roles = []string{}
	}
	return Member{User: NewUser(userID), Roles: roles, Permissions: permissions}
}

// RegularMember returns a member who may send messages but not manage the server.
func RegularMember(userID string) Member {
	return NewMember(userID, PermissionSendMessages)
}

// AdminMember returns a member with the Manage Server permission.
func AdminMember(userID string, roles ...string) Member {
	return NewMember(userID, PermissionSendMessages|PermissionManageGuild, roles...)
}

// StringOption returns a string option.
func StringOption(name, value string) Option {
	return Option{Name: name, Type: OptionString, Value: value}
}

// FocusedOption returns a string option that an autocomplete request is about.
func FocusedOption(name, partial string) Option {
	return Option{Name: name, Type: OptionString, Value: partial, Focused: true}
}

// AttachmentOption returns an attachment option referring to attachment id;
// add the attachment itself with Interaction.WithAttachment.
func AttachmentOption(name, id string) Option {
	return Option{Name: name, Type: OptionAttachment, Value: id}
}

// SubCommand returns a sub-command option holding opts.
func SubCommand(name string, opts ...Option) Option {
	return Option{Name: name, Type: OptionSubCommand, Options: opts}
}

// newInteraction fills the fields every interaction has.
func (s *Server) newInteraction(typ int, by Member) *Interaction {
	id := s.NewID()
	return &Interaction{
		ID: id, ApplicationID: s.AppID, Type: typ, Token: "itoken-" + id, Version: 1,
		GuildID: s.GuildID, ChannelID: s.ChannelID, Member: &by, Locale: "en-GB",
	}
}

// Slash returns a slash command interaction in the fake's guild and channel.
func (s *Server) Slash(by Member, name string, opts ...Option) *Interaction {
	in := s.newInteraction(InteractionCommand, by)
	in.Data = &InteractionData{ID: s.NewID(), Name: name, Type: 1, Options: opts}
	return in
}

// SlashDM returns a slash command interaction in a direct message: it has a
// User and no Member or guild.
func (s *Server) SlashDM(by User, name string, opts ...Option) *Interaction {
	in := s.Slash(Member{}, name, opts...)
	in.Member, in.GuildID, in.User = nil, "", &by
	in.ChannelID = "dm-" + by.ID
	return in
}

// Autocomplete returns an autocomplete interaction for command name; one of
// opts (possibly nested in a sub-command) should be a FocusedOption.
func (s *Server) Autocomplete(by Member, name string, opts ...Option) *Interaction {
	in := s.newInteraction(InteractionAutocomplete, by)
	in.Data = &InteractionData{ID: s.NewID(), Name: name, Type: 1, Options: opts}
	return in
}

// ButtonClick returns a button click on message (which may be nil) with customID.
func (s *Server) ButtonClick(by Member, customID string, message *Message) *Interaction {
	in := s.newInteraction(InteractionComponent, by)
	in.Data = &InteractionData{CustomID: customID, ComponentType: 2}
	if message != nil {
		m := *message
		in.Message = &m
		in.ChannelID = m.ChannelID
	}
	return in
}

// WithAttachment adds an uploaded file to the interaction's resolved data and
// returns the interaction.
func (in *Interaction) WithAttachment(a Attachment) *Interaction {
	if in.Data == nil {
		in.Data = &InteractionData{}
	}
	if in.Data.Resolved == nil {
		in.Data.Resolved = &Resolved{}
	}
	if in.Data.Resolved.Attachments == nil {
		in.Data.Resolved.Attachments = map[string]Attachment{}
	}
	in.Data.Resolved.Attachments[a.ID] = a
	return in
}

// NewAttachment returns an uploaded file with a CDN-like URL, signed like
// Discord's (ex, is and hm query parameters).
func (s *Server) NewAttachment(filename string, size int) Attachment {
	id := s.NewID()
	return Attachment{
		ID: id, Filename: filename, Size: size,
		URL:         "https://cdn.discordapp.com/attachments/" + s.ChannelID + "/" + id + "/" + filename + "?ex=6960f0a1&is=695f9f21&hm=" + id + "fake-signature&",
		ContentType: mime.TypeByExtension(path.Ext(filename)),
	}
}

// UserMessage returns a message by author in channelID (the fake's channel
// when empty) that does not mention the bot.
func (s *Server) UserMessage(author User, channelID, content string) *Message {
	if channelID == "" {
		channelID = s.ChannelID
	}
	return &Message{
		ID: s.NewID(), ChannelID: channelID, GuildID: s.GuildID, Author: author,
		Content: content, Timestamp: time.Now().UTC().Format(time.RFC3339Nano),
		Mentions: []User{},
	}
}

// Mention returns a message by author in channelID (the fake's channel when
// empty) that mentions the bot: "<@botID> text", with the bot in Mentions.
func (s *Server) Mention(author User, channelID, text string) *Message {
	m := s.UserMessage(author, channelID, "<@"+s.BotUser.ID+"> "+text)
	m.Mentions = []User{s.BotUser}
	return m
}

// Reply returns a message by author replying to the message with ID to (which
// the fake must know) in the same channel. Like Discord's default reply, it
// pings the replied-to author, who therefore appears in Mentions without a
// mention in the text.
func (s *Server) Reply(author User, to, text string) *Message {
	s.mu.Lock()
	target, ok := s.messages[to]
	var tcopy Message
	if ok {
		tcopy = *target
	}
	s.mu.Unlock()
	if !ok {
		s.t.Fatalf("discordtest: Reply to unknown message %s", to)
	}
	m := s.UserMessage(author, tcopy.ChannelID, text)
	m.Type = 19
	m.MessageReference = &MessageReference{MessageID: to, ChannelID: tcopy.ChannelID, GuildID: tcopy.GuildID}
	tcopy.ReferencedMessage = nil
	m.ReferencedMessage = &tcopy
	m.Mentions = []User{tcopy.Author}
	return m
}

// StartThread makes the thread a user starts from message id and returns the
// thread's ID, which (as on Discord) equals the message's ID.
func (s *Server) StartThread(by User, id, name string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, ok := s.messages[id]
	if !ok {
		s.t.Fatalf("discordtest: StartThread on unknown message %s", id)
		return ""
	}
	if _, exists := s.channels[id]; !exists {
		s.threadLocked(m, name, by.ID)
	}
	return id
}

// IsCallback matches the callback (initial response) to in.
func IsCallback(in *Interaction) func(Call) bool {
	path := "/interactions/" + in.ID + "/" + in.Token + "/callback"
	return func(c Call) bool { return c.Method == http.MethodPost && c.Path == path }
}

// IsOriginalEdit matches edits of in's original response.
func IsOriginalEdit(in *Interaction) func(Call) bool {
	path := "/webhooks/" + in.ApplicationID + "/" + in.Token + "/messages/@original"
	return func(c Call) bool { return c.Method == http.MethodPatch && c.Path == path }
}

// IsFollowup matches followup messages sent for in.
func IsFollowup(in *Interaction) func(Call) bool {
	path := "/webhooks/" + in.ApplicationID + "/" + in.Token
	return func(c Call) bool { return c.Method == http.MethodPost && c.Path == path }
}

// IsChannelPost matches messages the bot creates in channelID.
func IsChannelPost(channelID string) func(Call) bool {
	path := "/channels/" + channelID + "/messages"
	return func(c Call) bool { return c.Method == http.MethodPost && c.Path == path }
}

// IsMessageEdit matches edits of message messageID in channelID.
func IsMessageEdit(channelID, messageID string) func(Call) bool {
	path := "/channels/" + channelID + "/messages/" + messageID
	return func(c Call) bool { return c.Method == http.MethodPatch && c.Path == path }
}

// Contains matches calls whose content contains substr.
func Contains(substr string) func(Call) bool {
	return func(c Call) bool { return strings.Contains(c.Content(), substr) }
}

// All matches calls that every predicate matches.
func All(preds ...func(Call) bool) func(Call) bool {
	return func(c Call) bool {
		for _, p := range preds {
			if !p(c) {
				return false
			}
		}
		return true
	}
}
