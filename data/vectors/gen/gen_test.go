package main

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// winkJSON is a tiny package file in the npm package's shape.
const winkJSON = `{"precision":8,"l2NormIndex":3,"wordIndex":4,"size":5,"dimensions":3,
"words":["the",",","peace-talks","Paris","troops"],
"vectors":{"the":[1,1,1,1.7,0],",":[0,0,0,0,1],"peace-talks":[3,1,1,3.3,2],"Paris":[5,5,5,8.6,3],"troops":[-1,1,1,1.7,4]}}`

func TestBuild(t *testing.T) {
	w, err := readWink(strings.NewReader(winkJSON))
	if err != nil {
		t.Fatal(err)
	}
	tb, err := build(w, 10)
	if err != nil {
		t.Fatal(err)
	}
	// Punctuation and capitalised words are left out; the order is kept.
	if got, want := tb.words, []string{"the", "peace-talks", "troops"}; !slices.Equal(got, want) {
		t.Errorf("words %v, want %v", got, want)
	}
	// Centred on the mean (1, 1, 1): the = (0, 0, 0), peace-talks = (2, 0, 0),
	// troops = (-2, 0, 0); each scaled to at most 127.
	want := [][]int8{{0, 0, 0}, {127, 0, 0}, {-127, 0, 0}}
	for i := range want {
		if !slices.Equal(tb.vals[i], want[i]) {
			t.Errorf("%s: %v, want %v", tb.words[i], tb.vals[i], want[i])
		}
	}
	if got := tb.scale[1]; math.Abs(float64(got)-2.0/127) > 1e-6 {
		t.Errorf("scale %v, want 2/127", got)
	}
	if tb2, err := build(w, 2); err != nil || len(tb2.words) != 2 {
		t.Errorf("build(n = 2): %v words, error %v; want 2", tb2.words, err)
	}
}

func TestWriteFormat(t *testing.T) {
	tb := &table{dim: 2, words: []string{"ab", "c"}, scale: []float32{0.5, 1}, vals: [][]int8{{1, -2}, {3, 4}}}
	var a, b bytes.Buffer
	if err := tb.write(&a); err != nil {
		t.Fatal(err)
	}
	if err := tb.write(&b); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("the same table written twice differs")
	}
	zr, err := gzip.NewReader(&a)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	want.WriteString("summitbot-vectors 1\n")
	want.Write([]byte{2, 0, 0, 0, 2, 0})
	want.Write([]byte{2, 'a', 'b'})
	binary.Write(&want, binary.LittleEndian, float32(0.5))
	want.Write([]byte{1, 0xfe})
	want.Write([]byte{1, 'c'})
	binary.Write(&want, binary.LittleEndian, float32(1))
	want.Write([]byte{3, 4})
	if !bytes.Equal(raw, want.Bytes()) {
		t.Errorf("table bytes\n%q\nwant\n%q", raw, want.Bytes())
	}
}

func TestRunErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte(`{"dimensions":0,"words":[]}`), 0o644)
	missing := filepath.Join(dir, "missing.json")
	os.WriteFile(missing, []byte(`{"dimensions":2,"words":["a"],"vectors":{}}`), 0o644)
	for _, tt := range []struct {
		name string
		args []string
		want string
	}{
		{"no input", nil, "-in is required"},
		{"bad n", []string{"-in", bad, "-n", "0"}, "-n 0"},
		{"no dimensions", []string{"-in", bad}, "dimensions 0"},
		{"word without vector", []string{"-in", missing, "-o", filepath.Join(dir, "out.gz")}, `word "a" has no vector`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var stderr bytes.Buffer
			err := run(tt.args, &stderr)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("run(%q) = %v, want an error containing %q", tt.args, err, tt.want)
			}
		})
	}
}

func TestRunWritesTable(t *testing.T) {
	dir := t.TempDir()
	in, out := filepath.Join(dir, "wink.json"), filepath.Join(dir, "t.bin.gz")
	if err := os.WriteFile(in, []byte(winkJSON), 0o644); err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	if err := run([]string{"-in", in, "-o", out}, &stderr); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stderr.String(), "3 words of 3 dimensions") {
		t.Errorf("report %q, want it to say 3 words of 3 dimensions", stderr.String())
	}
	if fi, err := os.Stat(out); err != nil || fi.Size() == 0 {
		t.Errorf("table not written: %v", err)
	}
}
