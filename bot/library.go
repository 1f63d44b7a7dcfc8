package bot

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/summitbot/summitbot/retrieval"
	"github.com/summitbot/summitbot/retrieval/ingest"
)

// Store is the part of the index the library writes to.
type Store interface {
	AddAll(ctx context.Context, docs []retrieval.Document, builtin bool, progress retrieval.Progress) []retrieval.AddResult
	Remove(ctx context.Context, id string) (retrieval.Source, error)
	Discard(ctx context.Context, id string) (retrieval.Source, error)
	Sources() []retrieval.Source
	RemovedBuiltins() []string
}

// URLLoader fetches and extracts an article from a URL (the safe fetcher).
type URLLoader interface {
	Load(ctx context.Context, rawURL string) (ingest.Document, error)
}

// Library loads and removes sources: URLs, files and the built-in corpus. The
// CLI and the Discord /sources command share it.
//
// Every source has a scope (see retrieval.Source.Guild): the shared corpus,
// which operators manage (guild ""), or one Discord server's own sources. Each
// method takes the scope it acts in: a server's admins list the shared
// sources and their own, and add and remove only their own. A server loads
// one source at a time and holds at most WithMaxSourcesPerGuild sources.
type Library struct {
	store       Store
	fetch       URLLoader
	builtin     fs.FS
	log         *slog.Logger
	maxBytes    int64
	maxPerGuild int

	mu      sync.Mutex
	loading map[string]bool // guilds with a load in progress
}

// DefaultMaxFileBytes is the largest local file a library reads unless
// WithMaxBytes says otherwise (SOURCE_MAX_BYTES's default).
const DefaultMaxFileBytes = 5 << 20

// LibraryOption configures a Library.
type LibraryOption func(*Library)

// WithMaxBytes sets the largest local file AddFile and AddMany read, in
// bytes (SOURCE_MAX_BYTES); n <= 0 keeps DefaultMaxFileBytes.
func WithMaxBytes(n int64) LibraryOption {
	return func(l *Library) {
		if n > 0 {
			l.maxBytes = n
		}
	}
}

// DefaultMaxSourcesPerGuild is how many sources one server may load unless
// WithMaxSourcesPerGuild says otherwise (MAX_SOURCES_PER_SERVER's default).
const DefaultMaxSourcesPerGuild = 200

// WithMaxSourcesPerGuild sets how many sources of its own one server may
// hold (MAX_SOURCES_PER_SERVER); n <= 0 keeps DefaultMaxSourcesPerGuild. The
// shared corpus has no such cap.
func WithMaxSourcesPerGuild(n int) LibraryOption {
	return func(l *Library) {
		if n > 0 {
			l.maxPerGuild = n
		}
	}
}

// NewLibrary returns a library over store. builtin holds the built-in corpus
// (Markdown files with front matter); fetch loads URLs.
func NewLibrary(store Store, fetch URLLoader, builtin fs.FS, log *slog.Logger, opts ...LibraryOption) *Library {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	l := &Library{store: store, fetch: fetch, builtin: builtin, log: log,
		maxBytes: DefaultMaxFileBytes, maxPerGuild: DefaultMaxSourcesPerGuild, loading: map[string]bool{}}
	for _, o := range opts {
		o(l)
	}
	return l
}

// List returns the sources visible in guild's scope (the shared ones and,
// when guild is not empty, that server's own) in the order they were added.
func (l *Library) List(guild string) []retrieval.Source { return inScope(l.store.Sources(), guild) }

// Remove deletes a source of guild's scope by id. Another server's source is
// unknown here, and a shared source can be removed only in the shared scope.
func (l *Library) Remove(ctx context.Context, guild, id string) (retrieval.Source, error) {
	id = strings.TrimSpace(id)
	unknown := &Error{Code: CodeUnknownSource, Msg: fmt.Sprintf("There is no source with id %q; list them with `sources list`.", id)}
	srcs := l.store.Sources()
	i := slices.IndexFunc(srcs, func(s retrieval.Source) bool { return s.ID == id })
	if i < 0 {
		return retrieval.Source{}, unknown
	}
	switch src := srcs[i]; {
	case !visible(src, guild):
		return retrieval.Source{}, unknown
	case src.Guild != guild:
		return retrieval.Source{}, &Error{Code: CodeSharedSource,
			Msg: fmt.Sprintf("The source %q is shared by every server; only the bot's operators can remove it.", id)}
	}
	src, err := l.store.Remove(ctx, id)
	if errors.Is(err, retrieval.ErrNotFound) {
		return src, unknown
	}
	return src, err
}

