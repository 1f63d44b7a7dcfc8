package main

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/summitbot/summitbot/bot/discordtest"
	"github.com/summitbot/summitbot/retrieval"
)

// startBot runs `summitbot serve` on dir against a fake Discord until the
// bot is ready. stop ends it and returns its error.
func startBot(t *testing.T, dir string) (fake *discordtest.Server, logs *syncBuffer, stop func() error) {
	t.Helper()
	fake = discordtest.New(t)
	getenv := env(t,
		"INDEX_DIR", dir,
		"DISCORD_TOKEN", fake.Token,
		"DISCORD_GUILD_ID", fake.GuildID,
		"DISCORD_API_BASE_URL", fake.URL,
	)
	logs, stop = serveInBackground(t, getenv)
	fake.WaitReady(t, wait)
	fake.WaitFor(t, func(c discordtest.Call) bool {
		return c.Method == "PUT" && strings.HasSuffix(c.Path, "/guilds/"+fake.GuildID+"/commands")
	}, wait)
	return fake, logs, stop
}

// staleSocket leaves at path a socket file that nothing listens on, as a
// killed bot does.
func staleSocket(t *testing.T, path string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("unix", path)
	if err != nil {
		t.Fatal(err)
	}
	ln.(*net.UnixListener).SetUnlinkOnClose(false)
	ln.Close()
	if _, err := os.Lstat(path); err != nil {
		t.Fatalf("stale socket not left: %v", err)
	}
}

// outcome is what one summitbot command printed and how it ended.
type outcome struct {
	Stdout, Stderr, Error string
	Exit                  int
}

var (
	addedAt       = regexp.MustCompile(`"added_at": "[^"]*"`)
	answerIDField = regexp.MustCompile(`(?m)^(\{\n  )"id": "[0-9a-f]+"`)
)

// runOutcome runs summitbot and returns its outcome, with what differs
// between two runs masked.
func runOutcome(t *testing.T, getenv func(string) string, args ...string) outcome {
	t.Helper()
	out, errOut, err := runCLI(t, getenv, args...)
	// What differs between two runs: when a source was added, and the
	// random id of an answer.
	out = addedAt.ReplaceAllString(out, `"added_at": "…"`)
	out = answerIDField.ReplaceAllString(out, `$1"id": "…"`)
	o := outcome{Stdout: out, Stderr: errOut}
	if err != nil {
		if errors.Is(err, retrieval.ErrLocked) {
			t.Fatalf("%q: %v (not handed to the bot)", args, err)
		}
		o.Exit, o.Error = exitCode(err), oneLine(err)
	}
	return o
}

