package bot

import (
	"fmt"
	"sort"
	"strings"

	"github.com/summitbot/summitbot/retrieval"
)

// maxExtractSentences is how many sentences an extractive answer quotes.
const maxExtractSentences = 3

type candidate struct {
	hit   int // index into hits
	text  string
	score float64
	stems map[string]bool
}

// extractive builds an answer without a model: the sentences of the retrieved
// passages that best match the question's (IDF-weighted) terms, each quoted
// with its citation.
func extractive(question string, hits []retrieval.Hit, weights map[string]float64) (string, []Citation) {
	q := contentStems(question)
	var total float64
	for st := range q {
		total += weightOf(weights, st)
	}
	if total == 0 {
		return "", nil
	}
	var cands []candidate
	for i, h := range hits {
		for _, sp := range retrieval.Sentences(h.Chunk.Text) {
			s := strings.TrimSpace(h.Chunk.Text[sp.Start:sp.End])
			if isHeadingLike(s) || len([]rune(s)) < 25 {
				continue
			}
			stems := contentStems(s)
			var got float64
			for st := range q {
				if stems[st] {
					got += weightOf(weights, st)
				}
			}
			if got == 0 {
				continue
			}
			// Favour better-ranked passages slightly, and penalise rambling sentences.
			score := got/total + 0.04/float64(i+1) - 0.0002*float64(max(0, len([]rune(s))-300))
			cands = append(cands, candidate{hit: i, text: s, score: score, stems: stems})
		}
	}
	if len(cands) == 0 {
		return "", nil
	}
	sort.SliceStable(cands, func(a, b int) bool { return cands[a].score > cands[b].score })
	chosen := []candidate{cands[0]}
	for _, c := range cands[1:] {
		if len(chosen) == maxExtractSentences {
			break
		}
		if c.score < 0.6*cands[0].score {
			break
		}
		dup := false
		for _, o := range chosen {
			if jaccard(c.stems, o.stems) > 0.5 {
				dup = true
				break
			}
		}
		if !dup {
			chosen = append(chosen, c)
		}
	}
	var b strings.Builder
	b.WriteString("From the loaded sources:\n")
	for _, c := range chosen {
		fmt.Fprintf(&b, "- %s [%d]\n", c.text, c.hit+1)
	}
	return groundCitations(b.String(), hits)
}

func weightOf(weights map[string]float64, stem string) float64 {
	if w, ok := weights[stem]; ok {
		return w
	}
	return 1
}

func jaccard(a, b map[string]bool) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	inter := 0
	for w := range a {
		if b[w] {
			inter++
		}
	}
	return float64(inter) / float64(len(a)+len(b)-inter)
}
