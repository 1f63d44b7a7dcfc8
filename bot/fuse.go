package bot

import (
	"context"
	"fmt"
	"sort"

	"golang.org/x/sync/errgroup"

	"github.com/summitbot/summitbot/retrieval"
)

// questionWeight is the weight of the question's own ranking when the
// rankings of its paraphrases are fused with it; each paraphrase's weighs 1.
// The question says what the user asked; a paraphrase may drift from it.
const questionWeight = 2.0

// maxParallelSearches bounds the searches of one question run at once.
const maxParallelSearches = 4

// searchAll searches the sources of guild's scope for each query (the
// question first, then its paraphrases), depth passages each, at most
// maxParallelSearches at a time, and fuses the rankings (fuseRankings). One
// query is searched as it is.
func (e *Engine) searchAll(ctx context.Context, queries []string, depth int, guild string) ([]retrieval.Hit, error) {
	opts := retrieval.SearchOptions{K: depth, Guild: guild}
	if len(queries) == 1 {
		hits, err := e.idx.Search(ctx, queries[0], opts)
		if err != nil {
			return nil, fmt.Errorf("search: %w", err)
		}
		return hits, nil
	}
	lists := make([][]retrieval.Hit, len(queries))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(maxParallelSearches)
	for i, q := range queries {
		g.Go(func() error {
			hits, err := e.idx.Search(gctx, q, opts)
			if err != nil {
				return fmt.Errorf("search: %w", err)
			}
			lists[i] = hits
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return fuseRankings(lists), nil
}

// fuseRankings merges rankings of the same index, the question's first, by
// weighted reciprocal rank fusion over chunk ids: a passage scores
// Σ weight/(retrieval.RRFConstant + rank) over the rankings it appears in
// (questionWeight for the first ranking, 1 for the others). Ties go to the
// better rank in the first ranking, then the better rank anywhere, then the
// chunk id. The hits are renumbered from 1, and Score is the fused score.
func fuseRankings(lists [][]retrieval.Hit) []retrieval.Hit {
	type cand struct {
		hit   retrieval.Hit
		score float64
		first int // rank in lists[0], or a large number
		best  int // best rank in any list
	}
	const absent = 1 << 30
	byID := map[string]*cand{}
	var order []*cand
	for li, hits := range lists {
		w := 1.0
		if li == 0 {
			w = questionWeight
		}
		for i, h := range hits {
			c := byID[h.Chunk.ID]
			if c == nil {
				c = &cand{hit: h, first: absent, best: absent}
				byID[h.Chunk.ID] = c
				order = append(order, c)
			}
			rank := i + 1
			c.score += w / float64(retrieval.RRFConstant+rank)
			if li == 0 {
				c.first = rank
			}
			c.best = min(c.best, rank)
		}
	}
	sort.SliceStable(order, func(i, j int) bool {
		a, b := order[i], order[j]
		switch {
		case a.score != b.score:
			return a.score > b.score
		case a.first != b.first:
			return a.first < b.first
		case a.best != b.best:
			return a.best < b.best
		}
		return a.hit.Chunk.ID < b.hit.Chunk.ID
	})
	out := make([]retrieval.Hit, len(order))
	for i, c := range order {
		out[i] = c.hit
		out[i].Rank = i + 1
		out[i].Score = c.score
	}
	return out
}

// renumber sets the hits' ranks to their positions, from 1.
func renumber(hits []retrieval.Hit) []retrieval.Hit {
	for i := range hits {
		hits[i].Rank = i + 1
	}
	return hits
}
