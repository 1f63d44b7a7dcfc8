package bot

import "regexp"

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

// cityRe matches a place question asking which city or town (lower-cased).
var cityRe = regexp.MustCompile(`\b(?:which|what) (?:two |three |\d+ )?(?:[a-z]+ )?(?:city|cities|towns?)\b|\bin which (?:city|town)\b`)

// cityNouns are the place nouns that may name a city ("the capital", "possible
// locations").
var cityNouns = map[string]bool{"citi": true, "capit": true, "locat": true}

// cities returns the spans of a sentence's places (places) that may be a
// city: not a country or its adjective ("Ukrainian soil", "European
// troops"), nor a place noun other than a city's ("the front line",
// "Ukrainian bases"); and the capitals it names, with the names coordinated
// with them ("Kyiv and Odesa"), which passages may not write after a place
// preposition.
func cities(toks []token, lex lexicon) []span {
	var out []span
	for _, s := range places(toks, lex) {
		land, noun := true, s.end-s.start == 1 && !toks[s.start].capital
		for k := s.start; k < s.end; k++ {
			land = land && isLand(toks[k].stem)
		}
		if land || noun && !cityNouns[toks[s.start].stem] {
			continue
		}
		out = append(out, s)
	}
	for i, t := range toks {
		if t.capital && capitals[t.stem] {
			out = append(out, span{i, i + 1})
			if i+2 < len(toks) && (toks[i+1].fold == "and" || toks[i+1].fold == "or") && toks[i+2].capital {
				out = append(out, span{i + 2, i + 3})
			}
		}
	}
	return out
}
