package retrieval

import (
	"regexp"
	"strings"
	"unicode"
)

// A question that asks for a number ("how many", "what sum") or a date
// ("when", "on which day") is answered by a passage that gives one: among
// passages that match the question about as well, those holding a figure or
// a date rank higher. It is a prior on the ranking, not a filter: a passage
// without one still ranks if it matches much better. (The answer step checks
// the asked type properly, per sentence and near the question's words; this
// only decides which passages it gets to read.)

// asked is the kind of answer a question asks for, as far as search cares.
type asked int

const (
	askedOther    asked = iota
	askedQuantity       // how many, how much, what number / sum / size
	askedDate           // when, on which day, in what year
)

// askedBoost is how much more a passage that holds the asked kind of answer
// weighs in the fused ranking (its score times 1 + askedBoost). Measured on
// the development sets: 0.25, 0.5 and 1 raised MRR on the answer-types and
// paraphrase development sets and lost no answer at 0.5; at 1, one
// unanswerable answer-types question was answered with the distractors.
const askedBoost = 0.5

var (
	askedQuantityRe = regexp.MustCompile(`(?i)\b(?:how (?:many|much|large|big|long)|(?:what|which) (?:number|size|sum|amount|headcount|total|share|proportion|percentage|figure|cost|price)|number of)\b`)
	askedDateRe     = regexp.MustCompile(`(?i)(?:^|[,;:]\s*|\b(?:and|but|so|since|until)\s+)when\b|\b(?:what|which) (?:day|date|year|month)\b|\bon what\b`)
)

// askedOf reads which kind of answer an English question asks for; a
// quantity question about a date ("how many days") asks for a quantity.
func askedOf(question string) asked {
	switch {
	case askedQuantityRe.MatchString(question):
		return askedQuantity
	case askedDateRe.MatchString(strings.TrimSpace(question)):
		return askedDate
	}
	return askedOther
}

// heldBy reports whether text holds an answer of kind a: a figure other than
// a bare year for a quantity, a month, weekday or year for a date.
func (a asked) heldBy(text string) bool {
	if a == askedOther {
		return false
	}
	prev := ""
	for f := range strings.FieldsFuncSeq(text, notWordOrDigit) {
		w := strings.TrimRight(strings.ToLower(f), ".,")
		switch {
		case a == askedQuantity && (isNumeral(w) && !isYear(w) || numberWords[w]):
			return true
		case a == askedDate && (isYear(w) || dateWords[w] || dayOfMay(prev, w)):
			return true
		}
		prev = w
	}
	return false
}

// notWordOrDigit splits text into words and numerals ("21.8" and "800,000"
// stay whole; heldBy trims the stops and commas that end them).
func notWordOrDigit(r rune) bool {
	return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '.' && r != ','
}

// isNumeral reports whether w is digits, maybe with decimal or thousands
// separators.
func isNumeral(w string) bool {
	if w == "" || w[0] < '0' || w[0] > '9' {
		return false
	}
	for _, r := range w {
		if (r < '0' || r > '9') && r != '.' && r != ',' {
			return false
		}
	}
	return true
}

// isYear reports whether w is a year from 1800 to 2099.
func isYear(w string) bool {
	if len(w) != 4 || !isNumeral(w) || strings.ContainsAny(w, ".,") {
		return false
	}
	return strings.HasPrefix(w, "18") || strings.HasPrefix(w, "19") || strings.HasPrefix(w, "20")
}

// dayOfMay reports whether two adjacent words are a day of May ("8 may",
// "may 8"): alone, "may" is mostly the verb.
func dayOfMay(prev, w string) bool {
	day := func(s string) bool { return len(s) <= 2 && isNumeral(s) }
	return prev == "may" && day(w) || w == "may" && day(prev)
}

// numberWords are the number words that give a figure.
var numberWords = setOf("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
	"eleven", "twelve", "fifteen", "twenty", "thirty", "forty", "fifty", "sixty", "hundred",
	"hundreds", "thousand", "thousands", "million", "millions", "billion", "billions", "dozen", "dozens")

// dateWords are the month and weekday names (and abbreviations) that give
// a date; "may" is checked with its day (dayOfMay).
var dateWords = setOf("january", "february", "march", "april", "june", "july", "august",
	"september", "october", "november", "december", "jan", "feb", "apr", "jun", "jul", "aug",
	"sep", "sept", "oct", "nov", "dec", "monday", "tuesday", "wednesday", "thursday", "friday",
	"saturday", "sunday")

func setOf(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}
