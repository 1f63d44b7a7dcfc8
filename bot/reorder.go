package bot

import (
	"context"
	"sort"

	"github.com/summitbot/summitbot/retrieval"
)

// This file reorders the passages an answer without a model draws on by
// what the answer step reads in them: each passage's best sentence for the
// question, weighed as the extractive answer weighs it (rank.go: the
// question's words and related ones in the sentence, the asked type of
// answer near them, names, the source's topic). The search ranks whole
// passages by their words; a passage that says what is asked ("35
// participants attended") can rank below one on the same subject that does
// not ("dozens of countries"), and the sentence weighing tells them apart.

// offlineSearch retrieves k passages for text (without what it says
// besides what it asks: withoutRemarks), written in lang, from guild's
// scope as an answer without a model draws on them: the search's leading
// max(k, extractiveK), reordered by their best sentences (reorder), then the
// leading k that fit budget characters (all of them when budget is zero),
// and how well those cover text. topic holds the scope's sources' weights
// for closeness to the index's topic (nil: none).
func (e *Engine) offlineSearch(ctx context.Context, text string, lang language, k, budget int, guild string, topic map[string]float64) ([]retrieval.Hit, relevanceInfo, error) {
	text = withoutRemarks(text)
	opts := retrieval.SearchOptions{K: max(k, extractiveK), Guild: guild}
	return e.searchWith(ctx, text, lang, budget, opts, func(text string, hits []retrieval.Hit, rel relevanceInfo) ([]retrieval.Hit, error) {
		hits, err := e.reorder(text, lang, hits, rel, topic)
		if err != nil {
			return nil, err
		}
		return hits[:min(k, len(hits))], nil
	})
}

// searchWeight is how much a passage's search score counts in its new place
// beside its best sentence's score, each as a share of the highest. Scores
// rather than places: a sentence scoring 0.44 against 0.39 and a search
// score a tenth lower rank apart as they should, where places tie.
const searchWeight = 0.5

// reorder orders hits by the score of their best sentence for question
// (rankSentences, over every part of the question) as a share of the best
// hit's, plus searchWeight times their search score as a share of the
// first hit's. A passage with no weighed sentence (none shares a word with
// the question, none is quotable, or each was already weighed in an earlier
// overlapping passage) has only its search share. rel is how well hits
// cover question (relevance). Score becomes the fused score, and Rank the
// new place.
func (e *Engine) reorder(question string, lang language, hits []retrieval.Hit, rel relevanceInfo, topic map[string]float64) ([]retrieval.Hit, error) {
	if len(hits) < 2 {
		return hits, nil
	}
	cands := candidates(hits, topic)
	lex := learn(hitTexts(hits))
	best := make([]float64, len(hits))
	for _, p := range splitParts(question, lang, e.opts.Inflections) {
		for _, s := range rankSentences(p, cands, rel, lex, lang) {
			best[s.hit] = max(best[s.hit], s.score)
		}
	}
	var topBest, topSearch float64
	for i, h := range hits {
		topBest, topSearch = max(topBest, best[i]), max(topSearch, h.Score)
	}
	score := make([]float64, len(hits))
	for i, h := range hits {
		if topBest > 0 {
			score[i] += best[i] / topBest
		}
		if topSearch > 0 {
			score[i] += searchWeight * h.Score / topSearch
		}
	}
	order := seq(len(hits))
	// Equal scores keep the search's order.
	sort.SliceStable(order, func(a, b int) bool { return score[order[a]] > score[order[b]] })
	out := make([]retrieval.Hit, len(hits))
	for place, i := range order {
		out[place] = hits[i]
		out[place].Score = score[i]
	}
	return renumber(out), nil
}
