package main

import (
	"cmp"
	"regexp"
	"slices"
	"strings"
	"unicode"
)

// acronymRe matches a lemma written as an acronym: two to seven capitals or
// digits, the first a capital (NATO, EU, G7 would need a digit second: G8).
var acronymRe = regexp.MustCompile(`^[A-Z][A-Z0-9]{1,6}$`)

// acronyms returns the table's lines "acronym<TAB>words": each noun
// synset's lemma written as an acronym (NATO) with, lower-cased and split
// into words, the multiword lemma of the same synset whose capitalised words'
// initials, or all words' initials, spell it (North_Atlantic_Treaty_Organization).
// An acronym of several synsets keeps each expansion, one line each.
func acronyms(wn *wordnet) []string {
	seen := map[string]bool{}
	var lines []string
	for _, s := range wn.synsets {
		if s.key.pos != 'n' {
			continue
		}
		for _, a := range s.words {
			if !acronymRe.MatchString(a.lemma) {
				continue
			}
			for _, m := range s.words {
				words := strings.FieldsFunc(m.lemma, func(r rune) bool { return r == '_' || r == '-' })
				if len(words) < 2 || !spells(a.lemma, words) {
					continue
				}
				line := strings.ToLower(a.lemma) + "\t" + strings.ToLower(strings.Join(words, " "))
				if !seen[line] {
					seen[line] = true
					lines = append(lines, line)
				}
				break
			}
		}
	}
	slices.SortFunc(lines, func(a, b string) int { return cmp.Compare(a, b) })
	return lines
}

// spells reports whether an acronym is the initials of the capitalised
// words, or of all the words, of an expansion.
func spells(acronym string, words []string) bool {
	var caps, all strings.Builder
	for _, w := range words {
		r := []rune(w)[0]
		all.WriteRune(unicode.ToUpper(r))
		if unicode.IsUpper(r) {
			caps.WriteRune(r)
		}
	}
	return caps.String() == acronym || all.String() == acronym
}

// ordinaryAbbreviations returns, lower-cased and sorted, the lemmas written
// as acronyms whose every noun sense is an ordinary thing: a synset that is
// no instance (of a named organisation, place or person) and has a lemma in
// lower case (TV: television; HQ: headquarters; NGO: nongovernmental
// organization). An abbreviation with a sense that only names have (EU:
// European Union, though also europium's symbol) is left out.
func ordinaryAbbreviations(wn *wordnet) []string {
	ordinary, named := map[string]bool{}, map[string]bool{}
	for _, s := range wn.synsets {
		if s.key.pos != 'n' {
			continue
		}
		common := !slices.ContainsFunc(s.ptrs, func(p pointer) bool { return p.sym == "@i" }) &&
			slices.ContainsFunc(s.words, func(w wnWord) bool { return unicode.IsLower([]rune(w.lemma)[0]) })
		for _, a := range s.words {
			if !acronymRe.MatchString(a.lemma) {
				continue
			}
			if common {
				ordinary[strings.ToLower(a.lemma)] = true
			} else {
				named[strings.ToLower(a.lemma)] = true
			}
		}
	}
	var out []string
	for a := range ordinary {
		if !named[a] {
			out = append(out, a)
		}
	}
	slices.Sort(out)
	return out
}

// abbreviationsHeader is the first line of the list of ordinary
// abbreviations.
var abbreviationsHeader = "# summitbot ordinary abbreviations: generated from WordNet 3.0 by data/thesaurus/gen; WordNet 3.0 Copyright 2006 by Princeton University, see WORDNET-LICENSE. An abbreviation, lower case, whose every sense is an ordinary thing (tv: television)."

// acronymsHeader is the acronym table's first line.
var acronymsHeader = "# summitbot acronyms: generated from WordNet 3.0 by data/thesaurus/gen; WordNet 3.0 Copyright 2006 by Princeton University, see WORDNET-LICENSE. acronym<TAB>the words it stands for, lower case."
