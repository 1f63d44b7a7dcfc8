package bot

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"math"
	"regexp"
	"slices"
	"strings"
	"unicode"

	"github.com/summitbot/summitbot/retrieval"
)

// This file decides whether the loaded sources cover a question. The
// not-found rule is here: an answer is "not found" when retrieval found
// nothing, when the question names something no retrieved passage mentions
// (but for a description the sources may word otherwise, "the White House
// emissary", when they cover the rest of the question), when (without a
// model) the passages cover too little of the question
// (relevanceInfo.found) or no retrieved sentence holds the type of answer it
// asks for about the thing it asks about (relevanceInfo.holdsAnswer), or
// when the answer cites no passage (grounded).

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

// notFoundQuoting returns ans saying, in lang, that the sources do not give
// what the question asks, and quoting (with its citation) the sentence that
// says so explicitly ("the size ... were not made public").
func notFoundQuoting(ans Answer, lang language, q quote, hits []retrieval.Hit) Answer {
	text, cites := quoteSections(notFoundOffline(lang)+"\n"+onlySayText(lang), []section{{quotes: []quote{q}}}, hits, lang)
	ans.Text, ans.Citations, ans.Found = text, cites, false
	return ans
}

// relevanceInfo is how well the retrieved passages cover a question.
type relevanceInfo struct {
	hits       int
	coverage   float64            // IDF-weighted share of query terms found in the top passages
	missingKey []string           // named terms (names, acronyms, numbers) no source mentions
	weights    map[string]float64 // stem -> IDF weight, for sentence scoring
	terms      map[string]termInfo
	// discountUnheld: the question's words that no retrieved passage holds
	// weigh unheldFactor in sentences' shares (see shareWeight), as an
	// answer chooses its sentences; the reordering weighs them whole.
	discountUnheld bool
	// names holds the stems of the question's names: its capitalised words,
	// acronyms, and (in English) the words the common-word list lacks that
	// are in at most a tenth of the passages, as "poland" in "is poland
	// sending troops" (not "paris", which half the articles name).
	names map[string]bool
	// foreignNamed: the question is not in English, and names something
	// (a name, an acronym or a number) that the passages all mention.
	foreignNamed bool
	// described holds the stems of the capitalised words of a description
	// no passage mentions ("White House" in "the White House emissary"),
	// which are not taken for names (descriptionWords); describedNouns
	// those of the nouns they describe ("emissary"), which are, in their
	// place: a sentence answers about the thing described.
	described, describedNouns map[string]bool
	// abbreviated holds the stems of the question's abbreviations of
	// ordinary things ("TV"), which are no names (ordinaryAbbreviations).
	abbreviated map[string]bool
	// vocab tells how near two words are (Options.Vocabulary); nil: none.
	vocab Vocabulary
}

// termInfo is what the index knows of one question word (by stem).
type termInfo struct {
	// variants are the index terms that stand for it (itself, spelling
	// variants, same-root forms, and for a name what the thesaurus says it
	// stands for: retrieval.TermStat.Stands).
	variants map[string]bool
	// related are the index terms the thesaurus relates to an ordinary
	// word (not a name), with their closeness: weaker matches than variants.
	related map[string]float64
	// indexed: some passage holds it, a variant or a related term;
	// unheld: none of the retrieved passages does.
	indexed, unheld bool
	// adverb is the question's word when it is an adverb made of an
	// ordinary adjective ("officially" of "official"), which a sentence
	// holds only as an adverb or that adjective, not as a noun its stem
	// shares ("officials"); empty otherwise.
	adverb string
}

// weight is the IDF weight of a question stem (1 when unknown).
func (r relevanceInfo) weight(stem string) float64 { return weightOf(r.weights, stem) }

// minUnitCloseness is the least thesaurus closeness of a word standing for
// the unit asked: a synonym's (data.SynonymCloseness), not a neighbour's.
const minUnitCloseness = 0.6

