package discord

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/summitbot/summitbot/bot"
)

// finalEdit returns the last edit of in's original response.
func finalEdit(t *testing.T, rest *restRecorder, in *discordgo.Interaction) restCall {
	t.Helper()
	edits := rest.matching(func(c restCall) bool { return onInteraction(in)(c) && c.Method == mEditOriginal })
	if len(edits) == 0 {
		t.Fatalf("no edit of the original response; calls:\n%s", rest.dump())
	}
	return edits[len(edits)-1]
}

func TestCommands(t *testing.T) {
	tests := []struct {
		name       string
		in         *discordgo.Interaction
		wantReply  string // an immediate ephemeral reply; "" wants a public deferral
		wantFinal  string // prefix of the final edit, after a deferral
		wantAsked  []string
		wantTopics []string
	}{
		{
			name:      "ask",
			in:        slash(regular("u1"), "ask", strOpt("question", "  Who leads the force? ")),
			wantFinal: "Answer to: Who leads the force? [1]\n\n**Sources**\n[1] [Allies sign Paris declaration](<https://www.reuters.com/world/europe/paris-declaration>) — Reuters, 6 Jan 2026",
			wantAsked: []string{"Who leads the force?"},
		},
		{
			name:      "ask without a question",
			in:        slash(regular("u1"), "ask", strOpt("question", "   ")),
			wantReply: "Ask a question, e.g. /ask question: Who would lead the multinational force?",
		},
		{
			name:       "summary of a topic",
			in:         slash(regular("u1"), "summary", strOpt("topic", "ceasefire monitoring")),
			wantFinal:  "Summary of ceasefire monitoring [1]\n\n**Sources**\n",
			wantTopics: []string{"ceasefire monitoring"},
		},
		{
			name:       "summary of the whole summit",
			in:         slash(regular("u1"), "summary"),
			wantFinal:  "Summary of  [1]",
			wantTopics: []string{""},
		},
		{
			name:      "unknown command",
			in:        slash(regular("u1"), "frobnicate"),
			wantReply: "I don't know that command — try /ask.",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := &fakeAnswerer{}
			tb := newTestBot(t, a, newFakeLibrary(), nil)
			tb.interact(t, tt.in)

			calls := tb.rest.Calls()
			if len(calls) == 0 {
				t.Fatal("no REST call")
			}
			if tt.wantReply != "" {
				if len(calls) != 1 || !calls[0].isReply(tt.wantReply, true) {
					t.Errorf("calls =\n%s\nwant one ephemeral reply %q", tb.rest.dump(), tt.wantReply)
				}
			} else {
				if !calls[0].isDeferral() {
					t.Errorf("first call = %s, want a public deferral", calls[0])
				}
				final := finalEdit(t, tb.rest, tt.in)
				if !strings.HasPrefix(final.content(), tt.wantFinal) {
					t.Errorf("final answer =\n%s\nwant it to start with\n%s", final.content(), tt.wantFinal)
				}
				id := strings.TrimPrefix(final.buttonIDs()[0], "fb:up:")
				if got, want := final.buttonIDs(), []string{"fb:up:" + id, "fb:down:" + id}; !reflect.DeepEqual(got, want) || id == "" {
					t.Errorf("buttons = %v, want 👍 and 👎 for one answer", got)
				}
			}
			var asked []string
			for _, q := range a.questions() {
				asked = append(asked, q.Text)
				if len(q.History) != 0 {
					t.Errorf("question %q carries history %v", q.Text, q.History)
				}
			}
			if !reflect.DeepEqual(asked, tt.wantAsked) {
				t.Errorf("asked %q, want %q", asked, tt.wantAsked)
			}
			a.mu.Lock()
			defer a.mu.Unlock()
			if !reflect.DeepEqual(a.topics, tt.wantTopics) {
				t.Errorf("Summarize topics = %q, want %q", a.topics, tt.wantTopics)
			}
		})
	}
}

