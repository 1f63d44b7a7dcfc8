package discord

import (
	"fmt"
	"log/slog"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
)

// IDs the table tests use.
const (
	testToken   = "test-bot-token"
	testBotID   = "900"
	testAppID   = "901"
	testGuild   = "800"
	testChannel = "700"
)

// testBot is a Bot whose handlers the table tests call directly, with a
// restRecorder in place of Discord.
type testBot struct {
	*Bot
	rest *restRecorder
	logs *syncBuffer
}

// newTestBot returns a Bot that knows its IDs (as after READY), answering
// with a and lib. tweak may adjust the config. When the test ends it checks
// that no token was logged.
func newTestBot(t *testing.T, a Answerer, lib Library, tweak func(*Config)) *testBot {
	t.Helper()
	return newTestBotWith(t, a, lib, memoryFeedback(t), tweak)
}

// newTestBotWith is newTestBot with a given feedback store.
func newTestBotWith(t *testing.T, a Answerer, lib Library, fb Feedback, tweak func(*Config)) *testBot {
	t.Helper()
	cfg := Config{
		Token:           testToken,
		GuildID:         testGuild,
		RateLimit:       RateLimit{Requests: 100, Window: time.Minute},
		EditInterval:    time.Millisecond,
		AnswerTimeout:   wait,
		ShutdownTimeout: wait,
	}
	if tweak != nil {
		tweak(&cfg)
	}
	logs := &syncBuffer{}
	b, err := New(cfg, a, lib, fb, slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})))
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	b.onReady(&discordgo.Ready{User: &discordgo.User{ID: testBotID, Bot: true}, Application: &discordgo.Application{ID: testAppID}})
	t.Cleanup(func() {
		if l := logs.String(); strings.Contains(l, testToken) || strings.Contains(l, "itoken-") {
			t.Errorf("a token was logged:\n%s", l)
		}
		if t.Failed() {
			t.Logf("bot log:\n%s", logs.String())
		}
	})
	return &testBot{Bot: b, rest: newRecorder(t), logs: logs}
}

// interact runs the bot's handler for in to the end, as the gateway would.
func (tb *testBot) interact(t *testing.T, in *discordgo.Interaction) {
	t.Helper()
	tb.handleInteraction(ctxForTest(t), tb.rest, in)
}

// message runs the bot's handler for m to the end, if the bot wants it.
func (tb *testBot) message(t *testing.T, m *discordgo.Message) {
	t.Helper()
	if tb.wantsMessage(m) {
		tb.handleMessage(ctxForTest(t), tb.rest, m)
	}
}

var lastID atomic.Int64

// idBase is a snowflake of when the tests started: IDs carry a timestamp,
// from which the bot tells an interaction's age.
var idBase = (time.Now().UnixMilli() - 1420070400000) << 22

// newID returns a fresh snowflake of about now.
func newID() string { return fmt.Sprint(idBase + lastID.Add(1)) }

// member is a guild member with the given permissions and roles.
func member(user string, perms int64, roles ...string) *discordgo.Member {
	return &discordgo.Member{User: &discordgo.User{ID: user, Username: "user-" + user}, Permissions: perms, Roles: roles}
}

// regular is a member without Manage Server.
func regular(user string) *discordgo.Member {
	return member(user, discordgo.PermissionSendMessages|discordgo.PermissionViewChannel)
}

// admin is a member with Manage Server.
func admin(user string, roles ...string) *discordgo.Member {
	return member(user, discordgo.PermissionManageGuild|discordgo.PermissionSendMessages, roles...)
}

func interaction(typ discordgo.InteractionType, by *discordgo.Member, data discordgo.InteractionData) *discordgo.Interaction {
	id := newID()
	return &discordgo.Interaction{
		ID: id, AppID: testAppID, Type: typ, Token: "itoken-" + id, Version: 1,
		GuildID: testGuild, ChannelID: testChannel, Member: by, Data: data,
	}
}

