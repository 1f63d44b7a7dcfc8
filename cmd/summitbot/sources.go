package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/summitbot/summitbot/bot"
	"github.com/summitbot/summitbot/bot/safetext"
	"github.com/summitbot/summitbot/retrieval"
)

func (a *app) sources(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return usagef("sources: want list, add or remove")
	}
	switch args[0] {
	case "-h", "-help", "--help":
		return &helpRequest{name: "sources"}
	case "list":
		return a.sourcesList(ctx, args[1:])
	case "add":
		return a.sourcesAdd(ctx, args[1:])
	case "remove", "rm":
		return a.sourcesRemove(ctx, args[1:])
	default:
		return usagef("sources: unknown subcommand %q (want list, add or remove)", args[0])
	}
}

// sourcesList lists the sources; it makes no network request (openOffline).
func (a *app) sourcesList(ctx context.Context, args []string) error {
	fs := a.newFlags("sources list")
	asJSON := fs.Bool("json", false, "print JSON")
	guild := guildFlag(fs)
	pos, err := parseScoped(fs, args, guild)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("sources list takes no arguments")
	}
	c, err := a.openOffline(ctx, a.cfg.IndexDir)
	if err != nil {
		return err
	}
	defer a.closeCore(c)
	list := c.lib.List(*guild)
	if *asJSON {
		if list == nil {
			list = []retrieval.Source{}
		}
		return a.printJSON(list)
	}
	switch {
	case len(list) == 0 && a.cfg.remoteEmbeddings() && len(c.idx.RemovedBuiltins()) == 0:
		// openOffline synced no built-in article.
		fmt.Fprintln(a.stdout, "No sources are loaded yet: the first ask, search or sources add embeds the built-in articles.")
	case len(list) == 0:
		fmt.Fprintln(a.stdout, "No sources are loaded. Add some with: summitbot sources add URL|FILE (or --builtin)")
	}
	for _, s := range list {
		meta := []string{fmt.Sprintf("%d passages", s.Chunks)}
		if s.Outlet != "" {
			meta = append(meta, safetext.Clean(s.Outlet))
		}
		if s.Published != "" {
			meta = append(meta, safetext.Clean(s.Published))
		}
		if s.Builtin {
			meta = append(meta, "built-in")
		}
		if *guild != "" && s.Guild == "" {
			meta = append(meta, "shared")
		}
		fmt.Fprintf(a.stdout, "%s\t%s (%s)\n", safetext.Clean(s.ID), safetext.Clean(s.Title), strings.Join(meta, ", "))
	}
	return nil
}

// sourcesAdd loads articles. One already loaded (a retrieval.DuplicateError)
// is reported as such and is no failure: the command fails only if a
// reference could be neither loaded nor found loaded.
func (a *app) sourcesAdd(ctx context.Context, args []string) error {
	fs := a.newFlags("sources add")
	builtin := fs.Bool("builtin", false, "restore the built-in corpus")
	guild := guildFlag(fs)
	refs, err := parseScoped(fs, args, guild)
	if err != nil {
		return err
	}
	if *builtin && *guild != "" {
		return usagef("sources add: --builtin restores the shared corpus; leave out --guild")
	}
	if len(refs) == 0 && !*builtin {
		return usagef("sources add: give URLs or files to load, or --builtin")
	}
	c, err := a.openCore(ctx, a.cfg.IndexDir)
	if err != nil {
		return err
	}
	defer a.closeCore(c)
	if *builtin {
		added, err := c.lib.RestoreBuiltin(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(a.stdout, "Built-in corpus restored (%d articles added).\n", len(added))
	}
	bar := newProgress(a.stderr, len(refs))
	// Files are read as the user named them, from their working directory
	// (the client's, when the running bot carries out the command).
	local := make([]string, len(refs))
	for i, ref := range refs {
		local[i] = a.localPath(ref)
	}
	results := c.lib.AddMany(ctx, *guild, local, func(i int, status string) {
		if i < len(refs) {
			bar.update(i, refs[i], status)
		} else {
			bar.update(len(refs)-1, fmt.Sprintf("%d sources", len(refs)), status)
		}
	})
	bar.finish()
	failed := 0
	for i, r := range results {
		var dup *retrieval.DuplicateError
		if errors.As(r.Err, &dup) {
			fmt.Fprintf(a.stdout, "%s: already loaded as %s\n", refs[i], safetext.Clean(dup.Existing.ID))
			continue
		}
		if r.Err != nil {
			failed++
			if _, refused := bot.Message(r.Err); refused {
				a.log.Debug("add source refused", "ref", r.Ref, "err", r.Err)
			} else {
				// Not the user's input: the detail must be seen (the CLI logs warnings and errors).
				a.log.Error("add source failed", "ref", r.Ref, "err", r.Err)
			}
			fmt.Fprintf(a.stdout, "%s: not loaded: %s\n", refs[i], safetext.Clean(asTyped(bot.Friendly(r.Err), local[i], refs[i])))
			continue
		}
		fmt.Fprintf(a.stdout, "%s: loaded as %s (%s, %d passages)\n", refs[i], safetext.Clean(r.Source.ID), safetext.Clean(r.Source.Title), r.Source.Chunks)
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d sources could not be loaded", failed, len(refs))
	}
	return nil
}

// sourcesRemove removes each source named, reporting each on its own line;
// it fails if any could not be removed, naming those. It makes no network
// request (openOffline).
func (a *app) sourcesRemove(ctx context.Context, args []string) error {
	fs := a.newFlags("sources remove")
	guild := guildFlag(fs)
	ids, err := parseScoped(fs, args, guild)
	if err != nil {
		return err
	}
	if len(ids) == 0 {
		return usagef("sources remove: give the ids of the sources to remove (see 'summitbot sources list')")
	}
	c, err := a.openOffline(ctx, a.cfg.IndexDir)
	if err != nil {
		return err
	}
	defer a.closeCore(c)
	var failed []string
	for _, id := range ids {
		src, err := c.lib.Remove(ctx, *guild, id)
		if err != nil {
			failed = append(failed, safetext.Clean(id))
			fmt.Fprintf(a.stdout, "%s: not removed: %s\n", safetext.Clean(id), a.engineError("sources remove", err).Error())
			continue
		}
		fmt.Fprintf(a.stdout, "Removed %s (%s).\n", safetext.Clean(src.ID), safetext.Clean(src.Title))
		if src.Builtin {
			fmt.Fprintln(a.stdout, "It is a built-in article: it stays removed until 'summitbot sources add --builtin'.")
		}
	}
	if len(failed) > 0 {
		return fmt.Errorf("%d of %d sources could not be removed: %s", len(failed), len(ids), strings.Join(failed, ", "))
	}
	return nil
}
