package retrieval

import (
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"strconv"
	"strings"
)

var (
	slugRe = regexp.MustCompile(`[^a-z0-9]+`)
	idRe   = regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)*$`)
)

// Slug turns a title into an id fragment: lower-case ASCII words joined by '-'.
func Slug(s string) string {
	s = strings.Trim(slugRe.ReplaceAllString(Fold(s), "-"), "-")
	if len(s) > 48 {
		s = strings.TrimRight(s[:48], "-")
	}
	return s
}

// ValidID reports whether id can name a source.
func ValidID(id string) bool {
	return len(id) <= 64 && idRe.MatchString(id)
}

// chunkID names the chunk at pos of a source: "<source id>#<pos>".
func chunkID(sourceID string, pos int) string {
	return sourceID + "#" + strconv.Itoa(pos)
}

// sourceOfChunk returns the source id part of a chunk id.
func sourceOfChunk(id string) string {
	if i := strings.LastIndexByte(id, '#'); i >= 0 {
		if _, err := strconv.Atoi(id[i+1:]); err == nil {
			return id[:i]
		}
	}
	return id
}

// NormalizedHash is the hash used to detect the same article loaded twice:
// folded, with all runs of white space collapsed.
func NormalizedHash(text string) string {
	return textHash(strings.Join(strings.Fields(Fold(text)), " "))
}

// textHash is the hex SHA-256 of s.
func textHash(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}
