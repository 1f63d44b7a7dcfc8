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

// abbreviationsList is the list of the abbreviations of ordinary things
// (TV, HQ) generated from WordNet 3.0 by data/thesaurus/gen, gzipped.
//
//go:embed thesaurus/abbreviations.txt.gz
var abbreviationsList []byte

// Acronyms relates the acronyms WordNet gives organisations, agreements and
// other things (NATO, EU, IAEA) to the words they stand for (north atlantic
// treaty organization), both ways, and knows the abbreviations of ordinary
// things (TV, HQ). It reads its tables, embedded in the binary, on first
// use, and is safe for concurrent use.
type Acronyms struct {
	once      sync.Once
	expansion map[string][][]string // acronym -> the words of each expansion
	holding   map[string][]string   // word -> the acronyms whose expansion holds it
	ordinary  map[string]bool       // abbreviations of ordinary things
	err       error
}

// NewAcronyms returns the built-in acronym table; it reads nothing yet.
func NewAcronyms() *Acronyms { return &Acronyms{} }

// Load reads the table if it has not been read, and reports whether it could
// be.
func (a *Acronyms) Load() error {
	a.once.Do(func() {
		if a.expansion, a.holding, a.err = parseAcronyms(acronymsTable); a.err == nil {
			a.ordinary, a.err = parseAbbreviations(abbreviationsList)
		}
	})
	return a.err
}

// Ordinary reports whether a lower-case acronym abbreviates only ordinary
// things ("tv": television; "hq": headquarters), not a named one as "eu"
// and "nato" do: a question writing it names no organisation the sources
// must mention.
func (a *Acronyms) Ordinary(acronym string) bool {
	if a.Load() != nil {
		return false
	}
	return a.ordinary[acronym]
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

// parseAbbreviations reads the list of ordinary abbreviations: one a line,
// lower case, a single word.
func parseAbbreviations(gz []byte) (map[string]bool, error) {
	out := map[string]bool{}
	err := tableLines(gz, func(n int, line string) error {
		if line != strings.ToLower(line) || len(strings.Fields(line)) != 1 || strings.TrimSpace(line) != line {
			return fmt.Errorf("line %d: want one lower-case word", n)
		}
		out[line] = true
		return nil
	})
	if err == nil && len(out) == 0 {
		err = fmt.Errorf("empty list")
	}
	if err != nil {
		return nil, fmt.Errorf("abbreviations: %w", err)
	}
	return out, nil
}
