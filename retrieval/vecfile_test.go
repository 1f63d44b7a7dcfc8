package retrieval

import (
	"encoding/binary"
	"errors"
	"hash/crc32"
	"slices"
	"testing"
)

func TestVectorFileRoundTrip(t *testing.T) {
	tests := []struct {
		name   string
		chunks []Chunk
		vecs   [][]float32
	}{
		{"none", nil, nil},
		{"one", []Chunk{{ID: "a#0", Start: 0, End: 5}}, [][]float32{{1, 0, 0}}},
		{"several", []Chunk{{ID: "a#0", Start: 0, End: 600}, {ID: "a#1", Start: 450, End: 1200}},
			[][]float32{{0.6, 0.8}, {-0.8, 0.6}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := encodeVectors("local:v1", tt.chunks, tt.vecs)
			if err != nil {
				t.Fatal(err)
			}
			got, err := decodeVectors(b)
			if err != nil {
				t.Fatal(err)
			}
			if got.identity != "local:v1" {
				t.Errorf("identity = %q", got.identity)
			}
			if len(got.spans) != len(tt.chunks) || len(got.vecs) != len(tt.vecs) {
				t.Fatalf("got %d spans and %d vectors, want %d", len(got.spans), len(got.vecs), len(tt.chunks))
			}
			for i, c := range tt.chunks {
				if want := (Span{c.Start, c.End}); got.spans[i] != want {
					t.Errorf("span %d = %v, want %v", i, got.spans[i], want)
				}
				if !slices.Equal(got.vecs[i], tt.vecs[i]) {
					t.Errorf("vector %d = %v, want %v", i, got.vecs[i], tt.vecs[i])
				}
				// Appending to one vector must not overwrite the next.
				if cap(got.vecs[i]) != len(got.vecs[i]) {
					t.Errorf("vector %d has spare capacity %d", i, cap(got.vecs[i]))
				}
			}
		})
	}
}

func TestVectorFileRefusesBadInput(t *testing.T) {
	good, err := encodeVectors("local:v1", []Chunk{{ID: "a#0", End: 10}, {ID: "a#1", Start: 5, End: 20}}, [][]float32{{1, 0}, {0, 1}})
	if err != nil {
		t.Fatal(err)
	}
	// resum rewrites the checksum, so that the check under test is the one that fires.
	resum := func(b []byte) []byte {
		body := b[:len(b)-4]
		return binary.LittleEndian.AppendUint32(slices.Clone(body), crc32.Checksum(body, crcTable))
	}
	flip := slices.Clone(good)
	flip[len(flip)/2] ^= 1
	wrongCount := slices.Clone(good)
	binary.LittleEndian.PutUint32(wrongCount[len(vecMagic)+4+len("local:v1")+4:], 3)
	hugeID := slices.Clone(good)
	binary.LittleEndian.PutUint32(hugeID[len(vecMagic):], 1<<30)
	tests := []struct {
		name string
		data []byte
	}{
		{"empty", nil},
		{"not ours", []byte("this is some other file, long enough to have a header")},
		{"truncated", good[:len(good)-9]},
		{"flipped bit", flip},
		{"count does not match the data", resum(wrongCount)},
		{"identity longer than the file", resum(hugeID)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := decodeVectors(tt.data); !errors.Is(err, errVecFile) {
				t.Errorf("decode = %v, want errVecFile", err)
			}
		})
	}

	t.Run("encode mismatched input", func(t *testing.T) {
		if _, err := encodeVectors("x", []Chunk{{ID: "a#0", End: 1}}, nil); err == nil {
			t.Error("1 chunk, 0 vectors: no error")
		}
		if _, err := encodeVectors("x", []Chunk{{ID: "a#0", End: 1}, {ID: "a#1", End: 2}}, [][]float32{{1}, {1, 0}}); err == nil {
			t.Error("vectors of different dimensions: no error")
		}
		if _, err := encodeVectors("x", []Chunk{{ID: "a#0", Start: 5, End: 1}}, [][]float32{{1}}); err == nil {
			t.Error("a chunk ending before it starts: no error")
		}
	})
}

func TestSpansFit(t *testing.T) {
	text := "0123456789"
	tests := []struct {
		name  string
		spans []Span
		n     int
		want  bool
	}{
		{"whole text", []Span{{0, 10}}, 1, true},
		{"overlapping", []Span{{0, 6}, {4, 10}}, 2, true},
		{"wrong count", []Span{{0, 10}}, 2, false},
		{"past the end", []Span{{0, 11}}, 1, false},
		{"empty span", []Span{{3, 3}}, 1, false},
		{"going back", []Span{{5, 8}, {2, 6}}, 2, false},
	}
	for _, tt := range tests {
		if got := spansFit(tt.spans, text, tt.n); got != tt.want {
			t.Errorf("%s: spansFit = %v, want %v", tt.name, got, tt.want)
		}
	}
}
