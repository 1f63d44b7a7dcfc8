package discord

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/summitbot/summitbot/retrieval"
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

// choices decodes the choices of an autocomplete result as Discord gets them.
func choices(t *testing.T, c restCall) []*discordgo.ApplicationCommandOptionChoice {
	t.Helper()
	var body struct {
		Type discordgo.InteractionResponseType `json:"type"`
		Data struct {
			Choices []*discordgo.ApplicationCommandOptionChoice `json:"choices"`
		} `json:"data"`
	}
	if err := json.Unmarshal([]byte(c.wire()), &body); err != nil {
		t.Fatalf("decode %s: %v", c, err)
	}
	if c.Method != mRequest || body.Type != discordgo.InteractionApplicationCommandAutocompleteResult {
		t.Fatalf("%s is not an autocomplete result", c)
	}
	if !strings.Contains(c.wire(), `"choices":[`) {
		t.Errorf("autocomplete result %s has no choices list: Discord needs [] to show \"no results\"", c.wire())
	}
	return body.Data.Choices
}

func TestSourcesRefusedToNonAdmins(t *testing.T) {
	dm := func(in *discordgo.Interaction) *discordgo.Interaction {
		in.GuildID, in.User, in.Member = "", in.Member.User, nil
		return in
	}
	tests := []struct {
		name   string
		by     *discordgo.Member
		roles  []string
		inDM   bool
		sub    *discordgo.ApplicationCommandInteractionDataOption
		wantOK bool
	}{
		{name: "no Manage Server", by: regular("u1"), sub: subCmd("add", strOpt("url", "https://example.org/a"))},
		{name: "Manage Server but not an admin role", by: admin("u1", "r-mod"), roles: []string{"r-admin"}, sub: subCmd("add", strOpt("url", "https://example.org/a"))},
		{name: "in a direct message", by: admin("u1"), inDM: true, sub: subCmd("list")},
		{name: "remove", by: regular("u1"), sub: subCmd("remove", strOpt("source", "s1"))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lib := newFakeLibrary(retrieval.Source{ID: "s1", Title: "One"})
			tb := newTestBot(t, &fakeAnswerer{}, lib, func(c *Config) { c.AdminRoleIDs = tt.roles })
			// Discord delivered it anyway (e.g. the server changed the command's permissions).
			in := slash(tt.by, "sources", tt.sub)
			ac := autocomplete(tt.by, "sources", subCmd("remove", focusedOpt("source", "")))
			if tt.inDM {
				in, ac = dm(in), dm(ac)
			}
			tb.interact(t, in)
			tb.interact(t, ac)
			if calls := tb.rest.matching(onInteraction(in)); len(calls) != 1 || !calls[0].isReply(notAdminMessage, true) {
				t.Errorf("response =\n%s\nwant one ephemeral refusal", tb.rest.dump())
			}
			calls := tb.rest.matching(onInteraction(ac))
			if len(calls) != 1 || len(choices(t, calls[0])) != 0 {
				t.Errorf("non-admin autocomplete =\n%s\nwant no choices", tb.rest.dump())
			}
			if len(lib.adds()) != 0 || len(lib.List()) != 1 {
				t.Errorf("library changed: added %v, %d sources left", lib.adds(), len(lib.List()))
			}
			if !strings.Contains(tb.logs.String(), "refused /sources to a non-admin") {
				t.Errorf("the refusal was not logged")
			}
		})
	}
}

