// Command gen builds summitbot's thesaurus table, data/thesaurus/thesaurus.txt.gz,
// from WordNet 3.0. It reads the WordNet database only when run, so the build
// does not need it; with Debian's wordnet-base package installed, run from the
// repository root:
//
//	go run ./data/thesaurus/gen -wordnet /usr/share/wordnet -words data/english-words.txt.gz -o data/thesaurus/thesaurus.txt.gz
//
// It also writes data/thesaurus/acronyms.txt.gz (-acronyms): each noun's
// lemma written as an acronym (NATO) with the multiword lemma of its synset
// whose initials spell it (north atlantic treaty organization),
// data/thesaurus/abbreviations.txt.gz (-abbreviations): the acronyms of
// ordinary things (TV, HQ), data/thesaurus/proper-adjectives.txt.gz
// (-proper): the adjectives WordNet writes capitalised (Mediterranean), and
// data/thesaurus/wordnet-words.txt.gz (-ordinary). Add -explain WORD to
// print what the table holds for one word instead.
//
// The table keeps the words a question is likely to use: lemmas in the SCOWL
// word list (data/english-words.txt.gz), their British spellings, the
// names of countries and capitals, and multiword lemmas of two or three
// such words (hyphenated ones split: twenty-four_hours is three), written
// with underscores. For each it lists, one relation per word:
//
//	=  the same word in the other (British or American) spelling: defence, defense;
//	   or a number word's digits, from 10 up: thirty, 30
//	+  a derivationally related form or pertainym: deploy, deployment; Russian, Russia
//	@  the country a capital or a seat of government stands for: Moscow, Kremlin, Russia;
//	   by its one-word names, ordinary words among them (Ankara: Turkey), or for
//	   a country without one, its adjective or natives (Prague: Czech)
//	~  a synonym in one of the word's most frequent senses: supply, provide
//	^  a word one step up or down the hierarchy (hypernym, hyponym): pledge, promise; troops, personnel
//
// A word's frequent senses are its most often tagged ones in WordNet's
// semantic concordances (cntlist), up to three; a synonym or neighbour is
// listed only if the synset they share is a frequent sense of both words;
// a verb's narrower words (force: bludgeon, steamroll) and broader words
// with many narrower ones (leader: person) are left out, and so are words of
// very many senses (get, make, take), as heads and as related words, and
// multiword lemmas as related words. A multiword head has no neighbours
// (with them the table grows by half again, for no better answers). A
// country does not stand for its capital: the relation goes one way.
// Irregular inflections whose base form is in the table follow as
// "went<TAB><go", and those of a word of a multiword head whose base form
// only a phrase uses as "left<TAB>_leave" (for "left out": leave_out). The format is read by
// data.Thesaurus. The flags' defaults are the rules the committed table was
// made with.
//
// WordNet 3.0 Copyright 2006 by Princeton University; its licence is in
// data/thesaurus/WORDNET-LICENSE and the table's first line names it.
package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
)

// params are the generator's selection rules.
type params struct {
	maxSenses      int     // senses of a word whose synonyms count
	senseShare     float64 // a sense counts if tagged at least this share of the top sense
	reliableCount  int     // below this top tag count, the first two senses per part of speech count
	maxSynset      int     // synonyms only from synsets with at most this many words
	maxPolysemy    int     // words with more senses are left out
	maxBroaderPoly int     // broader words from every frequent sense only for words with at most this many senses in the part of speech
	maxNarrower    int     // narrower words only from senses with at most this many hyponyms
	// maxBroaderHyponyms: broader words only from synsets with at most
	// this many narrower ones.
	maxBroaderHyponyms int
	mutual             bool // synonyms and neighbours only through a synset that is a frequent sense of both words
	// maxRelatedPolysemy: synonyms and neighbours with more senses are left
	// out: a passage may use them in any sense.
	maxRelatedPolysemy int
	countryToCapital   bool // relate a country to its capital too, not only the capital to the country
	// phraseNeighbours: multiword heads get neighbours (^) too, not only
	// spellings, forms and synonyms.
	phraseNeighbours bool
}

var defaults = params{maxSenses: 3, senseShare: 0.2, reliableCount: 5, maxSynset: 8, maxPolysemy: 24, maxBroaderPoly: 2, maxNarrower: 12, maxBroaderHyponyms: 25, maxRelatedPolysemy: 24, mutual: true}

