package bot

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"github.com/summitbot/summitbot/retrieval"
)

// This file splits a model's answer into claims (its sentences, with the
// [n] markers each carries) and takes from each claim the facts that can be
// checked in the text of a passage: numbers with their units and ranges,
// dates, percentages and amounts of money, names and acronyms, and quoted
// phrases. support.go checks them against passages; repair.go acts on the
// result.

// factKind is what sort of checkable fact a fact is.
type factKind int

const (
	factNumber factKind = iota // a quantity: value, with a unit when one is checked
	factDate                   // a day, month, year or weekday: key
	factName                   // a name or acronym: key is its folded form
	factPhrase                 // a quoted phrase: words are its folded words
)

// fact is one checkable fact of a claim.
type fact struct {
	kind factKind
	// text is the fact as the claim writes it, for the log.
	text string
	// value and unit are a quantity's: unit is "%", a currency sign, a unit
	// of time ("year"), the stem of the noun it counts ("troop"), or "".
	value float64
	unit  string
	// key identifies a date ("d01-07", "m01", "y2026", "wtuesday") or a name.
	key string
	// words are a quoted phrase's folded words.
	words []string
}

// claim is one sentence of an answer with its citations and facts.
type claim struct {
	// start and end are the sentence's bytes in the answer, markers included.
	start, end int
	// text is the sentence without its markers.
	text string
	// cites are the passage numbers its markers give, in order, without
	// repeats; numbers out of range are left out.
	cites []int
	// facts are what can be checked of it.
	facts []fact
}

// factContext is what fact extraction knows beyond the claim: the names of
// the question and the words the passages capitalise.
type factContext struct {
	// names are the folded words the question names (namedWords) and the
	// stems of the rarer words it asks about (relevanceInfo.names).
	names map[string]bool
	// lex holds the words the passages write as names.
	lex lexicon
	// common is the list of ordinary English words, or nil.
	common map[string]bool
	// english: the claims are in English, the passages' language. In
	// another language only numbers (without the nouns they count), dates
	// written with digits and English month names, acronyms and the
	// question's names are checked: its other names, quotes and nouns are
	// translations the passages cannot hold as written.
	english bool
}

// splitClaims returns the claims of text, keeping the citations to
// passages 1..n.
func splitClaims(text string, n int, fc factContext) []claim {
	var out []claim
	for _, sp := range retrieval.Sentences(text) {
		s := text[sp.Start:sp.End]
		c := claim{start: sp.Start, end: sp.End, text: tidySpaces(citeRe.ReplaceAllString(s, ""))}
		for _, k := range citedNumbers(s) {
			if k >= 1 && k <= n {
				c.cites = append(c.cites, k)
			}
		}
		if c.text == "" && len(out) > 0 && out[len(out)-1].end <= sp.Start {
			// Markers alone after a sentence's end belong to that sentence.
			last := &out[len(out)-1]
			last.end = sp.End
			for _, k := range c.cites {
				if !containsInt(last.cites, k) {
					last.cites = append(last.cites, k)
				}
			}
			continue
		}
		c.facts = factsOf(c.text, fc)
		out = append(out, c)
	}
	return out
}

func containsInt(xs []int, x int) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// factsOf returns the checkable facts of a sentence.
func factsOf(s string, fc factContext) []fact {
	var out []fact
	if fc.english {
		out = phrasesOf(quoteStyles.Replace(s))
	}
	toks := tokenize(normaliseUnits(s))
	out = append(out, numbersOf(toks, fc.english)...)
	out = append(out, datesOf(toks)...)
	out = append(out, namesOf(toks, fc)...)
	return dedupeFacts(out)
}

// dedupeFacts drops repeated facts.
func dedupeFacts(fs []fact) []fact {
	seen := map[string]bool{}
	out := fs[:0]
	for _, f := range fs {
		k := strconv.Itoa(int(f.kind)) + "|" + f.key + "|" + f.unit + "|" + strconv.FormatFloat(f.value, 'g', -1, 64) + "|" + strings.Join(f.words, " ")
		if !seen[k] {
			seen[k] = true
			out = append(out, f)
		}
	}
	return out
}

// percentRe and perCentRe find the ways of writing "percent".
var (
	percentRe = regexp.MustCompile(`\s*%`)
	perCentRe = regexp.MustCompile(`(?i)\bper\s+cent\b`)
)

