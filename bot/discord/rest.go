package discord

import (
	"context"
	"errors"
	"net/url"
	"strings"

	"github.com/bwmarrin/discordgo"
)

// restAPI is the part of Discord's REST API the bot calls: registering its
// commands, answering interactions (the original response, its edits and
// followups, autocomplete) and posting and editing channel messages.
// *discordgo.Session is one; tests use an in-memory recorder.
type restAPI interface {
	ApplicationCommandBulkOverwrite(appID, guildID string, commands []*discordgo.ApplicationCommand, options ...discordgo.RequestOption) ([]*discordgo.ApplicationCommand, error)
	InteractionRespond(in *discordgo.Interaction, resp *discordgo.InteractionResponse, options ...discordgo.RequestOption) error
	InteractionResponseEdit(in *discordgo.Interaction, edit *discordgo.WebhookEdit, options ...discordgo.RequestOption) (*discordgo.Message, error)
	FollowupMessageCreate(in *discordgo.Interaction, wait bool, data *discordgo.WebhookParams, options ...discordgo.RequestOption) (*discordgo.Message, error)
	ChannelMessageSendComplex(channelID string, data *discordgo.MessageSend, options ...discordgo.RequestOption) (*discordgo.Message, error)
	ChannelMessageEditComplex(edit *discordgo.MessageEdit, options ...discordgo.RequestOption) (*discordgo.Message, error)
	// RequestWithBucketID sends a request discordgo has no method for: an
	// autocomplete result with an empty list of choices.
	RequestWithBucketID(method, urlStr string, data any, bucketID string, options ...discordgo.RequestOption) ([]byte, error)
}

var _ restAPI = (*discordgo.Session)(nil)

// restCtx bounds one REST call. It is detached from ctx's cancellation so
// that a cancelled answer can still tell the user so.
func restCtx(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.WithoutCancel(ctx), restTimeout)
}

// redact removes interaction tokens from the URL in a failed request's error.
func redact(err error) error {
	var ue *url.Error
	if !errors.As(err, &ue) {
		return err
	}
	return &url.Error{Op: ue.Op, URL: redactURL(ue.URL), Err: ue.Err}
}

// redactURL keeps a URL's path but masks the token in webhook and
// interaction paths.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparseable url)"
	}
	segs := strings.Split(u.Path, "/")
	for i, s := range segs {
		if (s == "webhooks" || s == "interactions") && i+2 < len(segs) {
			segs[i+2] = "(token)"
		}
	}
	return u.Scheme + "://" + u.Host + strings.Join(segs, "/")
}

// noMentions is the AllowedMentions every message carries: nothing pings.
func noMentions() *discordgo.MessageAllowedMentions {
	return &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
}
