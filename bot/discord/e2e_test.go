package discord

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/summitbot/summitbot/bot"
	"github.com/summitbot/summitbot/bot/discordtest"
	"github.com/summitbot/summitbot/bot/feedback"
	"github.com/summitbot/summitbot/retrieval"
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
			if opt := byName["summary"].Options[0]; opt.Name != "topic" || opt.Required {
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

func TestFollowUpsCarryHistory(t *testing.T) {
	t.Parallel()
	a := &fakeAnswerer{}
	h := startBot(t, a, newFakeLibrary(), nil)
	f := h.fake
	user := discordtest.NewUser("u1")

	// Turn 1: /ask.
	in := f.Slash(discordtest.RegularMember(user.ID), "ask", discordtest.StringOption("question", "Who leads the force?"))
	f.DispatchInteraction(t, in)
	first := f.WaitFor(t, discordtest.All(discordtest.IsOriginalEdit(in), isFinal), wait)
	answerMsg := first.ResponseID()
	h.waitAnswered(t, "ans-Who leads the force?")
	turn1 := bot.Turn{Question: "Who leads the force?", Answer: "Answer to: Who leads the force? [1]"}

	// Turn 2: a reply to the answer.
	reply := f.Reply(user, answerMsg, "And who pays for it?")
	f.DispatchMessage(t, reply)
	post := f.WaitFor(t, discordtest.All(discordtest.IsChannelPost(f.ChannelID), func(c discordtest.Call) bool {
		return c.Field("message_reference.message_id") == reply.ID
	}), wait)
	f.WaitFor(t, discordtest.All(discordtest.IsMessageEdit(f.ChannelID, post.ResponseID()), isFinal), wait)
	h.waitAnswered(t, "ans-And who pays for it?")
	turn2 := bot.Turn{Question: "And who pays for it?", Answer: "Answer to: And who pays for it? [1]"}

	// Turn 3: a mention in a thread started from the first answer.
	thread := f.StartThread(user, answerMsg, "Who leads the force?")
	f.DispatchMessage(t, f.Mention(user, thread, "What about air cover?"))
	inThread := f.WaitFor(t, discordtest.IsChannelPost(thread), wait)
	f.WaitFor(t, discordtest.All(discordtest.IsMessageEdit(thread, inThread.ResponseID()), isFinal), wait)

	// Unrelated: a fresh mention in the main channel has no history.
	fresh := f.Mention(user, "", "Fresh question?")
	f.DispatchMessage(t, fresh)
	freshPost := f.WaitFor(t, discordtest.All(discordtest.IsChannelPost(f.ChannelID), func(c discordtest.Call) bool {
		return c.Field("message_reference.message_id") == fresh.ID
	}), wait)
	f.WaitFor(t, discordtest.All(discordtest.IsMessageEdit(f.ChannelID, freshPost.ResponseID()), isFinal), wait)

	got := map[string][]bot.Turn{}
	for _, q := range a.questions() {
		got[q.Text] = q.History
	}
	want := map[string][]bot.Turn{
		"Who leads the force?":  nil,
		"And who pays for it?":  {turn1},
		"What about air cover?": {turn1, turn2},
		"Fresh question?":       nil,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("histories =\n%s\nwant\n%s", describe(got), describe(want))
	}
}

func TestSummary(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		opts      []discordtest.Option
		wantTopic string
	}{
		{"with topic", []discordtest.Option{discordtest.StringOption("topic", "ceasefire monitoring")}, "ceasefire monitoring"},
		{"whole summit", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			a := &fakeAnswerer{}
			h := startBot(t, a, newFakeLibrary(), nil)
			in := h.fake.Slash(discordtest.RegularMember("u1"), "summary", tt.opts...)
			h.fake.DispatchInteraction(t, in)
			if cb := h.fake.WaitFor(t, discordtest.IsCallback(in), wait); callbackType(cb) != discordtest.CallbackDeferredMessage {
				t.Fatalf("first response = %s, want a deferral", cb)
			}
			final := h.fake.WaitFor(t, discordtest.All(discordtest.IsOriginalEdit(in), isFinal), wait)
			if !strings.HasPrefix(final.Content(), "Summary of "+tt.wantTopic+" [1]") {
				t.Errorf("summary = %q", final.Content())
			}
			a.mu.Lock()
			defer a.mu.Unlock()
			if !reflect.DeepEqual(a.topics, []string{tt.wantTopic}) {
				t.Errorf("Summarize topics = %q, want [%q]", a.topics, tt.wantTopic)
			}
		})
	}
}