// normaliseUnits writes "%" and "per cent" as the word "percent", so that
// tokens carry them.
func normaliseUnits(s string) string {
	if !strings.Contains(s, "%") && !strings.Contains(strings.ToLower(s), "per") {
		return s
	}
	s = percentRe.ReplaceAllString(s, " percent")
	return perCentRe.ReplaceAllString(s, "percent")
}

// quotedRe matches a phrase in double quotes (any style, after folding),
// in doubled single quotes (”so far”), or in single quotes after a space.
var quotedRe = regexp.MustCompile(`"([^"]+)"|''(.+?)''|(?:^|\s)'([^']+)'(?:[\s.,;:!?]|$)`)

// quoteStyles writes every style of quotation mark as a straight double or
// single quote, as retrieval.Fold does, but keeps the case: tokenize reads
// "U.S." as one word only in capitals, as the passages write it.
var quoteStyles = strings.NewReplacer("“", `"`, "”", `"`, "«", `"`, "»", `"`, "‘", "'", "’", "'", "ʼ", "'")

// phrasesOf returns the quoted phrases of a sentence whose quotes are
// written as quoteStyles writes them.
func phrasesOf(folded string) []fact {
	var out []fact
	for _, m := range quotedRe.FindAllStringSubmatch(folded, -1) {
		p := m[1] + m[2] + m[3]
		var words []string
		for _, t := range tokenize(p) {
			words = append(words, t.fold)
		}
		if len(words) > 0 {
			out = append(out, fact{kind: factPhrase, text: `"` + strings.TrimSpace(p) + `"`, words: words})
		}
	}
	return out
}

// wordValues are numbers written in words; "one" and "a" are left out, as
// they seldom state a quantity.
var wordValues = map[string]float64{
	"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
	"eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
	"eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
	"seventy": 70, "eighty": 80, "ninety": 90,
}

// scaleValues multiply the number before them.
var scaleValues = map[string]float64{
	"hundred": 100, "thousand": 1e3, "k": 1e3, "million": 1e6, "mn": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9, "trillion": 1e12, "dozen": 12,
}

// timeUnits are the units of time whose quantities are checked with them.
var timeUnits = map[string]string{"hour": "hour", "hours": "hour", "day": "day", "days": "day", "week": "week", "weeks": "week",
	"month": "month", "months": "month", "year": "year", "years": "year", "decade": "decade", "decades": "decade"}

// numberAt parses the number that starts at toks[i] (digits in any format,
// or words), with the scale words after it. It returns the value, the index
// after it, the scale applied (1 for none), and false when toks[i] starts no
// number. Years and the days of dates are not numbers here.
func numberAt(toks []token, i int) (float64, int, float64, bool) {
	t := toks[i]
	v, mult := 0.0, 1.0
	j := i + 1
	switch {
	case hasDigit(t.fold):
		if (retrieval.IsYear(t.fold) && t.currency == 0) || (i > 0 && isMonth(toks, i-1)) || (i+1 < len(toks) && isMonth(toks, i+1)) {
			return 0, i, 1, false
		}
		x, scale, ok := parseDigits(t.fold)
		if !ok {
			return 0, i, 1, false
		}
		v, mult = x*scale, scale
		// "15 000": groups of three digits after a space.
		for j < len(toks) && len(toks[j].fold) == 3 && allDigits(toks[j].fold) && allDigits(strings.ReplaceAll(t.fold, ",", "")) && v < 1000 {
			v = v*1000 + mustAtoi(toks[j].fold)
			j++
		}
	case wordValues[t.fold] != 0:
		v = wordValues[t.fold]
		for j < len(toks) && wordValues[toks[j].fold] != 0 && wordValues[toks[j].fold] < 10 && v >= 20 && int(v)%10 == 0 {
			v += wordValues[toks[j].fold] // twenty-five
			j++
		}
	case (t.fold == "a" || t.fold == "one") && i+1 < len(toks) && scaleValues[toks[i+1].fold] != 0 && toks[i+1].fold != "m" && toks[i+1].fold != "k":
		v = 1 // a dozen, one thousand
	default:
		return 0, i, 1, false
	}
	for j < len(toks) && scaleValues[toks[j].fold] != 0 {
		if (toks[j].fold == "m" || toks[j].fold == "k") && !hasDigit(t.fold) {
			break
		}
		v *= scaleValues[toks[j].fold]
		mult *= scaleValues[toks[j].fold]
		j++
	}
	return v, j, mult, true
}

