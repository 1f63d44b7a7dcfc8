package retrieval

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/summitbot/summitbot/retrieval/atomicfile"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"slices"
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
	// context (a question about "the troops" means the troops of this topic):
	// passages of sources far from the topic rank lower (see TopicScope).
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

// Refusals of a document, for callers to branch on (errors.Is). The error
// returned wraps one of them with the specifics; the caller words the sentence
// a user sees.
var (
	// ErrTooShort means the document has too little text to index.
	ErrTooShort = errors.New("too little text to index")
	// ErrInvalidID means the document's id is not a valid source id.
	ErrInvalidID = errors.New("invalid source id")
	// ErrTooLong means the document has more passages than the index accepts.
	ErrTooLong = errors.New("too many passages")
)

// LimitError reports a document over the passage limit; it matches ErrTooLong.
type LimitError struct {
	Passages, Limit int
}

func (e *LimitError) Error() string {
	return fmt.Sprintf("%d passages, the limit is %d", e.Passages, e.Limit)
}

// Is makes a *LimitError match ErrTooLong.
func (e *LimitError) Is(target error) bool { return target == ErrTooLong }

// IDError reports a source id that is not valid; it matches ErrInvalidID.
type IDError struct{ ID string }

func (e *IDError) Error() string { return fmt.Sprintf("invalid source id %q", e.ID) }

// Is makes an *IDError match ErrInvalidID.
func (e *IDError) Is(target error) bool { return target == ErrInvalidID }

// ExtrasDir is the sub-directory of an index directory where other parts of
// summitbot keep their own small files (such as answer feedback).
const ExtrasDir = "extras"

