package retrieval

import (
	"regexp"
	"strings"
)

// usRe matches the United States written as an acronym. Folded to lower case,
// "US" would become the stop word "us" and vanish from both indexes, so it is
// rewritten to "USA" before analysis. The pronoun "us" is kept, but people
// typing in lower case write the country "us" too, where the pronoun cannot
// stand: after "the" ("is the us going to run the checks?") and before a
// hyphen ("us-led").
var usRe = regexp.MustCompile(`\bU\.S\.(?:A\.)?|\bUSA?\b|\b(?:[Tt]he us\b|us-)`)

// expandAcronyms rewrites acronyms that analysis would otherwise lose.
func expandAcronyms(text string) string {
	if !strings.Contains(text, "US") && !strings.Contains(text, "U.S") && !strings.Contains(text, "he us") && !strings.Contains(text, "us-") {
		return text // most texts: the regular expression is much slower
	}
	return usRe.ReplaceAllStringFunc(text, func(m string) string {
		switch {
		case strings.HasSuffix(m, " us"):
			return m[:len(m)-2] + "USA"
		case m == "us-":
			return "USA-"
		}
		return "USA"
	})
}
