package data

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"strings"
	"testing"
)

func TestWordVectorsBuiltin(t *testing.T) {
	v := NewWordVectors()
	if err := v.Load(); err != nil {
		t.Fatal(err)
	}
	if got, want := v.Dim(), 100; got != want {
		t.Errorf("Dim() = %d, want %d", got, want)
	}
	if got, want := v.Len(), 40000; got != want {
		t.Errorf("Len() = %d, want %d", got, want)
	}
	id := func(w string) int {
		t.Helper()
		i, ok := v.ID(w)
		if !ok {
			t.Fatalf("ID(%q): not in the table", w)
		}
		return i
	}
	// Words used alike are nearer than words that are not.
	for _, tt := range []struct{ word, near, far string }{
		{"delegates", "participants", "harvest"},
		{"drones", "unmanned", "poetry"},
		{"pledge", "promise", "tennis"},
		{"troops", "soldiers", "recipe"},
	} {
		near, far := v.Cosine(id(tt.word), id(tt.near)), v.Cosine(id(tt.word), id(tt.far))
		if near < 0.5 || near <= far+0.3 {
			t.Errorf("cosine(%s, %s) = %.2f, cosine(%s, %s) = %.2f: want the first over 0.5 and well above",
				tt.word, tt.near, near, tt.word, tt.far, far)
		}
	}
	if got := v.Cosine(id("troops"), id("troops")); got < 0.999 {
		t.Errorf("a word's cosine with itself = %v, want 1", got)
	}
	for _, w := range []string{"Troops", "zelenskyy", "", "u.s."} {
		if _, ok := v.ID(w); ok {
			t.Errorf("ID(%q) found; the table holds lower-case plain words only", w)
		}
	}
	// Words are numbered from the most frequent: "the" first.
	for _, w := range []string{"the", "troops", "supervised"} {
		if got := v.Word(id(w)); got != w {
			t.Errorf("Word(ID(%q)) = %q", w, got)
		}
	}
	if got, want := v.Word(0), "the"; got != want {
		t.Errorf("Word(0) = %q, want %q", got, want)
	}
	if id("supervise") > id("supervising") || id("troops") > id("troop") {
		t.Errorf("supervise %d, supervising %d, troops %d, troop %d: want the more frequent numbered first",
			id("supervise"), id("supervising"), id("troops"), id("troop"))
	}
	for _, n := range []int{-1, v.Len()} {
		if got := v.Word(n); got != "" {
			t.Errorf("Word(%d) = %q, want none", n, got)
		}
	}
	if got := v.Cosine(-1, 0); got != 0 {
		t.Errorf("Cosine of an unknown number = %v, want 0", got)
	}
}

// table writes a word-vector table as data/vectors/gen does.
func table(dim int, words []string, vals [][]int8, extra []byte) []byte {
	var b bytes.Buffer
	b.WriteString(vectorMagic)
	binary.Write(&b, binary.LittleEndian, uint32(len(words)))
	binary.Write(&b, binary.LittleEndian, uint16(dim))
	for i, w := range words {
		b.WriteByte(byte(len(w)))
		b.WriteString(w)
		binary.Write(&b, binary.LittleEndian, float32(0.01))
		binary.Write(&b, binary.LittleEndian, vals[i])
	}
	b.Write(extra)
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(b.Bytes())
	zw.Close()
	return gz.Bytes()
}

func TestWordVectorsParse(t *testing.T) {
	good := table(2, []string{"a", "b"}, [][]int8{{3, 4}, {-4, 3}}, nil)
	v := &WordVectors{table: good}
	if err := v.Load(); err != nil {
		t.Fatal(err)
	}
	a, _ := v.ID("a")
	b, _ := v.ID("b")
	if got := v.Cosine(a, b); got != 0 {
		t.Errorf("cosine of orthogonal vectors = %v, want 0", got)
	}
	if got := v.Cosine(a, a); got != 1 {
		t.Errorf("cosine of a vector with itself = %v, want 1", got)
	}
	full := table(2, []string{"a", "b"}, [][]int8{{3, 4}, {-4, 3}}, nil)
	for _, tt := range []struct {
		name, table, want string
	}{
		{"not gzip", "plain text", "open word vectors"},
		{"wrong magic", gzipped("something else\n"), "not a summitbot-vectors 1 table"},
		{"no words", string(table(2, nil, nil, nil)), "0 words of 2 dimensions"},
		{"too large", header(4_000_000, 1000), "4000000 words of 1000 dimensions"},
		{"too many dimensions", header(1, 2000), "1 words of 2000 dimensions"},
		{"duplicate", string(table(2, []string{"a", "a"}, [][]int8{{1, 1}, {1, 1}}, nil)), `word "a" twice`},
		{"trailing data", string(table(2, []string{"a"}, [][]int8{{1, 1}}, []byte{7})), "data after the last word"},
		{"truncated", string(truncate(t, full)), "word 1"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			v := &WordVectors{table: []byte(tt.table)}
			err := v.Load()
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Load() = %v, want an error containing %q", err, tt.want)
			}
			if _, ok := v.ID("a"); ok || v.Dim() != 0 || v.Len() != 0 {
				t.Error("a table that cannot be read gives words")
			}
		})
	}
}

func gzipped(s string) string {
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(s))
	zw.Close()
	return gz.String()
}

// truncate returns the table gz with its last 3 bytes of data cut off.
func truncate(t *testing.T, gz []byte) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		t.Fatal(err)
	}
	var raw bytes.Buffer
	raw.ReadFrom(zr)
	return []byte(gzipped(raw.String()[:raw.Len()-3]))
}

// header returns a gzipped table that is only a header claiming words
// vectors of dim dimensions.
func header(words uint32, dim uint16) string {
	var b bytes.Buffer
	b.WriteString(vectorMagic)
	binary.Write(&b, binary.LittleEndian, words)
	binary.Write(&b, binary.LittleEndian, dim)
	return gzipped(b.String())
}

// FuzzWordVectorsParse: no input makes the reader panic or accept a table
// whose words do not all have vectors.
func FuzzWordVectorsParse(f *testing.F) {
	f.Add(table(2, []string{"a", "b"}, [][]int8{{3, 4}, {-4, 3}}, nil))
	f.Add([]byte(header(3, 2)))
	f.Add([]byte("plain"))
	f.Fuzz(func(t *testing.T, gz []byte) {
		v := &WordVectors{table: gz}
		if v.Load() != nil {
			return
		}
		for w, i := range v.index {
			if id, ok := v.ID(w); !ok || id != int(i) {
				t.Fatalf("ID(%q) = %d, %v; want %d", w, id, ok, i)
			}
			if c := v.Cosine(int(i), int(i)); c != 0 && (c < 0.999 || c > 1.001) {
				t.Fatalf("cosine of %q with itself = %v", w, c)
			}
		}
	})
}
