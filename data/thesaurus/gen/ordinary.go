package main

import (
	"slices"
	"strings"
	"unicode"
)

// ordinaryWords returns the ordinary English words WordNet has that the word
// list lacks ("headcount", "peacekeeper"): single words of lower-case
// letters (hyphens inside) that no synset writes capitalised, so that
// Greenland or Whitehall, which WordNet writes as names, are not among
// them. summitbot counts them with the word list as ordinary words, not as
// names the sources must mention.
func ordinaryWords(wn *wordnet, words map[string]bool) []string {
	lower, named := map[string]bool{}, map[string]bool{}
	for _, s := range wn.synsets {
		for _, w := range s.words {
			l := strings.ToLower(w.lemma)
			if l != w.lemma {
				named[l] = true
			} else {
				lower[l] = true
			}
		}
	}
	var out []string
	for w := range lower {
		if plain(w) && !named[w] && !words[w] {
			out = append(out, w)
		}
	}
	slices.Sort(out)
	return out
}

// properAdjectives returns the adjectives WordNet writes capitalised
// ("Mediterranean", "Nordic", "North American"), folded to lower case, a
// multiword one with spaces: a question's "which Mediterranean country"
// describes the country it asks for with one, and names nothing the
// sources must mention.
func properAdjectives(wn *wordnet) []string {
	seen := map[string]bool{}
	for _, s := range wn.synsets {
		if s.key.pos != 'a' {
			continue
		}
		for _, w := range s.words {
			r := []rune(w.lemma)
			if len(r) == 0 || !unicode.IsUpper(r[0]) {
				continue
			}
			l := strings.ToLower(strings.ReplaceAll(w.lemma, "_", " "))
			if strings.IndexFunc(l, func(r rune) bool { return !unicode.IsLetter(r) && r != ' ' && r != '-' }) < 0 {
				seen[l] = true
			}
		}
	}
	out := make([]string, 0, len(seen))
	for w := range seen {
		out = append(out, w)
	}
	slices.Sort(out)
	return out
}

// properAdjectivesHeader is the first line of the list of proper adjectives.
var properAdjectivesHeader = "# summitbot proper adjectives: generated from WordNet 3.0 by data/thesaurus/gen; WordNet 3.0 Copyright 2006 by Princeton University, see WORDNET-LICENSE. An adjective WordNet writes capitalised, lower case (mediterranean, north american)."