// slash is a slash command interaction by a member.
func slash(by *discordgo.Member, name string, opts ...*discordgo.ApplicationCommandInteractionDataOption) *discordgo.Interaction {
	return interaction(discordgo.InteractionApplicationCommand, by, discordgo.ApplicationCommandInteractionData{
		ID: "cmd-" + name, Name: name, CommandType: discordgo.ChatApplicationCommand, Options: opts,
	})
}

// autocomplete is an autocomplete request by a member.
func autocomplete(by *discordgo.Member, name string, opts ...*discordgo.ApplicationCommandInteractionDataOption) *discordgo.Interaction {
	return interaction(discordgo.InteractionApplicationCommandAutocomplete, by, discordgo.ApplicationCommandInteractionData{
		ID: "cmd-" + name, Name: name, CommandType: discordgo.ChatApplicationCommand, Options: opts,
	})
}

// click is a button click by a member.
func click(by *discordgo.Member, customID string) *discordgo.Interaction {
	return interaction(discordgo.InteractionMessageComponent, by, discordgo.MessageComponentInteractionData{
		CustomID: customID, ComponentType: discordgo.ButtonComponent,
	})
}

func strOpt(name, value string) *discordgo.ApplicationCommandInteractionDataOption {
	return &discordgo.ApplicationCommandInteractionDataOption{Name: name, Type: discordgo.ApplicationCommandOptionString, Value: value}
}

func focusedOpt(name, typed string) *discordgo.ApplicationCommandInteractionDataOption {
	o := strOpt(name, typed)
	o.Focused = true
	return o
}

func fileOpt(name, attachmentID string) *discordgo.ApplicationCommandInteractionDataOption {
	return &discordgo.ApplicationCommandInteractionDataOption{Name: name, Type: discordgo.ApplicationCommandOptionAttachment, Value: attachmentID}
}

func subCmd(name string, opts ...*discordgo.ApplicationCommandInteractionDataOption) *discordgo.ApplicationCommandInteractionDataOption {
	return &discordgo.ApplicationCommandInteractionDataOption{Name: name, Type: discordgo.ApplicationCommandOptionSubCommand, Options: opts}
}

// withAttachment adds an uploaded file, with a signed CDN URL like
// Discord's, to a command's resolved data, and returns its URL.
func withAttachment(in *discordgo.Interaction, id, filename string) string {
	u := "https://cdn.discordapp.com/attachments/" + testChannel + "/" + id + "/" + filename + "?ex=6960f0a1&is=695f9f21&hm=" + id + "signature&"
	data := in.Data.(discordgo.ApplicationCommandInteractionData)
	data.Resolved = &discordgo.ApplicationCommandInteractionDataResolved{
		Attachments: map[string]*discordgo.MessageAttachment{id: {ID: id, Filename: filename, URL: u}},
	}
	in.Data = data
	return u
}

// userMessage is a message by a human in channel (the test channel when
// empty), not mentioning the bot.
func userMessage(user, channel, content string) *discordgo.Message {
	if channel == "" {
		channel = testChannel
	}
	return &discordgo.Message{
		ID: newID(), ChannelID: channel, GuildID: testGuild, Content: content,
		Author: &discordgo.User{ID: user, Username: "user-" + user}, Type: discordgo.MessageTypeDefault,
	}
}

// mention is a message by a human mentioning the bot, as "<@bot> text".
func mention(user, channel, text string) *discordgo.Message {
	m := userMessage(user, channel, "<@"+testBotID+"> "+text)
	m.Mentions = []*discordgo.User{{ID: testBotID, Bot: true}}
	return m
}

// replyTo is a reply by a human to message id; a reply mentions the author
// of the message it answers.
func replyTo(user, id, text string) *discordgo.Message {
	m := userMessage(user, "", text)
	m.Type = discordgo.MessageTypeReply
	m.MessageReference = &discordgo.MessageReference{MessageID: id, ChannelID: testChannel, GuildID: testGuild}
	m.Mentions = []*discordgo.User{{ID: testBotID, Bot: true}}
	return m
}
