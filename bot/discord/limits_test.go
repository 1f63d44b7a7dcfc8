package discord

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"

	"github.com/summitbot/summitbot/bot"
	"github.com/summitbot/summitbot/bot/discordtest"
)

func TestFullQueueRefusesAtOnce(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		maxQueue int
		last     string // what the refused question is: ask, summary or mention
	}{
		{"an /ask with one running and one waiting", 1, "ask"},
		{"a /summary with one running and one waiting", 1, "summary"},
		{"a mention with one running and one waiting", 1, "mention"},
		{"an /ask with one running and no queue", -1, "ask"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			a := newBlockingAnswerer()
			h := startBot(t, a, newFakeLibrary(), func(c *Config) {
				c.MaxConcurrent = 1
				c.MaxQueue = tt.maxQueue
			})
			member := discordtest.RegularMember("u1")
			var admitted []*discordtest.Interaction
			for i := range 1 + max(tt.maxQueue, 0) {
				in := h.fake.Slash(member, "ask", discordtest.StringOption("question", fmt.Sprintf("Question %d?", i+1)))
				h.fake.DispatchInteraction(t, in)
				// Deferred once admitted: it holds its place from now on.
				if cb := h.fake.WaitFor(t, discordtest.IsCallback(in), wait); callbackType(cb) != discordtest.CallbackDeferredMessage {
					t.Fatalf("question %d: callback %s, want a deferral", i+1, cb)
				}
				admitted = append(admitted, in)
				if i == 0 {
					// The first takes the only slot before the next is
					// asked, so that the next waits in the queue.
					if got := a.waitStarted(t); got != "Question 1?" {
						t.Fatalf("first answer started = %q", got)
					}
				}
			}

			switch tt.last {
			case "ask", "summary":
				in := h.fake.Slash(member, "ask", discordtest.StringOption("question", "One too many?"))
				if tt.last == "summary" {
					in = h.fake.Slash(member, "summary")
				}
				h.fake.DispatchInteraction(t, in)
				cb := h.fake.WaitFor(t, discordtest.IsCallback(in), wait)
				if callbackType(cb) != discordtest.CallbackMessage || !isEphemeral(cb) || cb.Content() != busyMessage {
					t.Errorf("refusal = %s, want an ephemeral %q", cb, busyMessage)
				}
			case "mention":
				m := h.fake.Mention(discordtest.NewUser("u2"), "", "One too many?")
				h.fake.DispatchMessage(t, m)
				reply := h.fake.WaitFor(t, discordtest.IsChannelPost(h.fake.ChannelID), wait)
				if reply.Content() != busyMessage || reply.Field("message_reference.message_id") != m.ID {
					t.Errorf("refusal = %s, want a reply to %s saying %q", reply, m.ID, busyMessage)
				}
			}
			select {
			case q := <-a.started:
				t.Errorf("answer to %q started while the first is still running", q)
			default:
			}

			close(a.block)
			for i, in := range admitted {
				h.fake.WaitFor(t, discordtest.All(discordtest.IsOriginalEdit(in), isFinal), wait)
				if i > 0 {
					a.waitStarted(t)
				}
			}
			if err := h.stop(); err != nil {
				t.Fatal(err)
			}
			if n := len(a.questions()); n != len(admitted) {
				t.Errorf("the core was asked %d questions, want %d", n, len(admitted))
			}
			a.mu.Lock()
			topics := len(a.topics)
			a.mu.Unlock()
			if topics != 0 {
				t.Errorf("the refused /summary reached the core")
			}
			if thinking := h.fake.CallsMatching(discordtest.Contains("Looking through")); len(thinking) != 0 {
				t.Errorf("a refused mention was told %q first", thinking[0].Content())
			}
		})
	}
}

// testClock is a clock a test moves forward.
type testClock struct {
	mu     sync.Mutex
	offset time.Duration
}

func (c *testClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Now().Add(c.offset)
}

