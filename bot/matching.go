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
	if r.vocab == nil || w == "" {
		return false
	}
	id, ok := r.vocab.ID(w)
	if !ok {
		return false
	}
	for _, t := range toks {
		if t.capital || retrieval.IsStopword(t.fold) || hasDigit(t.fold) {
			continue
		}
		if tid, ok := r.vocab.ID(t.fold); ok && r.vocab.Cosine(id, tid) >= nearGate {
			return true
		}
	}
	return false
}
