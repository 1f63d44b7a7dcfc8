package discord

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/summitbot/summitbot/bot"
	"github.com/summitbot/summitbot/retrieval"
)

func TestAccess(t *testing.T) {
	member := func(guild string, perms int64, user string, roles ...string) *discordgo.Interaction {
		return &discordgo.Interaction{GuildID: guild, Member: &discordgo.Member{User: &discordgo.User{ID: user}, Permissions: perms, Roles: roles}}
	}
	const manage = discordgo.PermissionManageGuild
	type want struct {
		ok       bool
		operator bool
	}
	tests := []struct {
		name  string
		home  string
		roles []string
		users []string
		in    *discordgo.Interaction
		want  want
	}{
		{"home admin, no allow-lists", "home", nil, nil, member("home", manage, "u"), want{true, true}},
		{"home administrator", "home", nil, nil, member("home", discordgo.PermissionAdministrator, "u"), want{true, true}},
		{"other server's admin", "home", nil, nil, member("b", manage, "u"), want{true, false}},
		{"no home server: every admin manages their own", "", nil, nil, member("b", manage, "u"), want{true, false}},
		{"no permission", "home", nil, nil, member("home", discordgo.PermissionSendMessages, "u"), want{}},
		{"dm", "home", nil, nil, &discordgo.Interaction{User: &discordgo.User{ID: "u"}}, want{}},
		{"home admin with the role", "home", []string{"r1"}, nil, member("home", manage, "u", "r0", "r1"), want{true, true}},
		{"home admin without the role", "home", []string{"r1"}, nil, member("home", manage, "u", "r0"), want{}},
		{"other server's admin, allow-lists set", "home", []string{"r1"}, nil, member("b", manage, "u"), want{true, false}},
		{"listed user at home", "home", []string{"r1"}, []string{"u"}, member("home", manage, "u"), want{true, true}},
		{"listed user in another server", "home", nil, []string{"u"}, member("b", manage, "u"), want{true, true}},
		{"listed user without permission", "home", nil, []string{"u"}, member("home", 0, "u"), want{}},
		{"role of the home server held elsewhere", "home", []string{"r1"}, nil, member("b", manage, "u", "r1"), want{true, false}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := &Bot{cfg: Config{GuildID: tt.home}, adminRoles: toSet(tt.roles), adminUsers: toSet(tt.users)}
			acc, ok := b.access(tt.in)
			if got := (want{ok, acc.operator}); got != tt.want {
				t.Fatalf("access = %+v, want %+v", got, tt.want)
			}
			wantScope := tt.in.GuildID
			if acc.operator {
				wantScope = ""
			}
			if ok && acc.addScope() != wantScope {
				t.Errorf("addScope = %q, want %q", acc.addScope(), wantScope)
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
			if len(lib.adds()) != 0 || len(lib.List("")) != 1 {
				t.Errorf("library changed: added %v, %d sources left", lib.adds(), len(lib.List("")))
			}
			if !strings.Contains(tb.logs.String(), "refused /sources to a non-admin") {
				t.Errorf("the refusal was not logged")
			}
		})
	}
}

