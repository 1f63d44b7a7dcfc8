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
