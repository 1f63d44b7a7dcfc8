package discord

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/summitbot/summitbot/bot"
	"github.com/summitbot/summitbot/bot/safetext"
	"github.com/summitbot/summitbot/retrieval"
)

// notAdminMessage is what a user who may not manage sources is told.
const notAdminMessage = "Only server admins can manage summitbot's sources."

func (b *Bot) onSources(ctx context.Context, s restAPI, in *discordgo.Interaction, data discordgo.ApplicationCommandInteractionData) {
	user := interactionUser(in)
	acc, ok := b.access(in)
	if !ok {
		b.log.Warn("refused /sources to a non-admin", "user_id", user, "guild_id", in.GuildID)
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
		b.onSourcesAdd(ctx, s, in, acc, data, sub, user)
	case subList:
		b.onSourcesList(ctx, s, in, acc)
	case subRemove:
		b.onSourcesRemove(ctx, s, in, acc, sub, user)
	default:
		b.respondOrLog(ctx, s, in, "Use /sources add, /sources list or /sources remove.", true)
	}
}

func (b *Bot) onSourcesAdd(ctx context.Context, s restAPI, in *discordgo.Interaction, acc sourcesAccess,
	data discordgo.ApplicationCommandInteractionData, sub *discordgo.ApplicationCommandInteractionDataOption, user string) {
	ref := strings.TrimSpace(optString(sub.Options, optURL))
	var upload *bot.Upload
	if id := optString(sub.Options, optFile); id != "" {
		if ref != "" {
			b.respondOrLog(ctx, s, in, "Give either a url or a file, not both.", true)
			return
		}
		att := (*discordgo.MessageAttachment)(nil)
		if data.Resolved != nil {
			att = data.Resolved.Attachments[id]
		}
		if att == nil || att.URL == "" {
			b.respondOrLog(ctx, s, in, "I couldn't find that file — please upload it again.", true)
			return
		}
		upload = &bot.Upload{Name: att.Filename, URL: att.URL, Size: int64(att.Size), ContentType: att.ContentType}
		ref = att.URL
	}
	if ref == "" {
		b.respondOrLog(ctx, s, in, "Give me a url or a file to load, e.g. /sources add url: https://…", true)
		return
	}
	if b.draining.Load() {
		b.respondOrLog(ctx, s, in, restartingMessage, true)
		return
	}
	if wait, ok := b.addLimiter.allow(user, time.Now()); !ok {
		b.log.Info("source adds rate limited", "user_id", user, "wait", wait.Round(time.Second))
		b.respondOrLog(ctx, s, in, addRateMessage(wait), true)
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
		if upload != nil {
			return b.lib.AddUpload(actx, acc.addScope(), *upload, st.push)
		}
		return b.lib.Add(actx, acc.addScope(), ref, st.push)
	}()
	var msg string
	if err != nil {
		b.log.Error("adding a source failed", "user_id", user, "ref", withoutQuery(ref), "err", err)
		msg = b.friendly(err)
	} else {
		b.log.Info("source added", "user_id", user, "guild_id", in.GuildID, "scope", scopeName(src.Guild),
			"ref", withoutQuery(ref), "source_id", src.ID, "title", src.Title, "chunks", src.Chunks)
		msg = fmt.Sprintf("Loaded **%s** (%d chunks) as `%s`, %s.", escapeMarkdown(titleOf(src)), src.Chunks, src.ID, scopeSentence(src))
	}
	if err := out.show(ctx, firstPart(msg)); err != nil {
		b.log.Error("reporting /sources add failed", "err", err)
	}
}

func (b *Bot) onSourcesList(ctx context.Context, s restAPI, in *discordgo.Interaction, acc sourcesAccess) {
	srcs := b.lib.List(acc.guild)
	if len(srcs) == 0 {
		b.respondOrLog(ctx, s, in, "No sources are loaded. Add one with /sources add.", true)
		return
	}
	var shared, own []string
	for _, src := range srcs {
		if src.Guild == "" {
			shared = append(shared, "• "+sourceLine(src))
		} else {
			own = append(own, "• "+sourceLine(src))
		}
	}
	lines := make([]string, 0, len(srcs)+2)
	if len(shared) > 0 {
		lines = append(lines, fmt.Sprintf("**Shared sources (%d)**, answering in every server", len(shared)))
		lines = append(lines, shared...)
	}
	if len(own) > 0 {
		lines = append(lines, fmt.Sprintf("**This server's sources (%d)**", len(own)))
		lines = append(lines, own...)
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

func (b *Bot) onSourcesRemove(ctx context.Context, s restAPI, in *discordgo.Interaction, acc sourcesAccess,
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
	src, err := b.lib.Remove(actx, acc.removeScope(b.lib.List(acc.guild), id), id)
	cancel()
	var msg string
	if err != nil {
		b.log.Error("removing a source failed", "user_id", user, "source_id", id, "err", err)
		msg = b.friendly(err)
	} else {
		b.log.Info("source removed", "user_id", user, "guild_id", in.GuildID, "scope", scopeName(src.Guild), "source_id", src.ID)
		msg = fmt.Sprintf("Removed **%s** (`%s`).", escapeMarkdown(titleOf(src)), src.ID)
	}
	if err := (interactionReplier{s: s, in: in}).show(ctx, firstPart(msg)); err != nil {
		b.log.Error("reporting /sources remove failed", "err", err)
	}
}

// onAutocomplete answers what a member types in an option with
// autocomplete: the topics of /summary (topics.go), or the sources the
// member may remove with /sources remove (an operator: the shared ones and
// this server's; another admin: this server's), matching the typed text
// against IDs and titles; members who may not use /sources get no
// suggestions.
func (b *Bot) onAutocomplete(ctx context.Context, s restAPI, in *discordgo.Interaction) {
	data := in.ApplicationCommandData()
	var choices []*discordgo.ApplicationCommandOptionChoice
	switch typed, focused := focusedValue(data.Options); {
	case !focused:
	case data.Name == cmdSummary:
		choices = b.topicChoices(ctx, in.GuildID, typed)
	case data.Name == cmdSources:
		if acc, ok := b.access(in); ok {
			choices = sourceChoices(acc.removable(b.lib.List(acc.guild)), typed)
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
