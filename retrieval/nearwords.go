package retrieval

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"sync"
)

// WordVectors tells how near two words are in meaning, from pre-trained
// word vectors (data.WordVectors): a hybrid search's third ranking, near
// words, finds with it the passages that say what a question asks in other
// words ("participants attended" for "delegates present").
type WordVectors interface {
	// ID returns a lower-case word's number, or false if it has no vector.
	ID(word string) (int, bool)
	// Cosine returns the cosine of the vectors of the words numbered a and b.
	Cosine(a, b int) float64
	// Len is how many words have vectors; they are numbered from 0, the
	// most frequent first.
	Len() int
	// Word returns the word numbered id.
	Word(id int) string
}

// stemForms maps the stem of each word with a vector to the two most
// frequent words of that stem, so that a word is also read as another form
// of it: a passage's "supervised" as "supervise", which is nearer "oversee"
// (0.85 against 0.60 in GloVe). It is built on first use (prepareNear).
type stemForms struct {
	once   sync.Once
	byStem map[string][2]int32 // the second is -1 if the stem has one word
}

// prepareNear reads the word vectors and groups their words by stem (see
// stemForms), once an index. Search calls it before taking the index's
// lock, so that writers do not wait for the first near-word search.
func (ix *Index) prepareNear() {
	ix.stems.once.Do(func() {
		n := ix.words.Len()
		ix.stems.byStem = make(map[string][2]int32, n)
		for id := range n {
			st := Stem(ix.words.Word(id))
			f, ok := ix.stems.byStem[st]
			switch {
			case !ok:
				ix.stems.byStem[st] = [2]int32{int32(id), -1}
			case f[1] < 0:
				ix.stems.byStem[st] = [2]int32{f[0], int32(id)}
			}
		}
	})
}

// stemForm returns the number of the most frequent word whose stem is st
// other than not (which may be -1), or -1 if there is none.
func (ix *Index) stemForm(st string, not int) int {
	ix.prepareNear()
	f, ok := ix.stems.byStem[st]
	switch {
	case !ok:
		return -1
	case int(f[0]) != not:
		return int(f[0])
	}
	return int(f[1])
}

// nearFloor is the cosine a passage's word must pass to be near a
// question's word; between it and 1 a near word counts in proportion, up to
// the whole word. (0.4 was the first value tried; 0.5 did about as well on
// the development sets.)
const nearFloor = 0.4

// nearTerm is a question's word as the near-word ranking reads it.
type nearTerm struct {
	stem string
	id   int // its vector's number (see forms), or -1
	// other is its other form's number (see forms), or -1.
	other int
	idf   float64
	// aliases are the stems of the surnames that stand for the word, a
	// title the question names someone by, with their closeness (see
	// titledPeople), and of its spellings the vectors lack ("Türkiye"),
	// with 1.
	aliases map[string]float64
}

// nearTerms reads the question's words that are not stop words, each once
// by its stem, weighed by how rare the BM25 index finds it and how rare it
// is in English (see rarity).
func (ix *Index) nearTerms(query string, plan *queryPlan) []nearTerm {
	var out []nearTerm
	seen := map[string]bool{}
	for _, w := range Words(Fold(expandAcronyms(query))) {
		st := Stem(w)
		if IsStopword(w) || seen[st] {
			continue
		}
		seen[st] = true
		t := nearTerm{stem: st, id: -1, other: -1, idf: 1}
		if ts := ix.lex.analyze(w); len(ts) == 1 {
			if df, ok := plan.docFreq(ts[0]); ok {
				t.idf = plan.idf(df)
			}
			for _, e := range plan.related(ts[0]) {
				if e.title || e.closeness >= 1 && ix.unknown(e.word) {
					if t.aliases == nil {
						t.aliases = map[string]float64{}
					}
					t.aliases[Stem(e.word)] = e.closeness
				}
			}
		}
		t.id, t.other = ix.forms(w, st)
		t.idf *= ix.rarity(st)
		out = append(out, t)
	}
	return out
}

// unknown reports whether the word vectors lack w, a word of the
// thesaurus: a spelling of a question's word they do not know ("Türkiye"
// for "Turkey") counts as that word.
func (ix *Index) unknown(w string) bool {
	_, ok := ix.words.ID(Fold(w))
	return !ok
}

