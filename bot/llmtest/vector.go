package llmtest

import (
	"hash/fnv"
	"math"
	"math/rand/v2"
	"strings"
	"unicode"
)

// Vector returns a deterministic unit vector of length dim for text: the sum of
// one pseudo-random vector per content word (lower-cased, stop words dropped,
// plural "s" trimmed). Texts sharing words therefore point in similar
// directions, so retrieval through these vectors is crude but not noise.
func Vector(text string, dim int) []float32 {
	sum := make([]float64, dim)
	words := contentWords(text)
	if len(words) == 0 {
		words = []string{text} // still deterministic and non-zero
	}
	for _, w := range words {
		h := fnv.New64a()
		h.Write([]byte(w))
		seed := h.Sum64()
		rng := rand.New(rand.NewPCG(seed, seed>>1|1))
		for i := range sum {
			sum[i] += rng.NormFloat64()
		}
	}
	var norm float64
	for _, x := range sum {
		norm += x * x
	}
	norm = math.Sqrt(norm)
	v := make([]float32, dim)
	if norm == 0 {
		v[0] = 1
		return v
	}
	for i, x := range sum {
		v[i] = float32(x / norm)
	}
	return v
}

// contentWords splits text into lower-cased words without stop words.
func contentWords(text string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}) {
		if isStopWord(w) {
			continue
		}
		if len(w) > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") {
			w = w[:len(w)-1]
		}
		out = append(out, w)
	}
	return out
}

func isStopWord(w string) bool {
	switch w {
	case "a", "an", "and", "are", "as", "at", "be", "by", "did", "do", "does",
		"for", "from", "had", "has", "have", "how", "in", "is", "it", "its",
		"of", "on", "or", "s", "that", "the", "their", "this", "to", "was",
		"were", "what", "when", "where", "which", "who", "why", "will", "with":
		return true
	}
	return false
}
