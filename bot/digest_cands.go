package bot

import (
	"maps"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/summitbot/summitbot/retrieval"
)

// point is a candidate bullet of a digest: one sentence of a source that
// stands on its own, or two when the second points back to the first.
type point struct {
	hit    int    // index of the passage it is quoted from
	source string // the source's id (or the passage's key)
	text   string // verbatim, spacing collapsed
	order  int    // position in its source, for reading order
	terms  map[string]bool
	keys   []string // terms, sorted: sums over them come out the same every time
	// vec is the sorted ids of terms in voc, the vocabulary of the
	// similarity that numbered them (see newSimilarity).
	vec    []int32
	voc    *vocabulary
	facets [numFacets]float64
	facet  facet
	// then is, for a sentence that frames (frames), the point it makes
	// with the sentence after it, which tells what it announces: chosen,
	// it is taken instead.
	then *point

	central, info, rel, score float64
}

// Length bounds of a bullet, in characters: shorter is a fragment, longer
// takes the room of two facts.
const (
	minPointLen = 40
	maxPointLen = 330
)

// datelineRe matches a dateline that opens a sentence: "PARIS — ",
// "January 7, 2026: ", "KYIV, Ukraine (AP) — ".
var datelineRe = regexp.MustCompile(`^(?:[A-Z][A-Z .'-]{2,}(?:, [A-Z][A-Za-z .]+)?(?: \([A-Za-z]+\))? ?[—–-]{1,2} |(?:January|February|March|April|May|June|July|August|September|October|November|December) \d{1,2}, \d{4}: |\d{1,2} (?:January|February|March|April|May|June|July|August|September|October|November|December) \d{4}: )`)

// backRefRe matches the opening of a sentence that points back to the one
// before: a pronoun, a demonstrative, or a connective that needs it.
var backRefRe = regexp.MustCompile(`^(?:they|them|their|this|these|that|those|he|she|it|its|his|her|such|there|both|but|however|yet|still|instead|also|so|thus|together|similarly|likewise|in turn|in addition|at the same time|on the other side|on one side|the move|the step|the decision|the plan|the proposal|the document|the text|the statement|the draft|the measure|the measures|the idea|the latter|the former|the same)\b`)

// bylineRe matches a byline or a social-media post quoted as a line.
var bylineRe = regexp.MustCompile(`^by [A-Z]|\(@\w+\)|^[A-Z][a-z]+ [A-Z][a-z]+ \(@|writers? .* contributed|^\(?(?:photo|image|picture|graphic|caption)s?\b`)

// pointsBack reports whether sentence s opens by pointing back to the
// sentence before it ("They backed…", "This marks…", "He said…").
func pointsBack(s string) bool {
	t := strings.TrimLeft(s, `"“‘'« (`)
	t = strings.TrimLeft(t, `'`)
	t = strings.ToLower(t)
	if backRefRe.MatchString(t) {
		return true
	}
	// "Macron called it…", "…has publicly backed these guarantees": a
	// pronoun or demonstrative among the first words.
	words := strings.Fields(t)
	if len(words) > 6 {
		words = words[:6]
	}
	for _, w := range words[min(1, len(words)):] {
		switch strings.Trim(w, `,.;:"'“”`) {
		case "it", "these", "this", "those", "they", "them", "he", "she":
			return true
		}
	}
	return false
}

// standalone reports whether s can be a bullet by itself, apart from
// pointing back: prose, not a heading, caption, byline, dateline-only line,
// reference-list entry or question, and of a bullet's length.
func standalone(s string) bool {
	n := utf8.RuneCountInString(s)
	if n < minPointLen || n > maxPointLen || !quotable(s) {
		return false
	}
	t := strings.TrimRight(s, `"”’')»]`)
	if strings.HasSuffix(t, ":") || strings.HasSuffix(t, "?") || strings.HasSuffix(t, ",") {
		return false // introduces a list, asks, or is cut
	}
	if bylineRe.MatchString(s) {
		return false
	}
	if r, _ := utf8.DecodeRuneInString(s); unicode.IsLower(r) {
		return false // a list item or a cut sentence
	}
	if strings.Count(s, `"`)%2 == 1 {
		return false // cut inside a quotation
	}
	// Unbalanced curly quotes: the sentence splitter cut inside a quotation.
	return strings.Count(s, "“") == strings.Count(s, "”")
}

