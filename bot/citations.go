package bot

import (
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/summitbot/summitbot/retrieval"
)

// citeRe matches one citation group such as [1], [2, 3] or [1][4].
var citeRe = regexp.MustCompile(`\[(\d{1,3}(?:\s*[,;]\s*\d{1,3})*)\]`)

// groundCitations enforces the citation rules on a model's answer: every
// [n] must name one of the passages given (1..len(passages)); others are
// removed. The kept citations are renumbered 1..m in order of first
// appearance, and the returned list carries each cited passage's source and
// the sentence of the passage that best supports the claims citing it.
func groundCitations(text string, passages []retrieval.Hit) (string, []Citation) {
	return ground(text, passages, false, scoredQuote)
}

// groundClaims is groundCitations for a model's text whose claims were
// checked (repair.go): the quote of each citation is the sentence of the
// passage that holds the facts of the claims citing it (factQuote).
func groundClaims(text string, passages []retrieval.Hit) (string, []Citation) {
	return ground(text, passages, false, factQuote)
}

// groundBySource is groundCitations with one number per source: passages of
// the same source (overlapping chunks, or two parts of one article) share a
// number, and the quote is the best sentence of the passages cited.
func groundBySource(text string, passages []retrieval.Hit) (string, []Citation) {
	return ground(text, passages, true, scoredQuote)
}

// ground is groundCitations, numbering by source when bySource is set and
// by passage otherwise; quote picks each citation's quote from a passage
// for the claims citing it.
func ground(text string, passages []retrieval.Hit, bySource bool, quote func(passage, claims string) (string, float64)) (string, []Citation) {
	renum := map[string]int{} // source (or passage) key -> new number
	var cited [][]int         // by new number - 1: the passages cited, in order
	out := citeRe.ReplaceAllStringFunc(text, func(m string) string {
		var kept []string
		for _, f := range strings.FieldsFunc(m[1:len(m)-1], func(r rune) bool { return r == ',' || r == ';' || r == ' ' }) {
			n, err := strconv.Atoi(f)
			if err != nil || n < 1 || n > len(passages) {
				continue
			}
			key := "#" + strconv.Itoa(n-1)
			if bySource {
				key = sourceKey(passages, n-1)
			}
			if _, ok := renum[key]; !ok {
				renum[key] = len(cited) + 1
				cited = append(cited, nil)
			}
			num := renum[key]
			if !slices.Contains(cited[num-1], n) {
				cited[num-1] = append(cited[num-1], n)
			}
			marker := "[" + strconv.Itoa(num) + "]"
			if !slices.Contains(kept, marker) {
				kept = append(kept, marker)
			}
		}
		return strings.Join(kept, "")
	})
	out = tidySpaces(out)
	cites := make([]Citation, len(cited))
	for i, ns := range cited {
		cites[i] = citationFor(i+1, passages, ns, claimsCiting(out, i+1), quote)
	}
	return out, cites
}

// sourceKey identifies the source of passage i: its id, or the passage
// itself when it has none.
func sourceKey(passages []retrieval.Hit, i int) string {
	if id := passages[i].Source.ID; id != "" {
		return id
	}
	return "#" + strconv.Itoa(i)
}

// tidySpaces removes spaces left before punctuation by deleted citations and
// collapses repeated spaces, keeping line breaks.
func tidySpaces(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		l = strings.Join(strings.FieldsFunc(l, func(r rune) bool { return r == ' ' || r == '\t' }), " ")
		for _, p := range []string{" .", " ,", " ;", " :", " !", " ?"} {
			l = strings.ReplaceAll(l, p, p[1:])
		}
		if strings.HasPrefix(lines[i], "  ") || strings.HasPrefix(lines[i], "\t") {
			// Keep list indentation.
			l = "  " + l
		}
		lines[i] = l
	}
	return strings.TrimSpace(strings.Join(lines, "\n"))
}

