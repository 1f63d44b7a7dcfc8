package ingest

import (
	"regexp"
	"strings"
	"time"
	"unicode"
)

// credit is the metadata a dropped line names (a by-line's authors, a credit
// line's outlet, a time stamp's date). It goes to the source record, never
// into the text.
type credit struct {
	authors   []string
	outlet    string
	published string // YYYY-MM-DD
}

// add fills c's empty fields from o.
func (c *credit) add(o credit) {
	if len(c.authors) == 0 {
		c.authors = o.authors
	}
	if c.outlet == "" {
		c.outlet = o.outlet
	}
	if c.published == "" {
		c.published = o.published
	}
}

// knownOutlets maps news outlets and agencies, lower-case as credit lines
// write them, to the name the source record uses.
var knownOutlets = map[string]string{
	"associated press": "The Associated Press", "the associated press": "The Associated Press", "ap": "The Associated Press",
	"reuters": "Reuters", "thomson reuters": "Reuters", "afp": "AFP", "agence france-presse": "AFP",
	"agence france presse": "AFP", "anadolu agency": "Anadolu Agency", "anadolu": "Anadolu Agency",
	"bbc": "BBC", "bbc news": "BBC News", "the guardian": "The Guardian", "guardian": "The Guardian",
	"the kyiv independent": "The Kyiv Independent", "kyiv independent": "The Kyiv Independent",
	"kyiv post": "Kyiv Post", "the kyiv post": "Kyiv Post", "ukrinform": "Ukrinform", "xinhua": "Xinhua",
	"dw": "DW", "deutsche welle": "DW", "sky news": "Sky News", "euronews": "Euronews", "bloomberg": "Bloomberg",
	"cnn": "CNN", "npr": "NPR", "politico": "Politico", "politico europe": "Politico Europe", "le monde": "Le Monde",
	"france 24": "France 24", "al jazeera": "Al Jazeera", "the new york times": "The New York Times",
	"the washington post": "The Washington Post", "financial times": "Financial Times", "the telegraph": "The Telegraph",
	"the independent": "The Independent", "euromaidan press": "Euromaidan Press", "the economist": "The Economist",
	"ukrainska pravda": "Ukrainska Pravda", "tass": "TASS", "interfax": "Interfax", "interfax-ukraine": "Interfax-Ukraine",
	"dpa": "dpa", "efe": "EFE", "ansa": "ANSA",
}

// outletName returns the record name of a known outlet ("Reuters",
// "Associated Press staff"), or "".
func outletName(s string) string {
	s = strings.ToLower(strings.Trim(strings.TrimSpace(s), ".,;:"))
	for _, suffix := range []string{" staff", " reporters", " writers", " newsroom"} {
		s = strings.TrimSuffix(s, suffix)
	}
	return knownOutlets[s]
}

// outletLine matches an outlet's name alone on a line.
func outletLine(f lineForms) (credit, bool) {
	if o := outletName(f.bare); o != "" {
		return credit{outlet: o}, true
	}
	return credit{}, false
}

// months is a regular expression for month names and abbreviations.
const months = `(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)`

// datePattern matches a written date: "6 January 2026", "January 6, 2026",
// "Jan. 6 2026", "2026-01-06", "06.01.2026".
const datePattern = `(?:\d{1,2}(?:st|nd|rd|th)?\.? ` + months + `\.?,? \d{4}|` + months + `\.? \d{1,2}(?:st|nd|rd|th)?,? \d{4}|\d{4}-\d{2}-\d{2}|\d{1,2}[./]\d{1,2}[./]\d{4})`

var (
	dateRE         = regexp.MustCompile(`(?i)\b` + datePattern + `\b`)
	endsWithDateRE = regexp.MustCompile(`(?i)(?:\b` + datePattern + `|\(\d{4}\)|\b(?:19|20)\d{2})[.)]?$`)
	stampPrefixRE  = regexp.MustCompile(`(?i)^(?:(?:first )?published|updated?|last updated|posted|date|modified)(?: on| at)?\s*:?\s*`)
	stampTokenRE   = regexp.MustCompile(`(?i)^(?:\d{1,2}[:.]\d{2}(?::\d{2})?(?:am|pm|a\.m\.|p\.m\.)?|\d{1,2}(?:am|pm)|am|pm|a\.m\.|p\.m\.|at|on|h|gmt|utc|cet|cest|eet|eest|bst|est|edt|et|pt|pst|ct|cst|msk|kyiv|time|local|(?:gmt|utc)[+-]\d{1,2}(?::?\d{2})?|updated?|last|published|:|\d{1,3}|min|mins|minutes?|hours?|days?|ago|read|(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|urday)?\.?)$`)
)

