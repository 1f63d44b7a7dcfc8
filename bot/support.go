package bot

import (
	"context"
	"math"
	"math/bits"
	"sort"
	"strings"

	"github.com/summitbot/summitbot/retrieval"
)

// This file decides whether passages support a claim: a passage supports it
// when it holds every checkable fact of the claim (claims.go), compared
// after folding case, accents, quote styles, dashes and number formats, and
// allowing for the demonyms and spelling variants the index knows. A claim
// with nothing checkable is supported by a passage sharing at least
// minOverlap of its content words (the rule attribute uses).

// minOverlap is the share of a claim's content words a passage must hold
// to support a claim with no checkable fact.
const minOverlap = 0.5

// sentenceFacts is what support checks read of one sentence of a passage.
type sentenceFacts struct {
	text    string
	prose   bool            // it may be quoted (not a heading)
	numbers []fact          // its quantities
	dates   map[string]bool // its date keys; a day's month too
	folds   []string        // its folded words, in order
	words   map[string]bool // the same, as a set, without dots
	stems   map[string]bool // their stems
	content map[string]bool // the stems of its words other than stopwords
	proper  []string        // the folded words it capitalises, but its first
}

// passageFacts is what support checks read of one passage.
type passageFacts struct {
	sentences []sentenceFacts
	terms     map[string]bool // its index terms (nil without an index)
	prefixes  map[string]bool // the first three letters of its terms
	content   map[string]bool // its content stems
}

// prefix is the first three letters of a term, which its spelling
// variants share (zelensk-y, turk-iye, ukrain-ian).
func prefix(term string) string {
	r := []rune(term)
	return string(r[:min(3, len(r))])
}

// readSentence returns the facts of one sentence.
func readSentence(s string) sentenceFacts {
	toks := tokenize(normaliseUnits(s))
	sf := sentenceFacts{text: s, prose: prose(s), numbers: numbersOf(toks, true), dates: map[string]bool{}, words: map[string]bool{}, stems: map[string]bool{}, content: map[string]bool{}}
	for _, d := range datesOf(toks) {
		sf.dates[d.key] = true
		if strings.HasPrefix(d.key, "d") {
			sf.dates["m"+d.key[1:3]] = true
		}
	}
	for _, t := range toks {
		sf.folds = append(sf.folds, t.fold)
		sf.words[strings.ReplaceAll(t.fold, ".", "")] = true
		sf.stems[t.stem] = true
		if !retrieval.IsStopword(t.fold) {
			sf.content[t.stem] = true
			if t.capital && !t.initial {
				sf.proper = append(sf.proper, t.fold)
			}
		}
	}
	return sf
}

// readPassage returns the facts of a passage; terms analyses text as the
// index does (nil: no index).
func readPassage(text string, terms func(string) []string) *passageFacts {
	pf := &passageFacts{content: map[string]bool{}}
	for _, sp := range retrieval.Sentences(text) {
		sf := readSentence(text[sp.Start:sp.End])
		for st := range sf.content {
			pf.content[st] = true
		}
		pf.sentences = append(pf.sentences, sf)
	}
	if terms != nil {
		pf.terms = termSet(terms(text))
		pf.prefixes = map[string]bool{}
		for t := range pf.terms {
			pf.prefixes[prefix(t)] = true
		}
	}
	return pf
}

// checker checks the claims of one answer against its passages.
type checker struct {
	ctx    context.Context
	idx    Searcher // nil: names are compared as written
	hits   []retrieval.Hit
	fc     factContext
	read   []*passageFacts     // by hit, read on demand
	alts   map[string][]string // name key -> index terms standing for it
	masks  map[*claim][]uint64 // claim -> facts held, by hit
	byText map[string]int      // passage text -> hit
}

