package main

import (
	"cmp"
	"regexp"
	"slices"
	"strings"
)

// renamed are names whose English spelling changed after WordNet 3.0 (2006):
// the new spelling, then WordNet's. The new one gets the old one's relations.
var renamed = [][2]string{
	{"kyiv", "kiev"},
	{"turkiye", "turkey"},
}

// gen derives the table from WordNet and the word list.
type gen struct {
	wn      *wordnet
	words   map[string]bool // SCOWL: ordinary lower-case English words
	p       params
	british map[string]bool      // British spellings of words in the list
	places  map[string]bool      // names of countries, capitals and seats of government
	freq    map[string][]*synset // lemma -> its frequent senses, as isFrequent finds them
}

func newGen(wn *wordnet, words map[string]bool, p params) *gen {
	g := &gen{wn: wn, words: words, p: p, british: map[string]bool{}, places: map[string]bool{}, freq: map[string][]*synset{}}
	for lemma, byPos := range wn.senses {
		if words[lemma] {
			continue
		}
		for _, ks := range byPos {
			for _, k := range ks {
				for _, w := range wn.synsets[k].words {
					if m := strings.ToLower(w.lemma); words[m] && spellingPair(lemma, m) {
						g.british[lemma] = true
					}
				}
			}
		}
	}
	return g
}

// build makes the table.
func (g *gen) build() *table {
	t := &table{rel: map[string]map[string]byte{}, base: map[string][]string{}}
	g.addPlaces(t)
	for lemma := range g.wn.senses {
		if g.head(lemma) {
			g.addWord(t, lemma)
		}
	}
	for _, r := range renamed {
		for w, k := range t.rel[r[1]] {
			t.add(r[0], w, k)
		}
		t.add(r[0], r[1], '=')
		t.add(r[1], r[0], '=')
		for _, m := range t.rel {
			if k, ok := m[r[1]]; ok && r[0] != "" {
				m[r[0]] = k
			}
		}
		delete(t.rel[r[0]], r[0])
	}
	for form, bases := range g.wn.exceptions {
		if t.rel[form] != nil {
			continue
		}
		for _, b := range bases {
			if b != form && t.rel[b] != nil && !slices.Contains(t.base[form], b) {
				t.base[form] = append(t.base[form], b)
			}
		}
	}
	return t
}

// plain reports whether w is one word of lower-case letters (hyphens inside).
func plain(w string) bool {
	if w == "" || w[0] == '-' || w[len(w)-1] == '-' {
		return false
	}
	for _, r := range w {
		if (r < 'a' || r > 'z') && r != '-' {
			return false
		}
	}
	return true
}

// head reports whether the table keeps relations for lemma.
func (g *gen) head(lemma string) bool {
	return plain(lemma) && g.wn.polysemy(lemma) <= g.p.maxPolysemy &&
		(g.words[lemma] || g.british[lemma] || g.places[lemma])
}

// related reports whether w may be listed as related in relation kind.
func (g *gen) related(w string, kind byte) bool {
	if !plain(w) {
		return false
	}
	switch kind {
	case '=':
		return true
	case '+':
		return g.words[w] || g.british[w]
	default:
		return (g.words[w] || g.british[w]) && g.wn.polysemy(w) <= g.p.maxRelatedPolysemy
	}
}

// sense is one sense of a lemma with its tag count and its rank within its
// part of speech.
type sense struct {
	s     *synset
	count int
	rank  int
}

// senses returns the senses of lemma, most often tagged first (ties by rank,
// nouns before verbs before adjectives before adverbs).
func (g *gen) senses(lemma string) []sense {
	var out []sense
	for _, p := range []byte{'n', 'v', 'a', 'r'} {
		for i, k := range g.wn.senses[lemma][p] {
			s := g.wn.synsets[k]
			out = append(out, sense{s: s, count: g.wn.senseCount(lemma, s), rank: i})
		}
	}
	slices.SortStableFunc(out, func(a, b sense) int {
		if c := cmp.Compare(b.count, a.count); c != 0 {
			return c
		}
		return cmp.Compare(a.rank, b.rank)
	})
	return out
}

// frequent returns the senses whose synonyms count: the most tagged ones, or
// for a word hardly tagged, the first two of each part of speech.
func (g *gen) frequent(all []sense) []sense {
	if len(all) == 0 {
		return nil
	}
	var out []sense
	top := all[0].count
	for _, s := range all {
		if len(out) == g.p.maxSenses {
			break
		}
		switch {
		case top >= g.p.reliableCount && float64(s.count) >= g.p.senseShare*float64(top):
			out = append(out, s)
		case top < g.p.reliableCount && s.rank < 2:
			out = append(out, s)
		}
	}
	return out
}

