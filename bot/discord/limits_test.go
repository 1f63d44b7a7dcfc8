package discord

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/summitbot/summitbot/bot"
	"github.com/summitbot/summitbot/bot/feedback"
)

func TestRateLimiter(t *testing.T) {
	t0 := time.Date(2026, 1, 6, 12, 0, 0, 0, time.UTC)
	type step struct {
		user     string
		at       time.Duration // after t0
		wantOK   bool
		wantWait time.Duration
	}
	tests := []struct {
		name  string
		rate  RateLimit
		steps []step
	}{
		{
			name: "burst then refill",
			rate: RateLimit{Requests: 3, Window: time.Minute},
			steps: []step{
				{"a", 0, true, 0}, {"a", 0, true, 0}, {"a", 0, true, 0},
				{"a", 0, false, 20 * time.Second},
				{"a", 10 * time.Second, false, 10 * time.Second},
				{"a", 20 * time.Second, true, 0},
				{"a", 20 * time.Second, false, 20 * time.Second},
			},
		},
		{
			name: "users are independent",
			rate: RateLimit{Requests: 1, Window: time.Minute},
			steps: []step{
				{"a", 0, true, 0}, {"a", 0, false, time.Minute}, {"b", 0, true, 0},
			},
		},
		{
			name: "disabled",
			rate: RateLimit{Requests: -1, Window: time.Minute},
			steps: []step{
				{"a", 0, true, 0}, {"a", 0, true, 0}, {"a", 0, true, 0},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRateLimiter(tt.rate, 100)
			for i, s := range tt.steps {
				wait, ok := r.allow(s.user, t0.Add(s.at))
				if ok != s.wantOK || wait.Round(time.Millisecond) != s.wantWait {
					t.Errorf("step %d: allow(%s, +%v) = %v, %v; want %v, %v", i, s.user, s.at, wait, ok, s.wantWait, s.wantOK)
				}
			}
		})
	}
}

func TestRateMessage(t *testing.T) {
	tests := []struct {
		wait time.Duration
		want string
	}{
		{12 * time.Second, "You're asking quickly — try again in 12s."},
		{11200 * time.Millisecond, "You're asking quickly — try again in 12s."},
		{10 * time.Millisecond, "You're asking quickly — try again in 1s."},
		{119 * time.Second, "You're asking quickly — try again in 119s."},
		{30 * time.Minute, "You're asking quickly — try again in 30 min."},
	}
	for _, tt := range tests {
		if got := rateMessage(tt.wait); got != tt.want {
			t.Errorf("rateMessage(%v) = %q, want %q", tt.wait, got, tt.want)
		}
	}
}

func TestLRUEvictsLeastRecentlyUsed(t *testing.T) {
	l := newLRU[string, int](2)
	l.put("a", 1)
	l.put("b", 2)
	l.get("a") // a is now more recent than b
	l.put("c", 3)
	tests := []struct {
		key    string
		wantOK bool
	}{{"a", true}, {"b", false}, {"c", true}}
	for _, tt := range tests {
		if _, ok := l.get(tt.key); ok != tt.wantOK {
			t.Errorf("get(%q) ok = %v, want %v", tt.key, ok, tt.wantOK)
		}
	}
	if l.len() != 2 {
		t.Errorf("len = %d, want 2", l.len())
	}
}

func TestConversationsKeepRecentTurns(t *testing.T) {
	c := newConversations(10)
	var conv *conversation
	for i := range historyTurns + 2 {
		conv, _, _ = c.find("answer-1")
		c.record(conv, bot.Turn{Question: fmt.Sprint("q", i), Answer: fmt.Sprint("a", i)}, "answer-1")
	}
	_, key, turns := c.find("unknown", "answer-1")
	if key != "answer-1" {
		t.Errorf("found under %q, want answer-1", key)
	}
	if len(turns) != historyTurns {
		t.Fatalf("kept %d turns, want %d", len(turns), historyTurns)
	}
	if got, want := turns[0].Question, "q2"; got != want {
		t.Errorf("oldest kept turn = %q, want %q", got, want)
	}
	if _, _, turns := c.find("nope"); turns != nil {
		t.Errorf("unknown key found turns %v", turns)
	}
}

