package bot

import (
	"context"
	"fmt"
	"math"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/summitbot/summitbot/retrieval"
)

// This file decides whether the loaded sources cover a question. The
// not-found rule is here: an answer is "not found" when retrieval found
// nothing, when the question names something no retrieved passage mentions,
// when (without a model) the passages cover too little of the question
// (relevanceInfo.found), or when the answer cites no passage (grounded).

// Coverage is how well the loaded sources cover a question, the signal on
// which extractive answers decide that a question is not covered.
type Coverage struct {
	// Share is the IDF-weighted share of the question's terms that the top
	// passages contain; below Options.MinCoverage the answer is "not found".
	Share float64
	// Missing lists the names, acronyms and numbers of the question that no
	// retrieved passage mentions; any makes the answer "not found".
	Missing []string
	// Hits is how many passages were retrieved (those that fit the context
	// budget, as Ask keeps them).
	Hits int
}

// Coverage retrieves the passages for a question exactly as Ask does (the
// follow-up rewrite, q.K, the context budget) and reports how well they cover
// it. It is what "summitbot eval --calibrate" sweeps.
func (e *Engine) Coverage(ctx context.Context, q Question) (Coverage, error) {
	r, err := e.retrieve(ctx, q)
	if err != nil {
		return Coverage{}, err
	}
	return Coverage{Share: r.rel.coverage, Missing: r.rel.missingKey, Hits: r.rel.hits}, nil
}

// notFound returns ans saying, in lang, that the sources do not cover the question.
func notFound(ans Answer, lang language) Answer {
	ans.Text, ans.Citations, ans.Found = notFoundText(lang), nil, false
	return ans
}

// grounded returns ans with text and its citations, unless text cites no
// passage: then the answer is "not found", for every claim shown must point
// to a source.
func grounded(ans Answer, lang language, text string, cites []Citation) Answer {
	if len(cites) == 0 {
		return notFound(ans, lang)
	}
	ans.Text, ans.Citations, ans.Found = text, cites, true
	return ans
}

// relevanceInfo is how well the retrieved passages cover a question.
type relevanceInfo struct {
	hits       int
	coverage   float64            // IDF-weighted share of query terms found in the top passages
	missingKey []string           // named terms (names, acronyms, numbers) no source mentions
	weights    map[string]float64 // stem -> IDF weight, for sentence scoring
}

// found reports whether the passages cover the question: some were
// retrieved, they mention every name of the question, and the top ones hold
// at least the share min of its terms.
func (r relevanceInfo) found(min float64) bool {
	return r.hits > 0 && len(r.missingKey) == 0 && r.coverage >= min
}

// relevance measures whether the hits can answer the question, written in
// lang. Every named term of the question (a name, acronym or number) must
// appear in the retrieved passages, allowing for the spelling variants and
// same-root forms the index matches (retrieval.TermStat.Matches); and the
// top passages must contain enough of the question's other terms, weighted by
// IDF. Terms the index never contains are
// paraphrases the passages cannot match, so they are left out of the share.
func (e *Engine) relevance(ctx context.Context, question string, lang language, hits []retrieval.Hit) (relevanceInfo, error) {
	info := relevanceInfo{hits: len(hits), weights: map[string]float64{}}
	if len(hits) == 0 {
		return info, nil
	}
	terms, err := e.idx.QueryTerms(ctx, question)
	if err != nil {
		return info, fmt.Errorf("query terms: %w", err)
	}
	// German capitalises every noun: there only acronyms and numbers are names.
	named := namedWords(question, lang.code != "de")
	n := float64(max(1, e.idx.Len()))
	var topText, allText strings.Builder
	for i, h := range hits {
		if i < 3 {
			topText.WriteString(h.Chunk.Text)
			topText.WriteByte(' ')
		}
		allText.WriteString(h.Chunk.Text)
		allText.WriteByte(' ')
	}
	// The passages' terms, analysed as the index analyses the question's.
	top := termSet(e.idx.Terms(topText.String()))
	retrieved := termSet(e.idx.Terms(allText.String()))
	common := e.opts.CommonWords
	if lang != english {
		// The word list is English: in a question in another language every
		// word is unknown to it, and none can be taken for a missing name.
		common = nil
	}
	var total, got float64
	for _, t := range terms {
		surface := retrieval.Fold(t.Surface)
		if generic[t.Term] || retrieval.IsStopword(surface) {
			continue
		}
		w := math.Log(1 + n/(float64(t.DocFreq)+0.5))
		info.weights[retrieval.Stem(surface)] = w
		if named[surface] || (t.DocFreq == 0 && common != nil && !isCommon(common, surface)) {
			total += w
			if mentioned(t, retrieved) {
				got += w
			} else {
				info.missingKey = append(info.missingKey, t.Surface)
			}
			continue
		}
		if t.DocFreq == 0 {
			continue
		}
		total += w
		if top[t.Term] {
			got += w
		}
	}
	if total > 0 {
		info.coverage = got / total
	}
	return info, nil
}

