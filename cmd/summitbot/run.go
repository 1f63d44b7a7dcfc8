package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strings"

	"github.com/summitbot/summitbot/bot"
	"github.com/summitbot/summitbot/bot/llm"
	"github.com/summitbot/summitbot/bot/metrics"
	"github.com/summitbot/summitbot/data"
	"github.com/summitbot/summitbot/prompts"
	"github.com/summitbot/summitbot/retrieval"
	"github.com/summitbot/summitbot/retrieval/ingest"
)

// usageError is a mistake in how summitbot was invoked (exit status 2).
type usageError struct{ err error }

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error {
	return &usageError{fmt.Errorf(format, args...)}
}

// oneLine flattens an error for the one-line message summitbot prints.
func oneLine(err error) string {
	msg := err.Error()
	if m, ok := bot.Message(err); ok && !errors.Is(err, retrieval.ErrCorrupt) {
		msg = m
	}
	return strings.Join(strings.Fields(msg), " ")
}

const usage = `summitbot answers questions about the January 2026 Paris summit on security
guarantees for Ukraine, from news articles, with citations.

Usage:
  summitbot ask [--json] [-k N] [--guild ID] QUESTION|-
                                                 answer a question with cited sources
                                                 (- reads it from standard input)
  summitbot search [--json] [-k N] [--mode M] [--guild ID] QUERY|-
                                                 show the passages retrieved for a query
  summitbot summary [--json] [--guild ID] [TOPIC|SOURCE_ID]
                                                 cited summary of the summit, a topic or a source
  summitbot summary --topics [--json] [--guild ID]
                                                 list suggested topics
  summitbot sources list [--json] [--guild ID]   list loaded sources
  summitbot sources add [--builtin] [--guild ID] URL|FILE...
                                                 load articles (http/https URLs, .txt .md .html .pdf)
  summitbot sources remove [--guild ID] ID...    remove sources
  summitbot eval --questions FILE [-k N] [--answers] [--calibrate] [--json] [--corpus DIR] [--mode M]
                                                 measure retrieval (and answers, or the "not found"
                                                 threshold) on a question set
  summitbot eval --summaries FILE [--json] [--corpus DIR]
                                                 measure summaries' nugget recall and length
  summitbot serve                                run the Discord bot (needs DISCORD_TOKEN)
  summitbot healthcheck                          exit 0 if serve's /healthz (at METRICS_ADDR) says ok
  summitbot version                              show the version and revision (also --version)
  summitbot help [COMMAND]                       show this help, or a command's usage and flags
                                                 (also: summitbot COMMAND --help)

Every command accepts --index-dir DIR (default $INDEX_DIR, or .summitbot).
--guild ID acts in one Discord server's scope: the shared sources and that
server's own; without it, in the shared sources only.
Configuration comes from flags, the environment and an optional .env file
(the environment wins); see .env.example.
`

// run is summitbot's whole program: main only supplies the process's
// arguments, environment and streams, so tests call run directly. A request
// for help (-h, --help, summitbot help COMMAND) prints the command's usage
// and flags to stdout.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	err := runCommand(ctx, args, getenv, stdin, stdout, stderr)
	var h *helpRequest
	if errors.As(err, &h) {
		printHelp(stdout, h)
		return nil
	}
	return err
}

func runCommand(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) (err error) {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return usagef("no command given; try: summitbot ask \"How many troops could the multinational force include?\"")
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "help", "-h", "--help", "-help":
		if len(rest) == 0 || rest[0] == "help" {
			fmt.Fprint(stdout, usage)
			return nil
		}
		// summitbot help COMMAND [SUBCOMMAND] is COMMAND [SUBCOMMAND] --help.
		return runCommand(ctx, append(slices.Clone(rest), "--help"), getenv, stdin, stdout, stderr)
	case "version", "--version", "-version":
		return printVersion(stdout, rest)
	case "ask", "search", "summary", "sources", "eval", "serve", "healthcheck":
	default:
		return usagef("unknown command %q; run 'summitbot help'", cmd)
	}
	// Help needs no configuration: a broken .env does not hide it.
	var cfg config
	if !wantsHelp(rest) {
		var err error
		if cfg, err = loadConfig(getenv); err != nil {
			if cmd == "healthcheck" {
				return healthFailed(err) // exit status 1 only: container runtimes reserve 2
			}
			return err
		}
	}
	level := cfg.LogLevel
	if !cfg.logLevelSet && cmd != "serve" {
		level = slog.LevelWarn
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))
	a := &app{cfg: cfg, log: log, stdin: stdin, stdout: stdout, stderr: stderr}
	defer a.handOffIfLocked(ctx, cmd, args, &err) // to the bot holding the index (handoff.go)
	return a.command(cmd)(ctx, rest)
}

