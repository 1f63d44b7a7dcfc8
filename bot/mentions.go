package bot

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/summitbot/summitbot/retrieval"
)

// This file holds the ways a name-like question word is mentioned by
// passages that do not write it: a counted thing by another word of its
// group ("drones" for "UAVs"), an organisation's name by its acronym
// ("NATO" for "the North Atlantic Treaty Organization"), and the reverse.

// unitMentioned reports whether the passages, whose stems stems returns,
// name a thing commonly counted by another word of its group
// (unitSynonyms): "drones" for the name-like "UAVs".
func unitMentioned(stem string, stems func() map[string]bool) bool {
	for _, u := range unitOf(stem) {
		if stems()[u] {
			return true
		}
	}
	return false
}

// maxAcronymsHolding is how many acronyms' expansions a word may be in and
// still stand for one of them: "Atlantic" (in two) does for NATO, "United"
// (in fourteen) does not.
const maxAcronymsHolding = 2

// acronymMentioned reports whether the passages mention a name-like
// question word (folded, lower case) through an acronym (see Acronyms): the
// word is an acronym whose expansion's words the passages all hold
// ("nato": north, atlantic, treaty, organization; stems returns their
// stems), or a word of an acronym's expansion that the passages write in
// capitals (caps returns those words), when the question (its words in
// question) holds the whole expansion or the word is in few acronyms'
// expansions ("Atlantic": NATO), and the words run names with it are all
// in the expansion too ("the Atlantic alliance", not "the Atlantic
// Council"). In the second case it returns the acronym too, which stands for
// the word in the passages' sentences.
func acronymMentioned(a Acronyms, w string, question map[string]bool, run []string, stems, caps func() map[string]bool) (string, bool) {
	if a == nil {
		return "", false
	}
	for _, e := range a.Expansions(w) {
		all := true
		for _, x := range e {
			all = all && (retrieval.IsStopword(x) || stems()[retrieval.Stem(x)])
		}
		if all {
			return "", true
		}
	}
	holding := a.Holding(w)
	for _, acr := range holding {
		if !caps()[acr] || !slices.ContainsFunc(a.Expansions(acr), func(e []string) bool {
			return !slices.ContainsFunc(run, func(x string) bool { return !slices.Contains(e, x) })
		}) {
			continue
		}
		if len(holding) <= maxAcronymsHolding {
			return acr, true
		}
		for _, e := range a.Expansions(acr) {
			if slices.IndexFunc(e, func(x string) bool { return !question[x] }) < 0 {
				return acr, true // "the North Atlantic Treaty Organization"
			}
		}
	}
	return "", false
}

// nameRuns maps each folded word of a question to the run of words that
// names something with it: the capitalised words next to it when it is
// capitalised ("North Atlantic Treaty Organization"), else the words that
// are not stop words next to it ("atlantic council").
func nameRuns(question string) map[string][]string {
	out := map[string][]string{}
	var run []string
	runCapital := false
	flush := func() {
		for _, w := range run {
			out[w] = run
		}
		run = nil
	}
	for f := range strings.FieldsSeq(question) {
		t := strings.Trim(f, `?!.,;:"'()“”‘’«»`)
		t = strings.TrimSuffix(strings.TrimSuffix(t, "'s"), "’s")
		ws := retrieval.Words(retrieval.Fold(t))
		if len(ws) != 1 || retrieval.IsStopword(ws[0]) {
			flush()
			continue
		}
		r, _ := utf8.DecodeRuneInString(t)
		capital := unicode.IsUpper(r)
		if len(run) > 0 && capital != runCapital {
			flush()
		}
		run, runCapital = append(run, ws[0]), capital
		if t != strings.TrimRight(f, `?!.,;:"'()“”‘’«»`) || strings.ContainsAny(f, ",;:?!.") {
			flush() // punctuation ends a name
		}
	}
	flush()
	return out
}
