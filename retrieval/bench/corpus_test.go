package bench

import (
	"cmp"
	"context"
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"

	"github.com/summitbot/summitbot/data"
	"github.com/summitbot/summitbot/retrieval"
)

// seed makes every synthetic corpus, vector and query reproducible.
const seed = 20260106

// vocabSize is the number of distinct words the synthetic articles draw from.
const vocabSize = 20000

// Zipf–Mandelbrot parameters of word frequencies: P(rank k) ∝ (zipfV+k)^-zipfS,
// close to what running English text shows.
const (
	zipfS = 1.05
	zipfV = 2.7
)

// chunker is the index's default chunker, used to size the synthetic sources.
var chunker = retrieval.Chunker{Size: retrieval.DefaultChunkSize, Overlap: retrieval.DefaultChunkOverlap}

// topWords are the most frequent words of English news text, in rank order.
// They take the first Zipf ranks, so (as in real text) the commonest tokens are
// the ones the BM25 analyser drops as stop words.
var topWords = strings.Fields(`the of and to a in that is for on said was with he it as at by
from his be have has an are but were not they who their had its been will this would after
which more or also than about there over we one year two new first up into can people
could out when other what some all may no so government president last percent only time`)

var (
	vocabOnce sync.Once
	vocab     []string
)

// vocabulary returns vocabSize words in Zipf rank order: topWords, then
// dictionary words (SCOWL, from summitbot's data package) in a seeded order.
func vocabulary() []string {
	vocabOnce.Do(func() {
		words, err := data.ScowlWords()
		if err != nil {
			panic(err)
		}
		top := map[string]bool{}
		for _, w := range topWords {
			top[w] = true
		}
		var dict []string
		for w := range words {
			if top[w] || len(w) < 2 || len(w) > 14 || strings.IndexFunc(w, func(r rune) bool { return r < 'a' || r > 'z' }) >= 0 {
				continue
			}
			dict = append(dict, w)
		}
		slices.Sort(dict)
		r := rand.New(rand.NewPCG(seed, 1))
		r.Shuffle(len(dict), func(i, j int) { dict[i], dict[j] = dict[j], dict[i] })
		// Frequent words are short (Zipf's law of abbreviation): rank by length
		// plus noise, so a 600-character chunk holds about 100 words.
		key := make(map[string]float64, len(dict))
		for _, w := range dict {
			key[w] = float64(len(w)) + 9*r.Float64()
		}
		slices.SortStableFunc(dict, func(a, b string) int { return cmp.Compare(key[a], key[b]) })
		vocab = append(append([]string(nil), topWords...), dict[:vocabSize-len(topWords)]...)
	})
	return vocab
}

// textGen draws Zipf-distributed words and builds sentences from them.
type textGen struct {
	r     *rand.Rand
	zipf  *rand.Zipf
	words []string
}

func newTextGen(stream uint64) *textGen {
	r := rand.New(rand.NewPCG(seed, stream))
	w := vocabulary()
	return &textGen{r: r, zipf: rand.NewZipf(r, zipfS, zipfV, uint64(len(w)-1)), words: w}
}

func (g *textGen) word() string { return g.words[g.zipf.Uint64()] }

// contentWord draws a word the BM25 analyser keeps (not among topWords).
func (g *textGen) contentWord() string {
	for {
		if k := g.zipf.Uint64(); int(k) >= len(topWords) {
			return g.words[k]
		}
	}
}

// sentence is 8 to 24 words, capitalised, ending in a full stop.
func (g *textGen) sentence(b *strings.Builder) {
	n := 8 + g.r.IntN(17)
	for i := range n {
		w := g.word()
		if i == 0 {
			b.WriteRune(unicode.ToUpper(rune(w[0])))
			b.WriteString(w[1:])
			continue
		}
		b.WriteByte(' ')
		b.WriteString(w)
	}
	b.WriteByte('.')
}

// source returns an article text that the default chunker splits into about
// target chunks (exactly target unless a sentence boundary makes that impossible).
func (g *textGen) source(target int) string {
	var b strings.Builder
	var ends []int // byte offset after each sentence
	threshold := max(0, (target-1)*400)
	inPara := 0
	paraLen := 2 + g.r.IntN(3)
	for {
		if len(ends) > 0 {
			if inPara == paraLen {
				b.WriteString("\n\n")
				inPara, paraLen = 0, 2+g.r.IntN(3)
			} else {
				b.WriteByte(' ')
			}
		}
		g.sentence(&b)
		inPara++
		ends = append(ends, b.Len())
		if b.Len() < threshold {
			continue
		}
		text := b.String()
		if c := len(chunker.Split("x", text)); c > target && len(ends) > 1 {
			return text[:ends[len(ends)-2]]
		}
	}
}

// corpus is a synthetic set of articles that chunk into exactly chunks chunks.
type corpus struct {
	docs   []retrieval.Document
	chunks int
}

