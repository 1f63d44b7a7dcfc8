package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestProgress(t *testing.T) {
	type step struct {
		i          int
		ref, stage string
	}
	steps := []step{
		{0, "https://example.com/a", "fetching"},
		{0, "https://example.com/a", "embedding 12 chunks"},
		{1, "testdata/" + strings.Repeat("long-name-", 10) + ".md", "reading"},
	}
	tests := []struct {
		name    string
		visible bool
		total   int
		want    []string // in order; nil: nothing at all is written
	}{
		{"redirected output shows nothing", false, 2, nil},
		{
			name: "terminal", visible: true, total: 2,
			want: []string{
				"(0/2) https://example.com/a: fetching",
				"(0/2) https://example.com/a: embedding 12 chunks",
				"(1/2) testdata/long-name-long-name-long-name-…: reading",
				"\x1b[2K\r", // cleared at the end
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			p := newProgressBar(&out, tt.total, tt.visible)
			for _, s := range steps {
				p.update(s.i, s.ref, s.stage)
			}
			p.finish()
			got := out.String()
			if tt.want == nil {
				if got != "" {
					t.Errorf("wrote %q, want nothing", got)
				}
				return
			}
			rest := got
			for _, w := range tt.want {
				i := strings.Index(rest, w)
				if i < 0 {
					t.Fatalf("output %q lacks %q (in order)", got, w)
				}
				rest = rest[i+len(w):]
			}
			if rest != "" {
				t.Errorf("output ends with %q after the bar was cleared", rest)
			}
		})
	}
}

func TestNewProgressIsSilentWhenNotATerminal(t *testing.T) {
	var buf bytes.Buffer
	f, err := os.Create(filepath.Join(t.TempDir(), "stderr"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, p := range []*progress{newProgress(&buf, 3), newProgress(f, 3), newProgress(&buf, 0)} {
		p.update(0, "ref", "stage")
		p.update(1, "ref", "stage")
		p.finish()
	}
	if fi, _ := f.Stat(); buf.Len() != 0 || fi.Size() != 0 {
		t.Errorf("progress written where no terminal is: %q and %d bytes in a file", buf.String(), fi.Size())
	}
}
