package discord

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/summitbot/summitbot/bot"
	"github.com/summitbot/summitbot/bot/discordtest"
)

func TestRegistersCommands(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		global   bool
		wantPath func(fake *discordtest.Server) string
	}{
		{"in the guild", false, func(f *discordtest.Server) string {
			return "/applications/" + f.AppID + "/guilds/" + f.GuildID + "/commands"
		}},
		{"globally", true, func(f *discordtest.Server) string { return "/applications/" + f.AppID + "/commands" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := startBot(t, &fakeAnswerer{}, newFakeLibrary(), func(c *Config) {
				if tt.global {
					c.GuildID = ""
				}
			})
			puts := h.fake.CallsMatching(func(c discordtest.Call) bool { return c.Method == "PUT" })
			if len(puts) != 1 || puts[0].Path != tt.wantPath(h.fake) {
				t.Fatalf("command registrations = %v, want one PUT %s", puts, tt.wantPath(h.fake))
			}
			var cmds []*discordgo.ApplicationCommand
			if err := puts[0].Decode(&cmds); err != nil {
				t.Fatal(err)
			}
			byName := map[string]*discordgo.ApplicationCommand{}
			var names []string
			for _, c := range cmds {
				byName[c.Name] = c
				names = append(names, c.Name)
			}
			if want := []string{"ask", "summary", "sources"}; !reflect.DeepEqual(names, want) {
				t.Fatalf("commands = %v, want %v", names, want)
			}
			ask := byName["ask"].Options[0]
			if ask.Name != "question" || !ask.Required || ask.MaxLength != 2000 || ask.Type != discordgo.ApplicationCommandOptionString {
				t.Errorf("/ask option = %s", describe(ask))
			}
			if opt := byName["summary"].Options[0]; opt.Name != "topic" || opt.Required || !opt.Autocomplete || opt.MaxLength != 200 {
				t.Errorf("/summary option = %s", describe(opt))
			}
			src := byName["sources"]
			if src.DefaultMemberPermissions == nil || *src.DefaultMemberPermissions != discordgo.PermissionManageGuild {
				t.Errorf("/sources default_member_permissions = %v, want Manage Server", src.DefaultMemberPermissions)
			}
			if byName["ask"].DefaultMemberPermissions != nil {
				t.Errorf("/ask is restricted")
			}
			var subs []string
			for _, o := range src.Options {
				subs = append(subs, o.Name)
			}
			if want := []string{"add", "list", "remove"}; !reflect.DeepEqual(subs, want) {
				t.Errorf("/sources subcommands = %v, want %v", subs, want)
			}
			if add := src.Options[0].Options; len(add) != 2 || add[0].Name != "url" || add[1].Type != discordgo.ApplicationCommandOptionAttachment {
				t.Errorf("/sources add options = %s", describe(add))
			}
			if rm := src.Options[2].Options[0]; rm.Name != "source" || !rm.Autocomplete || !rm.Required {
				t.Errorf("/sources remove option = %s", describe(rm))
			}

			// Server install only: no user-install commands; /sources in the
			// server only, /ask and /summary there and in DMs with the bot.
			var raw []struct {
				Name             string `json:"name"`
				IntegrationTypes []int  `json:"integration_types"`
				Contexts         []int  `json:"contexts"`
			}
			if err := puts[0].Decode(&raw); err != nil {
				t.Fatal(err)
			}
			wantContexts := map[string][]int{"ask": {0, 1}, "summary": {0, 1}, "sources": {0}}
			for _, c := range raw {
				if !reflect.DeepEqual(c.IntegrationTypes, []int{0}) {
					t.Errorf("/%s integration_types = %v, want [0] (server install)", c.Name, c.IntegrationTypes)
				}
				if !reflect.DeepEqual(c.Contexts, wantContexts[c.Name]) {
					t.Errorf("/%s contexts = %v, want %v", c.Name, c.Contexts, wantContexts[c.Name])
				}
			}

			// Gateway intents: guild and direct messages, not the privileged message content.
			ids := h.fake.Identifies()
			if len(ids) != 1 {
				t.Fatalf("%d IDENTIFYs, want 1", len(ids))
			}
			var id struct{ Intents int64 }
			_ = json.Unmarshal(ids[0], &id)
			if want := int64(discordgo.IntentsGuildMessages | discordgo.IntentsDirectMessages); id.Intents != want {
				t.Errorf("intents = %b, want %b", id.Intents, want)
			}
		})
	}
}