func TestSourcesRefusedToNonAdmins(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		member discordtest.Member
		roles  []string
	}{
		{"no Manage Server", discordtest.RegularMember("u1"), nil},
		{"Manage Server but not an admin role", discordtest.AdminMember("u1", "r-mod"), []string{"r-admin"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			lib := newFakeLibrary(retrieval.Source{ID: "s1", Title: "One"})
			h := startBot(t, &fakeAnswerer{}, lib, func(c *Config) { c.AdminRoleIDs = tt.roles })
			// Discord delivered it anyway (e.g. the server changed the command's permissions).
			in := h.fake.Slash(tt.member, "sources", discordtest.SubCommand("add", discordtest.StringOption("url", "https://example.org/a")))
			h.fake.DispatchInteraction(t, in)
			cb := h.fake.WaitFor(t, discordtest.IsCallback(in), wait)
			if callbackType(cb) != discordtest.CallbackMessage || !isEphemeral(cb) || cb.Content() != notAdminMessage {
				t.Errorf("response = %s, want an ephemeral refusal", cb)
			}
			ac := h.fake.Autocomplete(tt.member, "sources", discordtest.SubCommand("remove", discordtest.FocusedOption("source", "")))
			h.fake.DispatchInteraction(t, ac)
			if got, ok := h.fake.WaitFor(t, discordtest.IsCallback(ac), wait).Field("data.choices").([]any); !ok || len(got) != 0 {
				t.Errorf("non-admin autocomplete choices = %v, want []", got)
			}
			if adds := lib.adds(); len(adds) != 0 {
				t.Errorf("library.Add called with %v", adds)
			}
		})
	}
}

func TestSourcesAddShowsProgressAndResult(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		build   func(f *discordtest.Server) (*discordtest.Interaction, string) // and the ref Add should get
		addErr  error
		wantEnd string
	}{
		{
			name: "url",
			build: func(f *discordtest.Server) (*discordtest.Interaction, string) {
				u := "https://www.reuters.com/world/paris"
				return f.Slash(discordtest.AdminMember("admin1"), "sources", discordtest.SubCommand("add", discordtest.StringOption("url", u))), u
			},
			wantEnd: "Loaded **Allies sign Paris declaration** (12 chunks) as `reuters-paris`",
		},
		{
			name: "file",
			build: func(f *discordtest.Server) (*discordtest.Interaction, string) {
				att := f.NewAttachment("paris.pdf", 2048)
				in := f.Slash(discordtest.AdminMember("admin1"), "sources", discordtest.SubCommand("add", discordtest.AttachmentOption("file", att.ID)))
				return in.WithAttachment(att), att.URL
			},
			wantEnd: "Loaded **Allies sign Paris declaration** (12 chunks) as `reuters-paris`",
		},
		{
			name: "refused by the library",
			build: func(f *discordtest.Server) (*discordtest.Interaction, string) {
				u := "https://example.org/recipes"
				return f.Slash(discordtest.AdminMember("admin1"), "sources", discordtest.SubCommand("add", discordtest.StringOption("url", u))), u
			},
			addErr:  userError("That page doesn't look like a news article."),
			wantEnd: "That page doesn't look like a news article.",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			progressSeen := make(chan struct{})
			lib := newFakeLibrary()
			lib.addFn = func(ctx context.Context, ref string, progress func(string)) (retrieval.Source, error) {
				progress("Fetching the article…")
				<-progressSeen
				if tt.addErr != nil {
					return retrieval.Source{}, tt.addErr
				}
				progress("Embedding 12 chunks…")
				return retrieval.Source{ID: "reuters-paris", Title: "Allies sign Paris declaration", Chunks: 12}, nil
			}
			h := startBot(t, &fakeAnswerer{}, lib, nil)
			in, wantRef := tt.build(h.fake)
			h.fake.DispatchInteraction(t, in)
			if cb := h.fake.WaitFor(t, discordtest.IsCallback(in), wait); callbackType(cb) != discordtest.CallbackDeferredMessage || isEphemeral(cb) {
				t.Fatalf("first response = %s, want a public deferral", cb)
			}
			h.fake.WaitFor(t, discordtest.All(discordtest.IsOriginalEdit(in), discordtest.Contains("⏳ Fetching the article…")), wait)
			close(progressSeen)
			h.fake.WaitFor(t, discordtest.All(discordtest.IsOriginalEdit(in), func(c discordtest.Call) bool { return c.Content() == tt.wantEnd }), wait)
			if got := lib.adds(); !reflect.DeepEqual(got, []string{wantRef}) {
				t.Errorf("Add refs = %v, want [%s]", got, wantRef)
			}
			if err := h.stop(); err != nil {
				t.Fatal(err)
			}
			if strings.Contains(h.logs.String(), "?ex=") {
				t.Errorf("an attachment URL's signature was logged")
			}
		})
	}
}

