package retrieval

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Chunk is one passage of a source, the unit that is embedded, indexed and cited.
type Chunk struct {
	// ID is "<source id>#<position>", stable for a given source text and chunker settings.
	ID       string `json:"chunk_id"`
	SourceID string `json:"source_id"`
	// Position is the chunk's index within its source, from 0.
	Position int `json:"position"`
	// Start and End are byte offsets of Text within the source text.
	Start int    `json:"start"`
	End   int    `json:"end"`
	Text  string `json:"text"`
}

// Chunker splits a source text into overlapping, sentence-aligned chunks.
type Chunker struct {
	// Size is the target chunk length in characters, at most MaxPassage; a
	// single longer sentence becomes a chunk of its own rather than being
	// split, unless it is over twice Size (at least 1,200 and at most
	// MaxPassage characters): such a run of text,
	// usually one without sentence punctuation, is cut at word boundaries
	// into pieces of at most Size characters, and a word longer than that is
	// cut where the piece ends.
	Size int
	// Overlap is how many characters of trailing sentences are repeated at the
	// start of the next chunk.
	Overlap int
}

// Default chunker settings, chosen on the development set (see README).
const (
	DefaultChunkSize    = 600
	DefaultChunkOverlap = 150
	// MaxPassage is the longest chunk, in characters, that Split returns.
	MaxPassage = 2000
)

// Span is a byte range [Start, End) of a text.
type Span struct{ Start, End int }

// settings returns the chunker's effective size and overlap.
func (c Chunker) settings() (size, overlap int) {
	size, overlap = c.Size, c.Overlap
	if size <= 0 {
		size = DefaultChunkSize
	}
	size = min(size, MaxPassage)
	if overlap < 0 || overlap >= size {
		overlap = 0
	}
	return size, overlap
}

// units returns the spans Split builds chunks of: the sentences of text,
// with any over cutLimit(size) characters cut into pieces of at most size
// characters.
func (c Chunker) units(text string) []Span {
	size, _ := c.settings()
	sents := Sentences(text)
	limit := cutLimit(size)
	var out []Span
	for i, sp := range sents {
		// Byte length bounds the rune count: most sentences need no count.
		if sp.End-sp.Start <= limit || utf8.RuneCountInString(text[sp.Start:sp.End]) <= limit {
			if out != nil {
				out = append(out, sp)
			}
			continue
		}
		if out == nil {
			out = append(make([]Span, 0, len(sents)+8), sents[:i]...)
		}
		out = cutWords(out, text, sp, size)
	}
	if out == nil {
		return sents
	}
	return out
}

// cutLimit is the length over which a sentence is cut: twice the size, but
// at least twice the default size (so that small sizes keep whole sentences)
// and at most MaxPassage.
func cutLimit(size int) int {
	return min(max(2*size, 2*DefaultChunkSize), MaxPassage)
}

// cutWords appends sp cut into pieces of at most size characters, each
// ending before a space where there is one in the piece, else after
// exactly size characters.
func cutWords(out []Span, text string, sp Span, size int) []Span {
	start := sp.Start
	for start < sp.End {
		// end is the byte offset just past size runes from start.
		end, n := start, 0
		for end < sp.End && n < size {
			_, w := utf8.DecodeRuneInString(text[end:])
			end += w
			n++
		}
		if end < sp.End {
			// Cut before the last space that is followed by the next
			// piece's first word, unless the piece is one long word.
			if r, _ := utf8.DecodeRuneInString(text[end:]); !unicode.IsSpace(r) {
				if k := strings.LastIndexFunc(text[start:end], unicode.IsSpace); k > 0 {
					end = start + k
				}
			}
		}
		out = appendSpan(out, text, start, end)
		start = end
	}
	return out
}

// Split returns the chunks of text for the given source id. No chunk ends or
// begins inside a sentence, unless the sentence is over twice the size (see
// Chunker.Size), and no chunk is over MaxPassage characters, the space
// between its sentences included.
func (c Chunker) Split(sourceID, text string) []Chunk {
	size, overlap := c.settings()
	sents := c.units(text)
	var chunks []Chunk
	done := 0 // sentences before this index are in a chunk already
	for i := 0; i < len(sents); {
		j := i
		n := 0    // the chunker's count: sentences plus one space between two
		full := 0 // the chunk's length, the space between sentences included
		for j < len(sents) {
			l := utf8.RuneCountInString(text[sents[j].Start:sents[j].End])
			gap := 0
			if j > i {
				gap = utf8.RuneCountInString(text[sents[j-1].End:sents[j].Start])
			}
			if j > i && (n+l > size || full+gap+l > MaxPassage) {
				break
			}
			n += l + 1
			full += gap + l
			j++
		}
		// Never end a chunk on a heading: carry it into the next chunk instead,
		// unless no text follows it or the chunk holds nothing else.
		if j < len(sents) {
			k := j
			for k > i && IsHeading(text[sents[k-1].Start:sents[k-1].End]) {
				k--
			}
			if k > i {
				j = k
			}
		}
		if j <= done {
			// The overlap left no room for a new sentence: a chunk holding
			// only sentences of the previous one would be a duplicate.
			i = done
			continue
		}
		done = j
		start, end := sents[i].Start, sents[j-1].End
		chunks = append(chunks, Chunk{
			ID:       chunkID(sourceID, len(chunks)),
			SourceID: sourceID,
			Position: len(chunks),
			Start:    start,
			End:      end,
			Text:     text[start:end],
		})
		if j >= len(sents) {
			break
		}
		// Step back over whole sentences to build the overlap, but always advance.
		next := j
		back := 0
		for next-1 > i {
			l := utf8.RuneCountInString(text[sents[next-1].Start:sents[next-1].End])
			if back+l > overlap {
				break
			}
			back += l
			next--
		}
		i = next
	}
	return chunks
}

