package retrieval

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	chromem "github.com/philippgille/chromem-go"
)

// Embedder turns texts into L2-normalised vectors. Identity names the model
// and settings, so stored vectors made by another embedder are recomputed.
type Embedder interface {
	Embed(ctx context.Context, texts []string) ([][]float32, error)
	Identity() string
}

// Document is one article to add to the index.
type Document struct {
	ID        string
	Title     string
	Outlet    string
	Published string
	Authors   []string
	URL       string
	Text      string
}

// Options configures Open.
type Options struct {
	// Dir is the index directory; empty keeps everything in memory.
	Dir string
	// Embedder embeds chunks and queries. Required.
	Embedder Embedder
	// Chunker settings for a new index; an existing index keeps its own.
	Chunker Chunker
	// MaxChunksPerSource refuses sources that would produce more chunks (default 2000).
	MaxChunksPerSource int
	// Logger receives progress and repair messages; nil discards them.
	Logger *slog.Logger
	// Topic is what the indexed articles are about; questions are read in its
	// context (a question about "the troops" means the troops of this topic).
	Topic string
}

// Errors callers branch on.
var (
	// ErrCorrupt means the index directory exists but cannot be read; it is never overwritten.
	ErrCorrupt = errors.New("index is corrupted")
	// ErrLocked means another process has the index open.
	ErrLocked = errors.New("index is in use by another summitbot process")
	// ErrNotFound means no source has the given id.
	ErrNotFound = errors.New("no such source")
)

// DuplicateError reports that a document is already loaded (same URL or same text).
type DuplicateError struct {
	Existing Source
	Reason   string // "url" or "text"
}

func (e *DuplicateError) Error() string {
	return fmt.Sprintf("already loaded as %s (same %s)", e.Existing.ID, e.Reason)
}

// UserMessage is the sentence shown to a user.
func (e *DuplicateError) UserMessage() string {
	what := "the same text"
	if e.Reason == "url" {
		what = "the same URL"
	}
	return fmt.Sprintf("That article is already loaded as %q (%s), with %s.", e.Existing.ID, e.Existing.Title, what)
}

// InputError is a document the index refuses, with a sentence for the user.
type InputError struct{ Msg string }

func (e *InputError) Error() string       { return e.Msg }
func (e *InputError) UserMessage() string { return e.Msg }

// ExtrasDir is the sub-directory of an index directory where other parts of
// summitbot keep their own small files (such as answer feedback).
const ExtrasDir = "extras"

const (
	manifestName   = "manifest.json"
	vectorsDir     = "vectors"
	bm25Dir        = "bm25"
	textsDir       = "texts"
	lockName       = "lock"
	collectionName = "chunks"
	manifestFormat = 1
)

// manifest is the commit record of the index: a source exists if and only if
// it is listed here. It is written to a temporary file, synced and renamed.
type manifest struct {
	Format          int      `json:"format"`
	Generation      uint64   `json:"generation"`
	Embedder        string   `json:"embedder"`
	ChunkSize       int      `json:"chunk_size"`
	ChunkOverlap    int      `json:"chunk_overlap"`
	Sources         []Source `json:"sources"`
	RemovedBuiltins []string `json:"removed_builtins,omitempty"`
}

// Index is summitbot's searchable store: chunks with embeddings in chromem-go,
// the same chunks in a BM25 index, and a manifest of sources. It is safe for
// concurrent use; writes are serialised.
type Index struct {
	dir      string
	embedder Embedder
	chunker  Chunker
	maxChunk int
	log      *slog.Logger
	lock     *os.File
	topic    string

	db  *chromem.DB
	col *chromem.Collection
	lex *lexical

	writeMu sync.Mutex // one Add/Remove at a time
	mu      sync.RWMutex
	man     manifest
	byID    map[string]int // source id -> index in man.Sources
}

