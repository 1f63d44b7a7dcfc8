package main

import (
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/summitbot/summitbot/bot"
	"github.com/summitbot/summitbot/retrieval"
)

// commandDoc is what `summitbot help COMMAND` says about a command besides
// its flags.
type commandDoc struct{ usage, desc string }

// commandDocs documents each command by the name of its flag set.
func commandDocs() map[string]commandDoc {
	return map[string]commandDoc{
		"ask":            {"summitbot ask [flags] QUESTION", "Answer a question about the summit with cited sources; QUESTION - reads it from standard input."},
		"search":         {"summitbot search [flags] QUERY", "Show the passages retrieved for a query; QUERY - reads it from standard input."},
		"summary":        {"summitbot summary [flags] [TOPIC|SOURCE_ID]", "Write a cited summary of the summit, of a topic or of one source; --topics lists the topics worth one."},
		"sources":        {"summitbot sources list|add|remove [flags] ...", "List, load or remove the articles answers are drawn from; see 'summitbot help sources add' and so on."},
		"sources list":   {"summitbot sources list [flags]", "List the loaded sources."},
		"sources add":    {"summitbot sources add [flags] URL|FILE...", "Load articles (http/https URLs, .txt .md .html .pdf files); one already loaded is reported and is not a failure."},
		"sources remove": {"summitbot sources remove [flags] ID...", "Remove sources by id (see 'summitbot sources list'), each reported on its own line."},
		"eval":           {"summitbot eval --questions FILE [flags]\n       summitbot eval --summaries FILE [--json] [--corpus DIR]", "Measure retrieval (and answers, or the \"not found\" threshold) on a question set, or summaries' nugget recall and length."},
		"serve":          {"summitbot serve [flags]", "Run the Discord bot (needs DISCORD_TOKEN)."},
		"version":        {"summitbot version", "Print summitbot's version and the revision it was built from."},
		"healthcheck":    {"summitbot healthcheck", "Ask a running summitbot serve's /healthz (at METRICS_ADDR) whether it is healthy: exit 0 if so, 1 if not (for container health checks)."},
	}
}

// helpRequest is what parse returns for -h, -help or --help: run prints the
// help of the flag set (or, with no flag set, of the command named) to
// standard output and exits 0.
type helpRequest struct {
	name string
	fs   *flag.FlagSet
}

func (h *helpRequest) Error() string { return h.name + ": help requested" }

// isHelpFlag reports whether arg asks for help.
func isHelpFlag(arg string) bool { return arg == "-h" || arg == "-help" || arg == "--help" }

// wantsHelp reports whether args, before any "--", ask for help.
func wantsHelp(args []string) bool {
	for _, a := range args {
		if a == "--" {
			return false
		}
		if isHelpFlag(a) {
			return true
		}
	}
	return false
}

// printHelp writes a command's usage line, description and flags.
func printHelp(w io.Writer, h *helpRequest) {
	doc, ok := commandDocs()[h.name]
	if !ok {
		doc.usage = "summitbot " + h.name + " [flags]"
	}
	fmt.Fprintf(w, "Usage: %s\n", doc.usage)
	if doc.desc != "" {
		fmt.Fprintf(w, "\n%s\n", doc.desc)
	}
	if h.fs == nil {
		return
	}
	type line struct{ left, usage string }
	var lines []line
	width := 0
	h.fs.VisitAll(func(f *flag.Flag) {
		arg, usage := flag.UnquoteUsage(f)
		left := flagName(f.Name)
		if _, isBool := f.Value.(interface{ IsBoolFlag() bool }); !isBool && arg != "" {
			left += " " + arg
		}
		if d := f.DefValue; d != "" && d != "false" {
			usage += fmt.Sprintf(" (default %s)", d)
		}
		lines = append(lines, line{left, usage})
		width = max(width, len(left))
	})
	if len(lines) == 0 {
		return
	}
	fmt.Fprintln(w, "\nFlags:")
	for _, l := range lines {
		fmt.Fprintf(w, "  %-*s  %s\n", width, l.left, l.usage)
	}
}

// flagName writes a flag as users type it: -k, --json.
func flagName(name string) string {
	if len(name) == 1 {
		return "-" + name
	}
	return "--" + name
}

// suggestFlag returns the flag of fs closest to name (Levenshtein distance
// at most 2, and less than the name's length), or "".
func suggestFlag(fs *flag.FlagSet, name string) string {
	best, bestDist := "", 3
	fs.VisitAll(func(f *flag.Flag) {
		if d := retrieval.EditDistance(name, f.Name); d < bestDist && d < len(name) {
			best, bestDist = f.Name, d
		}
	})
	return best
}

// flagError words an error of fs.Parse, suggesting the closest flag for one
// that is not defined.
func flagError(fs *flag.FlagSet, err error) error {
	const undefined = "flag provided but not defined: -"
	if name, ok := strings.CutPrefix(err.Error(), undefined); ok {
		if s := suggestFlag(fs, name); s != "" {
			return usagef("%s: %v (did you mean %s?)", fs.Name(), err, flagName(s))
		}
	}
	return usagef("%s: %v", fs.Name(), err)
}

// kFlag is the -k flag of ask, search and eval, with one rule for all three:
// a whole number from 1 to retrieval.MaxK; left out, the command's default.
type kFlag struct {
	n   int
	raw string // as given
	set bool
}

// kVar defines -k on fs with the default def.
func kVar(fs *flag.FlagSet, def int, usage string) *kFlag {
	k := &kFlag{n: def}
	fs.Var(k, "k", fmt.Sprintf("%s, 1 to %d", usage, retrieval.MaxK))
	return k
}

func (k *kFlag) String() string {
	if k == nil {
		return ""
	}
	return strconv.Itoa(k.n)
}

// Set records the value; check judges it once the flags are parsed, so that
// every bad value gets the same message.
func (k *kFlag) Set(s string) error {
	k.raw, k.set = s, true
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		n = -1
	}
	k.n = n
	return nil
}

// given reports whether -k was given.
func (k *kFlag) given() bool { return k.set }

// checkK applies the -k rule to fs's -k, if it has one.
func checkK(fs *flag.FlagSet) error {
	f := fs.Lookup("k")
	if f == nil {
		return nil
	}
	k, ok := f.Value.(*kFlag)
	if !ok || !k.given() || (k.n >= 1 && k.n <= retrieval.MaxK) {
		return nil
	}
	return usagef("%s: -k must be a whole number from 1 to %d, not %q", fs.Name(), retrieval.MaxK, k.raw)
}

// maxQuestionBytes bounds what "-" reads from standard input: enough for
// bot.CheckQuestion to tell a question that is too long.
const maxQuestionBytes = 4*bot.MaxQuestionLen + 4

// question joins the positional arguments into a question, or reads it from
// standard input when they are "-"; it must pass bot.CheckQuestion.
func (a *app) question(pos []string) (string, error) {
	q := strings.Join(pos, " ")
	if len(pos) == 1 && pos[0] == "-" {
		b, err := io.ReadAll(io.LimitReader(a.stdin, maxQuestionBytes))
		if err != nil {
			return "", fmt.Errorf("read the question from standard input: %w", err)
		}
		q = strings.TrimSpace(string(b))
	}
	if err := bot.CheckQuestion(q); err != nil {
		return "", &usageError{err}
	}
	return q, nil
}