// unitOrSynonyms returns the unit a quantity is asked in ("how many
// emissaries") with the index terms the thesaurus gives as its synonyms or
// closer ("envoys"), so that "two U.S. envoys" counts emissaries. It returns
// unit itself when there are none.
func (r relevanceInfo) unitOrSynonyms(unit map[string]bool) map[string]bool {
	var out map[string]bool
	for u := range unit {
		for t, c := range r.terms[u].related {
			if c < minUnitCloseness || unit[t] {
				continue
			}
			if out == nil {
				out = maps.Clone(unit)
			}
			out[t] = true
		}
	}
	if out == nil {
		return unit
	}
	return out
}

// The typed not-found rule. A question part asking for a quantity, a date,
// a person or a place is answered only by a sentence that holds one, other
// than the question's own words (a number or a date within maxTypedDist
// words of the thing asked about); that holds at least minTypedShare of what the part asks about (its
// content words but those asking the type, weighted by IDF; the sentence's
// passage counts half); and that names, or follows a sentence naming, every
// name of the part. A question about something still to come ("will")
// needs a sentence that speaks of the future, and one about a later
// occurrence ("the next meeting", "meet again") a sentence that speaks of
// one in the clause of the thing asked about (laterNear). Numbers count only
// with the unit asked ("how many hours", "how many euros"), amounts only as
// money (and in a sentence naming what the money is asked to be spent on:
// "spending on the military hubs"), and names only with the title asked
// ("which general"). In a language other than English, a question with
// names needs no share: the names and the type decide.
const (
	minTypedShare = 0.2
	maxTypedDist  = 12
)

// holdsAnswer reports whether the ranked sentences answer a question part
// of type t: some sentence shares a word with it, and for a typed part one
// holds the type for the thing asked about.
func (r relevanceInfo) holdsAnswer(t askedType, ranked []scored) bool {
	if len(ranked) == 0 {
		return false
	}
	if !t.kind.typed() {
		// The names asked about must be in some sentence, with something
		// asked about them.
		for _, s := range ranked {
			if s.named {
				return true
			}
		}
		return false
	}
	minShare := minTypedShare
	if r.foreignNamed {
		// In another language the question's other words seldom match
		// the articles': its names (all present) and the type decide.
		minShare = 0
	}
	for _, s := range ranked {
		near := s.dist <= maxTypedDist || t.kind == kindPerson || t.kind == kindPlace
		if s.typed && s.named && s.ctxShare >= minShare && near && (!t.future || s.future) && (!t.later || s.later) && countsNamed(t, s) {
			return true
		}
	}
	return false
}

// countsNamed reports whether a sentence's number can count what a quantity
// question asks of a name: the sentence names it itself, or points back to a
// sentence that does ("They will send 2,000"; "at least 20 nations have
// pledged troops, he said") and names no country of its own. A neighbour
// naming it is not enough otherwise: "how many American troops" is not
// answered by "several thousand French troops" after a sentence about
// Washington, nor by "Dutch troops would be deployed, he said".
func countsNamed(t askedType, s scored) bool {
	if t.kind != kindQuantity || s.nameHere {
		return true
	}
	if !pointsBack(s.text) && !pronounSaidRe.MatchString(s.text) {
		return false
	}
	for _, tok := range s.toks {
		if tok.capital && countryWord(tok.fold) {
			return false
		}
	}
	return true
}

// pronounSaidRe matches a sentence told by someone named before it.
var pronounSaidRe = regexp.MustCompile(`(?i)\b(?:he|she|they) (?:said|says|added|told|stressed|noted|warned)\b`)

// undisclosedAbout returns the best sentence about the thing asked that says
// it is not public or undecided, or nil.
func undisclosedAbout(ranked []scored) *scored {
	for i, s := range ranked {
		if s.undisclosed && s.share >= minTypedShare {
			return &ranked[i]
		}
	}
	return nil
}

// found reports whether the passages cover the question: some were
// retrieved, they mention every name of the question, and the top ones hold
// at least the share min of its terms.
func (r relevanceInfo) found(min float64) bool {
	return r.hits > 0 && len(r.missingKey) == 0 && r.coverage >= min
}

// minDescribedCoverage is the least coverage of the rest of a question
// whose description (descriptionWords) no passage mentions, and
// minDescribedRest the fewest of its other words the passages must hold:
// with less, the description's words are names the sources lack ("what did
// the Pentagon chief say about the force").
const (
	minDescribedCoverage = 0.5
	minDescribedRest     = 3
)

