package retrieval

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/summitbot/summitbot/retrieval/atomicfile"
)

// Manifest formats: 1 kept the vectors in chromem-go's files (see
// migrate.go); 2 has vector files and only shared sources; 3 is 2 with
// sources of a guild's scope. A manifest is written as 2 while all its
// sources are shared, so that a summitbot from before scopes can still open
// it; one with a guild's sources is written as 3, which such a summitbot
// refuses rather than showing the guild's sources to every server.
const (
	manifestName   = "manifest.json"
	sharedFormat   = 2
	manifestFormat = 3 // the newest format this version reads
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

// format is the format m is written in: sharedFormat unless a source has a
// guild's scope.
func (m manifest) format() int {
	for _, s := range m.Sources {
		if s.Guild != "" {
			return manifestFormat
		}
	}
	return sharedFormat
}

// totalChunks is the number of chunks of all sources.
func (m manifest) totalChunks() int {
	n := 0
	for _, s := range m.Sources {
		n += s.Chunks
	}
	return n
}

// readManifest reads the manifest of the index directory dir; found is false
// if there is none (a new index).
func readManifest(dir string) (m manifest, found bool, err error) {
	path := filepath.Join(dir, manifestName)
	b, err := os.ReadFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return manifest{}, false, nil
	case err != nil:
		return manifest{}, false, fmt.Errorf("read index manifest: %w", err)
	}
	if err := json.Unmarshal(b, &m); err != nil || m.Format < 1 || m.Format > manifestFormat {
		if err == nil {
			err = fmt.Errorf("unknown format %d", m.Format)
		}
		return manifest{}, false, fmt.Errorf("%w: %s: %v; move the directory aside (or delete it) to build a new index", ErrCorrupt, path, err)
	}
	for _, s := range m.Sources {
		if err := checkScope(s.Guild); err != nil {
			return manifest{}, false, fmt.Errorf("%w: %s: source %s: %v; move the directory aside (or delete it) to build a new index", ErrCorrupt, path, s.ID, err)
		}
	}
	return m, true, nil
}

// writeManifest writes m durably: the commit point of a change. An index in
// memory has nothing to write. Once the rename has happened the change is
// committed: a failed directory sync after it is logged, not returned, since
// undoing the change would leave the manifest on disk naming files the undo
// deletes.
func (ix *Index) writeManifest(m manifest) error {
	if ix.dir == "" {
		return nil
	}
	m.Format = m.format()
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return fmt.Errorf("encode manifest: %w", err)
	}
	err = atomicfile.WriteFile(filepath.Join(ix.dir, manifestName), b)
	var nd *atomicfile.NotDurableError
	if errors.As(err, &nd) {
		ix.log.Error("manifest written but its directory could not be synced; a power loss may undo the last change", "err", err)
		return nil
	}
	if err != nil {
		return fmt.Errorf("write manifest: %w", err)
	}
	return nil
}

// publish makes m the manifest that searches and accessors see, and returns
// the one it replaces.
func (ix *Index) publish(m manifest) manifest {
	byID := make(map[string]int, len(m.Sources))
	for i, s := range m.Sources {
		byID[s.ID] = i
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	prev := ix.man
	ix.man, ix.byID = m, byID
	return prev
}

// without returns list without s.
func without(list []string, s string) []string {
	var out []string
	for _, x := range list {
		if x != s {
			out = append(out, x)
		}
	}
	return out
}