// rarityOffset softens rarity for the most frequent words: the word ranked
// first weighs ln(10)/ln(40,000), about 0.22, rather than 0.
const rarityOffset = 10

// rarity is how rare in English the words of stem st are, from 0 to 1:
// ln(r + rarityOffset) / ln(n), where r is the frequency rank of the stem's
// most frequent word among the n words with vectors (most frequent first),
// and 1 for a stem none of them has (most names). A near-word ranking term
// weighs its idf times its rarity, so a word common in English but rare in
// the articles ("supposed", "big", "officially": the wording of a question
// more than what it asks about) weighs less than a word as rare in the
// articles that is rare in English too ("contingent", "truce"). With it the
// paraphrase development sets' mean MRR rose from 0.725 to 0.744 with the
// distractors and from 0.723 to 0.743 built-in; with the surface word's
// rank instead of the stem's, or rarity squared, less with the distractors.
func (ix *Index) rarity(st string) float64 {
	id := ix.stemForm(st, -1)
	if id < 0 {
		return 1
	}
	return min(1, math.Log(float64(id)+rarityOffset)/math.Log(float64(ix.words.Len())))
}

// forms returns the numbers of the vectors word w, of stem st, is read
// with: its own and that of the most frequent other word of its stem
// ("supervise" for "supervised"). A word without a vector is read as the two
// most frequent words of its stem. Each is -1 if there is none.
func (ix *Index) forms(w, st string) (id, other int) {
	id, ok := ix.words.ID(w)
	if !ok {
		id = ix.stemForm(st, -1)
		if id < 0 {
			return -1, -1
		}
	}
	return id, ix.stemForm(st, id)
}

// nearRanking ranks the candidates by the share of the question they hold:
// each question word counts by its idf, wholly if the passage has the word
// (by stem), in part if it has a word near it (see nearFloor and nearness).
// A word without a vector is read as the words of its stem that have one
// (see forms); numbers, and words whose stem none has (most names the
// vectors lack), count only as themselves. Each score is
// multiplied by weight(id), the source's topic weight, as the other
// rankings' are; candidates holding nothing of the question are left out,
// and equal scores keep the order of ids. own is the largest share of the
// question a candidate holds in the question's own words (by stem), before
// its topic weight: how well the question's wording matches the passages.
func (ix *Index) nearRanking(terms []nearTerm, ids []string, chunks map[string]Chunk, weight func(id string) float64) (list []scored, own float64) {
	var total float64
	for _, t := range terms {
		total += t.idf
	}
	if total == 0 {
		return nil, 0
	}
	// Passages share most of their words: each is stemmed and looked up
	// once a search.
	seen := map[string]*nearWord{}
	stems := map[string]bool{}
	var out []scored
	for _, id := range ids {
		clear(stems)
		held := ix.held(terms, chunks[id].Text, seen, stems) / total
		if held > 0 {
			out = append(out, scored{id: id, score: held * weight(id)})
		}
		var exact float64
		for _, t := range terms {
			if stems[t.stem] {
				exact += t.idf
			}
		}
		own = max(own, exact/total)
	}
	// Equal scores (common: passages holding the same words of the
	// question) keep the order of ids.
	slices.SortStableFunc(out, func(a, b scored) int { return cmp.Compare(b.score, a.score) })
	return out, own
}

// nearTrust is how much more a near-word place weighs in the fusion when no
// candidate holds the question's own words: a place weighs
// 1 + nearTrust × (1 − own), where own is the largest share of the question
// a candidate holds in its own words (see nearRanking). A question worded
// as the articles are is ranked as well by its words (a dense or BM25
// place); one worded otherwise, whose words no passage holds together, is
// ranked better by the words near them. Tried on the development sets: 0.5
// raised the mean MRR of the paraphrase development sets, answer types and
// paraphrase check from 0.744 to 0.752 with the distractors and 0.743 to
// 0.749 built-in and moved three more questions into the top 5, losing
// none; 1 and 2 raised it more with the distractors (0.757 and 0.753) but
// cost the development set (0.971 to 0.961 and 0.931 built-in) and a
// question each out of the top 5.
const nearTrust = 0.5

