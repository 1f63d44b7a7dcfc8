package retrieval

import (
	"regexp"
	"strings"
)

// usRe matches the United States written as an acronym. Folded to lower case,
// "US" would become the stop word "us" and vanish from both indexes, so it is
// rewritten to "USA" before analysis (the pronoun "us" is lower case and kept).
var usRe = regexp.MustCompile(`\bU\.S\.(?:A\.)?|\bUSA?\b`)

// expandAcronyms rewrites acronyms that analysis would otherwise lose.
func expandAcronyms(text string) string {
	if !strings.Contains(text, "US") && !strings.Contains(text, "U.S") {
		return text // most texts: the regular expression is much slower
	}
	return usRe.ReplaceAllString(text, "USA")
}
