package main

import (
	"bufio"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// synKey names a synset: its part of speech ('n', 'v', 'a' or 'r'; adjective
// satellites are 'a' too, as they share data.adj) and its byte offset.
type synKey struct {
	pos byte
	off int
}

// synset is one line of a WordNet data file.
type synset struct {
	key       synKey
	lexFile   int
	satellite bool
	words     []wnWord
	ptrs      []pointer
	gloss     string
}

// wnWord is a word of a synset as the lexicographer wrote it (case kept,
// adjective markers dropped) with its lex_id.
type wnWord struct {
	lemma string
	lexID int
}

// pointer is a relation from a synset (or one of its words: src > 0) to
// another synset (or one of its words: dst > 0).
type pointer struct {
	sym      string
	target   synKey
	src, dst int
}

// wordnet is the parts of the WordNet database the generator uses.
type wordnet struct {
	synsets map[synKey]*synset
	// senses maps a lower-case lemma to its synsets per part of speech, in
	// sense order (most frequent first).
	senses map[string]map[byte][]synKey
	// counts maps a sense key to how often that sense was tagged in the
	// semantic concordances (cntlist.rev).
	counts map[string]int
	// exceptions maps an irregular inflection to its base forms (*.exc).
	exceptions map[string][]string
}

var posNames = map[byte]string{'n': "noun", 'v': "verb", 'a': "adj", 'r': "adv"}

// loadWordNet reads the database files in dir.
func loadWordNet(dir string) (*wordnet, error) {
	wn := &wordnet{
		synsets:    map[synKey]*synset{},
		senses:     map[string]map[byte][]synKey{},
		counts:     map[string]int{},
		exceptions: map[string][]string{},
	}
	for _, p := range []byte{'n', 'v', 'a', 'r'} {
		name := posNames[p]
		if err := eachLine(filepath.Join(dir, "data."+name), func(line string) error {
			s, err := parseSynset(line, p)
			if err != nil {
				return err
			}
			wn.synsets[s.key] = s
			return nil
		}); err != nil {
			return nil, err
		}
		if err := eachLine(filepath.Join(dir, "index."+name), func(line string) error {
			return wn.parseIndex(line, p)
		}); err != nil {
			return nil, err
		}
		if err := eachLine(filepath.Join(dir, name+".exc"), func(line string) error {
			f := strings.Fields(line)
			if len(f) >= 2 {
				wn.exceptions[f[0]] = append(wn.exceptions[f[0]], f[1:]...)
			}
			return nil
		}); err != nil {
			return nil, err
		}
	}
	if err := eachLine(filepath.Join(dir, "cntlist.rev"), func(line string) error {
		f := strings.Fields(line)
		if len(f) != 3 {
			return fmt.Errorf("bad count line %q", line)
		}
		n, err := strconv.Atoi(f[2])
		if err != nil {
			return fmt.Errorf("bad count line %q", line)
		}
		wn.counts[f[0]] = n
		return nil
	}); err != nil {
		return nil, err
	}
	return wn, nil
}

// eachLine calls fn with every line of a file but the licence header (lines
// that begin with two spaces).
func eachLine(path string, fn func(string) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	n := 0
	for sc.Scan() {
		n++
		line := sc.Text()
		if strings.HasPrefix(line, "  ") || strings.TrimSpace(line) == "" {
			continue
		}
		if err := fn(line); err != nil {
			return fmt.Errorf("%s:%d: %w", path, n, err)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// parseSynset parses a data file line (see wndb(5WN)).
func parseSynset(line string, p byte) (*synset, error) {
	body, gloss, _ := strings.Cut(line, " | ")
	f := strings.Fields(body)
	bad := func() (*synset, error) { return nil, fmt.Errorf("bad synset line %.40q", line) }
	if len(f) < 4 {
		return bad()
	}
	off, err1 := strconv.Atoi(f[0])
	lexFile, err2 := strconv.Atoi(f[1])
	wcnt, err3 := strconv.ParseInt(f[3], 16, 32)
	if err1 != nil || err2 != nil || err3 != nil {
		return bad()
	}
	s := &synset{key: synKey{p, off}, lexFile: lexFile, satellite: f[2] == "s", gloss: strings.TrimSpace(gloss)}
	i := 4
	for range wcnt {
		if i+1 >= len(f) {
			return bad()
		}
		lemma := f[i]
		if j := strings.IndexByte(lemma, '('); j > 0 {
			lemma = lemma[:j] // adjective marker: "(a)", "(p)", "(ip)"
		}
		id, err := strconv.ParseInt(f[i+1], 16, 32)
		if err != nil {
			return bad()
		}
		s.words = append(s.words, wnWord{lemma: lemma, lexID: int(id)})
		i += 2
	}
	if i >= len(f) {
		return bad()
	}
	pcnt, err := strconv.Atoi(f[i])
	if err != nil {
		return bad()
	}
	i++
	for range pcnt {
		if i+3 >= len(f) {
			return bad()
		}
		o, err1 := strconv.Atoi(f[i+1])
		st, err2 := strconv.ParseUint(f[i+3], 16, 16)
		if err1 != nil || err2 != nil || len(f[i+2]) != 1 {
			return bad()
		}
		tp := f[i+2][0]
		if tp == 's' {
			tp = 'a'
		}
		s.ptrs = append(s.ptrs, pointer{sym: f[i], target: synKey{tp, o}, src: int(st >> 8), dst: int(st & 0xff)})
		i += 4
	}
	return s, nil
}

// parseIndex parses an index file line: lemma pos synset_cnt p_cnt
// [ptr_symbol...] sense_cnt tagsense_cnt synset_offset...
func (wn *wordnet) parseIndex(line string, p byte) error {
	f := strings.Fields(line)
	if len(f) < 6 {
		return fmt.Errorf("bad index line %.40q", line)
	}
	n, err1 := strconv.Atoi(f[2])
	pc, err2 := strconv.Atoi(f[3])
	if err1 != nil || err2 != nil || len(f) < 4+pc+2+n {
		return fmt.Errorf("bad index line %.40q", line)
	}
	offs := f[4+pc+2:]
	if wn.senses[f[0]] == nil {
		wn.senses[f[0]] = map[byte][]synKey{}
	}
	for _, o := range offs[:n] {
		off, err := strconv.Atoi(o)
		if err != nil {
			return fmt.Errorf("bad index line %.40q", line)
		}
		wn.senses[f[0]][p] = append(wn.senses[f[0]][p], synKey{p, off})
	}
	return nil
}

// senseCount returns how often lemma was tagged in the sense s.
func (wn *wordnet) senseCount(lemma string, s *synset) int {
	lexID := -1
	for _, w := range s.words {
		if strings.EqualFold(w.lemma, lemma) {
			lexID = w.lexID
			break
		}
	}
	if lexID < 0 {
		return 0
	}
	ssType := map[byte]int{'n': 1, 'v': 2, 'a': 3, 'r': 4}[s.key.pos]
	head, headID := "", ""
	if s.satellite {
		ssType = 5
		for _, p := range s.ptrs {
			if p.sym == "&" {
				if h := wn.synsets[p.target]; h != nil && len(h.words) > 0 {
					head = strings.ToLower(h.words[0].lemma)
					headID = fmt.Sprintf("%02d", h.words[0].lexID)
				}
				break
			}
		}
	}
	key := fmt.Sprintf("%s%%%d:%02d:%02d:%s:%s", strings.ToLower(lemma), ssType, s.lexFile, lexID, head, headID)
	return wn.counts[key]
}

// polysemy is the number of senses of lemma in all parts of speech.
func (wn *wordnet) polysemy(lemma string) int {
	n := 0
	for _, ks := range wn.senses[lemma] {
		n += len(ks)
	}
	return n
}

// closeCompounds writes a hyphenated lemma as one word where the word list
// has it so and not hyphenated, as news does: WordNet's "cease-fire" is
// "ceasefire", "peace-keeping" "peacekeeping". Its senses, its words in
// synsets and its tag counts move to the closed form, so that the table
// relates the closed form ("truce": ceasefire) and lists it as a head. A
// closed form WordNet already has is left alone. It returns how many lemmas
// it renamed.
func (wn *wordnet) closeCompounds(words map[string]bool) int {
	renamed := map[string]string{}
	claimed := map[string]int{} // closed form -> hyphenated lemmas that close to it
	for lemma := range wn.senses {
		closed := strings.ReplaceAll(lemma, "-", "")
		if closed == lemma || strings.Contains(lemma, "_") || words[lemma] || !words[closed] || wn.senses[closed] != nil {
			continue
		}
		renamed[lemma] = closed
		claimed[closed]++
	}
	for lemma, closed := range renamed {
		if claimed[closed] > 1 {
			delete(renamed, lemma) // two spellings close alike: which one news means is unclear
		}
	}
	for lemma, closed := range renamed {
		byPos := wn.senses[lemma]
		delete(wn.senses, lemma)
		wn.senses[closed] = byPos
		for _, keys := range byPos {
			for _, k := range keys {
				s := wn.synsets[k]
				if s == nil {
					continue
				}
				for i, w := range s.words {
					if strings.ToLower(w.lemma) == lemma {
						s.words[i].lemma = strings.ReplaceAll(w.lemma, "-", "")
					}
				}
			}
		}
	}
	moved := map[string]int{}
	for key, n := range wn.counts {
		lemma, rest, ok := strings.Cut(key, "%")
		if closed, found := renamed[lemma]; ok && found {
			moved[closed+"%"+rest] = n
		}
	}
	maps.Copy(wn.counts, moved)
	return len(renamed)
}
