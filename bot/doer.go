package bot

import (
	"regexp"
	"strings"

	"github.com/summitbot/summitbot/retrieval"
)

// This file ties the answer of a "who will <verb>" question to the deed it
// asks about: a name answers only as the doer of a deed in the sentence
// (the subject of a verb, the agent after "by", the leader in "X-led"),
// near the verb asked or, when the sources word the deed otherwise, near
// the thing it is done to. A name merely mentioned ("since Russia's
// invasion", "US involvement") is not who will do it.

// doerRe matches a question opening "who will <verb>": who, then the
// auxiliaries and the words of a future ("is going to", "is set to"), then
// the verb. A relative "who" further on ("which countries who will ...")
// asks no doer.
var doerRe = regexp.MustCompile(`^(?:(?:and|so|but|then|ok|okay),? )?who('ll)?((?: (?:will|shall|is|are|be|going|set|expected|due|supposed|meant|to|then|actually|eventually|really))*) ([\p{L}]+)`)

// askedDoer returns the stem of the verb a "who will <verb>" question asks
// the doer of, or "" when the question word is not "who" or no verb
// follows it ("who commanded", "who from the cabinet will ...").
func askedDoer(q string) string {
	loc := doerRe.FindStringSubmatchIndex(q)
	if loc == nil || (loc[2] < 0 && loc[4] == loc[5]) || strings.HasPrefix(q[loc[1]:], "'") {
		return "" // "who commanded", "who isn't going to": no deed asked
	}
	m := []string{"", "", "", q[loc[6]:loc[7]]}
	w := retrieval.Fold(m[3])
	if retrieval.IsStopword(w) || auxiliary[w] {
		return ""
	}
	return retrieval.Stem(w)
}

// doerNear reports whether a sentence names a person (or a country, as
// governments act) as the doer of a deed, within maxTypedDist words of the
// verb a "who will <verb>" question asks about (t.doer, or a word standing
// for it) or, when the sentence lacks it, of the question's words (at the
// positions in subject), and how far the nearest such name is. A name
// right by the verb ("the U.S.-led monitoring") is its doer too. The
// question's own words answer nothing.
func doerNear(t askedType, toks []token, subject map[int]bool, rel relevanceInfo, lex lexicon) (bool, int) {
	verb := map[int]bool{}
	for k, tok := range toks {
		if rel.matches(t.doer, tok) || rel.relatedMatch(t.doer, tok) > 0 {
			verb[k] = true
		}
	}
	anchor := verb
	if len(verb) == 0 {
		anchor = subject
	}
	found := persons(toks, lex)
	for _, s := range places(toks, lex) {
		if toks[s.start].capital {
			found = append(found, s) // "Türkiye would be responsible"
		}
	}
	var spans []span
	for _, s := range found {
		own := true
		for k := s.start; k < s.end; k++ {
			own = own && subject[k]
		}
		if own {
			continue
		}
		if acts(toks, s) {
			spans = append(spans, s)
			continue
		}
		for k := max(0, s.start-maxAdjacentDoer); k < min(len(toks), s.end+maxAdjacentDoer); k++ {
			if verb[k] {
				spans = append(spans, s)
				break
			}
		}
	}
	ok, d, _ := nearest(spans, toks, anchor, t)
	return ok && d <= maxTypedDist, d
}

// maxAdjacentDoer is how many words from the verb asked a name is taken for
// its doer whatever stands between ("U.S.-led monitoring and verification").
const maxAdjacentDoer = 3

// actVerbs are the auxiliaries, modals and common verbs (irregular past
// forms among them) that, following a name, make it the subject of a
// clause.
var actVerbs = map[string]bool{"will": true, "would": true, "shall": true, "should": true, "can": true, "could": true, "may": true,
	"might": true, "must": true, "has": true, "have": true, "had": true, "is": true, "are": true, "was": true, "were": true,
	"did": true, "does": true, "do": true, "led": true, "went": true, "gave": true, "took": true, "made": true, "sent": true,
	"held": true, "met": true, "kept": true, "set": true, "put": true, "began": true, "spoke": true, "chose": true, "saw": true}

// acts reports whether the name at s acts in its sentence: it follows "by"
// ("supervised by the United States"), or it is followed (after a list of
// names joined by "and", adverbs, and at most one noun it qualifies: "the
// Czech government went") by an auxiliary, a speech verb or a past form
// ("France and the UK would provide", "Belgium offered", "the U.S.-led
// mission").
func acts(toks []token, s span) bool {
	if b := s.start - 1; b >= 0 && (toks[b].fold == "by" || toks[b].fold == "the" && b > 0 && toks[b-1].fold == "by") {
		return true
	}
	noun := false
	for k := s.end; k < len(toks); k++ {
		w := toks[k].fold
		if k > s.end && toks[k].comma && !(k == s.end+1 && toks[s.start].comma) {
			return false // the clause ends, but after an aside: "some, like Italy, have"
		}
		switch {
		case actVerbs[w] || speechVerbs[w] || (strings.HasSuffix(w, "ed") && len(w) > 4):
			return true
		case noun && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss"):
			return true // "Germany's leadership stresses"
		case w == "and" || w == "the" || toks[k].capital:
			// "France and the UK would"
		case strings.HasSuffix(w, "ly") || w == "also" || w == "now" || w == "already" || w == "still" || w == "then":
			// "Macron now links", "Macron has previously mentioned"
		case !noun && !retrieval.IsStopword(w):
			noun = true
		default:
			return false
		}
	}
	return false
}
