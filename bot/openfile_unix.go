//go:build unix

package bot

import (
	"os"
	"syscall"
)

// openFile opens name for reading without blocking: were a named pipe put
// in place of the file after it was checked, opening it would otherwise wait
// for a writer. Reads from a regular file are not affected.
func openFile(name string) (*os.File, error) {
	return os.OpenFile(name, os.O_RDONLY|syscall.O_NONBLOCK, 0)
}
