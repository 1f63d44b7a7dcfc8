package main

import (
	"regexp"
	"slices"
	"strings"
)

// governmentRe finds the seat of a government in a gloss: the Kremlin is
// "citadel of Moscow, housing the offices of the Russian government".
var governmentRe = regexp.MustCompile(`^(?:.*offices of )?the ([A-Z][a-z]+) government\b`)

// personLexFile is WordNet's lexicographer file of nouns for people
// (noun.person): a country's member meronyms there are its people.
const personLexFile = 18

// addPlaces relates each national capital and each seat of government
// named by a proper noun to its country, one way: the capital's line lists
// the country's names (see landNames).
func (g *gen) addPlaces(t *table) {
	capitals := g.synsets("national_capital", 'n', "")
	countries := g.synsets("country", 'n', "state")
	if len(capitals) != 1 || len(countries) == 0 {
		return
	}
	capital := capitals[0]
	isCountry := func(s *synset) bool {
		return slices.ContainsFunc(countries, func(c *synset) bool { return g.reaches(s, c, 3, "@", "@i") })
	}
	pertainyms := g.pertainyms()
	link := func(place, land *synset) {
		names := g.landNames(land, pertainyms)
		adjectives := g.landAdjectives(land, pertainyms)
		for _, pw := range g.names(place) {
			for _, cw := range names {
				g.places[pw] = true
				if !g.words[cw] {
					g.places[cw] = true
				}
				t.add(pw, cw, '@')
				if g.p.countryToCapital && !g.words[cw] {
					t.add(cw, pw, '@')
				}
			}
			// The capital stands for what is of its country too: "Rome"
			// for "the Italian prime minister".
			for _, a := range adjectives {
				t.add(pw, a, '@')
			}
		}
		// An adjective of a country finds the country ("the Italian
		// leader": Italy), not the other way: nearly every passage of a
		// story about a country has its adjective.
		for _, cw := range names {
			if g.words[cw] {
				continue // an ordinary word too ("Turkey", "China"): only as a place
			}
			for _, a := range adjectives {
				if a != cw {
					t.add(a, cw, '+')
				}
			}
		}
	}
	for _, s := range g.wn.synsets {
		if s.key.pos != 'n' {
			continue
		}
		if slices.ContainsFunc(s.ptrs, func(p pointer) bool { return p.sym == "@i" && p.target == capital.key }) {
			// Its country: a whole it is part of that is a country, or that
			// one of its names calls it the capital of (WordNet files the
			// Baltic states under "Baltic State", not under "country").
			ofLand := func(land *synset) bool { return isCountry(land) || capitalOf(s, land) }
			for _, land := range g.holders(s, ofLand, 3) {
				link(s, land)
			}
			continue
		}
		m := governmentRe.FindStringSubmatch(s.gloss)
		if m == nil {
			continue
		}
		for _, as := range g.wn.senses[strings.ToLower(m[1])]['a'] {
			a := g.wn.synsets[as]
			for _, p := range a.ptrs {
				if land := g.wn.synsets[p.target]; p.sym == `\` && land != nil && isCountry(land) {
					link(s, land)
				}
			}
		}
	}
}

// capitalOf reports whether one of the names of the capital c is "capital of"
// one of the names of land: "capital_of_Latvia".
func capitalOf(c, land *synset) bool {
	for _, w := range c.words {
		if name, ok := strings.CutPrefix(w.lemma, "capital_of_"); ok && index(land, strings.ToLower(name)) > 0 {
			return true
		}
	}
	return false
}

// pertainym is a one-word adjective that pertains to a noun (Turkish:
// Turkey), as WordNet writes it, with the gloss of its synset.
type pertainym struct {
	word  string
	gloss string
}

// pertainyms maps each noun synset to the one-word adjectives that pertain
// to it, or are derived from one of its words.
func (g *gen) pertainyms() map[synKey][]pertainym {
	out := map[synKey][]pertainym{}
	for _, s := range g.wn.synsets {
		if s.key.pos != 'a' {
			continue
		}
		for _, p := range s.ptrs {
			// Pertainyms, and derived forms that a country's adjective
			// has only that way (Russian: the Russian Federation).
			if (p.sym != `\` && p.sym != "+") || p.src < 1 || p.src > len(s.words) {
				continue
			}
			a := pertainym{word: s.words[p.src-1].lemma, gloss: s.gloss}
			if plain(strings.ToLower(a.word)) && !slices.Contains(out[p.target], a) {
				out[p.target] = append(out[p.target], a)
			}
		}
	}
	return out
}

// landNames returns what a capital's line lists for its country: the
// country's one-word proper names, ordinary words among them ("Turkey",
// "China": only the capital's line lists them, as places); or, for a country
// with none (the Czech Republic, South Korea), the one-word adjectives that
// pertain to it and the names of its natives ("Czech"), as articles write
// "the Czech government". Acronyms that are ordinary words ("US") are left
// out.
func (g *gen) landNames(land *synset, pertainyms map[synKey][]pertainym) []string {
	var out []string
	add := func(lemma string) {
		m := strings.ToLower(lemma)
		if !plain(m) || lemma == m || slices.Contains(out, m) {
			return
		}
		if g.words[m] && lemma == strings.ToUpper(lemma) {
			return
		}
		out = append(out, m)
	}
	for _, w := range land.words {
		add(w.lemma)
	}
	if len(out) > 0 {
		return out
	}
	for _, a := range g.landAdjectives(land, pertainyms) {
		add(a)
	}
	for _, p := range land.ptrs {
		people := g.wn.synsets[p.target]
		// Its natives, not each people living there (Xhosa: "a member of
		// the Negroid people of southern South Africa").
		if p.sym == "%m" && people != nil && people.lexFile == personLexFile && strings.HasPrefix(people.gloss, "a native ") {
			for _, w := range people.words {
				add(w.lemma)
			}
		}
	}
	return out
}

// landAdjectives returns the one-word adjectives, lower-cased, that pertain
// to the country land as a whole ("of or relating to Saudi Arabia or its
// people", "of Britain"), not to one of its peoples (Afrikaans: "belonging
// or relating to white people of South Africa"), and are not also ordinary
// words in their own right ("polish").
func (g *gen) landAdjectives(land *synset, pertainyms map[synKey][]pertainym) []string {
	var out []string
	for _, a := range g.landPertainyms(land, pertainyms) {
		m := strings.ToLower(a.word)
		if a.word == m || slices.Contains(out, m) || !strings.HasPrefix(a.gloss, "of ") || g.ordinarySense(m) {
			continue
		}
		if slices.ContainsFunc(land.words, func(w wnWord) bool {
			return strings.Contains(a.gloss, strings.ReplaceAll(w.lemma, "_", " "))
		}) {
			out = append(out, m)
		}
	}
	return out
}

// synsets returns the synsets of lemma in part of speech p that have a word
// with, if with is not empty.
func (g *gen) synsets(lemma string, p byte, with string) []*synset {
	var out []*synset
	for _, k := range g.wn.senses[lemma][p] {
		if s := g.wn.synsets[k]; with == "" || index(s, with) > 0 {
			out = append(out, s)
		}
	}
	return out
}

// reaches reports whether following pointers of the given kinds from s
// leads to target within depth steps.
func (g *gen) reaches(s, target *synset, depth int, syms ...string) bool {
	if s == target {
		return true
	}
	if depth == 0 {
		return false
	}
	for _, p := range s.ptrs {
		if slices.Contains(syms, p.sym) {
			if n := g.wn.synsets[p.target]; n != nil && g.reaches(n, target, depth-1, syms...) {
				return true
			}
		}
	}
	return false
}

// holders returns the synsets within depth part-holonym steps of s that ok
// accepts: London is part of England, which is part of the United Kingdom.
func (g *gen) holders(s *synset, ok func(*synset) bool, depth int) []*synset {
	var out []*synset
	for _, p := range s.ptrs {
		if n := g.wn.synsets[p.target]; p.sym == "#p" && n != nil {
			if ok(n) {
				out = append(out, n)
			}
			if depth > 1 {
				out = append(out, g.holders(n, ok, depth-1)...)
			}
		}
	}
	return out
}

// names returns the one-word proper names of a capital or seat of
// government: lower-cased, not ordinary words ("Capital", "Male").
func (g *gen) names(s *synset) []string {
	var out []string
	for _, w := range s.words {
		m := strings.ToLower(w.lemma)
		if plain(m) && !g.words[m] && w.lemma != m {
			out = append(out, m)
		}
	}
	return out
}

// ordinarySense reports whether WordNet writes w in lower case in a sense
// that has been tagged in its corpus ("polish" the verb), which makes w an
// ordinary word as well as a country's adjective.
func (g *gen) ordinarySense(w string) bool {
	for _, sn := range g.senses(w) {
		if sn.count > 0 && slices.ContainsFunc(sn.s.words, func(x wnWord) bool { return x.lemma == w }) {
			return true
		}
	}
	return false
}

// landPertainyms returns the adjectives of land and of the places that
// share one of its names: "British" pertains to the island of Great
// Britain, which is also a name of the United Kingdom.
func (g *gen) landPertainyms(land *synset, pertainyms map[synKey][]pertainym) []pertainym {
	out := slices.Clone(pertainyms[land.key])
	seen := map[synKey]bool{land.key: true}
	for _, w := range land.words {
		for _, k := range g.wn.senses[strings.ToLower(w.lemma)]['n'] {
			s := g.wn.synsets[k]
			if seen[k] || s == nil || s.lexFile != land.lexFile || !slices.ContainsFunc(s.words, func(x wnWord) bool { return x.lemma == w.lemma }) {
				continue
			}
			seen[k] = true
			out = append(out, pertainyms[k]...)
		}
	}
	return out
}