// index returns the 1-based position of lemma among the words of s, 0 if absent.
func index(s *synset, lemma string) int {
	for i, w := range s.words {
		if strings.ToLower(w.lemma) == lemma {
			return i + 1
		}
	}
	return 0
}

// addWord adds the relations of one head word.
func (g *gen) addWord(t *table, lemma string) {
	all := g.senses(lemma)
	name := !g.words[lemma] && !g.british[lemma] // a place: relations as a word would be of its other senses
	for _, sn := range all {
		for _, w := range sn.s.words {
			if m := strings.ToLower(w.lemma); spellingPair(lemma, m) {
				t.add(lemma, m, '=')
			}
		}
		if sn.rank >= 3 {
			continue
		}
		src := index(sn.s, lemma)
		for _, p := range sn.s.ptrs {
			if p.src != src || (p.sym != "+" && p.sym != `\` && p.sym != "<") {
				continue
			}
			ts := g.wn.synsets[p.target]
			if ts == nil || p.dst < 1 || p.dst > len(ts.words) {
				continue
			}
			m := strings.ToLower(ts.words[p.dst-1].lemma)
			if g.related(m, '+') {
				t.add(lemma, m, '+')
				if p.sym != "+" && g.head(m) {
					t.add(m, lemma, '+') // pertainyms and participles point one way
				}
			}
		}
	}
	if name {
		return
	}
	for i, sn := range g.frequent(all) {
		g.addSynonyms(t, lemma, sn.s, '~')
		// One step up the hierarchy, or down it for a noun (a verb's
		// narrower words are manners of doing it: force, bludgeon): from the
		// most frequent sense, or any frequent one of a word with few senses.
		p := sn.s.key.pos
		hier := (p == 'n' || p == 'v') && (i == 0 || len(g.wn.senses[lemma][p]) <= g.p.maxBroaderPoly)
		var narrower []*synset
		for _, ptr := range sn.s.ptrs {
			switch {
			case ptr.sym == "&" && sn.s.satellite:
				g.addSynonyms(t, lemma, g.wn.synsets[ptr.target], '~')
			case ptr.sym == "@" && hier && g.specific(g.wn.synsets[ptr.target]):
				g.addSynonyms(t, lemma, g.wn.synsets[ptr.target], '^')
			case ptr.sym == "~" && hier && p == 'n':
				narrower = append(narrower, g.wn.synsets[ptr.target])
			}
		}
		if len(narrower) <= g.p.maxNarrower {
			for _, s := range narrower {
				g.addSynonyms(t, lemma, s, '^')
			}
		}
	}
}

// specific reports whether a broader synset is specific enough to stand for
// its narrower words: one with many ("person", with hundreds) says little.
func (g *gen) specific(s *synset) bool {
	if s == nil {
		return false
	}
	n := 0
	for _, p := range s.ptrs {
		if p.sym == "~" || p.sym == "~i" {
			n++
		}
	}
	return n <= g.p.maxBroaderHyponyms
}

// addSynonyms adds the words of s, if it has few, as related to lemma; with
// mutual, only those for which s is one of their own frequent senses.
func (g *gen) addSynonyms(t *table, lemma string, s *synset, kind byte) {
	if s == nil || len(s.words) > g.p.maxSynset {
		return
	}
	for _, w := range s.words {
		if m := strings.ToLower(w.lemma); g.related(m, kind) && (!g.p.mutual || g.isFrequent(m, s)) {
			t.add(lemma, m, kind)
		}
	}
}

// isFrequent reports whether s is one of the frequent senses of lemma.
func (g *gen) isFrequent(lemma string, s *synset) bool {
	fs, ok := g.freq[lemma]
	if !ok {
		for _, sn := range g.frequent(g.senses(lemma)) {
			fs = append(fs, sn.s)
		}
		g.freq[lemma] = fs
	}
	return slices.Contains(fs, s)
}

// governmentRe finds the seat of a government in a gloss: the Kremlin is
// "citadel of Moscow, housing the offices of the Russian government".
var governmentRe = regexp.MustCompile(`^(?:.*offices of )?the ([A-Z][a-z]+) government\b`)

// addPlaces relates each national capital and each seat of government
// named by a proper noun to its country, both ways.
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
	link := func(place, land *synset) {
		for _, pw := range g.names(place) {
			for _, cw := range g.names(land) {
				g.places[pw], g.places[cw] = true, true
				t.add(pw, cw, '@')
				if g.p.countryToCapital {
					t.add(cw, pw, '@')
				}
			}
		}
	}
	for _, s := range g.wn.synsets {
		if s.key.pos != 'n' {
			continue
		}
		if slices.ContainsFunc(s.ptrs, func(p pointer) bool { return p.sym == "@i" && p.target == capital.key }) {
			for _, land := range g.holders(s, isCountry, 3) {
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

// names returns the one-word proper names of a place: lower-cased, not
// ordinary words ("Capital", "US").
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
