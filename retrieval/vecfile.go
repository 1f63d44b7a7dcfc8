package retrieval

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"math"
)

// A vector file holds the embedded chunks of one source: which embedder made
// the vectors, each chunk's byte range in the stored source text, and the
// vectors. The chunk texts themselves are not repeated: they are slices of the
// source text, which is stored beside it.
//
// The layout is little-endian:
//
//	magic    8 bytes  "SBVEC1\n\x00"
//	idLen    uint32   length of the embedder identity
//	identity idLen bytes
//	dim      uint32
//	count    uint32
//	spans    count × (start uint32, end uint32)
//	vectors  count × dim × float32
//	crc      uint32   CRC-32C of everything before it
//
// summitbot keeps these files itself rather than using chromem-go's
// persistence, which names each document's file after 32 bits of a hash of its
// id: at 100,000 chunks about one pair of chunks shares a file, and the later
// one silently replaces the earlier on disk.
const vecMagic = "SBVEC1\n\x00"

var crcTable = crc32.MakeTable(crc32.Castagnoli)

// errVecFile marks a vector file that cannot be decoded.
var errVecFile = errors.New("unreadable vector file")

// vecFile is a decoded vector file.
type vecFile struct {
	identity string
	spans    []Span
	vecs     [][]float32
}

// encodeVectors lays out a vector file for chunks and their vectors, which
// must all have the same dimension.
func encodeVectors(identity string, chunks []Chunk, vecs [][]float32) ([]byte, error) {
	if len(chunks) != len(vecs) {
		return nil, fmt.Errorf("encode vectors: %d chunks, %d vectors", len(chunks), len(vecs))
	}
	dim := 0
	if len(vecs) > 0 {
		dim = len(vecs[0])
	}
	size := len(vecMagic) + 4 + len(identity) + 4 + 4 + len(chunks)*8 + len(chunks)*dim*4 + 4
	b := make([]byte, 0, size)
	b = append(b, vecMagic...)
	b = binary.LittleEndian.AppendUint32(b, uint32(len(identity)))
	b = append(b, identity...)
	b = binary.LittleEndian.AppendUint32(b, uint32(dim))
	b = binary.LittleEndian.AppendUint32(b, uint32(len(chunks)))
	for _, c := range chunks {
		if c.Start < 0 || c.End < c.Start || c.End > math.MaxUint32 {
			return nil, fmt.Errorf("encode vectors: chunk %s has the range %d-%d", c.ID, c.Start, c.End)
		}
		b = binary.LittleEndian.AppendUint32(b, uint32(c.Start))
		b = binary.LittleEndian.AppendUint32(b, uint32(c.End))
	}
	for i, v := range vecs {
		if len(v) != dim {
			return nil, fmt.Errorf("encode vectors: vector %d has %d dimensions, vector 0 has %d", i, len(v), dim)
		}
		for _, x := range v {
			b = binary.LittleEndian.AppendUint32(b, math.Float32bits(x))
		}
	}
	return binary.LittleEndian.AppendUint32(b, crc32.Checksum(b, crcTable)), nil
}

// decodeVectors reads a vector file. All vectors share one backing array.
func decodeVectors(b []byte) (vecFile, error) {
	var f vecFile
	fail := func(what string) (vecFile, error) {
		return vecFile{}, fmt.Errorf("%w: %s", errVecFile, what)
	}
	if len(b) < len(vecMagic)+16 || string(b[:len(vecMagic)]) != vecMagic {
		return fail("not a summitbot vector file")
	}
	body, sum := b[:len(b)-4], binary.LittleEndian.Uint32(b[len(b)-4:])
	if crc32.Checksum(body, crcTable) != sum {
		return fail("checksum mismatch (the file is truncated or damaged)")
	}
	p := body[len(vecMagic):]
	u32 := func() (int, bool) {
		if len(p) < 4 {
			return 0, false
		}
		v := binary.LittleEndian.Uint32(p)
		p = p[4:]
		return int(v), true
	}
	idLen, ok := u32()
	if !ok || idLen > len(p) {
		return fail("bad identity length")
	}
	f.identity = string(p[:idLen])
	p = p[idLen:]
	dim, ok1 := u32()
	count, ok2 := u32()
	if !ok1 || !ok2 {
		return fail("short header")
	}
	if uint64(len(p)) != uint64(count)*8+uint64(count)*uint64(dim)*4 {
		return fail(fmt.Sprintf("%d bytes of data for %d vectors of %d dimensions", len(p), count, dim))
	}
	f.spans = make([]Span, count)
	for i := range f.spans {
		start, _ := u32()
		end, _ := u32()
		f.spans[i] = Span{Start: start, End: end}
	}
	all := make([]float32, count*dim)
	for i := range all {
		all[i] = math.Float32frombits(binary.LittleEndian.Uint32(p[4*i:]))
	}
	f.vecs = make([][]float32, count)
	for i := range f.vecs {
		f.vecs[i] = all[i*dim : (i+1)*dim : (i+1)*dim]
	}
	return f, nil
}