func TestAskDefersThenStreamsThenCites(t *testing.T) {
	t.Parallel()
	deferralSeen, partialSeen := make(chan struct{}), make(chan struct{})
	var started atomic.Bool
	answer := bot.Answer{
		ID: "ans-42", Mode: bot.ModeLLM, Found: true,
		Text: "France and the UK would lead the force [1], with US-led monitoring [2]. Ping test: @everyone <@123> <@&456>.",
		Citations: []bot.Citation{
			{N: 1, Title: "Allies sign Paris declaration", Outlet: "Reuters", URL: "https://www.reuters.com/world/paris", Published: "2026-01-06"},
			{N: 2, Title: "US to lead ceasefire monitoring", Outlet: "AP", Published: "2026-01-07"},
		},
	}
	a := &fakeAnswerer{askFn: func(ctx context.Context, q bot.Question, onPartial func(string)) (bot.Answer, error) {
		started.Store(true)
		<-deferralSeen // the slow work cannot start before the deferral
		onPartial("France and the UK would lead the force [1]")
		<-partialSeen
		return answer, nil
	}}
	h := startBot(t, a, newFakeLibrary(), nil)
	in := h.fake.Slash(discordtest.RegularMember("u1"), "ask", discordtest.StringOption("question", "Who would lead the force?"))
	h.fake.DispatchInteraction(t, in)

	cb := h.fake.WaitFor(t, discordtest.IsCallback(in), wait)
	if callbackType(cb) != discordtest.CallbackDeferredMessage || isEphemeral(cb) {
		t.Fatalf("first response = %s, want a public deferral", cb)
	}
	close(deferralSeen)
	h.fake.WaitFor(t, discordtest.All(discordtest.IsOriginalEdit(in), discordtest.Contains("France and the UK would lead the force [1] …")), wait)
	close(partialSeen)
	final := h.fake.WaitFor(t, discordtest.All(discordtest.IsOriginalEdit(in), isFinal), wait)

	if !started.Load() {
		t.Error("answerer never ran")
	}
	want := answer.Text + "\n\n**Sources**\n" +
		"[1] [Allies sign Paris declaration](<https://www.reuters.com/world/paris>) — Reuters, 6 Jan 2026\n" +
		"[2] US to lead ceasefire monitoring — AP, 7 Jan 2026"
	if got := final.Content(); got != want {
		t.Errorf("final answer =\n%s\nwant\n%s", got, want)
	}
	if got, want := customIDs(t, final), []string{"fb:up:ans-42", "fb:down:ans-42"}; !reflect.DeepEqual(got, want) {
		t.Errorf("buttons = %v, want %v", got, want)
	}
	if q := a.questions(); len(q) != 1 || q[0].Text != "Who would lead the force?" || len(q[0].History) != 0 {
		t.Errorf("answerer got %s", describe(q))
	}
	if n := len(h.fake.CallsMatching(discordtest.IsFollowup(in))); n != 0 {
		t.Errorf("%d followups for a short answer", n)
	}
}

func TestMentionGetsAReply(t *testing.T) {
	t.Parallel()
	a := &fakeAnswerer{}
	h := startBot(t, a, newFakeLibrary(), nil)
	f := h.fake

	// Ignored: another bot mentioning us, and a human not mentioning us.
	botMsg := f.Mention(discordtest.User{ID: "555", Username: "otherbot", Bot: true}, "", "who leads?")
	f.DispatchMessage(t, botMsg)
	f.DispatchMessage(t, f.UserMessage(discordtest.NewUser("u1"), "", "chatting about the summit"))

	m := f.Mention(discordtest.NewUser("u1"), "", "who would lead the force? @everyone")
	f.DispatchMessage(t, m)
	post := f.WaitFor(t, discordtest.IsChannelPost(f.ChannelID), wait)
	if got := post.Field("message_reference.message_id"); got != m.ID {
		t.Fatalf("reply references %v, want the mention %s", got, m.ID)
	}
	final := f.WaitFor(t, discordtest.All(discordtest.IsMessageEdit(f.ChannelID, post.ResponseID()), isFinal), wait)
	if !strings.HasPrefix(final.Content(), "Answer to: who would lead the force? @everyone [1]") {
		t.Errorf("final reply = %q", final.Content())
	}
	if len(customIDs(t, final)) != 2 {
		t.Errorf("final reply has no feedback buttons")
	}
	if q := a.questions(); len(q) != 1 || q[0].Text != "who would lead the force? @everyone" {
		t.Errorf("answerer got %s, want only the human's question, mention stripped", describe(q))
	}
	if n := len(f.CallsMatching(discordtest.IsChannelPost(f.ChannelID))); n != 1 {
		t.Errorf("bot posted %d messages, want 1 reply", n)
	}
}

