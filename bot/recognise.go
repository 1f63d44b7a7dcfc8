package bot

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/summitbot/summitbot/retrieval"
)

// This file recognises, in a sentence, the things questions ask for:
// quantities (numbers with their units, ranges, amounts of money), dates,
// persons and organisations, places and reasons. Each recogniser returns the
// spans of tokens that hold one, so that an answer can prefer the instance
// closest to the question's words.

// token is one word of a sentence.
type token struct {
	raw      string // as written
	fold     string // folded (retrieval.Fold)
	stem     string // Snowball stem of fold
	capital  bool   // starts with an upper-case letter
	initial  bool   // first word of the sentence or of a quotation or clause after a colon
	comma    bool   // follows a comma, semicolon or other mark within the sentence
	currency rune   // the currency sign it follows (£21.8, €5, $3), or 0
}

// span is the tokens [start, end) of a sentence.
type span struct{ start, end int }

// tokenize splits a sentence into words as retrieval.Words does (runs of
// letters and digits; "15,000" and "3.5" are one word), keeping their case.
func tokenize(s string) []token {
	var out []token
	initial, currency, comma := true, rune(0), false
	rs := []rune(s)
	for i := 0; i < len(rs); {
		r := rs[i]
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			switch {
			case strings.ContainsRune("£€$", r):
				currency = r
			case r == ':' || r == '(' || r == '«' || r == '“' || r == '‘':
				initial = true
			case (r == '"' || r == '\'') && (i == 0 || unicode.IsSpace(rs[i-1]) || (rs[i-1] == r && (i == 1 || unicode.IsSpace(rs[i-2])))):
				initial = true // an opening quote: after a space, or doubled at the start of ''So
			case !unicode.IsSpace(r):
				currency = 0
			}
			if !unicode.IsSpace(r) && r != '\'' && r != '’' {
				comma = true
			}
			i++
			continue
		}
		j := i
		for j < len(rs) {
			c := rs[j]
			if unicode.IsLetter(c) || unicode.IsDigit(c) {
				j++
				continue
			}
			if (c == ',' || c == '.') && j+1 < len(rs) && unicode.IsDigit(rs[j-1]) && unicode.IsDigit(rs[j+1]) {
				j++ // 15,000 or 21.8
				continue
			}
			if c == '.' && j+1 < len(rs) && j-i == 1 && unicode.IsUpper(rs[j-1]) && unicode.IsUpper(rs[j+1]) {
				j++ // U.S., U.K.
				continue
			}
			if (c == '\'' || c == '’') && j+1 < len(rs) && unicode.IsLetter(rs[j+1]) && !(j+2 <= len(rs) && (rs[j+1] == 's' || rs[j+1] == 'S') && (j+2 == len(rs) || !unicode.IsLetter(rs[j+2]))) {
				j++ // don't, Côte d'Ivoire; but not the possessive 's
				continue
			}
			break
		}
		raw := strings.TrimRight(string(rs[i:j]), ".")
		words := []string{raw}
		if i > 0 && (rs[i-1] == '@' || rs[i-1] == '#') {
			words = splitCamel(raw) // @EmmanuelMacron: Emmanuel Macron
		}
		for _, w := range words {
			f := retrieval.Fold(w)
			first, _ := utf8.DecodeRuneInString(w)
			out = append(out, token{raw: w, fold: f, stem: retrieval.Stem(f), capital: unicode.IsUpper(first), initial: initial, currency: currency, comma: comma})
			initial, currency, comma = false, 0, false
		}
		i = j
		// Skip a possessive 's so that "Ukraine's" is "Ukraine".
		if i+1 < len(rs) && (rs[i] == '\'' || rs[i] == '’') && (rs[i+1] == 's' || rs[i+1] == 'S') && (i+2 == len(rs) || !unicode.IsLetter(rs[i+2])) {
			i += 2
		}
	}
	return out
}

