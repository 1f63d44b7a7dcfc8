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
}

// retrieve is the retrieval half of answering a question, the same for Ask
// and Coverage: it checks the question, detects its language, rewrites a
// follow-up into a standalone question (rewrite.go), searches for q.K
// passages (Options.K when zero, and at least extractiveK without a
// model), keeps the leading ones that fit the context
// budget, and measures how well those cover the question (relevance.go).
func (e *Engine) retrieve(ctx context.Context, q Question) (retrieved, error) {
	if err := CheckQuestion(q.Text); err != nil {
		return retrieved{}, err
	}
	text := strings.TrimSpace(q.Text)
	lang := detectLanguage(text)
	standalone, queryLang, err := e.standalone(ctx, text, lang, q.History)
	if err != nil {
		return retrieved{}, err
	}
	k := q.K
	if k <= 0 {
		k = e.opts.K
		if e.chat == nil {
			k = max(k, extractiveK)
		}
	}
	hits, rel, err := e.search(ctx, standalone, queryLang, k, e.opts.ContextChars)
	if err != nil {
		return retrieved{}, err
	}
	e.log.Debug("retrieved", "question", standalone, "hits", len(hits), "coverage", rel.coverage, "missing", rel.missingKey)
	return retrieved{lang: lang, question: standalone, hits: hits, rel: rel}, nil
}

// extractiveK is how many passages an answer without a model draws on at
// least: quoting a sentence costs no model context, and the not-found rules
// judge each sentence (relevance.go), so a passage ranked seventh that holds
// the answer is not lost.
const extractiveK = 10

// search retrieves k passages for text, written in lang, keeps the leading
// ones that fit budget characters (all of them when budget is zero) and
// measures how well those cover text.
func (e *Engine) search(ctx context.Context, text string, lang language, k, budget int) ([]retrieval.Hit, relevanceInfo, error) {
	text = searchText(text, lang) // Cyrillic names in Latin letters too
	hits, err := e.idx.Search(ctx, text, retrieval.SearchOptions{K: k})
	if err != nil {
		return nil, relevanceInfo{}, fmt.Errorf("search: %w", err)
	}
	if budget > 0 {
		hits = fitContext(hits, budget)
	}
	rel, err := e.relevance(ctx, text, lang, hits)
	if err != nil {
		return nil, relevanceInfo{}, err
	}
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
