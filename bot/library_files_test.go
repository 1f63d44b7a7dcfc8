package bot

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fileArticle is the text of a small article file that loads.
const fileArticle = "# Paris talks\n\nLeaders met in Paris on 6 January 2026 to discuss security guarantees for Ukraine. " +
	"They agreed a declaration on a multinational force and on how a ceasefire would be monitored.\n"

// fileCase is one file AddFile is given.
type fileCase struct {
	name     string
	path     string
	max      int64
	wantCode Code // "" for a file that loads
	wantMsg  string
}

func TestAddFileRefusals(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, size int) string {
		p := filepath.Join(dir, name)
		body := fileArticle + strings.Repeat("x", max(0, size-len(fileArticle)))
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	small := write("small.txt", 0)
	big := write("big.txt", 4096)
	exact := write("exact.txt", 2048)
	tests := []fileCase{
		{"directory", dir, 2048, CodeNotAFile, dir + " is a directory."},
		{"over the limit", big, 2048, CodeFileTooLarge, "The file " + big + " is larger than 2 KB, the most that can be loaded (SOURCE_MAX_BYTES)."},
		{"at the limit", exact, 2048, "", ""},
		{"default limit", small, 0, "", ""},
		{"missing", filepath.Join(dir, "none.txt"), 2048, CodeUnreadableFile, "Cannot read the file " + filepath.Join(dir, "none.txt") + "."},
	}
	if _, err := os.Stat(os.DevNull); err == nil && filepath.IsAbs(os.DevNull) {
		tests = append(tests, fileCase{"null device", os.DevNull, 2048, CodeNotAFile, os.DevNull + " is a device, not a file."})
	}
	if _, err := os.Stat("/dev/zero"); err == nil {
		tests = append(tests, fileCase{"/dev/zero", "/dev/zero", 2048, CodeNotAFile, "/dev/zero is a device, not a file."})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			idx := newIndex(t)
			lib := NewLibrary(idx, nil, nil, nil, WithMaxBytes(tt.max))
			_, err := lib.AddFile(context.Background(), tt.path, nil)
			if tt.wantCode == "" {
				if err != nil {
					t.Fatalf("AddFile(%s) = %v, want it loaded", tt.path, err)
				}
				return
			}
			if !errors.Is(err, &Error{Code: tt.wantCode}) {
				t.Fatalf("AddFile(%s) = %v, want code %s", tt.path, err, tt.wantCode)
			}
			if got := Friendly(err); got != tt.wantMsg {
				t.Errorf("Friendly = %q, want %q", got, tt.wantMsg)
			}
			if got := len(idx.Sources()); got != 0 {
				t.Errorf("%d sources stored after a refusal, want 0", got)
			}
			// AddMany refuses it the same way.
			got := lib.AddMany(context.Background(), []string{tt.path}, nil)
			if len(got) != 1 || !errors.Is(got[0].Err, &Error{Code: tt.wantCode}) {
				t.Errorf("AddMany = %+v, want code %s", got, tt.wantCode)
			}
		})
	}
}

// endless is a reader that never ends, like a file that keeps growing.
type endless struct{ n int64 }

func (e *endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'a'
	}
	e.n += int64(len(p))
	return len(p), nil
}

func TestReadAtMost(t *testing.T) {
	tests := []struct {
		name    string
		r       io.Reader
		max     int64
		wantLen int
		wantErr error
	}{
		{"under", strings.NewReader("hello"), 10, 5, nil},
		{"exact", strings.NewReader("hello"), 5, 5, nil},
		{"over", strings.NewReader("hello!"), 5, 0, errTooLarge},
		{"endless", &endless{}, 1 << 20, 0, errTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := readAtMost(tt.r, tt.max)
			if len(got) != tt.wantLen || !errors.Is(err, tt.wantErr) {
				t.Errorf("readAtMost = %d bytes, %v; want %d, %v", len(got), err, tt.wantLen, tt.wantErr)
			}
			if e, ok := tt.r.(*endless); ok && e.n > tt.max+64<<10 {
				t.Errorf("read %d bytes of an endless reader for a limit of %d", e.n, tt.max)
			}
		})
	}
}