func TestSourcesAutocompleteListRemove(t *testing.T) {
	t.Parallel()
	var srcs []retrieval.Source
	for i := 1; i <= 30; i++ {
		srcs = append(srcs, retrieval.Source{ID: fmt.Sprintf("src-%02d", i), Title: fmt.Sprintf("Paris summit report %d", i), Outlet: "Le Monde", Chunks: i})
	}
	srcs = append(srcs, retrieval.Source{ID: "kyiv-independent-1", Title: "Guarantees: what Kyiv got", Outlet: "Kyiv Independent", Published: "2026-01-07", Chunks: 9})
	lib := newFakeLibrary(srcs...)
	h := startBot(t, &fakeAnswerer{}, lib, nil)
	f := h.fake
	admin := discordtest.AdminMember("admin1")

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
		ac := f.Autocomplete(admin, "sources", discordtest.SubCommand("remove", discordtest.FocusedOption("source", tt.typed)))
		f.DispatchInteraction(t, ac)
		cb := f.WaitFor(t, discordtest.IsCallback(ac), wait)
		var body struct {
			Type int `json:"type"`
			Data struct {
				Choices []struct {
					Name  string `json:"name"`
					Value string `json:"value"`
				} `json:"choices"`
			} `json:"data"`
		}
		if err := cb.Decode(&body); err != nil {
			t.Fatal(err)
		}
		if body.Type != discordtest.CallbackAutocomplete || len(body.Data.Choices) != tt.wantCount {
			t.Errorf("autocomplete %q: type %d, %d choices, want %d", tt.typed, body.Type, len(body.Data.Choices), tt.wantCount)
			continue
		}
		if tt.wantCount > 0 && body.Data.Choices[0].Value != tt.wantFirst {
			t.Errorf("autocomplete %q: first choice %q, want %q", tt.typed, body.Data.Choices[0].Value, tt.wantFirst)
		}
	}

	list := f.Slash(admin, "sources", discordtest.SubCommand("list"))
	f.DispatchInteraction(t, list)
	cb := f.WaitFor(t, discordtest.IsCallback(list), wait)
	if !isEphemeral(cb) || !strings.HasPrefix(cb.Content(), "**Loaded sources (31)**\n• `src-01` — **Paris summit report 1** — Le Monde (1 chunks)") ||
		!strings.Contains(cb.Content(), "• `kyiv-independent-1` — **Guarantees: what Kyiv got** — Kyiv Independent, 7 Jan 2026 (9 chunks)") {
		t.Errorf("list = %s", cb)
	}

	rm := f.Slash(admin, "sources", discordtest.SubCommand("remove", discordtest.StringOption("source", "kyiv-independent-1")))
	f.DispatchInteraction(t, rm)
	f.WaitFor(t, discordtest.All(discordtest.IsOriginalEdit(rm), func(c discordtest.Call) bool {
		return c.Content() == "Removed **Guarantees: what Kyiv got** (`kyiv-independent-1`)."
	}), wait)
	rm2 := f.Slash(admin, "sources", discordtest.SubCommand("remove", discordtest.StringOption("source", "kyiv-independent-1")))
	f.DispatchInteraction(t, rm2)
	f.WaitFor(t, discordtest.All(discordtest.IsOriginalEdit(rm2), func(c discordtest.Call) bool {
		return c.Content() == "There is no source called kyiv-independent-1."
	}), wait)
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

func TestRateLimitIsPerUser(t *testing.T) {
	t.Parallel()
	a := &fakeAnswerer{}
	h := startBot(t, a, newFakeLibrary(), func(c *Config) { c.RateLimit = RateLimit{Requests: 2, Window: time.Hour} })
	f := h.fake
	var burst []*discordtest.Interaction
	for i := range 3 {
		in := f.Slash(discordtest.RegularMember("eager"), "ask", discordtest.StringOption("question", fmt.Sprint("question ", i)))
		burst = append(burst, in)
		f.DispatchInteraction(t, in)
	}
	other := f.Slash(discordtest.RegularMember("calm"), "ask", discordtest.StringOption("question", "calm question"))
	f.DispatchInteraction(t, other)

	deferred, limited := 0, 0
	for _, in := range burst {
		cb := f.WaitFor(t, discordtest.IsCallback(in), wait)
		switch {
		case callbackType(cb) == discordtest.CallbackDeferredMessage:
			deferred++
		case isEphemeral(cb) && strings.HasPrefix(cb.Content(), "You're asking quickly — try again in "):
			limited++
		default:
			t.Errorf("unexpected response %s", cb)
		}
	}
	if deferred != 2 || limited != 1 {
		t.Errorf("burst of 3: %d deferred, %d rate-limited; want 2 and 1", deferred, limited)
	}
	if !strings.HasSuffix(f.CallsMatching(func(c discordtest.Call) bool {
		return isEphemeral(c) && strings.HasPrefix(c.Content(), "You're")
	})[0].Content(), "try again in 30 min.") {
		t.Errorf("rate-limit message does not give the wait")
	}
	f.WaitFor(t, discordtest.All(discordtest.IsOriginalEdit(other), isFinal), wait)
}

