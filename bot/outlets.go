package bot

import "github.com/summitbot/summitbot/retrieval"

// outletOf reports whether the capitalised token stem is the name of a
// news outlet of the country st names (retrieval.OutletCountry, countries).
func outletOf(st, stem string) bool {
	c, ok := retrieval.OutletCountry(stem)
	return ok && (c == st || sameCountry(st, c))
}

// outletBoost is how much more a sentence naming a news outlet
// (retrieval.OutletCountry) scores for a question asking about one
// (retrieval.AsksOutlet): "a network of military hubs" does not answer
// "which TV network".
const outletBoost = 2

// namesOutlet reports whether a sentence's tokens name a news outlet.
func namesOutlet(toks []token) bool {
	for _, t := range toks {
		if _, ok := retrieval.OutletCountry(t.stem); ok && t.capital {
			return true
		}
	}
	return false
}
