package discord

import (
	"testing"

	"github.com/bwmarrin/discordgo"
)

func TestIsAdmin(t *testing.T) {
	member := func(perms int64, user string, roles ...string) *discordgo.Interaction {
		return &discordgo.Interaction{GuildID: "g", Member: &discordgo.Member{User: &discordgo.User{ID: user}, Permissions: perms, Roles: roles}}
	}
	tests := []struct {
		name  string
		roles []string
		users []string
		in    *discordgo.Interaction
		want  bool
	}{
		{"manage server", nil, nil, member(discordgo.PermissionManageGuild, "u"), true},
		{"administrator", nil, nil, member(discordgo.PermissionAdministrator, "u"), true},
		{"no permission", nil, nil, member(discordgo.PermissionSendMessages, "u"), false},
		{"dm", nil, nil, &discordgo.Interaction{User: &discordgo.User{ID: "u"}}, false},
		{"needs role, has it", []string{"r1"}, nil, member(discordgo.PermissionManageGuild, "u", "r0", "r1"), true},
		{"needs role, lacks it", []string{"r1"}, nil, member(discordgo.PermissionManageGuild, "u", "r0"), false},
		{"listed user", []string{"r1"}, []string{"u"}, member(discordgo.PermissionManageGuild, "u"), true},
		{"listed user without permission", nil, []string{"u"}, member(0, "u"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := &Bot{adminRoles: toSet(tt.roles), adminUsers: toSet(tt.users)}
			if got := b.isAdmin(tt.in); got != tt.want {
				t.Errorf("isAdmin = %v, want %v", got, tt.want)
			}
		})
	}
}