func allDigits(s string) bool {
	return s != "" && strings.IndexFunc(s, func(r rune) bool { return !unicode.IsDigit(r) }) < 0
}

func mustAtoi(s string) float64 {
	n, _ := strconv.Atoi(s)
	return float64(n)
}

// digitsRe is a number as written with digits: thousands separated by
// commas (or dots), a decimal part, a scale or ordinal suffix.
var digitsRe = regexp.MustCompile(`^(\d{1,3}(?:,\d{3})+|\d{1,3}(?:\.\d{3}){2,}|\d+)(?:\.(\d+))?(k|m|mn|bn|st|nd|rd|th)?$`)

// parseDigits parses a folded token such as "15,000", "21.8", "15k", "3bn"
// or "7th", returning its value and the scale of its suffix.
func parseDigits(w string) (float64, float64, bool) {
	m := digitsRe.FindStringSubmatch(w)
	if m == nil {
		return 0, 1, false
	}
	num := strings.NewReplacer(",", "", ".", "").Replace(m[1])
	if m[2] != "" {
		num += "." + m[2]
	}
	v, err := strconv.ParseFloat(num, 64)
	if err != nil {
		return 0, 1, false
	}
	scale := 1.0
	if s, ok := scaleValues[m[3]]; ok {
		scale = s
	}
	return v, scale, true
}

// numbersOf returns the quantities of a sentence's tokens: each number of a
// range ("15,000 to 20,000 troops", "15-20 thousand") with the range's
// scale and unit. The unit is "percent", a currency, a unit of time, or the
// noun right after the number (its stem); vague quantities ("several
// thousand", "dozens") are not facts. Without nouns, the noun a number
// counts is not its unit.
func numbersOf(toks []token, nouns bool) []fact {
	var out []fact
	for i := 0; i < len(toks); i++ {
		v, j, mult, ok := numberAt(toks, i)
		if !ok {
			continue
		}
		vals, mults := []float64{v}, []float64{mult}
		start := i
		for j < len(toks) {
			// "15,000 to 20,000", "15k-20k" (the dash is not a token).
			next := j
			if toks[j].fold == "to" || toks[j].fold == "and" || toks[j].fold == "or" {
				next = j + 1
			}
			if next >= len(toks) {
				break
			}
			v2, j2, m2, ok2 := numberAt(toks, next)
			if !ok2 {
				break
			}
			vals, mults, j = append(vals, v2), append(mults, m2), j2
		}
		// "15 to 20 thousand": the last scale applies to the range.
		if last := len(vals) - 1; last > 0 && mults[last] > 1 {
			for k := range vals[:last] {
				if mults[k] == 1 && vals[k] < 1000 {
					vals[k] *= mults[last]
				}
			}
		}
		unit := unitAt(toks, start, j)
		if !nouns && !isCurrency(unit) && unit != "%" && !isTimeUnit(unit) {
			unit = ""
		}
		for _, x := range vals {
			out = append(out, fact{kind: factNumber, text: rawSpan(toks, start, j), value: x, unit: unit})
		}
		i = j - 1
	}
	return out
}

// unitAt returns the unit of the quantity toks[start:end].
func unitAt(toks []token, start, end int) string {
	for k := start; k < end; k++ {
		if toks[k].currency != 0 {
			return string(toks[k].currency)
		}
	}
	if start > 0 && currencies[toks[start-1].fold] != 0 {
		return string(currencies[toks[start-1].fold])
	}
	if end >= len(toks) {
		return ""
	}
	next := toks[end]
	switch {
	case next.fold == "percent" || next.fold == "percentage":
		return "%"
	case currencies[next.fold] != 0:
		return string(currencies[next.fold])
	case timeUnits[next.fold] != "":
		return timeUnits[next.fold]
	case next.capital || hasDigit(next.fold) || retrieval.IsStopword(next.fold) || !isWord(next.fold):
		return ""
	}
	return unitStem(next.stem)
}

