package retrieval

import (
	"regexp"
	"strings"
	"unicode"

	"github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/english"
	"golang.org/x/text/unicode/norm"
)

// Fold lower-cases s, strips diacritics and maps typographic quotes and dashes
// to ASCII, so "Élysée’s" and "elysee's" compare equal.
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r == '‘' || r == '’' || r == 'ʼ' || r == '′':
			r = '\''
		case r == '“' || r == '”' || r == '«' || r == '»':
			r = '"'
		case r == '–' || r == '—' || r == '‑' || r == '‐' || r == '−':
			r = '-'
		case r == '\u00a0' || r == '\u202f' || r == '\u2009':
			r = ' '
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// Words splits folded text into word tokens: runs of letters and digits, with
// inner apostrophes, periods and commas in numbers ("15,000", "u.s") kept.
func Words(folded string) []string {
	var out []string
	rs := []rune(folded)
	start := -1
	for i := 0; i <= len(rs); i++ {
		inWord := i < len(rs) && (unicode.IsLetter(rs[i]) || unicode.IsDigit(rs[i]))
		if !inWord && i < len(rs) && start >= 0 && i+1 < len(rs) &&
			(rs[i] == ',' || rs[i] == '.') && unicode.IsDigit(rs[i-1]) && unicode.IsDigit(rs[i+1]) {
			inWord = true // 15,000 or 3.5
		}
		if inWord {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			w := string(rs[start:i])
			w = strings.TrimSuffix(w, "'s")
			out = append(out, w)
			start = -1
		}
	}
	return out
}

// Stem reduces an English word to its Snowball stem.
func Stem(word string) string {
	if len(word) < 4 {
		return word
	}
	env := snowballstem.NewEnv(word)
	english.Stem(env)
	return env.Current()
}

// stopwords are frequent English words that carry little meaning for retrieval.
var stopwords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`a an and are as at be been being but by can could did do does doing done
	for from had has have having he her hers him his how i if in into is it its itself me more my no nor
	not of on once only or other our ours out over own same she should so some such than that the their theirs
	them then there these they this those through to too under until up very was we were what when where which
	while who whom why will with would you your yours also about after again against all am any because before
	below between both during each few further here just s t don now d ll m o re ve y ain isn wasn weren won
	shall may might must said says say tell told ask asked much many ones
	please pls plz thx lol btw tbh imo idk hey hi hello um uh hmm
	whats whos wheres whens hows whys thats theres dont doesnt didnt isnt arent wasnt werent wont cant
	couldnt wouldnt shouldnt hasnt havent hadnt im ive youre theyre`) {
		m[w] = true
	}
	return m
}()

// IsStopword reports whether a folded word is an English stopword.
func IsStopword(w string) bool { return stopwords[w] }

// whContractionRe matches a question word run together with "is" or "are",
// with or without the apostrophe, as people type it: "whats", "what's",
// "wheres", "who're" (not "whose").
var whContractionRe = regexp.MustCompile(`(?i)\b(what|who|where|when|how|why|which)['’]?(s|re)\b`)

// Uncontract writes a question word run together with "is" or "are" out in
// full ("whats the size" → "what is the size"), so that the patterns that
// read what a question asks for see the question word.
func Uncontract(question string) string {
	return whContractionRe.ReplaceAllStringFunc(question, func(m string) string {
		sub := whContractionRe.FindStringSubmatch(m)
		verb := " is"
		if strings.EqualFold(sub[2], "re") {
			verb = " are"
		}
		return sub[1] + verb
	})
}