// relevance measures whether the hits can answer the question, written in
// lang. Every named term of the question (a name, acronym or number) must
// appear in the retrieved passages, allowing for the spelling variants and
// same-root forms the index matches (retrieval.TermStat.Matches); and the
// top passages must contain enough of the question's other terms, weighted by
// IDF. Terms the index never contains are
// paraphrases the passages cannot match, so they are left out of the share.
func (e *Engine) relevance(ctx context.Context, question string, lang language, hits []retrieval.Hit) (relevanceInfo, error) {
	return e.relevanceCovered(ctx, question, lang, hits, 0)
}

// relevanceCovered is relevance for hits reordered from passages that
// covered the question by covered: a description (descriptionWords) is
// judged by the better of the two coverages, as the question's is.
func (e *Engine) relevanceCovered(ctx context.Context, question string, lang language, hits []retrieval.Hit, covered float64) (relevanceInfo, error) {
	info := relevanceInfo{hits: len(hits), weights: map[string]float64{}, terms: map[string]termInfo{}, names: map[string]bool{}, vocab: e.opts.Vocabulary}
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
	var described map[string]string
	var abbreviated map[string]bool
	if common != nil && lang.code != "de" {
		initialNames(named, question, allText.String())
		described = undescribed(append(descriptionWords(question, common), askedDescriptions(question, common, e.opts.ProperAdjectives)...), terms, retrieved)
		abbreviated = ordinaryAbbreviations(e.opts.Acronyms, question)
		for w := range abbreviated {
			delete(named, w)
			if info.abbreviated == nil {
				info.abbreviated = map[string]bool{}
			}
			info.abbreviated[retrieval.Stem(w)] = true
		}
	}
	// The passages' folded words, and what the fallbacks below read of them
	// and of the question, are worked out once, and only for a name the
	// passages do not write (unitMentioned, acronymMentioned).
	var words []string
	passageWords := func() []string {
		if words == nil {
			words = retrieval.Words(retrieval.Fold(allText.String()))
		}
		return words
	}
	var stems map[string]bool
	retrievedStems := func() map[string]bool {
		if stems == nil {
			stems = map[string]bool{}
			for _, w := range passageWords() {
				stems[retrieval.Stem(w)] = true
			}
		}
		return stems
	}
	var text string
	retrievedText := func() string {
		if text == "" {
			text = " " + strings.Join(passageWords(), " ") + " "
		}
		return text
	}
	var qWords map[string]bool
	var qRuns map[string]nameRun
	// retrievedCaps are the passages' words written in capitals ("NATO"),
	// lower-cased, read once when needed (acronymMentioned).
	var caps map[string]bool
	retrievedCaps := func() map[string]bool {
		if caps == nil {
			caps = map[string]bool{}
			for _, w := range strings.FieldsFunc(allText.String(), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
				if len(w) >= 2 && strings.ToUpper(w) == w && strings.IndexFunc(w, unicode.IsLetter) >= 0 {
					caps[strings.ToLower(w)] = true
				}
			}
		}
		return caps
	}
	// indexed reports whether the index holds an ordinary word: the
	// correction of a typo (misspelt).
	indexed := func(w string) bool { return e.holds(ctx, w) }
	var total, got, namedTotal, describedTotal float64
	var describedMissing []string
	matched := 0 // words of the question the passages hold
	for _, t := range terms {
		surface := cmp.Or(ordinaryPart(t.Surface, t.Term, common), retrieval.Fold(t.Surface))
		if generic[t.Term] || retrieval.IsStopword(surface) || contraction(surface) {
			continue
		}
		if t.DocFreq == 0 && len(t.Matches) == 0 {
			t = e.spellingVariant(ctx, t, surface)
		}
		w := math.Log(1 + n/(float64(t.DocFreq)+0.5))
		stem := retrieval.Stem(surface)
		info.weights[stem] = w
		matches := t.Matches
		if named[surface] {
			// A name stands for what the thesaurus says it does (Italy
			// for Rome); an ordinary word is matched as written.
			matches = slices.Concat(t.Matches, t.Stands)
		}
		// A title's words ("French", "president") are matched by the
		// surname of the person it names ("Macron").
		matches = slices.Concat(matches, t.People)
		ti := termInfo{variants: termSet(matches), indexed: t.DocFreq > 0 || len(matches) > 0}
		if !named[surface] && adverbOfAdjective(common, surface) {
			ti.adverb = surface
		}
		if !named[surface] {
			// An ordinary word is also matched, more weakly, by the words
			// the thesaurus relates to it (envoy for emissary).
			for i, r := range t.Related {
				if i < len(t.Closeness) && !ti.variants[r] {
					if ti.related == nil {
						ti.related = map[string]float64{}
					}
					ti.related[r] = max(ti.related[r], t.Closeness[i])
				}
			}
			ti.indexed = ti.indexed || len(ti.related) > 0
			// A word that no retrieved passage holds, nor a variant or a
			// related word of it, tells their sentences apart less: it
			// weighs less in an answer's shares (shareWeight), so that
			// articles on other subjects holding it ("coast",
			// "southern") do not make every answer look less relevant.
			ti.unheld = ti.indexed && !heldBy(ti, t.Term, retrieved)
		}
		if noun, ok := described[surface]; ok && (named[surface] || noun == "") {
			// "the White House emissary": the sources may name the thing
			// described otherwise; the description is neither a name they
			// must mention nor a word a sentence can match.
			ti.indexed = false
			info.terms[stem] = ti
			if info.described == nil {
				info.described, info.describedNouns = map[string]bool{}, map[string]bool{}
			}
			info.described[stem] = true
			if noun != "" {
				info.describedNouns[retrieval.Stem(noun)] = true
			}
			describedTotal += w
			describedMissing = append(describedMissing, t.Surface)
			continue
		}
		info.terms[stem] = ti
		// A misspelt ordinary word ("acording") is no name either, when
		// the index holds the word corrected (indexed).
		known := common != nil && (isCommon(common, surface) || abbreviated[surface] || timeLengthRe.MatchString(surface) || (t.DocFreq == 0 && !named[surface] && (misspelt(common, e.opts.Vocabulary, indexed, surface) || particleCompound(common, e.opts.Vocabulary, surface))))
		rare := float64(t.DocFreq)*10 <= n // in at most a tenth of the passages
		if (named[surface] && strings.IndexFunc(surface, unicode.IsDigit) < 0) || (common != nil && !known && rare) {
			info.names[stem] = true
		}
		if named[surface] || (t.DocFreq == 0 && common != nil && !known) {
			total += w
			namedTotal += w
			ok := mentioned(t, retrieved) || unitMentioned(stem, retrievedStems) || e.variantMentioned(ctx, t, ti, retrieved) || countryMentioned(stem, retrievedStems, ti.variants)
			if !ok && e.opts.Acronyms != nil {
				if qWords == nil {
					qWords, qRuns = termSet(retrieval.Words(retrieval.Fold(question))), nameRuns(question)
				}
				var acr string
				acr, ok = acronymMentioned(e.opts.Acronyms, surface, qWords, qRuns[surface], retrievedText, retrievedCaps)
				if acr != "" {
					ti.variants[acr] = true // a sentence writing NATO names the Atlantic alliance
				}
			}
			if !ok {
				for _, st := range initialismMentioned(t.Surface, passageWords()) {
					ok, ti.variants[st] = true, true // "UAF": "Ukraine's Armed Forces"
				}
			}
			if d, written := numberWritten(surface, retrieved); !ok && written {
				ok, ti.variants[d] = true, true // "6 January" for "the 6th", "2030" for "the 2030s"
			}
			if ok {
				got += w
				matched++
			} else {
				info.missingKey = append(info.missingKey, t.Surface)
			}
			continue
		}
		if t.DocFreq == 0 && len(t.Matches) == 0 && abbreviated[surface] {
			// An abbreviation of an ordinary thing ("TV") no passage
			// writes is judged as a description is: the sources do not
			// speak of it when they cover the rest of the question badly.
			describedTotal += w
			describedMissing = append(describedMissing, t.Surface)
			continue
		}
		if t.DocFreq == 0 {
			continue
		}
		total += w
		if top[t.Term] {
			got += w
			matched++
		}
	}
	if total > 0 {
		info.coverage = got / total
	}
	if len(describedMissing) > 0 && (len(info.missingKey) > 0 || max(info.coverage, covered) < minDescribedCoverage || matched < minDescribedRest) {
		// The rest of the question is not well covered: then the
		// description names something the sources do not speak of.
		info.missingKey = append(info.missingKey, describedMissing...)
		info.described, info.describedNouns = nil, nil
		total += describedTotal
		if total > 0 {
			info.coverage = got / total
		}
	}
	if lang != english && namedTotal > 0 && len(info.missingKey) == 0 {
		// The index's words are English: in another language, the names,
		// acronyms and numbers of the question are what can match, and
		// they all do.
		info.coverage = 1
		info.foreignNamed = true
	}
	return info, nil
}

