package main

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/summitbot/summitbot/retrieval"
)

// listJSON runs sources list --json with args and decodes it.
func listJSON(t *testing.T, getenv func(string) string, args ...string) map[string]retrieval.Source {
	t.Helper()
	out, _, err := runCLI(t, getenv, append([]string{"sources", "list", "--json"}, args...)...)
	if err != nil {
		t.Fatalf("sources list %v: %v", args, err)
	}
	var list []retrieval.Source
	if err := json.Unmarshal([]byte(out), &list); err != nil {
		t.Fatalf("sources list %v: %v\n%s", args, err, out)
	}
	byID := map[string]retrieval.Source{}
	for _, s := range list {
		byID[s.ID] = s
	}
	return byID
}

func TestGuildScopeCLI(t *testing.T) {
	getenv := env(t, "INDEX_DIR", t.TempDir())
	const id = "extra-kyiv-briefing"
	out, _, err := runCLI(t, getenv, "sources", "add", "--guild", "123", "testdata/extra-article.md")
	if err != nil || !strings.Contains(out, "loaded as "+id) {
		t.Fatalf("add --guild: %v\n%s", err, out)
	}
	if _, ok := listJSON(t, getenv)[id]; ok {
		t.Errorf("the shared list shows server 123's source")
	}
	if got := listJSON(t, getenv, "--guild", "456")[id]; got.ID != "" {
		t.Errorf("server 456's list shows server 123's source")
	}
	in123 := listJSON(t, getenv, "--guild", "123")
	if got := in123[id]; got.Guild != "123" {
		t.Errorf("server 123's list: %s has guild %q, want 123", id, got.Guild)
	}
	if len(in123) != 6 {
		t.Errorf("server 123 sees %d sources, want the 5 shared and its own", len(in123))
	}
	out, _, _ = runCLI(t, getenv, "sources", "list", "--guild", "123")
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if shared := strings.Contains(line, "shared"); shared == strings.HasPrefix(line, id) {
			t.Errorf("line %q: want shared sources marked, and only those", line)
		}
	}

	// The same article may be loaded by another server, not twice by one.
	if out, _, err = runCLI(t, getenv, "sources", "add", "--guild", "456", "testdata/extra-article.md"); err != nil {
		t.Errorf("add to another server: %v\n%s", err, out)
	}
	if out, _, err = runCLI(t, getenv, "sources", "add", "--guild", "123", "testdata/extra-article.md"); err != nil || !strings.Contains(out, "already loaded as "+id) {
		t.Errorf("duplicate add to the same server: err=%v\n%s", err, out)
	}

	removals := []struct {
		args    []string
		wantErr string
	}{
		{[]string{"sources", "remove", id}, "no source with id"},
		{[]string{"sources", "remove", "--guild", "789", id}, "no source with id"},
		{[]string{"sources", "remove", "--guild", "123", "paris-declaration-multinational-force-ukraine"}, "shared by every server"},
		{[]string{"sources", "remove", "--guild", "123", id}, ""},
	}
	for _, tt := range removals {
		out, _, err := runCLI(t, getenv, tt.args...)
		switch {
		case tt.wantErr == "" && err != nil:
			t.Errorf("%v: %v\n%s", tt.args, err, out)
		case tt.wantErr != "" && (err == nil || !strings.Contains(out, tt.wantErr)):
			t.Errorf("%v: err = %v, output %q; want a failure saying %q", tt.args, err, out, tt.wantErr)
		}
	}
	if _, ok := listJSON(t, getenv, "--guild", "123")[id]; ok {
		t.Errorf("server 123's source is still listed after its removal")
	}
}

func TestGuildFlagRefused(t *testing.T) {
	getenv := env(t, "INDEX_DIR", t.TempDir())
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"ask", "--guild", "abc", "Who met in Paris?"}, `ask: --guild "abc" is not a Discord server id`},
		{[]string{"search", "--guild", "12-34", "troops"}, `search: --guild "12-34" is not a Discord server id`},
		{[]string{"summary", "--guild", "123456789012345678901"}, `is not a Discord server id`},
		{[]string{"sources", "list", "--guild", "x"}, `sources list: --guild "x" is not a Discord server id`},
		{[]string{"sources", "add", "--builtin", "--guild", "123"}, "--builtin restores the shared corpus; leave out --guild"},
	}
	for _, tt := range tests {
		_, _, err := runCLI(t, getenv, tt.args...)
		var ue *usageError
		if !errors.As(err, &ue) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%v: err = %v, want a usage error containing %q", tt.args, err, tt.want)
		}
	}
}
