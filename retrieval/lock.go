package retrieval

import (
	"fmt"
	"path/filepath"

	"github.com/gofrs/flock"
)

// lockName is the file of an index directory that the process using the
// index holds locked.
const lockName = "lock"

// lockDir takes the exclusive lock of the index directory dir, or fails with
// ErrLocked if another process, or another Open in this one, holds it. Close
// releases it (so does the end of the process).
func lockDir(dir string) (*flock.Flock, error) {
	l := flock.New(filepath.Join(dir, lockName))
	ok, err := l.TryLock()
	if err != nil {
		return nil, fmt.Errorf("lock index %s: %w", dir, err)
	}
	if !ok {
		return nil, fmt.Errorf("%w (%s)", ErrLocked, dir)
	}
	return l, nil
}
