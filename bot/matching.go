package bot

import (
	"strings"

	"github.com/summitbot/summitbot/retrieval"
)

// How a sentence's word stands for a question's word: the same stem or a
// variant of it (matches), or a word near it in meaning (nearAny).

// matches reports whether a sentence's token stands for a question stem: it
// is the same stem or one of its variants, and for an adverb made of an
// adjective (termInfo.adverb) an adverb or that adjective.
func (r relevanceInfo) matches(stem string, tok token) bool {
	t, ok := r.terms[stem]
	if ok && t.adverb != "" && !strings.HasSuffix(tok.fold, "ly") && tok.fold != strings.TrimSuffix(t.adverb, "ly") {
		return false
	}
	return tok.stem == stem || ok && t.variants[tok.stem]
}

// adverbOfAdjective reports whether word is an adverb made of an ordinary
// adjective with the same stem ("officially" of "official", "finally" of
// "final"), which a sentence holds only as an adverb or as that adjective
// (see termInfo.adverb): "officials" does not say that something is
// official.
func adverbOfAdjective(common map[string]bool, word string) bool {
	adj, ok := strings.CutSuffix(word, "ly")
	return ok && common != nil && len(adj) >= 4 && isCommon(common, adj) && retrieval.Stem(adj) == retrieval.Stem(word)
}

// nearGate is the least cosine of a sentence's word to a word a question
// asks about a name for the sentence to speak of it in other words
// ("maritime" 0.649 from "naval"; "trade" 0.18 from "troops").
const nearGate = 0.6

// nearAny reports whether one of toks, an ordinary word (lower case, not a
// stop word or a number: not a name the question may hold itself, as "Sea"
// of "Black Sea" for "waters"), is near in meaning to the question's word w
// (see nearGate).
func (r relevanceInfo) nearAny(w string, toks []token) bool {
	return r.nearCount([]string{w}, toks, nearGate) > 0
}

// jointGate is the least cosine of a sentence's word to each of two words a
// question asks about a name for the sentence to speak of both in other
// words: "maritime" is 0.544 from "waters" and 0.508 from "patrol", while a
// single word that near is often only a frequent neighbour ("discuss" is
// 0.558 from "future").
const jointGate = 0.5

// nearJointly reports whether one of toks (as nearAny reads them) is near
// in meaning to two or more of the question's words ws (see jointGate):
// "patrol the waters" for "maritime security".
func (r relevanceInfo) nearJointly(ws []string, toks []token) bool {
	return len(ws) > 1 && r.nearCount(ws, toks, jointGate) > 1
}

// nearCount returns the most words of ws that one ordinary word of toks is
// near to, by a cosine of at least gate.
func (r relevanceInfo) nearCount(ws []string, toks []token, gate float64) int {
	if r.vocab == nil {
		return 0
	}
	var ids []int
	for _, w := range ws {
		if id, ok := r.vocab.ID(w); w != "" && ok {
			ids = append(ids, id)
		}
	}
	most := 0
	for _, t := range toks {
		if len(ids) == 0 || t.capital || retrieval.IsStopword(t.fold) || hasDigit(t.fold) {
			continue
		}
		tid, ok := r.vocab.ID(t.fold)
		if !ok {
			continue
		}
		n := 0
		for _, id := range ids {
			if r.vocab.Cosine(id, tid) >= gate {
				n++
			}
		}
		most = max(most, n)
	}
	return most
}

// matchable reports whether a question stem can match a sentence: the index
// holds it or a variant (a word no passage holds is a paraphrase that no
// sentence can match, and is left out of shares). Stems the index was not
// asked about count.
func (r relevanceInfo) matchable(stem string) bool {
	t, ok := r.terms[stem]
	return !ok || t.indexed
}

// shareWeight is the weight of a question stem in a sentence's share of
// the question: its IDF weight when matchable, 0 when the index lacks it;
// with discountUnheld, unheldFactor of it when no retrieved passage holds
// it (or a variant or related word). A word only other passages hold
// tells the retrieved sentences apart less: articles on other subjects
// ("coast", "southern") should not make every answer look less relevant;
// but it still says what the question asks that they do not speak of.
func (r relevanceInfo) shareWeight(stem string) float64 {
	if !r.matchable(stem) {
		return 0
	}
	if r.discountUnheld && r.terms[stem].unheld {
		return unheldFactor * r.weight(stem)
	}
	return r.weight(stem)
}

// unheldFactor is how much a question word that none of the retrieved
// passages holds weighs in a sentence's share, against its IDF weight.
const unheldFactor = 0.5

// relatedMatch returns the closeness of the thesaurus relation between a
// question stem and a sentence's token (0: none).
func (r relevanceInfo) relatedMatch(stem string, tok token) float64 {
	return r.terms[stem].related[tok.stem]
}

// heldBy reports whether the passages' terms hold a question term, one of
// its variants or a word the thesaurus relates to it.
func heldBy(ti termInfo, term string, terms map[string]bool) bool {
	if terms[term] {
		return true
	}
	for v := range ti.variants {
		if terms[v] {
			return true
		}
	}
	for r := range ti.related {
		if terms[r] {
			return true
		}
	}
	return false
}
