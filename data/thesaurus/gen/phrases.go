package main

import (
	"slices"
	"strings"
)

// maxPhraseWords is the most words a multiword lemma may have, counted as a
// question's words are (split at underscores and hyphens), to be a head word.
const maxPhraseWords = 3

// phraseWords returns the words of a multiword lemma as a question would
// spell them: "twenty-four_hours" is twenty, four, hours.
func phraseWords(lemma string) []string {
	return strings.FieldsFunc(lemma, func(r rune) bool { return r == '_' || r == '-' })
}

// phrase reports whether lemma is a multiword lemma of ordinary words that
// the table keeps relations for: "twenty-four_hours", "foreign_office",
// "leave_out"; not a name ("new_york": not all its words are lower-case
// words of the list) nor a long one.
func (g *gen) phrase(lemma string) bool {
	if !strings.Contains(lemma, "_") || g.wn.polysemy(lemma) > g.p.maxPolysemy {
		return false
	}
	for _, part := range strings.Split(lemma, "_") {
		if !plain(part) {
			return false
		}
	}
	ws := phraseWords(lemma)
	if len(ws) > maxPhraseWords {
		return false
	}
	for _, w := range ws {
		if !g.words[w] && !g.british[w] {
			return false
		}
	}
	return true
}

// numeral reports whether w is written in digits.
func numeral(w string) bool {
	if w == "" {
		return false
	}
	for _, r := range w {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// addNumerals relates a number word to its digits where an adjective synset
// it names holds them (thirty: 30): articles write numbers from 10 up in
// digits. Only two-digit numbers: articles spell one-digit ones ("one" is
// rarely the number at all) and write "several thousand", not 1000. The
// synset's other words, Roman numerals (c: 100) among them, get none.
func (g *gen) addNumerals(t *table, lemma string, all []sense) {
	for _, sn := range all {
		if sn.s.key.pos != 'a' || strings.ToLower(sn.s.words[0].lemma) != lemma {
			continue
		}
		for _, w := range sn.s.words {
			if numeral(w.lemma) && len(w.lemma) == 2 {
				t.add(lemma, w.lemma, '=')
			}
		}
	}
}

// addPhraseBases lists the irregular inflections of the words of the
// table's multiword heads that the table's base forms do not give: "left"
// has relations of its own, so only in a phrase is it a form of leave.
func (g *gen) addPhraseBases(t *table) {
	inPhrase := map[string]bool{}
	for h := range t.rel {
		if strings.Contains(h, "_") {
			for _, w := range phraseWords(h) {
				inPhrase[w] = true
			}
		}
	}
	for form, bases := range g.wn.exceptions {
		if !plain(form) || strings.Contains(form, "-") {
			continue // a question's words split at hyphens
		}
		for _, b := range bases {
			if b != form && inPhrase[b] && !slices.Contains(t.base[form], b) && !slices.Contains(t.phraseBase[form], b) {
				t.phraseBase[form] = append(t.phraseBase[form], b)
			}
		}
	}
}