// unitStem is the stem a counted noun is compared by: the first of its
// group of unitSynonyms (answertype.go), so that "20 countries" is checked
// against "20 nations".
func unitStem(stem string) string {
	for _, g := range unitSynonyms {
		for _, w := range g {
			if w == stem {
				return g[0]
			}
		}
	}
	return stem
}

func isWord(w string) bool {
	return w != "" && strings.IndexFunc(w, func(r rune) bool { return !unicode.IsLetter(r) }) < 0
}

func rawSpan(toks []token, start, end int) string {
	words := make([]string, 0, end-start)
	for _, t := range toks[start:end] {
		words = append(words, t.raw)
	}
	return strings.Join(words, " ")
}

// monthNumbers number the folded months.
var monthNumbers = map[string]int{"jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
	"may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9,
	"oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12}

// datesOf returns the dates of a sentence's tokens: a day of a month
// ("January 7", "7 Jan"), a month, a year, a weekday. Relative dates
// ("yesterday", "last week") depend on when an article was written and are
// not facts.
func datesOf(toks []token) []fact {
	var out []fact
	for i, t := range toks {
		switch {
		case isMonth(toks, i):
			m := monthNumbers[t.fold]
			day := 0
			if i+1 < len(toks) && dayOf(toks[i+1].fold) > 0 {
				day = dayOf(toks[i+1].fold)
			} else if i > 0 && dayOf(toks[i-1].fold) > 0 {
				day = dayOf(toks[i-1].fold)
			}
			key := "m" + twoDigits(m)
			if day > 0 {
				key = "d" + twoDigits(m) + "-" + twoDigits(day)
			}
			out = append(out, fact{kind: factDate, text: t.raw, key: key})
		case retrieval.IsYear(t.fold) && t.currency == 0:
			out = append(out, fact{kind: factDate, text: t.raw, key: "y" + t.fold})
		case retrieval.IsWeekday(t.fold):
			out = append(out, fact{kind: factDate, text: t.raw, key: "w" + t.fold})
		}
	}
	return out
}

// dayOf returns the day of the month a folded token gives ("7", "7th"), or 0.
func dayOf(w string) int {
	w = strings.TrimRight(w, "stndrh")
	n, err := strconv.Atoi(w)
	if err != nil || n < 1 || n > 31 {
		return 0
	}
	return n
}

func twoDigits(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// titles are words written with a capital before a name that say what the
// person is, not who: they are not checked.
var titles = map[string]bool{"mr": true, "mrs": true, "ms": true, "dr": true, "sir": true, "gen": true, "prime": true, "vice": true,
	"foreign": true, "defence": true, "defense": true, "deputy": true, "special": true, "senior": true}

// namesOf returns the names and acronyms of a sentence's tokens: words
// written with a capital (the first of the sentence only when the passages
// write it as a name, the question names it, or it is no ordinary word),
// acronyms, and any word the question names. Titles and role nouns
// ("President", "General") are not names, nor are months and weekdays.
func namesOf(toks []token, fc factContext) []fact {
	var out []fact
	for i, t := range toks {
		acronym := len([]rune(t.raw)) >= 2 && strings.ToUpper(t.raw) == t.raw && strings.IndexFunc(t.raw, unicode.IsLetter) >= 0
		if hasDigit(t.fold) || retrieval.IsMonth(t.fold) || retrieval.IsWeekday(t.fold) || (retrieval.IsStopword(t.fold) && !acronym) || titles[t.fold] || roleNouns[t.stem] || len([]rune(t.fold)) < 2 {
			continue
		}
		asked := fc.names[t.fold] || fc.names[t.stem]
		name := asked || acronym
		if !name && t.capital && fc.english {
			switch {
			case !t.initial:
				name = true
			case fc.lex.proper[t.fold]:
				name = true
			case fc.common != nil && !isCommon(fc.common, t.fold):
				name = true
			case i+1 < len(toks) && toks[i+1].capital && !toks[i+1].initial && !retrieval.IsStopword(toks[i+1].fold):
				name = true // "Pierre Dumont said"
			}
		}
		if name {
			out = append(out, fact{kind: factName, text: t.raw, key: strings.ReplaceAll(t.fold, ".", "")})
		}
	}
	return out
}