func TestQueuedQuestionsAreDeferredAtOnce(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	a := &fakeAnswerer{askFn: func(ctx context.Context, q bot.Question, onPartial func(string)) (bot.Answer, error) {
		if q.Text == "slow" {
			<-release
		}
		return cannedAnswer("id-"+q.Text, q.Text+" [1]"), nil
	}}
	h := startBot(t, a, newFakeLibrary(), func(c *Config) { c.MaxConcurrent = 1 })
	f := h.fake
	slow := f.Slash(discordtest.RegularMember("u1"), "ask", discordtest.StringOption("question", "slow"))
	f.DispatchInteraction(t, slow)
	f.WaitFor(t, discordtest.IsCallback(slow), wait)
	for deadline := time.Now().Add(wait); len(a.questions()) == 0; { // the slow answer holds the only slot
		if time.Now().After(deadline) {
			t.Fatal("the first answer never started")
		}
		time.Sleep(time.Millisecond)
	}
	queued := f.Slash(discordtest.RegularMember("u2"), "ask", discordtest.StringOption("question", "queued"))
	f.DispatchInteraction(t, queued)
	if cb := f.WaitFor(t, discordtest.IsCallback(queued), wait); callbackType(cb) != discordtest.CallbackDeferredMessage {
		t.Fatalf("queued question got %s, want a deferral", cb)
	}
	if n := len(a.questions()); n != 1 {
		t.Errorf("%d answers running with MaxConcurrent 1", n)
	}
	close(release)
	f.WaitFor(t, discordtest.All(discordtest.IsOriginalEdit(slow), isFinal), wait)
	f.WaitFor(t, discordtest.All(discordtest.IsOriginalEdit(queued), isFinal), wait)
}

func TestFailuresReachTheUserAsOneFriendlySentence(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		timeout time.Duration
		askFn   func(ctx context.Context, q bot.Question, onPartial func(string)) (bot.Answer, error)
		want    string
		wantLog string
	}{
		{
			name: "answerer error",
			askFn: func(ctx context.Context, q bot.Question, onPartial func(string)) (bot.Answer, error) {
				return bot.Answer{}, errors.New("llm: status 500: upstream exploded (key sk-secret)")
			},
			want:    bot.Friendly(errors.New("x")),
			wantLog: "upstream exploded",
		},
		{
			name:    "timeout",
			timeout: 50 * time.Millisecond,
			askFn: func(ctx context.Context, q bot.Question, onPartial func(string)) (bot.Answer, error) {
				onPartial("Half an answer")
				<-ctx.Done()
				return bot.Answer{}, fmt.Errorf("generate: %w", ctx.Err())
			},
			want:    bot.Friendly(context.DeadlineExceeded),
			wantLog: "deadline exceeded",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := startBot(t, &fakeAnswerer{askFn: tt.askFn}, newFakeLibrary(), func(c *Config) {
				if tt.timeout > 0 {
					c.AnswerTimeout = tt.timeout
				}
			})
			in := h.fake.Slash(discordtest.RegularMember("u1"), "ask", discordtest.StringOption("question", "q"))
			h.fake.DispatchInteraction(t, in)
			h.fake.WaitFor(t, discordtest.All(discordtest.IsOriginalEdit(in), func(c discordtest.Call) bool { return c.Content() == tt.want }), wait)
			h.waitLog(t, tt.wantLog)
			for _, c := range h.fake.Calls() {
				if strings.Contains(string(c.Body), "sk-secret") {
					t.Errorf("error detail reached Discord: %s", c)
				}
			}
		})
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

