package bot

import (
	"maps"
	"math"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/summitbot/summitbot/retrieval"
)

// Weights of a point's score, and the MMR trade-off.
const (
	weightCentral = 1.0
	weightInfo    = 0.7
	weightTopic   = 1.0
	// mmrLambda is the share of a point's value its redundancy with the
	// points already chosen takes off.
	mmrLambda = 0.7
	// maxOverlap is the similarity above which a point repeats one chosen.
	maxOverlap = 0.4
	// maxOverlapAll is maxOverlap for a summary of everything, whose points
	// do not share a topic's words.
	maxOverlapAll = 0.35
	// weightPassage is the share of a point's topic relevance that its
	// passage's retrieval score makes.
	weightPassage = 0.2
	// weightNotStance scales the topic relevance of a sentence that does
	// not tell what the actor of a stance topic said ("what Kyiv thinks").
	weightNotStance = 0.7
	// topicFloor is the least coverage of a topic a point needs to be used.
	topicFloor = 0.5
	// topicScoreFloor is the least share of the best point's score a point
	// of a topic needs to be used.
	topicScoreFloor = 0.6
	// lengthExp is how strongly shorter bullets are preferred: one message
	// holds more facts in short sentences.
	lengthExp = 0.6
	// lengthExpAll is lengthExp for a summary of everything, which has more
	// facts than room: information per character.
	lengthExpAll = 0.8
	// sameSourceFacetCost is taken off a point's value, in a summary with
	// facets, for each point already chosen from its source under its facet:
	// a facet's second bullet should come from another source if one has
	// something, since one source's two sentences on one matter mostly say
	// it twice.
	sameSourceFacetCost = 0.3
	// weightAnticipated scales the score of a sentence written before the
	// event ("are expected to attend"): a summary tells what happened.
	weightAnticipated = 0.5
)

// anticipationRe matches what a sentence written before an event says of
// it: what is expected, set, scheduled or drafted to happen.
var anticipationRe = regexp.MustCompile(`(?i)\b(?:(?:is|are|was|were) (?:expected|set|due|scheduled|slated|poised|preparing|likely) to|will (?:meet|gather|attend|discuss|convene|hold talks)|ahead of (?:the|a|this|next)|draft (?:declaration|documents?|agreements?|texts?|language|statement)|(?:a|the) (?:separate )?draft (?:states|says|seen|reviewed))\b`)

// anticipates reports whether s was written before the event it tells of.
func anticipates(s string) bool { return anticipationRe.MatchString(s) }

// similarity is the cosine of two term sets weighted by idf, leaving out
// the terms of ignore. Each term has an id, each point the sorted ids of its
// terms and, once asked, its norm, so that a cosine is one merge of two short
// lists: a summary of everything compares thousands of sentences.
type similarity struct {
	idf    map[string]float64
	ignore map[string]bool
	voc    *vocabulary
	// weight is each term id's idf, 0 for the terms of ignore.
	weight []float64
	norms  map[*point]float64
}

// vocabulary numbers the terms of the points a similarity was built for.
type vocabulary struct {
	ids map[string]int32
}

// lookup returns the id of term t, if v (which may be nil) numbers it.
func (v *vocabulary) lookup(t string) (int32, bool) {
	if v == nil {
		return 0, false
	}
	id, ok := v.ids[t]
	return id, ok
}

// without is s leaving out terms as well: a topic's words, which all its
// points share, make none of them repeat another.
func (s similarity) without(terms map[string]bool) similarity {
	ignore := map[string]bool{}
	for t := range s.ignore {
		ignore[t] = true
	}
	for t := range terms {
		ignore[t] = true
	}
	weight := slices.Clone(s.weight)
	for t := range terms {
		if id, ok := s.voc.lookup(t); ok {
			weight[id] = 0
		}
	}
	return similarity{idf: s.idf, ignore: ignore, voc: s.voc, weight: weight, norms: map[*point]float64{}}
}

