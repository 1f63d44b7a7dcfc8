// Package atomicfile replaces files so that a reader, or a process restarted
// after a crash, sees either the old content or the new, never a mix.
package atomicfile

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
)

// WriteFile replaces path with data durably: it writes a temporary file beside
// path, syncs it, renames it over path and syncs the directory. Missing parent
// directories are created (mode 0700). If only the final directory sync
// fails, path already holds data and the error is a *NotDurableError.
func WriteFile(path string, data []byte) error {
	if err := WriteFileNoDirSync(path, data); err != nil {
		return err
	}
	if err := SyncDir(filepath.Dir(path)); err != nil {
		return &NotDurableError{Err: err}
	}
	return nil
}

// NotDurableError reports that a file was replaced but the directory sync
// after the rename failed: readers see the new content, which a power loss
// might still undo. Callers that commit with the rename treat it as written.
type NotDurableError struct{ Err error }

func (e *NotDurableError) Error() string { return "replaced but not synced: " + e.Err.Error() }

// Unwrap returns the sync error.
func (e *NotDurableError) Unwrap() error { return e.Err }

// WriteFileNoDirSync is WriteFile without the directory sync, for callers that
// write many files into one directory and then call SyncDir once. The rename
// is durable only after that sync.
func WriteFileNoDirSync(path string, data []byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}

// SyncDir makes the renames and removals in dir durable. Systems that cannot
// sync a directory (Windows reports EINVAL or access denied) are not an error:
// there a rename is durable on its own.
func SyncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, syscall.EINVAL) && !errors.Is(err, os.ErrPermission) {
		return err
	}
	return nil
}
