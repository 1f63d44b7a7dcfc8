package retrieval

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"github.com/summitbot/summitbot/retrieval/atomicfile"
)

// Open opens (or creates) the index in opts.Dir, repairing what a crash may
// have left half-written: files of sources the manifest does not list are
// removed, chunks whose vectors are missing, unreadable or made by another
// embedder are re-embedded from the stored texts (and the log says so), and
// the BM25 index is rebuilt if it does not match. An index that an earlier
// version kept in chromem-go's own files is converted, reusing its vectors.
// With opts.DeferReembed nothing is embedded: see Options.DeferReembed.
func Open(ctx context.Context, opts Options) (*Index, error) {
	if opts.Embedder == nil {
		return nil, errors.New("open index: no embedder")
	}
	ix := &Index{
		dir:       opts.Dir,
		embedder:  opts.Embedder,
		chunker:   opts.Chunker,
		maxChunk:  opts.MaxChunksPerSource,
		batch:     maxBatchChunks,
		log:       opts.Logger,
		topic:     &topicWeights{text: opts.Topic},
		titles:    &personTitles{},
		thesaurus: opts.Thesaurus,
		ordinary:  ordinaryTerms(opts.OrdinaryWords),
		words:     opts.WordVectors,
		byID:      map[string]int{},

		deferReembed: opts.DeferReembed,
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
		m, found, err := readManifest(ix.dir)
		if err != nil {
			return err
		}
		if found {
			ix.man, fresh = m, false
		}
	}
	if fresh {
		ix.man = manifest{Format: sharedFormat, Embedder: ix.embedder.Identity(), ChunkSize: ix.chunker.Size, ChunkOverlap: ix.chunker.Overlap}
	} else {
		if ix.man.ChunkSize != ix.chunker.Size || ix.man.ChunkOverlap != ix.chunker.Overlap {
			ix.log.Info("index keeps the chunk settings it was built with", "size", ix.man.ChunkSize, "overlap", ix.man.ChunkOverlap)
		}
		ix.chunker = Chunker{Size: ix.man.ChunkSize, Overlap: ix.man.ChunkOverlap}
	}
	for i, s := range ix.man.Sources {
		ix.byID[s.ID] = i
	}

	d, err := newDense(&ix.mu, ix.topic, ix.titles)
	if err != nil {
		return err
	}
	ix.dense = d
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
	if err := ix.openBM25(loaded); err != nil {
		return err
	}
	if rewrite {
		if err := ix.writeManifest(ix.man); err != nil {
			return err
		}
	}
	// An index left to re-embed keeps what it holds on disk, converted
	// chromem-go files included, for the open that re-embeds it.
	if ix.dir != "" && !fresh && ix.pending == 0 {
		return ix.removeLegacy()
	}
	return nil
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
	l, err := lockDir(ix.dir)
	if err != nil {
		return err
	}
	ix.lock = l
	return nil
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
// vector store and returns the chunks of each source, in manifest order.
// Vectors that are missing, unreadable or made by another embedder are
// embedded again from the text (in batches across sources) and written back;
// changed reports that the manifest must be rewritten. With deferReembed
// nothing is embedded: see deferVectors.
func (ix *Index) loadVectors(ctx context.Context) (loaded [][]Chunk, changed bool, err error) {
	identity := ix.embedder.Identity()
	stored := ix.man.Embedder
	if ix.man.Embedder != identity && len(ix.man.Sources) > 0 && !ix.deferReembed {
		ix.log.Warn("the embedding model changed: re-embedding every chunk", "was", ix.man.Embedder, "now", identity, "chunks", ix.man.totalChunks())
	}
	changed = ix.man.Embedder != identity || ix.man.Format != ix.man.format()
	ix.man.Embedder = identity

	legacy := ix.openLegacy()
	loaded = make([][]Chunk, len(ix.man.Sources))
	vecs := make([][][]float32, len(ix.man.Sources))
	var stale []int                    // sources whose vector file must be written
	staleVecs := map[int][][]float32{} // the vectors of another embedder they have
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
				staleVecs[i] = vf.vecs
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
	if len(stale) > 0 && ix.deferReembed {
		ix.deferVectors(stored, identity, stale, vecs, staleVecs)
		changed = false
	} else if len(stale) > 0 {
		if unreadable > 0 {
			ix.log.Warn("re-embedding unreadable chunk files from the stored texts", "files", unreadable)
		}
		if err := ix.reembed(ctx, stale, loaded, vecs); err != nil {
			return nil, false, err
		}
	}
	// Each source's chunks go to the collection of its scope (sources of a
	// manifest written before scopes have none: they are shared).
	for i, s := range ix.man.Sources {
		if err := ix.dense.add(ctx, loaded[i], vecs[i], map[string]string{s.ID: s.Guild}); err != nil {
			return nil, false, err
		}
	}
	return loaded, changed, nil
}

// deferVectors leaves the sources stale to be re-embedded by a later open:
// their chunks keep the vectors they have (staleVecs, those of another
// embedder), or get a placeholder, the manifest keeps the embedder that made
// them, and the index embeds nothing (deferredEmbedder) nor weighs sources by
// the topic, which would take the topic's vector of the configured embedder.
func (ix *Index) deferVectors(stored, configured string, stale []int, vecs [][][]float32, staleVecs map[int][][]float32) {
	dim := 1
	for _, v := range staleVecs {
		if len(v) > 0 {
			dim = len(v[0])
			break
		}
	}
	placeholder := make([]float32, dim)
	placeholder[0] = 1
	for _, i := range stale {
		old := staleVecs[i]
		for j := range vecs[i] {
			if vecs[i][j] != nil {
				continue // a vector of the configured embedder
			}
			ix.pending++
			if j < len(old) && len(old[j]) == dim {
				vecs[i][j] = old[j]
			} else {
				vecs[i][j] = placeholder
			}
		}
	}
	if stored == "" {
		stored = configured
	}
	ix.man.Embedder = stored
	ix.embedder = deferredEmbedder{stored: stored, configured: configured, chunks: ix.pending}
	ix.topic.text = ""
	ix.log.Info("the index is kept as it is: its passages are re-embedded by the next command that embeds",
		"was", stored, "now", configured, "chunks", ix.pending)
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

// openBM25 opens the BM25 index, rebuilding it if it cannot be read or does
// not match the manifest (another generation or another number of chunks).
// loaded holds the chunks of each source, as loadVectors returned them.
func (ix *Index) openBM25(loaded [][]Chunk) error {
	lexPath := ""
	if ix.dir != "" {
		lexPath = filepath.Join(ix.dir, bm25Dir)
	}
	lex, gen, err := openLexical(lexPath, ix.ordinary)
	if err != nil && lexPath != "" {
		ix.log.Warn("rebuilding the BM25 index", "reason", err.Error())
		if rmErr := os.RemoveAll(lexPath); rmErr != nil {
			return fmt.Errorf("remove broken bm25 index: %w", rmErr)
		}
		lex, gen, err = openLexical(lexPath, ix.ordinary)
	}
	if err != nil {
		return err
	}
	ix.lex = lex
	n, err := lex.count()
	if err != nil {
		return fmt.Errorf("count bm25 documents: %w", err)
	}
	if want := ix.man.totalChunks(); gen != ix.man.Generation || n != uint64(want) {
		if want > 0 || n > 0 {
			ix.log.Info("rebuilding the BM25 index", "chunks", want)
		}
		return ix.rebuildLexical(loaded)
	}
	return nil
}

// rebuildLexical builds the BM25 index anew from the chunks of every source
// (loaded, as loadVectors returned them; nil reads them from the vector store).
func (ix *Index) rebuildLexical(loaded [][]Chunk) error {
	if ix.dir != "" {
		lexPath := filepath.Join(ix.dir, bm25Dir)
		ix.lex.close()
		if err := os.RemoveAll(lexPath); err != nil {
			return fmt.Errorf("remove bm25 index: %w", err)
		}
		lex, _, err := openLexical(lexPath, ix.ordinary)
		if err != nil {
			return err
		}
		ix.lex = lex
	}
	var batch []Chunk
	scope := map[string]string{}
	for i, s := range ix.man.Sources {
		scope[s.ID] = s.Guild
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
			if err := ix.lex.batch(batch, nil, scope, ix.man.Generation); err != nil {
				return err
			}
			batch = batch[:0]
			clear(scope)
		}
	}
	return ix.lex.batch(batch, nil, scope, ix.man.Generation)
}
