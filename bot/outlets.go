package bot

import "regexp"

// outletCountries maps the stem of the distinctive word of a news outlet's
// name, as a sentence writes it capitalised ("Sky News", "Le Monde",
// "Reuters"), to the stem of its country in the countries table: a
// question asking about "the British broadcaster" or "a French paper" by
// its country is answered by a sentence naming the outlet, which news
// seldom calls British or French. Ordinary knowledge of the outlets that
// European security news cites most, not the articles'.
var outletCountries = map[string]string{
	"sky": "uk", "bbc": "uk", "itv": "uk", "guardian": "uk", "telegraph": "uk", "reuter": "uk", "economist": "uk",
	"mond": "franc", "figaro": "franc", "afp": "franc", "libér": "franc", "liber": "franc",
	"ap": "us", "cnn": "us", "politico": "us", "bloomberg": "us", "axio": "us", "nbc": "us", "cbs": "us", "abc": "us",
	"spiegel": "germani", "dpa": "germani", "bild": "germani", "zdf": "germani", "ard": "germani",
	"anadolu": "turkey", "tass": "russia", "interfax": "russia", "ria": "russia", "ukrinform": "ukrain",
	"ansa": "itali", "corrier": "itali", "repubblica": "itali", "efe": "spain", "país": "spain", "pai": "spain",
}

// outletRe matches a question asking about a news outlet by its kind
// ("which British broadcaster", "a French paper", "the UK TV network").
var outletRe = regexp.MustCompile(`(?i)\b(?:broadcasters?|(?:tv|television|news|cable|radio) (?:networks?|channels?|stations?)|networks?|channels?|newspapers?|papers?|dailies|daily|tabloids?|broadsheets?|outlets?|news agenc(?:y|ies)|wire services?|agenc(?:y|ies)|media|publications?)\b`)

// outletOf reports whether the capitalised token stem is the name of a
// news outlet of the country st names (outletCountries, countries).
func outletOf(st, stem string) bool {
	c, ok := outletCountries[stem]
	return ok && (c == st || sameCountry(st, c))
}

// outletBoost is how much more a sentence naming a news outlet
// (outletCountries) scores for a question asking about one (outletRe): "a
// network of military hubs" does not answer "which TV network".
const outletBoost = 2

// namesOutlet reports whether a sentence's tokens name a news outlet.
func namesOutlet(toks []token) bool {
	for _, t := range toks {
		if _, ok := outletCountries[t.stem]; ok && t.capital {
			return true
		}
	}
	return false
}
