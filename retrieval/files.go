package retrieval

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/summitbot/summitbot/retrieval/atomicfile"
)

// On disk each source has its text, in textsDir, and a vector file, in
// chunksDir (see vecfile.go).
const (
	chunksDir = "chunks"
	textsDir  = "texts"
	vecExt    = ".vec"
)

func (ix *Index) vecPath(id string) string {
	return filepath.Join(ix.dir, chunksDir, id+vecExt)
}

func (ix *Index) textPath(id string) string {
	return filepath.Join(ix.dir, textsDir, id+".txt")
}

func (ix *Index) readText(id string) (string, error) {
	b, err := os.ReadFile(ix.textPath(id))
	if err != nil {
		return "", err
	}
	return string(b), nil
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

// writeSources durably writes the text and the vector file of each source of
// group, whose chunks have vecs, in order: the first step of adding them. On
// error nothing of them is left; undo removes them. An index in memory has
// nothing to write.
func (ix *Index) writeSources(group []pendingSource, vecs [][]float32) (undo func() error, err error) {
	undo = func() error {
		for _, p := range group {
			ix.removeSourceFiles(p.src.ID)
		}
		return nil
	}
	if ix.dir == "" {
		return undo, nil
	}
	off := 0
	for _, p := range group {
		v := vecs[off : off+len(p.chunks)]
		off += len(p.chunks)
		if err := atomicfile.WriteFileNoDirSync(ix.textPath(p.src.ID), []byte(p.text)); err != nil {
			undo()
			return nil, fmt.Errorf("save text of %s: %w", p.src.ID, err)
		}
		if err := ix.writeVectors(p.src.ID, p.chunks, v); err != nil {
			undo()
			return nil, err
		}
	}
	for _, sub := range []string{textsDir, chunksDir} {
		if err := atomicfile.SyncDir(filepath.Join(ix.dir, sub)); err != nil {
			undo()
			return nil, fmt.Errorf("sync %s: %w", sub, err)
		}
	}
	return undo, nil
}

// removeSourceFiles deletes the text and the vector file of a source, if
// they exist. What it cannot delete, the next Open does.
func (ix *Index) removeSourceFiles(id string) {
	if ix.dir == "" {
		return
	}
	os.Remove(ix.vecPath(id))
	os.Remove(ix.textPath(id))
}
