package bot

import (
	"context"
	"fmt"
	"path"
	"strings"

	"github.com/summitbot/summitbot/retrieval"
	"github.com/summitbot/summitbot/retrieval/ingest"
)

// reserve starts a load of n sources into guild's scope: a server loads one
// source (or one list of them) at a time, and only while it holds fewer than
// its cap. The shared scope has neither limit. release ends the load.
func (l *Library) reserve(guild string, n int) (release func(), err error) {
	if guild == "" {
		return func() {}, nil
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.loading[guild] {
		return nil, &Error{Code: CodeLoadInProgress,
			Msg: "This server is already loading a source; try again when it has finished."}
	}
	if l.room(guild) < n {
		return nil, l.full(guild)
	}
	l.loading[guild] = true
	return func() {
		l.mu.Lock()
		defer l.mu.Unlock()
		delete(l.loading, guild)
	}, nil
}

// room is how many more sources guild's scope may take (any number for the
// shared scope).
func (l *Library) room(guild string) int {
	if guild == "" {
		return int(^uint(0) >> 1)
	}
	return max(0, l.maxPerGuild-ownSources(l.store.Sources(), guild))
}

// full is the refusal of a load into a server that holds its cap of sources.
func (l *Library) full(guild string) error {
	return &Error{Code: CodeTooManySources,
		Msg: fmt.Sprintf("This server already has %d sources, the most it can load; remove one before adding another.", l.maxPerGuild),
		Err: fmt.Errorf("guild %s is at its cap of %d sources", guild, l.maxPerGuild)}
}

// ownSources counts the sources that belong to guild alone.
func ownSources(srcs []retrieval.Source, guild string) int {
	n := 0
	for _, s := range srcs {
		if s.Guild == guild {
			n++
		}
	}
	return n
}

// visible reports whether src answers questions in guild's scope: shared
// sources answer everywhere, a server's own only there.
func visible(src retrieval.Source, guild string) bool {
	return src.Guild == "" || src.Guild == guild
}

// inScope returns the sources of srcs visible in guild's scope, in order.
func inScope(srcs []retrieval.Source, guild string) []retrieval.Source {
	out := srcs[:0:0]
	for _, s := range srcs {
		if visible(s, guild) {
			out = append(out, s)
		}
	}
	return out
}

// Upload is a file uploaded to Discord to be loaded as a source: what
// Discord declares about it, checked before anything is downloaded.
type Upload struct {
	// Name is the file's name; it stands for the file in citations.
	Name string
	// URL is where to download it (a signed CDN URL, never stored).
	URL string
	// Size is the declared size in bytes.
	Size int64
	// ContentType is the declared media type ("" when Discord gives none).
	ContentType string
}

// uploadTypes are the media types of the files a library reads.
var uploadTypes = map[string]bool{
	"text/plain": true, "text/markdown": true, "text/x-markdown": true,
	"text/html": true, "application/xhtml+xml": true, "application/pdf": true,
}

// uploadExts are the file name extensions a library reads.
var uploadExts = map[string]bool{".txt": true, ".md": true, ".markdown": true, ".html": true, ".htm": true, ".pdf": true}

// checkUpload refuses an upload whose declared size or type the library
// cannot take.
func (l *Library) checkUpload(up Upload) error {
	if up.Size > l.maxBytes {
		return &Error{Code: CodeFileTooLarge, Msg: fmt.Sprintf("The file %s is %s; the most that can be loaded is %s.",
			up.Name, ingest.FormatSize(up.Size), ingest.FormatSize(l.maxBytes))}
	}
	mt := strings.ToLower(strings.TrimSpace(strings.Split(up.ContentType, ";")[0]))
	ext := strings.ToLower(path.Ext(up.Name))
	// A type Discord could not tell ("" or octet-stream) goes by the name.
	if !uploadTypes[mt] && !((mt == "" || mt == "application/octet-stream") && uploadExts[ext]) {
		what := mt
		if what == "" {
			what = "of an unknown type"
		}
		return &Error{Code: CodeFileType, Msg: fmt.Sprintf("I can read .txt, .md, .html and .pdf files; %s is %s.", up.Name, what)}
	}
	return nil
}

// AddUpload loads a file uploaded to Discord into guild's scope. Its declared
// size and type are checked before it is downloaded, the download is bounded
// as any URL's, and the source records the file's name, never the signed
// URL it was downloaded from (that URL expires and would show in every
// server the source answers in).
func (l *Library) AddUpload(ctx context.Context, guild string, up Upload, progress func(status string)) (retrieval.Source, error) {
	up.Name = path.Base(strings.TrimSpace(up.Name))
	if err := l.checkUpload(up); err != nil {
		return retrieval.Source{}, err
	}
	release, err := l.reserve(guild, 1)
	if err != nil {
		return retrieval.Source{}, err
	}
	defer release()
	progress = orNop(progress)
	doc, err := l.fetchURL(ctx, up.URL, func(string) { progress("reading " + up.Name) })
	if err != nil {
		return retrieval.Source{}, err
	}
	doc.URL = ""
	if strings.TrimSpace(doc.Title) == "" {
		doc.Title = up.Name
	}
	if strings.TrimSpace(doc.Outlet) == "" {
		doc.Outlet = "uploaded file " + up.Name
	}
	return l.add(ctx, guild, doc, progress)
}
