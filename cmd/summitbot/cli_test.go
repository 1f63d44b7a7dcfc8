package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"github.com/summitbot/summitbot/bot/llmtest"
	"github.com/summitbot/summitbot/retrieval"
)

// runStdin runs summitbot with args and stdin.
func runStdin(t *testing.T, getenv func(string) string, stdin string, args ...string) (string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := run(context.Background(), args, getenv, strings.NewReader(stdin), &out, &errOut)
	return out.String(), err
}

func TestVersionLine(t *testing.T) {
	vcs := []debug.BuildSetting{
		{Key: "vcs.revision", Value: "abc1234def5678"},
		{Key: "vcs.time", Value: "2026-11-30T10:11:12Z"},
		{Key: "vcs.modified", Value: "true"},
	}
	tests := []struct {
		name    string
		version string
		info    *debug.BuildInfo
		want    string
	}{
		{"ldflags and VCS", "v1.2.3", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: vcs}, "summitbot v1.2.3 (revision abc1234, 2026-11-30, modified)"},
		{"module version", "", &debug.BuildInfo{Main: debug.Module{Version: "v1.4.0"}, Settings: vcs[:2]}, "summitbot v1.4.0 (revision abc1234, 2026-11-30)"},
		{"ldflags without VCS", "v2.0.0", &debug.BuildInfo{}, "summitbot v2.0.0 (unknown revision)"},
		{"nothing recorded", "", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, "summitbot (devel) (unknown revision)"},
		{"no build info", "", nil, "summitbot (devel) (unknown revision)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := versionLine(tt.version, tt.info); got != tt.want {
				t.Errorf("versionLine = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestVersionCommand(t *testing.T) {
	info, _ := debug.ReadBuildInfo()
	want := versionLine(version, info) + "\n"
	// A broken configuration does not matter: version reads none.
	getenv := env(t, "LLM_TIMEOUT", "soon")
	for _, args := range [][]string{{"version"}, {"--version"}} {
		out, _, err := runCLI(t, getenv, args...)
		if err != nil || out != want {
			t.Errorf("%v: %q, %v; want %q", args, out, err, want)
		}
	}
	if _, _, err := runCLI(t, getenv, "version", "now"); err == nil || exitCode(err) != 2 {
		t.Errorf("version now: %v, want a usage error", err)
	}
}

func TestHelpPerCommand(t *testing.T) {
	tests := []struct {
		cmd   []string
		flags []string
	}{
		{[]string{"ask"}, []string{"--json", "-k N", "--guild ID", "--index-dir DIR"}},
		{[]string{"search"}, []string{"--json", "-k N", "--mode MODE", "--guild ID", "--index-dir DIR"}},
		{[]string{"summary"}, []string{"--json", "--guild ID", "--index-dir DIR"}},
		{[]string{"sources", "list"}, []string{"--json", "--guild ID", "--index-dir DIR"}},
		{[]string{"sources", "add"}, []string{"--builtin", "--guild ID", "--index-dir DIR"}},
		{[]string{"sources", "remove"}, []string{"--guild ID", "--index-dir DIR"}},
		{[]string{"eval"}, []string{"--questions FILE", "-k N", "--answers", "--calibrate", "--json", "--corpus DIR", "--mode MODE", "--index-dir DIR"}},
		{[]string{"serve"}, []string{"--index-dir DIR"}},
		{[]string{"version"}, nil},
		{[]string{"sources"}, nil},
	}
	// Help reads no configuration: a broken one does not hide it.
	getenv := env(t, "LLM_TIMEOUT", "soon", "INDEX_DIR", t.TempDir())
	for _, tt := range tests {
		name := strings.Join(tt.cmd, " ")
		for _, args := range [][]string{
			append([]string{"help"}, tt.cmd...),
			append(append([]string{}, tt.cmd...), "--help"),
			append(append([]string{}, tt.cmd...), "-h"),
		} {
			t.Run(strings.Join(args, " "), func(t *testing.T) {
				out, _, err := runCLI(t, getenv, args...)
				if err != nil {
					t.Fatalf("err = %v, want none (exit 0)", err)
				}
				if !strings.HasPrefix(out, "Usage: summitbot "+name) {
					t.Errorf("help does not start with the usage line:\n%s", out)
				}
				if doc := commandDocs()[name]; !strings.Contains(out, doc.desc) || doc.desc == "" {
					t.Errorf("help lacks the description %q:\n%s", doc.desc, out)
				}
				for _, f := range tt.flags {
					if !strings.Contains(out, "\n  "+f+" ") {
						t.Errorf("help does not list %s:\n%s", f, out)
					}
				}
			})
		}
	}
	out, _, err := runCLI(t, getenv, "help")
	if err != nil || !strings.Contains(out, "summitbot help [COMMAND]") {
		t.Errorf("help: %v\n%s", err, out)
	}
	if _, _, err := runCLI(t, getenv, "help", "frobnicate"); err == nil || exitCode(err) != 2 {
		t.Errorf("help frobnicate: %v, want a usage error", err)
	}
}

func TestFlagSuggestions(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"ask", "--jsn", "hi"}, "ask: flag provided but not defined: -jsn (did you mean --json?)"},
		{[]string{"search", "--mdoe", "bm25", "hi"}, "search: flag provided but not defined: -mdoe (did you mean --mode?)"},
		{[]string{"sources", "add", "--bultin"}, "sources add: flag provided but not defined: -bultin (did you mean --builtin?)"},
		{[]string{"eval", "--questoins", "x.jsonl"}, "eval: flag provided but not defined: -questoins (did you mean --questions?)"},
		{[]string{"sources", "list", "--index_dir", "x"}, "sources list: flag provided but not defined: -index_dir (did you mean --index-dir?)"},
		{[]string{"ask", "-kk", "3", "hi"}, "ask: flag provided but not defined: -kk (did you mean -k?)"},
		{[]string{"ask", "--nope", "hi"}, "ask: flag provided but not defined: -nope"},
		{[]string{"ask", "-x", "hi"}, "ask: flag provided but not defined: -x"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			_, _, err := runCLI(t, env(t, "INDEX_DIR", t.TempDir()), tt.args...)
			if err == nil || oneLine(err) != tt.want || exitCode(err) != 2 {
				t.Errorf("got %v, want %q (exit 2)", err, tt.want)
			}
		})
	}
}

