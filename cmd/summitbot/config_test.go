package main

import (
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/summitbot/summitbot/data"
)

func TestReadDotEnv(t *testing.T) {
	tests := []struct {
		name    string
		content *string // nil: no file
		want    map[string]string
		wantErr string // the line the error names
	}{
		{name: "missing file is fine", content: nil, want: nil},
		{name: "empty", content: ptr(""), want: map[string]string{}},
		{
			name:    "comments, blank lines, export and quotes",
			content: ptr("# settings\n\nexport INDEX_DIR=\"/srv/summit bot\"\nLLM_MODEL='gpt-4o-mini'\n  TOPIC = Paris summit  \n"),
			want:    map[string]string{"INDEX_DIR": "/srv/summit bot", "LLM_MODEL": "gpt-4o-mini", "TOPIC": "Paris summit"},
		},
		{
			name:    "comment after an unquoted value",
			content: ptr("RATE_LIMIT=5 # per minute\nDISCORD_GUILD_ID=123#not-a-comment\n"),
			want:    map[string]string{"RATE_LIMIT": "5", "DISCORD_GUILD_ID": "123#not-a-comment"},
		},
		{
			name:    "a quoted value keeps its #",
			content: ptr("LLM_API_KEY=\"sk-abc #1\"\n"),
			want:    map[string]string{"LLM_API_KEY": "sk-abc #1"},
		},
		{
			name:    "empty value and windows line ends",
			content: ptr("DISCORD_GUILD_ID=\r\nLOG_LEVEL=debug\r\n"),
			want:    map[string]string{"DISCORD_GUILD_ID": "", "LOG_LEVEL": "debug"},
		},
		{name: "a line without =", content: ptr("LOG_LEVEL=debug\nDISCORD_TOKEN\nLLM_MODEL=m\n"), wantErr: "line 2"},
		{name: "a name with a dash", content: ptr("# c\nLOG_LEVEL=debug\nDISCORD-TOKEN=secret-token-value\n"), wantErr: "line 3"},
		{name: "unclosed quote", content: ptr("DISCORD_TOKEN=\"secret-token-value\nLOG_LEVEL=debug\n"), wantErr: "line 1"},
		{name: "last line without = or newline", content: ptr("LOG_LEVEL=debug\nsecret-token-value"), wantErr: "line 2"},
		{
			name:    "a multi-line value before the bad line",
			content: ptr("TOPIC=\"Paris\nsummit\"\nLOG_LEVEL=debug\n!secret-token-value\n"),
			wantErr: "line 4",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), ".env")
			if tt.content != nil {
				if err := os.WriteFile(path, []byte(*tt.content), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			got, err := readDotEnv(path)
			if tt.wantErr != "" {
				if err == nil {
					t.Fatalf("readDotEnv = %v, want an error naming %s", got, tt.wantErr)
				}
				msg := err.Error()
				if !strings.Contains(msg, path+" "+tt.wantErr+":") || !strings.Contains(msg, "KEY=VALUE") {
					t.Errorf("error %q does not name %s %s", msg, path, tt.wantErr)
				}
				if strings.Contains(msg, "secret") {
					t.Errorf("error %q quotes the file", msg)
				}
				return
			}
			if err != nil {
				t.Fatalf("readDotEnv: %v", err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("readDotEnv = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestMalformedDotEnvIsAUsageError(t *testing.T) {
	envFile := filepath.Join(t.TempDir(), ".env")
	if err := os.WriteFile(envFile, []byte("LLM_API_KEY sk-secret-key\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, stderr, err := runCLI(t, func(k string) string {
		if k == "ENV_FILE" {
			return envFile
		}
		return ""
	}, "ask", "hi")
	if err == nil || exitCode(err) != 2 || !strings.Contains(oneLine(err), envFile+" line 1") {
		t.Fatalf("err = %v, want a usage error naming %s line 1", err, envFile)
	}
	if strings.Contains(oneLine(err)+stderr, "sk-secret") {
		t.Errorf("a secret from .env was printed: %q %q", oneLine(err), stderr)
	}
}

func ptr(s string) *string { return &s }

// TestEnvExampleParses checks that .env.example, which people copy to .env,
// is a valid .env file naming every variable summitbot reads.
func TestEnvExampleParses(t *testing.T) {
	vars, err := readDotEnv(filepath.Join("..", "..", ".env.example"))
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range envVars() {
		if _, ok := vars[v.name]; !ok {
			t.Errorf(".env.example does not set %s", v.name)
		}
	}
}

func TestModelSettings(t *testing.T) {
	tests := []struct {
		kv          []string
		firstToken  time.Duration
		paraphrases int
		rerank      bool
	}{
		{nil, 15 * time.Second, 3, false},
		{[]string{"LLM_FIRST_TOKEN_TIMEOUT", "2s", "LLM_PARAPHRASES", "0", "RERANK", "model"}, 2 * time.Second, 0, true},
		{[]string{"LLM_PARAPHRASES", "5", "RERANK", "OFF"}, 15 * time.Second, 5, false},
	}
	for _, tt := range tests {
		c, err := loadConfig(env(t, tt.kv...))
		if err != nil {
			t.Fatalf("%v: %v", tt.kv, err)
		}
		if c.LLMFirstTokenTimeout != tt.firstToken || c.LLMParaphrases != tt.paraphrases || c.Rerank != tt.rerank {
			t.Errorf("%v: first token %v, paraphrases %d, rerank %v; want %v, %d, %v", tt.kv,
				c.LLMFirstTokenTimeout, c.LLMParaphrases, c.Rerank, tt.firstToken, tt.paraphrases, tt.rerank)
		}
	}
	for _, bad := range [][]string{{"LLM_FIRST_TOKEN_TIMEOUT", "15"}, {"LLM_FIRST_TOKEN_TIMEOUT", "-1s"}, {"LLM_PARAPHRASES", "-1"}, {"LLM_PARAPHRASES", "two"}, {"RERANK", "llm"}} {
		if _, err := loadConfig(env(t, bad...)); err == nil || !strings.Contains(err.Error(), bad[0]+"=") {
			t.Errorf("%v: err = %v, want one naming %s", bad, err, bad[0])
		}
	}
}

func TestDiscordLimits(t *testing.T) {
	tests := []struct {
		kv        []string
		queue     int
		wantQueue int // discord.Config.MaxQueue
		timeout   time.Duration
	}{
		{nil, 20, 20, 90 * time.Second},
		{[]string{"MAX_QUEUE", "0", "ANSWER_TIMEOUT", "14m"}, 0, -1, 14 * time.Minute},
		{[]string{"MAX_QUEUE", "10000", "ANSWER_TIMEOUT", "5m"}, 10000, 10000, 5 * time.Minute},
	}
	for _, tt := range tests {
		c, err := loadConfig(env(t, tt.kv...))
		if err != nil {
			t.Fatalf("%v: %v", tt.kv, err)
		}
		if c.MaxQueue != tt.queue || c.AnswerTimeout != tt.timeout {
			t.Errorf("%v: queue %d, timeout %v; want %d, %v", tt.kv, c.MaxQueue, c.AnswerTimeout, tt.queue, tt.timeout)
		}
		if got := (&app{cfg: c}).discordConfig().MaxQueue; got != tt.wantQueue {
			t.Errorf("%v: discord.Config.MaxQueue = %d, want %d", tt.kv, got, tt.wantQueue)
		}
	}
	bad := []struct {
		kv   []string
		want string
	}{
		{[]string{"MAX_QUEUE", "-1"}, `MAX_QUEUE="-1" is not a whole number from 0 to 10000`},
		{[]string{"MAX_QUEUE", "lots"}, `MAX_QUEUE="lots" is not a whole number from 0 to 10000`},
		{[]string{"MAX_QUEUE", "10001"}, `MAX_QUEUE="10001" is not a whole number from 0 to 10000`},
		{[]string{"ANSWER_TIMEOUT", "15m"}, `ANSWER_TIMEOUT="15m" is too long: at most 14m, because Discord's interaction token expires after 15 minutes`},
		{[]string{"ANSWER_TIMEOUT", "14m1s"}, `ANSWER_TIMEOUT="14m1s" is too long`},
	}
	for _, tt := range bad {
		_, _, err := runCLI(t, env(t, tt.kv...), "serve")
		var ue *usageError
		if !errors.As(err, &ue) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%v: err = %v, want a usage error saying %q", tt.kv, err, tt.want)
		}
	}
}

// TestIndexOptionsWordVectors: the word vectors (the near-word ranking) go
// with the offline embedder only, and a command that must not embed has no
// topic.
func TestIndexOptionsWordVectors(t *testing.T) {
	for _, tt := range []struct {
		name       string
		env        []string
		remoteOnly bool
		wantWords  bool
		wantTopic  bool
	}{
		{"offline", nil, false, true, true},
		{"embeddings model", []string{"EMBEDDING_BASE_URL", "http://127.0.0.1:1/v1", "EMBEDDING_API_KEY", "k"}, false, false, true},
		{"embeddings model, no embedding", []string{"EMBEDDING_BASE_URL", "http://127.0.0.1:1/v1", "EMBEDDING_API_KEY", "k"}, true, false, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := loadConfig(env(t, tt.env...))
			if err != nil {
				t.Fatal(err)
			}
			a := &app{cfg: cfg, log: slog.New(slog.DiscardHandler)}
			opts := a.indexOptions(t.TempDir(), data.NewThesaurus(), nil, tt.remoteOnly)
			if got := opts.WordVectors != nil; got != tt.wantWords {
				t.Errorf("word vectors set: %v, want %v", got, tt.wantWords)
			}
			if got := opts.Topic != ""; got != tt.wantTopic {
				t.Errorf("topic %q; want one: %v", opts.Topic, tt.wantTopic)
			}
		})
	}
}
