package retrieval

import "sort"

// RRFConstant is the k of reciprocal rank fusion: score = Σ 1/(k + rank).
// Each ranking had at most 40 candidates when it was chosen (now at least
// 80, see minCandidates), so a k as large as the customary 60 would make
// its first and its last nearly equal (1/61 against 1/100), and a passage
// both rankings find middling would outrank one that either ranks first:
// with 10, a first place weighs 1/11 against the fortieth's 1/50. (On the
// development, held-out and paraphrase check sets, 10 did at least as well
// as 60 everywhere, and better on paraphrases.)
const RRFConstant = 10

// ranked is one candidate with its rank (from 1) in each list it appears in.
type ranked struct {
	id        string
	denseRank int // 0 if absent
	lexRank   int // 0 if absent
	dense     float64
	lex       float64
	near      float64 // its near-word score (see nearRanking), 0 if absent
	score     float64
}

// denseWeight is how much a dense place weighs in a hybrid search's fusion
// with the near-word ranking, against a BM25 place's 1. The local
// embedder's vectors hash words, so a question worded away from the
// articles finds its passage by the near words and BM25's related words
// rather than by them (a dense place past the 30th for most of the
// development questions still missed at stop 31). Measured at stop 31
// (development sets, built-in / distractors): mean MRR 0.803 / 0.804 at 1,
// 0.804 / 0.806 at 0.85, 0.805 / 0.807 at 0.7 (three more questions in the
// top 5 with the distractors, three answers gained and two lost), 0.806 /
// 0.803 at 0.5. (Tried at 0.7 at stop 13, before the near words' rarity and
// the asked kinds, it lost a development question from the top 5.)
const denseWeight = 0.7

// fuse merges a dense, a lexical and a near-word ranking (which may be
// empty) with reciprocal rank fusion, a dense place weighing denseWeight
// and a near-word place nearWeight times a lexical one (see nearTrust).
// The result is sorted by fused score, ties broken by dense rank, then id.
func fuse(dense, lex, near []scored, denseWeight, nearWeight float64) []ranked {
	byID := map[string]*ranked{}
	get := func(id string) *ranked {
		r := byID[id]
		if r == nil {
			r = &ranked{id: id}
			byID[id] = r
		}
		return r
	}
	for i, d := range dense {
		r := get(d.id)
		r.denseRank = i + 1
		r.dense = d.score
		r.score += denseWeight / float64(RRFConstant+i+1)
	}
	for i, l := range lex {
		r := get(l.id)
		r.lexRank = i + 1
		r.lex = l.score
		r.score += 1.0 / float64(RRFConstant+i+1)
	}
	for i, n := range near {
		r := get(n.id)
		r.near = n.score
		r.score += nearWeight / float64(RRFConstant+i+1)
	}
	out := make([]ranked, 0, len(byID))
	for _, r := range byID {
		out = append(out, *r)
	}
	sortFused(out)
	return out
}

// sortFused orders candidates by fused score, ties broken by dense rank, then
// id.
func sortFused(out []ranked) {
	sort.Slice(out, func(i, j int) bool {
		if out[i].score != out[j].score {
			return out[i].score > out[j].score
		}
		ri, rj := rankOr(out[i].denseRank), rankOr(out[j].denseRank)
		if ri != rj {
			return ri < rj
		}
		return out[i].id < out[j].id
	})
}

func rankOr(r int) int {
	if r == 0 {
		return 1 << 30
	}
	return r
}

// scored is an id with a score from one ranking.
type scored struct {
	id    string
	score float64
}

// diversify picks k candidates in order, taking at most perSource from any one
// source while other sources still have candidates; if that leaves fewer than k,
// the skipped candidates fill the remaining places in their original order.
func diversify(cands []ranked, sourceOf func(id string) string, k, perSource int) []ranked {
	if perSource <= 0 {
		perSource = k
	}
	taken := make([]bool, len(cands))
	count := map[string]int{}
	var out []ranked
	for i, c := range cands {
		if len(out) == k {
			break
		}
		s := sourceOf(c.id)
		if count[s] >= perSource {
			continue
		}
		count[s]++
		taken[i] = true
		out = append(out, c)
	}
	for i, c := range cands {
		if len(out) == k {
			break
		}
		if !taken[i] {
			out = append(out, c)
		}
	}
	// Keep fused order for the final list.
	sort.SliceStable(out, func(i, j int) bool { return out[i].score > out[j].score })
	return out
}