func TestFeedbackButtons(t *testing.T) {
	t.Parallel()
	h := startBot(t, &fakeAnswerer{}, newFakeLibrary(), nil)
	f := h.fake
	in := f.Slash(discordtest.RegularMember("u1"), "ask", discordtest.StringOption("question", "Who leads the force?"))
	f.DispatchInteraction(t, in)
	final := f.WaitFor(t, discordtest.All(discordtest.IsOriginalEdit(in), isFinal), wait)
	ids := customIDs(t, final)
	if len(ids) != 2 {
		t.Fatalf("buttons = %v", ids)
	}
	answerID := "ans-Who leads the force?"
	msg, _ := f.Original(in)

	clicks := []struct {
		user, customID, wantReply string
		wantAnswer, wantTotals    feedback.Counts
	}{
		{"u1", ids[0], "Thanks for the feedback 👍 — it helps improve summitbot.", feedback.Counts{Up: 1}, feedback.Counts{Up: 1}},
		{"u1", ids[0], "You already rated this answer 👍.", feedback.Counts{Up: 1}, feedback.Counts{Up: 1}},
		{"u2", ids[1], "Thanks for the feedback 👎 — it helps improve summitbot.", feedback.Counts{Up: 1, Down: 1}, feedback.Counts{Up: 1, Down: 1}},
	}
	for i, c := range clicks {
		click := f.ButtonClick(discordtest.RegularMember(c.user), c.customID, &msg)
		f.DispatchInteraction(t, click)
		cb := f.WaitFor(t, discordtest.IsCallback(click), wait)
		if callbackType(cb) != discordtest.CallbackMessage || !isEphemeral(cb) || cb.Content() != c.wantReply {
			t.Errorf("click %d: response %s, want ephemeral %q", i, cb, c.wantReply)
		}
		// What the file holds: reopen it.
		store, err := feedback.Open(h.feedbackPath)
		if err != nil {
			t.Fatalf("click %d: feedback store: %v", i, err)
		}
		if got, totals := store.Answer(answerID), store.Totals(); got != c.wantAnswer || totals != c.wantTotals {
			t.Errorf("click %d: store has answer %+v totals %+v, want answer %+v totals %+v", i, got, totals, c.wantAnswer, c.wantTotals)
		}
	}
	h.waitLog(t, `msg=feedback answer_id="ans-Who leads the force?" vote=up question="Who leads the force?"`)
}

func TestDirectMessageIsAnsweredWithoutMention(t *testing.T) {
	t.Parallel()
	a := &fakeAnswerer{}
	h := startBot(t, a, newFakeLibrary(), nil)
	f := h.fake
	m := f.UserMessage(discordtest.NewUser("u1"), "dm-u1", "what is the coalition of the willing?")
	m.GuildID = ""
	f.DispatchMessage(t, m)
	post := f.WaitFor(t, discordtest.IsChannelPost("dm-u1"), wait)
	f.WaitFor(t, discordtest.All(discordtest.IsMessageEdit("dm-u1", post.ResponseID()), isFinal), wait)
}

func TestSourcesListIsSplitWhenLong(t *testing.T) {
	t.Parallel()
	var srcs []retrieval.Source
	for i := 1; i <= 60; i++ {
		srcs = append(srcs, retrieval.Source{
			ID: fmt.Sprintf("source-%02d", i), Outlet: "The Guardian", Published: "2026-01-06", Chunks: 10,
			Title: fmt.Sprintf("Coalition of the willing meets in Paris to agree security guarantees, part %d", i),
		})
	}
	h := startBot(t, &fakeAnswerer{}, newFakeLibrary(srcs...), nil)
	in := h.fake.Slash(discordtest.AdminMember("admin1"), "sources", discordtest.SubCommand("list"))
	h.fake.DispatchInteraction(t, in)
	cb := h.fake.WaitFor(t, discordtest.IsCallback(in), wait)
	if err := h.stop(); err != nil { // Run waits for the listing to finish
		t.Fatal(err)
	}
	followups := h.fake.CallsMatching(discordtest.IsFollowup(in))
	if len(followups) < 2 {
		t.Errorf("%d followups, want the long list split into several messages", len(followups))
	}
	all := cb.Content()
	for _, f := range followups {
		if flags, _ := f.Field("flags").(float64); int(flags)&discordtest.FlagEphemeral == 0 {
			t.Errorf("followup is not ephemeral: %s", f)
		}
		all += "\n" + f.Content()
	}
	for _, src := range srcs {
		if strings.Count(all, "`"+src.ID+"`") != 1 {
			t.Errorf("%s listed %d times", src.ID, strings.Count(all, "`"+src.ID+"`"))
		}
	}
}