// newChecker returns a checker of claims about question against hits. It
// reads every passage: the words they write as names decide whether a
// sentence's first word is one.
func (e *Engine) newChecker(ctx context.Context, question string, lang language, hits []retrieval.Hit, asked map[string]bool) *checker {
	names := namedWords(question, lang.code != "de")
	for k := range asked {
		names[k] = true
	}
	fc := factContext{names: names, lex: lexicon{proper: map[string]bool{}}, english: lang == english}
	if fc.english {
		fc.common = e.opts.CommonWords
	}
	c := &checker{ctx: ctx, idx: e.idx, hits: hits, read: make([]*passageFacts, len(hits)), alts: map[string][]string{},
		masks: map[*claim][]uint64{}, fc: fc, byText: map[string]int{}}
	for i, h := range hits {
		c.byText[h.Chunk.Text] = i
		for _, sf := range c.passage(i).sentences {
			for _, w := range sf.proper {
				fc.lex.proper[w] = true
			}
		}
	}
	return c
}

// passage returns the facts of hit i.
func (c *checker) passage(i int) *passageFacts {
	if c.read[i] == nil {
		var terms func(string) []string
		if c.idx != nil {
			terms = c.idx.Terms
		}
		c.read[i] = readPassage(c.hits[i].Chunk.Text, terms)
	}
	return c.read[i]
}

// demonyms pair names of peoples with their countries' names (folded), for
// those the index does not relate by spelling.
var demonyms = map[string][]string{
	"french": {"france"}, "british": {"britain", "uk"}, "english": {"england"}, "german": {"germany"}, "dutch": {"netherlands"},
	"polish": {"poland"}, "italian": {"italy"}, "turkish": {"turkey", "turkiye"}, "spanish": {"spain"}, "swedish": {"sweden"},
	"danish": {"denmark"}, "finnish": {"finland"}, "norwegian": {"norway"}, "greek": {"greece"}, "czech": {"czechia"},
	"croatian": {"croatia"}, "belgian": {"belgium"}, "canadian": {"canada"}, "russian": {"russia"}, "ukrainian": {"ukraine"},
	"american": {"america", "us", "usa"}, "european": {"europe", "eu"}, "uk": {"britain", "british"}, "britain": {"uk", "british"},
	"france": {"french"}, "germany": {"german"}, "italy": {"italian"}, "poland": {"polish"}, "russia": {"russian"},
	"us": {"usa", "american", "washington"}, "usa": {"us", "american"}, "turkiye": {"turkey", "turkish"}, "turkey": {"turkiye", "turkish"},
}

// nameTerms returns the index terms that stand for a name: its own, the
// spelling variants and same-root forms the index matches, and the
// demonym pairs.
func (c *checker) nameTerms(f fact) []string {
	if ts, ok := c.alts[f.key]; ok {
		return ts
	}
	var ts []string
	if c.idx != nil {
		for _, w := range append([]string{f.text}, demonyms[f.key]...) {
			ts = append(ts, c.idx.Terms(w)...)
			if stats, err := c.idx.QueryTerms(c.ctx, w); err == nil {
				for _, s := range stats {
					ts = append(ts, s.Matches...)
				}
			}
		}
	}
	c.alts[f.key] = ts
	return ts
}

// holds reports whether sentence s holds fact f; pf is its passage, whose
// index terms name checks may use.
func (c *checker) holds(f fact, s *sentenceFacts, pf *passageFacts) bool {
	switch f.kind {
	case factNumber:
		return holdsNumber(f, s)
	case factDate:
		return s.dates[f.key]
	case factPhrase:
		return holdsPhrase(f.words, s.folds)
	}
	if s.words[f.key] {
		return true
	}
	for _, d := range demonyms[f.key] {
		if s.words[d] {
			return true
		}
	}
	if pf == nil || pf.terms == nil || !pf.prefixes[prefix(f.key)] {
		// No term of the passage begins as the name does: it holds no
		// spelling variant of it either.
		return false
	}
	// The index terms are the passage's, not the sentence's: a name is
	// looked up there only when no sentence writes it as the claim does.
	for _, t := range c.nameTerms(f) {
		if pf.terms[t] {
			return true
		}
	}
	return false
}

// holdsNumber reports whether a sentence holds a quantity: the same value,
// with the same unit when the claim gives a percentage, money or a unit of
// time, and with the noun it counts (or one of its synonyms) in the
// sentence when the claim names one.
func holdsNumber(f fact, s *sentenceFacts) bool {
	for _, n := range s.numbers {
		if math.Abs(n.value-f.value) > 1e-9*math.Max(1, math.Abs(f.value)) {
			continue
		}
		switch {
		case f.unit == "" || n.unit == f.unit:
			return true
		case f.unit == "%" || isCurrency(f.unit) || isTimeUnit(f.unit):
			continue
		case n.unit == "%" || isCurrency(n.unit) || isTimeUnit(n.unit) || (n.unit != "" && counted(n.unit)):
			continue // the passage's number counts something else
		case countsUnit(f.unit, s.stems):
			return true
		}
	}
	return false
}

