package data

import (
	"cmp"
	_ "embed"
	"fmt"
	"iter"
	"slices"
	"strings"
	"sync"
)

// thesaurusTable is the thesaurus generated from WordNet 3.0 by
// data/thesaurus/gen (see thesaurus/WORDNET-LICENSE), gzipped.
//
//go:embed thesaurus/thesaurus.txt.gz
var thesaurusTable []byte

// How close a related word stands to a word, by relation, as Related reports
// it: 1 is the same word.
const (
	// SpellingCloseness: the other spelling of the word (defence, defense) or
	// an irregular inflection's base form (fought, fight).
	SpellingCloseness = 1.0
	// FormCloseness: a derivationally related form (deploy, deployment) or a
	// pertainym (Russian, Russia).
	FormCloseness = 0.8
	// PlaceCloseness: the country a capital or seat of government stands for
	// (Moscow, Kremlin: Russia).
	PlaceCloseness = 0.7
	// SynonymCloseness: a word sharing one of the word's frequent senses
	// (supply, provide).
	SynonymCloseness = 0.6
	// NeighbourCloseness: a word one step up or down WordNet's hierarchy from
	// the word's frequent senses (pledge, promise; troops, personnel).
	NeighbourCloseness = 0.3
)

// closeness returns the closeness of a relation of the table by its mark.
func closeness(mark byte) (float64, bool) {
	switch mark {
	case '=':
		return SpellingCloseness, true
	case '+':
		return FormCloseness, true
	case '@':
		return PlaceCloseness, true
	case '~':
		return SynonymCloseness, true
	case '^':
		return NeighbourCloseness, true
	}
	return 0, false
}

// Thesaurus relates ordinary English words, countries and their capitals:
// other spellings, derived forms, synonyms of frequent senses; and
// multiword expressions (twenty-four hours, left out) to single words (see
// RelatedPhrase). It reads its table, embedded in the binary, on first use.
// It is safe for concurrent use.
type Thesaurus struct {
	once sync.Once
	rel  map[string][]related
	base map[string][]string // irregular inflection -> base forms
	// phrase maps a multiword head, its words joined by spaces as a
	// question's words are ("twenty four hours", "leave out"), to its
	// related words.
	phrase map[string][]related
	// phraseBase maps an irregular inflection to its base forms as a word
	// of a multiword head only (left: leave).
	phraseBase map[string][]string
	err        error
}

// related is a word of the table related to a head word, with its closeness.
type related struct {
	word      string
	closeness float64
}

// NewThesaurus returns the built-in thesaurus; it reads nothing yet.
func NewThesaurus() *Thesaurus { return &Thesaurus{} }

// Load reads the table if it has not been read, and reports whether it could
// be. Related calls it; calling it first surfaces a damaged table as an error.
func (t *Thesaurus) Load() error {
	t.once.Do(func() {
		var tb *thesaurusTables
		if tb, t.err = parseThesaurus(thesaurusTable); t.err == nil {
			t.rel, t.base, t.phrase, t.phraseBase = tb.rel, tb.base, tb.phrase, tb.phraseBase
		}
	})
	return t.err
}

// thesaurusTables are what parseThesaurus reads (see Thesaurus).
type thesaurusTables struct {
	rel, phrase      map[string][]related
	base, phraseBase map[string][]string
}

// parseThesaurus reads the table: a line per head word (a multiword one
// with underscores: leave_out), its related words each after the mark of
// its relation, or a line per irregular inflection, "<" and its base form,
// or "_" and its base form in multiword heads.
func parseThesaurus(gz []byte) (*thesaurusTables, error) {
	rel := make(map[string][]related, 40000)
	phrase := make(map[string][]related, 8000)
	base, phraseBase := map[string][]string{}, map[string][]string{}
	err := tableLines(gz, func(n int, line string) error {
		head, rest, ok := strings.Cut(line, "\t")
		if !ok || head == "" {
			return fmt.Errorf("line %d: no tab", n)
		}
		if b, ok := strings.CutPrefix(rest, "<"); ok && b != "" {
			base[head] = append(base[head], b)
			return nil
		}
		if b, ok := strings.CutPrefix(rest, "_"); ok && b != "" {
			phraseBase[head] = append(phraseBase[head], b)
			return nil
		}
		fs := strings.Fields(rest)
		rs := make([]related, 0, len(fs))
		for _, f := range fs {
			c, ok := closeness(f[0])
			if !ok || len(f) < 2 {
				return fmt.Errorf("line %d: bad relation %q", n, f)
			}
			rs = append(rs, related{word: f[1:], closeness: c})
		}
		if strings.ContainsAny(head, "_-") {
			// A question's words split at hyphens too: "full-scale" is
			// full, scale.
			k := strings.Join(phraseWords(head), " ")
			phrase[k] = append(phrase[k], rs...)
		}
		if !strings.Contains(head, "_") {
			if rel[head] == nil {
				rel[head] = rs
			} else {
				rel[head] = append(rel[head], rs...)
			}
		}
		return nil
	})
	if err == nil && len(rel) == 0 {
		err = fmt.Errorf("empty table")
	}
	if err != nil {
		return nil, fmt.Errorf("thesaurus: %w", err)
	}
	return &thesaurusTables{rel: rel, base: base, phrase: phrase, phraseBase: phraseBase}, nil
}

