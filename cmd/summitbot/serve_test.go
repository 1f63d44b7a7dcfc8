package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	openai "github.com/sashabaranov/go-openai"

	"github.com/summitbot/summitbot/bot/discord"
	"github.com/summitbot/summitbot/bot/discordtest"
	"github.com/summitbot/summitbot/bot/feedback"
	"github.com/summitbot/summitbot/bot/llmtest"
)

const wait = 20 * time.Second

// syncBuffer is a bytes.Buffer safe for the logger and the test to share.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestServeEndToEnd runs `summitbot serve` through run against a fake Discord
// and a fake LLM, with a temporary index.

// serveInBackground runs `summitbot serve` with getenv until the test ends
// or stop is called; logs collects what it writes. stop ends it, waits for it
// (failing the test if it does not stop within wait) and returns its error;
// calling it again returns the same error.
func serveInBackground(t *testing.T, getenv func(string) string) (logs *syncBuffer, stop func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	logs = &syncBuffer{}
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"serve"}, getenv, strings.NewReader(""), logs, logs) }()
	stopped := false
	var err error
	stop = func() error {
		if stopped {
			return err
		}
		stopped = true
		cancel()
		select {
		case err = <-done:
		case <-time.After(wait):
			t.Fatal("serve did not stop after its context ended")
		}
		return err
	}
	t.Cleanup(func() { stop() })
	return logs, stop
}

