package main

import (
	"cmp"
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
	t := &table{rel: map[string]map[string]byte{}, base: map[string][]string{}, phraseBase: map[string][]string{}}
	g.addPlaces(t)
	for lemma := range g.wn.senses {
		if g.head(lemma) || g.phrase(lemma) {
			g.addWord(t, lemma)
		}
	}
	for _, r := range renamed {
		// Only as a place: Türkiye is not a bird, nor a synonym of poultry.
		for w, k := range t.rel[r[1]] {
			if k == '@' {
				t.add(r[0], w, k)
			}
		}
		t.add(r[0], r[1], '=')
		t.add(r[1], r[0], '=')
		for _, m := range t.rel {
			if k, ok := m[r[1]]; ok && k == '@' {
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
			if b != form && plain(b) && t.rel[b] != nil && !slices.Contains(t.base[form], b) {
				t.base[form] = append(t.base[form], b)
			}
		}
	}
	g.addPhraseBases(t)
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
	// a place: relations as a word would be of its other senses
	name := !g.words[lemma] && !g.british[lemma] && !g.phrase(lemma)
	g.addNumerals(t, lemma, all)
	for _, sn := range all {
		for _, w := range sn.s.words {
			if m := strings.ToLower(w.lemma); spellingPair(lemma, m) && !strings.Contains(m, "_") {
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
				if p.sym != "+" && g.head(m) && plain(lemma) {
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
		hier := (p == 'n' || p == 'v') && (i == 0 || len(g.wn.senses[lemma][p]) <= g.p.maxBroaderPoly) &&
			(g.p.phraseNeighbours || !strings.Contains(lemma, "_"))
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