func TestRateLimitIsPerUser(t *testing.T) {
	tests := []struct {
		name         string
		rate         RateLimit
		mention      bool // ask by mentioning the bot instead of /ask
		asks         int  // by one eager user, in a row
		wantAnswered int
		wantRefusal  string // the refusal's last words, when one is refused
	}{
		{name: "two per hour", rate: RateLimit{Requests: 2, Window: time.Hour}, asks: 3, wantAnswered: 2, wantRefusal: "try again in 30 min."},
		{name: "one per minute", rate: RateLimit{Requests: 1, Window: time.Minute}, asks: 2, wantAnswered: 1, wantRefusal: "try again in 60s."},
		{name: "mentions too", rate: RateLimit{Requests: 1, Window: time.Minute}, mention: true, asks: 2, wantAnswered: 1, wantRefusal: "try again in 60s."},
		{name: "off", rate: RateLimit{Requests: -1}, asks: 8, wantAnswered: 8},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := &fakeAnswerer{}
			tb := newTestBot(t, a, newFakeLibrary(), func(c *Config) { c.RateLimit = tt.rate })
			ask := func(user, q string) {
				if tt.mention {
					tb.message(t, mention(user, "", q))
				} else {
					tb.interact(t, slash(regular(user), "ask", strOpt("question", q)))
				}
			}
			for i := range tt.asks {
				ask("eager", fmt.Sprint("question ", i))
			}
			ask("calm", "calm question") // another user is not limited

			refusals := tb.rest.matching(func(c restCall) bool { return strings.HasPrefix(c.content(), "You're asking quickly — ") })
			if got := len(a.questions()); got != tt.wantAnswered+1 {
				t.Errorf("%d questions answered, want %d from the eager user and 1 from the calm one", got, tt.wantAnswered)
			}
			if tt.wantRefusal == "" {
				if len(refusals) != 0 {
					t.Errorf("refusals with the limit off: %v", refusals)
				}
				return
			}
			if len(refusals) != tt.asks-tt.wantAnswered {
				t.Fatalf("%d refusals, want %d; calls:\n%s", len(refusals), tt.asks-tt.wantAnswered, tb.rest.dump())
			}
			r := refusals[0]
			if !strings.HasSuffix(r.content(), tt.wantRefusal) {
				t.Errorf("refusal %q does not end with %q", r.content(), tt.wantRefusal)
			}
			if tt.mention {
				if r.Method != mSend {
					t.Errorf("refusal of a mention = %s, want a reply", r)
				}
			} else if !r.isReply(r.content(), true) {
				t.Errorf("refusal of /ask = %s, want an ephemeral reply", r)
			}
			if !strings.Contains(tb.logs.String(), `msg="rate limited" user_id=eager`) {
				t.Errorf("the refusal was not logged")
			}
		})
	}
}

func TestQueuedQuestionsAreDeferredAtOnce(t *testing.T) {
	release, started := make(chan struct{}), make(chan struct{})
	a := &fakeAnswerer{askFn: func(ctx context.Context, q bot.Question, onPartial func(string)) (bot.Answer, error) {
		if q.Text == "slow" {
			close(started)
			<-release
		}
		return cannedAnswer("id-"+q.Text, q.Text+" [1]"), nil
	}}
	tb := newTestBot(t, a, newFakeLibrary(), func(c *Config) { c.MaxConcurrent = 1 })
	slow := slash(regular("u1"), "ask", strOpt("question", "slow"))
	queued := slash(regular("u2"), "ask", strOpt("question", "queued"))
	var wg sync.WaitGroup
	wg.Go(func() { tb.handleInteraction(ctxForTest(t), tb.rest, slow) })
	<-started // the slow answer holds the only slot
	wg.Go(func() { tb.handleInteraction(ctxForTest(t), tb.rest, queued) })

	if cb, ok := tb.rest.waitFor(func(c restCall) bool { return onInteraction(queued)(c) && c.Method == mRespond }); ok && !cb.isDeferral() {
		t.Errorf("queued question got %s, want a deferral", cb)
	}
	if n := len(a.questions()); n != 1 {
		t.Errorf("%d answers running with MaxConcurrent 1", n)
	}
	close(release)
	wg.Wait()
	for _, in := range []*discordgo.Interaction{slow, queued} {
		if final := finalEdit(t, tb.rest, in); !strings.Contains(final.content(), "**Sources**") {
			t.Errorf("final edit = %s", final)
		}
	}
}

func TestFailuresReachTheUserAsOneFriendlySentence(t *testing.T) {
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
		{
			name: "a refusal with its own sentence",
			askFn: func(ctx context.Context, q bot.Question, onPartial func(string)) (bot.Answer, error) {
				return bot.Answer{}, userError("That question is too long.")
			},
			want:    "That question is too long.",
			wantLog: "refused",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tb := newTestBot(t, &fakeAnswerer{askFn: tt.askFn}, newFakeLibrary(), func(c *Config) {
				if tt.timeout > 0 {
					c.AnswerTimeout = tt.timeout
				}
			})
			in := slash(regular("u1"), "ask", strOpt("question", "q"))
			tb.interact(t, in)
			if got := finalEdit(t, tb.rest, in).content(); got != tt.want {
				t.Errorf("the user was shown %q, want %q", got, tt.want)
			}
			if !strings.Contains(tb.logs.String(), tt.wantLog) {
				t.Errorf("log lacks %q", tt.wantLog)
			}
			for _, c := range tb.rest.Calls() {
				if strings.Contains(c.wire(), "sk-secret") {
					t.Errorf("error detail reached Discord: %s", c)
				}
			}
		})
	}
}

