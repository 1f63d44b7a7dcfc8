package main

import (
	"strings"
	"sync"
	"testing"

	openai "github.com/sashabaranov/go-openai"

	"github.com/summitbot/summitbot/bot/discordtest"
	"github.com/summitbot/summitbot/bot/llmtest"
)

// startServe runs `summitbot serve` against a fake Discord until the test ends.
func startServe(t *testing.T, fake *discordtest.Server, kv ...string) *syncBuffer {
	t.Helper()
	getenv := env(t, append([]string{
		"INDEX_DIR", t.TempDir(), "DISCORD_TOKEN", fake.Token, "DISCORD_GUILD_ID", fake.GuildID,
		"DISCORD_API_BASE_URL", fake.URL, "LLM_API_KEY", testKey,
	}, kv...)...)
	logs, stop := serveInBackground(t, getenv)
	t.Cleanup(func() {
		if err := stop(); err != nil {
			t.Errorf("serve returned %v", err)
		}
	})
	fake.WaitReady(t, wait)
	return logs
}

// Discord shows the extractive answer with the notice when the model cannot
// be reached, for /ask and /summary; the log has the detail, never the key.
func TestServeFallsBackWhenTheModelIsUnreachable(t *testing.T) {
	t.Parallel() // these wait for retries and timeouts, not the CPU
	fake := discordtest.New(t)
	logs := startServe(t, fake, "LLM_BASE_URL", "http://"+llmtest.ClosedPort(t)+"/v1")
	const notice = "*Note: the language model could not be reached (connection refused), so this answer was made without it.*\n\n"

	ask := fake.Slash(discordtest.RegularMember("111"), "ask", discordtest.StringOption("question", troops))
	fake.DispatchInteraction(t, ask)
	final := fake.WaitFor(t, discordtest.All(discordtest.IsOriginalEdit(ask), discordtest.Contains("**Sources**")), wait)
	if c := final.Content(); !strings.HasPrefix(c, notice+"From the loaded sources:") || !strings.Contains(c, "15,000 to 20,000 troops") {
		t.Errorf("/ask answer:\n%s", c)
	}

	sum := fake.Slash(discordtest.RegularMember("111"), "summary")
	fake.DispatchInteraction(t, sum)
	final = fake.WaitFor(t, discordtest.All(discordtest.IsOriginalEdit(sum), discordtest.Contains("**Sources**")), wait)
	if c := final.Content(); !strings.HasPrefix(c, notice) {
		t.Errorf("/summary answer:\n%s", c)
	}
	if l := logs.String(); !strings.Contains(l, "connection refused") || strings.Contains(l, testKey) {
		t.Errorf("the log lacks the detail or shows the key:\n%s", l)
	}
}

// A reply that stops mid-stream was shown as it grew; the final message
// replaces it with the extractive answer and the notice.
func TestServeFallsBackWhenTheReplyStalls(t *testing.T) {
	t.Parallel() // these wait for retries and timeouts, not the CPU
	fake := discordtest.New(t)
	model := llmtest.New(t)
	var mu sync.Mutex
	model.Reply = func(req openai.ChatCompletionRequest) string {
		if kindOf(req) == "expand" {
			mu.Lock()
			model.StallNext(1, 6)
			mu.Unlock()
			return `{"question": "x", "paraphrases": []}`
		}
		return "Officials said the multinational force could number 15,000 to 20,000 troops [1]."
	}
	startServe(t, fake, "LLM_BASE_URL", model.URL(), "LLM_FIRST_TOKEN_TIMEOUT", "500ms")

	ask := fake.Slash(discordtest.RegularMember("111"), "ask", discordtest.StringOption("question", troops))
	fake.DispatchInteraction(t, ask)
	fake.WaitFor(t, discordtest.All(discordtest.IsOriginalEdit(ask), discordtest.Contains("Officials")), wait)
	final := fake.WaitFor(t, discordtest.All(discordtest.IsOriginalEdit(ask), discordtest.Contains("**Sources**")), wait)
	want := "*Note: the language model could not be reached (its reply stopped mid-way), so this answer was made without it.*\n\nFrom the loaded sources:"
	if c := final.Content(); !strings.HasPrefix(c, want) || strings.Contains(c, "Officials") {
		t.Errorf("final answer:\n%s", c)
	}
}
