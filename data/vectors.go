package data

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"sync"
)

// vectorTable is the word-vector table generated from GloVe by
// data/vectors/gen (see vectors/LICENSE), gzipped.
//
//go:embed vectors/glove.bin.gz
var vectorTable []byte

// vectorMagic opens the table.
const vectorMagic = "summitbot-vectors 1\n"

// The largest table the reader accepts: ten times the built-in one's values.
const (
	maxVectorDim    = 1024
	maxVectorValues = 40_000_000
)

// WordVectors holds GloVe's vectors (100 dimensions, learnt from Wikipedia
// and newswire) of the 40,000 most frequent plain English words, so that
// the search can tell that "delegates" and "participants" are near. It
// reads its table, embedded in the binary, on first use, and is safe for
// concurrent use.
type WordVectors struct {
	once  sync.Once
	err   error
	table []byte
	dim   int
	index map[string]int32
	words []string  // by number
	vals  []int8    // dim values per word, in the order of the word numbers
	norms []float64 // of each word's values
}

// NewWordVectors returns the built-in word vectors; it reads nothing yet.
func NewWordVectors() *WordVectors { return &WordVectors{table: vectorTable} }

// Load reads the table if it has not been read, and reports whether it could
// be. The other methods call it; calling it first surfaces a damaged table
// as an error.
func (v *WordVectors) Load() error {
	v.once.Do(func() { v.err = v.parse(v.table) })
	return v.err
}

// Dim is the vectors' size, or 0 if the table cannot be read.
func (v *WordVectors) Dim() int {
	if v.Load() != nil {
		return 0
	}
	return v.dim
}

// Len is how many words the table holds, or 0 if it cannot be read.
func (v *WordVectors) Len() int {
	if v.Load() != nil {
		return 0
	}
	return len(v.index)
}

// ID returns the number of a lower-case word in the table, or false if the
// table lacks it (a name, a rare word) or cannot be read.
func (v *WordVectors) ID(word string) (int, bool) {
	if v.Load() != nil {
		return 0, false
	}
	i, ok := v.index[word]
	return int(i), ok
}

// Word returns the word numbered id (see ID), or "" if there is none.
// Words are numbered from the most frequent, from 0 to Len()-1.
func (v *WordVectors) Word(id int) string {
	if v.Load() != nil || id < 0 || id >= len(v.words) {
		return ""
	}
	return v.words[id]
}

// Cosine returns the cosine of the vectors of the words numbered a and b
// (see ID): near 1 for words used alike ("delegates", "participants"),
// near 0 for unrelated ones.
func (v *WordVectors) Cosine(a, b int) float64 {
	if v.Load() != nil || a < 0 || b < 0 || a >= len(v.norms) || b >= len(v.norms) {
		return 0
	}
	na, nb := v.norms[a], v.norms[b]
	if na == 0 || nb == 0 {
		return 0
	}
	x, y := v.vals[a*v.dim:(a+1)*v.dim], v.vals[b*v.dim:(b+1)*v.dim]
	var dot int32
	for k, q := range x {
		dot += int32(q) * int32(y[k])
	}
	return float64(dot) / (na * nb)
}

// parse reads a table as data/vectors/gen writes it.
func (v *WordVectors) parse(gz []byte) error {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return fmt.Errorf("open word vectors: %w", err)
	}
	defer zr.Close()
	r := bufio.NewReader(zr)
	magic := make([]byte, len(vectorMagic))
	if _, err := io.ReadFull(r, magic); err != nil || string(magic) != vectorMagic {
		return errors.New("word vectors: not a summitbot-vectors 1 table")
	}
	var head struct {
		Words uint32
		Dim   uint16
	}
	if err := binary.Read(r, binary.LittleEndian, &head); err != nil {
		return fmt.Errorf("word vectors: header: %w", err)
	}
	// A damaged header must not make it allocate gigabytes.
	if head.Dim == 0 || head.Words == 0 || head.Dim > maxVectorDim || uint64(head.Words)*uint64(head.Dim) > maxVectorValues {
		return fmt.Errorf("word vectors: %d words of %d dimensions", head.Words, head.Dim)
	}
	dim, n := int(head.Dim), int(head.Words)
	index := make(map[string]int32, n)
	words := make([]string, n)
	norms := make([]float64, n)
	vals := make([]int8, n*dim)
	word := make([]byte, 0, math.MaxUint8)
	var scale float32
	for i := range n {
		l, err := r.ReadByte()
		if err != nil {
			return fmt.Errorf("word vectors: word %d: %w", i, err)
		}
		word = word[:l]
		if _, err := io.ReadFull(r, word); err != nil {
			return fmt.Errorf("word vectors: word %d: %w", i, err)
		}
		// The scale is the same for every dimension of a word, so a
		// cosine does not need it.
		if err := binary.Read(r, binary.LittleEndian, &scale); err != nil {
			return fmt.Errorf("word vectors: word %d %q: %w", i, word, err)
		}
		row := vals[i*dim : (i+1)*dim]
		if err := binary.Read(r, binary.LittleEndian, row); err != nil {
			return fmt.Errorf("word vectors: word %d %q: %w", i, word, err)
		}
		w := string(word)
		if _, dup := index[w]; dup {
			return fmt.Errorf("word vectors: word %q twice", w)
		}
		index[w] = int32(i)
		words[i] = w
		var s int64
		for _, q := range row {
			s += int64(q) * int64(q)
		}
		norms[i] = math.Sqrt(float64(s))
	}
	if _, err := r.ReadByte(); err != io.EOF {
		return errors.New("word vectors: data after the last word")
	}
	v.dim, v.index, v.words, v.vals, v.norms = dim, index, words, vals, norms
	return nil
}