func TestQuestionFromStdin(t *testing.T) {
	getenv := env(t, "INDEX_DIR", t.TempDir())
	tests := []struct {
		name, stdin string
		args        []string
		want        string // in stdout; empty: a usage error saying the question is empty
	}{
		{"ask", "What did Macron call the agreement?\n", []string{"ask", "-"}, "significant step"},
		{"search", "axis of war\n", []string{"search", "--json", "-k", "1", "-"}, "axis of war"},
		{"ask empty", "", []string{"ask", "-"}, ""},
		{"search blank", " \n\t\n", []string{"search", "-"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := runStdin(t, getenv, tt.stdin, tt.args...)
			if tt.want == "" {
				if err == nil || exitCode(err) != 2 || !strings.Contains(oneLine(err), "question is empty") {
					t.Errorf("err = %v, want the empty-question usage error", err)
				}
				return
			}
			if err != nil || !strings.Contains(out, tt.want) {
				t.Errorf("err = %v, output lacks %q:\n%s", err, tt.want, out)
			}
		})
	}
}

func TestKRule(t *testing.T) {
	dir := t.TempDir()
	getenv := env(t, "INDEX_DIR", dir)
	for _, cmd := range []string{"ask", "search", "eval"} {
		for _, k := range []string{"0", "-1", fmt.Sprint(retrieval.MaxK + 1), "x", ""} {
			t.Run(cmd+" -k "+k, func(t *testing.T) {
				args := []string{cmd, "-k", k, "troops"}
				if cmd == "eval" {
					args = []string{cmd, "-k", k, "--questions", "../../bot/eval/testdata/heldout.jsonl"}
				}
				_, _, err := runCLI(t, getenv, args...)
				want := fmt.Sprintf("%s: -k must be a whole number from 1 to %d, not %q", cmd, retrieval.MaxK, k)
				if err == nil || oneLine(err) != want || exitCode(err) != 2 {
					t.Errorf("got %v, want %q (exit 2)", err, want)
				}
			})
		}
	}
	// The bounds themselves are accepted.
	for _, args := range [][]string{
		{"ask", "-k", "1", "How many troops could the multinational force include?"},
		{"search", "--json", "-k", fmt.Sprint(retrieval.MaxK), "--mode", "bm25", "troops"},
	} {
		if out, _, err := runCLI(t, getenv, args...); err != nil {
			t.Errorf("%v: %v\n%s", args, err, out)
		}
	}
}

func TestSourcesAddAlreadyLoaded(t *testing.T) {
	getenv := env(t, "INDEX_DIR", t.TempDir())
	if _, _, err := runCLI(t, getenv, "sources", "add", "testdata/extra-article.md"); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		refs     []string
		wantOut  []string
		wantExit int
	}{
		{"all already there", []string{"testdata/extra-article.md"},
			[]string{"testdata/extra-article.md: already loaded as extra-kyiv-briefing\n"}, 0},
		{"one missing", []string{"testdata/extra-article.md", "testdata/no-such.md"},
			[]string{"testdata/extra-article.md: already loaded as extra-kyiv-briefing\n", "testdata/no-such.md: not loaded:"}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, _, err := runCLI(t, getenv, append([]string{"sources", "add"}, tt.refs...)...)
			exit := 0
			if err != nil {
				exit = exitCode(err)
			}
			if exit != tt.wantExit {
				t.Errorf("exit status %d (%v), want %d", exit, err, tt.wantExit)
			}
			for _, w := range tt.wantOut {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
		})
	}
}

