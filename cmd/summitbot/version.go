package main

import (
	"flag"
	"fmt"
	"io"
	"runtime/debug"
	"strings"
	"time"
)

// version is summitbot's version, set when building with
// -ldflags "-X main.version=v1.2.3"; when it is empty, the version of the
// module in the build information is shown.
var version string

// versionLine says which summitbot this is, e.g.
// "summitbot v1.2.3 (revision abc1234, 2026-11-30, modified)": v (main.version)
// or else the module's version, and the revision, commit date and local
// changes the Go toolchain recorded, or "unknown revision" when it recorded
// none (info may be nil).
func versionLine(v string, info *debug.BuildInfo) string {
	if v == "" && info != nil {
		v = info.Main.Version
	}
	if v == "" {
		v = "(devel)"
	}
	var rev, date string
	modified := false
	if info != nil {
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.time":
				if t, err := time.Parse(time.RFC3339, s.Value); err == nil {
					date = t.UTC().Format(time.DateOnly)
				}
			case "vcs.modified":
				modified = s.Value == "true"
			}
		}
	}
	var parts []string
	if rev == "" {
		parts = append(parts, "unknown revision")
	} else {
		parts = append(parts, "revision "+rev[:min(len(rev), 7)])
	}
	if date != "" {
		parts = append(parts, date)
	}
	if modified {
		parts = append(parts, "modified")
	}
	return fmt.Sprintf("summitbot %s (%s)", v, strings.Join(parts, ", "))
}

// printVersion is the version command: it reads no configuration and never
// touches the network.
func printVersion(w io.Writer, args []string) error {
	fs := flag.NewFlagSet("version", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("version takes no arguments")
	}
	info, _ := debug.ReadBuildInfo()
	fmt.Fprintln(w, versionLine(version, info))
	return nil
}