// splitCamel splits a handle written in CamelCase into its words.
func splitCamel(s string) []string {
	var out []string
	start := 0
	rs := []rune(s)
	for k := 1; k < len(rs); k++ {
		if unicode.IsUpper(rs[k]) && unicode.IsLower(rs[k-1]) {
			out = append(out, string(rs[start:k]))
			start = k
		}
	}
	return append(out, string(rs[start:]))
}

// relativeDays are words that date an event by themselves.
var relativeDays = map[string]bool{"today": true, "yesterday": true, "tomorrow": true, "overnight": true, "tonight": true}

// periods are the units of time that follow "last", "next" or a number.
var periods = map[string]bool{"week": true, "weeks": true, "month": true, "months": true, "year": true, "years": true, "weekend": true,
	"day": true, "days": true, "hour": true, "hours": true, "decade": true, "decades": true}

// scales multiply the number before them.
var scales = map[string]bool{"hundred": true, "thousand": true, "million": true, "billion": true, "trillion": true, "bn": true, "m": true}

// currencies are the folded words naming money, with the sign of the
// currency ('¤' for others).
var currencies = map[string]rune{"euro": '€', "euros": '€', "eur": '€', "dollar": '$', "dollars": '$', "usd": '$',
	"pound": '£', "pounds": '£', "sterling": '£', "gbp": '£', "hryvnia": '¤', "hryvnias": '¤', "rouble": '¤', "roubles": '¤', "ruble": '¤', "rubles": '¤'}

func hasDigit(w string) bool { return strings.IndexFunc(w, unicode.IsDigit) >= 0 }

// isMonth reports whether toks[i] names a month: a month's name written
// with a capital (not at the start of the sentence) or next to a number, so
// that the verb "may" is not one.
func isMonth(toks []token, i int) bool {
	t := toks[i]
	if !retrieval.IsMonth(t.fold) {
		return false
	}
	nextNum := i+1 < len(toks) && hasDigit(toks[i+1].fold)
	prevNum := i > 0 && hasDigit(toks[i-1].fold)
	if t.fold == "may" || t.fold == "march" || t.fold == "mar" {
		return (nextNum || prevNum) && t.capital
	}
	return t.capital && (!t.initial || nextNum || prevNum)
}

// quantity is a number in a sentence, with whether it is money and in
// which currency ('€', '£', '$'; 0 when unknown).
type quantity struct {
	span
	money    bool
	currency rune
}

// quantities returns the numbers of a sentence other than years and the days
// of dates, each with the scale words and range that go with it ("15,000 to
// 20,000", "£21.8 billion", "several thousand").
func quantities(toks []token) []quantity {
	var out []quantity
	isNum := func(i int) bool {
		t := toks[i]
		if retrieval.IsNumberWord(t.fold) {
			return true
		}
		if !hasDigit(t.fold) {
			return false
		}
		if retrieval.IsYear(t.fold) && t.currency == 0 {
			return false
		}
		return !(i > 0 && isMonth(toks, i-1)) && !(i+1 < len(toks) && isMonth(toks, i+1))
	}
	for i := 0; i < len(toks); i++ {
		if !isNum(i) {
			continue
		}
		q := quantity{span: span{i, i + 1}}
		for q.end < len(toks) {
			t := toks[q.end]
			switch {
			case scales[t.fold] || retrieval.IsNumberWord(t.fold) || (hasDigit(t.fold) && isNum(q.end)):
				q.end++
				continue
			case (t.fold == "to" || t.fold == "and" || t.fold == "or") && q.end+1 < len(toks) && isNum(q.end+1):
				q.end += 2
				continue
			case currencies[t.fold] != 0:
				q.currency = currencies[t.fold]
				q.end++
			}
			break
		}
		for k := q.start; k < q.end && q.currency == 0; k++ {
			q.currency = toks[k].currency
		}
		q.money = q.currency != 0
		if toks[q.start].fold == "several" && q.end == q.start+1 {
			continue // "several" alone counts nothing
		}
		out = append(out, q)
		i = q.end - 1
	}
	return out
}