func TestSourcesRemoveMany(t *testing.T) {
	tests := []struct {
		name    string
		ids     func(builtin []string) []string
		wantOut []string
		wantErr string
	}{
		{"all known", func(b []string) []string { return b[:2] }, []string{"Removed " + "%0 (", "Removed %1 ("}, ""},
		{"one unknown", func(b []string) []string { return []string{b[0], "no-such-source"} },
			[]string{"Removed %0 (", "no-such-source: not removed: There is no source with id \"no-such-source\""},
			"1 of 2 sources could not be removed: no-such-source"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			getenv := env(t, "INDEX_DIR", t.TempDir())
			list := listJSON(t, getenv)
			var builtin []string
			for id := range list {
				builtin = append(builtin, id)
			}
			ids := tt.ids(builtin)
			out, _, err := runCLI(t, getenv, append([]string{"sources", "remove"}, ids...)...)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Errorf("err = %v, want none", err)
			case tt.wantErr != "" && (err == nil || oneLine(err) != tt.wantErr || exitCode(err) != 1):
				t.Errorf("err = %v, want %q (exit 1)", err, tt.wantErr)
			}
			if n := strings.Count(out, "\n") - strings.Count(out, "It is a built-in article"); n != len(ids) {
				t.Errorf("%d report lines for %d ids:\n%s", n, len(ids), out)
			}
			for _, w := range tt.wantOut {
				w = strings.NewReplacer("%0", builtin[0], "%1", builtin[1]).Replace(w)
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
			after := listJSON(t, getenv)
			for _, id := range ids {
				if _, ok := after[id]; ok {
					t.Errorf("%s is still listed", id)
				}
			}
		})
	}
}

// TestOfflineCommands checks that the commands that need no embedding make
// no request to the configured embeddings endpoint, even when the index was
// built with another embedder, and that those that embed re-embed as before.
func TestOfflineCommands(t *testing.T) {
	dir := t.TempDir()
	if _, _, err := runCLI(t, env(t, "INDEX_DIR", dir), "sources", "list"); err != nil {
		t.Fatal(err) // built with the local embedder
	}
	fake := llmtest.New(t)
	getenv := env(t, "INDEX_DIR", dir, "EMBEDDING_BASE_URL", fake.URL(), "EMBEDDING_API_KEY", "test-key", "EMBEDDING_MODEL", "fake-embed")
	ids := listJSON(t, getenv)
	if len(ids) != 5 {
		t.Fatalf("sources list through a remote embedder: %d sources, want the 5 built-in", len(ids))
	}
	var removed string
	for id := range ids {
		removed = id
		break
	}
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"sources", "list"}, "passages"},
		{[]string{"search", "--mode", "bm25", "axis of war"}, "axis of war"},
		{[]string{"sources", "remove", removed}, "Removed " + removed},
		{[]string{"help", "ask"}, "Usage: summitbot ask"},
		{[]string{"search", "--help"}, "Usage: summitbot search"},
		{[]string{"version"}, "summitbot "},
	}
	for _, tt := range tests {
		out, _, err := runCLI(t, getenv, tt.args...)
		if err != nil || !strings.Contains(out, tt.want) {
			t.Errorf("%v: %v; output lacks %q:\n%s", tt.args, err, tt.want, out)
		}
	}
	if n := len(fake.Requests()); n != 0 {
		t.Fatalf("commands that need no embedding made %d requests to the embeddings endpoint", n)
	}

	// A hybrid search embeds: it re-embeds every passage, then the query.
	out, _, err := runCLI(t, getenv, "search", "--json", "troops")
	var hits []searchResult
	if err != nil || json.Unmarshal([]byte(out), &hits) != nil || len(hits) == 0 {
		t.Fatalf("hybrid search: %v\n%s", err, out)
	}
	if fake.EmbeddingRequests() == 0 {
		t.Error("the hybrid search made no embedding request")
	}
	if strings.Contains(out, `"source_id": "`+removed+`"`) {
		t.Errorf("the removed source %s came back", removed)
	}
}

// TestServeNamesDialledHost checks that serve's error names the address
// DISCORD_API_BASE_URL sent it to, not discord.com.
func TestServeNamesDialledHost(t *testing.T) {
	addr := llmtest.ClosedPort(t)
	getenv := env(t, "INDEX_DIR", t.TempDir(), "DISCORD_TOKEN", "not-a-token", "DISCORD_API_BASE_URL", "http://"+addr)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var out bytes.Buffer
	err := run(ctx, []string{"serve"}, getenv, strings.NewReader(""), &out, &out)
	if err == nil || exitCode(err) != 1 {
		t.Fatalf("serve: %v, want a failure (exit 1)", err)
	}
	if msg := oneLine(err); !strings.Contains(msg, `"http://`+addr+`/api/`) || errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("serve's error does not name the URL it dialled (http://%s/api/…): %s", addr, msg)
	} else if strings.Contains(msg, "discord.com") {
		t.Errorf("serve's error names discord.com, which it did not dial: %s", msg)
	}
}