// command returns the function that runs the command named cmd, one run
// has checked is known.
func (a *app) command(cmd string) func(context.Context, []string) error {
	switch cmd {
	case "ask":
		return a.ask
	case "search":
		return a.search
	case "summary":
		return a.summary
	case "sources":
		return a.sources
	case "eval":
		return a.eval
	case "healthcheck":
		return a.healthcheck
	default:
		return a.serve
	}
}

// app holds what the commands share.
type app struct {
	cfg    config
	log    *slog.Logger
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	// shared, if not nil, is the running bot's core, which openCore returns
	// to a command the CLI handed to the bot; wd is then the CLI's working
	// directory.
	shared *core
	wd     string
	// metrics, when not nil, counts the model and embedding requests (serve
	// with METRICS_ADDR set; see metrics.go).
	metrics *metrics.Metrics
}

// newFlags returns a flag set for a command with the flags every command has.
func (a *app) newFlags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&a.cfg.IndexDir, "index-dir", a.cfg.IndexDir, "keep the index in `DIR` (default $INDEX_DIR, or .summitbot)")
	return fs
}

// guildFlag adds the --guild flag of the commands that act in a scope.
func guildFlag(fs *flag.FlagSet) *string {
	return fs.String("guild", "", "also use the sources of the Discord server (guild) `ID`, besides the shared ones")
}

// parseScoped parses flags like parse, then checks that --guild, if given,
// is a Discord server id.
func parseScoped(fs *flag.FlagSet, args []string, guild *string) ([]string, error) {
	pos, err := parse(fs, args)
	if err != nil {
		return nil, err
	}
	*guild = strings.TrimSpace(*guild)
	if g := *guild; g != "" && (len(g) > 20 || strings.Trim(g, "0123456789") != "") {
		return nil, usagef("%s: --guild %q is not a Discord server id (the number Discord shows under Copy Server ID)", fs.Name(), g)
	}
	return pos, nil
}

// parse parses flags, allowing them after positional arguments too. -h,
// -help and --help return a *helpRequest; a mistyped flag's error suggests
// the closest one; -k must keep the rule of kFlag.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, &helpRequest{name: fs.Name(), fs: fs}
			}
			return nil, flagError(fs, err)
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, checkK(fs)
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), checkK(fs)
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// embedder builds the configured embedder: an OpenAI-compatible endpoint, or
// the offline local one.
func (a *app) embedder() retrieval.Embedder {
	if !a.cfg.remoteEmbeddings() {
		return retrieval.LocalEmbedder{}
	}
	return &llm.Embedder{BaseURL: a.cfg.EmbeddingBaseURL, APIKey: a.cfg.EmbeddingAPIKey, Model: a.cfg.EmbeddingModel,
		HTTPClient: a.llmHTTPClient(metrics.EndpointEmbeddings)}
}

// chat builds the configured chat model, or returns nil for extractive mode.
func (a *app) chat() bot.Completer {
	if !a.cfg.llmEnabled() {
		return nil
	}
	return &llm.Chat{
		BaseURL: a.cfg.LLMBaseURL, APIKey: a.cfg.LLMAPIKey, Model: a.cfg.LLMModel,
		Timeout: a.cfg.LLMTimeout, FirstTokenTimeout: a.cfg.LLMFirstTokenTimeout, Temperature: 0.1,
		HTTPClient: a.llmHTTPClient(metrics.EndpointChat),
	}
}

// fetcher builds the safe URL loader used by sources add.
func (a *app) fetcher() *ingest.Fetcher {
	return &ingest.Fetcher{MaxBytes: a.cfg.MaxSourceBytes, UserAgent: "summitbot/1.0 (+news article loader)"}
}