// IsHeading reports whether a line (or a "sentence" of Sentences) is a
// heading rather than prose: after trimming space it is not empty, has at most
// 90 characters and does not end with closing punctuation (. ! ? : ; , … a
// closing quote or a closing parenthesis). The chunker never ends a chunk on a
// heading, and citations do not quote one.
func IsHeading(line string) bool {
	line = strings.TrimSpace(line)
	if line == "" || utf8.RuneCountInString(line) > 90 {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(line)
	return !strings.ContainsRune(".!?:;,…\"”’')", last)
}

// abbreviations that end in a period without ending a sentence.
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "st": true, "gen": true, "lt": true,
	"col": true, "sgt": true, "capt": true, "gov": true, "sen": true, "rep": true, "pres": true,
	"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true, "aug": true,
	"sep": true, "sept": true, "oct": true, "nov": true, "dec": true, "no": true, "vs": true,
	"etc": true, "e.g": true, "i.e": true, "approx": true, "inc": true, "corp": true, "ltd": true,
	"u.s": true, "u.k": true, "u.n": true, "e.u": true,
}

// Sentences returns the byte spans of the sentences of text. Paragraph breaks
// and line breaks always end a sentence; within a line, a sentence ends at
// . ! ? or … (plus closing quotes or brackets) followed by a space and a
// capital letter, digit or opening quote, unless the period ends a known
// abbreviation or an initial.
func Sentences(text string) []Span {
	var out []Span
	lineStart := 0
	for lineStart < len(text) {
		lineEnd := strings.IndexByte(text[lineStart:], '\n')
		if lineEnd < 0 {
			lineEnd = len(text)
		} else {
			lineEnd += lineStart
		}
		out = appendLineSentences(out, text, lineStart, lineEnd)
		lineStart = lineEnd + 1
	}
	return out
}

func appendLineSentences(out []Span, text string, from, to int) []Span {
	start := from
	for i := from; i < to; {
		r, w := utf8.DecodeRuneInString(text[i:])
		if r != '.' && r != '!' && r != '?' && r != '…' {
			i += w
			continue
		}
		// Absorb runs of terminal punctuation and closing quotes/brackets.
		j := i + w
		for j < to {
			r2, w2 := utf8.DecodeRuneInString(text[j:])
			if strings.ContainsRune(".!?…\"”’')]", r2) {
				j += w2
				continue
			}
			break
		}
		if j >= to {
			break
		}
		r2, _ := utf8.DecodeRuneInString(text[j:])
		if !unicode.IsSpace(r2) {
			i = j
			continue
		}
		k := j
		for k < to {
			r3, w3 := utf8.DecodeRuneInString(text[k:])
			if !unicode.IsSpace(r3) {
				break
			}
			k += w3
		}
		if k >= to {
			break
		}
		nr, _ := utf8.DecodeRuneInString(text[k:])
		startsNew := unicode.IsUpper(nr) || unicode.IsDigit(nr) || strings.ContainsRune("\"“‘'(«—–-", nr)
		if r == '.' && startsNew {
			word := lastWord(text[start:i])
			if abbreviations[strings.ToLower(word)] || (utf8.RuneCountInString(word) == 1 && unicode.IsUpper([]rune(word)[0])) {
				startsNew = false
			}
		}
		if startsNew {
			out = appendSpan(out, text, start, j)
			start = k
		}
		i = k
	}
	return appendSpan(out, text, start, to)
}

func lastWord(s string) string {
	i := strings.LastIndexFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == '(' || r == '"' || r == '“' })
	return strings.TrimLeft(s[i+1:], "'‘")
}

// appendSpan appends text[start:end] trimmed of surrounding space, if not empty.
func appendSpan(out []Span, text string, start, end int) []Span {
	for start < end {
		r, w := utf8.DecodeRuneInString(text[start:])
		if !unicode.IsSpace(r) {
			break
		}
		start += w
	}
	for end > start {
		r, w := utf8.DecodeLastRuneInString(text[:end])
		if !unicode.IsSpace(r) {
			break
		}
		end -= w
	}
	if end > start {
		out = append(out, Span{start, end})
	}
	return out
}