func TestSourcesAdd(t *testing.T) {
	loaded := "Loaded **Allies sign Paris declaration** (12 chunks) as `reuters-paris`"
	tests := []struct {
		name      string
		build     func() (*discordgo.Interaction, string) // and the ref Add should get ("": not called)
		addErr    error
		draining  bool
		wantReply string // an immediate ephemeral reply instead of a deferral
		wantEnd   string // the final edit
	}{
		{
			name: "url",
			build: func() (*discordgo.Interaction, string) {
				u := "https://www.reuters.com/world/paris"
				return slash(admin("a1"), "sources", subCmd("add", strOpt("url", "  "+u+" "))), u
			},
			wantEnd: loaded,
		},
		{
			name: "file",
			build: func() (*discordgo.Interaction, string) {
				in := slash(admin("a1"), "sources", subCmd("add", fileOpt("file", "att-1")))
				return in, withAttachment(in, "att-1", "paris.pdf")
			},
			wantEnd: loaded,
		},
		{
			name: "refused by the library",
			build: func() (*discordgo.Interaction, string) {
				u := "https://example.org/recipes"
				return slash(admin("a1"), "sources", subCmd("add", strOpt("url", u))), u
			},
			addErr:  userError("That page doesn't look like a news article."),
			wantEnd: "That page doesn't look like a news article.",
		},
		{
			name: "refused, quoting a hostile file name",
			build: func() (*discordgo.Interaction, string) {
				u := "https://example.org/recipes"
				return slash(admin("a1"), "sources", subCmd("add", strOpt("url", u))), u
			},
			addErr:  userError("Cannot read the file ||a||[x](https://evil.example)\u202Efdp.pdf."),
			wantEnd: `Cannot read the file \|\|a\|\|x <https://evil.example>fdp.pdf.`,
		},
		{
			name: "url and file",
			build: func() (*discordgo.Interaction, string) {
				in := slash(admin("a1"), "sources", subCmd("add", strOpt("url", "https://example.org/a"), fileOpt("file", "att-2")))
				withAttachment(in, "att-2", "a.pdf")
				return in, ""
			},
			wantReply: "Give either a url or a file, not both.",
		},
		{
			name: "neither",
			build: func() (*discordgo.Interaction, string) {
				return slash(admin("a1"), "sources", subCmd("add")), ""
			},
			wantReply: "Give me a url or a file to load, e.g. /sources add url: https://…",
		},
		{
			name: "a file Discord did not resolve",
			build: func() (*discordgo.Interaction, string) {
				return slash(admin("a1"), "sources", subCmd("add", fileOpt("file", "att-3"))), ""
			},
			wantReply: "I couldn't find that file — please upload it again.",
		},
		{
			name: "while shutting down",
			build: func() (*discordgo.Interaction, string) {
				return slash(admin("a1"), "sources", subCmd("add", strOpt("url", "https://example.org/a"))), ""
			},
			draining:  true,
			wantReply: restartingMessage,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lib := newFakeLibrary()
			tb := newTestBot(t, &fakeAnswerer{}, lib, nil)
			tb.draining.Store(tt.draining)
			in, wantRef := tt.build()
			lib.addFn = func(ctx context.Context, ref string, progress func(string)) (retrieval.Source, error) {
				progress("Fetching the article…")
				// The progress is shown while the source loads.
				tb.rest.waitFor(func(c restCall) bool {
					return onInteraction(in)(c) && c.Method == mEditOriginal && c.content() == "⏳ Fetching the article…"
				})
				if tt.addErr != nil {
					return retrieval.Source{}, tt.addErr
				}
				progress("Embedding 12 chunks…")
				return retrieval.Source{ID: "reuters-paris", Title: "Allies sign Paris declaration", Chunks: 12}, nil
			}
			tb.interact(t, in)

			calls := tb.rest.Calls()
			if tt.wantReply != "" {
				if len(calls) != 1 || !calls[0].isReply(tt.wantReply, true) {
					t.Errorf("calls =\n%s\nwant one ephemeral reply %q", tb.rest.dump(), tt.wantReply)
				}
			} else {
				if !calls[0].isDeferral() {
					t.Errorf("first response = %s, want a public deferral", calls[0])
				}
				if got := finalEdit(t, tb.rest, in).content(); got != tt.wantEnd {
					t.Errorf("final edit = %q, want %q", got, tt.wantEnd)
				}
			}
			var wantAdds []string
			if wantRef != "" {
				wantAdds = []string{wantRef}
			}
			if got := lib.adds(); !reflect.DeepEqual(got, wantAdds) {
				t.Errorf("Add refs = %v, want %v", got, wantAdds)
			}
			if strings.Contains(tb.logs.String(), "?ex=") {
				t.Errorf("an attachment URL's signature was logged")
			}
		})
	}
}