// hasUnit reports whether the quantity q is of the unit asked: one of unit's
// stems follows it within three words ("15,000 to 20,000 troops", "two U.S.
// envoys") or precedes it, just before or but for words that qualify a
// count ("killed more than 10,000", "troops, about 5,000").
func hasUnit(toks []token, q quantity, unit map[string]bool) bool {
	for k := q.end; k < min(len(toks), q.end+4); k++ {
		if unit[toks[k].stem] {
			return true
		}
	}
	k := q.start - 1
	for k > 0 && countModifiers[toks[k].fold] {
		k-- // "killed more than 10,000"
	}
	return k >= 0 && unit[toks[k].stem]
}

// dates returns the spans that date something: a day and month, a month, a
// year, a weekday, "yesterday", "last week"; with day, only those naming a
// day. With duration ("how long") it returns lengths of time ("four
// years") and the dates that start or end one ("since 2025", "until at
// least 2030"), not others: a date does not say how long something lasted.
func dates(toks []token, duration, day bool) []span {
	if duration {
		return durations(toks)
	}
	var out []span
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		switch {
		case isMonth(toks, i):
			s := span{i, i + 1}
			if i > 0 && hasDigit(toks[i-1].fold) && !retrieval.IsYear(toks[i-1].fold) {
				s.start = i - 1
			}
			for s.end < len(toks) && hasDigit(toks[s.end].fold) && s.end < i+3 {
				s.end++
			}
			if !day || s.start < i || (i+1 < len(toks) && hasDigit(toks[i+1].fold) && !retrieval.IsYear(toks[i+1].fold)) {
				out = append(out, s)
			}
			i = s.end - 1
		case retrieval.IsWeekday(t.fold) || relativeDays[t.fold]:
			out = append(out, span{i, i + 1})
		case day:
		case retrieval.IsYear(t.fold) && t.currency == 0:
			out = append(out, span{i, i + 1})
		case (t.fold == "last" || t.fold == "next" || t.fold == "this" || t.fold == "earlier" || t.fold == "later") && i+1 < len(toks) && periods[toks[i+1].fold]:
			out = append(out, span{i, i + 2})
			i++
		}
	}
	return out
}

// eventNouns are the events a time may be given relative to: "after a
// ceasefire", "once a peace deal is signed".
var eventNouns = map[string]bool{"ceasefir": true, "truce": true, "peac": true, "deal": true, "agreement": true, "settlement": true,
	"war": true, "approv": true, "ratif": true, "vote": true, "elect": true, "summit": true, "talk": true, "sign": true, "fight": true, "armistic": true}

// conditions returns the spans that time something by an event: "after a
// ceasefire", "once a peace agreement is in place", "until the war ends";
// each span is the event's word, so that a question about that event ("when
// will the ceasefire start") is not answered by its own word.
func conditions(toks []token) []span {
	var out []span
	for i, t := range toks {
		if t.fold != "after" && t.fold != "once" && t.fold != "until" && t.fold != "before" && t.fold != "when" {
			continue
		}
		for k := i + 1; k < min(len(toks), i+5); k++ {
			if eventNouns[toks[k].stem] {
				out = append(out, span{k, k + 1})
				break
			}
		}
	}
	return out
}

// durations returns the lengths of time of a sentence and the dates that
// start or end one.
func durations(toks []token) []span {
	var out []span
	for _, s := range dates(toks, false, false) {
		for k := max(0, s.start-3); k < s.start; k++ {
			if f := toks[k].fold; f == "since" || f == "until" || f == "till" || f == "through" {
				out = append(out, s)
				break
			}
		}
	}
	for i := 0; i+1 < len(toks); i++ {
		if (retrieval.IsNumberWord(toks[i].fold) || hasDigit(toks[i].fold)) && periods[toks[i+1].fold] {
			out = append(out, span{i, i + 2})
		}
	}
	return out
}

// roleNouns are words that refer to people by their role; a sentence naming
// "senior leaders and officials" answers "who attended".
var roleNouns = map[string]bool{"leader": true, "offici": true, "minist": true, "presid": true, "envoy": true, "diplomat": true,
	"repres": true, "deleg": true, "particip": true, "head": true, "spokeswoman": true, "spokesman": true, "spokesperson": true,
	"chancellor": true, "secretari": true, "general": true, "ambassador": true, "command": true, "commander": true, "monarch": true, "king": true, "queen": true,
	"governor": true, "senat": true, "lawmak": true, "politician": true, "counterpart": true, "premier": true}