// Open opens (or creates) the index in opts.Dir, repairing what a crash may
// have left half-written: chunks of sources the manifest does not list are
// removed, chunks embedded by another embedder are re-embedded (and the log
// says so), and the BM25 index is rebuilt if it does not match.
func Open(ctx context.Context, opts Options) (*Index, error) {
	if opts.Embedder == nil {
		return nil, errors.New("open index: no embedder")
	}
	ix := &Index{
		dir:      opts.Dir,
		embedder: opts.Embedder,
		chunker:  opts.Chunker,
		maxChunk: opts.MaxChunksPerSource,
		log:      opts.Logger,
		topic:    opts.Topic,
		byID:     map[string]int{},
	}
	if ix.log == nil {
		ix.log = slog.New(slog.DiscardHandler)
	}
	if ix.maxChunk <= 0 {
		ix.maxChunk = 2000
	}
	if ix.chunker.Size <= 0 {
		ix.chunker = Chunker{Size: DefaultChunkSize, Overlap: DefaultChunkOverlap}
	}
	if err := ix.open(ctx); err != nil {
		ix.Close()
		return nil, err
	}
	return ix, nil
}

func (ix *Index) open(ctx context.Context) error {
	fresh := true
	if ix.dir != "" {
		if err := ix.prepareDir(); err != nil {
			return err
		}
		b, err := os.ReadFile(filepath.Join(ix.dir, manifestName))
		switch {
		case err == nil:
			if err := json.Unmarshal(b, &ix.man); err != nil || ix.man.Format != manifestFormat {
				if err == nil {
					err = fmt.Errorf("unknown format %d", ix.man.Format)
				}
				return fmt.Errorf("%w: %s: %v; move the directory aside (or delete it) to build a new index", ErrCorrupt, filepath.Join(ix.dir, manifestName), err)
			}
			fresh = false
		case errors.Is(err, fs.ErrNotExist):
		default:
			return fmt.Errorf("read index manifest: %w", err)
		}
	}
	if fresh {
		ix.man = manifest{Format: manifestFormat, Embedder: ix.embedder.Identity(), ChunkSize: ix.chunker.Size, ChunkOverlap: ix.chunker.Overlap}
	} else {
		if ix.man.ChunkSize != ix.chunker.Size || ix.man.ChunkOverlap != ix.chunker.Overlap {
			ix.log.Info("index keeps the chunk settings it was built with", "size", ix.man.ChunkSize, "overlap", ix.man.ChunkOverlap)
		}
		ix.chunker = Chunker{Size: ix.man.ChunkSize, Overlap: ix.man.ChunkOverlap}
	}
	for i, s := range ix.man.Sources {
		ix.byID[s.ID] = i
	}

	// Vectors.
	if ix.dir == "" {
		ix.db = chromem.NewDB()
	} else {
		if err := ix.removeOrphanFiles(); err != nil {
			return err
		}
		db, err := chromem.NewPersistentDB(filepath.Join(ix.dir, vectorsDir), false)
		if err != nil {
			// A chunk file cut short (a crash while chromem-go rewrote it) can
			// be rebuilt from the stored source text: drop it and retry once.
			if n, rmErr := ix.removeUnreadableChunks(); rmErr == nil && n > 0 {
				ix.log.Warn("re-embedding unreadable chunk files from the stored texts", "files", n)
				db, err = chromem.NewPersistentDB(filepath.Join(ix.dir, vectorsDir), false)
			}
		}
		if err != nil {
			return fmt.Errorf("%w: vectors: %v; move the directory aside (or delete it) to build a new index", ErrCorrupt, err)
		}
		ix.db = db
	}
	col, err := ix.db.GetOrCreateCollection(collectionName, nil, refuseEmbedding)
	if err != nil {
		return fmt.Errorf("open vector collection: %w", err)
	}
	ix.col = col
	if err := ix.repairVectors(ctx); err != nil {
		return err
	}

	// BM25.
	lexPath := ""
	if ix.dir != "" {
		lexPath = filepath.Join(ix.dir, bm25Dir)
	}
	lex, gen, err := openLexical(lexPath)
	if err != nil && lexPath != "" {
		ix.log.Warn("rebuilding the BM25 index", "reason", err.Error())
		if rmErr := os.RemoveAll(lexPath); rmErr != nil {
			return fmt.Errorf("remove broken bm25 index: %w", rmErr)
		}
		lex, gen, err = openLexical(lexPath)
	}
	if err != nil {
		return err
	}
	ix.lex = lex
	n, err := lex.count()
	if err != nil {
		return fmt.Errorf("count bm25 documents: %w", err)
	}
	if want := ix.totalChunks(); gen != ix.man.Generation || n != uint64(want) {
		if want > 0 || n > 0 {
			ix.log.Info("rebuilding the BM25 index", "chunks", want)
		}
		if err := ix.rebuildLexical(); err != nil {
			return err
		}
	}
	if fresh && ix.dir != "" {
		if err := ix.writeManifest(ix.man); err != nil {
			return err
		}
	}
	return nil
}

