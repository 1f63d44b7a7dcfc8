package bot

import (
	"bytes"
	"compress/zlib"
	"context"
	"errors"
	"fmt"
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
			_, err := lib.AddFile(context.Background(), "", tt.path, nil)
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
			got := lib.AddMany(context.Background(), "", []string{tt.path}, nil)
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

// bombPDF is a PDF of one page whose content stream decompresses to n
// spaces, from well under 1 MB of file.
func bombPDF(t *testing.T, n int) []byte {
	t.Helper()
	var z bytes.Buffer
	w, _ := zlib.NewWriterLevel(&z, zlib.BestCompression)
	block := bytes.Repeat([]byte{' '}, 1<<20)
	w.Write([]byte("BT (Paris) Tj "))
	for ; n > 0; n -= len(block) {
		w.Write(block[:min(n, len(block))])
	}
	w.Write([]byte(" ET"))
	w.Close()
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
		fmt.Sprintf("<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream", z.Len(), z.Bytes()),
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	var offsets []int
	for i, o := range objs {
		offsets = append(offsets, b.Len())
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return b.Bytes()
}

func TestAddFileRefusesPDFBomb(t *testing.T) {
	name := filepath.Join(t.TempDir(), "bomb.pdf")
	if err := os.WriteFile(name, bombPDF(t, 200<<20), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		max  int64
		want string
	}{
		{0, "Page 1 of that PDF expands to more than 10 MB."},
		{512 << 10, "That PDF expands to more than 5 MB of page content."},
	}
	for _, tt := range tests {
		idx := newIndex(t)
		_, err := NewLibrary(idx, nil, nil, nil, WithMaxBytes(tt.max)).AddFile(context.Background(), "", name, nil)
		if got := Friendly(err); got != tt.want {
			t.Errorf("max %d: Friendly(%v) = %q, want %q", tt.max, err, got, tt.want)
		}
		if n := len(idx.Sources()); n != 0 {
			t.Errorf("max %d: %d sources stored, want 0", tt.max, n)
		}
	}
}
