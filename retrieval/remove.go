package retrieval

import (
	"context"
	"fmt"
)

// Remove deletes a source. Searches stop seeing it first; then its chunks
// leave both stores and the manifest is written without it (the commit). If
// a step fails, the steps before it are undone and the source stays. Its files
// are deleted last; a crash before that leaves orphans that Open removes. A
// removed built-in article is recorded (RemovedBuiltins) so that it stays
// removed.
func (ix *Index) Remove(ctx context.Context, id string) (Source, error) {
	return ix.remove(ctx, id, true)
}

// Discard deletes a source as Remove does, but does not record a built-in
// article as removed: it is for replacing a source with a new version, so
// that if adding the new version fails, the next sync adds it again.
func (ix *Index) Discard(ctx context.Context, id string) (Source, error) {
	return ix.remove(ctx, id, false)
}

func (ix *Index) remove(ctx context.Context, id string, record bool) (Source, error) {
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
	if src.Builtin && record {
		next.RemovedBuiltins = append(without(ix.man.RemovedBuiltins, id), id)
	}
	chunks, err := ix.chunksLocked(ctx, src)
	if err != nil {
		return Source{}, fmt.Errorf("remove %s: %w", id, err)
	}

	prev := ix.publish(next)
	undo := undoStack{func() error { ix.publish(prev); return nil }}
	err = ix.applyStores(ctx, change{del: chunks, gen: next.Generation, scope: map[string]string{id: src.Guild}}, &undo)
	if err == nil {
		err = ix.writeManifest(next)
	}
	if err != nil {
		undo.run(ix.log, "source", id)
		return Source{}, err
	}
	ix.removeSourceFiles(id)
	ix.log.Info("source removed", "id", id)
	return src, nil
}