// speechVerbs follow the name of someone speaking.
var speechVerbs = map[string]bool{"said": true, "says": true, "told": true, "added": true, "warned": true, "stressed": true, "urged": true,
	"noted": true, "insisted": true, "argued": true, "described": true, "called": true, "cautioned": true, "announced": true, "wrote": true}

// persons returns the spans naming a person or an organisation: names
// (capitalised words other than the first of a sentence, unless a name
// follows or a verb of speech does), acronyms, and role nouns ("officials").
// A capitalised word used as a place (after "in", "at") or as an adjective
// before a common noun ("European planning") is not one.
func persons(toks []token, lex lexicon) []span {
	var out []span
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if roleNouns[t.stem] && !t.capital {
			out = append(out, span{i, i + 1})
			continue
		}
		if !t.capital || retrieval.IsMonth(t.fold) || retrieval.IsWeekday(t.fold) || hasDigit(t.fold) {
			continue
		}
		j := i + 1
		for j < len(toks) && toks[j].capital && !toks[j].initial && !toks[j].comma && !retrieval.IsMonth(toks[j].fold) {
			j++
		}
		name := span{i, j}
		prev := i - 1
		for prev >= 0 && placeModifiers[toks[prev].fold] {
			prev--
		}
		switch {
		case t.initial && j == i+1 && !(j < len(toks) && speechVerbs[toks[j].fold]) && !lex.proper[t.fold]:
			i = j - 1
			continue // a sentence's first word, alone, and no name
		case prev >= 0 && placePreps[toks[prev].fold]:
			i = j - 1
			continue // "in Paris", "in western Ukraine": a place here
		case j == i+1 && lex.places[t.fold] && !(j < len(toks) && speechVerbs[toks[j].fold]):
			i = j - 1
			continue // a place elsewhere in the passages
		case i >= 2 && (toks[i-1].fold == "and" || toks[i-1].fold == "or") && lex.places[toks[i-2].fold]:
			i = j - 1
			continue // "Kyiv and Odesa"
		case j < len(toks) && !toks[j].capital && !retrieval.IsStopword(toks[j].fold) && !speechVerbs[toks[j].fold] && !roleNouns[toks[j].stem] && !hasDigit(toks[j].fold) && j == i+1 && demonymLike(t.fold):
			i = j - 1
			continue // "European planning": an adjective
		}
		out = append(out, name)
		i = j - 1
	}
	return out
}

// demonymLike reports whether a folded word looks like an adjective of
// nationality (European, Ukrainian, French, British, Turkish, Chinese).
func demonymLike(w string) bool {
	for _, suf := range []string{"an", "ish", "ese", "ch", "ic", "i"} {
		if strings.HasSuffix(w, suf) {
			return true
		}
	}
	return false
}

// placePreps are the prepositions before a place's name.
var placePreps = map[string]bool{"in": true, "at": true, "near": true, "across": true, "inside": true, "outside": true, "into": true,
	"from": true, "to": true, "toward": true, "towards": true, "throughout": true, "around": true, "within": true, "via": true}

// placeModifiers may stand between a place preposition and the place: "in
// western Ukraine", "at the Élysée Palace".
var placeModifiers = map[string]bool{"the": true, "western": true, "eastern": true, "northern": true, "southern": true, "central": true,
	"west": true, "east": true, "north": true, "south": true, "occupied": true, "neighbouring": true, "neighboring": true}

// placeNouns are common nouns that answer "where" by themselves.
var placeNouns = map[string]bool{"border": true, "front": true, "frontlin": true, "region": true, "territori": true, "soil": true, "coast": true,
	"sea": true, "zone": true, "flank": true, "headquart": true, "base": true, "citi": true, "capit": true, "neighbour": true, "neighbor": true,
	"abroad": true, "ground": true, "countri": true, "locat": true, "hub": true}

