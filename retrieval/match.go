package retrieval

import (
	"fmt"
	"slices"
	"sync"
	"unicode/utf8"

	index "github.com/blevesearch/bleve_index_api"
)

// A question may name something under another form than its sources: a
// spelling variant (Zelensky for Zelenskyy, Zaporizhia for Zaporizhzhia) or a
// form with another short ending (Canadian for Canada, Ukrainian for Ukraine).
// sameWord decides, for analysed terms, which forms stand for one word; the
// BM25 search expands a term the index lacks to them, and QueryTerms reports
// them as a term's Matches.
const (
	// minVariantRunes is the length a term must have for variants: shorter
	// words have too many neighbours.
	minVariantRunes = 5
	// longVariantRunes is the length both terms must have for a second edit.
	longVariantRunes = 8
	// maxEndingRunes is the longest ending that differs after a shared root.
	maxEndingRunes = 3
	// ordinaryRootRunes is the shortest root two different ordinary words
	// must share to stand for one word (see Options.OrdinaryWords).
	ordinaryRootRunes = 6
)

// sameWord reports whether the analysed terms a and b stand for one word:
// they are equal, or both have at least minVariantRunes runes and they are
// either one edit apart (two when both have at least longVariantRunes) or
// share a root of at least minVariantRunes runes after which each has at most
// maxEndingRunes more.
func sameWord(a, b string) bool {
	if a == b {
		return true
	}
	ra, rb := []rune(a), []rune(b)
	if len(ra) < minVariantRunes || len(rb) < minVariantRunes {
		return false
	}
	return sharedRoot(ra, rb, minVariantRunes) || editDistance(ra, rb) <= maxEdits(len(ra), len(rb))
}

// sharedRoot reports whether a and b share a root of at least root runes
// after which each has at most maxEndingRunes more.
func sharedRoot(a, b []rune, root int) bool {
	p := 0
	for p < len(a) && p < len(b) && a[p] == b[p] {
		p++
	}
	return p >= root && len(a)-p <= maxEndingRunes && len(b)-p <= maxEndingRunes
}

// maxEdits is how many edits sameWord allows between terms of na and nb runes.
func maxEdits(na, nb int) int {
	if min(na, nb) >= longVariantRunes {
		return 2
	}
	return 1
}

// EditDistance is the Levenshtein distance between a and b, in runes: the
// measure of spelling variants here, and of mistyped flags in the CLI.
func EditDistance(a, b string) int { return editDistance([]rune(a), []rune(b)) }

// editDistance is the Levenshtein distance between a and b.
func editDistance(a, b []rune) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// sameOrdinaryWord reports whether the terms of two different ordinary
// words stand for one word: they share a root of at least
// ordinaryRootRunes runes after which each has at most maxEndingRunes more
// ("person", "personnel"). One edit ("office", "officials"; "light",
// "fight") or a shorter shared root ("suppose", "support") makes another
// word.
func sameOrdinaryWord(a, b string) bool {
	return sharedRoot([]rune(a), []rune(b), ordinaryRootRunes)
}

// ordinaryTerms returns whether a term is the term of one of words (the
// ordinary English words), reading words' terms on its first call; nil if
// words is nil.
func ordinaryTerms(words map[string]bool) func(term string) bool {
	if words == nil {
		return nil
	}
	terms := sync.OnceValue(func() map[string]bool {
		m := make(map[string]bool, len(words)/2)
		for w := range words {
			m[Stem(Fold(w))] = true
		}
		return m
	})
	return func(term string) bool { return terms()[term] }
}

// variants returns the terms of the index's dictionary that sameWord accepts
// for term, term itself included if the dictionary holds it, sorted; for an
// ordinary word's term, another ordinary word's only if sameOrdinaryWord
// accepts it. (The dictionary may still hold terms of chunks deleted since
// its segments were last merged; a query for such a term finds nothing.)
func (l *lexical) variants(term string) ([]string, error) {
	n := utf8.RuneCountInString(term)
	if n < minVariantRunes {
		return nil, nil
	}
	adv, err := l.idx.Advanced()
	if err != nil {
		return nil, fmt.Errorf("bm25 dictionary: %w", err)
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, fmt.Errorf("bm25 dictionary: %w", err)
	}
	defer r.Close()
	var out []string
	ordinary := l.ordinary != nil && l.ordinary(term)
	collect := func(d index.FieldDict, err error) error {
		if err != nil {
			return fmt.Errorf("bm25 dictionary near %q: %w", term, err)
		}
		defer d.Close()
		for {
			e, err := d.Next()
			if err != nil {
				return fmt.Errorf("bm25 dictionary near %q: %w", term, err)
			}
			if e == nil {
				return nil
			}
			if ordinary && e.Term != term && l.ordinary(e.Term) && !sameOrdinaryWord(term, e.Term) {
				continue // "officials" is another word than "office"
			}
			if sameWord(term, e.Term) && !slices.Contains(out, e.Term) {
				out = append(out, e.Term)
			}
		}
	}
	// Every term one or two edits away, then every term sharing the
	// longest root sameWord may accept.
	edits := 1
	if n >= longVariantRunes {
		edits = 2
	}
	fuzzy, ok := r.(index.IndexReaderFuzzy)
	if !ok {
		return nil, fmt.Errorf("bm25 dictionary: %T cannot look up close terms", r)
	}
	if err := collect(fuzzy.FieldDictFuzzy("text", term, edits, "")); err != nil {
		return nil, err
	}
	root := string([]rune(term)[:max(minVariantRunes, n-maxEndingRunes)])
	if err := collect(r.FieldDictPrefix("text", []byte(root))); err != nil {
		return nil, err
	}
	slices.Sort(out)
	return out, nil
}
