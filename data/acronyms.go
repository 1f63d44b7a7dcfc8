package data

import (
	_ "embed"
	"fmt"
	"strings"
	"sync"
)

// acronymsTable is the acronym table generated from WordNet 3.0 by
// data/thesaurus/gen (see thesaurus/WORDNET-LICENSE), gzipped.
//
//go:embed thesaurus/acronyms.txt.gz
var acronymsTable []byte

// Acronyms relates the acronyms WordNet gives organisations, agreements and
// other things (NATO, EU, IAEA) to the words they stand for (north atlantic
// treaty organization), both ways. It reads its table, embedded in the
// binary, on first use, and is safe for concurrent use.
type Acronyms struct {
	once      sync.Once
	expansion map[string][][]string // acronym -> the words of each expansion
	holding   map[string][]string   // word -> the acronyms whose expansion holds it
	err       error
}

// NewAcronyms returns the built-in acronym table; it reads nothing yet.
func NewAcronyms() *Acronyms { return &Acronyms{} }

// Load reads the table if it has not been read, and reports whether it could
// be.
func (a *Acronyms) Load() error {
	a.once.Do(func() { a.expansion, a.holding, a.err = parseAcronyms(acronymsTable) })
	return a.err
}

// Expansions returns the lower-case words of what a lower-case acronym
// stands for ("nato": north, atlantic, treaty, organization), one slice per
// meaning, or nil.
func (a *Acronyms) Expansions(acronym string) [][]string {
	if a.Load() != nil {
		return nil
	}
	return a.expansion[acronym]
}

// Holding returns the lower-case acronyms whose expansion holds a
// lower-case word ("atlantic": nato and another), or nil.
func (a *Acronyms) Holding(word string) []string {
	if a.Load() != nil {
		return nil
	}
	return a.holding[word]
}

// parseAcronyms reads the table: a line per acronym and expansion,
// "acronym<TAB>words", lower case.
func parseAcronyms(gz []byte) (map[string][][]string, map[string][]string, error) {
	expansion, holding := map[string][][]string{}, map[string][]string{}
	err := tableLines(gz, func(n int, line string) error {
		acr, rest, ok := strings.Cut(line, "\t")
		words := strings.Fields(rest)
		if !ok || acr == "" || len(words) < 2 {
			return fmt.Errorf("line %d: want an acronym, a tab and two words or more", n)
		}
		expansion[acr] = append(expansion[acr], words)
		for _, w := range words {
			if hs := holding[w]; len(hs) == 0 || hs[len(hs)-1] != acr {
				holding[w] = append(hs, acr)
			}
		}
		return nil
	})
	if err == nil && len(expansion) == 0 {
		err = fmt.Errorf("empty table")
	}
	if err != nil {
		return nil, nil, fmt.Errorf("acronyms: %w", err)
	}
	return expansion, holding, nil
}