func main() {
	dir := flag.String("wordnet", "/usr/share/wordnet", "directory of the WordNet 3.0 database files (data.noun, index.noun, cntlist.rev, ...)")
	wordsPath := flag.String("words", "data/english-words.txt.gz", "gzipped SCOWL word list")
	out := flag.String("o", "data/thesaurus/thesaurus.txt.gz", "output table")
	ordinaryOut := flag.String("ordinary", "data/thesaurus/wordnet-words.txt.gz", "output list of the ordinary words WordNet has and the word list lacks (none if empty)")
	acronymsOut := flag.String("acronyms", "data/thesaurus/acronyms.txt.gz", "output table of acronyms and what they stand for (none if empty)")
	abbreviationsOut := flag.String("abbreviations", "data/thesaurus/abbreviations.txt.gz", "output list of the abbreviations of ordinary things, TV, HQ (none if empty)")
	properOut := flag.String("proper", "data/thesaurus/proper-adjectives.txt.gz", "output list of the adjectives WordNet writes capitalised, Mediterranean (none if empty)")
	explain := flag.String("explain", "", "print the table's line for one word and exit")
	relPoly := flag.Int("related-polysemy", defaults.maxRelatedPolysemy, "leave out synonyms and neighbours with more senses")
	headPoly := flag.Int("polysemy", defaults.maxPolysemy, "leave out words with more senses")
	back := flag.Bool("country-capital", defaults.countryToCapital, "relate countries to their capitals too")
	phraseNb := flag.Bool("phrase-neighbours", defaults.phraseNeighbours, "relate multiword heads to broader and narrower words too")
	mutual := flag.Bool("mutual", defaults.mutual, "keep synonyms and neighbours only through a synset that is a frequent sense of both words")
	flag.Parse()
	p := defaults
	p.mutual = *mutual
	p.maxRelatedPolysemy = *relPoly
	p.maxPolysemy = *headPoly
	p.countryToCapital = *back
	p.phraseNeighbours = *phraseNb
	if err := run(*dir, *wordsPath, *out, *ordinaryOut, *acronymsOut, *abbreviationsOut, *properOut, *explain, p); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(dir, wordsPath, out, ordinaryOut, acronymsOut, abbreviationsOut, properOut, explain string, p params) error {
	wn, err := loadWordNet(dir)
	if err != nil {
		return fmt.Errorf("read wordnet: %w", err)
	}
	words, err := readWords(wordsPath)
	if err != nil {
		return fmt.Errorf("read word list: %w", err)
	}
	wn.closeCompounds(words)
	g := newGen(wn, words, p)
	t := g.build()
	if explain != "" {
		for _, l := range t.lines() {
			if h, _, _ := strings.Cut(l, "\t"); h == explain {
				fmt.Println(l)
			}
		}
		return nil
	}
	lines := t.lines()
	if err := writeGzip(out, lines,
		"# summitbot thesaurus: generated from WordNet 3.0 by data/thesaurus/gen; WordNet 3.0 Copyright 2006 by Princeton University, see WORDNET-LICENSE.",
		"# word<TAB>related words, each after its relation: = spelling, + form, @ place, ~ synonym, ^ broader; or word<TAB><base form; or word<TAB>_base form in multiword words (left_out: leave_out)."); err != nil {
		return err
	}
	if acronymsOut != "" {
		if err := writeGzip(acronymsOut, acronyms(wn), acronymsHeader); err != nil {
			return err
		}
	}
	if abbreviationsOut != "" {
		if err := writeGzip(abbreviationsOut, ordinaryAbbreviations(wn), abbreviationsHeader); err != nil {
			return err
		}
	}
	if properOut != "" {
		if err := writeGzip(properOut, properAdjectives(wn), properAdjectivesHeader); err != nil {
			return err
		}
	}
	if ordinaryOut == "" {
		return nil
	}
	return writeGzip(ordinaryOut, ordinaryWords(wn, words),
		"# summitbot: ordinary words WordNet 3.0 has and the word list lacks, generated by data/thesaurus/gen; WordNet 3.0 Copyright 2006 by Princeton University, see WORDNET-LICENSE.")
}

// writeGzip writes the header lines and the lines, gzipped, to path.
func writeGzip(path string, lines []string, header ...string) error {
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(zw)
	for _, l := range append(slices.Clip(header), lines...) {
		fmt.Fprintln(bw, l)
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "gen: %d lines, %d bytes to %s\n", len(lines), buf.Len(), path)
	return nil
}

// readWords reads a gzipped word list, one word a line.
func readWords(path string) (map[string]bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, err
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		return nil, err
	}
	words := map[string]bool{}
	for _, w := range strings.Fields(string(b)) {
		if !strings.HasPrefix(w, "#") {
			words[w] = true
		}
	}
	return words, nil
}

// table is the generated thesaurus: relations per head word and base forms
// of irregular inflections.
type table struct {
	rel  map[string]map[string]byte // head -> related word -> relation
	base map[string][]string        // inflection -> base forms
	// phraseBase maps an irregular inflection to the base forms it has as
	// a word of a multiword head (left: leave, for "left out": leave_out)
	// where base does not list them: the word itself has relations of its
	// own ("left" the side), which its base form's must not join.
	phraseBase map[string][]string
}

// relationOrder ranks relations: a word related in two ways keeps the closer.
const relationOrder = "=+@~^"

func (t *table) add(head, word string, kind byte) {
	if head == word || head == "" || word == "" {
		return
	}
	m := t.rel[head]
	if m == nil {
		m = map[string]byte{}
		t.rel[head] = m
	}
	if old, ok := m[word]; ok && strings.IndexByte(relationOrder, old) <= strings.IndexByte(relationOrder, kind) {
		return
	}
	m[word] = kind
}

// lines renders the table sorted by head word.
func (t *table) lines() []string {
	var out []string
	for h, m := range t.rel {
		var rs []string
		for w, k := range m {
			rs = append(rs, string(k)+w)
		}
		slices.SortFunc(rs, func(a, b string) int {
			if d := strings.IndexByte(relationOrder, a[0]) - strings.IndexByte(relationOrder, b[0]); d != 0 {
				return d
			}
			return strings.Compare(a, b)
		})
		out = append(out, h+"\t"+strings.Join(rs, " "))
	}
	for f, bs := range t.base {
		for _, b := range bs {
			out = append(out, f+"\t<"+b)
		}
	}
	for f, bs := range t.phraseBase {
		for _, b := range bs {
			out = append(out, f+"\t_"+b)
		}
	}
	slices.Sort(out)
	return out
}
