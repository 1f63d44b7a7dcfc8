package retrieval

import (
	"regexp"
	"strconv"
	"strings"
)

// numberWordRe matches a number from 21 to 99 spelt as a hyphenated word
// ("twenty-four", "Ninety‑nine"). Split at the hyphen, it would be two
// terms, and "four" finds "four years" anywhere.
var numberWordRe = regexp.MustCompile(`(?i)\b(twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)[-‐‑–](one|two|three|four|five|six|seven|eight|nine)\b`)

// tens and units give the value of the parts numberWordRe matches.
var (
	tens  = map[string]int{"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
	units = map[string]int{"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}
)

// numberFilter is a bleve character filter that writes the hyphenated
// number words numberWordRe matches in digits, as articles mostly write
// them: "twenty-four hours" is indexed and searched as "24 hours". (A number
// of one word, "thirty", stays a word; the thesaurus relates it to its
// digits.)
type numberFilter struct{}

// Filter rewrites the number words of input.
func (numberFilter) Filter(input []byte) []byte {
	return numberWordRe.ReplaceAllFunc(input, func(m []byte) []byte {
		sub := numberWordRe.FindSubmatch(m)
		n := tens[strings.ToLower(string(sub[1]))] + units[strings.ToLower(string(sub[2]))]
		return []byte(strconv.Itoa(n))
	})
}