// britishEndings pairs British spellings' endings with American ones.
var britishEndings = [][2]string{{"tre", "ter"}, {"tres", "ters"}, {"ence", "ense"}, {"our", "or"}, {"ours", "ors"},
	{"ise", "ize"}, {"ised", "ized"}, {"ising", "izing"}, {"isation", "ization"}, {"yse", "yze"}, {"ogue", "og"}, {"lled", "led"}}

// spellingVariant returns the index's statistics for the other (British or
// American) spelling of a word the index lacks ("centre" for "center"), or
// for the word with two letters next to each other swapped back ("germnay"
// for "germany", a typo the search's one-edit variants do not reach), or t
// when there is none.
func (e *Engine) spellingVariant(ctx context.Context, t retrieval.TermStat, surface string) retrieval.TermStat {
	if v, ok := e.swappedVariant(ctx, surface); ok {
		t.DocFreq, t.Matches = v.DocFreq, append([]string{v.Term}, v.Matches...)
		return t
	}
	for _, p := range britishEndings {
		for _, from := range []int{0, 1} {
			base, ok := strings.CutSuffix(surface, p[from])
			if !ok || len(base) < 3 {
				continue
			}
			stats, err := e.idx.QueryTerms(ctx, base+p[1-from])
			if err == nil && len(stats) == 1 && stats[0].DocFreq > 0 {
				v := stats[0]
				t.DocFreq, t.Matches = v.DocFreq, append([]string{v.Term}, v.Matches...)
				return t
			}
		}
	}
	return t
}