// claimsCiting returns the sentences of text that cite [n].
func claimsCiting(text string, n int) string {
	marker := "[" + strconv.Itoa(n) + "]"
	var b strings.Builder
	for _, sp := range retrieval.Sentences(text) {
		s := text[sp.Start:sp.End]
		if strings.Contains(s, marker) {
			b.WriteString(s)
			b.WriteByte(' ')
		}
	}
	return b.String()
}

// citationFor is citation n of the source of passages ns (1-based, the
// first giving the source's details); its quote is the sentence of those
// passages that best supports claim, as pick scores them.
func citationFor(n int, passages []retrieval.Hit, ns []int, claim string, pick func(passage, claims string) (string, float64)) Citation {
	h := passages[ns[0]-1]
	quote, best := "", -1.0
	for _, p := range ns {
		q, score := pick(passages[p-1].Chunk.Text, claim)
		if score > best {
			quote, best = q, score
		}
	}
	return Citation{
		N:         n,
		SourceID:  h.Source.ID,
		Title:     h.Source.Title,
		Outlet:    h.Source.Outlet,
		URL:       h.Source.URL,
		Published: h.Source.Published,
		Quote:     strings.Join(strings.Fields(quote), " "),
	}
}

// maxQuote is the longest quote a citation carries, in characters.
const maxQuote = 320

// bestQuote picks the sentence of passage sharing most content words with
// claim (the passage's first sentences when claim is empty), up to maxQuote.
func bestQuote(passage, claim string) string {
	q, _ := scoredQuote(passage, claim)
	return q
}

// scoredQuote is bestQuote with the number of content words the chosen
// sentence shares with claim.
func scoredQuote(passage, claim string) (string, float64) {
	spans := retrieval.Sentences(passage)
	if len(spans) == 0 {
		return clip(passage, maxQuote), 0
	}
	want := contentStems(claim)
	best, bestScore := 0, -1.0
	for i, sp := range spans {
		s := passage[sp.Start:sp.End]
		if !prose(s) {
			continue
		}
		score := 0.0
		for st := range contentStems(s) {
			if want[st] {
				score++
			}
		}
		if score > bestScore {
			best, bestScore = i, score
		}
	}
	quote := passage[spans[best].Start:spans[best].End]
	// Extend with the next sentence while it fits, for context.
	if best+1 < len(spans) {
		ext := passage[spans[best].Start:spans[best+1].End]
		if len([]rune(ext)) <= maxQuote && len([]rune(quote)) < 120 {
			quote = ext
		}
	}
	return clip(quote, maxQuote), bestScore
}

// prose reports whether a sentence may be quoted: it is not empty and not a
// heading. The heading rule is retrieval.IsHeading, the chunker's; it does
// not call an empty line a heading, so emptiness is tested here.
func prose(s string) bool {
	return strings.TrimSpace(s) != "" && !retrieval.IsHeading(s)
}

func clip(s string, n int) string {
	r := []rune(strings.TrimSpace(s))
	if len(r) <= n {
		return string(r)
	}
	cut := string(r[:n])
	if i := strings.LastIndex(cut, " "); i > n/2 {
		cut = cut[:i]
	}
	return cut + "…"
}

// contentStems returns the stems of the non-stopword words of s.
func contentStems(s string) map[string]bool {
	out := map[string]bool{}
	for _, w := range retrieval.Words(retrieval.Fold(s)) {
		if !retrieval.IsStopword(w) {
			out[retrieval.Stem(w)] = true
		}
	}
	return out
}

// citedNumbers lists the distinct [n] numbers in text, ascending.
func citedNumbers(text string) []int {
	seen := map[int]bool{}
	for _, m := range citeRe.FindAllStringSubmatch(text, -1) {
		for _, f := range strings.FieldsFunc(m[1], func(r rune) bool { return r == ',' || r == ';' || r == ' ' }) {
			if n, err := strconv.Atoi(f); err == nil {
				seen[n] = true
			}
		}
	}
	var out []int
	for n := range seen {
		out = append(out, n)
	}
	sort.Ints(out)
	return out
}