// Add loads an article from an http(s) URL into guild's scope. It never
// reads local files: use AddFile for that, and AddUpload for a file
// uploaded to Discord.
func (l *Library) Add(ctx context.Context, guild, rawURL string, progress func(status string)) (retrieval.Source, error) {
	release, err := l.reserve(guild, 1)
	if err != nil {
		return retrieval.Source{}, err
	}
	defer release()
	progress = orNop(progress)
	doc, err := l.fetchURL(ctx, rawURL, progress)
	if err != nil {
		return retrieval.Source{}, err
	}
	return l.add(ctx, guild, doc, progress)
}

// AddFile loads an article from a local .txt, .md, .html or .pdf file into
// guild's scope.
func (l *Library) AddFile(ctx context.Context, guild, name string, progress func(status string)) (retrieval.Source, error) {
	release, err := l.reserve(guild, 1)
	if err != nil {
		return retrieval.Source{}, err
	}
	defer release()
	progress = orNop(progress)
	doc, err := l.readFile(ctx, name, progress)
	if err != nil {
		return retrieval.Source{}, err
	}
	return l.add(ctx, guild, doc, progress)
}

// Loaded is the outcome of loading one URL or file with AddMany.
type Loaded struct {
	Ref    string
	Source retrieval.Source
	Err    error
}

// AddMany loads several URLs and files (a reference containing "://" is a
// URL). Each is fetched or read in turn; then all that could be read are
// embedded and stored together, so that the embedding model gets full batches
// rather than one request per article. progress, which may be nil, hears the
// index in refs of the reference being read, then len(refs) with the stages
// of storing them all.
//
// Loading into a server's scope stops at its source cap: the references
// beyond it are refused without being read.
func (l *Library) AddMany(ctx context.Context, guild string, refs []string, progress func(i int, status string)) []Loaded {
	if progress == nil {
		progress = func(int, string) {}
	}
	out := make([]Loaded, len(refs))
	release, err := l.reserve(guild, 1)
	if err != nil {
		for i, ref := range refs {
			out[i] = Loaded{Ref: ref, Err: err}
		}
		return out
	}
	defer release()
	room := l.room(guild)
	var docs []retrieval.Document
	var which []int
	for i, ref := range refs {
		out[i].Ref = ref
		if len(docs) >= room {
			out[i].Err = l.full(guild)
			continue
		}
		status := func(s string) { progress(i, s) }
		var doc ingest.Document
		var err error
		if IsURL(ref) {
			doc, err = l.fetchURL(ctx, ref, status)
		} else {
			doc, err = l.readFile(ctx, ref, status)
		}
		if err != nil {
			out[i].Err = err
			continue
		}
		docs = append(docs, storeDoc(doc, guild))
		which = append(which, i)
	}
	if len(docs) == 0 {
		return out
	}
	res := l.store.AddAll(ctx, docs, false, func(s string) { progress(len(refs), s) })
	for k, r := range res {
		out[which[k]].Source, out[which[k]].Err = r.Source, r.Err
	}
	return out
}

// IsURL reports whether a reference given to AddMany names a URL rather than
// a file.
func IsURL(ref string) bool { return strings.Contains(ref, "://") }