// minSwapLetters is the shortest word read with two letters swapped back:
// shorter ones are as often other words ("form", "from").
const minSwapLetters = 5

// swappedVariant returns the index's statistics for surface with two
// letters next to each other swapped, if the index holds exactly one such
// word and surface is no word or name of its own (the word list's or the
// vocabulary's: "unclear" is not "nuclear", nor "Paris" "pairs").
func (e *Engine) swappedVariant(ctx context.Context, surface string) (retrieval.TermStat, bool) {
	b := []byte(surface)
	if len(b) < minSwapLetters || strings.IndexFunc(surface, func(r rune) bool { return r < 'a' || r > 'z' }) >= 0 {
		return retrieval.TermStat{}, false
	}
	if e.opts.CommonWords == nil || isCommon(e.opts.CommonWords, surface) {
		return retrieval.TermStat{}, false
	}
	if e.opts.Vocabulary != nil {
		if _, ok := e.opts.Vocabulary.ID(surface); ok {
			return retrieval.TermStat{}, false
		}
	}
	var found []retrieval.TermStat
	eachSwap(b, func(v []byte) bool {
		stats, err := e.idx.QueryTerms(ctx, string(v))
		if err == nil && len(stats) == 1 && stats[0].DocFreq > 0 {
			found = append(found, stats[0])
		}
		return false
	})
	if len(found) != 1 {
		return retrieval.TermStat{}, false
	}
	return found[0], true
}

// mentioned reports whether the passages whose terms are retrieved mention a
// question word: whether they hold one of the index terms that stand for it
// (itself, a spelling variant or a same-root form: Zelensky ~ Zelenskyy,
// Canadian ~ Canada; or what the thesaurus says it stands for: Italy for
// Rome). It is asked of names and words the index lacks.
func mentioned(t retrieval.TermStat, retrieved map[string]bool) bool {
	for _, m := range slices.Concat(t.Matches, t.Stands) {
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