// dateOnly reports whether s is only a date, perhaps with a time, weekday,
// time zone or a "Published"/"Updated" label, and returns the date as
// YYYY-MM-DD ("" when it cannot be read unambiguously).
func dateOnly(s string) (string, bool) {
	s = stampPrefixRE.ReplaceAllString(strings.TrimSpace(s), "")
	loc := dateRE.FindStringIndex(s)
	if loc == nil {
		return "", false
	}
	rest := s[:loc[0]] + " " + s[loc[1]:]
	for _, tok := range strings.FieldsFunc(rest, func(r rune) bool { return strings.ContainsRune(" ,|·•–—()", r) }) {
		if !stampTokenRE.MatchString(tok) {
			return "", false
		}
	}
	return parseDate(s[loc[0]:loc[1]]), true
}

// timestamp matches a date or time stamp alone on a line.
func timestamp(f lineForms) (credit, bool) {
	if runeCount(f.bare) > 80 {
		return credit{}, false
	}
	d, ok := dateOnly(f.bare)
	return credit{published: d}, ok
}

// ordinalRE matches the suffix of an ordinal day ("6th").
var ordinalRE = regexp.MustCompile(`(\d)(?:st|nd|rd|th)\b`)

// parseDate reads a written date as YYYY-MM-DD. Dotted numeric dates are
// day.month.year, as European sites write them; slashed ones, whose order
// is ambiguous, and anything unreadable give "".
func parseDate(s string) string {
	if t, err := time.Parse("2.1.2006", s); err == nil {
		return t.Format("2006-01-02")
	}
	s = ordinalRE.ReplaceAllString(s, "$1")
	s = strings.Join(strings.Fields(strings.NewReplacer(".", " ", ",", " ").Replace(s)), " ")
	s = strings.Replace(strings.Replace(s, "Sept ", "Sep ", 1), "sept ", "sep ", 1)
	for _, layout := range []string{"2006-01-02", "2 January 2006", "January 2 2006", "2 Jan 2006", "Jan 2 2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.Format("2006-01-02")
		}
		if t, err := time.Parse(layout, titleWord(s)); err == nil {
			return t.Format("2006-01-02")
		}
	}
	return ""
}

// titleWord upper-cases the first letter of every word of s.
func titleWord(s string) string {
	words := strings.Fields(s)
	for i, w := range words {
		r := []rune(strings.ToLower(w))
		r[0] = unicode.ToUpper(r[0])
		words[i] = string(r)
	}
	return strings.Join(words, " ")
}

// bylinePrefixRE matches the start of a by-line.
var bylinePrefixRE = regexp.MustCompile(`(?i)^(?:by|written by|words by|reported by|authors?:|reporter:)\s+`)

// bylineSepRE splits a by-line's names from an outlet or date after them.
var bylineSepRE = regexp.MustCompile(`\s+[|·•–—-]\s+|\s*[|·•]\s*`)

// trailingDateRE matches a date at the end of a by-line's names.
var trailingDateRE = regexp.MustCompile(`(?i),?\s*(?:(?:published|updated)\s+)?\b` + datePattern + `$`)