func (c *testClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.offset += d
}

func TestAnswerGoesToTheChannelOnceTheTokenExpired(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		byClock    bool   // the interaction is 15 minutes old (else Discord refuses its token)
		summary    bool   // /summary topic: ceasefire (else /ask)
		long       bool   // a long answer, several messages
		fail       bool   // the core fails
		wantHeader string // the first line of the first channel message
	}{
		{name: "old by its timestamp", byClock: true, wantHeader: "Answer to <@u1>'s question “Who would \\*lead\\* the force?”:"},
		{name: "token refused (50027)", wantHeader: "Answer to <@u1>'s question “Who would \\*lead\\* the force?”:"},
		{name: "a long answer", byClock: true, long: true, wantHeader: "Answer to <@u1>'s question “Who would \\*lead\\* the force?”:"},
		{name: "a summary", summary: true, wantHeader: "Answer to <@u1>'s request for a summary of “ceasefire”:"},
		{name: "a failure", byClock: true, fail: true, wantHeader: "Answer to <@u1>'s question “Who would \\*lead\\* the force?”:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			a := newBlockingAnswerer()
			text := "France and the UK would lead the force [1]."
			if tt.long {
				text = longAnswer(4500, 450)
			}
			a.askFn = func(ctx context.Context, q bot.Question, onPartial func(string)) (bot.Answer, error) {
				if tt.fail {
					return bot.Answer{}, errors.New("index exploded")
				}
				return cannedAnswer("ans-late", text), nil
			}
			clock := &testClock{}
			h := startBotWith(t, a, newFakeLibrary(), nil, func(b *Bot) { b.now = clock.now })
			in := h.fake.Slash(discordtest.RegularMember("u1"), "ask", discordtest.StringOption("question", "Who would *lead* the force?"))
			if tt.summary {
				in = h.fake.Slash(discordtest.RegularMember("u1"), "summary", discordtest.StringOption("topic", "ceasefire"))
			}
			h.fake.DispatchInteraction(t, in)
			h.fake.WaitFor(t, discordtest.IsCallback(in), wait)
			a.waitStarted(t)
			if tt.byClock {
				clock.advance(tokenLifetime)
			} else {
				h.fake.ExpireInteraction(in)
			}
			close(a.block)

			want := "**Sources**"
			if tt.fail {
				want = "Sorry"
			}
			h.fake.WaitFor(t, discordtest.All(discordtest.IsChannelPost(h.fake.ChannelID), discordtest.Contains(want)), wait)
			if err := h.stop(); err != nil {
				t.Fatal(err)
			}
			posts := h.fake.CallsMatching(discordtest.IsChannelPost(h.fake.ChannelID))
			if first, _, _ := strings.Cut(posts[0].Content(), "\n"); first != tt.wantHeader {
				t.Errorf("first line = %q, want %q", first, tt.wantHeader)
			}
			if tt.long && len(posts) < 3 {
				t.Errorf("a long answer took %d messages, want 3 or more", len(posts))
			}
			for i, p := range posts {
				if p.Status != http.StatusOK {
					t.Errorf("post %d: %s", i, p)
				}
				if p.Field("message_reference") != nil {
					t.Errorf("post %d replies to a message: %s", i, p)
				}
				if ids := customIDs(t, p); (i == len(posts)-1 && !tt.fail) != (len(ids) > 0) {
					t.Errorf("post %d of %d has buttons %v; want them on the last one only", i+1, len(posts), ids)
				}
			}
			if tt.byClock {
				if late := h.fake.CallsMatching(discordtest.IsOriginalEdit(in)); len(late) != 0 {
					t.Errorf("the expired token was still used: %s", late[0])
				}
			}
			if !tt.fail {
				// A reply to the channel answer follows it up.
				if _, _, history := h.bot.convs.find(posts[len(posts)-1].ResponseID()); len(history) != 1 {
					t.Errorf("the channel answer carries %d turns, want 1", len(history))
				}
			}
		})
	}
}