func TestSourcesAdd(t *testing.T) {
	loaded := "Loaded **Allies sign Paris declaration** (12 chunks) as `reuters-paris`, shared by every server."
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
			wantStart:    "**Shared sources (2)**, answering in every server\n• `src-01` — **Paris summit report 1** — Le Monde (1 chunks)",
			wantContains: "• `kyiv-independent-1` — **Guarantees: what Kyiv got** — Kyiv Independent, 7 Jan 2026 (9 chunks)",
		},
		{name: "split when long", srcs: long, wantStart: "**Shared sources (60)**, answering in every server\n", wantFollowups: true},
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
			if got := len(lib.List("")); got != tt.wantLeft {
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

// inGuild moves an interaction to another server.
func inGuild(in *discordgo.Interaction, guild string) *discordgo.Interaction {
	in.GuildID = guild
	return in
}

func TestSourcesScopes(t *testing.T) {
	shared := retrieval.Source{ID: "shared-1", Title: "Shared article", Chunks: 3}
	ownB := retrieval.Source{ID: "b-1", Title: "Server B article", Chunks: 2, Guild: "900"}
	ownC := retrieval.Source{ID: "c-1", Title: "Server C article", Chunks: 2, Guild: "901"}
	tests := []struct {
		name       string
		in         func() *discordgo.Interaction
		wantScopes []string // the scope of each add and remove
		wantEnd    string   // the final edit of a deferred reply
		wantReply  string   // or the whole of an immediate ephemeral reply
		wantNot    string   // text no reply may contain
	}{
		{
			name: "another server's admin adds to their server",
			in: func() *discordgo.Interaction {
				return inGuild(slash(admin("a1"), "sources", subCmd("add", strOpt("url", "https://example.org/b"))), "900")
			},
			wantScopes: []string{"900"},
			wantEnd:    "Loaded **New** (1 chunks) as `new`, for this server's questions.",
		},
		{
			name: "another server's list: shared marked, own listed, no other server's",
			in:   func() *discordgo.Interaction { return inGuild(slash(admin("a1"), "sources", subCmd("list")), "900") },
			wantReply: "**Shared sources (1)**, answering in every server\n• `shared-1` — **Shared article** (3 chunks)\n" +
				"**This server's sources (1)**\n• `b-1` — **Server B article** (2 chunks)",
			wantNot: "c-1",
		},
		{
			name: "another server's admin removes their own",
			in: func() *discordgo.Interaction {
				return inGuild(slash(admin("a1"), "sources", subCmd("remove", strOpt("source", "b-1"))), "900")
			},
			wantScopes: []string{"900"},
			wantEnd:    "Removed **Server B article** (`b-1`).",
		},
		{
			name: "another server's admin cannot remove a shared source",
			in: func() *discordgo.Interaction {
				return inGuild(slash(admin("a1"), "sources", subCmd("remove", strOpt("source", "shared-1"))), "900")
			},
			wantScopes: []string{"900"},
			wantEnd:    "There is no source called shared-1.",
		},
		{
			name: "another server's admin cannot remove a third server's source",
			in: func() *discordgo.Interaction {
				return inGuild(slash(admin("a1"), "sources", subCmd("remove", strOpt("source", "c-1"))), "900")
			},
			wantScopes: []string{"900"},
			wantEnd:    "There is no source called c-1.",
		},
		{
			name: "an operator listed in ADMIN_USER_IDS adds to the shared sources from another server",
			in: func() *discordgo.Interaction {
				return inGuild(slash(admin("op"), "sources", subCmd("add", strOpt("url", "https://example.org/s"))), "900")
			},
			wantScopes: []string{""},
			wantEnd:    "Loaded **New** (1 chunks) as `new`, shared by every server.",
		},
		{
			name: "an operator removes a server's own source in its scope",
			in: func() *discordgo.Interaction {
				return inGuild(slash(admin("op"), "sources", subCmd("remove", strOpt("source", "b-1"))), "900")
			},
			wantScopes: []string{"900"},
			wantEnd:    "Removed **Server B article** (`b-1`).",
		},
		{
			name: "an operator removes a shared source",
			in: func() *discordgo.Interaction {
				return inGuild(slash(admin("op"), "sources", subCmd("remove", strOpt("source", "shared-1"))), "900")
			},
			wantScopes: []string{""},
			wantEnd:    "Removed **Shared article** (`shared-1`).",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lib := newFakeLibrary(shared, ownB, ownC)
			tb := newTestBot(t, &fakeAnswerer{}, lib, func(c *Config) { c.AdminUserIDs = []string{"op"} })
			in := tt.in()
			tb.interact(t, in)
			calls := tb.rest.Calls()
			switch {
			case tt.wantReply != "":
				if len(calls) != 1 || !calls[0].isReply(tt.wantReply, true) {
					t.Errorf("calls =\n%s\nwant one ephemeral reply %q", tb.rest.dump(), tt.wantReply)
				}
			default:
				if got := finalEdit(t, tb.rest, in).content(); got != tt.wantEnd {
					t.Errorf("final edit = %q, want %q", got, tt.wantEnd)
				}
			}
			if tt.wantNot != "" && strings.Contains(tb.rest.dump(), tt.wantNot) {
				t.Errorf("a reply mentions %q:\n%s", tt.wantNot, tb.rest.dump())
			}
			if got := lib.callScopes(); !reflect.DeepEqual(got, tt.wantScopes) {
				t.Errorf("library scopes = %q, want %q", got, tt.wantScopes)
			}
		})
	}
}

func TestSourcesAutocompleteScoped(t *testing.T) {
	lib := newFakeLibrary(
		retrieval.Source{ID: "shared-1", Title: "Shared article"},
		retrieval.Source{ID: "b-1", Title: "Server B article", Guild: "900"},
		retrieval.Source{ID: "c-1", Title: "Server C article", Guild: "901"},
	)
	tests := []struct {
		name string
		by   string
		want []string
	}{
		{"a server's admin is offered only their server's sources", "a1", []string{"b-1"}},
		{"an operator is offered the shared ones too", "op", []string{"shared-1", "b-1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tb := newTestBot(t, &fakeAnswerer{}, lib, func(c *Config) { c.AdminUserIDs = []string{"op"} })
			tb.interact(t, inGuild(autocomplete(admin(tt.by), "sources", subCmd("remove", focusedOpt("source", ""))), "900"))
			var got []string
			for _, c := range choices(t, tb.rest.Calls()[0]) {
				got = append(got, fmt.Sprint(c.Value))
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("choices = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestSourcesAddRateLimited(t *testing.T) {
	lib := newFakeLibrary()
	tb := newTestBot(t, &fakeAnswerer{}, lib, nil)
	for i := range sourceAdds + 1 {
		in := slash(admin("a1"), "sources", subCmd("add", strOpt("url", fmt.Sprintf("https://example.org/%d", i))))
		tb.interact(t, in)
	}
	if got := len(lib.adds()); got != sourceAdds {
		t.Errorf("%d adds reached the library, want %d", got, sourceAdds)
	}
	calls := tb.rest.Calls()
	if last := calls[len(calls)-1]; !last.isReply(addRateMessage(sourceAddWindow/sourceAdds), true) {
		t.Errorf("last call = %s, want the ephemeral rate-limit reply", last)
	}
	// Another admin is not limited by the first.
	tb.interact(t, slash(admin("a2"), "sources", subCmd("add", strOpt("url", "https://example.org/x"))))
	if got := len(lib.adds()); got != sourceAdds+1 {
		t.Errorf("another admin's add did not reach the library (%d adds)", got)
	}
}

func TestSourcesAddUploadDeclared(t *testing.T) {
	lib := newFakeLibrary()
	tb := newTestBot(t, &fakeAnswerer{}, lib, nil)
	in := slash(admin("a1"), "sources", subCmd("add", fileOpt("file", "att-9")))
	u := withAttachment(in, "att-9", "report.pdf")
	att := in.Data.(discordgo.ApplicationCommandInteractionData).Resolved.Attachments["att-9"]
	att.Size, att.ContentType = 123456, "application/pdf"
	tb.interact(t, in)
	want := []bot.Upload{{Name: "report.pdf", URL: u, Size: 123456, ContentType: "application/pdf"}}
	if !reflect.DeepEqual(lib.uploads, want) {
		t.Errorf("uploads = %+v, want %+v", lib.uploads, want)
	}
}