func TestLongAnswerIsSplitIntoMessages(t *testing.T) {
	t.Parallel()
	text := longAnswer(4500, 450)
	var cites []bot.Citation
	for n := 1; n <= 7; n++ {
		cites = append(cites, bot.Citation{N: n, Title: fmt.Sprintf("Article %d", n), Outlet: "AFP", URL: fmt.Sprintf("https://www.afp.com/en/news/%d", n), Published: "2026-01-06"})
	}
	answer := bot.Answer{ID: "long-1", Text: text, Citations: cites, Found: true}
	a := &fakeAnswerer{askFn: func(ctx context.Context, q bot.Question, onPartial func(string)) (bot.Answer, error) {
		return answer, nil
	}}
	h := startBot(t, a, newFakeLibrary(), nil)
	in := h.fake.Slash(discordtest.RegularMember("u1"), "ask", discordtest.StringOption("question", "Tell me everything"))
	h.fake.DispatchInteraction(t, in)
	followups := h.fake.WaitForN(t, 2, discordtest.IsFollowup(in), wait)
	edits := h.fake.CallsMatching(discordtest.IsOriginalEdit(in))
	if len(edits) == 0 {
		t.Fatal("no edit of the original response")
	}
	first := edits[len(edits)-1]
	msgs := []discordtest.Call{first, followups[0], followups[1]}
	var parts []string
	for _, m := range msgs {
		parts = append(parts, m.Content())
	}
	if len(h.fake.CallsMatching(discordtest.IsFollowup(in))) != 2 {
		t.Errorf("want exactly 3 messages")
	}
	checkParts(t, renderAnswer(answer), parts, 2000)
	if !strings.Contains(parts[2], "**Sources**") {
		t.Errorf("the Sources list is not in the last message")
	}
	if ids := customIDs(t, followups[1]); len(ids) != 2 {
		t.Errorf("last message buttons = %v", ids)
	}
	if first.Field("components") != nil || followups[0].Field("components") != nil {
		t.Errorf("buttons on a message other than the last")
	}
	// The first part replaced the original response, after the deferral.
	if !first.Time.After(h.fake.WaitFor(t, discordtest.IsCallback(in), wait).Time) {
		t.Errorf("edit before deferral")
	}
}

func TestShutdownFinishesAnswersInFlight(t *testing.T) {
	t.Parallel()
	started, release := make(chan struct{}), make(chan struct{})
	var ctxErrAtEnd atomic.Value
	a := &fakeAnswerer{askFn: func(ctx context.Context, q bot.Question, onPartial func(string)) (bot.Answer, error) {
		close(started)
		<-release
		ctxErrAtEnd.Store(fmt.Sprint(ctx.Err()))
		return cannedAnswer("inflight", "Finished despite shutdown [1]"), nil
	}}
	h := startBot(t, a, newFakeLibrary(), nil)
	f := h.fake
	in := f.Slash(discordtest.RegularMember("u1"), "ask", discordtest.StringOption("question", "in flight"))
	f.DispatchInteraction(t, in)
	f.WaitFor(t, discordtest.IsCallback(in), wait)
	<-started

	h.cancel()
	h.waitLog(t, "discord bot stopping")
	late := f.Slash(discordtest.RegularMember("u2"), "ask", discordtest.StringOption("question", "too late"))
	f.DispatchInteraction(t, late)
	cb := f.WaitFor(t, discordtest.IsCallback(late), wait)
	if !isEphemeral(cb) || cb.Content() != restartingMessage {
		t.Errorf("question during shutdown got %s", cb)
	}
	close(release)
	if err := h.stop(); err != nil {
		t.Fatalf("Run: %v", err)
	}
	// Run has returned: the in-flight answer's final edit was already sent.
	if finals := f.CallsMatching(discordtest.All(discordtest.IsOriginalEdit(in), isFinal)); len(finals) != 1 {
		t.Errorf("final edits of the in-flight answer = %d, want 1", len(finals))
	}
	if got := ctxErrAtEnd.Load(); got != "<nil>" {
		t.Errorf("answer context was cancelled during graceful shutdown: %v", got)
	}
	if len(a.questions()) != 1 {
		t.Errorf("answerer called for a question that arrived during shutdown")
	}
}

func TestShutdownTimeoutCancelsAndTellsTheUser(t *testing.T) {
	t.Parallel()
	started := make(chan struct{})
	a := &fakeAnswerer{askFn: func(ctx context.Context, q bot.Question, onPartial func(string)) (bot.Answer, error) {
		close(started)
		<-ctx.Done()
		return bot.Answer{}, ctx.Err()
	}}
	h := startBot(t, a, newFakeLibrary(), func(c *Config) { c.ShutdownTimeout = 50 * time.Millisecond })
	in := h.fake.Slash(discordtest.RegularMember("u1"), "ask", discordtest.StringOption("question", "never finishes"))
	h.fake.DispatchInteraction(t, in)
	h.fake.WaitFor(t, discordtest.IsCallback(in), wait)
	<-started
	if err := h.stop(); err != nil {
		t.Fatalf("Run: %v", err)
	}
	edits := h.fake.CallsMatching(discordtest.IsOriginalEdit(in))
	if len(edits) == 0 || edits[len(edits)-1].Content() != restartingMessage {
		t.Errorf("edits after the shutdown timeout = %v, want the restarting message", edits)
	}
}