// fetchURL fetches and extracts an article with the safe fetcher.
func (l *Library) fetchURL(ctx context.Context, rawURL string, progress func(string)) (ingest.Document, error) {
	u := strings.TrimSpace(rawURL)
	if !strings.HasPrefix(strings.ToLower(u), "http://") && !strings.HasPrefix(strings.ToLower(u), "https://") {
		return ingest.Document{}, &Error{Code: CodeBadURL, Msg: "Only http and https URLs can be loaded."}
	}
	progress("fetching " + u)
	doc, err := l.fetch.Load(ctx, u)
	var refused *ingest.RefusedError
	switch {
	case err != nil && ctx.Err() != nil:
		return ingest.Document{}, fmt.Errorf("load %s: %w", u, err)
	case err != nil && !errors.As(err, &refused):
		// Network failures (DNS, refused connections) are the user's to fix too.
		return ingest.Document{}, &Error{Code: CodeFetchFailed, Msg: "Could not fetch that URL; check that it is right and that the site is up.", Err: err}
	case err != nil:
		return ingest.Document{}, fmt.Errorf("load %s: %w", u, err)
	}
	if doc.URL == "" {
		doc.URL = u
	}
	return doc, nil
}

// readFile reads and parses a local file. Only regular files of at most
// l.maxBytes are read: directories, devices, named pipes and sockets are
// refused before they are opened, and the read itself is bounded, so a file
// that grows (or lies about its size) cannot exhaust memory. ctx cancels the
// parse of a PDF.
func (l *Library) readFile(ctx context.Context, name string, progress func(string)) (ingest.Document, error) {
	fi, err := os.Stat(name)
	if err != nil {
		return ingest.Document{}, &Error{Code: CodeUnreadableFile, Msg: fmt.Sprintf("Cannot read the file %s.", name), Err: err}
	}
	if err := l.checkFile(name, fi); err != nil {
		return ingest.Document{}, err
	}
	f, err := openFile(name)
	if err != nil {
		return ingest.Document{}, &Error{Code: CodeUnreadableFile, Msg: fmt.Sprintf("Cannot read the file %s.", name), Err: err}
	}
	defer f.Close()
	// The file may have been replaced since Stat: check what was opened.
	if fi, err = f.Stat(); err == nil {
		err = l.checkFile(name, fi)
	}
	if err != nil {
		return ingest.Document{}, err
	}
	progress("reading " + filepath.Base(name))
	data, err := readAtMost(f, l.maxBytes)
	switch {
	case errors.Is(err, errTooLarge):
		return ingest.Document{}, l.tooLarge(name)
	case err != nil:
		return ingest.Document{}, &Error{Code: CodeUnreadableFile, Msg: fmt.Sprintf("Cannot read the file %s.", name), Err: err}
	}
	// A PDF may expand to up to ten times the file limit of page content.
	doc, err := ingest.ParseFileContext(ctx, filepath.Base(name), data, ingest.Limits{MaxDecoded: 10 * l.maxBytes})
	if err != nil {
		return ingest.Document{}, fmt.Errorf("parse %s: %w", name, err)
	}
	return doc, nil
}

// checkFile refuses anything but a regular file of at most l.maxBytes.
func (l *Library) checkFile(name string, fi fs.FileInfo) error {
	m := fi.Mode()
	what := ""
	switch {
	case m.IsRegular():
		if fi.Size() > l.maxBytes {
			return l.tooLarge(name)
		}
		return nil
	case m.IsDir():
		what = "is a directory"
	case m&fs.ModeNamedPipe != 0:
		what = "is a named pipe, not a file"
	case m&fs.ModeSocket != 0:
		what = "is a socket, not a file"
	case m&(fs.ModeDevice|fs.ModeCharDevice) != 0:
		what = "is a device, not a file"
	default:
		what = "is not a regular file"
	}
	return &Error{Code: CodeNotAFile, Msg: fmt.Sprintf("%s %s.", name, what), Err: fmt.Errorf("file mode %v", m)}
}

func (l *Library) tooLarge(name string) error {
	return &Error{Code: CodeFileTooLarge, Msg: fmt.Sprintf("The file %s is larger than %s, the most that can be loaded (SOURCE_MAX_BYTES).", name, ingest.FormatSize(l.maxBytes))}
}

// errTooLarge is readAtMost's error for a reader with more than max bytes.
var errTooLarge = errors.New("over the size limit")

// readAtMost reads r to its end, or returns errTooLarge as soon as it has
// read more than max bytes.
func readAtMost(r io.Reader, max int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > max {
		return nil, errTooLarge
	}
	return data, nil
}

