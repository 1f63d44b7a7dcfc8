package retrieval

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	chromem "github.com/philippgille/chromem-go"
)

// An index of format 1 kept its vectors in chromem-go's own files, in the
// directory legacyVectors. Open converts it: a chunk whose text and embedder
// are unchanged takes its vector from there, the others are embedded again,
// and once the vector files and the manifest of format 2 are written the
// directory is removed. This file can go once no format-1 index is left.

// legacyVectors is chromem-go's persistence directory, used by format 1.
const legacyVectors = "vectors"

// openLegacy opens the chromem-go directory of a format-1 index and marks
// the manifest as of the current format. It returns nil if the index is not
// of format 1, or (and logs why) if there is no such directory or it cannot
// be read: the vectors are then embedded again from the stored texts.
func (ix *Index) openLegacy() *chromem.Collection {
	if ix.man.Format != 1 {
		return nil
	}
	ix.man.Format = manifestFormat
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

// removeLegacy removes the vectors of format 1, which are in vector files now.
func (ix *Index) removeLegacy() error {
	if err := os.RemoveAll(filepath.Join(ix.dir, legacyVectors)); err != nil {
		return fmt.Errorf("remove the old vector directory: %w", err)
	}
	return nil
}