// byline matches a by-line: "By" and names, perhaps with an outlet or date
// ("By Jane Doe, Reuters", "By Jane Doe | 6 January 2026"), or names without
// "By" before a date ("Jane Doe | 06.01.2026 - Update : 07.01.2026").
func byline(f lineForms) (credit, bool) {
	s := f.bare
	if runeCount(s) > 150 {
		return credit{}, false
	}
	segs := bylineSepRE.Split(s, -1)
	if loc := bylinePrefixRE.FindStringIndex(s); loc != nil {
		segs = bylineSepRE.Split(s[loc[1]:], -1)
	} else if len(segs) < 2 || !allDates(segs[1:]) {
		return credit{}, false
	}
	var c credit
	for i, seg := range segs {
		seg = strings.TrimSpace(seg)
		if i > 0 {
			switch d, isDate := dateOnly(seg); {
			case isDate:
				c.add(credit{published: d}) // the first date is the publication
			case outletName(seg) != "":
				c.outlet = outletName(seg)
			case titleWords(seg, 5):
				c.outlet = seg
			default:
				return credit{}, false
			}
			continue
		}
		if m := trailingDateRE.FindString(seg); m != "" {
			c.published, _ = dateOnly(strings.TrimLeft(m, ", "))
			seg = strings.TrimSpace(strings.TrimSuffix(seg, m))
		}
		var ok bool
		if c.authors, c.outlet, ok = namesAndOutlet(seg); !ok {
			return credit{}, false
		}
	}
	return c, len(c.authors) > 0 || c.outlet != ""
}

// allDates reports whether every one of segs is a date or time stamp.
func allDates(segs []string) bool {
	for _, seg := range segs {
		if _, ok := dateOnly(seg); !ok {
			return false
		}
	}
	return true
}

// namesAndOutlet reads a list of people's names, perhaps with an outlet
// among them ("Jane Doe and Pierre Martin, Reuters"). Place names after "in"
// ("Jane Doe in Kyiv, Ukraine") are dropped. ok is false if anything else is
// in the list.
func namesAndOutlet(s string) (names []string, outlet string, ok bool) {
	s = strings.NewReplacer(" and ", ",", " And ", ",", " AND ", ",", " & ", ",", ";", ",").Replace(s)
	place := false // the previous part ended in a place ("in Kyiv"), which may go on ("Ukraine")
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		if o := outletName(part); o != "" {
			outlet, place = o, false
			continue
		}
		before, _, hasPlace := strings.Cut(part, " in ")
		name, isName := personName(before)
		switch {
		case isName:
			names = append(names, name)
			place = hasPlace
		case place && titleWords(part, 3):
			// "Ukraine" in "Jane Doe in Kyiv, Ukraine"
		default:
			return nil, "", false
		}
	}
	return names, outlet, len(names) > 0 || outlet != ""
}

// nameParticles may appear in lower case inside a person's name.
var nameParticles = map[string]bool{
	"de": true, "da": true, "di": true, "du": true, "der": true, "den": true, "van": true, "von": true,
	"la": true, "le": true, "al": true, "el": true, "bin": true, "ibn": true, "dos": true, "das": true, "ter": true,
}

// notNames are capitalised words that do not start a person's name.
var notNames = map[string]bool{
	"monday": true, "tuesday": true, "wednesday": true, "thursday": true, "friday": true, "saturday": true,
	"sunday": true, "january": true, "february": true, "march": true, "july": true, "september": true,
	"october": true, "november": true, "december": true, "the": true, "a": true, "an": true, "this": true,
	"that": true, "these": true, "those": true, "his": true, "her": true, "their": true, "its": true, "our": true,
	"some": true, "many": true, "all": true, "most": true, "several": true, "each": true, "every": true,
	"no": true, "any": true, "other": true, "more": true, "next": true, "last": true, "late": true, "early": true,
	"end": true, "then": true, "now": true, "far": true, "contrast": true, "comparison": true, "law": true,
	"default": true, "design": true, "mid": true, "midnight": true, "noon": true, "tonight": true,
	"today": true, "tomorrow": true, "yesterday": true, "staff": true,
}

// nameTokenRE matches one capitalised word of a name, or an initial.
var nameTokenRE = regexp.MustCompile(`^(?:\p{Lu}[\p{L}'’-]*|\p{Lu}\.(?:\p{Lu}\.)*)$`)

// personName reports whether s is a person's name of two to five words
// ("Jane Doe", "Ursula von der Leyen", "THOMAS ADAMSON"), returned with
// names in capitals turned into title case.
func personName(s string) (string, bool) {
	words := strings.Fields(s)
	if len(words) < 2 || len(words) > 5 || notNames[strings.ToLower(words[0])] || nameParticles[words[0]] {
		return "", false
	}
	for i, w := range words {
		switch {
		case nameParticles[strings.ToLower(w)] && i > 0:
			words[i] = strings.ToLower(w)
		case !nameTokenRE.MatchString(w):
			return "", false
		case strings.ToUpper(w) == w && strings.ContainsFunc(w, unicode.IsLetter) && !strings.HasSuffix(w, "."):
			words[i] = titleWord(w)
		}
	}
	return strings.Join(words, " "), true
}