func newSimilarity(ps []*point) similarity {
	df := map[string]int{}
	for _, p := range ps {
		for t := range p.terms {
			df[t]++
		}
	}
	idf := make(map[string]float64, len(df))
	n := float64(len(ps))
	voc := &vocabulary{ids: make(map[string]int32, len(df))}
	weight := make([]float64, 0, len(df))
	for _, t := range slices.Sorted(maps.Keys(df)) {
		idf[t] = math.Log(1 + n/float64(df[t]))
		voc.ids[t] = int32(len(weight))
		weight = append(weight, idf[t])
	}
	s := similarity{idf: idf, voc: voc, weight: weight, norms: map[*point]float64{}}
	for _, p := range ps {
		p.vec, p.voc = s.vector(p), voc
	}
	return s
}

// vector returns the sorted ids of p's terms that s knows.
func (s similarity) vector(p *point) []int32 {
	if p.voc == s.voc {
		return p.vec
	}
	out := make([]int32, 0, len(p.terms))
	for t := range p.terms {
		if id, ok := s.voc.lookup(t); ok {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return out
}

func (s similarity) norm(a *point) float64 {
	if n, ok := s.norms[a]; ok {
		return n
	}
	n := 0.0
	for _, id := range s.vector(a) {
		w := s.weight[id]
		n += w * w
	}
	n = math.Sqrt(n)
	if s.norms != nil {
		s.norms[a] = n
	}
	return n
}

func (s similarity) cos(a, b *point) float64 {
	va, vb := s.vector(a), s.vector(b)
	dot := 0.0
	for i, j := 0, 0; i < len(va) && j < len(vb); {
		switch {
		case va[i] < vb[j]:
			i++
		case va[i] > vb[j]:
			j++
		default:
			w := s.weight[va[i]]
			dot += w * w
			i++
			j++
		}
	}
	if dot == 0 {
		return 0 // (and no norm is zero)
	}
	return dot / (s.norm(a) * s.norm(b))
}

// centrality rates each point by how much the other sources support it: the
// mean, over the other sources, of its best similarity to one of their
// points. With one source it is the mean of its three best similarities to
// the other points of that source (a degree, as LexRank's). Scaled to 0..1.
func centrality(ps []*point, sim similarity) {
	bySource := map[string][]*point{}
	var order []string
	for _, p := range ps {
		if _, ok := bySource[p.source]; !ok {
			order = append(order, p.source)
		}
		bySource[p.source] = append(bySource[p.source], p)
	}
	// With several sources, each point's dot products with the others are
	// summed term by term over the points holding each term (postings), in
	// the order cos sums them: the same values, without visiting the pairs
	// that share nothing.
	var postings [][]int32
	var srcOf []int
	var dots []float64
	if len(order) > 1 {
		srcIndex := map[string]int{}
		for i, src := range order {
			srcIndex[src] = i
		}
		postings = make([][]int32, len(sim.weight))
		srcOf = make([]int, len(ps))
		for i, p := range ps {
			srcOf[i] = srcIndex[p.source]
			for _, id := range sim.vector(p) {
				postings[id] = append(postings[id], int32(i))
			}
		}
		dots = make([]float64, len(ps))
	}
	best := make([]float64, len(order))
	var touched []int32
	max := 0.0
	for i, p := range ps {
		c := 0.0
		if len(order) > 1 {
			touched = touched[:0]
			for _, id := range sim.vector(p) {
				w := sim.weight[id]
				for _, q := range postings[id] {
					if srcOf[q] == srcOf[i] {
						continue
					}
					if dots[q] == 0 {
						touched = append(touched, q)
					}
					dots[q] += w * w
				}
			}
			clear(best)
			for _, q := range touched {
				if dots[q] != 0 {
					cos := dots[q] / (sim.norm(p) * sim.norm(ps[q]))
					best[srcOf[q]] = math.Max(best[srcOf[q]], cos)
				}
				dots[q] = 0
			}
			for k := range order {
				if k != srcOf[i] {
					c += best[k]
				}
			}
			c /= float64(len(order) - 1)
		} else {
			var sims []float64
			for _, q := range ps {
				if q != p {
					sims = append(sims, sim.cos(p, q))
				}
			}
			sort.Sort(sort.Reverse(sort.Float64Slice(sims)))
			for i := 0; i < len(sims) && i < 3; i++ {
				c += sims[i] / 3
			}
		}
		p.central = c
		max = math.Max(max, c)
	}
	if max > 0 {
		for _, p := range ps {
			p.central /= max
		}
	}
}

var (
	figureRe   = regexp.MustCompile(`\d[\d,.]*|\b(?:several|thousands?|hundreds?|dozens?)\b`)
	nameRe     = regexp.MustCompile(`\s[A-Z][\p{L}’'-]+`)
	decisionRe = regexp.MustCompile(`(?i)\b(?:agreed|signed|announced|pledged|committed|backed|refused|ruled out|warned|will (?:establish|send|lead|deploy|participate)|declaration|binding)\b`)
	speechRe   = regexp.MustCompile(`[“"]|''`)
)

// information rates what a point tells: figures, names, decisions and
// quoted words, from 0 to 1.
func information(s string) float64 {
	v := 0.25*float64(len(figureRe.FindAllStringIndex(s, -1))) +
		0.08*float64(len(nameRe.FindAllStringIndex(s, -1))) +
		0.3*float64(len(decisionRe.FindAllStringIndex(s, -1)))
	if speechRe.MatchString(s) {
		v += 0.1
	}
	return math.Min(1, v)
}

// topicRelevance rates how well a point covers a topic: the idf-weighted
// share of the topic's term groups it holds, and when the topic names
// facets, nothing unless the point is about one of them.
func topicRelevance(p *point, groups []termGroup, facets []facet, sim similarity) float64 {
	if len(facets) > 0 {
		in := false
		for _, f := range facets {
			if p.facets[f] > 0 {
				in = true
			}
		}
		if !in {
			return 0
		}
		if len(groups) == 0 {
			return 1
		}
	}
	total, got := 0.0, 0.0
	for _, g := range groups {
		w := 0.0
		for t := range g.any {
			w = math.Max(w, sim.idf[t])
		}
		for _, ph := range g.phrases {
			for _, t := range ph {
				w = math.Max(w, sim.idf[t])
			}
		}
		if w == 0 {
			w = 1 // no point has it: a rare word
		}
		total += w
		switch {
		case g.holds(p.terms):
			got += w
		case g.holdsRelated(p.terms):
			got += partOfRelated * w
		}
	}
	if total == 0 {
		return 0
	}
	return got / total
}

// passageRelevance rates each hit by its retrieval score as a share of the
// best one's, nil when the hits carry no scores (all of a scope's passages,
// not a search's).
func passageRelevance(hits []retrieval.Hit) []float64 {
	best := 0.0
	for _, h := range hits {
		best = math.Max(best, h.Score)
	}
	if best <= 0 {
		return nil
	}
	out := make([]float64, len(hits))
	for i, h := range hits {
		out[i] = math.Max(0, h.Score) / best
	}
	return out
}

// pickMMR picks points by maximal marginal relevance: the best-scored first,
// then each time the one whose score, less its similarity to those chosen,
// is highest, skipping near repeats and points that do not fit (fits says
// whether the chosen plus one more still fit the message). A point that
// continues one chosen (the sentence and the one after it, which points
// back) takes its place, valued by the room and the new terms the
// continuation adds. spread favours facets not yet covered, for a summary
// of everything.
func pickMMR(ps []*point, sim similarity, limit int, spread bool, fits func([]*point) bool) []*point {
	overlap := maxOverlap
	if spread {
		overlap = maxOverlapAll
	}
	exp := lengthExp
	if spread {
		exp = lengthExpAll
	}
	var chosen []*point
	// used holds the points taken or ruled out; skip is the same for ps, by
	// index, for the loop over every point at every pick.
	used := map[*point]bool{}
	skip := make([]bool, len(ps))
	at := make(map[*point]int, len(ps))
	for i, p := range ps {
		at[p] = i
	}
	use := func(p *point) {
		used[p] = true
		if i, ok := at[p]; ok {
			skip[i] = true
		}
	}
	// A point's similarity to each point chosen, and its length's cost, are
	// asked again at every pick: computed once. sims[j][i] is the cosine of
	// ps[i] and chosen[j].
	// redAll[i] is the largest of ps[i]'s cosines to the points chosen.
	var sims [][]float64
	redAll := make([]float64, len(ps))
	column := func(c *point) []float64 {
		out := make([]float64, len(ps))
		for i, p := range ps {
			if !skip[i] {
				out[i] = sim.cos(p, c)
			}
		}
		return out
	}
	costs := make([]float64, len(ps))
	perFacet := map[facet]int{}
	type sourceFacet struct {
		source string
		facet  facet
	}
	perSourceFacet := map[sourceFacet]int{}
	covered := map[string]bool{}
	for len(chosen) < limit {
		var best *point
		bestVal, bestExt := math.Inf(-1), -1
		for i, p := range ps {
			if skip[i] {
				continue
			}
			ext := extends(p, chosen)
			red := redAll[i]
			if ext >= 0 {
				// Its similarity to the sentence it continues does not count.
				red = 0
				for j := range chosen {
					if j != ext {
						red = math.Max(red, sims[j][i])
					}
				}
			}
			if red > overlap {
				use(p)
				continue
			}
			var cost float64
			if ext >= 0 {
				// Only the continuation takes more room.
				cost = lengthCost(strings.TrimPrefix(p.text, chosen[ext].text), exp)
			} else {
				if costs[i] == 0 {
					costs[i] = lengthCost(p.text, exp)
				}
				cost = costs[i]
			}
			v := (p.score - mmrLambda*red) / cost
			if ext >= 0 {
				// Worth what the continuation adds, not the sentence chosen.
				v *= 0.5 + 0.5*sim.novelty(p, covered)
			}
			if spread {
				if perFacet[p.facet] == 0 && p.facet != facetOther {
					v += 0.6 // each facet first
				}
				v -= 0.1 * float64(perFacet[p.facet])
				v -= sameSourceFacetCost * float64(perSourceFacet[sourceFacet{p.source, p.facet}])
				if p.facet == facetOther {
					v -= 0.6
				}
			}
			if v > bestVal {
				best, bestVal, bestExt = p, v, ext
			}
		}
		if best == nil {
			break
		}
		use(best)
		if best.then != nil {
			// A sentence that frames is taken with the one after it, unless
			// that one repeats a point chosen.
			if used[best.then] || repeats(best.then, chosen, sim, overlap) {
				continue
			}
			best, bestExt = best.then, extends(best.then, chosen)
			use(best)
		}
		next := append(chosen[:len(chosen):len(chosen)], best)
		if bestExt >= 0 {
			next = append(append(chosen[:bestExt:bestExt], best), chosen[bestExt+1:]...)
		}
		if !fits(next) {
			continue
		}
		if bestExt >= 0 {
			perFacet[chosen[bestExt].facet]--
			perSourceFacet[sourceFacet{chosen[bestExt].source, chosen[bestExt].facet}]--
			sims[bestExt] = column(best)
			for i := range redAll {
				redAll[i] = 0
				for j := range sims {
					redAll[i] = math.Max(redAll[i], sims[j][i])
				}
			}
		} else {
			col := column(best)
			sims = append(sims, col)
			for i, v := range col {
				redAll[i] = math.Max(redAll[i], v)
			}
		}
		chosen = next
		perFacet[best.facet]++
		perSourceFacet[sourceFacet{best.source, best.facet}]++
		for t := range best.terms {
			covered[t] = true
		}
	}
	return chosen
}

// repeats reports whether p is more similar than overlap to one of the
// points chosen.
func repeats(p *point, chosen []*point, sim similarity, overlap float64) bool {
	for _, c := range chosen {
		if sim.cos(p, c) > overlap {
			return true
		}
	}
	return false
}

// extends returns the index of the chosen point p continues (p is that
// sentence and the one after it, which points back), or -1.
func extends(p *point, chosen []*point) int {
	for i, c := range chosen {
		if c.source == p.source && len(p.text) > len(c.text) && p.text[len(c.text)] == ' ' && strings.HasPrefix(p.text, c.text) {
			return i
		}
	}
	return -1
}

// novelty is the idf-weighted share of p's terms (less those ignored) that
// covered does not hold: what p adds to the points already chosen, 1 when
// all of it is new.
func (s similarity) novelty(p *point, covered map[string]bool) float64 {
	total, fresh := 0.0, 0.0
	for _, t := range p.termList() {
		if s.ignore[t] {
			continue
		}
		w := s.idf[t]
		total += w
		if !covered[t] {
			fresh += w
		}
	}
	if total == 0 {
		return 0
	}
	return fresh / total
}

// lengthCost is what a bullet's length costs of the message: 1 for a
// sentence of 150 characters, growing as a power (exp) of the length.
func lengthCost(s string, exp float64) float64 {
	return math.Pow(math.Max(80, float64(len([]rune(s))))/150, exp)
}
