package main

// Tests for the container files at the repository root (Dockerfile,
// .dockerignore, compose.yaml). Docker is not needed: the files are parsed and
// checked, and TestStaticBuild runs the Dockerfile's own go build command.

import (
	"bufio"
	"bytes"
	"debug/buildinfo"
	"debug/elf"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"
)

// repoRoot is the directory holding go.mod, found from the test's directory up.
func repoRoot(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found above the test directory")
		}
		dir = parent
	}
}

func readRootFile(t *testing.T, name string) string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(repoRoot(t), name))
	if err != nil {
		t.Fatal(err)
	}
	return string(raw)
}

// dfInstr is one Dockerfile instruction, continuations joined.
type dfInstr struct {
	cmd  string // upper case: FROM, RUN, COPY...
	args string
	line int // where it starts
}

// dfStage is a build stage: its FROM and the instructions after it.
type dfStage struct {
	base, name string
	instrs     []dfInstr
}

// parseDockerfile splits a Dockerfile into stages. It handles comments
// (also inside continued instructions), backslash continuations and
// FROM [--platform=...] IMAGE [AS NAME]; the escape directive is not supported.
func parseDockerfile(src string) ([]dfStage, error) {
	var (
		stages  []dfStage
		cur     strings.Builder
		start   int
		pending bool
	)
	flush := func() error {
		text := strings.TrimSpace(cur.String())
		cur.Reset()
		pending = false
		if text == "" {
			return nil
		}
		cmd, args, _ := strings.Cut(text, " ")
		in := dfInstr{cmd: strings.ToUpper(cmd), args: strings.TrimSpace(args), line: start}
		if in.cmd == "FROM" {
			var words []string
			for _, w := range strings.Fields(in.args) {
				if !strings.HasPrefix(w, "--") {
					words = append(words, w)
				}
			}
			if len(words) != 1 && (len(words) != 3 || !strings.EqualFold(words[1], "AS")) {
				return fmt.Errorf("line %d: want FROM IMAGE [AS NAME], got %q", start, text)
			}
			st := dfStage{base: words[0]}
			if len(words) == 3 {
				st.name = words[2]
			}
			stages = append(stages, st)
			return nil
		}
		if len(stages) == 0 {
			if in.cmd == "ARG" {
				return nil // global ARGs before the first FROM
			}
			return fmt.Errorf("line %d: %s before FROM", start, in.cmd)
		}
		stages[len(stages)-1].instrs = append(stages[len(stages)-1].instrs, in)
		return nil
	}
	sc := bufio.NewScanner(strings.NewReader(src))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(line, "#") {
			continue // comments and parser directives, also between continued lines
		}
		if !pending {
			if line == "" {
				continue
			}
			start = n
			pending = true
		}
		if body, ok := strings.CutSuffix(line, `\`); ok {
			cur.WriteString(strings.TrimRight(body, " \t") + " ")
			continue
		}
		cur.WriteString(line)
		if err := flush(); err != nil {
			return nil, err
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if pending {
		return nil, fmt.Errorf("line %d: continuation at the end of the file", start)
	}
	return stages, flush()
}

// find returns the stage's instructions named cmd.
func (s dfStage) find(cmd string) []dfInstr {
	var out []dfInstr
	for _, in := range s.instrs {
		if in.cmd == cmd {
			out = append(out, in)
		}
	}
	return out
}

// last returns the stage's last instruction named cmd (Docker uses the last
// USER, ENTRYPOINT, CMD, HEALTHCHECK), and whether there is one.
func (s dfStage) last(cmd string) (dfInstr, bool) {
	found := s.find(cmd)
	if len(found) == 0 {
		return dfInstr{}, false
	}
	return found[len(found)-1], true
}

// stripFlags removes leading --flag[=value] words (RUN --mount, COPY --from,
// HEALTHCHECK --interval) and returns them with the rest.
func stripFlags(args string) (flags map[string]string, rest string) {
	flags = map[string]string{}
	rest = strings.TrimSpace(args)
	for strings.HasPrefix(rest, "--") {
		word, after, _ := strings.Cut(rest, " ")
		k, v, _ := strings.Cut(strings.TrimPrefix(word, "--"), "=")
		flags[k] = v
		rest = strings.TrimSpace(after)
	}
	return flags, rest
}

// envPairs parses ENV's KEY=VALUE pairs (or the legacy ENV KEY VALUE form).
func envPairs(args string) map[string]string {
	out := map[string]string{}
	words := shellWords(args)
	if len(words) > 0 && !strings.Contains(words[0], "=") {
		out[words[0]] = strings.Join(words[1:], " ")
		return out
	}
	for _, w := range words {
		k, v, _ := strings.Cut(w, "=")
		out[k] = v
	}
	return out
}

// shellWords splits a command line on blanks, honouring single and double
// quotes (no escapes or expansions): enough for the Dockerfile's go build.
func shellWords(s string) []string {
	var (
		words []string
		cur   strings.Builder
		quote rune
		in    bool
	)
	for _, r := range s {
		switch {
		case quote != 0 && r == quote:
			quote = 0
		case quote != 0:
			cur.WriteRune(r)
		case r == '"' || r == '\'':
			quote, in = r, true
		case r == ' ' || r == '\t':
			if in {
				words = append(words, cur.String())
				cur.Reset()
				in = false
			}
		default:
			cur.WriteRune(r)
			in = true
		}
	}
	if in {
		words = append(words, cur.String())
	}
	return words
}

// execForm decodes a JSON-array (exec form) argument, or reports false.
func execForm(args string) ([]string, bool) {
	var out []string
	if err := json.Unmarshal([]byte(args), &out); err != nil {
		return nil, false
	}
	return out, true
}

// ignorePattern is one .dockerignore line.
type ignorePattern struct {
	re     *regexp.Regexp
	negate bool
}

// parseDockerignore reads .dockerignore the way Docker does for the subset
// used here: # comments, blank lines, ! exceptions, *, ** and ?, patterns
// relative to the context root. Character classes and escapes are rejected,
// so an unsupported line fails the test instead of being misread.
func parseDockerignore(src string) ([]ignorePattern, error) {
	var out []ignorePattern
	for n, line := range strings.Split(src, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		p := ignorePattern{}
		if rest, ok := strings.CutPrefix(line, "!"); ok {
			p.negate, line = true, strings.TrimSpace(rest)
		}
		if strings.ContainsAny(line, `[]\`) {
			return nil, fmt.Errorf(".dockerignore line %d: %q: character classes and escapes are not supported by this test", n+1, line)
		}
		line = strings.TrimPrefix(path.Clean("/"+line), "/")
		re, err := regexp.Compile(ignoreRegexp(line))
		if err != nil {
			return nil, fmt.Errorf(".dockerignore line %d: %w", n+1, err)
		}
		p.re = re
		out = append(out, p)
	}
	return out, nil
}

// ignoreRegexp translates a pattern like Docker's patternmatcher: * and ?
// stay within one path element, ** spans any number of them.
func ignoreRegexp(pattern string) string {
	var b strings.Builder
	b.WriteString("^")
	for i := 0; i < len(pattern); i++ {
		switch c := pattern[i]; {
		case c == '*' && i+1 < len(pattern) && pattern[i+1] == '*':
			i++
			if i+1 < len(pattern) && pattern[i+1] == '/' {
				i++
			}
			if i+1 == len(pattern) {
				b.WriteString(".*")
			} else {
				b.WriteString("(.*/)?")
			}
		case c == '*':
			b.WriteString("[^/]*")
		case c == '?':
			b.WriteString("[^/]")
		default:
			b.WriteString(regexp.QuoteMeta(string(c)))
		}
	}
	b.WriteString("$")
	return b.String()
}

// ignored reports whether Docker leaves file (slash-separated, relative to
// the context root) out of the build context: the last pattern matching the
// file or one of its parent directories decides.
func ignored(patterns []ignorePattern, file string) bool {
	out := false
	for _, p := range patterns {
		for dir := file; dir != "."; dir = path.Dir(dir) {
			if p.re.MatchString(dir) {
				out = !p.negate
				break
			}
		}
	}
	return out
}

func TestDockerignoreMatch(t *testing.T) {
	patterns, err := parseDockerignore("# c\n.env\n.env.*\n!.env.example\n**/testdata\n*.md\ndocs/**\n!docs/keep.txt\nbin?\n")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		file string
		want bool
	}{
		{".env", true},
		{".env.local", true},
		{".env.example", false},
		{"sub/.env", false}, // .env is anchored at the root
		{"testdata/a", true},
		{"a/b/testdata/c.json", true},
		{"README.md", true},
		{"data/articles/a.md", false}, // * does not cross /
		{"docs/x/y", true},
		{"docs/keep.txt", false},
		{"bin1", true},
		{"bin12", false},
		{"cmd/summitbot/main.go", false},
	}
	for _, tt := range tests {
		if got := ignored(patterns, tt.file); got != tt.want {
			t.Errorf("ignored(%q) = %v, want %v", tt.file, got, tt.want)
		}
	}
	if _, err := parseDockerignore("[ab]\n"); err == nil {
		t.Error("a character class was accepted; want an error")
	}
}

var embedLine = regexp.MustCompile(`^//go:embed\s+(.+)$`)

// buildInputs lists, relative to root, the files go build reads from the
// module: go.mod, go.sum, every non-test .go file and every file matched by
// a //go:embed pattern in them (directories recursively, without . and _
// files unless the pattern has the all: prefix).
func buildInputs(t *testing.T, root string) (goFiles, embedded []string) {
	t.Helper()
	goFiles = []string{"go.mod", "go.sum"}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if p != root && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || name == "testdata") {
				return filepath.SkipDir
			}
			if _, err := os.Stat(filepath.Join(p, "go.mod")); err == nil && p != root {
				return filepath.SkipDir // another module
			}
			return nil
		}
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			return nil
		}
		rel, _ := filepath.Rel(root, p)
		goFiles = append(goFiles, filepath.ToSlash(rel))
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for _, line := range strings.Split(string(src), "\n") {
			m := embedLine.FindStringSubmatch(strings.TrimSpace(line))
			if m == nil {
				continue
			}
			for _, pat := range shellWords(strings.ReplaceAll(m[1], "`", `"`)) {
				files, err := expandEmbed(filepath.Dir(p), pat)
				if err != nil {
					return fmt.Errorf("%s: //go:embed %s: %w", rel, pat, err)
				}
				for _, f := range files {
					r, _ := filepath.Rel(root, f)
					embedded = append(embedded, filepath.ToSlash(r))
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return goFiles, embedded
}

// expandEmbed returns the files one //go:embed pattern names in dir.
func expandEmbed(dir, pattern string) ([]string, error) {
	pattern, all := strings.CutPrefix(pattern, "all:")
	matches, err := filepath.Glob(filepath.Join(dir, filepath.FromSlash(pattern)))
	if err != nil {
		return nil, err
	}
	if len(matches) == 0 {
		return nil, errors.New("matches no files")
	}
	var files []string
	for _, m := range matches {
		err := filepath.WalkDir(m, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			hidden := strings.HasPrefix(d.Name(), ".") || strings.HasPrefix(d.Name(), "_")
			if p != m && hidden && !all {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if !d.IsDir() {
				files = append(files, p)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return files, nil
}

// goLineVersion is the go directive of go.mod (the toolchain line wins).
func goLineVersion(t *testing.T, gomod string) string {
	t.Helper()
	var v string
	for _, line := range strings.Split(gomod, "\n") {
		f := strings.Fields(line)
		switch {
		case len(f) == 2 && f[0] == "go" && v == "":
			v = f[1]
		case len(f) == 2 && f[0] == "toolchain":
			v = strings.TrimPrefix(f[1], "go")
		}
	}
	if v == "" {
		t.Fatal("go.mod has no go line")
	}
	return v
}

// buildStage returns the stage running go build and that RUN instruction.
func buildStage(t *testing.T, stages []dfStage) (dfStage, dfInstr) {
	t.Helper()
	for _, st := range stages {
		for _, in := range st.find("RUN") {
			if strings.Contains(in.args, "go build") {
				return st, in
			}
		}
	}
	t.Fatal("Dockerfile: no stage runs go build")
	return dfStage{}, dfInstr{}
}

func TestDockerfile(t *testing.T) {
	stages, err := parseDockerfile(readRootFile(t, "Dockerfile"))
	if err != nil {
		t.Fatalf("Dockerfile: %v", err)
	}
	if len(stages) < 2 {
		t.Fatalf("Dockerfile has %d stage(s), want a build stage and a final stage", len(stages))
	}
	build, goBuild := buildStage(t, stages)
	final := stages[len(stages)-1]
	if build.name == "" || final.base == build.base {
		t.Errorf("build stage %q (FROM %s) should be named and differ from the final stage (FROM %s)", build.name, build.base, final.base)
	}

	t.Run("build stage", func(t *testing.T) {
		goVersion := goLineVersion(t, readRootFile(t, "go.mod"))
		image, tag, _ := strings.Cut(build.base, ":")
		if image != "golang" || (tag != goVersion && !strings.HasPrefix(tag, goVersion+"-")) {
			t.Errorf("build stage FROM %s, want golang:%s[-variant] to match go.mod", build.base, goVersion)
		}
		download, copyAll := -1, -1
		for i, in := range build.instrs {
			_, rest := stripFlags(in.args)
			if in.cmd == "RUN" && strings.Contains(rest, "go mod download") && download < 0 {
				download = i
			}
			words := strings.Fields(rest)
			if (in.cmd == "COPY" || in.cmd == "ADD") && copyAll < 0 && len(words) > 1 && slices.Contains(words[:len(words)-1], ".") {
				copyAll = i
			}
		}
		if download < 0 || copyAll < 0 || download > copyAll {
			t.Errorf("want RUN go mod download (instruction %d) before COPY . (instruction %d), so modules are a cached layer", download, copyAll)
		}
		_, cmdline := stripFlags(goBuild.args)
		for _, want := range []string{"CGO_ENABLED=0", "-trimpath", "-s -w", "-X main.version=${VERSION}", "./cmd/summitbot"} {
			if !strings.Contains(cmdline, want) {
				t.Errorf("line %d: go build command lacks %q: %s", goBuild.line, want, cmdline)
			}
		}
		var version bool
		for _, in := range build.find("ARG") {
			if in.line < goBuild.line && strings.TrimSpace(in.args) == "VERSION=dev" {
				version = true
			}
		}
		if !version {
			t.Error("build stage: want ARG VERSION=dev before go build")
		}
	})

	t.Run("final stage", func(t *testing.T) {
		user, ok := final.last("USER")
		uid, gid, _ := strings.Cut(user.args, ":")
		u, errU := strconv.Atoi(uid)
		_, errG := strconv.Atoi(gid)
		if !ok || errU != nil || errG != nil || u == 0 {
			t.Errorf("final stage USER %q, want a non-root numeric uid:gid", user.args)
		}
		env := map[string]string{}
		for _, in := range final.find("ENV") {
			for k, v := range envPairs(in.args) {
				env[k] = v
			}
		}
		if env["INDEX_DIR"] != "/data" {
			t.Errorf("ENV INDEX_DIR=%q, want /data", env["INDEX_DIR"])
		}
		if !strings.HasPrefix(env["METRICS_ADDR"], "127.0.0.1:") {
			t.Errorf("ENV METRICS_ADDR=%q, want a loopback address for the health check", env["METRICS_ADDR"])
		}
		var volume bool
		for _, in := range final.find("VOLUME") {
			words, ok := execForm(in.args)
			if !ok {
				words = strings.Fields(in.args)
			}
			volume = volume || slices.Contains(words, "/data")
		}
		if !volume {
			t.Error("final stage: want VOLUME /data")
		}
		var owned, binary bool
		for _, in := range final.find("COPY") {
			flags, rest := stripFlags(in.args)
			words := strings.Fields(rest)
			dest := words[len(words)-1]
			if path.Clean(dest) == "/data" && flags["chown"] == user.args {
				owned = true
			}
			if flags["from"] == build.name && dest == "/usr/local/bin/summitbot" {
				binary = true
			}
		}
		if !owned {
			t.Errorf("final stage: want COPY --chown=%s ... /data so the volume belongs to the runtime user", user.args)
		}
		if !binary {
			t.Errorf("final stage: want COPY --from=%s ... /usr/local/bin/summitbot (on PATH for ENTRYPOINT and HEALTHCHECK)", build.name)
		}
		for _, tt := range []struct{ cmd, want string }{{"ENTRYPOINT", `["summitbot"]`}, {"CMD", `["serve"]`}} {
			in, _ := final.last(tt.cmd)
			got, _ := execForm(in.args)
			want, _ := execForm(tt.want)
			if !slices.Equal(got, want) {
				t.Errorf("%s %s, want %s (exec form)", tt.cmd, in.args, tt.want)
			}
		}
		hc, _ := final.last("HEALTHCHECK")
		_, rest := stripFlags(hc.args)
		check, ok := strings.CutPrefix(rest, "CMD ")
		words, exec := execForm(strings.TrimSpace(check))
		if !exec {
			words = strings.Fields(check)
		}
		if !ok || !slices.Equal(words, []string{"summitbot", "healthcheck"}) {
			t.Errorf("HEALTHCHECK %q, want CMD [\"summitbot\", \"healthcheck\"]", hc.args)
		}
		labels := strings.Join(func() []string {
			var out []string
			for _, in := range final.find("LABEL") {
				out = append(out, in.args)
			}
			return out
		}(), " ")
		for _, want := range []string{"org.opencontainers.image.source=", "org.opencontainers.image.version=", "org.opencontainers.image.licenses="} {
			if !strings.Contains(labels, want) {
				t.Errorf("final stage: no OCI label %s", strings.TrimSuffix(want, "="))
			}
		}
	})

	t.Run("CA certificates and tzdata", func(t *testing.T) {
		// distroless static and base ship /etc/ssl/certs and /usr/share/zoneinfo.
		if strings.HasPrefix(final.base, "gcr.io/distroless/static") || strings.HasPrefix(final.base, "gcr.io/distroless/base") {
			return
		}
		var certs, zoneinfo bool
		for _, in := range final.find("COPY") {
			certs = certs || strings.Contains(in.args, "/etc/ssl/certs")
			zoneinfo = zoneinfo || strings.Contains(in.args, "/usr/share/zoneinfo")
		}
		if !certs || !zoneinfo {
			t.Errorf("final stage FROM %s: CA certificates copied: %v, zoneinfo copied: %v; want both", final.base, certs, zoneinfo)
		}
	})

	t.Run("dockerignore", func(t *testing.T) {
		root := repoRoot(t)
		patterns, err := parseDockerignore(readRootFile(t, ".dockerignore"))
		if err != nil {
			t.Fatal(err)
		}
		goFiles, embedded := buildInputs(t, root)
		if len(embedded) == 0 {
			t.Fatal("found no //go:embed files; the scan is broken")
		}
		for _, f := range append(goFiles, embedded...) {
			if ignored(patterns, f) {
				t.Errorf(".dockerignore leaves out %s, which go build needs", f)
			}
		}
		for _, f := range []string{".env", ".env.local", ".env.production", "cmd/summitbot/.env", ".git/config", ".summitbot/manifest.json"} {
			if !ignored(patterns, f) {
				t.Errorf(".dockerignore sends %s to the builder; leave it out", f)
			}
		}
	})
}

func TestParseDockerfile(t *testing.T) {
	src := "# syntax=docker/dockerfile:1\nARG X=1\nFROM --platform=$BUILDPLATFORM golang:1 AS build\nRUN a \\\n  # comment inside\n  b \\\n  c\n\nFROM scratch\nENV A=1 \\\n    B=\"two\"\nUSER 1:1\n"
	stages, err := parseDockerfile(src)
	if err != nil {
		t.Fatal(err)
	}
	got := fmt.Sprintf("%+v", stages)
	want := `[{base:golang:1 name:build instrs:[{cmd:RUN args:a b c line:4}]} {base:scratch name: instrs:[{cmd:ENV args:A=1 B="two" line:10} {cmd:USER args:1:1 line:12}]}]`
	if got != want {
		t.Errorf("parseDockerfile:\n got %s\nwant %s", got, want)
	}
	if env := envPairs(stages[1].instrs[0].args); env["A"] != "1" || env["B"] != "two" {
		t.Errorf("envPairs = %v, want A=1 B=two", env)
	}
	for _, bad := range []string{"RUN x\n", "FROM a b\n", "FROM a AS b\nRUN x \\\n"} {
		if _, err := parseDockerfile(bad); err == nil {
			t.Errorf("parseDockerfile(%q) succeeded, want an error", bad)
		}
	}
}

// composeMap is a YAML mapping decoded into any.
type composeMap = map[string]any

func TestComposeFile(t *testing.T) {
	var doc composeMap
	if err := yaml.Unmarshal([]byte(readRootFile(t, "compose.yaml")), &doc); err != nil {
		t.Fatalf("compose.yaml: %v", err)
	}
	services, _ := doc["services"].(composeMap)
	volumes, _ := doc["volumes"].(composeMap)
	bot, ok := services["summitbot"].(composeMap)
	if !ok {
		t.Fatal("compose.yaml: no service summitbot")
	}
	if _, ok := bot["profiles"]; ok {
		t.Error("summitbot has profiles; it must start with a plain docker compose up")
	}
	if build, _ := bot["build"].(composeMap); bot["build"] != "." && (build == nil || build["context"] != ".") {
		t.Errorf("summitbot build = %v, want the repository root (.)", bot["build"])
	}
	if img, _ := bot["image"].(string); img == "" {
		t.Error("summitbot has no image name")
	}
	if bot["restart"] != "unless-stopped" {
		t.Errorf("summitbot restart = %v, want unless-stopped", bot["restart"])
	}
	grace, _ := bot["stop_grace_period"].(string)
	if d, err := time.ParseDuration(grace); err != nil || d < 35*time.Second {
		t.Errorf("summitbot stop_grace_period = %q, want at least 35s (serve drains for up to 30 s)", grace)
	}

	var envFile bool
	envFiles, _ := bot["env_file"].([]any)
	for _, e := range envFiles {
		if m, ok := e.(composeMap); ok && m["path"] == ".env" && m["required"] == false {
			envFile = true
		}
	}
	if !envFile {
		t.Errorf("summitbot env_file = %v, want [{path: .env, required: false}]", bot["env_file"])
	}
	env := composeEnv(t, bot["environment"])
	if env["INDEX_DIR"] != "/data" {
		t.Errorf("summitbot environment INDEX_DIR = %q, want /data (it must win over .env)", env["INDEX_DIR"])
	}
	if env["METRICS_ADDR"] == "" {
		t.Error("summitbot environment sets no METRICS_ADDR; the health check needs it")
	}
	for k, v := range env {
		if strings.Contains(v, "ollama") {
			t.Errorf("summitbot environment %s=%s points at ollama even without the ollama profile", k, v)
		}
	}
	if named := namedVolume(bot["volumes"], "/data"); named == "" || !hasKey(volumes, named) {
		t.Errorf("summitbot volumes = %v, want a named volume (declared under volumes:) on /data", bot["volumes"])
	}
	hc, _ := bot["healthcheck"].(composeMap)
	test, _ := hc["test"].([]any)
	if len(test) != 3 || test[0] != "CMD" || test[1] != "summitbot" || test[2] != "healthcheck" {
		t.Errorf("summitbot healthcheck test = %v, want [CMD, summitbot, healthcheck]", hc["test"])
	}
	if deps, ok := bot["depends_on"].(composeMap); ok {
		if o, ok := deps["ollama"].(composeMap); ok && o["required"] != false {
			t.Error("summitbot depends on ollama without required: false; it would not start without the profile")
		}
	}

	ollama, ok := services["ollama"].(composeMap)
	if !ok {
		t.Fatal("compose.yaml: no service ollama")
	}
	if profiles, _ := ollama["profiles"].([]any); len(profiles) != 1 || profiles[0] != "ollama" {
		t.Errorf("ollama profiles = %v, want [ollama]", ollama["profiles"])
	}
	if named := namedVolume(ollama["volumes"], "/root/.ollama"); named == "" || !hasKey(volumes, named) {
		t.Errorf("ollama volumes = %v, want a named volume on /root/.ollama", ollama["volumes"])
	}
}

// composeEnv reads a service's environment in map or KEY=VALUE list form.
func composeEnv(t *testing.T, v any) map[string]string {
	t.Helper()
	out := map[string]string{}
	switch env := v.(type) {
	case composeMap:
		for k, v := range env {
			out[k] = fmt.Sprint(v)
		}
	case []any:
		for _, e := range env {
			k, v, _ := strings.Cut(fmt.Sprint(e), "=")
			out[k] = v
		}
	case nil:
	default:
		t.Fatalf("environment is a %T", v)
	}
	return out
}

// namedVolume returns the volume mounted at target in short (NAME:TARGET)
// or long syntax, when it is a named volume rather than a host path.
func namedVolume(v any, target string) string {
	list, _ := v.([]any)
	for _, e := range list {
		var source, dest string
		switch m := e.(type) {
		case string:
			source, dest, _ = strings.Cut(m, ":")
			dest, _, _ = strings.Cut(dest, ":")
		case composeMap:
			if m["type"] != nil && m["type"] != "volume" {
				continue
			}
			source, _ = m["source"].(string)
			dest, _ = m["target"].(string)
		}
		if dest == target && source != "" && !strings.ContainsAny(source[:1], "./~") {
			return source
		}
	}
	return ""
}

func hasKey(m composeMap, k string) bool {
	_, ok := m[k]
	return ok
}

// TestStaticBuild runs the Dockerfile's go build command (its environment
// assignments and flags, VERSION=test-version, GOOS=linux) and checks the
// binary is static, stripped and stamped with the version. It compiles the
// whole program with -trimpath: minutes on a cold build cache, seconds on a
// warm one, so -short skips it.
func TestStaticBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles summitbot (minutes on a cold build cache); skipped with -short")
	}
	stages, err := parseDockerfile(readRootFile(t, "Dockerfile"))
	if err != nil {
		t.Fatalf("Dockerfile: %v", err)
	}
	_, goBuild := buildStage(t, stages)
	_, cmdline := stripFlags(goBuild.args)
	for _, part := range strings.Split(cmdline, "&&") {
		if strings.Contains(part, "go build") {
			cmdline = part
		}
	}
	const version = "container-test-version"
	vars := map[string]string{"VERSION": version, "TARGETOS": "linux", "TARGETARCH": runtime.GOARCH}
	words := shellWords(os.Expand(cmdline, func(k string) string { return vars[k] }))
	var env []string
	for len(words) > 0 && strings.Contains(words[0], "=") {
		env, words = append(env, words[0]), words[1:]
	}
	if len(words) < 2 || words[0] != "go" || words[1] != "build" {
		t.Fatalf("line %d: cannot read the go build command: %q", goBuild.line, cmdline)
	}
	bin := filepath.Join(t.TempDir(), "summitbot")
	args := words[2:]
	for i := range args {
		if args[i] == "-o" && i+1 < len(args) {
			args[i+1] = bin
		}
	}
	cmd := exec.Command("go", append([]string{"build"}, args...)...)
	cmd.Dir = repoRoot(t)
	cmd.Env = append(os.Environ(), env...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%v (env %v): %v\n%s", cmd.Args, env, err, out)
	}

	f, err := elf.Open(bin)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			t.Error("binary has a PT_INTERP header: it is dynamically linked")
		}
	}
	if libs, err := f.ImportedLibraries(); err != nil || len(libs) > 0 {
		t.Errorf("binary needs shared libraries %v (%v); want none", libs, err)
	}
	if f.Section(".symtab") != nil {
		t.Error("binary has a symbol table; -ldflags -s should strip it")
	}
	info, err := buildinfo.ReadFile(bin)
	if err != nil {
		t.Fatal(err)
	}
	settings := map[string]string{}
	for _, s := range info.Settings {
		settings[s.Key] = s.Value
	}
	if settings["CGO_ENABLED"] != "0" || settings["-trimpath"] != "true" {
		t.Errorf("build settings CGO_ENABLED=%q -trimpath=%q, want 0 and true", settings["CGO_ENABLED"], settings["-trimpath"])
	}
	t.Run("version", func(t *testing.T) {
		if !declaresVersion(t) {
			t.Skip("package main declares no version variable yet (it comes with the version command)")
		}
		// With -trimpath the build info omits -ldflags: look for the stamped string.
		if raw, err := os.ReadFile(bin); err != nil || !bytes.Contains(raw, []byte(version)) {
			t.Fatalf("binary does not contain %q: -X main.version did not reach it (%v)", version, err)
		}
		if runtime.GOOS != "linux" {
			t.Skip("the binary is built for linux")
		}
		cmd := exec.Command(bin, "version")
		cmd.Env = []string{"ENV_FILE=" + filepath.Join(t.TempDir(), "no.env"), "HOME=" + t.TempDir()}
		out, err := cmd.CombinedOutput()
		var exit *exec.ExitError
		if errors.As(err, &exit) && exit.ExitCode() == 2 && strings.Contains(string(out), "unknown command") {
			t.Skip("summitbot has no version command yet")
		}
		if err != nil || !strings.Contains(string(out), version) {
			t.Errorf("summitbot version: %v\n%s\nwant it to print %s", err, out, version)
		}
	})
}

// declaresVersion reports whether package main (its non-test files) has a
// package-level variable named version for -X main.version to set.
func declaresVersion(t *testing.T) bool {
	t.Helper()
	fset := token.NewFileSet()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != token.VAR {
				continue
			}
			for _, spec := range g.Specs {
				for _, n := range spec.(*ast.ValueSpec).Names {
					if n.Name == "version" {
						return true
					}
				}
			}
		}
	}
	return false
}
