package discordtest

import "encoding/json"

// Permission bits the fake and its builders use (Discord's values).
const (
	// PermissionAdministrator is Discord's ADMINISTRATOR permission bit.
	PermissionAdministrator int64 = 1 << 3
	// PermissionManageGuild is Discord's MANAGE_GUILD ("Manage Server") permission bit.
	PermissionManageGuild int64 = 1 << 5
	// PermissionSendMessages is Discord's SEND_MESSAGES permission bit.
	PermissionSendMessages int64 = 1 << 11
)

// Interaction types as Discord numbers them.
const (
	// InteractionCommand is an application (slash) command.
	InteractionCommand = 2
	// InteractionComponent is a message component, such as a button click.
	InteractionComponent = 3
	// InteractionAutocomplete is an autocomplete request for a command option.
	InteractionAutocomplete = 4
)

// Interaction callback (response) types as Discord numbers them.
const (
	// CallbackMessage answers with a message (CHANNEL_MESSAGE_WITH_SOURCE).
	CallbackMessage = 4
	// CallbackDeferredMessage acknowledges and shows "thinking…" (DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE).
	CallbackDeferredMessage = 5
	// CallbackDeferredUpdate acknowledges a component without a visible reply.
	CallbackDeferredUpdate = 6
	// CallbackUpdateMessage edits the message a component is on.
	CallbackUpdateMessage = 7
	// CallbackAutocomplete answers an autocomplete request with choices.
	CallbackAutocomplete = 8
)

// Option types as Discord numbers them.
const (
	// OptionSubCommand is a sub-command option.
	OptionSubCommand = 1
	// OptionString is a string option.
	OptionString = 3
	// OptionAttachment is a file attachment option.
	OptionAttachment = 11
)

// FlagEphemeral is the message flag that shows a reply only to the user who asked.
const FlagEphemeral = 1 << 6

// User is a Discord user as the gateway and REST API carry it.
type User struct {
	ID       string `json:"id"`            // snowflake ID
	Username string `json:"username"`      // user name
	Bot      bool   `json:"bot,omitempty"` // whether the user is a bot
}

// Member is a guild member as an interaction carries it: the user, their roles
// and their permissions in the channel, which Discord computes.
type Member struct {
	User        User     `json:"user"`               // the member's user
	Roles       []string `json:"roles"`              // role IDs
	Permissions int64    `json:"permissions,string"` // permission bits in the channel (a string on the wire)
}

// Option is one option of a command interaction; sub-commands nest Options.
type Option struct {
	Name    string   `json:"name"`              // option name
	Type    int      `json:"type"`              // an Option* type
	Value   any      `json:"value,omitempty"`   // the value (string, number, bool, or attachment ID)
	Options []Option `json:"options,omitempty"` // nested options of a sub-command
	Focused bool     `json:"focused,omitempty"` // the option being typed, in autocomplete
}

// Attachment is an uploaded file as an interaction's resolved data carries it.
type Attachment struct {
	ID          string `json:"id"`                     // attachment ID
	Filename    string `json:"filename"`               // file name
	URL         string `json:"url"`                    // CDN URL
	ProxyURL    string `json:"proxy_url,omitempty"`    // media proxy URL
	ContentType string `json:"content_type,omitempty"` // MIME type
	Size        int    `json:"size"`                   // size in bytes
}

// Resolved holds the objects an interaction's options refer to by ID.
type Resolved struct {
	Attachments map[string]Attachment `json:"attachments,omitempty"` // attachments by ID
}

// InteractionData is the data of a command, autocomplete or component interaction.
type InteractionData struct {
	ID            string    `json:"id,omitempty"`             // command ID
	Name          string    `json:"name,omitempty"`           // command name
	Type          int       `json:"type,omitempty"`           // command type (1: slash)
	Options       []Option  `json:"options,omitempty"`        // options given
	Resolved      *Resolved `json:"resolved,omitempty"`       // objects the options refer to
	CustomID      string    `json:"custom_id,omitempty"`      // clicked component's custom ID
	ComponentType int       `json:"component_type,omitempty"` // clicked component's type (2: button)
}

// Interaction is an INTERACTION_CREATE payload.
type Interaction struct {
	ID            string           `json:"id"`                   // interaction ID
	ApplicationID string           `json:"application_id"`       // the bot's application ID
	Type          int              `json:"type"`                 // an Interaction* type
	Token         string           `json:"token"`                // token for the callback and webhook calls
	Version       int              `json:"version"`              // always 1
	GuildID       string           `json:"guild_id,omitempty"`   // guild, empty in DMs
	ChannelID     string           `json:"channel_id,omitempty"` // channel it came from
	Member        *Member          `json:"member,omitempty"`     // who, in a guild
	User          *User            `json:"user,omitempty"`       // who, in a DM
	Data          *InteractionData `json:"data,omitempty"`       // command or component data
	Message       *Message         `json:"message,omitempty"`    // message a clicked component is on
	Locale        string           `json:"locale,omitempty"`     // user's locale
}

// MessageReference points a reply at the message it answers.
type MessageReference struct {
	MessageID string `json:"message_id"`           // message replied to
	ChannelID string `json:"channel_id,omitempty"` // its channel
	GuildID   string `json:"guild_id,omitempty"`   // its guild
}

// Message is a Discord message as MESSAGE_CREATE and the REST API carry it.
type Message struct {
	ID                string            `json:"id"`                           // message ID
	ChannelID         string            `json:"channel_id"`                   // channel or thread
	GuildID           string            `json:"guild_id,omitempty"`           // guild, empty in DMs
	Author            User              `json:"author"`                       // who wrote it
	Content           string            `json:"content"`                      // text
	Timestamp         string            `json:"timestamp"`                    // RFC 3339 creation time
	EditedTimestamp   *string           `json:"edited_timestamp"`             // RFC 3339 time of the last edit, or null
	Mentions          []User            `json:"mentions"`                     // users mentioned (or pinged by a reply)
	MessageReference  *MessageReference `json:"message_reference,omitempty"`  // what it replies to
	ReferencedMessage *Message          `json:"referenced_message,omitempty"` // the message it replies to
	Type              int               `json:"type"`                         // 0 default, 19 reply
	Flags             int               `json:"flags,omitempty"`              // message flags, e.g. FlagEphemeral
	WebhookID         string            `json:"webhook_id,omitempty"`         // set on interaction responses and followups
	ApplicationID     string            `json:"application_id,omitempty"`     // set on interaction responses and followups
	Components        json.RawMessage   `json:"components,omitempty"`         // buttons etc., as sent
}

// Channel is a channel or thread as the REST API returns it.
type Channel struct {
	ID       string `json:"id"`                  // channel ID (a thread's equals its starter message's)
	Type     int    `json:"type"`                // ChannelGuildText or ChannelPublicThread
	GuildID  string `json:"guild_id,omitempty"`  // guild
	ParentID string `json:"parent_id,omitempty"` // a thread's channel
	Name     string `json:"name,omitempty"`      // name
	OwnerID  string `json:"owner_id,omitempty"`  // who started a thread
}

// Channel types the fake uses.
const (
	// ChannelGuildText is a normal text channel.
	ChannelGuildText = 0
	// ChannelPublicThread is a public thread.
	ChannelPublicThread = 11
)

// gatewayPayload is one gateway frame.
type gatewayPayload struct {
	Op int             `json:"op"`
	D  json.RawMessage `json:"d,omitempty"`
	S  *int64          `json:"s,omitempty"`
	T  string          `json:"t,omitempty"`
}