func TestSourcesAutocomplete(t *testing.T) {
	var srcs []retrieval.Source
	for i := 1; i <= 30; i++ {
		srcs = append(srcs, retrieval.Source{ID: fmt.Sprintf("src-%02d", i), Title: fmt.Sprintf("Paris summit report %d", i), Outlet: "Le Monde", Chunks: i})
	}
	srcs = append(srcs, retrieval.Source{ID: "kyiv-independent-1", Title: "Guarantees: what Kyiv got", Outlet: "Kyiv Independent", Published: "2026-01-07", Chunks: 9})
	tb := newTestBot(t, &fakeAnswerer{}, newFakeLibrary(srcs...), nil)
	tests := []struct {
		typed     string
		wantCount int
		wantFirst string
	}{
		{"kyiv", 1, "kyiv-independent-1"},
		{"GUARANTEES", 1, "kyiv-independent-1"},
		{"", 25, "src-01"},
		{"report 1", 11, "src-01"}, // 1, 10..19
		{"src-3", 1, "src-30"},
		{"nothing like this", 0, ""},
	}
	for _, tt := range tests {
		ac := autocomplete(admin("a1"), "sources", subCmd("remove", focusedOpt("source", tt.typed)))
		tb.interact(t, ac)
		calls := tb.rest.matching(onInteraction(ac))
		if len(calls) != 1 {
			t.Fatalf("autocomplete %q: %d calls, want 1", tt.typed, len(calls))
		}
		got := choices(t, calls[0])
		if len(got) != tt.wantCount {
			t.Errorf("autocomplete %q: %d choices, want %d", tt.typed, len(got), tt.wantCount)
			continue
		}
		if tt.wantCount > 0 && got[0].Value != tt.wantFirst {
			t.Errorf("autocomplete %q: first choice %v, want %q", tt.typed, got[0].Value, tt.wantFirst)
		}
	}
}

func TestSourcesList(t *testing.T) {
	short := []retrieval.Source{
		{ID: "src-01", Title: "Paris summit report 1", Outlet: "Le Monde", Chunks: 1},
		{ID: "kyiv-independent-1", Title: "Guarantees: what Kyiv got", Outlet: "Kyiv Independent", Published: "2026-01-07", Chunks: 9},
	}
	var long []retrieval.Source
	for i := 1; i <= 60; i++ {
		long = append(long, retrieval.Source{
			ID: fmt.Sprintf("source-%02d", i), Outlet: "The Guardian", Published: "2026-01-06", Chunks: 10,
			Title: fmt.Sprintf("Coalition of the willing meets in Paris to agree security guarantees, part %d", i),
		})
	}
	tests := []struct {
		name          string
		srcs          []retrieval.Source
		wantStart     string
		wantContains  string
		wantFollowups bool
	}{
		{name: "none", wantStart: "No sources are loaded. Add one with /sources add."},
		{
			name: "short", srcs: short,
			wantStart:    "**Loaded sources (2)**\n• `src-01` — **Paris summit report 1** — Le Monde (1 chunks)",
			wantContains: "• `kyiv-independent-1` — **Guarantees: what Kyiv got** — Kyiv Independent, 7 Jan 2026 (9 chunks)",
		},
		{name: "split when long", srcs: long, wantStart: "**Loaded sources (60)**\n", wantFollowups: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tb := newTestBot(t, &fakeAnswerer{}, newFakeLibrary(tt.srcs...), nil)
			in := slash(admin("a1"), "sources", subCmd("list"))
			tb.interact(t, in)
			calls := tb.rest.Calls()
			first := calls[0]
			if !first.isReply(first.content(), true) || !strings.HasPrefix(first.content(), tt.wantStart) || !strings.Contains(first.content(), tt.wantContains) {
				t.Errorf("first response = %s, want an ephemeral list starting %q", first, tt.wantStart)
			}
			followups := calls[1:]
			if tt.wantFollowups != (len(followups) > 0) {
				t.Errorf("%d followups, want some: %v", len(followups), tt.wantFollowups)
			}
			all := first.content()
			for _, f := range followups {
				if f.Method != mFollowup || !f.ephemeral() {
					t.Errorf("followup %s is not an ephemeral followup", f)
				}
				all += "\n" + f.content()
			}
			for _, src := range tt.srcs {
				if n := strings.Count(all, "`"+src.ID+"`"); n != 1 {
					t.Errorf("%s listed %d times", src.ID, n)
				}
			}
		})
	}
}

