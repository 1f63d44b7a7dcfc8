package retrieval

import (
	"context"
	"iter"
	"maps"
	"math"
	"regexp"
	"slices"
)

// Thesaurus relates the words of questions to words their sources may use
// instead (see Options.Thesaurus).
type Thesaurus interface {
	// Related yields the words related to a lower-case word, each with its
	// closeness in (0, 1]: 1 for the same word spelt another way, less for
	// a derived form, the country a capital stands for, or a synonym.
	Related(word string) iter.Seq2[string, float64]
	// RelatedPhrase yields, likewise, the words related to a multiword
	// expression given as its lower-case words in order (twenty, four,
	// hours: day), or nothing if it knows none.
	RelatedPhrase(words ...string) iter.Seq2[string, float64]
}

// A question worded differently from its sources ("pledge" for "promise",
// "Moscow" for "Russia", "verify" for "verification") is searched with the
// related words the thesaurus gives, where the index holds them, weighed
// below the question's own words.
const (
	// maxExpansions is the most related words one question word brings.
	maxExpansions = 8
	// lexExpansionBoost scales a related word's closeness into its BM25
	// boost (the question's own words have 1).
	lexExpansionBoost = 0.4
	// lexExpansionCover scales a related word's closeness into how far it
	// covers the question's word in a chunk that lacks the word itself (see
	// coverQuery), up to lexMaxCover: less than the word itself covers.
	lexExpansionCover = 2
	lexMaxCover       = 0.9
	// denseExpansionWeight scales a related word's closeness into its weight
	// in the local embedder's query vector (the question's words have 1); a
	// word's related words share it when their closeness sums to over 1.
	denseExpansionWeight = 0.4
)

// expansion is an index term that stands in for a question's term.
type expansion struct {
	term      string  // as BM25 indexes it
	word      string  // as the thesaurus gives it
	closeness float64 // from the thesaurus
	boost     float64 // its BM25 boost
	cover     float64 // how far it covers the question's term in BM25 (see coverQuery)
	dense     float64 // its weight in the local embedder's query vector
	// title marks a person's surname standing for the title the question
	// names them by (see titledPeople).
	title bool
}

// expansions maps each analysed term of a question to the related terms the
// index holds.
type expansions map[string][]expansion

// words returns the related words of all terms, in the order of the terms.
func (e expansions) words() []expansion {
	var out []expansion
	for _, t := range slices.Sorted(maps.Keys(e)) {
		out = append(out, e[t]...)
	}
	return out
}

// queryPlan is what a search derives from a question before searching: how
// many chunks hold each of its terms, and the related terms the index holds.
type queryPlan struct {
	df  map[string]uint64 // analysed term -> chunks holding it
	exp expansions
	n   float64 // chunks in the BM25 index
	// people maps the terms of a title the question names someone by, its
	// noun and qualifiers ("french", "presid"), to the person's surname
	// term ("macron"; see titledPeople).
	people map[string][]string
	// standsOwn maps a question's term to the question's other terms that
	// the thesaurus gives as the same thing named otherwise (closeness at
	// least MinStandsCloseness: "czech" for "pragu" in "the Czechs …
	// Prague"), which are searched as the question's own, not as its
	// related words.
	standsOwn map[string][]string
}

// docFreq returns how many chunks hold the question's term t, if the plan
// (which may be nil) knows.
func (p *queryPlan) docFreq(t string) (uint64, bool) {
	if p == nil {
		return 0, false
	}
	df, ok := p.df[t]
	return df, ok
}

// related returns the terms related to the question's term t, if any.
func (p *queryPlan) related(t string) []expansion {
	if p == nil {
		return nil
	}
	return p.exp[t]
}

// idf is the BM25 inverse document frequency of a term held by df chunks.
func (p *queryPlan) idf(df uint64) float64 {
	return math.Log(1 + (p.n-float64(df)+0.5)/(float64(df)+0.5))
}

