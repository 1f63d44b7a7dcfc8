package main

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/joho/godotenv"

	"github.com/summitbot/summitbot/bot/discord"
)

// config is everything summitbot reads from the environment and .env.
type config struct {
	IndexDir string
	Topic    string

	LLMBaseURL string
	LLMAPIKey  string
	LLMModel   string
	LLMTimeout time.Duration
	// LLMFirstTokenTimeout bounds the wait for a model reply to start (and
	// each pause in a streamed one).
	LLMFirstTokenTimeout time.Duration
	// LLMParaphrases is how many paraphrases of each question the model
	// writes for retrieval; 0 turns them off.
	LLMParaphrases int
	// Rerank has the model reorder the passages found (RERANK=model).
	Rerank bool

	EmbeddingBaseURL string
	EmbeddingAPIKey  string
	EmbeddingModel   string

	DiscordToken      string
	DiscordGuildID    string
	DiscordAPIBaseURL string
	AdminRoleIDs      []string
	AdminUserIDs      []string
	RateLimit         int
	RateWindow        time.Duration
	MaxConcurrent     int
	MaxQueue          int // questions waiting for an answer slot; 0: none wait
	AnswerTimeout     time.Duration

	// MetricsAddr is where serve answers /healthz and /metrics (host:port,
	// a missing host meaning 127.0.0.1); "" serves neither.
	MetricsAddr string

	MaxSourceBytes int64
	// MaxSourcesPerServer caps the sources one Discord server loads of its own.
	MaxSourcesPerServer int
	LogLevel            slog.Level
	logLevelSet         bool
}

// envVar documents one configuration variable (README and .env.example list the same).
type envVar struct{ name, def, help string }

func envVars() []envVar {
	return []envVar{
		{"INDEX_DIR", ".summitbot", "where the index (vectors, BM25, manifest) is kept"},
		{"TOPIC", "the January 2026 Paris summit on security guarantees for Ukraine", "what the articles are about; questions are read in this context"},
		{"LLM_BASE_URL", "", "OpenAI-compatible chat endpoint, e.g. http://localhost:11434/v1 (default OpenAI's when a key is set)"},
		{"LLM_API_KEY", "", "key for the chat endpoint (falls back to OPENAI_API_KEY)"},
		{"LLM_MODEL", "gpt-4o-mini", "chat model name"},
		{"LLM_TIMEOUT", "60s", "time limit for one model request"},
		{"LLM_FIRST_TOKEN_TIMEOUT", "15s", "time limit for a model reply to start (and for each pause while it streams); then answers are extractive"},
		{"LLM_PARAPHRASES", "3", "paraphrases of each question the model writes to search with it (0 to 5; 0 turns them off)"},
		{"RERANK", "off", "model: the model reorders the passages found, in one more request per question; off: it does not"},
		{"EMBEDDING_BASE_URL", "", "OpenAI-compatible embeddings endpoint; with no URL and no key the offline local embedder is used"},
		{"EMBEDDING_API_KEY", "", "key for the embeddings endpoint"},
		{"EMBEDDING_MODEL", "text-embedding-3-small", "embedding model name"},
		{"DISCORD_TOKEN", "", "bot token for summitbot serve"},
		{"DISCORD_GUILD_ID", "", "register slash commands in this server only (instant); empty registers globally"},
		{"DISCORD_API_BASE_URL", "", "send Discord REST calls to this scheme and host instead of https://discord.com (e.g. a REST proxy)"},
		{"ADMIN_ROLE_IDS", "", "comma-separated role ids of the home server (DISCORD_GUILD_ID) whose members, with Manage Server, manage the shared sources"},
		{"ADMIN_USER_IDS", "", "comma-separated user ids who, with Manage Server where they use /sources, manage the shared sources from any server"},
		{"RATE_LIMIT", "5", "questions per user per RATE_WINDOW"},
		{"RATE_WINDOW", "1m", "window of the per-user rate limit"},
		{"MAX_CONCURRENT", "4", "answers computed at once; more wait in a queue"},
		{"MAX_QUEUE", "20", "questions waiting in that queue (0 to 10000); when it is full, new ones are told the bot is busy"},
		{"ANSWER_TIMEOUT", "90s", "time limit for one answer, queueing included; at most 14m, as Discord's interaction token expires after 15 minutes"},
		{"METRICS_ADDR", "", "where serve answers /healthz and /metrics, host:port (:9090 is 127.0.0.1:9090; 0.0.0.0:9090 all interfaces); empty serves neither"},
		{"SOURCE_MAX_BYTES", "5242880", "largest page or file accepted by sources add"},
		{"MAX_SOURCES_PER_SERVER", "200", "most sources one Discord server may load of its own (the shared corpus has no cap)"},
		{"LOG_LEVEL", "info", "debug, info, warn or error (the CLI logs warnings and errors only unless set)"},
	}
}

