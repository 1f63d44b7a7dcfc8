package discord

import (
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/summitbot/summitbot/retrieval"
)

// sourcesAccess is what a member may do with /sources, decided by access.
type sourcesAccess struct {
	// operator members manage the shared sources: what they add is shared by
	// every server, and they may remove shared sources.
	operator bool
	// guild is the server the command was used in; a member who is not an
	// operator manages that server's own sources only.
	guild string
}

// addScope is the scope a source added with this access goes to.
func (a sourcesAccess) addScope() string {
	if a.operator {
		return ""
	}
	return a.guild
}

// access decides whether the interaction's member may use /sources, and in
// which scope. Everyone needs Manage Server (or Administrator) in the server
// where they use it. Operators are the users in AdminUserIDs, from any server,
// and in the home server (Config.GuildID) its admins, narrowed to
// AdminRoleIDs and AdminUserIDs when either is set. Admins of any other
// server manage that server's own sources; in the home server, whose
// sources are the shared ones, an admin who is not an operator is refused.
// Discord hides /sources from members without Manage Server, but that can
// be changed by server owners, so it is checked here again.
func (b *Bot) access(in *discordgo.Interaction) (sourcesAccess, bool) {
	if in.Member == nil || in.Member.User == nil || in.GuildID == "" {
		return sourcesAccess{}, false
	}
	if in.Member.Permissions&(discordgo.PermissionManageGuild|discordgo.PermissionAdministrator) == 0 {
		return sourcesAccess{}, false
	}
	acc := sourcesAccess{guild: in.GuildID}
	listed := b.adminUsers[in.Member.User.ID] ||
		slices.ContainsFunc(in.Member.Roles, func(r string) bool { return b.adminRoles[r] })
	home := b.cfg.GuildID != "" && in.GuildID == b.cfg.GuildID
	switch {
	case b.adminUsers[in.Member.User.ID]:
		acc.operator = true
	case home && (listed || len(b.adminRoles) == 0 && len(b.adminUsers) == 0):
		acc.operator = true
	case home:
		return sourcesAccess{}, false
	}
	return acc, true
}

// removable returns the sources of srcs (those visible in the server) that
// a member with this access may remove: an operator any of them, another
// admin the server's own.
func (a sourcesAccess) removable(srcs []retrieval.Source) []retrieval.Source {
	if a.operator {
		return srcs
	}
	return slices.DeleteFunc(slices.Clone(srcs), func(s retrieval.Source) bool { return s.Guild != a.guild })
}

// removeScope is the scope in which to remove the source id: an operator
// removes a visible source from its own scope (shared or this server's);
// anyone else acts in this server's scope, where the library refuses shared
// sources with a sentence saying why.
func (a sourcesAccess) removeScope(visible []retrieval.Source, id string) string {
	if a.operator {
		if i := slices.IndexFunc(visible, func(s retrieval.Source) bool { return s.ID == id }); i >= 0 {
			return visible[i].Guild
		}
	}
	return a.guild
}

// scopeName names a scope in logs.
func scopeName(guild string) string {
	if guild == "" {
		return "shared"
	}
	return guild
}

// scopeSentence says where an added source answers questions.
func scopeSentence(src retrieval.Source) string {
	if src.Guild == "" {
		return "shared by every server"
	}
	return "for this server's questions"
}

// addRateMessage tells an admin who adds sources too quickly when to retry.
func addRateMessage(wait time.Duration) string {
	mins := int(math.Ceil(wait.Minutes()))
	if mins <= 1 {
		return "You're adding sources quickly — try again in a minute."
	}
	return fmt.Sprintf("You're adding sources quickly — try again in %d min.", mins)
}

// How many sources one admin may add in a burst, refilled over
// sourceAddWindow: loading a source fetches a page and embeds it, which
// costs far more than a question.
const (
	sourceAdds      = 5
	sourceAddWindow = 10 * time.Minute
)