func isCurrency(u string) bool { return u == "€" || u == "$" || u == "£" || u == "¤" }

func isTimeUnit(u string) bool {
	for _, v := range timeUnits {
		if v == u {
			return true
		}
	}
	return false
}

// countsUnit reports whether stems hold the counted noun unit or one of its
// synonyms.
func countsUnit(unit string, stems map[string]bool) bool {
	for st := range stems {
		if unitStem(st) == unit {
			return true
		}
	}
	return false
}

// counted reports whether a unit stem is one of the things commonly
// counted (unitSynonyms).
func counted(unit string) bool {
	for _, g := range unitSynonyms {
		if g[0] == unit {
			return true
		}
	}
	return false
}

// holdsPhrase reports whether words appear in order in folds.
func holdsPhrase(words, folds []string) bool {
	for i := 0; i+len(words) <= len(folds); i++ {
		ok := true
		for k, w := range words {
			if folds[i+k] != w {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// mask returns, for hit i, the set of cl's facts its passage holds (bit k
// for fact k; claims keep their first 64 facts).
func (c *checker) mask(cl *claim, i int) uint64 {
	ms, ok := c.masks[cl]
	if !ok {
		ms = make([]uint64, len(c.hits))
		for k := range ms {
			ms[k] = math.MaxUint64 // not computed
		}
		c.masks[cl] = ms
	}
	if ms[i] != math.MaxUint64 {
		return ms[i]
	}
	pf := c.passage(i)
	var m uint64
	for k, f := range cl.facts[:min(len(cl.facts), 64)] {
		for j := range pf.sentences {
			if c.holds(f, &pf.sentences[j], pf) {
				m |= 1 << k
				break
			}
		}
	}
	ms[i] = m
	return m
}

// all is the mask of every fact of cl.
func all(cl *claim) uint64 {
	n := min(len(cl.facts), 64)
	if n == 64 {
		return math.MaxUint64
	}
	return 1<<n - 1
}

// overlap is the share of cl's content words the passages of set (hit
// indexes) hold together.
func (c *checker) overlap(cl *claim, set []int) float64 {
	want := contentStems(cl.text)
	if len(want) == 0 {
		return 1
	}
	n := 0
	for w := range want {
		for _, i := range set {
			if c.passage(i).content[w] {
				n++
				break
			}
		}
	}
	return float64(n) / float64(len(want))
}

// supports reports whether the passages of set (hit indexes) together
// support cl.
func (c *checker) supports(cl *claim, set []int) bool {
	if len(set) == 0 {
		return false
	}
	if len(cl.facts) == 0 {
		// In another language than the passages', words cannot be
		// compared: a claim with nothing checkable keeps its citation.
		return !c.fc.english || c.overlap(cl, set) >= minOverlap
	}
	var m uint64
	for _, i := range set {
		m |= c.mask(cl, i)
	}
	return m == all(cl)
}

// maxCited is the most passages a claim is re-cited to.
const maxCited = 3

// smallestSupport returns the smallest set of hits (indexes) that together
// support cl, preferring the passages it cited (prefer) and then the
// better-ranked ones; nil when none of at most maxCited passages does.
func (c *checker) smallestSupport(cl *claim, prefer []int) []int {
	if len(cl.facts) == 0 {
		best, bestShare := -1, minOverlap
		for _, i := range append(append([]int(nil), prefer...), seq(len(c.hits))...) {
			if sh := c.overlap(cl, []int{i}); sh > bestShare || (best < 0 && sh >= bestShare) {
				best, bestShare = i, sh
			}
		}
		if best < 0 {
			return nil
		}
		return []int{best}
	}
	var cands []int
	for i := range c.hits {
		if c.mask(cl, i) != 0 {
			cands = append(cands, i)
		}
	}
	want := all(cl)
	var best []int
	bestScore := -1.0
	var try func(from int, set []int, m uint64)
	try = func(from int, set []int, m uint64) {
		if m == want {
			// Among the smallest sets: the one citing most of the passages
			// cited, then sharing most words with the claim.
			score := c.overlap(cl, set)
			for _, i := range set {
				if containsInt(prefer, i) {
					score++
				}
			}
			if best == nil || len(set) < len(best) || (len(set) == len(best) && score > bestScore) {
				best, bestScore = append([]int(nil), set...), score
			}
			return
		}
		if len(set) == maxCited || (best != nil && len(set) >= len(best)) {
			return
		}
		for k := from; k < len(cands); k++ {
			i := cands[k]
			if nm := m | c.mask(cl, i); nm != m {
				try(k+1, append(set, i), nm)
			}
		}
	}
	try(0, nil, 0)
	return best
}

func seq(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

// missing returns the facts of cl that no passage of set holds, for the log.
func (c *checker) missing(cl *claim, set []int) []string {
	var m uint64
	for _, i := range set {
		m |= c.mask(cl, i)
	}
	var out []string
	for k, f := range cl.facts[:min(len(cl.facts), 64)] {
		if m&(1<<k) == 0 {
			out = append(out, f.text)
		}
	}
	return out
}

// factQuote picks the sentence of passage that holds most facts of claims
// (the sentences citing it), then shares most content words with them;
// while other sentences hold facts it lacks, they are added in the
// passage's order, joined by " … ", as long as the quote fits maxQuote. A
// single sentence is extended with the next while short, as scoredQuote
// does.
func factQuote(passage, claims string) (string, float64) {
	return (&checker{}).quote(passage, claims)
}

// quote is factQuote reading the passages of c once.
func (c *checker) quote(passage, claims string) (string, float64) {
	facts := factsOf(claims, factContext{english: true})
	spans := retrieval.Sentences(passage)
	if len(facts) == 0 || len(spans) == 0 {
		return scoredQuote(passage, claims)
	}
	want := contentStems(claims)
	var read []sentenceFacts
	if i, ok := c.byText[passage]; ok && len(c.passage(i).sentences) == len(spans) {
		read = c.passage(i).sentences
	}
	masks := make([]uint64, len(spans))
	scores := make([]float64, len(spans))
	best := -1
	for i, sp := range spans {
		var sf sentenceFacts
		if read != nil {
			sf = read[i]
		} else {
			sf = readSentence(passage[sp.Start:sp.End])
		}
		if !sf.prose {
			continue
		}
		for k, f := range facts[:min(len(facts), 64)] {
			if c.holds(f, &sf, nil) {
				masks[i] |= 1 << k
				scores[i] += 100
			}
		}
		for st := range sf.content {
			if want[st] {
				scores[i]++
			}
		}
		if best < 0 || scores[i] > scores[best] {
			best = i
		}
	}
	if best < 0 {
		return scoredQuote(passage, claims)
	}
	chosen := []int{best}
	held, size := masks[best], len([]rune(strings.TrimSpace(passage[spans[best].Start:spans[best].End])))
	for {
		add := -1
		for i := range spans {
			if gain := masks[i] &^ held; gain != 0 && (add < 0 || bits.OnesCount64(gain) > bits.OnesCount64(masks[add]&^held)) {
				add = i
			}
		}
		if add < 0 {
			break
		}
		n := len([]rune(strings.TrimSpace(passage[spans[add].Start:spans[add].End])))
		if size+n+3 > maxQuote {
			break
		}
		chosen, held, size = append(chosen, add), held|masks[add], size+n+3
	}
	if len(chosen) == 1 {
		quote := passage[spans[best].Start:spans[best].End]
		if best+1 < len(spans) {
			ext := passage[spans[best].Start:spans[best+1].End]
			if len([]rune(ext)) <= maxQuote && len([]rune(quote)) < 120 {
				quote = ext
			}
		}
		return clip(quote, maxQuote), scores[best]
	}
	sort.Ints(chosen)
	parts := make([]string, len(chosen))
	for k, i := range chosen {
		parts[k] = strings.Join(strings.Fields(passage[spans[i].Start:spans[i].End]), " ")
	}
	return strings.Join(parts, " … "), scores[best] + float64(bits.OnesCount64(held))
}