// mentioned reports whether the passages whose terms are retrieved mention a
// question word: whether they hold one of the index terms that stand for it
// (itself, a spelling variant or a same-root form: Zelensky ~ Zelenskyy,
// Canadian ~ Canada).
func mentioned(t retrieval.TermStat, retrieved map[string]bool) bool {
	for _, m := range t.Matches {
		if retrieved[m] {
			return true
		}
	}
	return false
}

// termSet returns the set of terms.
func termSet(terms []string) map[string]bool {
	out := make(map[string]bool, len(terms))
	for _, t := range terms {
		out[t] = true
	}
	return out
}

// isCommon reports whether a folded word, or a plain inflection of it, is an
// ordinary English word.
func isCommon(words map[string]bool, w string) bool {
	if chatWords[w] || len(w) <= 2 {
		return true
	}
	if words[w] || strings.IndexFunc(w, unicode.IsDigit) >= 0 {
		return words[w]
	}
	for _, suffix := range []string{"s", "es", "ed", "ing", "'s"} {
		if base, ok := strings.CutSuffix(w, suffix); ok && words[base] {
			return true
		}
	}
	return false
}

// chatWords are informal spellings common in chat that no dictionary lists.
var chatWords = map[string]bool{
	"isnt": true, "arent": true, "wasnt": true, "werent": true, "dont": true, "doesnt": true, "didnt": true,
	"wont": true, "cant": true, "couldnt": true, "wouldnt": true, "shouldnt": true, "hasnt": true, "havent": true,
	"whats": true, "thats": true, "theres": true, "theyre": true, "youre": true, "ive": true, "id": true,
	"ok": true, "okay": true, "pls": true, "plz": true, "thx": true, "yeah": true, "yep": true, "nope": true,
	"gonna": true, "wanna": true, "gotta": true, "lol": true, "btw": true, "imo": true, "tbh": true, "irl": true,
}

// generic are stemmed question words that say little about the topic.
var generic = map[string]bool{
	"happen": true, "role": true, "mean": true, "meant": true, "think": true, "know": true,
	"someth": true, "thing": true, "new": true, "get": true, "go": true, "make": true, "want": true,
}

// namedWords returns the folded words of a question that name something: a
// capitalised word not at the start of a sentence (when capitalised is set),
// an acronym, or a number.
func namedWords(q string, capitalised bool) map[string]bool {
	out := map[string]bool{}
	for _, sp := range retrieval.Sentences(q) {
		for i, w := range strings.Fields(q[sp.Start:sp.End]) {
			w = strings.Trim(w, `?!.,;:"'()“”‘’«»`)
			w = strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "’s")
			if w == "" {
				continue
			}
			r, _ := utf8.DecodeRuneInString(w)
			upper := strings.ToUpper(w) == w && utf8.RuneCountInString(w) >= 2 && strings.IndexFunc(w, unicode.IsLetter) >= 0
			digit := strings.IndexFunc(w, unicode.IsDigit) >= 0
			if (capitalised && i > 0 && unicode.IsUpper(r)) || upper || digit {
				out[strings.ToLower(retrieval.Fold(w))] = true
			}
		}
	}
	return out
}
