//go:build unix

package bot

import (
	"context"
	"errors"
	"net"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

func TestAddFileRefusesSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe.txt")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	sock := filepath.Join(dir, "s.sock")
	ln, err := net.Listen("unix", sock)
	if err != nil {
		t.Skipf("listen on a unix socket: %v", err)
	}
	defer ln.Close()
	tests := []struct {
		path    string
		wantMsg string
	}{
		{fifo, fifo + " is a named pipe, not a file."},
		{sock, sock + " is a socket, not a file."},
	}
	for _, tt := range tests {
		t.Run(filepath.Base(tt.path), func(t *testing.T) {
			idx := newIndex(t)
			lib := NewLibrary(idx, nil, nil, nil)
			// Opening a FIFO without a writer blocks: the refusal must come
			// before any open, so this returns at once.
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			done := make(chan error, 1)
			go func() {
				_, err := lib.AddFile(ctx, "", tt.path, nil)
				done <- err
			}()
			var err error
			select {
			case err = <-done:
			case <-ctx.Done():
				t.Fatal("AddFile blocked on a special file")
			}
			if !errors.Is(err, &Error{Code: CodeNotAFile}) {
				t.Fatalf("AddFile = %v, want code %s", err, CodeNotAFile)
			}
			if got := Friendly(err); got != tt.wantMsg {
				t.Errorf("Friendly = %q, want %q", got, tt.wantMsg)
			}
			if n := len(idx.Sources()); n != 0 {
				t.Errorf("%d sources stored, want 0", n)
			}
		})
	}
}

func TestOpenFileDoesNotBlockOnFIFO(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "swapped.txt")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	done := make(chan error, 1)
	go func() {
		f, err := openFile(fifo)
		if err == nil {
			f.Close()
		}
		done <- err
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("openFile = %v", err)
		}
	case <-time.After(10 * time.Second):
		// Release the blocked open by giving the pipe a writer, then wait.
		if w, err := os.OpenFile(fifo, os.O_RDWR, 0); err == nil {
			defer w.Close()
		}
		<-done
		t.Fatal("openFile blocked on a named pipe without a writer")
	}
}