// Related yields the words related to a lower-case word, each once with its
// closeness (see SpellingCloseness and the others), closest first. An
// inflected word ("deployed", "forces", "fought") is looked up under its
// base forms, found by WordNet's rules (morphy). It yields nothing for an
// unknown word, or if the table could not be read (see Load).
func (t *Thesaurus) Related(word string) iter.Seq2[string, float64] {
	return func(yield func(string, float64) bool) {
		if t.Load() != nil {
			return
		}
		var c closest
		for _, b := range t.base[word] {
			c.add(b, SpellingCloseness) // the base form of an irregular inflection
		}
		for _, b := range t.bases(word) {
			for _, r := range t.rel[b] {
				if r.word != word {
					c.add(r.word, r.closeness)
				}
			}
		}
		c.yield(yield)
	}
}

// BaseForms returns the base forms the table lists for a lower-case
// irregular inflection ("came": come, "went": go, "children": child): those
// of WordNet's exception lists whose base form has relations of its own and
// that are not head words themselves, so "women" and "said" get none. It
// returns nil for any other word (or if the table could not be read, see
// Load), and tells nothing of the part of speech.
func (t *Thesaurus) BaseForms(word string) []string {
	if t.Load() != nil {
		return nil
	}
	out := slices.Clone(t.base[word])
	for _, b := range t.phraseBase[word] {
		if !slices.Contains(out, b) {
			out = append(out, b)
		}
	}
	return out
}

// morphy lists WordNet's rules of detachment: an ending and what replaces it
// to give a base form (nouns, verbs, adjectives).
var morphy = [][2]string{
	{"s", ""}, {"ses", "s"}, {"xes", "x"}, {"zes", "z"}, {"ches", "ch"}, {"shes", "sh"}, {"men", "man"}, {"ies", "y"},
	{"es", "e"}, {"es", ""}, {"ed", "e"}, {"ed", ""}, {"ing", "e"}, {"ing", ""},
	{"er", ""}, {"est", ""}, {"er", "e"}, {"est", "e"},
}

// bases returns word and the base forms of word the table holds: those the
// table lists for an irregular inflection, or else those the rules of
// detachment give, unless the table holds word itself.
func (t *Thesaurus) bases(word string) []string {
	out := []string{word}
	if _, known := t.rel[word]; known {
		return out // "news", not "new"
	}
	if bs := t.base[word]; len(bs) > 0 {
		return append(out, bs...)
	}
	for _, m := range morphy {
		if b, ok := strings.CutSuffix(word, m[0]); ok && b != "" {
			b += m[1]
			if _, known := t.rel[b]; known && !slices.Contains(out, b) {
				out = append(out, b)
			}
		}
	}
	return out
}

// closest collects related words, each with the largest closeness it is
// given, in the order they come.
type closest struct {
	best  map[string]float64
	order []string
}

func (c *closest) add(word string, closeness float64) {
	if c.best == nil {
		c.best = map[string]float64{}
	}
	if old, seen := c.best[word]; !seen {
		c.order = append(c.order, word)
		c.best[word] = closeness
	} else if closeness > old {
		c.best[word] = closeness
	}
}

// yield passes the words to yield closest first (ties in the order they
// came) until it returns false.
func (c *closest) yield(yield func(string, float64) bool) {
	slices.SortStableFunc(c.order, func(a, b string) int { return cmp.Compare(c.best[b], c.best[a]) })
	for _, w := range c.order {
		if !yield(w, c.best[w]) {
			return
		}
	}
}
