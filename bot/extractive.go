package bot

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"unicode"

	"github.com/summitbot/summitbot/retrieval"
)

// maxExtractSentences is how many sentences an extractive answer quotes.
const maxExtractSentences = 3

// quote is a sentence an extractive answer or summary quotes.
type quote struct {
	hit  int // index into the hits of the passage it comes from
	text string
}

type candidate struct {
	quote
	score float64
	stems map[string]bool
}

// answerExtractive answers without a model from what retrieve found: the
// not-found rule first, then quoted sentences. It is the offline answer and
// the fallback when the model fails.
func (e *Engine) answerExtractive(ans Answer, r retrieved) Answer {
	ans.Mode = ModeExtractive
	if !r.rel.found(e.opts.MinCoverage) {
		return notFound(ans, r.lang)
	}
	text, cites := quoteList("From the loaded sources:", extractive(r.question, r.hits, r.rel.weights), r.hits)
	return grounded(ans, r.lang, text, cites)
}

// extractive selects the sentences of the retrieved passages that best match
// the question's (IDF-weighted) terms, best first: the answer without a model.
// It returns none when no sentence shares a term with the question.
func extractive(question string, hits []retrieval.Hit, weights map[string]float64) []quote {
	q := contentStems(question)
	var total float64
	for st := range q {
		total += weightOf(weights, st)
	}
	if total == 0 {
		return nil
	}
	quantity := quantityRe.MatchString(question)
	want := expectedAnswer(question)
	var cands []candidate
	for i, h := range hits {
		for _, sp := range retrieval.Sentences(h.Chunk.Text) {
			s := strings.TrimSpace(h.Chunk.Text[sp.Start:sp.End])
			if !prose(s) || len([]rune(s)) < 25 {
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
			if want != nil && want(s) {
				score += answerTypeBonus
			}
			if quantity && statesQuantity(s, q) {
				// "How many troops?" is answered by "15,000 to 20,000 troops",
				// not by the sentence repeating most of the question's words.
				score += quantityBonus
			}
			cands = append(cands, candidate{quote: quote{hit: i, text: s}, score: score, stems: stems})
		}
	}
	if len(cands) == 0 {
		return nil
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
	out := make([]quote, len(chosen))
	for i, c := range chosen {
		out[i] = c.quote
	}
	return out
}

// quoteList formats quotes as a list under header, each sentence followed by
// the citation of its passage, and grounds the citations (numbering them in
// order of first appearance). It returns "" and no citations when there are
// no quotes.
func quoteList(header string, quotes []quote, hits []retrieval.Hit) (string, []Citation) {
	if len(quotes) == 0 {
		return "", nil
	}
	var b strings.Builder
	for _, q := range quotes {
		fmt.Fprintf(&b, "- %s [%d]\n", q.text, q.hit+1)
	}
	// The header is the caller's text (a topic, a title): it is not searched
	// for citations.
	text, cites := groundCitations(b.String(), hits)
	return header + "\n" + text, cites
}

// quantityRe matches questions that ask for a number.
var quantityRe = regexp.MustCompile(`(?i)\b(how (many|much)|what number of|combien|wie viele|cu[aá]nt[oa]s|quant[io])\b`)

// quantityBonus is added to the score of a sentence that states a quantity of
// what a how-many question asks about.
const quantityBonus = 0.5

// statesQuantity reports whether sentence s gives a number (not a year) shortly
// before one of the question's stems q, as in "15,000 to 20,000 troops".
func statesQuantity(s string, q map[string]bool) bool {
	words := retrieval.Words(retrieval.Fold(s))
	for i, w := range words {
		if !isQuantity(w) || (i > 0 && months[words[i-1]]) || (i+1 < len(words) && months[words[i+1]]) {
			continue // not a number, or the day of a date
		}
		for _, next := range words[i+1 : min(len(words), i+4)] {
			if !isQuantity(next) && q[retrieval.Stem(next)] {
				return true
			}
		}
	}
	return false
}

// numberWords are quantities written out.
var numberWords = map[string]bool{
	"two": true, "three": true, "four": true, "five": true, "six": true, "seven": true, "eight": true,
	"nine": true, "ten": true, "eleven": true, "twelve": true, "fifteen": true, "twenty": true, "thirty": true,
	"forty": true, "fifty": true, "hundred": true, "hundreds": true, "thousand": true, "thousands": true,
	"dozen": true, "dozens": true, "million": true, "millions": true,
}

// months are the folded month names and abbreviations that make a number a day.
var months = map[string]bool{
	"jan": true, "january": true, "feb": true, "february": true, "mar": true, "march": true, "apr": true,
	"april": true, "may": true, "jun": true, "june": true, "jul": true, "july": true, "aug": true, "august": true,
	"sep": true, "sept": true, "september": true, "oct": true, "october": true, "nov": true, "november": true,
	"dec": true, "december": true,
}

// isQuantity reports whether a folded word is a number other than a year.
func isQuantity(w string) bool {
	if numberWords[w] {
		return true
	}
	if strings.IndexFunc(w, unicode.IsDigit) < 0 {
		return false
	}
	year := len(w) == 4 && (strings.HasPrefix(w, "19") || strings.HasPrefix(w, "20")) && strings.IndexFunc(w, func(r rune) bool { return !unicode.IsDigit(r) }) < 0
	return !year
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

// answerTypeBonus favours sentences holding the kind of thing a question asks
// for: a date for "when" (quantities have their own, stricter test).
const answerTypeBonus = 0.3

var (
	dateRe = regexp.MustCompile(`(?i)\b(?:jan(?:uary)?|feb(?:ruary)?|march|april|may|june|july|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|tomorrow|(?:19|20)\d\d)\b`)
)

// expectedAnswer returns a test for sentences that hold the type of answer a
// question asks for, or nil when the question does not ask for a date.
func expectedAnswer(question string) func(sentence string) bool {
	q := " " + strings.ToLower(retrieval.Fold(question)) + " "
	for _, p := range []string{" when ", " what date ", " which date ", " what day ", " which day ", " what year "} {
		if strings.Contains(q, p) {
			return dateRe.MatchString
		}
	}
	return nil
}