func refuseEmbedding(context.Context, string) ([]float32, error) {
	return nil, errors.New("the index embeds queries itself")
}

// prepareDir creates the directory if needed, refuses one that is not an
// index, and takes an exclusive lock.
func (ix *Index) prepareDir() error {
	entries, err := os.ReadDir(ix.dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if err := os.MkdirAll(ix.dir, 0o700); err != nil {
			return fmt.Errorf("create index directory: %w", err)
		}
	case err != nil:
		return fmt.Errorf("read index directory %s: %w", ix.dir, err)
	default:
		known := map[string]bool{manifestName: true, vectorsDir: true, bm25Dir: true, textsDir: true, lockName: true, ExtrasDir: true}
		hasManifest := false
		for _, e := range entries {
			if e.Name() == manifestName {
				hasManifest = true
			}
			if !known[e.Name()] && !strings.HasPrefix(e.Name(), manifestName+".tmp") {
				return fmt.Errorf("%s is not a summitbot index (it contains %q); choose an empty or new directory", ix.dir, e.Name())
			}
		}
		if !hasManifest {
			for _, e := range entries {
				if e.Name() == vectorsDir {
					return fmt.Errorf("%w: %s has vectors but no manifest; move it aside (or delete it) to build a new index", ErrCorrupt, ix.dir)
				}
			}
		}
	}
	f, err := os.OpenFile(filepath.Join(ix.dir, lockName), os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return fmt.Errorf("open index lock: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		return fmt.Errorf("%w (%s)", ErrLocked, ix.dir)
	}
	ix.lock = f
	return nil
}

// docFileName is chromem-go's file name for a persisted document.
func docFileName(id string) string {
	h := sha256.Sum256([]byte(id))
	return hex.EncodeToString(h[:4]) + ".gob"
}

// removeOrphanFiles deletes, before chromem-go reads them, document files that
// belong to no committed source (left by a load or removal that did not
// finish), and stray source texts and temporary manifests.
func (ix *Index) removeOrphanFiles() error {
	want := map[string]bool{}
	for _, s := range ix.man.Sources {
		for p := 0; p < s.Chunks; p++ {
			want[docFileName(chunkID(s.ID, p))] = true
		}
	}
	colDir := filepath.Join(ix.dir, vectorsDir, docFileName(collectionName)[:8])
	entries, err := os.ReadDir(colDir)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("read vector directory: %w", err)
	}
	removed := 0
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || name == "00000000.gob" || !strings.HasSuffix(name, ".gob") || want[name] {
			continue
		}
		if err := os.Remove(filepath.Join(colDir, name)); err != nil {
			return fmt.Errorf("remove orphaned chunk file: %w", err)
		}
		removed++
	}
	texts, err := os.ReadDir(filepath.Join(ix.dir, textsDir))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("read texts directory: %w", err)
	}
	for _, e := range texts {
		id := strings.TrimSuffix(e.Name(), ".txt")
		if _, ok := ix.byID[id]; ok && strings.HasSuffix(e.Name(), ".txt") {
			continue
		}
		if err := os.Remove(filepath.Join(ix.dir, textsDir, e.Name())); err != nil {
			return fmt.Errorf("remove orphaned text: %w", err)
		}
	}
	tmps, _ := filepath.Glob(filepath.Join(ix.dir, manifestName+".tmp*"))
	for _, t := range tmps {
		os.Remove(t)
	}
	if removed > 0 {
		ix.log.Info("removed chunks of an unfinished load", "chunks", removed)
	}
	return nil
}