// add stores an extracted article in guild's scope.
func (l *Library) add(ctx context.Context, guild string, doc ingest.Document, progress func(string)) (retrieval.Source, error) {
	r := l.store.AddAll(ctx, []retrieval.Document{storeDoc(doc, guild)}, false, retrieval.Progress(progress))
	return r[0].Source, r[0].Err
}

// storeDoc is the document the index stores for an extracted article, in
// guild's scope.
func storeDoc(doc ingest.Document, guild string) retrieval.Document {
	return retrieval.Document{
		ID: doc.ID, Title: doc.Title, Outlet: doc.Outlet, Published: doc.Published,
		Authors: doc.Authors, URL: doc.URL, Text: doc.Text, Guild: guild,
	}
}

func orNop(f func(string)) func(string) {
	if f == nil {
		return func(string) {}
	}
	return f
}

// builtinDocs parses the built-in corpus.
func (l *Library) builtinDocs() ([]ingest.Document, error) {
	if l.builtin == nil {
		return nil, nil
	}
	names, err := fs.Glob(l.builtin, "*.md")
	if err != nil {
		return nil, fmt.Errorf("list built-in corpus: %w", err)
	}
	docs := make([]ingest.Document, 0, len(names))
	for _, name := range names {
		data, err := fs.ReadFile(l.builtin, name)
		if err != nil {
			return nil, fmt.Errorf("read built-in %s: %w", name, err)
		}
		doc, err := ingest.ParseFile(name, data)
		if err != nil {
			return nil, fmt.Errorf("parse built-in %s: %w", name, err)
		}
		if doc.ID == "" {
			doc.ID = strings.TrimSuffix(path.Base(name), ".md")
		}
		docs = append(docs, doc)
	}
	return docs, nil
}

// SyncBuiltin adds the built-in articles the index lacks and updates those
// whose text changed, skipping any an admin removed. It embeds nothing when
// the index is already up to date.
func (l *Library) SyncBuiltin(ctx context.Context) ([]retrieval.Source, error) {
	return l.syncBuiltin(ctx, false)
}

// RestoreBuiltin re-adds every built-in article, including removed ones.
func (l *Library) RestoreBuiltin(ctx context.Context) ([]retrieval.Source, error) {
	return l.syncBuiltin(ctx, true)
}

func (l *Library) syncBuiltin(ctx context.Context, restore bool) ([]retrieval.Source, error) {
	docs, err := l.builtinDocs()
	if err != nil {
		return nil, err
	}
	have := map[string]retrieval.Source{}
	for _, s := range l.store.Sources() {
		have[s.ID] = s
	}
	removed := l.store.RemovedBuiltins()
	var todo []retrieval.Document
	for _, d := range docs {
		if !restore && slices.Contains(removed, d.ID) {
			continue
		}
		if s, ok := have[d.ID]; ok {
			if s.Hash == retrieval.NormalizedHash(strings.TrimSpace(d.Text)) {
				continue
			}
			if !s.Builtin {
				l.log.Warn("a loaded source has a built-in article's id; keeping it", "id", d.ID)
				continue
			}
			l.log.Info("built-in article changed; reloading it", "id", d.ID)
			// Discard, not Remove: a replaced article is not one an admin
			// removed, so a failed add below is retried at the next sync.
			if _, err := l.store.Discard(ctx, d.ID); err != nil {
				return nil, fmt.Errorf("replace built-in %s: %w", d.ID, err)
			}
		}
		todo = append(todo, storeDoc(d, ""))
	}
	if len(todo) == 0 {
		return nil, nil
	}
	// All in one call: the articles are embedded in full batches.
	var added []retrieval.Source
	var firstErr error
	for i, r := range l.store.AddAll(ctx, todo, true, nil) {
		var dup *retrieval.DuplicateError
		switch {
		case errors.As(r.Err, &dup):
			// The same text is loaded under another id.
		case r.Err != nil && firstErr == nil:
			firstErr = fmt.Errorf("add built-in %s: %w", todo[i].ID, r.Err)
		case r.Err == nil:
			added = append(added, r.Source)
		}
	}
	return added, firstErr
}
