package discord

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/summitbot/summitbot/bot"
)

func TestWantsMessage(t *testing.T) {
	system := mention("u1", "", "who leads?")
	system.Type = discordgo.MessageTypeChannelPinnedMessage
	dm := userMessage("u1", "dm-u1", "who leads?")
	dm.GuildID = ""
	fromBot := mention("555", "", "who leads?")
	fromBot.Author.Bot = true
	self := mention(testBotID, "", "who leads?")
	self.Author.Bot = false // even if Discord said otherwise
	tests := []struct {
		name        string
		m           *discordgo.Message
		beforeReady bool
		want        bool
	}{
		{name: "a mention", m: mention("u1", "", "who leads?"), want: true},
		{name: "a reply to the bot", m: replyTo("u1", "m-1", "and then?"), want: true},
		{name: "a direct message", m: dm, want: true},
		{name: "a message not for the bot", m: userMessage("u1", "", "chatting about the summit")},
		{name: "another bot", m: fromBot},
		{name: "the bot itself", m: self},
		{name: "a system message", m: system},
		{name: "no author", m: &discordgo.Message{ID: "1", ChannelID: testChannel}},
		{name: "nil", m: nil},
		{name: "before READY", m: mention("u1", "", "who leads?"), beforeReady: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := newTestBot(t, &fakeAnswerer{}, newFakeLibrary(), nil).Bot
			if tt.beforeReady {
				b.selfID = ""
			}
			if got := b.wantsMessage(tt.m); got != tt.want {
				t.Errorf("wantsMessage = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestMentionReplies(t *testing.T) {
	longText := longAnswer(4500, 450)
	tests := []struct {
		name       string
		m          *discordgo.Message
		answer     *bot.Answer // nil: the canned answer
		wantAsked  []string
		wantReply  string // the only message, when no answer is written
		wantFinal  string // prefix of the final edit of the reply
		wantMore   int    // further messages after the reply, for a long answer
		wantInChan string
	}{
		{
			name:       "mention in a channel",
			m:          mention("u1", "", "who would lead the force? @everyone"),
			wantAsked:  []string{"who would lead the force? @everyone"},
			wantFinal:  "Answer to: who would lead the force? @everyone [1]\n\n**Sources**",
			wantInChan: testChannel,
		},
		{
			name: "nickname mention",
			m: func() *discordgo.Message {
				m := mention("u1", "", "")
				m.Content = "<@!" + testBotID + ">   who pays?"
				return m
			}(),
			wantAsked:  []string{"who pays?"},
			wantFinal:  "Answer to: who pays? [1]",
			wantInChan: testChannel,
		},
		{
			name: "direct message",
			m: func() *discordgo.Message {
				m := userMessage("u1", "dm-u1", "what is the coalition of the willing?")
				m.GuildID = ""
				return m
			}(),
			wantAsked:  []string{"what is the coalition of the willing?"},
			wantFinal:  "Answer to: what is the coalition of the willing? [1]",
			wantInChan: "dm-u1",
		},
		{
			name:       "a mention without a question",
			m:          mention("u1", "", "  "),
			wantReply:  mentionHint,
			wantInChan: testChannel,
		},
		{
			name:       "a long answer",
			m:          mention("u1", "", "tell me everything"),
			answer:     &bot.Answer{ID: "long-1", Text: longText, Found: true, Citations: []bot.Citation{{N: 1, Title: "Article 1", Outlet: "AFP"}}},
			wantAsked:  []string{"tell me everything"},
			wantFinal:  longText[:100],
			wantMore:   2,
			wantInChan: testChannel,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := &fakeAnswerer{}
			if tt.answer != nil {
				a.askFn = func(context.Context, bot.Question, func(string)) (bot.Answer, error) { return *tt.answer, nil }
			}
			tb := newTestBot(t, a, newFakeLibrary(), nil)
			tb.message(t, tt.m)

			var asked []string
			for _, q := range a.questions() {
				asked = append(asked, q.Text)
			}
			if !reflect.DeepEqual(asked, tt.wantAsked) {
				t.Errorf("asked %q, want %q", asked, tt.wantAsked)
			}
			calls := tb.rest.Calls()
			if len(calls) == 0 {
				t.Fatal("no REST call")
			}
			first := calls[0]
			ref := first.Payload.(*discordgo.MessageSend).Reference
			if first.Method != mSend || first.Channel != tt.wantInChan || ref == nil || ref.MessageID != tt.m.ID {
				t.Fatalf("first call = %s, want a reply to %s in %s", first, tt.m.ID, tt.wantInChan)
			}
			if tt.wantReply != "" {
				if len(calls) != 1 || first.content() != tt.wantReply {
					t.Errorf("calls =\n%s\nwant one reply %q", tb.rest.dump(), tt.wantReply)
				}
				return
			}
			if first.content() != thinkingMessage {
				t.Errorf("first reply = %q, want %q", first.content(), thinkingMessage)
			}
			edits := tb.rest.matching(func(c restCall) bool {
				return c.Method == mEdit && c.Payload.(*discordgo.MessageEdit).ID == first.Reply.ID
			})
			if len(edits) == 0 {
				t.Fatalf("the reply was never edited; calls:\n%s", tb.rest.dump())
			}
			final := edits[len(edits)-1]
			if !strings.HasPrefix(final.content(), tt.wantFinal) {
				t.Errorf("final reply =\n%s\nwant it to start with\n%s", final.content(), tt.wantFinal)
			}
			more := calls[len(calls)-tt.wantMore:]
			last := final
			for _, c := range more {
				if c.Method != mSend || c.Channel != tt.wantInChan {
					t.Errorf("further message %s, want one in %s", c, tt.wantInChan)
				}
				last = c
			}
			if len(last.buttonIDs()) != 2 {
				t.Errorf("last message has buttons %v, want 👍 and 👎", last.buttonIDs())
			}
			if tt.wantMore > 0 {
				if _, set := final.components(); set {
					t.Errorf("buttons on a message other than the last")
				}
				parts := []string{final.content()}
				for _, c := range more {
					parts = append(parts, c.content())
				}
				checkParts(t, renderAnswer(*tt.answer), parts, maxMessage)
			}
		})
	}
}

// TestFollowUpsCarryHistory checks which earlier turns a question carries: a
// reply to an answer, or a mention in a thread started from it, continues
// that conversation; anything else starts afresh.
func TestFollowUpsCarryHistory(t *testing.T) {
	a := &fakeAnswerer{}
	tb := newTestBot(t, a, newFakeLibrary(), nil)
	turn := func(q string) bot.Turn { return bot.Turn{Question: q, Answer: "Answer to: " + q + " [1]"} }

	// Turn 1: /ask; Discord gives its answer a message ID.
	first := slash(regular("u1"), "ask", strOpt("question", "Who leads the force?"))
	tb.interact(t, first)
	answerMsg := finalEdit(t, tb.rest, first).Reply.ID

	steps := []struct {
		name        string
		m           func() *discordgo.Message
		wantHistory []bot.Turn
	}{
		{"a reply to the answer", func() *discordgo.Message { return replyTo("u1", answerMsg, "And who pays for it?") },
			[]bot.Turn{turn("Who leads the force?")}},
		// A thread started from a message has that message's ID.
		{"a mention in a thread started from the answer", func() *discordgo.Message { return mention("u1", answerMsg, "What about air cover?") },
			[]bot.Turn{turn("Who leads the force?"), turn("And who pays for it?")}},
		{"a fresh mention in the channel", func() *discordgo.Message { return mention("u2", "", "Fresh question?") }, nil},
		{"a reply to an unknown message", func() *discordgo.Message { return replyTo("u1", "forgotten", "Still there?") }, nil},
	}
	for _, st := range steps {
		tb.message(t, st.m())
		qs := a.questions()
		if got := qs[len(qs)-1].History; !reflect.DeepEqual(got, st.wantHistory) {
			t.Errorf("%s: history =\n%s\nwant\n%s", st.name, describe(got), describe(st.wantHistory))
		}
	}

	// /ask in the thread continues it too, with the last turns only.
	for i := range historyTurns {
		tb.message(t, mention("u1", answerMsg, fmt.Sprint("more ", i)))
	}
	in := slash(regular("u1"), "ask", strOpt("question", "Last one?"))
	in.ChannelID = answerMsg
	tb.interact(t, in)
	qs := a.questions()
	h := qs[len(qs)-1].History
	if len(h) != historyTurns || h[len(h)-1] != turn(fmt.Sprint("more ", historyTurns-1)) {
		t.Errorf("/ask in the thread carries %s, want the last %d turns", describe(h), historyTurns)
	}
}

// TestMentionSpamIsNotAmplified checks that mentions cost a user's rate
// limit before the bot posts anything, that a limited user is told once per
// window, and that refused mentions get one message, not "Looking…" first.
func TestMentionSpamIsNotAmplified(t *testing.T) {
	const notice = "(rate notice)"
	const requests = 3
	tooLong := strings.Repeat("é", bot.MaxQuestionLen+1)
	many := func(n int, text string) []*discordgo.Message {
		var ms []*discordgo.Message
		for i := range n {
			ms = append(ms, mention("u1", "", fmt.Sprint(text, " ", i)))
		}
		return ms
	}
	tests := []struct {
		name      string
		mentions  []*discordgo.Message
		wantAsked int
		wantSends []string // every message posted, in order
	}{
		{
			name:      "20 mentions within a window",
			mentions:  many(20, "who leads?"),
			wantAsked: requests,
			wantSends: []string{thinkingMessage, thinkingMessage, thinkingMessage, notice},
		},
		{
			name:      "an empty mention gets the hint and is counted",
			mentions:  append([]*discordgo.Message{mention("u1", "", ""), mention("u1", "", " ")}, many(3, "who pays?")...),
			wantAsked: requests - 2,
			wantSends: []string{mentionHint, mentionHint, thinkingMessage, notice},
		},
		{
			name:      "an over-long mention is refused at once and counted",
			mentions:  append([]*discordgo.Message{mention("u1", "", tooLong)}, many(3, "who pays?")...),
			wantAsked: requests - 1,
			wantSends: []string{bot.ErrQuestionTooLong.Msg, thinkingMessage, thinkingMessage, notice},
		},
		{
			name: "other users keep their own limit",
			mentions: append(many(5, "who leads?"),
				mention("u2", "", "and me?"), mention("u2", "", "")),
			wantAsked: requests + 1,
			wantSends: []string{thinkingMessage, thinkingMessage, thinkingMessage, notice, thinkingMessage, mentionHint},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := &fakeAnswerer{}
			tb := newTestBot(t, a, newFakeLibrary(), func(c *Config) {
				c.RateLimit = RateLimit{Requests: requests, Window: time.Hour}
			})
			for _, m := range tt.mentions {
				tb.message(t, m)
			}
			if got := len(a.questions()); got != tt.wantAsked {
				t.Errorf("asked %d questions, want %d", got, tt.wantAsked)
			}
			var got []string
			for _, c := range tb.rest.matching(func(c restCall) bool { return c.Method == mSend }) {
				text := c.content()
				if strings.HasPrefix(text, "You're asking quickly") {
					text = notice
				}
				got = append(got, text)
			}
			if !reflect.DeepEqual(got, tt.wantSends) {
				t.Errorf("messages posted =\n%q\nwant\n%q\ncalls:\n%s", got, tt.wantSends, tb.rest.dump())
			}
		})
	}
}
