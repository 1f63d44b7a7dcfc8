package retrieval

import (
	"bytes"
	"context"
	"math"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
)

// BM25 scores a chunk as bleve's disjunction of the question's terms does:
// the terms' scores summed, times the share of the terms the chunk holds (its
// "coord"), so that a chunk holding more of the question's words ranks
// higher. A question word with related words is one clause, a wordQuery:
// its score is its words' scores summed, and it covers the chunk fully if
// the chunk holds the question's own word, and in part, by its closeness,
// if the chunk holds only a related word. (bleve's own disjunction would
// count each related word as a term of the question, so that a chunk with
// two synonyms of one word would cover two of the question's words, and
// would divide the question word's own score by the number of its related
// words.) coverQuery and wordQuery are bleve queries with searchers of
// their own, orSearcher.

// coverQuery is the top clause of a BM25 search: its clauses' scores summed,
// times the share of the clauses that cover the chunk, as bleve's
// disjunction scores, except that a wordQuery covers a chunk in part.
type coverQuery []query.Query

// wordQuery is one question word (its first clause) and its related words:
// it scores a chunk by the sum of the clauses' scores, and covers it by the
// largest credit of the clauses that match it.
type wordQuery struct {
	clauses []query.Query
	credit  []float64 // per clause: how far a match of it covers the word
}

// Searcher builds the clauses' searchers under one summing, covering searcher.
func (q coverQuery) Searcher(ctx context.Context, i index.IndexReader, m mapping.IndexMapping, options search.SearcherOptions) (search.Searcher, error) {
	s, err := newOrSearcher(ctx, i, m, options, q, nil)
	if err != nil {
		return nil, err
	}
	// As bleve's disjunction does: the query norm its term scores use.
	if w := s.Weight(); w > 0 {
		s.SetQueryNorm(1 / math.Sqrt(w))
	}
	return s, nil
}

// Searcher builds the word's and its related words' searchers.
func (q wordQuery) Searcher(ctx context.Context, i index.IndexReader, m mapping.IndexMapping, options search.SearcherOptions) (search.Searcher, error) {
	return newOrSearcher(ctx, i, m, options, q.clauses, q.credit)
}

func newOrSearcher(ctx context.Context, i index.IndexReader, m mapping.IndexMapping, options search.SearcherOptions, clauses []query.Query, credit []float64) (*orSearcher, error) {
	s := &orSearcher{children: make([]search.Searcher, 0, len(clauses)), credit: credit}
	for _, c := range clauses {
		cs, err := c.Searcher(ctx, i, m, options)
		if err != nil {
			s.Close()
			return nil, err
		}
		s.children = append(s.children, cs)
	}
	s.currs = make([]*search.DocumentMatch, len(s.children))
	return s, nil
}

// orSearcher walks its children's matches in document order and returns one
// match per chunk, scored by the sum of the children's scores. Without
// credits (coverQuery) it multiplies the sum by the share of its children
// that cover the chunk; with them (wordQuery) it keeps the sum and records
// how far the chunk is covered for its parent. A question has a few words
// and a word a few related ones, so it keeps no heap.
type orSearcher struct {
	children []search.Searcher
	currs    []*search.DocumentMatch // each child's current match; nil when done
	credit   []float64
	cover    float64 // how far the last match returned covers the word
	started  bool
}

func (s *orSearcher) start(ctx *search.SearchContext, advance func(search.Searcher) (*search.DocumentMatch, error)) error {
	s.started = true
	for i, c := range s.children {
		d, err := advance(c)
		if err != nil {
			return err
		}
		s.currs[i] = d
	}
	return nil
}

// Next returns the next chunk any child matches.
func (s *orSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	if !s.started {
		if err := s.start(ctx, func(c search.Searcher) (*search.DocumentMatch, error) { return c.Next(ctx) }); err != nil {
			return nil, err
		}
	}
	first := -1
	for i, d := range s.currs {
		if d != nil && (first < 0 || bytes.Compare(d.IndexInternalID, s.currs[first].IndexInternalID) < 0) {
			first = i
		}
	}
	if first < 0 {
		return nil, nil
	}
	rv := s.currs[first]
	id := rv.IndexInternalID
	var sum, cover float64
	for i, d := range s.currs {
		if d == nil || !bytes.Equal(d.IndexInternalID, id) {
			continue
		}
		sum += d.Score
		switch {
		case s.credit != nil:
			cover = max(cover, s.credit[i])
		default:
			c := 1.0
			if w, ok := s.children[i].(*orSearcher); ok {
				c = w.cover
			}
			cover += c
		}
		if d != rv {
			ctx.DocumentMatchPool.Put(d)
		}
		next, err := s.children[i].Next(ctx)
		if err != nil {
			return nil, err
		}
		s.currs[i] = next
	}
	if s.credit == nil {
		sum *= cover / float64(len(s.children))
	}
	s.cover = cover
	rv.Score = sum
	rv.Expl = nil
	return rv, nil
}

// Advance moves every child to the first chunk at or after id and returns
// the first match there.
func (s *orSearcher) Advance(ctx *search.SearchContext, id index.IndexInternalID) (*search.DocumentMatch, error) {
	if !s.started {
		if err := s.start(ctx, func(c search.Searcher) (*search.DocumentMatch, error) { return c.Advance(ctx, id) }); err != nil {
			return nil, err
		}
		return s.Next(ctx)
	}
	for i, d := range s.currs {
		if d == nil || bytes.Compare(d.IndexInternalID, id) >= 0 {
			continue
		}
		ctx.DocumentMatchPool.Put(d)
		next, err := s.children[i].Advance(ctx, id)
		if err != nil {
			return nil, err
		}
		s.currs[i] = next
	}
	return s.Next(ctx)
}

// Close closes the children.
func (s *orSearcher) Close() error {
	var first error
	for _, c := range s.children {
		if err := c.Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// Weight is the children's summed squared weights, as a disjunction's is.
func (s *orSearcher) Weight() float64 {
	var w float64
	for _, c := range s.children {
		w += c.Weight()
	}
	return w
}

// SetQueryNorm passes the query's norm to the children.
func (s *orSearcher) SetQueryNorm(n float64) {
	for _, c := range s.children {
		c.SetQueryNorm(n)
	}
}

// Count is an upper bound: the children's counts summed.
func (s *orSearcher) Count() uint64 {
	var n uint64
	for _, c := range s.children {
		n += c.Count()
	}
	return n
}

// Min is 0: any one child's match is a match.
func (s *orSearcher) Min() int { return 0 }

// Size estimates the searcher's memory in bytes.
func (s *orSearcher) Size() int {
	n := 96 + 24*len(s.children)
	for _, c := range s.children {
		n += c.Size()
	}
	return n
}

// DocumentMatchPoolSize is how many matches the searcher may hold at once.
func (s *orSearcher) DocumentMatchPoolSize() int {
	n := len(s.children)
	for _, c := range s.children {
		n += c.DocumentMatchPoolSize()
	}
	return n
}
