package bot

import "regexp"

// spanOfTime reports whether the quantity q counts a length of time ("four
// years of war", "two weeks") that the question, asking a count of unit,
// does not ask for: a count of the dead or of troops is not a duration.
func spanOfTime(toks []token, q quantity, unit map[string]bool) bool {
	if q.money || q.end >= len(toks) {
		return false
	}
	t := toks[q.end]
	return timeUnits[t.fold] != "" && !unit[t.stem]
}

// tollPattern matches the words of a question asking a count of the dead
// without "how many" ("the death toll", "the casualty count").
const tollPattern = `\b(?:death|casualty|body) (?:toll|count)s?\b`

// tollRe matches a question asking a death toll (tollPattern).
var tollRe = regexp.MustCompile(`(?i)` + tollPattern)

// unitOtherwise returns the unit a quantity question counts when it names
// none after "how many": one of another language's nouns (foreignUnit), or
// the dead for a death toll; nil for none.
func unitOtherwise(q string, lang language) map[string]bool {
	if u := foreignUnit(q, lang); u != nil {
		return u
	}
	if !tollRe.MatchString(q) {
		return nil
	}
	u := map[string]bool{}
	for _, s := range unitOf("death") {
		u[s] = true
	}
	return u
}

// countModifiers are the words that may stand between a count and the word
// before it that says what is counted: "more than", "at least", "about".
var countModifiers = map[string]bool{"more": true, "than": true, "fewer": true, "less": true, "at": true, "least": true, "most": true,
	"about": true, "around": true, "nearly": true, "almost": true, "over": true, "some": true, "up": true, "to": true,
	"roughly": true, "approximately": true, "an": true, "estimated": true, "as": true, "many": true}

// unitOf returns the synonym group of a counted stem, or nil.
func unitOf(stem string) []string {
	for _, g := range unitSynonyms {
		for _, s := range g {
			if s == stem {
				return g
			}
		}
	}
	return nil
}
