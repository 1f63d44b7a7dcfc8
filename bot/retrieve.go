package bot

import (
	"context"
	"fmt"
	"strings"

	"github.com/summitbot/summitbot/prompts"
	"github.com/summitbot/summitbot/retrieval"
)

// retrieved is what the retrieve step found for a question.
type retrieved struct {
	// lang is the language of the question as asked: the answer's language.
	lang language
	// question is the standalone question the passages were retrieved for.
	question string
	// hits are the passages, best first, as many as fit one model request.
	hits []retrieval.Hit
	// rel is how well hits cover question.
	rel relevanceInfo
	// failure, when not nil, is why the model could not be reached while
	// retrieving (rewrite or rerank): the answer is then made without it.
	failure *modelFailure
	// offlineK is how many passages an answer without the model draws on
	// (q.K, or at least extractiveK): the fallback retrieves that many.
	offlineK int
	// guild is the scope searched (Question.Guild).
	guild string
	// topic holds the weights of the sources of guild's scope for their
	// closeness to the index's topic (retrieval.Index.TopicWeights); nil
	// when there is no topic or they could not be computed.
	topic map[string]float64
}

// retrieve is the retrieval half of answering a question, the same for Ask
// and Coverage: it checks the question, detects its language, rewrites a
// follow-up into a standalone question and, with a model, has it paraphrased
// (rewrite.go); it searches for q.K passages (Options.K when zero, and at
// least extractiveK without a model) for the question and each paraphrase and
// fuses the rankings (fuse.go), has the model rerank them when Options.Rerank
// is set (rerank.go), keeps the leading ones that fit the context budget, and
// measures how well those cover the standalone question (relevance.go).
// Without a model, the passages are reordered by their best sentences
// instead (offlineSearch).
func (e *Engine) retrieve(ctx context.Context, q Question) (retrieved, error) {
	if err := CheckQuestion(q.Text); err != nil {
		return retrieved{}, err
	}
	text := asDefinition(writtenOut(strings.TrimSpace(withoutAddress(q.Text))))
	lang := detectLanguage(text)
	if lang == english {
		text = correctQuestionWords(text, e.opts.CommonWords, e.opts.Vocabulary)
		text = correctTypos(text, e.opts.CommonWords, e.opts.Vocabulary, func(w string) bool { return e.holds(ctx, w) })
		text = correctCountryTypos(text, e.opts.Vocabulary, func(w string) bool { return e.holds(ctx, w) })
	}
	sq, failure, err := e.standalone(ctx, text, lang, q.History)
	if err != nil {
		return retrieved{}, err
	}
	k, offlineK := q.K, q.K
	if k <= 0 {
		k, offlineK = e.opts.K, max(e.opts.K, extractiveK)
		if e.chat == nil {
			k = offlineK
		}
	}
	topic, err := e.topicWeights(ctx, q.Guild)
	if err != nil {
		return retrieved{}, fmt.Errorf("weigh sources by topic: %w", err)
	}
	if e.chat == nil {
		hits, rel, err := e.offlineSearch(ctx, sq.question, sq.lang, k, e.opts.ContextChars, q.Guild, topic)
		if err != nil {
			return retrieved{}, err
		}
		e.log.Debug("retrieved", "question", sq.question, "hits", len(hits), "coverage", rel.coverage, "missing", rel.missingKey)
		return retrieved{lang: lang, question: sq.question, hits: hits, rel: rel, offlineK: offlineK, guild: q.Guild, topic: topic}, nil
	}
	rerank := e.opts.Rerank && failure == nil
	depth := k
	if len(sq.paraphrases) > 0 {
		// Deeper rankings let a passage that every wording finds just below
		// the top k rise in the fusion.
		depth = min(2*k, retrieval.MaxK)
	}
	if rerank {
		depth = max(depth, min(e.opts.RerankTop, retrieval.MaxK))
	}
	// Cyrillic names are searched and judged in Latin letters too (searchText).
	query := searchText(sq.question, sq.lang)
	hits, err := e.searchAll(ctx, append([]string{query}, sq.paraphrases...), depth, q.Guild)
	if err != nil {
		return retrieved{}, err
	}
	if rerank && len(hits) > 1 {
		// A name no candidate mentions makes the answer "not found" whatever
		// their order: then there is nothing to rerank.
		pre, err := e.relevance(ctx, query, sq.lang, hits)
		if err != nil {
			return retrieved{}, err
		}
		if len(pre.missingKey) == 0 {
			if hits, failure, err = e.rerank(ctx, sq.question, hits); err != nil {
				return retrieved{}, err
			}
		}
	}
	hits = fitContext(hits[:min(k, len(hits))], e.opts.ContextChars)
	rel, err := e.relevance(ctx, query, sq.lang, hits)
	if err != nil {
		return retrieved{}, err
	}
	e.log.Debug("retrieved", "question", sq.question, "paraphrases", len(sq.paraphrases), "hits", len(hits), "coverage", rel.coverage, "missing", rel.missingKey)
	return retrieved{lang: lang, question: sq.question, hits: hits, rel: rel, failure: failure, offlineK: offlineK, guild: q.Guild, topic: topic}, nil
}

