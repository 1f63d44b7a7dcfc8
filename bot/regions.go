package bot

// compassAdjectives name a part of a country before its name, in lower
// case ("western Ukraine"; "Western allies" is the West).
var compassAdjectives = map[string]bool{"western": true, "eastern": true, "northern": true, "southern": true, "central": true,
	"northeastern": true, "northwestern": true, "southeastern": true, "southwestern": true}

// regions returns the spans of a sentence's regions of a country: a compass
// adjective in lower case before a name ("western" of "western Ukraine":
// the name may be the question's own), or the point after "in the" ("in
// the east").
func regions(toks []token) []span {
	var out []span
	for i, t := range toks {
		switch {
		case !t.capital && compassAdjectives[t.fold] && i+1 < len(toks) && toks[i+1].capital:
			out = append(out, span{i, i + 1})
		case i >= 2 && !t.capital && toks[i-2].fold == "in" && toks[i-1].fold == "the" && compassPoints[t.fold]:
			out = append(out, span{i, i + 1})
		}
	}
	return out
}

// compassPoints are the parts of a country "in the east" names.
var compassPoints = map[string]bool{"east": true, "west": true, "north": true, "south": true}
