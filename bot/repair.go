package bot

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/summitbot/summitbot/retrieval"
)

// This file repairs the citations of a model's text before they are
// grounded (citations.go): every claim's citation must support it
// (support.go). A claim whose citations do not is re-cited to the smallest
// set of passages that do; a claim no passage supports is removed, and the
// answer ends with a line counting the claims left out.

// repaired is the outcome of repairing a text's citations.
type repaired struct {
	// text is the repaired text, citing passages by their numbers.
	text string
	// removed counts the claims left out; recited those re-cited.
	removed, recited int
}

// repair checks every claim of text against the passages of c (cited
// [base+1]..[base+len(hits)]) and repairs it: claims that cite passages
// not supporting them are re-cited to the smallest set that does, uncited
// claims with checkable facts are cited the same way, and claims no
// passage supports are removed. Claims without citations or checkable
// facts (a heading, a sentence linking two others) are kept as written.
// Each repair is logged at debug level with the claim and its old and new
// citations.
func (e *Engine) repair(text string, c *checker, base int) repaired {
	var out repaired
	claims := splitClaims(shiftCites(text, -base, len(c.hits)), len(c.hits), c.fc)
	var b strings.Builder
	prev := 0
	for i := range claims {
		cl := &claims[i]
		b.WriteString(text[prev:cl.start])
		prev = cl.end
		sentence := text[cl.start:cl.end]
		cited := make([]int, len(cl.cites))
		for k, n := range cl.cites {
			cited[k] = n - 1
		}
		switch {
		case len(cited) == 0 && len(cl.facts) == 0:
			b.WriteString(sentence)
			continue
		case len(cited) > 0 && c.supports(cl, cited):
			// Drop the citations of passages holding none of the facts.
			keep := cited
			if len(cl.facts) > 0 {
				keep = nil
				for _, i := range cited {
					if c.mask(cl, i) != 0 {
						keep = append(keep, i)
					}
				}
			}
			if len(keep) == len(cited) {
				b.WriteString(sentence)
				continue
			}
			e.logRepair("citation narrowed", cl, cited, keep, base)
			b.WriteString(withCites(sentence, keep, base))
			out.recited++
			continue
		}
		set := c.smallestSupport(cl, cited)
		if set == nil {
			e.log.Debug("claim removed: no passage supports it", "claim", cl.text, "old", numbers(cited, base), "missing", c.missing(cl, seq(len(c.hits))))
			out.removed++
			continue
		}
		e.logRepair("citation repaired", cl, cited, set, base)
		b.WriteString(withCites(sentence, set, base))
		out.recited++
	}
	b.WriteString(text[prev:])
	out.text = tidyRemoved(b.String())
	return out
}

// logRepair logs a claim's change of citations.
func (e *Engine) logRepair(msg string, cl *claim, old, set []int, base int) {
	e.log.Debug(msg, "claim", cl.text, "old", numbers(old, base), "new", numbers(set, base))
}

// numbers writes hit indexes as the citations of a text: "[2][5]".
func numbers(set []int, base int) string {
	var b strings.Builder
	for _, i := range set {
		b.WriteString("[" + strconv.Itoa(base+i+1) + "]")
	}
	return b.String()
}

// shiftCites renumbers text's citations by delta, for splitClaims to read
// them as 1..n; numbers that then fall outside 1..n become 0 (out of range).
func shiftCites(text string, delta, n int) string {
	if delta == 0 {
		return text
	}
	return citeRe.ReplaceAllStringFunc(text, func(m string) string {
		var out []string
		for _, k := range citedNumbers(m) {
			k += delta
			if k < 1 || k > n {
				k = 0
			}
			out = append(out, strconv.Itoa(k))
		}
		// Keep the length: claims are spans of the original text.
		s := "[" + strings.Join(out, ",") + "]"
		return s + strings.Repeat(" ", max(0, len(m)-len(s)))
	})
}

// withCites rewrites a sentence to cite the hits of set: its markers are
// removed and the new ones put before its closing punctuation.
func withCites(sentence string, set []int, base int) string {
	s := strings.TrimRight(tidySpaces(citeRe.ReplaceAllString(sentence, "")), " ")
	end := len(s)
	for end > 0 && strings.ContainsRune(".!?…;:", rune(s[end-1])) {
		end--
	}
	lead := ""
	if strings.HasPrefix(sentence, " ") {
		lead = " "
	}
	return lead + s[:end] + " " + numbers(set, base) + s[end:]
}