// held is how much of the question text holds: the sum of the idf of each
// question word it has, and of the part of each other word that the
// nearest word it has stands for, or a surname standing for it (its
// closeness: see nearTerm.aliases), whichever is more. seen caches what is known of each word
// for a search (terms must be the same for each call with it); stems,
// empty, receives the stems of text.
func (ix *Index) held(terms []nearTerm, text string, seen map[string]*nearWord, stems map[string]bool) float64 {
	var vecs []*nearWord
	for _, w := range Words(Fold(expandAcronyms(text))) {
		nw := ix.nearWordOf(w, seen)
		if nw.stop || stems[nw.stem] {
			continue
		}
		stems[nw.stem] = true
		if nw.id >= 0 {
			vecs = append(vecs, nw)
		}
	}
	var held float64
	for i, t := range terms {
		if stems[t.stem] {
			held += t.idf
			continue
		}
		alias := 0.0
		for st, c := range t.aliases {
			if stems[st] {
				alias = max(alias, c)
			}
		}
		if t.id < 0 {
			held += t.idf * alias
			continue
		}
		best := nearFloor
		for _, v := range vecs {
			best = max(best, ix.nearTo(v, terms, i))
		}
		held += t.idf * max(alias, (best-nearFloor)/(1-nearFloor))
	}
	return held
}

// nearWordOf returns what seen knows of the passage's word w, reading it
// first if it does not: its stem, whether it is a stop word, and the
// numbers of its vectors (none without word vectors).
func (ix *Index) nearWordOf(w string, seen map[string]*nearWord) *nearWord {
	nw, ok := seen[w]
	if !ok {
		nw = &nearWord{stem: Stem(w), id: -1, other: -1, stop: IsStopword(w)}
		if !nw.stop && ix.words != nil {
			nw.id, nw.other = ix.forms(w, nw.stem)
		}
		seen[w] = nw
	}
	return nw
}

// nearTo returns the nearness of the passage's word w to terms[i] (see
// nearness), computed once a search.
func (ix *Index) nearTo(w *nearWord, terms []nearTerm, i int) float64 {
	if w.near == nil {
		w.near = make([]float64, len(terms))
		for j := range w.near {
			w.near[j] = math.NaN()
		}
	}
	if math.IsNaN(w.near[i]) {
		w.near[i] = ix.nearness(terms[i], w)
	}
	return w.near[i]
}

// nearness is the cosine of a question's word and a passage's word, each
// read in both its forms (see forms): the greatest of the cosines that
// compare at least one of them in its first form. (Comparing the two other
// forms too did about as well on the development sets, a little worse with
// the distractors; pairing a word with its stem's most frequent word,
// which is often the word itself, instead of the most frequent other one
// did worse.)
func (ix *Index) nearness(t nearTerm, w *nearWord) float64 {
	c := ix.words.Cosine(t.id, w.id)
	if t.other >= 0 {
		c = max(c, ix.words.Cosine(t.other, w.id))
	}
	if w.other >= 0 {
		c = max(c, ix.words.Cosine(t.id, w.other))
	}
	return c
}

// nearWord is what the near-word ranking knows of a passage's word.
type nearWord struct {
	stem  string
	id    int // its vector's number (see forms), or -1
	other int // its other form's number (see forms), or -1
	stop  bool
	// near holds its nearness to each of the search's question words,
	// NaN until computed.
	near []float64
}

// candidates returns the ids of the dense and lexical rankings'
// candidates in the order their fusion gives.
func candidates(dense, lex []scored) []string {
	fused := fuse(dense, lex, nil, 1, 0)
	out := make([]string, len(fused))
	for i, f := range fused {
		out[i] = f.id
	}
	return out
}

// loadChunks reads the chunks of ids that loaded lacks into it (a new map
// if nil) and returns it. The caller holds mu for reading.
func (ix *Index) loadChunks(ctx context.Context, ids []string, loaded map[string]Chunk) (map[string]Chunk, error) {
	if loaded == nil {
		loaded = make(map[string]Chunk, len(ids))
	}
	for _, id := range ids {
		if _, ok := loaded[id]; ok {
			continue
		}
		c, err := ix.dense.chunk(ctx, id)
		if err != nil {
			return nil, fmt.Errorf("load %w", err)
		}
		loaded[id] = c
	}
	return loaded, nil
}
