package retrieval

import (
	"cmp"
	"context"
	"fmt"
	"slices"
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
}

// nearFloor is the cosine a passage's word must pass to be near a
// question's word; between it and 1 a near word counts in proportion, up to
// the whole word. (0.4 was the first value tried; 0.5 did about as well on
// the development sets.)
const nearFloor = 0.4

// nearTerm is a question's word as the near-word ranking reads it.
type nearTerm struct {
	stem string
	id   int // its vector's number, or -1 without one
	idf  float64
}

// nearTerms reads the question's words that are not stop words, each once
// by its stem, weighed by how rare the BM25 index finds it.
func (ix *Index) nearTerms(query string, plan *queryPlan) []nearTerm {
	var out []nearTerm
	seen := map[string]bool{}
	for _, w := range Words(Fold(expandAcronyms(query))) {
		st := Stem(w)
		if IsStopword(w) || seen[st] {
			continue
		}
		seen[st] = true
		t := nearTerm{stem: st, id: -1, idf: 1}
		if ts := ix.lex.analyze(w); len(ts) == 1 {
			if df, ok := plan.docFreq(ts[0]); ok {
				t.idf = plan.idf(df)
			}
		}
		if id, ok := ix.words.ID(w); ok {
			t.id = id
		}
		out = append(out, t)
	}
	return out
}

// nearRanking ranks the candidates by the share of the question they hold:
// each question word counts by its idf, wholly if the passage has the word
// (by stem), in part if it has a word near it (see nearFloor). Numbers, and
// names the vectors lack, count only as themselves. Each score is
// multiplied by weight(id), the source's topic weight, as the other
// rankings' are; candidates holding nothing of the question are left out,
// and equal scores keep the order of ids.
func (ix *Index) nearRanking(terms []nearTerm, ids []string, chunks map[string]Chunk, weight func(id string) float64) []scored {
	var total float64
	for _, t := range terms {
		total += t.idf
	}
	if total == 0 {
		return nil
	}
	// Passages share most of their words: each is stemmed and looked up
	// once a search.
	seen := map[string]nearWord{}
	stems := map[string]bool{}
	var out []scored
	for _, id := range ids {
		clear(stems)
		held := ix.held(terms, chunks[id].Text, seen, stems) / total
		if held > 0 {
			out = append(out, scored{id: id, score: held * weight(id)})
		}
	}
	// Equal scores (common: passages holding the same words of the
	// question) keep the order of ids.
	slices.SortStableFunc(out, func(a, b scored) int { return cmp.Compare(b.score, a.score) })
	return out
}

// held is how much of the question text holds: the sum of the idf of each
// question word it has, and of the part of each other word that the
// nearest word it has stands for. seen caches what is known of each word;
// stems, empty, receives the stems of text.
func (ix *Index) held(terms []nearTerm, text string, seen map[string]nearWord, stems map[string]bool) float64 {
	var vecs []int
	for _, w := range Words(Fold(expandAcronyms(text))) {
		nw, ok := seen[w]
		if !ok {
			nw = nearWord{stem: Stem(w), id: -1, stop: IsStopword(w)}
			if id, ok := ix.words.ID(w); ok {
				nw.id = id
			}
			seen[w] = nw
		}
		if nw.stop || stems[nw.stem] {
			continue
		}
		stems[nw.stem] = true
		if nw.id >= 0 {
			vecs = append(vecs, nw.id)
		}
	}
	var held float64
	for _, t := range terms {
		if stems[t.stem] {
			held += t.idf
			continue
		}
		if t.id < 0 {
			continue
		}
		best := nearFloor
		for _, v := range vecs {
			best = max(best, ix.words.Cosine(t.id, v))
		}
		held += t.idf * (best - nearFloor) / (1 - nearFloor)
	}
	return held
}

// nearWord is what the near-word ranking knows of a passage's word.
type nearWord struct {
	stem string
	id   int // its vector's number, or -1
	stop bool
}

// candidates returns the ids of the dense and lexical rankings'
// candidates in the order their fusion gives.
func candidates(dense, lex []scored) []string {
	fused := fuse(dense, lex, nil)
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
