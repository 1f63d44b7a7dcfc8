package retrieval

import (
	"context"
	"log/slog"
)

// A change to the index is committed in steps, each of which can be undone:
// the sources' files are written, the change is applied to each store, and
// the manifest is written, which is the commit point. If a step fails, the
// steps before it are undone, newest first. A crash between steps leaves what
// Open repairs: files of sources the manifest does not list are removed, and
// a BM25 index of another generation than the manifest's is rebuilt.

// store is a searchable copy of the chunks: the vector collection (dense) or
// the BM25 index (lexical).
type store interface {
	// apply adds ch.add and deletes ch.del. On error the store is as it
	// was; undo puts it back as it was.
	apply(ctx context.Context, ch change) (undo func() error, err error)
}

// change is what one commit does to the stores.
type change struct {
	add  []Chunk     // chunks to add, those of a source together
	vecs [][]float32 // the vectors of add, in order
	del  []Chunk     // chunks to delete, those of a source together
	gen  uint64      // the generation of the manifest the change commits
	// scope maps the id of every source with chunks in add or del to its
	// guild ("" for a shared source): the stores keep each scope apart.
	scope map[string]string
}

// undoStack holds the undo functions of the steps of a commit done so far.
type undoStack []func() error

// push records the undo function of a step that succeeded.
func (u *undoStack) push(undo func() error) { *u = append(*u, undo) }

// run undoes the steps, newest first. An undo that fails is logged: what it
// leaves behind, the next Open repairs.
func (u undoStack) run(log *slog.Logger, args ...any) {
	for i := len(u) - 1; i >= 0; i-- {
		if err := u[i](); err != nil {
			log.Error("undo an unfinished change (the next start repairs it)", append(args, "err", err)...)
		}
	}
}

// applyStores applies ch to the vector store, then to the BM25 index, pushing
// what undoes each onto undo.
func (ix *Index) applyStores(ctx context.Context, ch change, undo *undoStack) error {
	for _, s := range []store{ix.dense, ix.lex} {
		u, err := s.apply(ctx, ch)
		if err != nil {
			return err
		}
		undo.push(u)
	}
	return nil
}