// lexicon is what the retrieved passages teach about their capitalised
// words (folded).
type lexicon struct {
	// places are the words they use as places: after a place preposition
	// ("in Kyiv", "at the Élysée Palace", "in western Ukraine"), with the
	// names joined to them by "and" or commas ("Kyiv and Odesa").
	places map[string]bool
	// proper are the words they capitalise other than at the start of a
	// sentence: names, even where a sentence starts with one.
	proper map[string]bool
}

// learn returns the lexicon of texts.
func learn(texts []string) lexicon {
	lex := lexicon{places: map[string]bool{}, proper: map[string]bool{}}
	for _, text := range texts {
		for _, sp := range retrieval.Sentences(text) {
			toks := tokenize(text[sp.Start:sp.End])
			for _, s := range placeSpans(toks) {
				for k := s.start; k < s.end; k++ {
					if toks[k].capital {
						lex.places[toks[k].fold] = true
					}
				}
			}
			for _, t := range toks {
				if t.capital && !t.initial && !retrieval.IsStopword(t.fold) {
					lex.proper[t.fold] = true
				}
			}
		}
	}
	return lex
}

// placeSpans returns the capitalised names of a sentence that follow a place
// preposition, and those coordinated with them.
func placeSpans(toks []token) []span {
	var out []span
	for i := 0; i < len(toks); i++ {
		if !placePreps[toks[i].fold] {
			continue
		}
		j := i + 1
		for j < len(toks) && placeModifiers[toks[j].fold] && !toks[j].capital {
			j++
		}
		for j < len(toks) && toks[j].capital && !retrieval.IsMonth(toks[j].fold) && !retrieval.IsWeekday(toks[j].fold) && !roleNouns[toks[j].stem] {
			k := j + 1
			for k < len(toks) && toks[k].capital && !toks[k].comma && !roleNouns[toks[k].stem] {
				k++
			}
			from := j
			for from > i+1 && toks[from-1].fold != "the" && placeModifiers[toks[from-1].fold] {
				from-- // "western Ukraine" is a place of its own
			}
			out = append(out, span{from, k})
			// "Kyiv and Odesa", "Sweden, Turkey, and Belgium".
			if k+1 < len(toks) && (toks[k].fold == "and" || toks[k].fold == "or") && toks[k+1].capital {
				j = k + 1
				continue
			}
			if k < len(toks) && toks[k].comma && toks[k].capital {
				j = k
				continue
			}
			j = k
			break
		}
		i = max(i, j-1)
	}
	return out
}

// places returns the spans of a sentence that say where: names used as
// places in the passages (lex.places), names after a place preposition, and place
// nouns ("the front line", "neighbouring countries").
func places(toks []token, lex lexicon) []span {
	out := placeSpans(toks)
	known := func(i int) bool {
		t := toks[i]
		return t.capital && lex.places[t.fold] && (!t.initial || i+1 == len(toks) || !toks[i+1].capital)
	}
	for i, t := range toks {
		switch {
		case known(i) || placeNouns[t.stem]:
			out = append(out, span{i, i + 1})
		case t.capital && !t.initial && i >= 2 && (toks[i-1].fold == "and" || toks[i-1].fold == "or") && known(i-2):
			out = append(out, span{i, i + 1}) // "Kyiv and Odesa"
		}
	}
	return out
}

// reasonCues are the words that introduce a reason or purpose.
var reasonCues = map[string]bool{"because": true, "due": true, "owing": true, "amid": true, "fear": true, "fears": true, "feared": true,
	"worried": true, "worry": true, "worries": true, "concern": true, "concerns": true, "concerned": true, "risk": true, "risks": true,
	"danger": true, "avoid": true, "prevent": true, "preventing": true, "deter": true, "deterring": true, "reflecting": true, "citing": true,
	"given": true, "aimed": true, "aim": true, "aims": true, "intended": true, "designed": true, "meant": true, "goal": true,
	"purpose": true, "so": true, "since": true, "threat": true, "threatens": true, "hope": true, "hopes": true, "ensure": true, "without": true}

