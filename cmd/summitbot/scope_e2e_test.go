package main

import (
	"strings"
	"testing"

	"github.com/summitbot/summitbot/bot/discordtest"
)

// inServer moves a fake interaction to another server and channel.
func inServer(in *discordtest.Interaction, guild, channel string) *discordtest.Interaction {
	in.GuildID, in.ChannelID = guild, channel
	return in
}

// TestServeTwoServers runs serve against the fake Discord with a source
// loaded for server A only, and checks from server B that A's source is
// neither listed, offered, removable nor cited, and that B's admin cannot
// remove a shared source; in A the source answers.
func TestServeTwoServers(t *testing.T) {
	const (
		serverA, channelA = "1001", "2001"
		serverB, channelB = "1002", "2002"
		ownA              = "extra-kyiv-briefing"
		titleA            = "Kyiv briefing on the coordination centre"
		shared            = "paris-declaration-multinational-force-ukraine"
		question          = "When would the coordination centre in Kyiv open, and what would it publish each week?"
	)
	fake := discordtest.New(t)
	dir := t.TempDir()
	getenv := env(t,
		"INDEX_DIR", dir,
		"DISCORD_TOKEN", fake.Token,
		"DISCORD_GUILD_ID", fake.GuildID,
		"DISCORD_API_BASE_URL", fake.URL,
	)
	if out, _, err := runCLI(t, getenv, "sources", "add", "--guild", serverA, "testdata/extra-article.md"); err != nil {
		t.Fatalf("loading server A's source: %v\n%s", err, out)
	}
	logs, stop := serveInBackground(t, getenv)
	fake.WaitReady(t, wait)
	adminB := discordtest.AdminMember("b-admin")

	// B's list: the shared sources, marked as such, and nothing of A's.
	list := inServer(fake.Slash(adminB, "sources", discordtest.SubCommand("list")), serverB, channelB)
	fake.DispatchInteraction(t, list)
	got := fake.WaitFor(t, discordtest.IsCallback(list), wait).Content()
	if !strings.Contains(got, "Shared sources (5)") || strings.Contains(got, ownA) || strings.Contains(got, "This server's") {
		t.Errorf("server B's /sources list =\n%s\nwant the 5 shared sources only", got)
	}

	// B's autocomplete offers nothing: B has no sources of its own.
	ac := inServer(fake.Autocomplete(adminB, "sources", discordtest.SubCommand("remove", discordtest.FocusedOption("source", ""))), serverB, channelB)
	fake.DispatchInteraction(t, ac)
	if c := fake.WaitFor(t, discordtest.IsCallback(ac), wait); len(c.Field("data.choices").([]any)) != 0 {
		t.Errorf("server B's autocomplete offers %v", c.Field("data.choices"))
	}

	// B's admin can remove neither A's source nor a shared one.
	removals := []struct{ id, want string }{
		{ownA, `There is no source with id "` + ownA + `"`},
		{shared, "shared by every server; only the bot's operators can remove it"},
	}
	for _, r := range removals {
		rm := inServer(fake.Slash(adminB, "sources", discordtest.SubCommand("remove", discordtest.StringOption("source", r.id))), serverB, channelB)
		fake.DispatchInteraction(t, rm)
		if got := fake.WaitFor(t, discordtest.All(discordtest.IsOriginalEdit(rm), discordtest.Contains(r.want)), wait).Content(); strings.Contains(got, "Removed") {
			t.Errorf("server B removed %s: %q", r.id, got)
		}
	}

	// A question in B is answered without A's source; in A, with it.
	asks := []struct {
		guild, channel string
		wantA          bool
	}{
		{serverB, channelB, false},
		{serverA, channelA, true},
	}
	for _, a := range asks {
		in := inServer(fake.Slash(discordtest.RegularMember("asker"), "ask", discordtest.StringOption("question", question)), a.guild, a.channel)
		fake.DispatchInteraction(t, in)
		final := fake.WaitFor(t, discordtest.All(discordtest.IsOriginalEdit(in), func(c discordtest.Call) bool {
			return !strings.Contains(c.Content(), "Looking through")
		}), wait).Content()
		if strings.Contains(final, titleA) != a.wantA {
			t.Errorf("answer in server %s cites %q: %v, want %v:\n%s", a.guild, titleA, !a.wantA, a.wantA, final)
		}
	}

	if err := stop(); err != nil {
		t.Fatalf("serve: %v\n%s", err, logs.String())
	}
	// Nothing was removed.
	if n := len(listJSON(t, getenv, "--guild", serverA)); n != 6 {
		t.Errorf("server A sees %d sources after the test, want 6", n)
	}
}