func TestTokenRejectedAtStart(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		reject func(*discordtest.Server)
	}{
		{"REST says 401", (*discordtest.Server).RevokeToken},
		{"the gateway closes with 4004", (*discordtest.Server).RejectGatewayLogin},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fake := discordtest.New(t)
			tt.reject(fake)
			h := launchBot(t, fake, &fakeAnswerer{}, newFakeLibrary(), nil, nil)
			h.wantErr = ErrTokenRejected
			if err := h.exited(); !errors.Is(err, ErrTokenRejected) {
				t.Fatalf("Run = %v, want ErrTokenRejected", err)
			}
			if !strings.Contains(h.logs.String(), "discord rejected the bot token") {
				t.Errorf("the log does not say why")
			}
		})
	}
}

func TestTokenRevokedWhileServing(t *testing.T) {
	t.Parallel()
	h := startBot(t, &fakeAnswerer{}, newFakeLibrary(), nil)
	h.wantErr = ErrTokenRejected
	h.fake.RevokeToken()
	if err := h.exited(); !errors.Is(err, ErrTokenRejected) {
		t.Fatalf("Run = %v, want ErrTokenRejected", err)
	}
	h.waitLog(t, "during=reconnect")
}

func TestReconnectsAfterTheGatewayDrops(t *testing.T) {
	t.Parallel()
	h := startBot(t, &fakeAnswerer{}, newFakeLibrary(), nil)
	h.fake.DropGateway(4000, "Unknown error")
	h.waitLog(t, "reconnected to the gateway")
	if n := h.fake.Resumes(); n != 1 {
		t.Errorf("%d RESUMEs, want 1", n)
	}
	in := h.fake.Slash(discordtest.RegularMember("u1"), "ask", discordtest.StringOption("question", "Still there?"))
	h.fake.DispatchInteraction(t, in)
	h.fake.WaitFor(t, discordtest.All(discordtest.IsOriginalEdit(in), isFinal), wait)
}

func TestErrorClassification(t *testing.T) {
	rest := func(status, code int) error {
		e := &discordgo.RESTError{Response: &http.Response{StatusCode: status}}
		if code != 0 {
			e.Message = &discordgo.APIErrorMessage{Code: code}
		}
		return fmt.Errorf("edit interaction response: %w", e)
	}
	tests := []struct {
		name               string
		err                error
		rejected, webhookX bool
	}{
		{"REST 401", rest(401, 0), true, true},
		{"REST 401 code 50027", rest(401, 50027), true, true},
		{"REST 404 code 50027", rest(404, 50027), false, true},
		{"REST 403", rest(403, 50001), false, false},
		{"gateway 4004", fmt.Errorf("open: %w", &websocket.CloseError{Code: 4004, Text: "Authentication failed."}), true, false},
		{"gateway 4000", &websocket.CloseError{Code: 4000}, false, false},
		{"network", errors.New("dial tcp: connection refused"), false, false},
		{"nil", nil, false, false},
	}
	for _, tt := range tests {
		if got := tokenRejected(tt.err); got != tt.rejected {
			t.Errorf("%s: tokenRejected = %v, want %v", tt.name, got, tt.rejected)
		}
		if got := webhookTokenExpired(tt.err); got != tt.webhookX {
			t.Errorf("%s: webhookTokenExpired = %v, want %v", tt.name, got, tt.webhookX)
		}
	}
}

func TestQuoted(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Who leads?", "“Who leads?”"},
		{"  Who\nleads *the* force?\u200b ", "“Who leads \\*the\\* force?”"},
		{"[click](https://evil.example) @everyone", "“click <https://evil.example\\> @everyone”"},
		{strings.Repeat("a", 300), "“" + strings.Repeat("a", maxQuoted-1) + "…”"},
	}
	for _, tt := range tests {
		if got := quoted(tt.in); got != tt.want {
			t.Errorf("quoted(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
