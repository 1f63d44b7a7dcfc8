package bot

import (
	"context"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/summitbot/summitbot/retrieval"
)

// This file holds the ways a name-like question word is mentioned by
// passages that do not write it: a counted thing by another word of its
// group ("drones" for "UAVs"), an organisation's name by its acronym
// ("NATO" for "the North Atlantic Treaty Organization"), and the reverse,
// and an ordinal by its digits ("6" for "the 6th").

// ordinalWritten returns the digits of an ordinal a question writes ("6"
// for "the 6th"), and whether the passages, whose index terms retrieved
// holds, write them, as dates do ("6 January"): they then stand for it.
func ordinalWritten(surface string, retrieved map[string]bool) (string, bool) {
	m := ordinalRe.FindStringSubmatch(surface)
	if m == nil {
		return "", false
	}
	return m[1], retrieved[m[1]]
}

// ordinalRe matches an ordinal written with digits ("6th", "21st").
var ordinalRe = regexp.MustCompile(`^(\d{1,4})(?:st|nd|rd|th)$`)

// decadeRe matches a decade written with digits ("2030s"); its group is the
// decade's first three digits.
var decadeRe = regexp.MustCompile(`^(\d{3})0s$`)

// numberWritten returns how the passages, whose index terms retrieved
// holds, write a number a question writes otherwise, and whether they do:
// an ordinal by its digits (ordinalWritten), a decade by one of its years
// ("2030" for "the early 2030s").
func numberWritten(surface string, retrieved map[string]bool) (string, bool) {
	if d, ok := ordinalWritten(surface, retrieved); ok {
		return d, true
	}
	if m := decadeRe.FindStringSubmatch(surface); m != nil {
		for y := range 10 {
			if year := m[1] + strconv.Itoa(y); retrieved[year] {
				return year, true
			}
		}
	}
	return "", false
}

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

// orgNouns are the nouns a question may name an organisation by after a
// distinctive word of its name: "the Atlantic alliance" is NATO, where
// "the Atlantic" alone (the ocean) is not.
var orgNouns = map[string]bool{"alliance": true, "organization": true, "organisation": true, "bloc": true,
	"pact": true, "union": true, "agency": true, "treaty": true, "body": true, "group": true}

// acronymMentioned reports whether the passages mention a name-like
// question word (folded, lower case) through an acronym (see Acronyms):
//   - the word is an acronym whose expansion the passages write out, as a
//     phrase ("nato": "north atlantic treaty organization"; text returns
//     the passages' folded words joined by spaces);
//   - or the word is in an acronym's expansion and the passages write the
//     acronym in capitals (caps returns those words), when the question
//     names it by the whole expansion ("the North Atlantic Treaty
//     Organization"), or by a run of its words in few acronyms' expansions
//     followed by a noun naming an organisation ("the Atlantic alliance";
//     not "the Atlantic", "the Treaty" or "the Atlantic Council").
//
// In the second case it returns the acronym too, which stands for the word
// in the passages' sentences.
func acronymMentioned(a Acronyms, w string, question map[string]bool, run nameRun, text func() string, caps func() map[string]bool) (string, bool) {
	if a == nil {
		return "", false
	}
	for _, e := range a.Expansions(w) {
		if strings.Contains(text(), " "+strings.Join(e, " ")+" ") {
			return "", true
		}
	}
	holding := a.Holding(w)
	for _, acr := range holding {
		if !caps()[acr] {
			continue
		}
		for _, e := range a.Expansions(acr) {
			if slices.IndexFunc(e, func(x string) bool { return !question[x] }) < 0 {
				return acr, true // "the North Atlantic Treaty Organization"
			}
			inside := !slices.ContainsFunc(run.words, func(x string) bool { return !slices.Contains(e, x) })
			if inside && len(holding) <= maxAcronymsHolding && orgNouns[run.next] {
				return acr, true // "the Atlantic alliance"
			}
		}
	}
	return "", false
}

// nameRun is the run of words that names something with a word of a
// question, and the word after it.
type nameRun struct {
	words []string
	next  string
}

