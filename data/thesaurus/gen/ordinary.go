package main

import (
	"slices"
	"strings"
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