// TestRESTFailuresAreLogged checks what happens when Discord refuses a call:
// the bot logs it, does no needless work, and does not crash.
func TestRESTFailuresAreLogged(t *testing.T) {
	tests := []struct {
		name      string
		fail      string // the method that fails
		mention   bool   // ask by mention rather than /ask
		wantLog   string
		wantAsked int
	}{
		{name: "deferral", fail: mRespond, wantLog: "deferring /ask failed", wantAsked: 0},
		{name: "every edit", fail: mEditOriginal, wantLog: "posting the answer failed", wantAsked: 1},
		{name: "first reply to a mention", fail: mSend, mention: true, wantLog: "replying to a mention failed", wantAsked: 0},
		{name: "edits of a mention's reply", fail: mEdit, mention: true, wantLog: "posting the answer failed", wantAsked: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := &fakeAnswerer{}
			tb := newTestBot(t, a, newFakeLibrary(), nil)
			tb.rest.failWith(tt.fail, errREST)
			if tt.mention {
				tb.message(t, mention("u1", "", "q"))
			} else {
				tb.interact(t, slash(regular("u1"), "ask", strOpt("question", "q")))
			}
			if !strings.Contains(tb.logs.String(), tt.wantLog) || !strings.Contains(tb.logs.String(), errREST.Error()) {
				t.Errorf("log lacks %q with the error", tt.wantLog)
			}
			if got := len(a.questions()); got != tt.wantAsked {
				t.Errorf("answerer called %d times, want %d", got, tt.wantAsked)
			}
		})
	}
}

func TestRegisterCommands(t *testing.T) {
	tests := []struct {
		name    string
		guild   string
		appID   string
		fail    error
		wantErr string
		wantAt  string // where the commands went
	}{
		{name: "in the guild", guild: testGuild, appID: testAppID, wantAt: testAppID + "/" + testGuild},
		{name: "globally", appID: testAppID, wantAt: testAppID + "/"},
		{name: "refused in the guild", guild: testGuild, appID: testAppID, fail: errREST, wantErr: "discord: register commands in guild " + testGuild + ": " + errREST.Error()},
		{name: "refused globally", appID: testAppID, fail: errREST, wantErr: "discord: register commands globally: "},
		{name: "no application", wantErr: "discord: READY carried no application ID"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tb := newTestBot(t, &fakeAnswerer{}, newFakeLibrary(), func(c *Config) { c.GuildID = tt.guild })
			if tt.fail != nil {
				tb.rest.failWith(mBulkOverwrite, tt.fail)
			}
			err := tb.registerCommands(ctxForTest(t), tb.rest, tt.appID)
			if tt.wantErr != "" {
				if err == nil || !strings.HasPrefix(err.Error(), tt.wantErr) {
					t.Errorf("registerCommands: err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("registerCommands: %v", err)
			}
			calls := tb.rest.Calls()
			if len(calls) != 1 || calls[0].Method != mBulkOverwrite || calls[0].Channel != tt.wantAt {
				t.Fatalf("calls =\n%s\nwant one registration at %s", tb.rest.dump(), tt.wantAt)
			}
			if cmds := calls[0].Payload.([]*discordgo.ApplicationCommand); !reflect.DeepEqual(cmds, commands()) {
				t.Errorf("registered %s, want commands()", describe(cmds))
			}
		})
	}
}

func TestPanicInTheCoreGivesTheSlotBack(t *testing.T) {
	a := &fakeAnswerer{askFn: func(ctx context.Context, q bot.Question, onPartial func(string)) (bot.Answer, error) {
		if q.Text == "boom" {
			panic("index exploded")
		}
		return cannedAnswer("id-"+q.Text, q.Text+" [1]"), nil
	}}
	tb := newTestBot(t, a, newFakeLibrary(), func(c *Config) { c.MaxConcurrent = 1 })
	boom := slash(regular("u1"), "ask", strOpt("question", "boom"))
	tb.handleInteraction(ctxForTest(t), tb.rest, boom)
	if final := finalEdit(t, tb.rest, boom); strings.Contains(final.content(), "index exploded") || final.content() == "" {
		t.Errorf("after a panic the user saw %q, want a friendly sentence", final.content())
	}
	// With the only slot given back, the next question is answered.
	next := slash(regular("u2"), "ask", strOpt("question", "next"))
	tb.handleInteraction(ctxForTest(t), tb.rest, next)
	if final := finalEdit(t, tb.rest, next); !strings.Contains(final.content(), "**Sources**") {
		t.Errorf("question after the panic got %q, want an answer", final.content())
	}
}