// TestHandoffThroughServe runs CLI commands on the index of a running bot,
// and checks that they print what they print on an index of their own.
func TestHandoffThroughServe(t *testing.T) {
	botDir, soloDir := t.TempDir(), t.TempDir()
	sock := filepath.Join(botDir, "extras", socketName)
	staleSocket(t, sock) // serve replaces it
	fake, logs, stop := startBot(t, botDir)

	if runtime.GOOS != "windows" {
		fi, err := os.Stat(sock)
		if err != nil {
			t.Fatalf("no socket while serving: %v", err)
		}
		if fi.Mode()&os.ModeSocket == 0 || fi.Mode().Perm() != 0o600 {
			t.Errorf("socket mode = %v, want a socket with 0600", fi.Mode())
		}
	}

	viaBot, solo := env(t, "INDEX_DIR", botDir), env(t, "INDEX_DIR", soloDir)
	const kyiv = "When would the coordination centre in Kyiv open?"
	tests := []struct {
		name string
		args []string
		exit int
	}{
		{"sources list", []string{"sources", "list"}, 0},
		{"sources add a file", []string{"sources", "add", "testdata/extra-article.md"}, 0},
		{"sources add a missing file", []string{"sources", "add", "testdata/no-such-article.md"}, 1},
		{"sources list --json", []string{"sources", "list", "--json"}, 0},
		{"search --json", []string{"search", "--json", "-k", "3", "Kyiv coordination centre liaison officers"}, 0},
		{"ask", []string{"ask", kyiv}, 0},
		{"ask --json", []string{"ask", "--json", kyiv}, 0},
		{"summary", []string{"summary", "ground forces"}, 0},
		{"sources remove unknown", []string{"sources", "remove", "no-such-source"}, 1},
		{"ask empty", []string{"ask", ""}, 2},
		{"sources remove", []string{"sources", "remove", "extra-kyiv-briefing"}, 0},
		{"search after remove", []string{"search", "--json", "Kyiv coordination centre liaison officers"}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := runOutcome(t, viaBot, tt.args...)
			want := runOutcome(t, solo, tt.args...)
			if got != want {
				t.Errorf("beside the bot:\n%+v\nwant, as on an index of its own:\n%+v", got, want)
			}
			if got.Exit != tt.exit {
				t.Errorf("exit status %d, want %d (%s)", got.Exit, tt.exit, got.Error)
			}
			if tt.name == "search --json" && !strings.Contains(got.Stdout, `"source_id": "extra-kyiv-briefing"`) {
				t.Errorf("the source added through the bot is not found:\n%s", got.Stdout)
			}
		})
	}
	if n := strings.Count(logs.String(), "running a command from the command line"); n < len(tests)-1 {
		t.Errorf("the bot ran %d commands from the command line, want at least %d", n, len(tests)-1)
	}

	// A source added through the socket is the bot's at once.
	runOutcome(t, viaBot, "sources", "add", "testdata/extra-article.md")
	in := fake.Slash(discordtest.RegularMember("111"), "ask", discordtest.StringOption("question", kyiv))
	fake.DispatchInteraction(t, in)
	final := fake.WaitFor(t, discordtest.All(discordtest.IsOriginalEdit(in), discordtest.Contains("Sources")), wait)
	if !strings.Contains(final.Content(), "Kyiv briefing") {
		t.Errorf("/ask does not cite the source added from the command line:\n%s", final.Content())
	}

	// File names are relative to the client's working directory.
	other := t.TempDir()
	note := "---\nid: cli-note\ntitle: Note from the shell\n---\nThe liaison officers at the coordination centre in Kyiv would rotate every six weeks, the note from the ministry said on Friday, and each would report to Paris.\n"
	if err := os.WriteFile(filepath.Join(other, "note.md"), []byte(note), 0o600); err != nil {
		t.Fatal(err)
	}
	rep := rawRequest(t, sock, handoffRequest{Args: []string{"sources", "add", "note.md", "missing.md"}, Dir: other})
	if !strings.Contains(rep.Stdout, "note.md: loaded as cli-note") || !strings.Contains(rep.Stdout, "missing.md: not loaded: Cannot read the file missing.md.") {
		t.Errorf("sources add in another directory:\n%+v", rep)
	}

	// Commands the bot does not run are usage errors; so are requests
	// without a working directory, and those over the size limit fail.
	var out, errOut strings.Builder
	a := &app{cfg: config{IndexDir: botDir}, log: slog.New(slog.DiscardHandler), stdout: &out, stderr: &errOut}
	ok, err := a.handOff(context.Background(), sock, []string{"eval", "--questions", "q.jsonl"})
	var ue *usageError
	if !ok || !errors.As(err, &ue) || !strings.Contains(err.Error(), "stop the bot first") {
		t.Errorf("eval through the bot: handled %v, err %v; want a usage error", ok, err)
	}
	if rep := rawRequest(t, sock, handoffRequest{Args: []string{"sources", "list"}}); rep.Exit != 1 || rep.Stdout != "" {
		t.Errorf("request without a directory: %+v", rep)
	}
	huge := handoffRequest{Args: []string{"ask", strings.Repeat("troops ", maxRequestBytes/7+1)}, Dir: other}
	if rep := rawRequest(t, sock, huge); rep.Exit != 1 || !strings.Contains(rep.Error, "over") {
		t.Errorf("request over the limit: %+v", rep)
	}

	// With maxHandoffConns connections waiting, one more is told to try again.
	// An idle connection holds a slot only if one is free when the server
	// takes it: one accepted while a request ran was told the bot is busy
	// and closed. So while requests still find a slot, another idle
	// connection is opened, after the request's slot is given back.
	idle := func() {
		c, err := net.Dial("unix", sock)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
	}
	for i := 0; i < maxHandoffConns; i++ {
		idle()
	}
	busy := false
	for i := 0; i < 4*maxHandoffConns && !busy; i++ {
		rep := rawRequest(t, sock, handoffRequest{Args: []string{"sources", "list"}, Dir: other})
		if busy = rep.Exit == 1 && strings.Contains(rep.Error, "busy"); !busy {
			time.Sleep(20 * time.Millisecond)
			idle()
		}
	}
	if !busy {
		t.Error("no request was told the bot is busy")
	}

	if err := stop(); err != nil {
		t.Fatalf("serve: %v", err)
	}
	if _, err := os.Lstat(sock); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("socket left after serve stopped: %v", err)
	}
	if strings.Contains(logs.String(), fake.Token) {
		t.Error("the token reached the log")
	}
	// The bot gone, the CLI opens the index itself and sees what was added.
	if o := runOutcome(t, viaBot, "sources", "list"); !strings.Contains(o.Stdout, "cli-note") {
		t.Errorf("sources list after serve stopped:\n%s", o.Stdout)
	}
}

