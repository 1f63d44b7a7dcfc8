package discord

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/summitbot/summitbot/bot/safetext"
	"github.com/summitbot/summitbot/retrieval"
)

// notAdminMessage is what a user who may not manage sources is told.
const notAdminMessage = "Only server admins can manage summitbot's sources."

// isAdmin reports whether the interaction's user may use /sources: in a
// guild, with Manage Server or Administrator and, when admin roles or users
// are configured, one of those roles or users. Discord hides the command from
// others, but it is checked again here since that setting can be changed by
// server owners.
func (b *Bot) isAdmin(in *discordgo.Interaction) bool {
	if in.Member == nil || in.Member.User == nil || in.GuildID == "" {
		return false
	}
	if in.Member.Permissions&(discordgo.PermissionManageGuild|discordgo.PermissionAdministrator) == 0 {
		return false
	}
	if len(b.adminRoles) == 0 && len(b.adminUsers) == 0 {
		return true
	}
	if b.adminUsers[in.Member.User.ID] {
		return true
	}
	return slices.ContainsFunc(in.Member.Roles, func(r string) bool { return b.adminRoles[r] })
}

func (b *Bot) onSources(ctx context.Context, s restAPI, in *discordgo.Interaction, data discordgo.ApplicationCommandInteractionData) {
	user := interactionUser(in)
	if !b.isAdmin(in) {
		b.log.Warn("refused /sources to a non-admin", "user_id", user)
		b.respondOrLog(ctx, s, in, notAdminMessage, true)
		return
	}
	if len(data.Options) == 0 || data.Options[0] == nil {
		b.respondOrLog(ctx, s, in, "Use /sources add, /sources list or /sources remove.", true)
		return
	}
	sub := data.Options[0]
	switch sub.Name {
	case subAdd:
		b.onSourcesAdd(ctx, s, in, data, sub, user)
	case subList:
		b.onSourcesList(ctx, s, in)
	case subRemove:
		b.onSourcesRemove(ctx, s, in, sub, user)
	default:
		b.respondOrLog(ctx, s, in, "Use /sources add, /sources list or /sources remove.", true)
	}
}

func (b *Bot) onSourcesAdd(ctx context.Context, s restAPI, in *discordgo.Interaction,
	data discordgo.ApplicationCommandInteractionData, sub *discordgo.ApplicationCommandInteractionDataOption, user string) {
	ref := strings.TrimSpace(optString(sub.Options, optURL))
	if id := optString(sub.Options, optFile); id != "" {
		if ref != "" {
			b.respondOrLog(ctx, s, in, "Give either a url or a file, not both.", true)
			return
		}
		if data.Resolved != nil && data.Resolved.Attachments[id] != nil {
			ref = data.Resolved.Attachments[id].URL
		}
		if ref == "" {
			b.respondOrLog(ctx, s, in, "I couldn't find that file — please upload it again.", true)
			return
		}
	}
	if ref == "" {
		b.respondOrLog(ctx, s, in, "Give me a url or a file to load, e.g. /sources add url: https://…", true)
		return
	}
	if b.draining.Load() {
		b.respondOrLog(ctx, s, in, restartingMessage, true)
		return
	}
	if err := b.deferReply(ctx, s, in, false); err != nil {
		b.log.Error("deferring /sources add failed", "user_id", user, "err", err)
		return
	}
	out := interactionReplier{s: s, in: in}
	st := startStreamer(b.cfg.EditInterval, func(status string) {
		if err := out.show(ctx, firstPart("⏳ "+safetext.Clean(status))); err != nil {
			b.log.Warn("progress edit failed", "err", err)
		}
	})
	actx, cancel := context.WithTimeout(ctx, sourceTimeout)
	src, err := func() (src retrieval.Source, err error) {
		// A panic in the loader must still stop the streamer and reach the user.
		defer cancel()
		defer st.stop()
		defer func() {
			if r := recover(); r != nil {
				err = fmt.Errorf("panic while adding a source: %v", r)
			}
		}()
		return b.lib.Add(actx, ref, st.push)
	}()
	var msg string
	if err != nil {
		b.log.Error("adding a source failed", "user_id", user, "ref", withoutQuery(ref), "err", err)
		msg = b.friendly(err)
	} else {
		b.log.Info("source added", "user_id", user, "ref", withoutQuery(ref), "source_id", src.ID, "title", src.Title, "chunks", src.Chunks)
		msg = fmt.Sprintf("Loaded **%s** (%d chunks) as `%s`", escapeMarkdown(titleOf(src)), src.Chunks, src.ID)
	}
	if err := out.show(ctx, firstPart(msg)); err != nil {
		b.log.Error("reporting /sources add failed", "err", err)
	}
}

func (b *Bot) onSourcesList(ctx context.Context, s restAPI, in *discordgo.Interaction) {
	srcs := b.lib.List()
	if len(srcs) == 0 {
		b.respondOrLog(ctx, s, in, "No sources are loaded. Add one with /sources add.", true)
		return
	}
	lines := make([]string, 0, len(srcs)+1)
	lines = append(lines, fmt.Sprintf("**Loaded sources (%d)**", len(srcs)))
	for _, src := range srcs {
		lines = append(lines, "• "+sourceLine(src))
	}
	parts := splitMessage(strings.Join(lines, "\n"), maxMessage)
	if err := b.respond(ctx, s, in, parts[0], true); err != nil {
		b.log.Error("listing sources failed", "err", err)
		return
	}
	for _, part := range parts[1:] {
		rctx, cancel := restCtx(ctx)
		_, err := s.FollowupMessageCreate(in, true, &discordgo.WebhookParams{
			Content: part, Flags: discordgo.MessageFlagsEphemeral, AllowedMentions: noMentions(),
		}, discordgo.WithContext(rctx))
		cancel()
		if err != nil {
			b.log.Error("listing sources failed", "err", redact(err))
			return
		}
	}
}

