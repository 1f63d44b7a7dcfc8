package data

import (
	"iter"
	"slices"
	"strings"
)

// phraseWords splits a multiword head into the words a question spells it
// with: "twenty-four_hours" is twenty, four, hours.
func phraseWords(head string) []string {
	return strings.FieldsFunc(head, func(r rune) bool { return r == '_' || r == '-' })
}

// maxPhraseForms bounds the spellings of one phrase RelatedPhrase looks up.
const maxPhraseForms = 64

// RelatedPhrase yields the words related to a multiword expression the
// table holds (twenty-four hours: day; left out: omit; chip in: contribute),
// given as its lower-case words in order, with a hyphenated word as its
// parts ("twenty", "four", "hours"); each word once with its closeness,
// closest first. Each word of the expression may be inflected: it is also
// looked up under its base forms, by WordNet's irregular inflections and
// rules of detachment. It yields nothing for fewer than two words, an
// expression the table does not hold, or if the table could not be read.
func (t *Thesaurus) RelatedPhrase(words ...string) iter.Seq2[string, float64] {
	return func(yield func(string, float64) bool) {
		if len(words) < 2 || t.Load() != nil {
			return
		}
		var c closest
		for _, k := range t.phraseKeys(words) {
			for _, r := range t.phrase[k] {
				if !slices.Contains(words, r.word) {
					c.add(r.word, r.closeness)
				}
			}
		}
		c.yield(yield)
	}
}

// phraseKeys returns the keys of t.phrase the words may stand for: the words
// as given first, then with words replaced by their possible base forms.
func (t *Thesaurus) phraseKeys(words []string) []string {
	var out []string
	for _, k := range t.phraseSpellings(words) {
		if _, ok := t.phrase[k]; ok && !slices.Contains(out, k) {
			out = append(out, k)
		}
	}
	return out
}

// phraseSpellings returns the ways the words may be spelt as a key of
// t.phrase, the words as given first: at most maxPhraseForms of them.
func (t *Thesaurus) phraseSpellings(words []string) []string {
	keys := []string{""}
	for i, w := range words {
		var next []string
	forms:
		for _, k := range keys {
			for _, f := range t.phraseForms(w) {
				if i > 0 {
					f = k + " " + f
				}
				next = append(next, f)
				if len(next) == maxPhraseForms {
					break forms
				}
			}
		}
		keys = next
	}
	return keys
}

// phraseForms returns word and the forms it may be an inflection of: the
// table's irregular inflections and what WordNet's rules of detachment
// give, whether or not the table holds them as words.
func (t *Thesaurus) phraseForms(word string) []string {
	out := []string{word}
	add := func(f string) {
		if f != "" && !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	for _, b := range t.base[word] {
		add(b)
	}
	for _, b := range t.phraseBase[word] {
		add(b)
	}
	for _, m := range morphy {
		if b, ok := strings.CutSuffix(word, m[0]); ok && b != "" {
			add(b + m[1])
		}
	}
	return out
}