// core is an open index with the library and engine over it.
type core struct {
	idx    *retrieval.Index
	lib    *bot.Library
	engine *bot.Engine
}

// defaultAskK is how many passages an answer draws on unless ask's -k says.
const defaultAskK = 6

// openCore opens the index, loads the built-in corpus where needed and builds
// the engine, or returns the running bot's core. The caller closes it with
// closeCore.
func (a *app) openCore(ctx context.Context, dir string) (*core, error) {
	return a.open(ctx, dir, false)
}

// openOffline opens the index like openCore for a command that needs no
// embedding (listing and removing sources, BM25 searches), which then makes
// no network request whatever the embedder settings. With an embeddings
// endpoint configured, the index is opened with DeferReembed (vectors of
// another model are re-embedded by the next command that embeds), sources
// are weighed by no topic (that needs the topic's vector), and the built-in
// corpus is not synced (that may embed articles): the next ask does it.
func (a *app) openOffline(ctx context.Context, dir string) (*core, error) {
	return a.open(ctx, dir, true)
}

func (a *app) open(ctx context.Context, dir string, offline bool) (*core, error) {
	if a.shared != nil {
		return a.shared, nil // the running bot's, for a command it carries out
	}
	remoteOnly := offline && a.cfg.remoteEmbeddings()
	thesaurus := data.NewThesaurus()
	words, err := data.CommonWords()
	if err != nil {
		return nil, err
	}
	adjectives, err := data.ProperAdjectives()
	if err != nil {
		return nil, err
	}
	opts := a.indexOptions(dir, thesaurus, words, remoteOnly)
	idx, err := retrieval.Open(ctx, opts)
	if err != nil {
		return nil, fmt.Errorf("open index %s: %w", dir, err)
	}
	lib := bot.NewLibrary(idx, a.fetcher(), data.Articles(), a.log, bot.WithMaxBytes(a.cfg.MaxSourceBytes),
		bot.WithMaxSourcesPerGuild(a.cfg.MaxSourcesPerServer))
	if remoteOnly {
		a.log.Debug("built-in corpus not synced: this command makes no embedding request")
	} else if added, err := lib.SyncBuiltin(ctx); err != nil {
		idx.Close()
		return nil, fmt.Errorf("load built-in corpus: %w", err)
	} else if len(added) > 0 {
		a.log.Info("indexed built-in articles", "count", len(added))
	}
	p, err := prompts.New()
	if err != nil {
		idx.Close()
		return nil, err
	}
	paraphrases := a.cfg.LLMParaphrases
	if paraphrases == 0 {
		paraphrases = -1 // bot.Options: none
	}
	// The word vectors' words tell a typo from a name; the index's, if it
	// reads them, or others read (lazily) for this.
	vocab := data.NewWordVectors()
	if v, ok := opts.WordVectors.(*data.WordVectors); ok {
		vocab = v
	}
	eng := bot.NewEngine(idx, a.chat(), p, a.log, bot.Options{K: defaultAskK, CommonWords: words, ProperAdjectives: adjectives, Inflections: thesaurus, Vocabulary: vocab, Acronyms: data.NewAcronyms(), Paraphrases: paraphrases, Rerank: a.cfg.Rerank})
	return &core{idx: idx, lib: lib, engine: eng}, nil
}

// indexOptions are the index's settings: the configured embedder, the
// topic (none for a command that must not embed, remoteOnly), the thesaurus,
// the ordinary English words and, with the offline embedder, the word
// vectors.
func (a *app) indexOptions(dir string, thesaurus *data.Thesaurus, words map[string]bool, remoteOnly bool) retrieval.Options {
	opts := retrieval.Options{Dir: dir, Embedder: a.embedder(), Logger: a.log, Topic: a.cfg.Topic, Thesaurus: thesaurus, OrdinaryWords: words, DeferReembed: remoteOnly}
	if !a.cfg.remoteEmbeddings() {
		// The word vectors stand in for what an embeddings model knows of
		// words used alike; beside a model they were not measured.
		opts.WordVectors = data.NewWordVectors()
	}
	if remoteOnly {
		opts.Topic = ""
	}
	return opts
}

func (a *app) printJSON(v any) error {
	enc := json.NewEncoder(a.stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
