package bot

import (
	"regexp"

	"github.com/summitbot/summitbot/retrieval"
)

// asideRe finds what a question sets aside: "apart from Italy, which two
// nations refused", "other than France and the UK", "besides Germany".
var asideRe = regexp.MustCompile(`(?i)\b(?:apart from|aside from|other than|besides|except(?: for)?|excluding|not counting)\s+((?:the\s+)?[\pL’'.-]+(?:\s+(?:and|or)\s+(?:the\s+)?[\pL’'.-]+)?)`)

// asideFactor is what a sentence's score is multiplied by when it names a
// name the question sets aside: the asker knows about Italy already.
const asideFactor = 0.5

// setAside returns the stems of the names (isName) a question's text sets
// aside (asideRe). They are not asked about: the sentences naming them
// weigh less (asideFactor) and need not be named by the answer.
func setAside(text string, isName map[string]bool) map[string]bool {
	var out map[string]bool
	for _, m := range asideRe.FindAllStringSubmatch(text, -1) {
		for _, w := range retrieval.Words(retrieval.Fold(m[1])) {
			if st := retrieval.Stem(w); isName[st] {
				if out == nil {
					out = map[string]bool{}
				}
				out[st] = true
			}
		}
	}
	return out
}