var (
	corpusMu    sync.Mutex
	corpusCache = map[int]*corpus{}
)

var outlets = []string{"The Associated Press", "Reuters", "Le Monde", "BBC News", "Kyiv Independent", "Politico Europe", "The Guardian", "Financial Times"}

// makeCorpus returns (and caches) a corpus of exactly n chunks, made of articles
// of 4 to 30 chunks (2 to 13 KB, like the built-in articles) titled with
// Zipf-drawn words; ids are left to Add, which slugs the title as in production.
func makeCorpus(n int) *corpus {
	return makeCorpusSized(n, 4, 30)
}

// makeCorpusSized is makeCorpus with articles of minChunks to maxChunks chunks.
func makeCorpusSized(n, minChunks, maxChunks int) *corpus {
	key := n*1_000_000 + minChunks*1000 + maxChunks
	corpusMu.Lock()
	defer corpusMu.Unlock()
	if c, ok := corpusCache[key]; ok {
		return c
	}
	c := generateCorpus(newTextGen(uint64(key)), n, minChunks, maxChunks)
	corpusCache[key] = c
	return c
}

// generateCorpus draws from g articles of minChunks to maxChunks chunks
// until they hold exactly n chunks.
func generateCorpus(g *textGen, n, minChunks, maxChunks int) *corpus {
	c := &corpus{}
	for i := 0; c.chunks < n; i++ {
		target := min(minChunks+g.r.IntN(maxChunks-minChunks+1), n-c.chunks)
		var text string
		var got int
		for {
			text = g.source(target)
			got = len(chunker.Split("x", text))
			if got <= n-c.chunks {
				break
			}
		}
		var title strings.Builder
		for j := range 5 + g.r.IntN(5) {
			if j > 0 {
				title.WriteByte(' ')
			}
			title.WriteString(g.contentWord())
		}
		t := title.String()
		c.docs = append(c.docs, retrieval.Document{
			Title:     strings.ToUpper(t[:1]) + t[1:],
			Outlet:    outlets[g.r.IntN(len(outlets))],
			Published: fmt.Sprintf("2026-01-%02d", 1+g.r.IntN(28)),
			Text:      text,
		})
		c.chunks += got
	}
	return c
}

// queries are synthetic questions: a question frame of stop words around 3
// to 5 Zipf-drawn content words, so the BM25 query terms have the postings
// lengths of ordinary words (some very common, some rare).
func queries(count int) []string {
	g := newTextGen(777)
	frames := []string{"what did %s say about %s", "how will %s affect %s", "who agreed to %s and %s", "why was %s linked to %s", "when is %s expected for %s"}
	out := make([]string, count)
	for i := range out {
		var a, b []string
		for range 1 + g.r.IntN(2) {
			a = append(a, g.contentWord())
		}
		for range 2 + g.r.IntN(2) {
			b = append(b, g.contentWord())
		}
		out[i] = fmt.Sprintf(frames[i%len(frames)], strings.Join(a, " "), strings.Join(b, " ")) + "?"
	}
	return out
}

// randomUnit is a deterministic pseudo-random unit vector for text.
func randomUnit(text string, dim int) []float32 {
	h := fnv.New64a()
	h.Write([]byte(text))
	s := h.Sum64()
	r := rand.New(rand.NewPCG(s, s>>7|1))
	v := make([]float32, dim)
	var sum float64
	tmp := make([]float64, dim)
	for i := range tmp {
		x := r.NormFloat64()
		tmp[i] = x
		sum += x * x
	}
	inv := 1 / math.Sqrt(sum)
	for i, x := range tmp {
		v[i] = float32(x * inv)
	}
	return v
}

// fakeEmbedder is a retrieval.Embedder without a model: chunk texts get a
// pseudo-random unit vector derived from the text, and registered queries get
// a vector computed once up front, so a query costs a map lookup. That keeps
// embedding cost out of every timing, on summitbot's side and chromem-go's.
// It counts calls (to check that opening an index embeds nothing).
type fakeEmbedder struct {
	dim     int
	queries map[string][]float32

	calls atomic.Int64
	texts atomic.Int64
}

func newFakeEmbedder(dim int, qs []string) *fakeEmbedder {
	e := &fakeEmbedder{dim: dim, queries: map[string][]float32{}}
	for _, q := range qs {
		e.queries[q] = randomUnit("query\x00"+q, dim)
	}
	return e
}

func (e *fakeEmbedder) Identity() string { return fmt.Sprintf("bench-random-unit-d%d", e.dim) }

func (e *fakeEmbedder) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	e.calls.Add(1)
	e.texts.Add(int64(len(texts)))
	out := make([][]float32, len(texts))
	for i, t := range texts {
		if v, ok := e.queries[t]; ok {
			out[i] = v
			continue
		}
		out[i] = randomUnit(t, e.dim)
	}
	return out, nil
}