// stripDateline removes a dateline opening s ("PARIS — After…" becomes
// "After…"); what remains is still verbatim.
func stripDateline(s string) string {
	if loc := datelineRe.FindStringIndex(s); loc != nil {
		rest := s[loc[1]:]
		if rest != "" {
			return rest
		}
	}
	return s
}

// points returns the candidate bullets of hits, each sentence once (chunks
// overlap): sentences that stand alone, and pairs of a sentence with the
// one after it when the latter points back.
func points(hits []retrieval.Hit, terms func(string) []string) []*point {
	var out []*point
	seen := map[string]bool{}
	for i, h := range hits {
		text := h.Chunk.Text
		spans := retrieval.Sentences(text)
		sents := make([]string, len(spans))
		for k, sp := range spans {
			sents[k] = squash(stripDateline(strings.TrimSpace(text[sp.Start:sp.End])))
		}
		for k, s := range sents {
			key := sourceKey(hits, i) + "\x00" + s
			if seen[key] {
				continue
			}
			p := s
			if pointsBack(s) {
				// Taken only with the sentence it points back to, when that one
				// stands alone and both fit one bullet. The first sentence of a
				// chunk waits for the overlapping chunk before, which holds its
				// antecedent.
				if k == 0 {
					continue
				}
				seen[key] = true
				prev := sents[k-1]
				p = prev + " " + s
				sameParagraph := !strings.Contains(text[spans[k-1].End:spans[k].Start], "\n")
				if !sameParagraph || !standalone(prev) || pointsBack(prev) || !quotable(s) || utf8.RuneCountInString(p) > maxPointLen+60 {
					continue
				}
			} else {
				seen[key] = true
				if !standalone(s) {
					continue
				}
				if frames(s) {
					// No bullet by itself: it leads into the sentence after
					// it when that one tells what it announces. The last
					// sentence of a chunk waits for the chunk after, which
					// holds that one.
					if k+1 == len(sents) {
						delete(seen, key)
						continue
					}
					pair, ok := framed(s, sents, spans, text, k)
					if !ok {
						continue
					}
					if pointsBack(sents[k+1]) {
						seen[sourceKey(hits, i)+"\x00"+sents[k+1]] = true // taken here
					}
					lead, full := newPoint(hits, i, k, s, terms), newPoint(hits, i, k, pair, terms)
					lead.then = full
					out = append(out, lead, full)
					continue
				}
			}
			out = append(out, newPoint(hits, i, k, p, terms))
		}
	}
	return out
}

// newPoint is the candidate bullet text, quoted from sentence k of hit i
// on.
func newPoint(hits []retrieval.Hit, i, k int, text string, terms func(string) []string) *point {
	pt := &point{hit: i, source: sourceKey(hits, i), text: text, order: hits[i].Chunk.Position*1000 + k}
	pt.terms = termSet(terms(text))
	pt.keys = slices.Sorted(maps.Keys(pt.terms))
	pt.facets = facetScores(text)
	pt.facet = bestFacet(pt.facets)
	return pt
}

// squash collapses runs of white space, line breaks included, to one space.
func squash(s string) string { return strings.Join(strings.Fields(s), " ") }

// termList is p's terms in order. Floating-point sums depend on the order
// of their terms, and a map's is random: summed over the map, two equal
// scores could differ in their last digit and break a tie one way or the
// other from run to run.
func (p *point) termList() []string {
	if len(p.keys) == len(p.terms) {
		return p.keys
	}
	return slices.Sorted(maps.Keys(p.terms))
}