func TestSourcesRemove(t *testing.T) {
	kyiv := retrieval.Source{ID: "kyiv-independent-1", Title: "Guarantees: what Kyiv got", Outlet: "Kyiv Independent", Chunks: 9}
	tests := []struct {
		name      string
		sub       *discordgo.ApplicationCommandInteractionDataOption
		draining  bool
		wantReply string // an immediate ephemeral reply instead of a deferral
		wantEnd   string
		wantLeft  int
	}{
		{name: "loaded", sub: subCmd("remove", strOpt("source", "kyiv-independent-1")), wantEnd: "Removed **Guarantees: what Kyiv got** (`kyiv-independent-1`).", wantLeft: 0},
		{name: "unknown", sub: subCmd("remove", strOpt("source", "nope")), wantEnd: "There is no source called nope.", wantLeft: 1},
		{name: "blank", sub: subCmd("remove", strOpt("source", " ")), wantReply: "Say which source to remove — start typing its title.", wantLeft: 1},
		{name: "while shutting down", sub: subCmd("remove", strOpt("source", "kyiv-independent-1")), draining: true, wantReply: restartingMessage, wantLeft: 1},
		{name: "no sub-command", sub: nil, wantReply: "Use /sources add, /sources list or /sources remove.", wantLeft: 1},
		{name: "unknown sub-command", sub: subCmd("purge"), wantReply: "Use /sources add, /sources list or /sources remove.", wantLeft: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lib := newFakeLibrary(kyiv)
			tb := newTestBot(t, &fakeAnswerer{}, lib, nil)
			tb.draining.Store(tt.draining)
			in := slash(admin("a1"), "sources")
			if tt.sub != nil {
				in = slash(admin("a1"), "sources", tt.sub)
			}
			tb.interact(t, in)
			calls := tb.rest.Calls()
			if tt.wantReply != "" {
				if len(calls) != 1 || !calls[0].isReply(tt.wantReply, true) {
					t.Errorf("calls =\n%s\nwant one ephemeral reply %q", tb.rest.dump(), tt.wantReply)
				}
			} else {
				if !calls[0].isDeferral() {
					t.Errorf("first response = %s, want a public deferral", calls[0])
				}
				if got := finalEdit(t, tb.rest, in).content(); got != tt.wantEnd {
					t.Errorf("final edit = %q, want %q", got, tt.wantEnd)
				}
			}
			if got := len(lib.List()); got != tt.wantLeft {
				t.Errorf("%d sources left, want %d", got, tt.wantLeft)
			}
		})
	}
}

// TestHostileSourceNames checks that a source's title and outlet, set by
// whoever wrote the article, are cleaned in the source list and in
// autocomplete choices.
func TestHostileSourceNames(t *testing.T) {
	src := retrieval.Source{ID: "evil-1", Title: "# [Official](https://evil.example) ||x||\u202Efdp", Outlet: "Re\u200Duters", Chunks: 2}
	tests := []struct {
		name, got, want string
	}{
		{"source list", sourceLine(src), "`evil-1` — **\\# Official <https://evil.example\\> \\|\\|x\\|\\|fdp** — Reuters (2 chunks)"},
		{"autocomplete", sourceChoices([]retrieval.Source{src}, "")[0].Name, "# Official <https://evil.example> ||x||fdp (evil-1)"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s = %q, want %q", tt.name, tt.got, tt.want)
		}
	}
}