func TestParseFeedbackID(t *testing.T) {
	tests := []struct {
		in       string
		wantVote feedback.Vote
		wantID   string
		wantOK   bool
	}{
		{feedbackID(feedback.Up, "ans-1"), feedback.Up, "ans-1", true},
		{feedbackID(feedback.Down, "a:b"), feedback.Down, "a:b", true},
		{"fb:up:ans-1", feedback.Up, "ans-1", true}, // buttons already posted keep working
		{"fb:down:ans-1", feedback.Down, "ans-1", true},
		{"fb:meh:ans", "", "", false},
		{"fb:up:", "", "", false},
		{"other", "", "", false},
	}
	for _, tt := range tests {
		vote, id, ok := parseFeedbackID(tt.in)
		if vote != tt.wantVote || id != tt.wantID || ok != tt.wantOK {
			t.Errorf("parseFeedbackID(%q) = %q, %q, %v", tt.in, vote, id, ok)
		}
	}
}

func TestNewValidatesConfig(t *testing.T) {
	a, lib, votes := &fakeAnswerer{}, newFakeLibrary(), memoryFeedback(t)
	tests := []struct {
		name    string
		cfg     Config
		wantErr string
	}{
		{"missing token", Config{}, "DISCORD_TOKEN is missing"},
		{"blank token", Config{Token: "  "}, `summitbot ask "`},
		{"bad base url", Config{Token: "t", APIBaseURL: "127.0.0.1:8080"}, "DISCORD_API_BASE_URL"},
		{"base url with path", Config{Token: "t", APIBaseURL: "http://127.0.0.1:8080/api"}, "scheme and host only"},
		{"ok", Config{Token: "t", APIBaseURL: "http://127.0.0.1:8080/"}, ""},
	}
	if _, err := New(Config{Token: "t"}, a, lib, nil, nil); err == nil || !strings.Contains(err.Error(), "Feedback") {
		t.Errorf("New without a feedback store: err = %v", err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(tt.cfg, a, lib, votes, nil)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Errorf("New: %v", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Errorf("New: err = %v, want it to mention %q", err, tt.wantErr)
			}
		})
	}
	if _, err := New(Config{}, a, lib, votes, nil); !errors.Is(err, ErrMissingToken) {
		t.Errorf("New without a token: err = %v, want ErrMissingToken", err)
	}
}

func TestConfigNeverShowsToken(t *testing.T) {
	cfg := Config{Token: "super-secret-token", GuildID: "1"}
	for _, got := range []string{fmt.Sprint(cfg), fmt.Sprintf("%+v", cfg), fmt.Sprintf("%#v", cfg), fmt.Sprint(cfg.LogValue())} {
		if strings.Contains(got, "super-secret") {
			t.Errorf("config shown with its token: %s", got)
		}
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestRewriteTransport(t *testing.T) {
	base, _ := url.Parse("http://127.0.0.1:8080")
	var got string
	rt := &rewriteTransport{base: base, next: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		got = r.URL.String()
		return &http.Response{StatusCode: http.StatusNoContent, Body: http.NoBody}, nil
	})}
	tests := []struct{ in, want string }{
		{"https://discord.com/api/v9/gateway", "http://127.0.0.1:8080/api/v9/gateway"},
		{"https://discord.com/api/v9/webhooks/1/tok/messages/@original?wait=true", "http://127.0.0.1:8080/api/v9/webhooks/1/tok/messages/@original?wait=true"},
		{"https://cdn.discordapp.com/attachments/1/2/a.pdf", "https://cdn.discordapp.com/attachments/1/2/a.pdf"},
	}
	for _, tt := range tests {
		req, _ := http.NewRequest(http.MethodGet, tt.in, nil)
		if _, err := rt.RoundTrip(req); err != nil {
			t.Fatal(err)
		}
		if got != tt.want {
			t.Errorf("RoundTrip(%s) went to %s, want %s", tt.in, got, tt.want)
		}
		if req.URL.String() != tt.in {
			t.Errorf("RoundTrip modified the caller's request: %s", req.URL)
		}
	}
	// discordgo's package-level endpoints are left alone.
	if discordgo.EndpointDiscord != "https://discord.com/" {
		t.Errorf("discordgo.EndpointDiscord = %q", discordgo.EndpointDiscord)
	}
}

func TestRedactHidesInteractionTokens(t *testing.T) {
	err := &url.Error{Op: "Patch", URL: "https://discord.com/api/v9/webhooks/123/secret-itoken/messages/@original", Err: errors.New("boom")}
	got := redact(err).Error()
	if strings.Contains(got, "secret-itoken") || !strings.Contains(got, "boom") {
		t.Errorf("redact = %q", got)
	}
}

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