// rawRequest sends req to the bot's socket and returns the reply.
func rawRequest(t *testing.T, sock string, req handoffRequest) handoffReply {
	t.Helper()
	conn, err := net.Dial("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(wait))
	sent := make(chan struct{})
	go func() { // the bot may reply before reading it all
		defer close(sent)
		json.NewEncoder(conn).Encode(req)
	}()
	var rep handoffReply
	err = json.NewDecoder(conn).Decode(&rep)
	conn.Close()
	<-sent
	if err != nil {
		t.Fatalf("reply: %v", err)
	}
	return rep
}

// TestHandoffStaleSocket checks that a socket nothing listens on is removed,
// and that the CLI then reports the index in use.
func TestHandoffStaleSocket(t *testing.T) {
	dir := t.TempDir()
	idx, err := retrieval.Open(context.Background(), retrieval.Options{Dir: dir, Embedder: retrieval.LocalEmbedder{}})
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	sock := filepath.Join(dir, "extras", socketName)
	staleSocket(t, sock)
	_, _, err = runCLI(t, env(t, "INDEX_DIR", dir), "sources", "list")
	if !errors.Is(err, retrieval.ErrLocked) || exitCode(err) != 1 {
		t.Errorf("sources list on a locked index with a stale socket: %v, want the \"in use\" error", err)
	}
	if _, err := os.Lstat(sock); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("stale socket not removed: %v", err)
	}
	// With the lock free, commands just run.
	idx.Close()
	staleSocket(t, sock)
	if out, _, err := runCLI(t, env(t, "INDEX_DIR", dir), "sources", "list"); err != nil || out == "" {
		t.Errorf("sources list on a free index: %v\n%s", err, out)
	}
}

// TestHandoffLongIndexDir checks that serve runs without the socket when the
// index directory's path is too long for one, and says so.
func TestHandoffLongIndexDir(t *testing.T) {
	dir := filepath.Join(t.TempDir(), strings.Repeat("long-index-directory-", 5))
	if p, err := filepath.Abs(filepath.Join(dir, "extras", socketName)); err != nil || len(p) <= maxSocketPath {
		t.Fatalf("socket path %q (%v) is not too long", p, err)
	}
	_, logs, stop := startBot(t, dir)
	_, _, err := runCLI(t, env(t, "INDEX_DIR", dir), "sources", "list")
	if !errors.Is(err, retrieval.ErrLocked) {
		t.Errorf("sources list beside a bot without socket: %v, want the \"in use\" error", err)
	}
	for _, want := range []string{"the command line cannot reach this bot", "use a shorter INDEX_DIR", "longer than a Unix socket's 103"} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("serve's log lacks %q:\n%s", want, logs.String())
		}
	}
	if err := stop(); err != nil {
		t.Fatalf("serve: %v", err)
	}
}

func TestHandoffSocketPath(t *testing.T) {
	tests := []struct {
		dir     string
		wantErr bool
	}{
		{dir: "/srv/summitbot", wantErr: false},
		{dir: "/" + strings.Repeat("d", maxSocketPath-len("/extras/"+socketName)-1), wantErr: false},
		{dir: "/" + strings.Repeat("d", maxSocketPath-len("/extras/"+socketName)), wantErr: true},
	}
	for _, tt := range tests {
		got, err := socketPath(tt.dir)
		if (err != nil) != tt.wantErr {
			t.Errorf("socketPath(%d bytes) = %q, %v; want an error: %v", len(tt.dir), got, err, tt.wantErr)
		}
		if err == nil && got != filepath.Join(tt.dir, "extras", socketName) {
			t.Errorf("socketPath(%q) = %q", tt.dir, got)
		}
	}
}