// reasons returns the spans of a sentence's reason cues.
func reasons(toks []token) []span {
	var out []span
	for i, t := range toks {
		if reasonCues[t.fold] && !(t.fold == "since" && i+1 < len(toks) && (retrieval.IsYear(toks[i+1].fold) || isMonth(toks, i+1))) {
			out = append(out, span{i, i + 1})
		}
	}
	return out
}

// undisclosedRe matches sentences saying that a fact was not made public or
// is still undecided: the honest answer when the figure asked is not given.
var undisclosedRe = regexp.MustCompile(`\bnot (?:been |yet )?(?:made public|disclosed|announced|specified|detailed|decided|determined|agreed|revealed|released|published|known)\b|\bremains? (?:to be )?(?:determined|negotiated|decided|worked out|agreed|unclear|open)\b|\bstill (?:being |to be )(?:negotiated|determined|decided|worked out|discussed)\b|\bwithout detailing\b|\bno details\b|\bdid not (?:say|specify|give|detail|disclose)\b|\bdeclined to (?:say|give|specify)\b|\bunclear\b|\bundecided\b|\bunresolved\b`)

// unsettledRe matches a question about what is still undecided or not made
// public ("what hasn't been worked out yet", "what is still open").
var unsettledRe = regexp.MustCompile(`(?i)\b(?:not (?:yet (?:been )?|been )(?:decided|agreed|settled|worked out|determined|resolved|finali[sz]ed|made public|disclosed)|(?:hasn't|haven't|has not|have not|wasn't|weren't) (?:yet )?been (?:decided|agreed|settled|worked out|determined|resolved|finali[sz]ed|made public|disclosed)|still (?:open|unclear|undecided|unresolved|to be (?:decided|determined|worked out|agreed|negotiated))|left (?:open|unresolved|undecided)|unresolved|undecided|open questions?|remains? (?:unclear|open|undecided)|kept (?:secret|quiet))\b`)

// unsettledBoost is how much more a sentence saying something is undecided
// or not public scores for a question asking what is (see unsettledRe).
const unsettledBoost = 2

// undisclosed reports whether a sentence says that something was not made
// public or is still to be decided.
func undisclosed(sentence string) bool {
	return undisclosedRe.MatchString(retrieval.Fold(sentence))
}

// postBoost is how much more a sentence of a social-media post scores for a
// question asking what someone posted (retrieval.AsksPost): the post itself,
// not a sentence about the same meeting, answers it.
const postBoost = 2

// definitionRe matches a question asking what a name is ("What is MNF-U?",
// "what's the EU?"); its group is the name.
var definitionRe = regexp.MustCompile(`(?i)^\s*what(?:'s|’s| is| are| was| does)\s+(?:the\s+|an?\s+)?([\pL\pN][\pL\pN.‑‐-]*(?:\s+[\pL\pN][\pL\pN.‑‐-]*){0,5}?)(?:\s+(?:stand for|mean))?\s*\??\s*$`)

// definitionOf returns, for a question asking what a name written with a
// capital or as an acronym is, a pattern finding a sentence that says what
// it is (on folded text): "known as MNF-U", "MNF-U (…)", "(MNF-U)", "MNF-U
// is a …" (not "MNF-U, the …": "under MNF-U, the government said"); nil for
// another question.
func definitionOf(q string) *regexp.Regexp {
	m := definitionRe.FindStringSubmatch(q)
	if m == nil || !strings.ContainsFunc(m[1], unicode.IsUpper) || retrieval.IsStopword(retrieval.Fold(m[1])) {
		return nil // not "What is the US?": folded, it is the pronoun "us"
	}
	x := regexp.QuoteMeta(retrieval.Fold(m[1]))
	return regexp.MustCompile(`(?:known as|called|dubbed|named)\s+["']?` + x + `\b|\b` + x + `\s*\(|\(\s*` + x + `\s*\)|\b` + x + `\s+(?:is|was|are|were|stands for|means)\s+(?:a|an|the)\s`)
}

// defineBoost is how much more a sentence saying what a name is scores for a
// question asking what it is (definitionOf).
const defineBoost = 2