// titleWords reports whether s is one to max capitalised words (an
// outlet's or place's name).
func titleWords(s string, max int) bool {
	words := strings.Fields(s)
	if len(words) == 0 || len(words) > max {
		return false
	}
	for _, w := range words {
		if !nameTokenRE.MatchString(w) && !nameParticles[w] {
			return false
		}
	}
	return true
}

// contributorRE matches "… contributed to this report" credit lines.
var contributorRE = regexp.MustCompile(`(?i)^\(?(.{2,250}?) contributed(?: to this (?:report|story|article)| reporting)?(?: from [\p{L} ,.'’-]{2,60})?\.?\)?$`)

// contributorRoleRE matches the people named in a credit line: "Associated
// Press writers", "correspondent".
var contributorRoleRE = regexp.MustCompile(`(?i)^(?:the )?(.*?)\s*\b(?:writers?|reporters?|correspondents?|journalists?|staff|producers?|researchers?)\b`)

// sentenceBreakRE matches the end of a sentence followed by another.
var sentenceBreakRE = regexp.MustCompile(`[.!?…]["”’)]?\s+["“‘(]?[\p{Lu}\d]`)

// contributorCredit matches credit lines for contributing reporters: "AP
// writers X in Berlin and Y in Kyiv contributed to this report." A bare
// "… contributed." needs a role word ("writer") to be a credit.
func contributorCredit(f lineForms) (credit, bool) {
	m := contributorRE.FindStringSubmatch(f.bare)
	if m == nil || sentenceBreakRE.MatchString(m[1]) || !strings.ContainsFunc(m[1], unicode.IsUpper) {
		return credit{}, false
	}
	role := contributorRoleRE.FindStringSubmatch(m[1])
	lower := strings.ToLower(f.bare)
	if role == nil && !strings.Contains(lower, "contributed to this ") && !strings.Contains(lower, "contributed reporting") {
		return credit{}, false
	}
	var c credit
	if role != nil {
		c.outlet = outletName(role[1])
	}
	return c, true
}

// wireRoleRE matches one part of a wire credit: "Reporting by John Irish in
// Paris", "Editing by Alex Richardson".
var wireRoleRE = regexp.MustCompile(`(?i)^(additional |with additional |with )?(reporting|writing|editing|compiled|graphics|fact-checking|research|production|translation|photography|video)(?: and (?:reporting|writing|editing|compiled))? by (.+)$`)

// wireCredit matches wire credits, "(Reporting by X in Paris; Writing by Y;
// Editing by Z)", every part naming only people. Reporters and writers are
// the article's authors.
func wireCredit(f lineForms) (credit, bool) {
	s := strings.TrimSpace(f.bare)
	if runeCount(s) > 300 {
		return credit{}, false
	}
	s = strings.TrimSuffix(s, ".")
	if strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")") {
		s = strings.TrimSuffix(s[1:len(s)-1], ".")
	}
	var c credit
	for _, part := range strings.Split(s, ";") {
		m := wireRoleRE.FindStringSubmatch(strings.TrimSpace(part))
		if m == nil {
			return credit{}, false
		}
		names, _, ok := namesAndOutlet(m[3])
		if !ok {
			return credit{}, false
		}
		if role := strings.ToLower(m[2]); m[1] == "" && (role == "reporting" || role == "writing") {
			c.authors = append(c.authors, names...)
		}
	}
	return c, true
}

// capsLabelRE matches one to three words in capitals.
var capsLabelRE = regexp.MustCompile(`^\p{Lu}[\p{Lu}&/'’-]*(?: \p{Lu}[\p{Lu}&/'’-]*){0,2}$`)

// capsLabel matches a short label in capitals: "WORLD", "LONDON".
func capsLabel(f lineForms) (credit, bool) {
	n := runeCount(f.bare)
	return credit{}, n >= 3 && n <= 30 && capsLabelRE.MatchString(f.bare)
}

// isAlnum reports whether r is a letter or digit.
func isAlnum(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