// readDotEnv reads a .env file with godotenv: KEY=VALUE lines, # comments,
// optional "export " and quotes. A missing file is not an error. The error for
// a malformed file names the line but never quotes it, since it may hold a
// secret.
func readDotEnv(path string) (map[string]string, error) {
	raw, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	vars, err := parseDotEnv(raw)
	if err != nil {
		return nil, fmt.Errorf("%s line %d: want KEY=VALUE (with any quotes closed)", path, badLine(raw))
	}
	return vars, nil
}

// parseDotEnv parses .env content. godotenv files a line without "=" at the
// very end under the empty name; that is an error here.
func parseDotEnv(raw []byte) (map[string]string, error) {
	vars, err := godotenv.UnmarshalBytes(raw)
	if err != nil {
		return nil, err
	}
	if _, ok := vars[""]; ok {
		return nil, errors.New("a line has no name")
	}
	return vars, nil
}

// badLine finds the line of a .env file that godotenv refuses: the one after
// the longest run of leading lines that parses. (godotenv's own errors quote
// the rest of the file, secrets included.)
func badLine(raw []byte) int {
	lines := bytes.SplitAfter(raw, []byte("\n"))
	for n := len(lines) - 1; n > 0; n-- {
		if _, err := parseDotEnv(bytes.Join(lines[:n], nil)); err == nil {
			return n + 1
		}
	}
	return 1
}

// maxParaphrases is the most LLM_PARAPHRASES allows.
const maxParaphrases = 5

// maxQueue is the most MAX_QUEUE allows.
const maxQueue = discord.MaxQueueLimit

// loadConfig reads configuration from getenv, falling back to the .env file's
// values (the environment wins), then to defaults.
func loadConfig(getenv func(string) string) (config, error) {
	envFile := getenv("ENV_FILE")
	if envFile == "" {
		envFile = ".env"
	}
	dot, err := readDotEnv(envFile)
	if err != nil {
		return config{}, &usageError{err}
	}
	get := func(name string) string {
		if v := strings.TrimSpace(getenv(name)); v != "" {
			return v
		}
		if v := strings.TrimSpace(dot[name]); v != "" {
			return v
		}
		for _, e := range envVars() {
			if e.name == name {
				return e.def
			}
		}
		return ""
	}
	var c config
	var errs []error
	dur := func(name string) time.Duration {
		d, err := time.ParseDuration(get(name))
		if err != nil || d <= 0 {
			errs = append(errs, fmt.Errorf("%s=%q is not a duration like 30s or 2m", name, get(name)))
		}
		return d
	}
	num := func(name string) int64 {
		n, err := strconv.ParseInt(get(name), 10, 64)
		if err != nil || n <= 0 {
			errs = append(errs, fmt.Errorf("%s=%q is not a positive whole number", name, get(name)))
		}
		return n
	}
	c.IndexDir = get("INDEX_DIR")
	c.Topic = get("TOPIC")
	c.LLMBaseURL = get("LLM_BASE_URL")
	c.LLMAPIKey = get("LLM_API_KEY")
	if c.LLMAPIKey == "" {
		c.LLMAPIKey = get("OPENAI_API_KEY")
	}
	c.LLMModel = get("LLM_MODEL")
	c.LLMTimeout = dur("LLM_TIMEOUT")
	c.LLMFirstTokenTimeout = dur("LLM_FIRST_TOKEN_TIMEOUT")
	if n, err := strconv.Atoi(get("LLM_PARAPHRASES")); err != nil || n < 0 || n > maxParaphrases {
		errs = append(errs, fmt.Errorf("LLM_PARAPHRASES=%q is not a whole number from 0 to %d", get("LLM_PARAPHRASES"), maxParaphrases))
	} else {
		c.LLMParaphrases = n
	}
	switch r := strings.ToLower(get("RERANK")); r {
	case "off", "none", "false", "0":
	case "model":
		c.Rerank = true
	default:
		errs = append(errs, fmt.Errorf("RERANK=%q is not off or model", get("RERANK")))
	}
	c.EmbeddingBaseURL = get("EMBEDDING_BASE_URL")
	c.EmbeddingAPIKey = get("EMBEDDING_API_KEY")
	c.EmbeddingModel = get("EMBEDDING_MODEL")
	c.DiscordToken = get("DISCORD_TOKEN")
	c.DiscordGuildID = get("DISCORD_GUILD_ID")
	c.DiscordAPIBaseURL = get("DISCORD_API_BASE_URL")
	c.AdminRoleIDs = splitList(get("ADMIN_ROLE_IDS"))
	c.AdminUserIDs = splitList(get("ADMIN_USER_IDS"))
	c.RateLimit = int(num("RATE_LIMIT"))
	c.RateWindow = dur("RATE_WINDOW")
	c.MaxConcurrent = int(num("MAX_CONCURRENT"))
	if n, err := strconv.Atoi(get("MAX_QUEUE")); err != nil || n < 0 || n > maxQueue {
		errs = append(errs, fmt.Errorf("MAX_QUEUE=%q is not a whole number from 0 to %d", get("MAX_QUEUE"), maxQueue))
	} else {
		c.MaxQueue = n
	}
	c.AnswerTimeout = dur("ANSWER_TIMEOUT")
	if c.AnswerTimeout > discord.MaxAnswerTimeout {
		errs = append(errs, fmt.Errorf("ANSWER_TIMEOUT=%q is too long: at most %s, because Discord's interaction token expires "+
			"after 15 minutes and a later answer could not be posted", get("ANSWER_TIMEOUT"), shortDuration(discord.MaxAnswerTimeout)))
	}
	if addr, err := metricsAddr(get("METRICS_ADDR")); err != nil {
		errs = append(errs, err)
	} else {
		c.MetricsAddr = addr
	}
	c.MaxSourceBytes = num("SOURCE_MAX_BYTES")
	c.MaxSourcesPerServer = int(num("MAX_SOURCES_PER_SERVER"))
	if lv := getenv("LOG_LEVEL"); lv != "" || dot["LOG_LEVEL"] != "" {
		c.logLevelSet = true
	}
	if err := c.LogLevel.UnmarshalText([]byte(get("LOG_LEVEL"))); err != nil {
		errs = append(errs, fmt.Errorf("LOG_LEVEL=%q is not one of debug, info, warn, error", get("LOG_LEVEL")))
	}
	for _, u := range []struct{ name, v string }{{"LLM_BASE_URL", c.LLMBaseURL}, {"EMBEDDING_BASE_URL", c.EmbeddingBaseURL}, {"DISCORD_API_BASE_URL", c.DiscordAPIBaseURL}} {
		if u.v != "" && !strings.HasPrefix(u.v, "http://") && !strings.HasPrefix(u.v, "https://") {
			errs = append(errs, fmt.Errorf("%s=%q must start with http:// or https://", u.name, u.v))
		}
	}
	if len(errs) > 0 {
		return config{}, &usageError{errors.Join(errs...)}
	}
	return c, nil
}

