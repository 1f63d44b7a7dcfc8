package retrieval

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
)

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

// prepare validates and chunks a document, choosing a free id (ids are
// unique across all scopes). It is refused if it repeats (by URL or text) a
// committed or pending source that a search in its scope sees: a guild's
// document one of the shared sources or the guild's, a shared document one of
// the shared sources. Another guild's sources never count.
func (ix *Index) prepare(doc Document, builtin bool, pending []pendingSource) (pendingSource, error) {
	guild := strings.TrimSpace(doc.Guild)
	if err := checkScope(guild); err != nil {
		return pendingSource{}, err
	}
	if builtin && guild != "" {
		return pendingSource{}, ErrBuiltinGuild
	}
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
		case !inScope(s, guild):
			return nil
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
		Guild: guild,
	}
	return pendingSource{src: src, text: text, chunks: chunks}, nil
}

// commitGroup embeds the chunks of group in one call and commits the group
// atomically (see commit.go), writing each document's result.
func (ix *Index) commitGroup(ctx context.Context, group []pendingSource, progress Progress, res []AddResult) {
	ids := make([]string, len(group))
	next := ix.man
	next.Sources = slices.Clone(ix.man.Sources)
	next.Generation++
	ch := change{gen: next.Generation, scope: map[string]string{}}
	var texts []string
	for i, p := range group {
		ids[i] = p.src.ID
		next.Sources = append(next.Sources, p.src)
		next.RemovedBuiltins = without(next.RemovedBuiltins, p.src.ID)
		ch.add = append(ch.add, p.chunks...)
		ch.scope[p.src.ID] = p.src.Guild
		head := header(p.src)
		for _, c := range p.chunks {
			texts = append(texts, head+"\n"+c.Text)
		}
	}
	fail := func(err error) {
		for _, p := range group {
			res[p.result].Err = err
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
	ch.vecs = vecs

	progress("saving")
	var undo undoStack
	files, err := ix.writeSources(group, vecs)
	if err == nil {
		undo.push(files)
		err = ix.applyStores(ctx, ch, &undo)
	}
	if err == nil {
		err = ix.writeManifest(next)
	}
	if err != nil {
		undo.run(ix.log, "sources", ids)
		fail(err)
		return
	}
	// Readers see the sources once every store holds their chunks.
	ix.publish(next)
	for _, p := range group {
		res[p.result].Source = p.src
		ix.log.Info("source added", "id", p.src.ID, "chunks", len(p.chunks))
	}
}

// firstLine returns the first line of s, shortened to 100 characters.
func firstLine(s string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(s), "\n")
	r := []rune(strings.TrimSpace(line))
	if len(r) > 100 {
		r = append(r[:97], '…')
	}
	return string(r)
}
