package retrieval

import (
	"context"
	"fmt"
	"hash/fnv"
	"math"
)

// LocalEmbedder is an offline, deterministic embedder: it hashes word stems,
// word pairs and character n-grams into a fixed number of dimensions and
// L2-normalises the result. It needs no network and no model files, and its
// character n-grams make misspelled names ("Zaporizhia") land near the right ones.
type LocalEmbedder struct {
	// Dim is the vector size; zero means DefaultLocalDim.
	Dim int
}

// DefaultLocalDim is the local embedder's default vector size.
const DefaultLocalDim = 1024

// Weights of the three feature families, chosen on the development set.
const (
	localWordWeight   = 1.0
	localBigramWeight = 0.6
	localCharWeight   = 0.35
	localStopWeight   = 0.1
)

func (e LocalEmbedder) dim() int {
	if e.Dim <= 0 {
		return DefaultLocalDim
	}
	return e.Dim
}

// Identity names the embedder and its settings; stored embeddings made under a
// different identity are recomputed. v3: the stop words (IsStopword), which
// weigh less, took in "ones" and chat fillers ("pls", "btw") at stop 28; v4:
// "most" ("most troops") is no longer one, since stop 29; v5: contractions
// typed without the apostrophe ("whats", "dont") are, since stop 31.
func (e LocalEmbedder) Identity() string {
	return fmt.Sprintf("local-hash-v5-d%d", e.dim())
}

// Embed returns one normalised vector per text.
func (e LocalEmbedder) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	out := make([][]float32, len(texts))
	for i, t := range texts {
		if i%256 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		out[i] = e.vector(t)
	}
	return out, nil
}

// embedExpanded embeds a question for a search with the words related to
// its words added as word features, each weighing its dense weight (the
// question's own words weigh localWordWeight). Passages are embedded as
// before, so the embedder's identity does not change.
func (e LocalEmbedder) embedExpanded(ctx context.Context, query string, related []expansion) ([]float32, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return e.vectorWith(query, related), nil
}

func (e LocalEmbedder) vector(text string) []float32 { return e.vectorWith(text, nil) }

// vectorWith embeds text with the related words (of a question) added.
func (e LocalEmbedder) vectorWith(text string, related []expansion) []float32 {
	dim := e.dim()
	acc := make([]float64, dim)
	add := func(feature string, w float64) {
		h := fnv.New64a()
		h.Write([]byte(feature))
		s := h.Sum64()
		idx := int(s % uint64(dim))
		if (s>>63)&1 == 1 {
			w = -w
		}
		acc[idx] += w
	}
	words := Words(Fold(expandAcronyms(text)))
	prev := ""
	for _, w := range words {
		weight := localWordWeight
		if IsStopword(w) {
			weight = localStopWeight
		}
		st := Stem(w)
		add("w:"+st, weight)
		if !IsStopword(w) {
			if prev != "" {
				add("b:"+prev+" "+st, localBigramWeight)
			}
			prev = st
			// Character 3- to 5-grams of the word with boundary markers.
			rs := []rune("<" + w + ">")
			grams := 0
			for n := 3; n <= 5; n++ {
				grams += max(0, len(rs)-n+1)
			}
			if grams > 0 {
				cw := localCharWeight / math.Sqrt(float64(grams))
				for n := 3; n <= 5; n++ {
					for i := 0; i+n <= len(rs); i++ {
						add("c:"+string(rs[i:i+n]), cw)
					}
				}
			}
		}
	}
	for _, r := range related {
		for _, w := range Words(Fold(r.word)) {
			add("w:"+Stem(w), localWordWeight*r.dense)
		}
	}
	// Sub-linear term frequency, then L2 normalisation.
	var norm float64
	for i, v := range acc {
		if v != 0 {
			s := math.Copysign(math.Log1p(math.Abs(v)), v)
			acc[i] = s
			norm += s * s
		}
	}
	vec := make([]float32, dim)
	if norm == 0 {
		// An empty text still needs a valid unit vector for the store.
		vec[0] = 1
		return vec
	}
	inv := 1 / math.Sqrt(norm)
	for i, v := range acc {
		vec[i] = float32(v * inv)
	}
	return vec
}

// normalize returns v scaled to unit length, or nil for a zero or invalid vector.
func normalize(v []float32) []float32 {
	var sum float64
	for _, x := range v {
		sum += float64(x) * float64(x)
	}
	if sum == 0 || math.IsNaN(sum) || math.IsInf(sum, 0) {
		return nil
	}
	inv := 1 / math.Sqrt(sum)
	out := make([]float32, len(v))
	for i, x := range v {
		out[i] = float32(float64(x) * inv)
	}
	return out
}