// Passages returns the passages an answer to q draws on, best first, as Ask
// retrieves them (see retrieve): the eval measures them. With a model they
// may cost model requests (the rewrite and paraphrases, the rerank); when
// the model could not be reached, they are those of the extractive fallback
// (fallbackSearch), as Ask's.
func (e *Engine) Passages(ctx context.Context, q Question) ([]retrieval.Hit, error) {
	r, err := e.retrieve(ctx, q)
	if err != nil {
		return nil, err
	}
	if r.failure != nil {
		hits, _, err := e.fallbackSearch(ctx, r)
		return hits, err
	}
	return r.hits, nil
}

// holds reports whether some passage of the index holds the word w (its
// stem): what a typo may be read as (misspelt, correctTypos).
func (e *Engine) holds(ctx context.Context, w string) bool {
	stats, err := e.idx.QueryTerms(ctx, w)
	return err == nil && len(stats) == 1 && stats[0].DocFreq > 0
}

// extractiveK is how many passages an answer without a model draws on at
// least: quoting a sentence costs no model context, and the not-found rules
// judge each sentence (relevance.go), so a passage ranked seventh that holds
// the answer is not lost.
const extractiveK = 10

// searchWith retrieves passages for text, written in lang, as opts ask,
// has arrange (unless nil) reorder or cut them, given the text searched and
// how well the search's passages cover it, keeps the leading ones that fit
// budget characters (all of them when budget is zero) and measures how well
// those cover text.
func (e *Engine) searchWith(ctx context.Context, text string, lang language, budget int, opts retrieval.SearchOptions, arrange func(text string, hits []retrieval.Hit, rel relevanceInfo) ([]retrieval.Hit, error)) ([]retrieval.Hit, relevanceInfo, error) {
	text = searchText(text, lang) // Cyrillic names in Latin letters too
	hits, err := e.idx.Search(ctx, text, opts)
	if err != nil {
		return nil, relevanceInfo{}, fmt.Errorf("search: %w", err)
	}
	var searched relevanceInfo
	if arrange != nil {
		if searched, err = e.relevance(ctx, text, lang, hits); err != nil {
			return nil, relevanceInfo{}, fmt.Errorf("weigh passages: %w", err)
		}
		if hits, err = arrange(text, hits, searched); err != nil {
			return nil, relevanceInfo{}, err
		}
	}
	if budget > 0 {
		hits = fitContext(hits, budget)
	}
	rel, err := e.relevanceCovered(ctx, text, lang, hits, searched.coverage)
	if err != nil {
		return nil, relevanceInfo{}, err
	}
	// The question is covered if the leading passages of either order hold
	// enough of it: the search's hold most of its words, the arranged ones
	// the sentences that best answer it.
	rel.coverage = max(rel.coverage, searched.coverage)
	return hits, rel, nil
}

// passageOverhead is what a passage costs in a model request beyond its text
// (its <source> tag, title, outlet and date), in characters.
const passageOverhead = 200

// passageCost is the share of the context budget a passage of text takes.
func passageCost(text string) int { return len(text) + passageOverhead }

// fitContext keeps the leading hits whose text fits in budget characters; the
// first is always kept.
func fitContext(hits []retrieval.Hit, budget int) []retrieval.Hit {
	used := 0
	for i, h := range hits {
		used += passageCost(h.Chunk.Text)
		if used > budget && i > 0 {
			return hits[:i]
		}
	}
	return hits
}

// toPassages numbers hits from 1 for a prompt.
func toPassages(hits []retrieval.Hit) []prompts.Passage {
	out := make([]prompts.Passage, len(hits))
	for i, h := range hits {
		out[i] = prompts.Passage{N: i + 1, Title: h.Source.Title, Outlet: h.Source.Outlet, Published: h.Source.Published, Text: h.Chunk.Text}
	}
	return out
}
