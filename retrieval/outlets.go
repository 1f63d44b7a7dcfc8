package retrieval

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// outletCountries maps the stem of the distinctive word of a news outlet's
// name, as a passage writes it capitalised ("Sky News", "Le Monde",
// "Reuters"), to the stem of its country's name or adjective: a question
// asking about "the British broadcaster" or "a French newspaper" is
// answered by a passage naming the outlet, which news seldom calls British
// or French. Ordinary knowledge of the outlets that European security news
// cites most, not the articles'.
var outletCountries = map[string]string{
	"sky": "uk", "bbc": "uk", "itv": "uk", "guardian": "uk", "telegraph": "uk", "reuter": "uk", "economist": "uk",
	"mond": "franc", "figaro": "franc", "afp": "franc",
	"ap": "us", "cnn": "us", "politico": "us", "bloomberg": "us", "axio": "us", "nbc": "us", "cbs": "us", "abc": "us",
	"spiegel": "germani", "dpa": "germani", "bild": "germani", "zdf": "germani", "ard": "germani",
	"anadolu": "turkey", "tass": "russia", "interfax": "russia", "ria": "russia", "ukrinform": "ukrain",
	"ansa": "itali", "corrier": "itali", "repubblica": "itali", "efe": "spain", "pai": "spain",
}

// askedOutletRe matches a question asking which news outlet did something
// ("which British broadcaster", "what TV network", "the French newspaper";
// not "which papers did they sign").
var askedOutletRe = regexp.MustCompile(`(?i)\b(?:which|what)\s+(?:[\pL'’-]+\s+){0,3}(?:broadcasters?|networks?|channels?|newspapers?|dailies|daily|tabloids?|outlets?|agenc(?:y|ies)|wire services?|stations?|publications?)\b|\b(?:broadcasters?|newspapers?|news agenc(?:y|ies)|news outlets?|wire services?|(?:tv|television|news|cable) (?:networks?|channels?|stations?))\b`)

// AsksOutlet reports whether question asks about a news outlet by its kind
// ("which British broadcaster saw the drafts").
func AsksOutlet(question string) bool { return askedOutletRe.MatchString(question) }

// OutletCountry returns the stem of the country of the news outlet whose
// distinctive word has stem stem ("sky": "uk"), and whether it is one.
func OutletCountry(stem string) (string, bool) {
	c, ok := outletCountries[stem]
	return c, ok
}

// namesOutlet reports whether text names a news outlet: a capitalised word
// whose stem is an outlet's (outletCountries).
func namesOutlet(text string) bool {
	for f := range strings.FieldsFuncSeq(text, notWordOrDigit) {
		r, _ := utf8.DecodeRuneInString(f)
		if !unicode.IsUpper(r) {
			continue
		}
		if _, ok := outletCountries[Stem(Fold(f))]; ok {
			return true
		}
	}
	return false
}
