package data

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"fmt"
)

// tableLines calls fn with the number (from 1) and text of each line of a
// gzipped table, but empty lines and comments ("#"), and stops at fn's
// first error.
func tableLines(gz []byte, fn func(n int, line string) error) error {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return fmt.Errorf("open: %w", err)
	}
	defer zr.Close()
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	n := 0
	for sc.Scan() {
		n++
		if line := sc.Text(); line != "" && line[0] != '#' {
			if err := fn(n, line); err != nil {
				return err
			}
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read: %w", err)
	}
	return nil
}
