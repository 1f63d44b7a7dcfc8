package bot

// countries groups the names, short forms, adjectives and capitals that
// news uses for one country (stems), so that a question about "British aid"
// matches "UK government figures" and one about "Kyiv" matches "Ukraine".
// Ordinary knowledge of the countries European security news names most,
// not the articles'.
var countries = [][]string{
	{"uk", "u.k", "britain", "british", "london", "brit"},
	{"us", "u.s", "usa", "america", "american", "washington"},
	{"franc", "french", "pari"},
	{"germani", "german", "berlin"},
	{"russia", "russian", "moscow", "kremlin"},
	{"ukrain", "ukrainian", "kyiv", "kiev"},
	{"itali", "italian", "rome"},
	{"poland", "polish", "warsaw"},
	{"canada", "canadian", "ottawa"},
	{"turkey", "turkiy", "turkish", "ankara"},
	{"spain", "spanish", "madrid"},
	{"netherland", "dutch", "hagu", "amsterdam"},
	{"belgium", "belgian", "brussel"},
	{"sweden", "swedish", "stockholm"},
	{"finland", "finnish", "helsinki"},
	{"norway", "norwegian", "oslo"},
	{"denmark", "danish", "copenhagen"},
	{"china", "chines", "beij"},
	{"czech", "pragu"},
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