func (b *Bot) onSourcesRemove(ctx context.Context, s restAPI, in *discordgo.Interaction,
	sub *discordgo.ApplicationCommandInteractionDataOption, user string) {
	id := strings.TrimSpace(optString(sub.Options, optSource))
	if id == "" {
		b.respondOrLog(ctx, s, in, "Say which source to remove — start typing its title.", true)
		return
	}
	if b.draining.Load() {
		b.respondOrLog(ctx, s, in, restartingMessage, true)
		return
	}
	if err := b.deferReply(ctx, s, in, false); err != nil {
		b.log.Error("deferring /sources remove failed", "user_id", user, "err", err)
		return
	}
	actx, cancel := context.WithTimeout(ctx, sourceTimeout)
	src, err := b.lib.Remove(actx, id)
	cancel()
	var msg string
	if err != nil {
		b.log.Error("removing a source failed", "user_id", user, "source_id", id, "err", err)
		msg = b.friendly(err)
	} else {
		b.log.Info("source removed", "user_id", user, "source_id", src.ID)
		msg = fmt.Sprintf("Removed **%s** (`%s`).", escapeMarkdown(titleOf(src)), src.ID)
	}
	if err := (interactionReplier{s: s, in: in}).show(ctx, firstPart(msg)); err != nil {
		b.log.Error("reporting /sources remove failed", "err", err)
	}
}

// onAutocomplete suggests loaded sources for /sources remove, matching the
// typed text against IDs and titles; non-admins get no suggestions.
func (b *Bot) onAutocomplete(ctx context.Context, s restAPI, in *discordgo.Interaction) {
	data := in.ApplicationCommandData()
	var choices []*discordgo.ApplicationCommandOptionChoice
	if data.Name == cmdSources && b.isAdmin(in) {
		if typed, ok := focusedValue(data.Options); ok {
			choices = sourceChoices(b.lib.List(), typed)
		}
	}
	if choices == nil {
		choices = []*discordgo.ApplicationCommandOptionChoice{}
	}
	// Sent by hand: discordgo's InteractionResponseData drops an empty
	// choices list, which Discord needs to show "no results".
	body := struct {
		Type discordgo.InteractionResponseType `json:"type"`
		Data struct {
			Choices []*discordgo.ApplicationCommandOptionChoice `json:"choices"`
		} `json:"data"`
	}{Type: discordgo.InteractionApplicationCommandAutocompleteResult}
	body.Data.Choices = choices
	rctx, cancel := restCtx(ctx)
	defer cancel()
	endpoint := discordgo.EndpointInteractionResponse(in.ID, in.Token)
	if _, err := s.RequestWithBucketID(http.MethodPost, endpoint, body, endpoint, discordgo.WithContext(rctx)); err != nil {
		b.log.Error("autocomplete failed", "err", redact(err))
	}
}

// focusedValue finds the option being typed, possibly inside a sub-command.
func focusedValue(opts []*discordgo.ApplicationCommandInteractionDataOption) (string, bool) {
	for _, o := range opts {
		if o == nil {
			continue
		}
		if o.Focused {
			v, _ := o.Value.(string)
			return v, true
		}
		if v, ok := focusedValue(o.Options); ok {
			return v, true
		}
	}
	return "", false
}

// sourceChoices returns up to 25 sources whose ID or title contains typed
// (case-insensitively), those starting with it first.
func sourceChoices(srcs []retrieval.Source, typed string) []*discordgo.ApplicationCommandOptionChoice {
	typed = strings.ToLower(strings.TrimSpace(typed))
	var prefix, contains []*discordgo.ApplicationCommandOptionChoice
	for _, src := range srcs {
		id, title := strings.ToLower(src.ID), strings.ToLower(src.Title)
		choice := &discordgo.ApplicationCommandOptionChoice{
			Name:  truncateRunes(safetext.Strip(titleOf(src))+" ("+src.ID+")", 100),
			Value: src.ID,
		}
		switch {
		case typed == "" || strings.HasPrefix(id, typed) || strings.HasPrefix(title, typed):
			prefix = append(prefix, choice)
		case strings.Contains(id, typed) || strings.Contains(title, typed):
			contains = append(contains, choice)
		}
	}
	all := append(prefix, contains...)
	if len(all) > maxChoices {
		all = all[:maxChoices]
	}
	return all
}

func titleOf(src retrieval.Source) string {
	if t := strings.TrimSpace(src.Title); t != "" {
		return t
	}
	return src.ID
}

// truncateRunes cuts s to at most n characters, ending with … when cut.
func truncateRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// firstPart keeps a status message within one Discord message.
func firstPart(s string) string {
	return splitMessage(s, maxMessage)[0]
}

// withoutQuery drops a URL's query string for logging: Discord's attachment
// URLs carry signatures there.
func withoutQuery(ref string) string {
	if i := strings.IndexAny(ref, "?#"); i >= 0 {
		return ref[:i]
	}
	return ref
}