const (
	manifestName   = "manifest.json"
	chunksDir      = "chunks"
	legacyVectors  = "vectors" // chromem-go's persistence, used by format 1
	bm25Dir        = "bm25"
	textsDir       = "texts"
	lockName       = "lock"
	collectionName = "chunks"
	manifestFormat = 2
	vecExt         = ".vec"
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
// the same chunks in a BM25 index, and a manifest of sources. On disk each
// source has its text and a vector file (see vecfile.go). It is safe for
// concurrent use; writes are serialised.
type Index struct {
	dir      string
	embedder Embedder
	chunker  Chunker
	maxChunk int
	batch    int // chunks AddAll embeds and commits at once (maxBatchChunks)
	log      *slog.Logger
	lock     *os.File
	topic    string
	topicMu  sync.Mutex
	topicSt  topicState

	db  *chromem.DB
	col *chromem.Collection
	lex *lexical

	writeMu sync.Mutex // one Add/Remove at a time
	mu      sync.RWMutex
	man     manifest
	byID    map[string]int // source id -> index in man.Sources
}

// Open opens (or creates) the index in opts.Dir, repairing what a crash may
// have left half-written: files of sources the manifest does not list are
// removed, chunks whose vectors are missing, unreadable or made by another
// embedder are re-embedded from the stored texts (and the log says so), and
// the BM25 index is rebuilt if it does not match. An index that an earlier
// version kept in chromem-go's own files is converted, reusing its vectors.
func Open(ctx context.Context, opts Options) (*Index, error) {
	if opts.Embedder == nil {
		return nil, errors.New("open index: no embedder")
	}
	ix := &Index{
		dir:      opts.Dir,
		embedder: opts.Embedder,
		chunker:  opts.Chunker,
		maxChunk: opts.MaxChunksPerSource,
		batch:    maxBatchChunks,
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
			if err := json.Unmarshal(b, &ix.man); err != nil || ix.man.Format < 1 || ix.man.Format > manifestFormat {
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

	ix.db = chromem.NewDB()
	col, err := ix.db.GetOrCreateCollection(collectionName, nil, refuseEmbedding)
	if err != nil {
		return fmt.Errorf("open vector collection: %w", err)
	}
	ix.col = col
	var loaded [][]Chunk
	rewrite := fresh && ix.dir != ""
	if ix.dir != "" {
		if err := ix.removeOrphanFiles(); err != nil {
			return err
		}
		var changed bool
		if loaded, changed, err = ix.loadVectors(ctx); err != nil {
			return err
		}
		rewrite = rewrite || changed
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
		if err := ix.rebuildLexical(loaded); err != nil {
			return err
		}
	}
	if rewrite {
		if err := ix.writeManifest(ix.man); err != nil {
			return err
		}
	}
	if ix.dir != "" && !fresh {
		// What format 1 kept in chromem-go's files is in vector files now.
		if err := os.RemoveAll(filepath.Join(ix.dir, legacyVectors)); err != nil {
			return fmt.Errorf("remove the old vector directory: %w", err)
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
		known := map[string]bool{manifestName: true, chunksDir: true, legacyVectors: true, bm25Dir: true, textsDir: true, lockName: true, ExtrasDir: true}
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
			// Vectors without the manifest that lists their sources. (Empty
			// directories are what a first Open stopped before its manifest
			// was written leaves.)
			for _, e := range entries {
				if e.Name() != chunksDir && e.Name() != legacyVectors {
					continue
				}
				if inside, _ := os.ReadDir(filepath.Join(ix.dir, e.Name())); len(inside) > 0 {
					return fmt.Errorf("%w: %s has vectors but no manifest; move it aside (or delete it) to build a new index", ErrCorrupt, ix.dir)
				}
			}
		}
	}
	for _, sub := range []string{chunksDir, textsDir} {
		if err := os.MkdirAll(filepath.Join(ix.dir, sub), 0o700); err != nil {
			return fmt.Errorf("create index directory: %w", err)
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

func (ix *Index) vecPath(id string) string {
	return filepath.Join(ix.dir, chunksDir, id+vecExt)
}

func (ix *Index) textPath(id string) string {
	return filepath.Join(ix.dir, textsDir, id+".txt")
}

// removeOrphanFiles deletes files that belong to no committed source (left by
// a load or removal that did not finish), and temporary files.
func (ix *Index) removeOrphanFiles() error {
	removed := 0
	for _, d := range []struct{ sub, ext string }{{chunksDir, vecExt}, {textsDir, ".txt"}} {
		entries, err := os.ReadDir(filepath.Join(ix.dir, d.sub))
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("read %s directory: %w", d.sub, err)
		}
		for _, e := range entries {
			id, ok := strings.CutSuffix(e.Name(), d.ext)
			if _, known := ix.byID[id]; ok && known && !e.IsDir() {
				continue
			}
			if err := os.RemoveAll(filepath.Join(ix.dir, d.sub, e.Name())); err != nil {
				return fmt.Errorf("remove orphaned file: %w", err)
			}
			if d.sub == chunksDir {
				removed++
			}
		}
	}
	tmps, _ := filepath.Glob(filepath.Join(ix.dir, manifestName+".tmp*"))
	for _, t := range tmps {
		os.Remove(t)
	}
	if removed > 0 {
		ix.log.Info("removed chunks of an unfinished load", "files", removed)
	}
	return nil
}

// loadVectors reads every committed source's text and vector file into the
// vector collection and returns the chunks of each source, in manifest order.
// Vectors that are missing, unreadable or made by another embedder are
// embedded again from the text (in batches across sources) and written back;
// changed reports that the manifest must be rewritten.
func (ix *Index) loadVectors(ctx context.Context) (loaded [][]Chunk, changed bool, err error) {
	identity := ix.embedder.Identity()
	if ix.man.Embedder != identity && len(ix.man.Sources) > 0 {
		ix.log.Warn("the embedding model changed: re-embedding every chunk", "was", ix.man.Embedder, "now", identity, "chunks", ix.totalChunks())
	}
	changed = ix.man.Embedder != identity || ix.man.Format != manifestFormat
	ix.man.Embedder = identity

	var legacy *chromem.Collection
	if ix.man.Format == 1 {
		legacy = ix.openLegacy()
		ix.man.Format = manifestFormat
	}

	loaded = make([][]Chunk, len(ix.man.Sources))
	vecs := make([][][]float32, len(ix.man.Sources))
	var stale []int // sources whose vector file must be written
	unreadable := 0
	for i := range ix.man.Sources {
		s := &ix.man.Sources[i]
		text, err := ix.readText(s.ID)
		if err != nil {
			return nil, false, fmt.Errorf("%w: the text of source %s cannot be read: %v; move the directory aside (or delete it) to build a new index", ErrCorrupt, s.ID, err)
		}
		vf, err := readVecFile(ix.vecPath(s.ID))
		if err == nil && !spansFit(vf.spans, text, s.Chunks) {
			err = fmt.Errorf("%w: its chunks do not match the source text", errVecFile)
		}
		switch {
		case err == nil:
			loaded[i] = chunksFromSpans(s.ID, text, vf.spans)
			if vf.identity == identity {
				vecs[i] = vf.vecs
			} else {
				vecs[i] = make([][]float32, len(vf.spans))
				stale = append(stale, i)
			}
		default:
			if !errors.Is(err, fs.ErrNotExist) {
				unreadable++
				ix.log.Debug("unreadable vector file", "source", s.ID, "err", err)
			}
			loaded[i] = ix.chunker.Split(s.ID, text)
			vecs[i] = make([][]float32, len(loaded[i]))
			if legacy != nil {
				fillFromLegacy(ctx, legacy, identity, loaded[i], vecs[i])
			}
			if len(loaded[i]) != s.Chunks {
				ix.log.Warn("source re-chunked from its text", "source", s.ID, "chunks_were", s.Chunks, "now", len(loaded[i]))
				s.Chunks = len(loaded[i])
				ix.man.Generation++ // the BM25 index no longer matches
			}
			changed = true
			stale = append(stale, i)
		}
	}
	if unreadable > 0 {
		ix.log.Warn("re-embedding unreadable chunk files from the stored texts", "files", unreadable)
	}
	if len(stale) > 0 {
		if err := ix.reembed(ctx, stale, loaded, vecs); err != nil {
			return nil, false, err
		}
	}
	for i, s := range ix.man.Sources {
		if err := ix.addVectors(ctx, s.ID, loaded[i], vecs[i]); err != nil {
			return nil, false, err
		}
	}
	return loaded, changed, nil
}

// reembed embeds the chunks of the sources stale that have no vector, in
// batches across sources, and writes those sources' vector files.
func (ix *Index) reembed(ctx context.Context, stale []int, loaded [][]Chunk, vecs [][][]float32) error {
	type slot struct{ src, chunk int }
	var slots []slot
	var texts []string
	for _, i := range stale {
		head := header(ix.man.Sources[i])
		for j, v := range vecs[i] {
			if v == nil {
				slots = append(slots, slot{i, j})
				texts = append(texts, head+"\n"+loaded[i][j].Text)
			}
		}
	}
	if len(texts) > 0 {
		ix.log.Info("embedding chunks", "chunks", len(texts), "sources", len(stale))
		got, err := ix.embed(ctx, texts)
		if err != nil {
			return fmt.Errorf("re-embed %d chunks: %w", len(texts), err)
		}
		for k, sl := range slots {
			vecs[sl.src][sl.chunk] = got[k]
		}
	}
	for _, i := range stale {
		if err := ix.writeVectors(ix.man.Sources[i].ID, loaded[i], vecs[i]); err != nil {
			return err
		}
	}
	return atomicfile.SyncDir(filepath.Join(ix.dir, chunksDir))
}

// openLegacy opens the chromem-go directory of a format-1 index, or returns
// nil (and logs why) if there is none or it cannot be read: its vectors are
// then embedded again from the stored texts.
func (ix *Index) openLegacy() *chromem.Collection {
	path := filepath.Join(ix.dir, legacyVectors)
	if _, err := os.Stat(path); err != nil {
		return nil
	}
	ix.log.Info("converting the index to vector files")
	db, err := chromem.NewPersistentDB(path, false)
	if err != nil {
		ix.log.Warn("the old vector directory cannot be read; re-embedding from the stored texts", "err", err.Error())
		return nil
	}
	return db.GetCollection(collectionName, refuseEmbedding)
}

// fillFromLegacy takes the vectors of chunks that a format-1 index holds for
// the same text and embedder.
func fillFromLegacy(ctx context.Context, legacy *chromem.Collection, identity string, chunks []Chunk, vecs [][]float32) {
	for j, c := range chunks {
		d, err := legacy.GetByID(ctx, c.ID)
		if err == nil && d.Metadata["embedder"] == identity && d.Content == c.Text {
			vecs[j] = normalize(d.Embedding)
		}
	}
}

// spansFit reports whether spans are n valid, increasing byte ranges of text.
func spansFit(spans []Span, text string, n int) bool {
	if len(spans) != n {
		return false
	}
	for i, sp := range spans {
		if sp.Start < 0 || sp.End <= sp.Start || sp.End > len(text) || (i > 0 && sp.Start < spans[i-1].Start) {
			return false
		}
	}
	return true
}

// chunksFromSpans rebuilds a source's chunks from its text; the chunk texts
// share the text's memory.
func chunksFromSpans(sourceID, text string, spans []Span) []Chunk {
	out := make([]Chunk, len(spans))
	for i, sp := range spans {
		out[i] = Chunk{ID: chunkID(sourceID, i), SourceID: sourceID, Position: i, Start: sp.Start, End: sp.End, Text: text[sp.Start:sp.End]}
	}
	return out
}

func readVecFile(path string) (vecFile, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return vecFile{}, err
	}
	return decodeVectors(b)
}

// writeVectors writes a source's vector file. The rename is durable once the
// caller, which may write many, syncs the directory.
func (ix *Index) writeVectors(id string, chunks []Chunk, vecs [][]float32) error {
	b, err := encodeVectors(ix.embedder.Identity(), chunks, vecs)
	if err != nil {
		return err
	}
	if err := atomicfile.WriteFileNoDirSync(ix.vecPath(id), b); err != nil {
		return fmt.Errorf("write vectors of %s: %w", id, err)
	}
	return nil
}

// addVectors puts a source's chunks into the vector collection.
func (ix *Index) addVectors(ctx context.Context, id string, chunks []Chunk, vecs [][]float32) error {
	for j, c := range chunks {
		doc := chromem.Document{
			ID: c.ID,
			Metadata: map[string]string{
				"source_id": c.SourceID,
				"position":  strconv.Itoa(c.Position),
				"start":     strconv.Itoa(c.Start),
				"end":       strconv.Itoa(c.End),
			},
			Embedding: vecs[j],
			Content:   c.Text,
		}
		if err := ix.col.AddDocument(ctx, doc); err != nil {
			return fmt.Errorf("store vectors of %s: %w", id, err)
		}
	}
	ix.noteSource(id, vecs)
	return nil
}

// embed embeds texts and checks what the embedder returned: one non-zero
// vector per text, all of one dimension, each L2-normalised here.
func (ix *Index) embed(ctx context.Context, texts []string) ([][]float32, error) {
	vecs, err := ix.embedder.Embed(ctx, texts)
	if err != nil {
		return nil, err
	}
	if len(vecs) != len(texts) {
		return nil, fmt.Errorf("embedder returned %d vectors for %d texts", len(vecs), len(texts))
	}
	for i, v := range vecs {
		if vecs[i] = normalize(v); vecs[i] == nil {
			return nil, fmt.Errorf("embed text %d: zero vector", i)
		}
		if len(v) != len(vecs[0]) {
			return nil, fmt.Errorf("embed text %d: %d dimensions, text 0 has %d", i, len(v), len(vecs[0]))
		}
	}
	return vecs, nil
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

// rebuildLexical builds the BM25 index anew from the chunks of every source
// (loaded, as loadVectors returned them; nil reads them from the collection).
func (ix *Index) rebuildLexical(loaded [][]Chunk) error {
	if ix.dir != "" {
		lexPath := filepath.Join(ix.dir, bm25Dir)
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
	for i, s := range ix.man.Sources {
		chunks := []Chunk(nil)
		if i < len(loaded) {
			chunks = loaded[i]
		} else {
			var err error
			if chunks, err = ix.chunksLocked(context.Background(), s); err != nil {
				return fmt.Errorf("rebuild bm25: %w", err)
			}
		}
		batch = append(batch, chunks...)
		if len(batch) >= 1000 {
			if err := ix.lex.apply(batch, nil, ix.man.Generation); err != nil {
				return err
			}
			batch = batch[:0]
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

// AddResult is the outcome of adding one document with AddAll: the source it
// became, or why it was not added.
type AddResult struct {
	Source Source
	Err    error
}

// maxBatchChunks bounds how many chunks AddAll embeds and commits at once, so
// that loading many long articles does not hold all their vectors in memory.
const maxBatchChunks = 4096

// Add chunks, embeds and commits a document atomically: every chunk is embedded
// first, then the text, the vectors, the BM25 index and the manifest are
// written; if any step fails nothing of the document remains. builtin marks a
// source of the built-in corpus.
func (ix *Index) Add(ctx context.Context, doc Document, builtin bool, progress Progress) (Source, error) {
	r := ix.AddAll(ctx, []Document{doc}, builtin, progress)
	return r[0].Source, r[0].Err
}

// AddAll adds several documents, embedding their chunks together so that the
// embedder gets full batches (one request per batch, not per article), and
// commits them in groups of at most maxBatchChunks chunks. Each group is
// atomic like Add. A document refused on its own (too short, a duplicate,
// too long) does not stop the others; it gets its error in its result.
func (ix *Index) AddAll(ctx context.Context, docs []Document, builtin bool, progress Progress) []AddResult {
	if progress == nil {
		progress = func(string) {}
	}
	res := make([]AddResult, len(docs))
	ix.writeMu.Lock()
	defer ix.writeMu.Unlock()

	var group []pendingSource
	size := 0
	flush := func() {
		if len(group) > 0 {
			ix.commitGroup(ctx, group, progress, res)
		}
		group, size = nil, 0
	}
	for i, d := range docs {
		p, err := ix.prepare(d, builtin, group)
		if err != nil {
			res[i].Err = err
			continue
		}
		if size > 0 && size+len(p.chunks) > ix.batch {
			flush()
			// The committed group is in the manifest now: check again
			// against it (a duplicate of a document just added).
			if p, err = ix.prepare(d, builtin, nil); err != nil {
				res[i].Err = err
				continue
			}
		}
		p.result = i
		group = append(group, p)
		size += len(p.chunks)
	}
	flush()
	return res
}

// pendingSource is a document AddAll has checked and chunked but not stored.
type pendingSource struct {
	src    Source
	text   string
	chunks []Chunk
	result int // index in AddAll's results
}

// prepare validates and chunks a document, choosing a free id. It is refused
// if it repeats (by URL or text) a committed source or one of pending.
func (ix *Index) prepare(doc Document, builtin bool, pending []pendingSource) (pendingSource, error) {
	text := strings.TrimSpace(doc.Text)
	if len([]rune(text)) < 80 {
		return pendingSource{}, fmt.Errorf("%w (under 80 characters)", ErrTooShort)
	}
	title := strings.TrimSpace(doc.Title)
	if title == "" {
		title = firstLine(text)
	}
	url := strings.TrimSpace(doc.URL)
	hash := NormalizedHash(text)

	ix.mu.RLock()
	defer ix.mu.RUnlock()
	dup := func(s Source) error {
		switch {
		case url != "" && s.URL == url:
			return &DuplicateError{Existing: s, Reason: "url"}
		case s.Hash == hash:
			return &DuplicateError{Existing: s, Reason: "text"}
		}
		return nil
	}
	for _, s := range ix.man.Sources {
		if err := dup(s); err != nil {
			return pendingSource{}, err
		}
	}
	for _, p := range pending {
		if err := dup(p.src); err != nil {
			return pendingSource{}, err
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
		return pendingSource{}, &IDError{ID: id}
	}
	taken := func(id string) bool {
		if _, ok := ix.byID[id]; ok {
			return true
		}
		return slices.ContainsFunc(pending, func(p pendingSource) bool { return p.src.ID == id })
	}
	base := id
	for n := 2; taken(id); n++ {
		id = fmt.Sprintf("%s-%d", base, n)
	}
	chunks := ix.chunker.Split(id, text)
	if len(chunks) > ix.maxChunk {
		return pendingSource{}, &LimitError{Passages: len(chunks), Limit: ix.maxChunk}
	}
	src := Source{
		ID: id, Title: title, Outlet: strings.TrimSpace(doc.Outlet), Published: strings.TrimSpace(doc.Published),
		Authors: doc.Authors, URL: url, Hash: hash, Builtin: builtin,
		AddedAt: time.Now().UTC().Truncate(time.Second), Chars: len([]rune(text)), Chunks: len(chunks),
	}
	return pendingSource{src: src, text: text, chunks: chunks}, nil
}

// commitGroup embeds the chunks of group in one call and commits the group
// atomically, writing each document's result.
func (ix *Index) commitGroup(ctx context.Context, group []pendingSource, progress Progress, res []AddResult) {
	ids := make([]string, len(group))
	for i, p := range group {
		ids[i] = p.src.ID
	}
	fail := func(err error) {
		for _, p := range group {
			res[p.result].Err = err
		}
	}
	var texts []string
	for _, p := range group {
		head := header(p.src)
		for _, c := range p.chunks {
			texts = append(texts, head+"\n"+c.Text)
		}
	}
	progress(fmt.Sprintf("embedding %d passages", len(texts)))
	vecs, err := ix.embed(ctx, texts)
	if err == nil {
		err = ctx.Err()
	}
	if err != nil {
		fail(fmt.Errorf("embed %s: %w", strings.Join(ids, ", "), err))
		return
	}

	progress("saving")
	next := ix.man
	next.Sources = slices.Clone(ix.man.Sources)
	next.Generation++
	var chunkIDs []string
	var allChunks []Chunk
	for _, p := range group {
		next.Sources = append(next.Sources, p.src)
		next.RemovedBuiltins = without(next.RemovedBuiltins, p.src.ID)
		for _, c := range p.chunks {
			chunkIDs = append(chunkIDs, c.ID)
		}
		allChunks = append(allChunks, p.chunks...)
	}
	lexAdded := false
	rollback := func(cause error) {
		ctx := context.Background()
		if err := ix.deleteChunks(ctx, chunkIDs); err != nil {
			ix.log.Error("roll back vectors", "sources", ids, "err", err)
		}
		if lexAdded {
			if err := ix.lex.apply(nil, allChunks, ix.man.Generation); err != nil {
				ix.log.Error("roll back bm25", "sources", ids, "err", err)
			}
		}
		for _, id := range ids {
			ix.forgetSource(id)
			if ix.dir != "" {
				os.Remove(ix.textPath(id))
				os.Remove(ix.vecPath(id))
			}
		}
		fail(cause)
	}
	off := 0
	for _, p := range group {
		v := vecs[off : off+len(p.chunks)]
		off += len(p.chunks)
		if ix.dir != "" {
			if err := atomicfile.WriteFileNoDirSync(ix.textPath(p.src.ID), []byte(p.text)); err != nil {
				rollback(fmt.Errorf("save text of %s: %w", p.src.ID, err))
				return
			}
			if err := ix.writeVectors(p.src.ID, p.chunks, v); err != nil {
				rollback(err)
				return
			}
		}
		if err := ix.addVectors(ctx, p.src.ID, p.chunks, v); err != nil {
			rollback(err)
			return
		}
	}
	if ix.dir != "" {
		for _, sub := range []string{textsDir, chunksDir} {
			if err := atomicfile.SyncDir(filepath.Join(ix.dir, sub)); err != nil {
				rollback(fmt.Errorf("sync %s: %w", sub, err))
				return
			}
		}
	}
	if err := ix.lex.apply(allChunks, nil, next.Generation); err != nil {
		rollback(err)
		return
	}
	lexAdded = true
	if err := ix.commit(next); err != nil {
		rollback(err)
		return
	}
	for _, p := range group {
		res[p.result].Source = p.src
		ix.log.Info("source added", "id", p.src.ID, "chunks", len(p.chunks))
	}
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
	if err := atomicfile.WriteFile(filepath.Join(ix.dir, manifestName), b); err != nil {
		return fmt.Errorf("write manifest: %w", err)
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
	chunks, chunksErr := ix.chunksLocked(ctx, src)
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
	ix.forgetSource(id)
	if chunksErr == nil {
		chunksErr = ix.lex.apply(nil, chunks, next.Generation)
	}
	if chunksErr != nil {
		ix.log.Error("remove bm25 entries (the next start rebuilds them)", "source", id, "err", chunksErr)
	}
	if ix.dir != "" {
		os.Remove(ix.vecPath(id))
		os.Remove(ix.textPath(id))
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
	return ix.chunksLocked(ctx, src)
}

// chunksLocked reads a source's chunks from the vector collection.
func (ix *Index) chunksLocked(ctx context.Context, src Source) ([]Chunk, error) {
	out := make([]Chunk, 0, src.Chunks)
	for p := 0; p < src.Chunks; p++ {
		d, err := ix.col.GetByID(ctx, chunkID(src.ID, p))
		if err != nil {
			return nil, fmt.Errorf("chunk %s: %w", chunkID(src.ID, p), err)
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
	b, err := os.ReadFile(ix.textPath(id))
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