func TestServeEndToEnd(t *testing.T) {
	fake := discordtest.New(t)
	llm := llmtest.New(t)
	llm.Reply = func(req openai.ChatCompletionRequest) string {
		return "France and the UK would provide the bulk of ground forces [1]. Note for @everyone: see [7]."
	}
	dir := t.TempDir()
	getenv := env(t,
		"INDEX_DIR", dir,
		"DISCORD_TOKEN", fake.Token,
		"DISCORD_GUILD_ID", fake.GuildID,
		"DISCORD_API_BASE_URL", fake.URL,
		"LLM_BASE_URL", llm.URL(),
		"LLM_API_KEY", "sk-test-serve-key",
	)
	logs, stop := serveInBackground(t, getenv)
	fake.WaitReady(t, wait)
	fake.WaitFor(t, func(c discordtest.Call) bool {
		return c.Method == "PUT" && strings.HasSuffix(c.Path, "/guilds/"+fake.GuildID+"/commands")
	}, wait)

	// /ask: deferred, then a grounded, non-pinging final edit.
	in := fake.Slash(discordtest.RegularMember("111"), "ask", discordtest.StringOption("question", "Which countries would provide most of the ground forces?"))
	fake.DispatchInteraction(t, in)
	fake.WaitFor(t, discordtest.IsCallback(in), wait)
	final := fake.WaitFor(t, discordtest.All(discordtest.IsOriginalEdit(in), discordtest.Contains("Sources")), wait)
	content := final.Content()
	for _, want := range []string{"bulk of ground forces [1]", "Sources"} {
		if !strings.Contains(content, want) {
			t.Errorf("final answer lacks %q:\n%s", want, content)
		}
	}
	if strings.Contains(content, "[7]") {
		t.Errorf("citation [7] to a passage never given survived:\n%s", content)
	}
	if parse, ok := final.Field("allowed_mentions.parse").([]any); !ok || len(parse) != 0 {
		t.Errorf("allowed_mentions.parse = %v, want []", final.Field("allowed_mentions.parse"))
	}

	// A 👍 on the answer is kept beside the index, where earlier versions kept it
	// (checked once serve has stopped).
	msg, _ := fake.Original(in)
	click := fake.ButtonClick(discordtest.RegularMember("111"), "fb:up:"+answerID(t, final), &msg)
	fake.DispatchInteraction(t, click)
	if ack := fake.WaitFor(t, discordtest.IsCallback(click), wait); !strings.Contains(ack.Content(), "Thanks for the feedback") {
		t.Errorf("feedback acknowledgement = %q", ack.Content())
	}

	// /sources add from a non-admin is refused even though Discord delivered it.
	add := fake.Slash(discordtest.RegularMember("222"), "sources", discordtest.SubCommand("add", discordtest.StringOption("url", "https://example.com/a")))
	fake.DispatchInteraction(t, add)
	refusal := fake.WaitFor(t, discordtest.IsCallback(add), wait)
	if !strings.Contains(refusal.Content(), "Only server admins") {
		t.Errorf("non-admin refusal = %q", refusal.Content())
	}

	// An admin adding a loopback URL gets the fetcher's refusal, and the index is unchanged.
	add = fake.Slash(discordtest.AdminMember("333"), "sources", discordtest.SubCommand("add", discordtest.StringOption("url", "http://127.0.0.1:9/article")))
	fake.DispatchInteraction(t, add)
	res := fake.WaitFor(t, discordtest.All(discordtest.IsOriginalEdit(add), discordtest.Contains("address")), wait)
	if !strings.Contains(res.Content(), "loopback") {
		t.Errorf("loopback refusal = %q", res.Content())
	}

	if err := stop(); err != nil {
		t.Fatalf("serve returned %v", err)
	}
	// Votes are saved in batches, and the last ones when serve stops.
	votes, err := feedback.Open(filepath.Join(dir, "extras", "feedback.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer votes.Close()
	if got := votes.Totals(); got != (feedback.Counts{Up: 1}) {
		t.Errorf("feedback in INDEX_DIR/extras/feedback.json = %+v, want one 👍", got)
	}
	for _, secret := range []string{fake.Token, "sk-test-serve-key"} {
		if strings.Contains(logs.String(), secret) {
			t.Errorf("a secret reached the log: %q", secret)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "manifest.json")); err != nil {
		t.Errorf("index not kept: %v", err)
	}
}

func TestServeWithoutToken(t *testing.T) {
	_, _, err := runCLI(t, env(t, "INDEX_DIR", t.TempDir()), "serve")
	var ue *usageError
	if !errors.As(err, &ue) {
		t.Fatalf("err = %v, want a usage error", err)
	}
	for _, want := range []string{"DISCORD_TOKEN", "summitbot ask"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
}

// answerID returns the answer ID in the custom ID of a final answer's 👍 button.
func answerID(t *testing.T, c discordtest.Call) string {
	t.Helper()
	var body struct {
		Components []struct {
			Components []struct {
				CustomID string `json:"custom_id"`
			} `json:"components"`
		} `json:"components"`
	}
	if err := c.Decode(&body); err != nil || len(body.Components) == 0 || len(body.Components[0].Components) == 0 {
		t.Fatalf("final answer has no buttons (%v): %s", err, c)
	}
	id, ok := strings.CutPrefix(body.Components[0].Components[0].CustomID, "fb:up:")
	if !ok {
		t.Fatalf("first button's custom ID = %q", body.Components[0].Components[0].CustomID)
	}
	return id
}

// TestServeRefusesCorruptFeedback checks that serve stops with a clear error,
// before connecting, when the feedback store is not valid, and leaves it be.
func TestServeRefusesCorruptFeedback(t *testing.T) {
	dir := t.TempDir()
	store := filepath.Join(dir, "extras", "feedback.json")
	if err := os.MkdirAll(filepath.Dir(store), 0o700); err != nil {
		t.Fatal(err)
	}
	garbage := []byte("{not json")
	if err := os.WriteFile(store, garbage, 0o600); err != nil {
		t.Fatal(err)
	}
	_, _, err := runCLI(t, env(t, "INDEX_DIR", dir, "DISCORD_TOKEN", "token-never-used"), "serve")
	if err == nil || exitCode(err) != 1 {
		t.Fatalf("err = %v, want a failure with exit status 1", err)
	}
	for _, want := range []string{store, "not valid JSON", "move it aside"} {
		if !strings.Contains(oneLine(err), want) {
			t.Errorf("error %q does not mention %q", oneLine(err), want)
		}
	}
	if got, _ := os.ReadFile(store); !bytes.Equal(got, garbage) {
		t.Errorf("corrupt feedback store was rewritten: %q", got)
	}
}

// TestServeRejectedToken checks that serve stops with exit status 1 and one
// sentence saying how to replace the token when Discord rejects it, at start
// (REST 401 or gateway 4004) or while serving (4004, then 401).
func TestServeRejectedToken(t *testing.T) {
	const want = "Discord rejected the bot token (DISCORD_TOKEN): reset it in the Developer Portal (Bot → Reset Token) and update your .env."
	tests := []struct {
		name   string
		before func(*discordtest.Server) // before serve starts
		during func(*discordtest.Server) // once the bot is ready
	}{
		{name: "REST 401 at start", before: (*discordtest.Server).RevokeToken},
		{name: "gateway 4004 at start", before: (*discordtest.Server).RejectGatewayLogin},
		{name: "revoked while serving", during: (*discordtest.Server).RevokeToken},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := discordtest.New(t)
			if tt.before != nil {
				tt.before(fake)
			}
			getenv := env(t,
				"INDEX_DIR", t.TempDir(),
				"DISCORD_TOKEN", fake.Token,
				"DISCORD_GUILD_ID", fake.GuildID,
				"DISCORD_API_BASE_URL", fake.URL,
			)
			var logs syncBuffer
			done := make(chan error, 1)
			go func() {
				done <- run(context.Background(), []string{"serve"}, getenv, strings.NewReader(""), &logs, &logs)
			}()
			if tt.during != nil {
				fake.WaitReady(t, wait)
				fake.WaitFor(t, func(c discordtest.Call) bool { return c.Method == "PUT" }, wait)
				tt.during(fake)
			}
			var err error
			select {
			case err = <-done:
			case <-time.After(wait):
				t.Fatal("serve did not stop when Discord rejected the token")
			}
			if !errors.Is(err, discord.ErrTokenRejected) || exitCode(err) != 1 || oneLine(err) != want {
				t.Errorf("serve: %q (exit status %d), want %q (exit status 1)", oneLine(err), exitCode(err), want)
			}
			if strings.Contains(logs.String(), fake.Token) {
				t.Errorf("the token reached the log")
			}
		})
	}
}
