package bot

import "slices"

// countries groups the names, short forms, adjectives, people ("Turks"),
// capitals and seats of government ("Kremlin", "Élysée") that news uses for
// one country (stems),
// so that a question about "British aid" matches "UK government figures"
// and one about "Kyiv" matches "Ukraine".
// Ordinary knowledge of the countries European security news names most,
// not the articles'.
var countries = [][]string{
	{"uk", "u.k", "britain", "british", "london", "brit"},
	{"us", "u.s", "usa", "america", "american", "washington"},
	{"franc", "french", "pari", "elyse"},
	{"germani", "german", "berlin"},
	{"russia", "russian", "moscow", "kremlin"},
	{"ukrain", "ukrainian", "kyiv", "kiev"},
	{"itali", "italian", "rome"},
	{"poland", "polish", "pole", "warsaw"},
	{"canada", "canadian", "ottawa"},
	{"turkey", "turkiy", "turkish", "turk", "ankara"},
	{"spain", "spanish", "spaniard", "madrid"},
	{"netherland", "dutch", "hagu", "amsterdam"},
	{"belgium", "belgian", "brussel"},
	{"sweden", "swedish", "swede", "stockholm"},
	{"finland", "finnish", "finn", "helsinki"},
	{"norway", "norwegian", "oslo"},
	{"denmark", "danish", "dane", "copenhagen"},
	{"china", "chines", "beij"},
	{"czech", "czechia", "pragu"},
	{"hungari", "hungarian", "budapest"},
	{"eu", "europ", "european", "brussel"},
}

// sameCountry reports whether two stems name the same country.
func sameCountry(a, b string) bool {
	if a == b {
		return false
	}
	for _, g := range countries {
		ia, ib := false, false
		for _, s := range g {
			ia, ib = ia || s == a, ib || s == b
		}
		if ia && ib {
			return true
		}
	}
	return false
}

// countryMentioned reports whether stems (those of the retrieved passages)
// hold another name of the country that stem names ("turkiy", Türkiye, for
// "turk", the Turks), and records those in variants.
func countryMentioned(stem string, stems func() map[string]bool, variants map[string]bool) bool {
	found := false
	for _, g := range countries {
		if !slices.Contains(g, stem) {
			continue
		}
		for _, s := range g {
			if s != stem && stems()[s] {
				variants[s], found = true, true
			}
		}
	}
	return found
}

// capitals are the stems of countries that name a city: a capital, or the
// seat of a government.
var capitals = map[string]bool{"london": true, "washington": true, "pari": true, "berlin": true, "moscow": true, "kyiv": true,
	"kiev": true, "rome": true, "warsaw": true, "ottawa": true, "ankara": true, "madrid": true, "hagu": true, "amsterdam": true,
	"brussel": true, "stockholm": true, "helsinki": true, "oslo": true, "copenhagen": true, "beij": true, "pragu": true, "budapest": true}

// seats are the stems of countries that name a seat of government.
var seats = map[string]bool{"kremlin": true, "elyse": true}

// isLand reports whether a stem names a country or a union of them, or is
// its adjective ("ukrain", "ukrainian", "european"), not a city.
func isLand(stem string) bool {
	if capitals[stem] || seats[stem] {
		return false
	}
	for _, g := range countries {
		if slices.Contains(g, stem) {
			return true
		}
	}
	return false
}