// nameRuns maps each folded word of a question to the run of words that
// names something with it, the first such run: the capitalised words next
// to it when it is capitalised ("North Atlantic Treaty Organization"), else
// the words that are not stop words next to it ("atlantic council").
func nameRuns(question string) map[string]nameRun {
	out := map[string]nameRun{}
	var run []string
	runCapital := false
	flush := func(next string) {
		for _, w := range run {
			if _, ok := out[w]; !ok {
				out[w] = nameRun{words: run, next: next}
			}
		}
		run = nil
	}
	for f := range strings.FieldsSeq(question) {
		t := strings.Trim(f, wordPunct)
		t = strings.TrimSuffix(strings.TrimSuffix(t, "'s"), "’s")
		ws := retrieval.Words(retrieval.Fold(t))
		next := ""
		if len(ws) == 1 {
			next = ws[0]
		}
		if len(ws) != 1 || retrieval.IsStopword(ws[0]) {
			flush(next)
			continue
		}
		r, _ := utf8.DecodeRuneInString(t)
		capital := unicode.IsUpper(r)
		if len(run) > 0 && capital != runCapital {
			flush(next)
		}
		run, runCapital = append(run, ws[0]), capital
		if t != strings.TrimRight(f, wordPunct) || strings.ContainsAny(f, ",;:?!.") {
			flush("") // punctuation ends a name
		}
	}
	flush("")
	return out
}

// ordinaryAbbreviations returns the folded words of question written in
// capitals that abbreviate ordinary things (Acronyms.Ordinary: "TV", "HQ",
// "NGOs"): words a question uses as it would "television", not names the
// sources must mention. Nil without acronyms.
func ordinaryAbbreviations(a Acronyms, question string) map[string]bool {
	if a == nil {
		return nil
	}
	ordinary := func(acr string) bool {
		return len(acr) >= 2 && strings.ToUpper(acr) == acr && a.Ordinary(strings.ToLower(acr))
	}
	var out map[string]bool
	for _, w := range strings.FieldsFunc(question, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if !ordinary(w) && !ordinary(strings.TrimSuffix(w, "s")) { // "NGOs"
			continue
		}
		if out == nil {
			out = map[string]bool{}
		}
		out[retrieval.Fold(w)] = true
	}
	return out
}

// variantMentioned reports whether the passages (retrieved: their terms)
// write a misspelt name the index lacks (t) in a spelling one step further
// than its variants reach: "Zelenksy" is one swap from "Zelensky", which
// the articles also write "Zelenskyy". The spellings found join ti's
// variants, for its sentences to match it.
func (e *Engine) variantMentioned(ctx context.Context, t retrieval.TermStat, ti termInfo, retrieved map[string]bool) bool {
	if t.DocFreq > 0 || ti.variants == nil {
		return false
	}
	found := false
	for _, m := range t.Matches {
		stats, err := e.idx.QueryTerms(ctx, m)
		if err != nil || len(stats) != 1 {
			continue
		}
		for _, v := range stats[0].Matches {
			if retrieved[v] {
				ti.variants[v], found = true, true
			}
		}
	}
	return found
}

// initialismMentioned returns the stems of the words of a run in the
// passages (words: their folded words, in order) whose first letters spell
// surface, a question's word written as an initialism the index lacks
// ("UAF": "Ukraine's Armed Forces"; "LoC": "line of contact"), or nil. The
// initialism has three to five letters and at least two capitals; a
// capital stands for a word that is no stop word, a small letter for any
// word ("of"), and a lone letter ("s" of "Ukraine's") is skipped.
func initialismMentioned(surface string, words []string) []string {
	letters := []rune(surface)
	caps := 0
	for _, r := range letters {
		if !unicode.IsLetter(r) {
			return nil
		}
		if unicode.IsUpper(r) {
			caps++
		}
	}
	if len(letters) < 3 || len(letters) > 5 || caps < 2 || !unicode.IsUpper(letters[0]) {
		return nil
	}
	var run []string
	for i := range words {
		run = run[:0]
		k := 0
		for j := i; j < len(words) && k < len(letters); j++ {
			w := []rune(words[j])
			if len(w) == 1 && j > i {
				continue
			}
			if w[0] != unicode.ToLower(letters[k]) || (unicode.IsUpper(letters[k]) && retrieval.IsStopword(words[j])) {
				break
			}
			if !retrieval.IsStopword(words[j]) {
				run = append(run, retrieval.Stem(words[j]))
			}
			k++
		}
		if k == len(letters) {
			return run
		}
	}
	return nil
}