// plan looks up the question's terms and, with a thesaurus, finds the
// related words of its words that the index holds, none of them a term of
// the question itself.
func (ix *Index) plan(ctx context.Context, question string) (*queryPlan, error) {
	stats, err := ix.lex.stats()
	if err != nil {
		return nil, err
	}
	p := &queryPlan{df: map[string]uint64{}, n: stats.DocCount}
	var terms []string
	for _, t := range ix.lex.analyze(question) {
		if _, ok := p.df[t]; !ok {
			p.df[t] = 0
			terms = append(terms, t)
		}
	}
	// The candidates: the related words (closest first) of each run of the
	// question's words the thesaurus knows as a phrase, then of each word,
	// that are one term, not one of the question's.
	type candidate struct {
		own string // the question's term
		expansion
	}
	var cands []candidate
	folded := Fold(expandAcronyms(question))
	seen := map[[2]string]bool{} // (question's term, related term)
	add := func(own string, related iter.Seq2[string, float64], title bool) {
		for r, c := range related {
			rs := ix.lex.analyze(r)
			if len(rs) != 1 || seen[[2]string{own, rs[0]}] {
				continue
			}
			if _, isOwn := p.df[rs[0]]; isOwn {
				if c >= MinStandsCloseness && rs[0] != own && !slices.Contains(p.standsOwn[own], rs[0]) {
					if p.standsOwn == nil {
						p.standsOwn = map[string][]string{}
					}
					p.standsOwn[own] = append(p.standsOwn[own], rs[0])
				}
				continue
			}
			seen[[2]string{own, rs[0]}] = true
			cands = append(cands, candidate{own: own, expansion: expansion{term: rs[0], word: r, closeness: c, title: title}})
			terms = append(terms, rs[0])
		}
	}
	// The people the question names by a title, by their surnames, first:
	// a title's noun has many related words, and the surname says more.
	for _, clause := range clauseBreak.Split(folded, -1) {
		for tp := range ix.titledPeople(Words(clause), p.df) {
			add(tp.noun, func(yield func(string, float64) bool) { yield(tp.surname, titleCloseness) }, true)
			if ts := ix.lex.analyze(tp.surname); len(ts) == 1 {
				if p.people == nil {
					p.people = map[string][]string{}
				}
				for _, t := range append([]string{tp.noun}, tp.qualifiers...) {
					if !slices.Contains(p.people[t], ts[0]) {
						p.people[t] = append(p.people[t], ts[0])
					}
				}
			}
		}
	}
	if ix.thesaurus != nil {
		// A phrase's related words first: they say more than its words'.
		// A phrase does not run across a clause ("Who was left? Out of…").
		// The verb of a phrasal verb the thesaurus knows ("sum" of "sum
		// up") means what the phrase does: its own related words (sum:
		// amount) are of its other senses, and are left out.
		verbs := map[string]bool{}
		for _, clause := range clauseBreak.Split(folded, -1) {
			for _, ph := range ix.phrases(Words(clause), p.df) {
				related := ix.thesaurus.RelatedPhrase(ph.words...)
				add(ph.head, related, false)
				if len(ph.words) == 2 && phraseParticles[ph.words[1]] {
					for range related {
						verbs[ph.words[0]] = true
						break
					}
				}
			}
		}
		done := map[string]bool{}
		for _, w := range Words(folded) {
			ts := ix.lex.analyze(w)
			if IsStopword(w) || len(ts) != 1 || done[ts[0]] || verbs[w] {
				continue
			}
			if _, isOwn := p.df[ts[0]]; !isOwn {
				// Not a term of the question as analysed: a part of a
				// hyphenated number ("twenty" of "twenty-four", searched
				// as 24).
				continue
			}
			done[ts[0]] = true
			add(ts[0], ix.thesaurus.Related(w), false)
		}
	}
	dfs, err := ix.lex.docFreqs(ctx, terms)
	if err != nil {
		return nil, err
	}
	nOwn := len(p.df) // the question's terms come first in terms
	for i, t := range terms[:nOwn] {
		p.df[t] = dfs[i]
	}
	if len(cands) == 0 && ix.thesaurus == nil {
		return p, nil
	}
	p.exp = expansions{}
	for i, c := range cands {
		df := dfs[nOwn+i]
		if df == 0 || len(p.exp[c.own]) == maxExpansions {
			continue
		}
		e := c.expansion
		// BM25 weighs a term by its idf squared (bleve multiplies the query
		// weight, boost times idf, into the score): a related word rarer
		// than the question's own may not outweigh it for that.
		e.boost = lexExpansionBoost * e.closeness
		if own := p.df[c.own]; own > 0 {
			e.boost *= min(1, math.Pow(p.idf(own)/p.idf(df), 2))
		}
		e.cover = min(lexMaxCover, lexExpansionCover*e.closeness)
		p.exp[c.own] = append(p.exp[c.own], e)
	}
	// In the query's vector a word's related words share one weight, so
	// that a word with many does not outweigh the question's other words.
	for _, es := range p.exp {
		var sum float64
		for _, e := range es {
			sum += e.closeness
		}
		for i := range es {
			es[i].dense = denseExpansionWeight * es[i].closeness / max(1, sum)
		}
	}
	return p, nil
}

// maxPhraseWords is the most words of a question looked up together in the
// thesaurus (see Thesaurus.RelatedPhrase).
const maxPhraseWords = 3

// questionPhrase is a run of a question's words and the question's term
// whose clause the run's related words join: that of its last word with a
// term of its own ("hours" in "twenty-four hours", "left" in "left out").
type questionPhrase struct {
	words []string
	head  string
}

// clauseBreak splits a question into the clauses a phrase stays within.
var clauseBreak = regexp.MustCompile(`[.,;:!?()"“”]+`)

// phraseParticles are the stop words a run of a question's words may end
// with: adverbs of phrasal verbs ("left out", "shot down"), not prepositions
// ("going to", "kind of", "paying for"), which make WordNet's phrases of
// ordinary words mean something else (attend, rather, interact).
var phraseParticles = map[string]bool{"out": true, "up": true, "down": true, "off": true, "over": true}

// phrases returns the runs of two to maxPhraseWords of the question's
// words that begin with a word that is not a stop word, end with such a
// word or a particle ("head of state", "left out"; not "of state", "went
// to") and hold a word with a term of the question's (own). A run of which the
// thesaurus knows nothing costs a few map look-ups.
func (ix *Index) phrases(words []string, own map[string]uint64) []questionPhrase {
	var out []questionPhrase
	for i := range words {
		if IsStopword(words[i]) {
			continue
		}
		for n := 2; n <= maxPhraseWords && i+n <= len(words); n++ {
			run := words[i : i+n]
			if last := run[n-1]; IsStopword(last) && !phraseParticles[last] {
				continue
			}
			head := ""
			for j := len(run) - 1; j >= 0 && head == ""; j-- {
				if IsStopword(run[j]) {
					continue
				}
				if ts := ix.lex.analyze(run[j]); len(ts) == 1 {
					if _, ok := own[ts[0]]; ok {
						head = ts[0]
					}
				}
			}
			if head != "" {
				out = append(out, questionPhrase{words: run, head: head})
			}
		}
	}
	return out
}
