package retrieval

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"

	"github.com/gofrs/flock"
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
	// Guild is the scope the document is added to: "" for the shared corpus
	// every server answers from, or one Discord server's (guild's) id.
	Guild string
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
	// Thesaurus, if not nil, relates the words of questions to words their
	// sources may use instead; searches weigh those the index holds below
	// the question's own words.
	Thesaurus Thesaurus
	// WordVectors, if not nil, adds a third ranking to hybrid searches: the
	// share of the question each passage holds, a word near a question's
	// word (by these vectors) counting in part.
	WordVectors WordVectors
	// OrdinaryWords, if not nil, holds the ordinary English words (lower
	// case; data.CommonWords). A question word the index lacks is then
	// searched under the form of another ordinary word only when the two
	// share a root of at least ordinaryRootRunes letters ("personnel" for
	// "person"), not one edit or a shorter root away ("officials" is not
	// "office", "support" not "suppose"): between ordinary words the
	// thesaurus gives spellings and forms. Names and misspellings keep every
	// variant sameWord accepts ("Canada" for "Canadian", "accord" for
	// "acording").
	OrdinaryWords map[string]bool
	// DeferReembed has Open embed nothing: chunks whose stored vectors were
	// made by another embedder (or are missing) keep what they have, and the
	// index reports NeedsReembed. Such an index lists, removes and searches
	// with BM25 (without the topic's weights); dense and hybrid searches and
	// adds fail with ErrNeedsReembed. Open it without the option to re-embed.
	DeferReembed bool
}

// ErrNeedsReembed is the error of a dense or hybrid search, or an add, on an
// index opened with DeferReembed whose vectors another embedder made.
var ErrNeedsReembed = errors.New("the index must be re-embedded with the configured embedding model first")

// ExtrasDir is a sub-directory of an index directory that the index leaves
// alone, for other parts of summitbot to keep their own files in.
const ExtrasDir = "extras"

// Index is summitbot's searchable store: chunks with embeddings in chromem-go,
// the same chunks in a BM25 index, and a manifest of sources. On disk each
// source has its text and a vector file (see vecfile.go). Each source is
// shared or belongs to one guild, and a search sees only its scope's (see
// scope.go). It is safe for concurrent use; writes are serialised.
type Index struct {
	dir      string
	embedder Embedder
	chunker  Chunker
	maxChunk int
	batch    int // chunks AddAll embeds and commits at once (maxBatchChunks)
	log      *slog.Logger
	lock     *flock.Flock
	topic    *topicWeights
	// titles are the people the passages introduce with a title.
	titles *personTitles
	// thesaurus expands questions; nil: no expansion.
	thesaurus Thesaurus
	ordinary  func(term string) bool // whether a term is an ordinary word's (Options.OrdinaryWords); nil: none known
	// words ranks candidates by near words; nil: no such ranking.
	words WordVectors
	// stems maps stems to the words of words that have them (see stemForms).
	stems stemForms
	// deferReembed is Options.DeferReembed; pending counts the chunks Open
	// left without a vector of the configured embedder (then embedder is a
	// deferredEmbedder).
	deferReembed bool
	pending      int

	dense *dense
	lex   *lexical

	writeMu sync.Mutex // one Add/Remove at a time
	mu      sync.RWMutex
	man     manifest
	byID    map[string]int // source id -> index in man.Sources
}

// Sources returns the loaded sources of every scope in the order they were
// added (see SourcesIn for those one guild sees).
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

// sourceLocked returns the source with id; callers hold mu or writeMu.
func (ix *Index) sourceLocked(id string) (Source, bool) {
	i, ok := ix.byID[id]
	if !ok {
		return Source{}, false
	}
	return ix.man.Sources[i], true
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

// chunksLocked reads a source's chunks from the vector store.
func (ix *Index) chunksLocked(ctx context.Context, src Source) ([]Chunk, error) {
	out := make([]Chunk, 0, src.Chunks)
	for p := 0; p < src.Chunks; p++ {
		c, err := ix.dense.chunk(ctx, chunkID(src.ID, p))
		if err != nil {
			return nil, err
		}
		out = append(out, c)
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

// Len returns the number of chunks in the index.
func (ix *Index) Len() int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.man.totalChunks()
}

// EmbedderIdentity returns the identity of the embedder the index uses (on
// an index that NeedsReembed, the one that made most of its vectors).
func (ix *Index) EmbedderIdentity() string { return ix.embedder.Identity() }

// NeedsReembed reports whether Open, told to DeferReembed, left chunks
// without vectors of the configured embedder: then dense and hybrid searches
// and adds fail with ErrNeedsReembed until the index is opened without it.
func (ix *Index) NeedsReembed() bool { return ix.pending > 0 }

// deferredEmbedder stands in for the configured embedder of an index that
// NeedsReembed: it embeds nothing, and its identity is the stored vectors'.
type deferredEmbedder struct {
	stored, configured string
	chunks             int
}

// Embed refuses: the stored vectors and the configured model's do not mix.
func (e deferredEmbedder) Embed(context.Context, []string) ([][]float32, error) {
	return nil, fmt.Errorf("%w: %d passages have vectors of %q, not of %q", ErrNeedsReembed, e.chunks, e.stored, e.configured)
}

// Identity is that of the stored vectors.
func (e deferredEmbedder) Identity() string { return e.stored }

// Close releases the BM25 index and the directory lock. Every committed
// source is already on disk. Unlike the other methods, Close must not run
// concurrently with them: call it once the searches and changes have ended
// (serve closes the index after draining its answers).
func (ix *Index) Close() error {
	var err error
	if ix.lex != nil {
		err = ix.lex.close()
		ix.lex = nil
	}
	if ix.lock != nil {
		err = errors.Join(err, ix.lock.Close())
		ix.lock = nil
	}
	return err
}