// removeUnreadableChunks deletes chunk files that do not decode, reporting
// how many; repairVectors then rebuilds those chunks from the source texts.
func (ix *Index) removeUnreadableChunks() (int, error) {
	colDir := filepath.Join(ix.dir, vectorsDir, docFileName(collectionName)[:8])
	entries, err := os.ReadDir(colDir)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || name == "00000000.gob" || !strings.HasSuffix(name, ".gob") {
			continue
		}
		path := filepath.Join(colDir, name)
		f, err := os.Open(path)
		if err != nil {
			return n, err
		}
		var d chromem.Document
		decErr := gob.NewDecoder(bufio.NewReader(f)).Decode(&d)
		f.Close()
		if decErr == nil {
			continue
		}
		if err := os.Remove(path); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// repairVectors makes the vector collection match the manifest: it drops
// chunks of unknown sources, and (re-)embeds chunks that are missing or were
// embedded by a different embedder.
func (ix *Index) repairVectors(ctx context.Context) error {
	identity := ix.embedder.Identity()
	if ix.man.Embedder != identity && len(ix.man.Sources) > 0 {
		ix.log.Warn("the embedding model changed: re-embedding every chunk", "was", ix.man.Embedder, "now", identity, "chunks", ix.totalChunks())
	}
	ix.man.Embedder = identity
	want := map[string]bool{}
	var redo []Chunk
	for _, s := range ix.man.Sources {
		var text string
		for p := 0; p < s.Chunks; p++ {
			id := chunkID(s.ID, p)
			want[id] = true
			doc, err := ix.col.GetByID(ctx, id)
			if err == nil && doc.Metadata["embedder"] == identity {
				continue
			}
			if err == nil {
				redo = append(redo, chunkFromDoc(doc))
				continue
			}
			// Missing: re-chunk the stored text.
			if text == "" {
				t, err := ix.readText(s.ID)
				if err != nil {
					return fmt.Errorf("%w: chunk %s is missing and its source text cannot be read: %v", ErrCorrupt, id, err)
				}
				text = t
			}
			chunks := ix.chunker.Split(s.ID, text)
			if p >= len(chunks) {
				return fmt.Errorf("%w: chunk %s is missing", ErrCorrupt, id)
			}
			redo = append(redo, chunks[p])
		}
	}
	var stray []string
	for _, id := range ix.allDocIDs() {
		if !want[id] {
			stray = append(stray, id)
		}
	}
	if len(stray) > 0 {
		if err := ix.col.Delete(ctx, nil, nil, stray...); err != nil {
			return fmt.Errorf("remove stray chunks: %w", err)
		}
	}
	if len(redo) == 0 {
		return nil
	}
	docs, err := ix.embedChunks(ctx, redo)
	if err != nil {
		return fmt.Errorf("re-embed %d chunks: %w", len(redo), err)
	}
	if err := ix.col.AddDocuments(ctx, docs, 1); err != nil {
		return fmt.Errorf("store re-embedded chunks: %w", err)
	}
	if ix.dir != "" {
		return ix.writeManifest(ix.man)
	}
	return nil
}

// allDocIDs lists the ids in the vector collection. chromem-go has no listing
// call, so ids come from a query over every document with a zero-cost filter.
func (ix *Index) allDocIDs() []string {
	n := ix.col.Count()
	if n == 0 {
		return nil
	}
	// Any unit vector works: we only want the ids.
	probe := make([]float32, ix.dimension())
	if len(probe) == 0 {
		return nil
	}
	probe[0] = 1
	res, err := ix.col.QueryEmbedding(context.Background(), probe, n, nil, nil)
	if err != nil {
		return nil
	}
	ids := make([]string, len(res))
	for i, r := range res {
		ids[i] = r.ID
	}
	return ids
}

func (ix *Index) dimension() int {
	for _, s := range ix.man.Sources {
		if s.Chunks > 0 {
			if d, err := ix.col.GetByID(context.Background(), chunkID(s.ID, 0)); err == nil {
				return len(d.Embedding)
			}
		}
	}
	v, err := ix.embedder.Embed(context.Background(), []string{"probe"})
	if err != nil || len(v) == 0 {
		return 0
	}
	return len(v[0])
}

func chunkFromDoc(d chromem.Document) Chunk {
	pos, _ := strconv.Atoi(d.Metadata["position"])
	start, _ := strconv.Atoi(d.Metadata["start"])
	end, _ := strconv.Atoi(d.Metadata["end"])
	return Chunk{ID: d.ID, SourceID: d.Metadata["source_id"], Position: pos, Start: start, End: end, Text: d.Content}
}

func (ix *Index) totalChunks() int {
	n := 0
	for _, s := range ix.man.Sources {
		n += s.Chunks
	}
	return n
}

func (ix *Index) rebuildLexical() error {
	ctx := context.Background()
	lexPath := ""
	if ix.dir != "" {
		lexPath = filepath.Join(ix.dir, bm25Dir)
		ix.lex.close()
		if err := os.RemoveAll(lexPath); err != nil {
			return fmt.Errorf("remove bm25 index: %w", err)
		}
		lex, _, err := openLexical(lexPath)
		if err != nil {
			return err
		}
		ix.lex = lex
	}
	var batch []Chunk
	for _, s := range ix.man.Sources {
		for p := 0; p < s.Chunks; p++ {
			d, err := ix.col.GetByID(ctx, chunkID(s.ID, p))
			if err != nil {
				return fmt.Errorf("rebuild bm25: chunk %s: %w", chunkID(s.ID, p), err)
			}
			batch = append(batch, chunkFromDoc(d))
			if len(batch) == 1000 {
				if err := ix.lex.apply(batch, nil, ix.man.Generation); err != nil {
					return err
				}
				batch = batch[:0]
			}
		}
	}
	return ix.lex.apply(batch, nil, ix.man.Generation)
}

// header is the context line embedded with every chunk of a source.
func header(s Source) string {
	parts := []string{s.Title}
	if s.Outlet != "" {
		parts = append(parts, s.Outlet)
	}
	if s.Published != "" {
		parts = append(parts, s.Published)
	}
	return strings.Join(parts, " — ")
}

func (ix *Index) embedChunks(ctx context.Context, chunks []Chunk) ([]chromem.Document, error) {
	texts := make([]string, len(chunks))
	for i, c := range chunks {
		s, ok := ix.sourceLocked(c.SourceID)
		if !ok {
			s = Source{ID: c.SourceID}
		}
		texts[i] = header(s) + "\n" + c.Text
	}
	return ix.embedTexts(ctx, chunks, texts)
}

func (ix *Index) embedTexts(ctx context.Context, chunks []Chunk, texts []string) ([]chromem.Document, error) {
	vecs, err := ix.embedder.Embed(ctx, texts)
	if err != nil {
		return nil, err
	}
	if len(vecs) != len(chunks) {
		return nil, fmt.Errorf("embedder returned %d vectors for %d chunks", len(vecs), len(chunks))
	}
	identity := ix.embedder.Identity()
	docs := make([]chromem.Document, len(chunks))
	for i, c := range chunks {
		v := normalize(vecs[i])
		if v == nil {
			return nil, fmt.Errorf("embed chunk %s: zero vector", c.ID)
		}
		docs[i] = chromem.Document{
			ID: c.ID,
			Metadata: map[string]string{
				"source_id": c.SourceID,
				"position":  strconv.Itoa(c.Position),
				"start":     strconv.Itoa(c.Start),
				"end":       strconv.Itoa(c.End),
				"hash":      textHash(texts[i]),
				"embedder":  identity,
			},
			Embedding: v,
			Content:   c.Text,
		}
	}
	return docs, nil
}

// sourceLocked returns the source with id; callers hold mu or writeMu.
func (ix *Index) sourceLocked(id string) (Source, bool) {
	i, ok := ix.byID[id]
	if !ok {
		return Source{}, false
	}
	return ix.man.Sources[i], true
}

func textHash(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

// NormalizedHash is the hash used to detect the same article loaded twice:
// folded, with all runs of white space collapsed.
func NormalizedHash(text string) string {
	return textHash(strings.Join(strings.Fields(Fold(text)), " "))
}

var (
	slugRe = regexp.MustCompile(`[^a-z0-9]+`)
	idRe   = regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)*$`)
)

// Slug turns a title into an id fragment: lower-case ASCII words joined by '-'.
func Slug(s string) string {
	s = strings.Trim(slugRe.ReplaceAllString(Fold(s), "-"), "-")
	if len(s) > 48 {
		s = strings.TrimRight(s[:48], "-")
	}
	return s
}

// ValidID reports whether id can name a source.
func ValidID(id string) bool {
	return len(id) <= 64 && idRe.MatchString(id)
}

// Progress reports a stage of loading to the caller.
type Progress func(stage string)

// Add chunks, embeds and commits a document atomically: every chunk is embedded
// first, then the vectors, the BM25 index and the manifest are written; if any
// step fails nothing of the document remains. builtin marks a source of the
// built-in corpus.
func (ix *Index) Add(ctx context.Context, doc Document, builtin bool, progress Progress) (Source, error) {
	if progress == nil {
		progress = func(string) {}
	}
	text := strings.TrimSpace(doc.Text)
	if len([]rune(text)) < 80 {
		return Source{}, &InputError{Msg: "That article has too little text to index (under 80 characters)."}
	}
	title := strings.TrimSpace(doc.Title)
	if title == "" {
		title = firstLine(text)
	}
	url := strings.TrimSpace(doc.URL)
	ix.writeMu.Lock()
	defer ix.writeMu.Unlock()

	hash := NormalizedHash(text)
	ix.mu.RLock()
	for _, s := range ix.man.Sources {
		switch {
		case url != "" && s.URL == url:
			ix.mu.RUnlock()
			return Source{}, &DuplicateError{Existing: s, Reason: "url"}
		case s.Hash == hash:
			ix.mu.RUnlock()
			return Source{}, &DuplicateError{Existing: s, Reason: "text"}
		}
	}
	id := doc.ID
	if id == "" {
		id = Slug(title)
		if id == "" {
			id = "source"
		}
	}
	if !ValidID(id) {
		ix.mu.RUnlock()
		return Source{}, &InputError{Msg: fmt.Sprintf("%q is not a valid source id (use lower-case letters, digits and dashes).", id)}
	}
	base := id
	for n := 2; ; n++ {
		if _, taken := ix.byID[id]; !taken {
			break
		}
		id = fmt.Sprintf("%s-%d", base, n)
	}
	ix.mu.RUnlock()

	src := Source{
		ID: id, Title: title, Outlet: strings.TrimSpace(doc.Outlet), Published: strings.TrimSpace(doc.Published),
		Authors: doc.Authors, URL: url, Hash: hash, Builtin: builtin,
		AddedAt: time.Now().UTC().Truncate(time.Second), Chars: len([]rune(text)),
	}
	chunks := ix.chunker.Split(id, text)
	if len(chunks) > ix.maxChunk {
		return Source{}, &InputError{Msg: fmt.Sprintf("That article is too long to load (%d passages; the limit is %d).", len(chunks), ix.maxChunk)}
	}
	src.Chunks = len(chunks)

	progress(fmt.Sprintf("embedding %d passages", len(chunks)))
	texts := make([]string, len(chunks))
	for i, c := range chunks {
		texts[i] = header(src) + "\n" + c.Text
	}
	docs, err := ix.embedTexts(ctx, chunks, texts)
	if err != nil {
		return Source{}, fmt.Errorf("embed %s: %w", id, err)
	}
	if err := ctx.Err(); err != nil {
		return Source{}, err
	}

	progress("saving")
	ids := make([]string, len(chunks))
	for i, c := range chunks {
		ids[i] = c.ID
	}
	next := ix.man
	next.Sources = append(append([]Source(nil), ix.man.Sources...), src)
	next.Generation++
	next.RemovedBuiltins = without(ix.man.RemovedBuiltins, id)

	rollback := func(cause error) (Source, error) {
		ctx := context.Background()
		if err := ix.deleteChunks(ctx, ids); err != nil {
			ix.log.Error("roll back vectors", "source", id, "err", err)
		}
		if err := ix.lex.apply(nil, ids, ix.man.Generation); err != nil {
			ix.log.Error("roll back bm25", "source", id, "err", err)
		}
		if ix.dir != "" {
			os.Remove(filepath.Join(ix.dir, textsDir, id+".txt"))
		}
		return Source{}, cause
	}
	if ix.dir != "" {
		if err := writeFileAtomic(filepath.Join(ix.dir, textsDir, id+".txt"), []byte(text)); err != nil {
			return rollback(fmt.Errorf("save text of %s: %w", id, err))
		}
	}
	if err := ix.col.AddDocuments(ctx, docs, 1); err != nil {
		return rollback(fmt.Errorf("store vectors of %s: %w", id, err))
	}
	if err := ix.lex.apply(chunks, nil, next.Generation); err != nil {
		return rollback(err)
	}
	if err := ix.commit(next); err != nil {
		return rollback(err)
	}
	ix.log.Info("source added", "id", id, "chunks", len(chunks))
	return src, nil
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(s), "\n")
	r := []rune(strings.TrimSpace(line))
	if len(r) > 100 {
		r = append(r[:97], '…')
	}
	return string(r)
}

func without(list []string, s string) []string {
	var out []string
	for _, x := range list {
		if x != s {
			out = append(out, x)
		}
	}
	return out
}

// commit writes the manifest and makes it the in-memory state.
func (ix *Index) commit(next manifest) error {
	if ix.dir != "" {
		if err := ix.writeManifest(next); err != nil {
			return err
		}
	}
	ix.mu.Lock()
	ix.man = next
	ix.byID = make(map[string]int, len(next.Sources))
	for i, s := range next.Sources {
		ix.byID[s.ID] = i
	}
	ix.mu.Unlock()
	return nil
}

func (ix *Index) writeManifest(m manifest) error {
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return fmt.Errorf("encode manifest: %w", err)
	}
	if err := writeFileAtomic(filepath.Join(ix.dir, manifestName), b); err != nil {
		return fmt.Errorf("write manifest: %w", err)
	}
	return nil
}

// writeFileAtomic writes data to a temporary file beside path, syncs it,
// renames it over path and syncs the directory.
func writeFileAtomic(path string, data []byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

// Remove deletes a source: the manifest first (the commit), then its chunks
// from both indexes. A crash in between leaves orphans that Open removes.
func (ix *Index) Remove(ctx context.Context, id string) (Source, error) {
	ix.writeMu.Lock()
	defer ix.writeMu.Unlock()
	ix.mu.RLock()
	src, ok := ix.sourceLocked(id)
	ix.mu.RUnlock()
	if !ok {
		return Source{}, fmt.Errorf("%w: %q", ErrNotFound, id)
	}
	next := ix.man
	next.Sources = nil
	for _, s := range ix.man.Sources {
		if s.ID != id {
			next.Sources = append(next.Sources, s)
		}
	}
	next.Generation++
	if src.Builtin {
		next.RemovedBuiltins = append(without(ix.man.RemovedBuiltins, id), id)
	}
	if err := ix.commit(next); err != nil {
		return Source{}, err
	}
	ids := make([]string, src.Chunks)
	for p := range ids {
		ids[p] = chunkID(id, p)
	}
	if err := ix.deleteChunks(ctx, ids); err != nil {
		ix.log.Error("remove vectors (the next start cleans them up)", "source", id, "err", err)
	}
	if err := ix.lex.apply(nil, ids, next.Generation); err != nil {
		ix.log.Error("remove bm25 entries (the next start rebuilds them)", "source", id, "err", err)
	}
	if ix.dir != "" {
		os.Remove(filepath.Join(ix.dir, textsDir, id+".txt"))
	}
	ix.log.Info("source removed", "id", id)
	return src, nil
}

// deleteChunks removes chunks from the vector store under the write lock, so
// that no search is between counting the chunks and querying them.
func (ix *Index) deleteChunks(ctx context.Context, ids []string) error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	return ix.col.Delete(ctx, nil, nil, ids...)
}

// Sources returns the loaded sources in the order they were added.
func (ix *Index) Sources() []Source {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return append([]Source(nil), ix.man.Sources...)
}

// Source returns one loaded source.
func (ix *Index) Source(id string) (Source, bool) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.sourceLocked(id)
}

// RemovedBuiltins lists built-in sources an admin removed, so they are not re-added.
func (ix *Index) RemovedBuiltins() []string {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return append([]string(nil), ix.man.RemovedBuiltins...)
}

// Chunks returns the chunks of one source in order.
func (ix *Index) Chunks(ctx context.Context, sourceID string) ([]Chunk, error) {
	src, ok := ix.Source(sourceID)
	if !ok {
		return nil, fmt.Errorf("%w: %q", ErrNotFound, sourceID)
	}
	out := make([]Chunk, 0, src.Chunks)
	for p := 0; p < src.Chunks; p++ {
		d, err := ix.col.GetByID(ctx, chunkID(sourceID, p))
		if err != nil {
			return nil, fmt.Errorf("chunk %s: %w", chunkID(sourceID, p), err)
		}
		out = append(out, chunkFromDoc(d))
	}
	return out, nil
}

// Text returns the full text of a source as it was indexed.
func (ix *Index) Text(ctx context.Context, sourceID string) (string, error) {
	if _, ok := ix.Source(sourceID); !ok {
		return "", fmt.Errorf("%w: %q", ErrNotFound, sourceID)
	}
	if ix.dir != "" {
		return ix.readText(sourceID)
	}
	chunks, err := ix.Chunks(ctx, sourceID)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	end := 0
	for _, c := range chunks {
		if c.End <= end {
			continue
		}
		if c.Start >= end {
			if b.Len() > 0 {
				b.WriteString("\n\n")
			}
			b.WriteString(c.Text)
		} else {
			b.WriteString(c.Text[end-c.Start:])
		}
		end = c.End
	}
	return b.String(), nil
}

func (ix *Index) readText(id string) (string, error) {
	b, err := os.ReadFile(filepath.Join(ix.dir, textsDir, id+".txt"))
	if err != nil {
		return "", err
	}
	return string(b), nil
}

// Len returns the number of chunks in the index.
func (ix *Index) Len() int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.totalChunks()
}

// EmbedderIdentity returns the identity of the embedder the index uses.
func (ix *Index) EmbedderIdentity() string { return ix.embedder.Identity() }

// Close releases the BM25 index and the directory lock. chromem-go has
// already written every document to disk.
func (ix *Index) Close() error {
	var err error
	if ix.lex != nil {
		err = ix.lex.close()
		ix.lex = nil
	}
	if ix.lock != nil {
		ix.lock.Close()
		ix.lock = nil
	}
	return err
}