// tidyRemoved cleans a text some claims were removed from: list items left
// empty go, and so do runs of blank lines and spaces.
func tidyRemoved(s string) string {
	lines := strings.Split(s, "\n")
	out := lines[:0]
	blank := false
	for _, l := range lines {
		t := strings.TrimSpace(l)
		if t == "-" || t == "*" || t == "•" || (strings.HasSuffix(t, ".") && allDigits(strings.TrimSuffix(t, "."))) {
			continue
		}
		if t == "" {
			if blank || len(out) == 0 {
				continue
			}
			blank = true
		} else {
			blank = false
		}
		out = append(out, strings.TrimRight(l, " "))
	}
	return strings.TrimSpace(strings.Join(out, "\n"))
}

// leftOut holds, by language, the line saying how many statements were
// left out, with %d for the count; English has a singular and a plural.
var leftOut = map[string]string{
	"fr": "Affirmations écartées faute d'appui dans les sources : %d (statements the sources do not support were left out).",
	"de": "Weggelassene Aussagen, die die Quellen nicht stützen: %d (statements the sources do not support were left out).",
	"es": "Afirmaciones omitidas por no estar respaldadas por las fuentes: %d (statements the sources do not support were left out).",
	"it": "Affermazioni omesse perché non supportate dalle fonti: %d (statements the sources do not support were left out).",
	"pt": "Afirmações omitidas por não terem apoio nas fontes: %d (statements the sources do not support were left out).",
	"uk": "Пропущено тверджень, які не підтверджують джерела: %d (statements the sources do not support were left out).",
	"ru": "Опущено утверждений, не подтверждённых источниками: %d (statements the sources do not support were left out).",
	"pl": "Pominięte stwierdzenia bez oparcia w źródłach: %d (statements the sources do not support were left out).",
	"nl": "Weggelaten uitspraken die de bronnen niet ondersteunen: %d (statements the sources do not support were left out).",
}

// leftOutText is the last line of an answer some of whose statements were
// removed, in lang: "2 statements the loaded sources do not support were
// left out."
func leftOutText(lang language, n int) string {
	if f, ok := leftOut[lang.code]; ok {
		return fmt.Sprintf(f, n)
	}
	if n == 1 {
		return "1 statement the loaded sources do not support was left out."
	}
	return fmt.Sprintf("%d statements the loaded sources do not support were left out.", n)
}

// checkAnswer repairs the citations of a model's answer to question (in
// lang) over hits, grounds them, and ends the text with the line counting
// the statements left out. asked are the stems of the question's names
// (relevanceInfo.names). No citation left means "not found" (grounded).
func (e *Engine) checkAnswer(ctx context.Context, out, question string, lang language, hits []retrieval.Hit, asked map[string]bool) (string, []Citation) {
	c := e.newChecker(ctx, question, lang, hits, asked)
	r := e.repair(out, c, 0)
	text, cites := ground(r.text, hits, false, c.quote)
	if r.removed > 0 && len(cites) > 0 {
		text += "\n\n" + leftOutText(lang, r.removed)
	}
	return text, cites
}

// citesAny reports whether text cites one of passages 1..n.
func citesAny(text string, n int) bool {
	for _, k := range citedNumbers(text) {
		if k >= 1 && k <= n {
			return true
		}
	}
	return false
}

// partialMarkerRe matches the beginning of a citation marker: "[", "[1", "[1, ".
var partialMarkerRe = regexp.MustCompile(`^\[\d{0,3}(?:\s*[,;]\s*\d{0,3})*$`)

// draftText is what a reader sees of a reply being streamed: the text
// without its citation markers (and without a marker still being written
// at its end), for the markers are checked, and may change, once the
// reply is complete.
func draftText(s string) string {
	if i := strings.LastIndexByte(s, '['); i >= 0 && !strings.Contains(s[i:], "]") && partialMarkerRe.MatchString(s[i:]) {
		s = s[:i]
	}
	return strings.TrimRight(tidySpaces(citeRe.ReplaceAllString(s, "")), " ")
}