// metricsAddr checks METRICS_ADDR and gives a missing host the loopback
// address: ":9090" means 127.0.0.1:9090, while "0.0.0.0:9090" or
// "[::]:9090" listen on every interface. "" stays "" (no metrics server).
func metricsAddr(s string) (string, error) {
	if s == "" {
		return "", nil
	}
	bad := fmt.Errorf("METRICS_ADDR=%q is not host:port like :9090 (loopback only) or 0.0.0.0:9090 (every interface)", s)
	host, port, err := net.SplitHostPort(s)
	if err != nil {
		return "", bad
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 || strings.Trim(port, "0123456789") != "" {
		return "", bad
	}
	switch {
	case host == "":
		host = "127.0.0.1"
	case strings.HasPrefix(s, "[") != strings.Contains(host, ":"): // brackets are for IPv6 addresses, which need them
		return "", bad
	case strings.Contains(host, ":"):
		if net.ParseIP(host) == nil {
			return "", bad
		}
	case net.ParseIP(host) == nil && !validHostname(host):
		return "", bad
	}
	return net.JoinHostPort(host, port), nil
}

// validHostname reports whether h is a DNS name: dot-separated labels of
// letters, digits and hyphens.
func validHostname(h string) bool {
	if len(h) > 253 {
		return false
	}
	for _, label := range strings.Split(strings.TrimSuffix(h, "."), ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for _, r := range label {
			if !(r == '-' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
				return false
			}
		}
	}
	return true
}

// shortDuration shows a whole number of minutes as "14m", else as Go does.
func shortDuration(d time.Duration) string {
	if d%time.Minute == 0 {
		return fmt.Sprintf("%dm", d/time.Minute)
	}
	return d.String()
}

func splitList(s string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' }) {
		out = append(out, f)
	}
	return out
}

// llmEnabled reports whether a chat model is configured.
func (c config) llmEnabled() bool { return c.LLMAPIKey != "" || c.LLMBaseURL != "" }

// remoteEmbeddings reports whether an embeddings endpoint is configured.
func (c config) remoteEmbeddings() bool { return c.EmbeddingBaseURL != "" || c.EmbeddingAPIKey != "" }
