package bot

import (
	"regexp"
	"strings"
	"unicode"

	"github.com/summitbot/summitbot/retrieval"
)

// This file classifies what a question asks for (its answer type); parts.go
// splits a question of two parts into its parts. Extractive answers choose
// sentences holding the asked type (recognise.go), and the not-found rule
// (relevance.go) refuses a question whose type no retrieved sentence holds
// for the thing asked about.

// answerKind is the kind of thing a question asks for.
type answerKind int

const (
	kindAny      answerKind = iota // nothing in particular: "what did Merz say?"
	kindQuantity                   // how many, how much, how large
	kindDate                       // when, what date, how long
	kindPerson                     // who, which leader or organisation
	kindPlace                      // where, which city
	kindReason                     // why
	kindYesNo                      // did, is, will ...
)

var kindNames = [...]string{"any", "quantity", "date", "person", "place", "reason", "yes/no"}

func (k answerKind) String() string { return kindNames[k] }

// typed reports whether answers to the kind must hold a recognisable
// instance of it (a number, a date, a name, a place): those are the kinds the
// typed not-found rule applies to.
func (k answerKind) typed() bool {
	return k == kindQuantity || k == kindDate || k == kindPerson || k == kindPlace
}

// askedType is what a question, or one part of it, asks for.
type askedType struct {
	kind answerKind
	// money: the quantity is an amount of money; currency, when not 0, the
	// currency asked ('€', '£' or '$').
	money    bool
	currency rune
	// duration: "how long" (a date or a length of time answers it); day:
	// "what date", "which day" (only a day answers it, not a year).
	duration, day bool
	// unit holds the stems of the thing counted ("troop", "soldier") when a
	// quantity question names it; a number answers only next to one of them.
	unit map[string]bool
	// role holds the stems of the title asked for ("which general"); a name
	// answers only next to one of them.
	role map[string]bool
	// list: a list is asked for, so more sentences may be quoted.
	list bool
	// country: a person question asks for countries ("which countries"),
	// which places answer too; region: a place question asks which part of
	// a country ("in which region"), which only a region answers; city:
	// one asks which city or town, which no country answers.
	country, region, city bool
	// aboutEvent: what the question asks about is an event (a ceasefire,
	// a deal), set when sentences are weighed.
	aboutEvent bool
	// future: the question asks about an event still to come ("next",
	// "will"), which a sentence about a past one does not answer; later:
	// about a later occurrence of something ("the next meeting", "meet
	// again"), which a sentence about the one that happened does not answer.
	future, later bool
	// futureMain: the cue of future is in the question's main clause, not
	// after a relative "that" or "which" ("when is the ceasefire supposed
	// to start", not "from which year dates the pact that Kyiv will rely
	// on"): a date answers it only when told as still to come (futureNear).
	futureMain bool
	// past: the question asks what happened (a past auxiliary in its main
	// clause, no cue of future: "how many leaders were present"), which a
	// sentence telling what was expected ("30 leaders are expected to
	// attend") answers less well than one telling what happened.
	past bool
	// purpose is the stem of what a money question asks the money is spent
	// on ("hubs" in "how much is the UK spending on the military hubs"): a
	// figure answers only in a sentence naming it, not a figure for
	// something else ("£13 billion in military assistance"). For a date
	// question, it is the event scheduled (scheduledEvent): "open" in "when
	// is the office supposed to open".
	purpose string
	acts    *regexp.Regexp // what a sentence must say for its persons to play the part asked (actAsked), or nil
	// words are the stems that ask the type ("many", "date"); they are not
	// the thing asked about (the unit and the role are).
	words map[string]bool
}

// questionPart is one part of a question, answered on its own.
type questionPart struct {
	text string
	typ  askedType
	// compound: the part is one of the types of a question asking two at
	// once about one thing ("when and where is ..."), which is found only
	// when every part is.
	compound bool
	// naming: the part asks what something is called, and the sentence
	// giving a name is preferred (set by the extractive answer, not by the
	// reordering of passages: see nameBoost).
	naming bool
}

// Question-word patterns, matched on the lower-cased question with its
// accents (so that French "où" is not "ou"). Each language's patterns apply
// to questions detected in that language; English ones apply to all.
var (
	// amountNounRe matches a noun naming an amount, which asks for one in
	// a question typed as a search ("kyiv army headcount after the war?",
	// "troop numbers"; see retrieval.Asking).
	amountNounRe = regexp.MustCompile(`\b(headcount|price tag|costs?|size|numbers?|total|budget|toll|tally)\b`)
	quantityRe   = regexp.MustCompile(`^((the|a|an) )?((total|overall|estimated|expected|planned|exact|approximate|rough|annual|yearly) )?(price tag|cost|size|number|headcount|amount|sum|budget|strength) (of|for)\b|\bhow (many|much|large|big|high|strong|expensive|costly|often|far)\b|\bhow (does|do|did|would|will) (the )?([\p{L}]+ ){0,2}(number|size|strength|figure|cost|total|amount|headcount|estimate)s? (of|for)\b|\bwhat (is |was |were |are )?(the )?([\p{L}]+ )?(number|size|amount|cost|price|total|figure|percentage|share|strength) of\b|\bwhat(['’]?s| is| was| were| are) (the )?([\p{L}]+ ){0,2}(number|amount|sum|cost|price|total)\b|\bwhat ([\p{L}]+ ){0,2}(sum|amount|number|total|figure|budget|cost|price)s? (has|have|had|was|were|is|are|will|would|did|do|does)\b|\bhow (many|much)\b|` + tollPattern + `|\b(what|which) ((is |was |were |are )(the )?([\p{L}]+ )?([\p{L}]{4,})?|([\p{L}]+ )?[\p{L}]{4,}|[\p{L}]+ )(count|tally)\b`)
	durationRe   = regexp.MustCompile(`\bhow long\b|\bfor how long\b|\bsince when\b`)
	dateRe       = regexp.MustCompile(`\bwhen\b|\b(what|which) (date|day|year|month|time|week)\b|\bby when\b|\buntil when\b|\bhow soon\b`)
	laterRe      = regexp.MustCompile(`\b(next|again|upcoming|another|following|subsequent)\b`)
	dayRe        = regexp.MustCompile(`\b(what|which) (date|day)\b`)
	// capitalActsRe matches "which capital" doing what a government does
	// ("which capital announced…", "which capitals have said no"): it asks
	// for a government, named by its country, not for a city.
	capitalActsRe = regexp.MustCompile(`\b(which|what) capitals? (?:\w+ ){0,2}?(?:announc|said|say|refus|pledg|offer|commit|back|reject|decid|agree|warn|promis|sen[dt]|contribut|propos|join|sign|cut|stop|oppos|support|vow|threat|withdr|rul|spen[dt]|fund|pa[yi])`)
	countryRe     = regexp.MustCompile(`\b(which|what) (\w+ )?(countries|country|nations?|states?|governments?|allies|ally|partners?)\b`)
	personRe      = regexp.MustCompile(`\b(who|whom|whose)\b|\b(which|what) (two |three |four |five |other |\d+ )?(leaders?|officials?|ministers?|presidents?|envoys?|generals?|persons?|people|politicians?|spokes(wo)?m[ae]n|spokespersons?|governments?|countries|country|nations?|organi[sz]ations?|groups?|allies|ally|partners?|outlets?|newspapers?|agenc(y|ies)|commanders?|officers?|admirals?|colonels?|diplomats?|states?)\b`)
	placeRe       = regexp.MustCompile(`\bwhere\b|\bwhere's\b|\b(which|what) (two |three |four |\d+ )?([a-z]+ )?(city|cities|town|towns|place|places|region|regions|location|locations|capital|sea|area|areas|bases?|venue|territor(y|ies)|body of water|part of)\b|\bin which (city|country|region|town)\b`)
	reasonRe      = regexp.MustCompile(`\bwhy\b|\bhow come\b|\bfor what (reason|purpose)\b|\bwhat (is|was|are|were) the (reason|reasons|purpose|goal|aim)\b|\bwhat (made|prompted|caused|drove|motivated)\b`)
	yesNoRe       = regexp.MustCompile(`^(?:(?:so|ok|okay|and|but|then|also|well),? )?(is|are|was|were|do|does|did|will|would|can|could|has|have|had|should|shall|may|might|must|isn't|aren't|wasn't|didn't|doesn't|won't|hasn't|haven't|isnt|arent|didnt|doesnt|wont)\b`)
	listRe        = regexp.MustCompile(`\b(list|enumerate|name (all|the))\b|\b(which|what) (other |main |key |european |western |two |three |four |\d+ )?(countries|nations|cities|leaders|officials|commitments|measures|elements|steps|options|allies|partners|states|weapons|forces)\b|\bwhat are (all )?the\b|\bwho are the\b`)
	moneyRe       = regexp.MustCompile(`\b(money|aid|cost|costs|costing|pay|paid|paying|spend|spent|spending|fund|funds|funding|funded|give|given|gave|commit|committed|pledge|pledged|budget|worth|financ\w*|contribut\w*|allocat\w*|earmark\w*|invest\w*|loans?|set(?:ting)? aside|euros?|dollars?|pounds?|billions?|millions?|price)\b|[€$£]`)
	// pastRe finds a question's past auxiliary: "when did the talks stall
	// due to…" asks about the past, whatever "due to" says.
	pastRe = regexp.MustCompile(`\b(did|was|were|had)\b`)
	// inForceRe finds a coming into force: "take effect", "come into force",
	// "kick in".
	inForceRe = regexp.MustCompile(`\b(?:takes?|taking|comes?|coming|goes|go|going|kicks?|kicking) (?:effect|into (?:force|effect)|in)\b`)
	// clauseEndRe finds where one sentence or clause of a question ends
	// and the next begins: "the legal status is gonna be modelled on an
	// old nato deal - what year is that one from".
	clauseEndRe = regexp.MustCompile(` [-–—]+ |[;:] |[.?!] `)
	futureRe    = regexp.MustCompile(`\b(next|upcoming|will|'ll|going to|gonna|scheduled|again|later|soon|supposed to|meant to|due to|expected to|set to)\b`)
)

// foreignQuestion holds, per language, the question words that ask each
// kind, lower-cased with accents; they count only among a question's first
// two words, where questions put them (a relative "qui" further on asks
// nothing).
var foreignQuestion = map[string][]struct {
	kind  answerKind
	words []string
}{
	"fr": {{kindQuantity, []string{"combien"}}, {kindDate, []string{"quand"}}, {kindPerson, []string{"qui"}}, {kindPlace, []string{"où", "dans quelle ville", "quelles villes", "quelle ville"}}, {kindReason, []string{"pourquoi"}}},
	"de": {{kindQuantity, []string{"wie viele", "wieviele", "wie viel", "wieviel"}}, {kindDate, []string{"wann", "seit wann"}}, {kindPerson, []string{"wer", "wem", "wen"}}, {kindPlace, []string{"wo", "wohin", "welche städte", "welche stadt"}}, {kindReason, []string{"warum", "wieso", "weshalb"}}},
	"es": {{kindQuantity, []string{"cuántos", "cuántas", "cuánto", "cuánta"}}, {kindDate, []string{"cuándo"}}, {kindPerson, []string{"quién", "quiénes"}}, {kindPlace, []string{"dónde", "adónde", "qué ciudades", "qué ciudad"}}, {kindReason, []string{"por qué"}}},
	"it": {{kindQuantity, []string{"quanti", "quante", "quanto", "quanta"}}, {kindDate, []string{"quando"}}, {kindPerson, []string{"chi"}}, {kindPlace, []string{"dove", "quali città", "quale città"}}, {kindReason, []string{"perché"}}},
	"pt": {{kindQuantity, []string{"quantos", "quantas", "quanto", "quanta"}}, {kindDate, []string{"quando"}}, {kindPerson, []string{"quem"}}, {kindPlace, []string{"onde", "quais cidades", "que cidades"}}, {kindReason, []string{"por que", "porque", "por quê"}}},
	"nl": {{kindQuantity, []string{"hoeveel"}}, {kindDate, []string{"wanneer"}}, {kindPerson, []string{"wie"}}, {kindPlace, []string{"waar", "welke steden", "welke stad"}}, {kindReason, []string{"waarom"}}},
	"pl": {{kindQuantity, []string{"ile"}}, {kindDate, []string{"kiedy"}}, {kindPerson, []string{"kto"}}, {kindPlace, []string{"gdzie", "jakie miasta", "które miasta"}}, {kindReason, []string{"dlaczego", "czemu"}}},
	"uk": {{kindQuantity, []string{"скільки"}}, {kindDate, []string{"коли"}}, {kindPerson, []string{"хто"}}, {kindPlace, []string{"де", "які міста", "яке місто"}}, {kindReason, []string{"чому", "навіщо"}}},
	"ru": {{kindQuantity, []string{"сколько"}}, {kindDate, []string{"когда"}}, {kindPerson, []string{"кто"}}, {kindPlace, []string{"где", "какие города", "какой город"}}, {kindReason, []string{"почему", "зачем"}}},
}

// unitSynonyms groups the stems of things commonly counted, so that "how
// many soldiers" is answered by "15,000 troops". Ordinary vocabulary, not
// the articles'.
var unitSynonyms = [][]string{
	{"troop", "soldier", "forc", "personnel", "boot", "servicemen", "conting", "armi", "peacekeep"},
	{"countri", "nation", "state", "govern", "alli", "partner", "member"},
	{"peopl", "person", "particip", "leader", "deleg", "offici", "repres", "head", "attende"},
	{"drone", "uav"},
	{"attack", "strike", "time", "assault", "raid"},
	{"citi", "town"},
	{"death", "dead", "die", "kill", "casualti", "fatal", "live"},
}

// sameUnit reports whether two stems are synonyms of a counted thing
// (unitSynonyms: "soldier" and "troop").
func sameUnit(a, b string) bool {
	if a == b {
		return false
	}
	for _, s := range unitOf(a) {
		if s == b {
			return true
		}
	}
	return false
}

// foreignNouns maps common nouns of questions in other languages (folded) to
// the English stems they stand for, so that a French question about
// "troupes" can match "troops". Only the nouns questions about the summit
// commonly count or ask about. Keys are folded as questions are.
var foreignNouns = foldKeys(map[string]string{
	"troupes": "troop", "soldats": "soldier", "soldaten": "soldier", "truppen": "troop", "tropas": "troop", "soldados": "soldier",
	"truppe": "troop", "soldati": "soldier", "troepen": "troop", "żołnierzy": "soldier", "wojsk": "troop", "żołnierze": "soldier",
	"pays": "countri", "länder": "countri", "staaten": "state", "países": "countri", "paesi": "countri", "landen": "countri", "krajów": "countri", "kraje": "countri",
	"villes": "citi", "ville": "citi", "städte": "citi", "stadt": "citi", "ciudades": "citi", "ciudad": "citi", "città": "citi", "cidades": "citi", "steden": "citi", "miasta": "citi",
	"drones": "drone", "drohnen": "drone", "droni": "drone", "drony": "drone", "dronow": "drone",
	"attaques": "attack", "angriffe": "attack", "ataques": "attack", "attacchi": "attack", "aanvallen": "attack", "ataków": "attack",
	"euros": "euro", "euro": "euro", "milliards": "billion", "milliarden": "billion",
	"військових": "soldier", "військ": "troop", "солдатів": "soldier", "солдат": "soldier", "войск": "troop", "военных": "soldier",
	"країн": "countri", "стран": "countri", "міста": "citi", "города": "citi", "атак": "attack", "атаки": "attack", "дронів": "drone", "дронов": "drone",
})

// foldKeys returns m with its keys folded (retrieval.Fold).
func foldKeys(m map[string]string) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[retrieval.Fold(k)] = v
	}
	return out
}

// classify returns what a question, written in lang, asks for; forms (which
// may be nil) tell its irregular verb forms.
func classify(question string, lang language, forms Inflections) askedType {
	q := strings.ToLower(strings.Join(strings.Fields(question), " "))
	q = retrieval.Uncontract(strings.NewReplacer("’", "'", "‘", "'").Replace(q))
	t := askedType{words: map[string]bool{}}
	type match struct {
		kind answerKind
		at   int
	}
	var best *match
	// The question proper, after any clause setting the scene.
	asked := retrieval.QuestionProper(q)
	consider := func(k answerKind, re *regexp.Regexp) {
		if loc := re.FindStringIndex(asked); loc != nil && (best == nil || loc[0] < best.at) {
			best = &match{k, loc[0]}
		}
	}
	consider(kindQuantity, quantityRe)
	consider(kindDate, durationRe)
	consider(kindDate, dateRe)
	consider(kindPerson, personRe)
	consider(kindPerson, capitalActsRe)
	consider(kindPlace, placeRe)
	consider(kindReason, reasonRe)
	if best == nil {
		if k, ok := foreignKind(q, lang); ok {
			best = &match{k, 0}
		} else if lang == english && !retrieval.Asking(q) && amountNounRe.MatchString(q) {
			best = &match{kindQuantity, 0} // "ukraine army headcount after the war?"
		}
	}
	switch {
	case yesNoRe.MatchString(asked):
		// "did the final text keep the bit where ...": a yes/no question,
		// whatever question word it holds further on.
		t.kind = kindYesNo
	case best != nil:
		t.kind = best.kind
	}
	switch t.kind {
	case kindQuantity:
		t.unit = countedUnit(q, forms)
		if t.unit == nil {
			t.unit = unitOtherwise(q, lang)
		}
		// "how much did Germany contribute" asks an amount of money; "how
		// many countries contribute troops" counts countries: a question
		// counting a unit other than money asks no money, whatever its
		// verbs.
		t.money = moneyRe.MatchString(q) && (t.unit == nil || moneyUnit(t.unit))
		t.currency = askedCurrency(q)
		if t.money {
			t.purpose = moneyPurpose(q)
		}
	case kindDate:
		t.duration = durationRe.MatchString(q)
		t.day = dayRe.MatchString(q)
		t.purpose = scheduledEvent(q)
	case kindPerson:
		t.role, t.acts, t.purpose = askedRole(q), actAsked(q), paidFor(q)
		t.country = countryRe.MatchString(q)
		if capitalActsRe.MatchString(q) {
			t.country, t.words["capit"] = true, true
		}
	}
	t.list = listRe.MatchString(q)
	// What is still to come, or again, is asked in the clause asking
	// (asked, from the end of the clause before its question word), not
	// in a statement or condition before it.
	clause := asked
	if best != nil {
		for _, loc := range clauseEndRe.FindAllStringIndex(asked[:best.at], -1) {
			clause = asked[loc[1]:]
		}
	}
	main, _, _ := strings.Cut(clause, " that ")
	main, _, _ = strings.Cut(main, " which ")
	// "What date does the truce take effect": asked in the present, a
	// coming into force is still to come.
	inForce := inForceRe.MatchString(main) && !pastRe.MatchString(main)
	t.future = t.kind.typed() && (futureRe.MatchString(clause) || inForce)
	t.futureMain = t.future && (futureRe.MatchString(main) || inForce) && !pastRe.MatchString(main)
	t.past = t.kind.typed() && !t.future && pastRe.MatchString(main)
	// "if Russia attacks again" is a condition, not the later occurrence
	// asked about.
	beforeIf, _, _ := strings.Cut(clause, " if ")
	t.later = t.kind.typed() && laterRe.MatchString(beforeIf)
	for _, w := range typeWords {
		t.words[w] = true
	}
	if t.country {
		for _, w := range unitOf("countri") {
			t.words[w] = true // "which country": what is asked, not about what
		}
	}
	return t
}

// typeWords are stems that ask for a type rather than name the thing asked
// about.
var typeWords = []string{"next", "again", "upcom", "mani", "much", "number", "size", "amount", "larg", "big", "high", "long", "date", "day", "year",
	"time", "week", "month", "citi", "place", "locat", "region", "where", "when", "reason", "exact", "actual", "total", "figur", "soon", "often", "toll", "count"}

// foreignKind finds the kind asked by one of lang's question words among the
// first words of q.
func foreignKind(q string, lang language) (answerKind, bool) {
	words := strings.FieldsFunc(q, func(r rune) bool { return r == ' ' || r == '¿' || r == '¡' || r == ',' || r == '?' })
	head := " " + strings.Join(words[:min(len(words), 2)], " ") + " "
	for _, e := range foreignQuestion[lang.code] {
		for _, w := range e.words {
			if strings.Contains(head, " "+w+" ") {
				return e.kind, true
			}
		}
	}
	return kindAny, false
}

var countedRe = regexp.MustCompile(`\b(?:how many|number of) ((?:[\p{L}'-]+ ?){1,7})`)

// maxUnitWords is the most words of one noun phrase a quantity question
// counts ("how many national leaders").
const maxUnitWords = 3

// countedUnit returns the stems of the things a quantity question counts,
// with their synonyms, or nil when it names none ("how many times", "how
// much"); forms (which may be nil) tell irregular verb forms.
func countedUnit(q string, forms Inflections) map[string]bool {
	m := countedRe.FindStringSubmatch(q)
	if m == nil {
		return nil
	}
	// The unit is the last word of the noun phrase after "how many", which
	// ends at a stop word, an auxiliary or an adverb or participle: "how many
	// national leaders were", "how many people actually showed up"; and,
	// once a word that may head it has come, at a verb: "how many leaders
	// came"; and after a plural, at a word that is none: "how many countries
	// contribute troops" counts countries. "And" or "or" after a head starts
	// another phrase counted with it: "how many presidents and prime
	// ministers".
	var heads []string
	var stem string
	n, headed, pluralHead := 0, false, false
	words := retrieval.Words(retrieval.Fold(m[1]))
	for i := 0; i < len(words); i++ {
		w := words[i]
		if n == 0 && i+1 < len(words) && words[i+1] == "of" && scaleWord(w) {
			i++ // "thousands of troops" counts troops
			continue
		}
		if (w == "and" || w == "or") && stem != "" && i+1 < len(words) && !endsPhrase(words[i+1]) {
			if headed {
				// "presidents and prime ministers": another phrase.
				heads, stem, n, headed, pluralHead = append(heads, stem), "", 0, false, false
			}
			continue // "ukrainian and french troops": one phrase, read on
		}
		if endsPhrase(w) || (headed && verbForm(w, forms)) || n == maxUnitWords || (pluralHead && !plural(w)) {
			break
		}
		stem, n = retrieval.Stem(w), n+1
		headed = headed || mayHead(w, forms)
		pluralHead = plural(w)
	}
	heads = append(heads, stem)
	var out map[string]bool
	for _, h := range heads {
		if h == "" || h == "time" || h == "money" || h == "aid" {
			continue // "how many times", "how much money": any number, or any amount
		}
		if out == nil {
			out = map[string]bool{}
		}
		out[h] = true
		for _, s := range unitOf(h) {
			out[s] = true
		}
		if roleNouns[h] {
			// A title counts people: "27 heads of state" answers "how
			// many presidents".
			for _, s := range unitOf("peopl") {
				out[s] = true
			}
		}
	}
	return out
}

// scaleWord reports whether a folded word is a plural scale that a count
// can open with ("thousands", "dozens" of something).
func scaleWord(w string) bool {
	return w == "dozens" || w == "tens" || (plural(w) && scales[strings.TrimSuffix(w, "s")])
}

// endsPhrase reports whether a folded word ends the noun phrase a quantity
// question counts: a stop word, an auxiliary, an adverb or a participle.
func endsPhrase(w string) bool {
	return retrieval.IsStopword(w) || auxiliary[w] || strings.HasSuffix(w, "ly") || strings.HasSuffix(w, "ed")
}

// mayHead reports whether a folded word may be the head of the noun phrase
// a quantity question counts: a plural ("leaders"), a counted unit
// ("people") or an irregular inflection ("children").
func mayHead(w string, forms Inflections) bool {
	return plural(w) || unitOf(retrieval.Stem(w)) != nil || (forms != nil && len(forms.BaseForms(w)) > 0)
}

// plural reports whether a folded word looks like a regular plural
// ("leaders", not "press").
func plural(w string) bool {
	return strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && w != "us" // "US ground soldiers"
}

// verbForm reports whether a folded word after the head of a counted noun
// phrase is a verb: a verb of speech or an irregular inflection ("came",
// "went", "met") that is no plural ("bases", "analyses").
func verbForm(w string, forms Inflections) bool {
	if speechVerbs[w] {
		return true
	}
	return !strings.HasSuffix(w, "s") && forms != nil && len(forms.BaseForms(w)) > 0
}

// moneyUnit reports whether a counted unit is money: a currency or a scale
// ("how many euros", "how many billions").
func moneyUnit(unit map[string]bool) bool {
	for w := range currencies {
		if unit[retrieval.Stem(w)] {
			return true
		}
	}
	for w := range scales {
		if unit[retrieval.Stem(w)] {
			return true
		}
	}
	return false
}

// purposeRe finds what money is spent on: a verb of spending, then "on",
// "for" or "to", then the noun phrase.
var purposeRe = regexp.MustCompile(`\b(?:spend|spends|spending|spent|pay|pays|paying|paid|contribute|contributes|contributing|contributed|invest|invests|investing|invested|allocate|allocates|allocating|allocated|earmark|earmarks|earmarked|set aside|sets aside|setting aside|donate|donates|donated|donating) (?:on|for|to|towards?|in) ((?:[\p{L}'-]+ ?){1,4})`)

// purposeEnds are the words other than stop words that end the noun phrase
// of what money is spent on ("the hubs since 2022").
var purposeEnds = map[string]bool{"since": true, "during": true, "per": true, "last": true, "next": true, "within": true, "across": true, "overall": true, "altogether": true}

// moneyPurpose returns the stem of the head noun of what a money question
// asks the money is spent on ("the military hubs": "hub"), or "".
func moneyPurpose(q string) string {
	m := purposeRe.FindStringSubmatch(q)
	if m == nil {
		return ""
	}
	// The noun phrase ends at a stop word or an auxiliary: "aid to
	// Ukraine", "the hubs this year".
	var head string
	for i, w := range retrieval.Words(retrieval.Fold(m[1])) {
		if w == "s" {
			continue // a possessive's: "Ukraine's military"
		}
		if retrieval.IsStopword(w) || auxiliary[w] || purposeEnds[w] || hasDigit(w) {
			if i == 0 || head == "" {
				continue // "the military hubs"
			}
			break
		}
		head = w
	}
	if head == "" {
		return ""
	}
	return retrieval.Stem(head)
}

// askedCurrency returns the currency a question names ('€', '£', '$'), or 0.
func askedCurrency(q string) rune {
	f := " " + retrieval.Fold(q) + " "
	switch {
	case strings.Contains(q, "€") || strings.Contains(f, " euro"):
		return '€'
	case strings.Contains(q, "£") || strings.Contains(f, " pound") || strings.Contains(f, " sterling"):
		return '£'
	case strings.Contains(q, "$") || strings.Contains(f, " dollar"):
		return '$'
	}
	return 0
}

// foreignUnit returns the unit a quantity question in another language
// counts: the noun after its question word ("combien de pays"), when
// foreignNouns knows it.
func foreignUnit(q string, lang language) map[string]bool {
	words := strings.FieldsFunc(q, func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' })
	for i, w := range words {
		if !questionWord(lang.code, strings.ToLower(w)) {
			continue
		}
		for _, next := range words[i+1 : min(len(words), i+3)] {
			if en, ok := foreignNouns[retrieval.Fold(next)]; ok {
				out := map[string]bool{en: true}
				for _, s := range unitOf(en) {
					out[s] = true
				}
				return out
			}
		}
		break
	}
	return nil
}

// auxiliary are verbs that end the noun phrase after "how many".
var auxiliary = map[string]bool{"did": true, "do": true, "does": true, "will": true, "would": true, "could": true, "can": true, "were": true, "are": true, "have": true, "has": true, "had": true, "is": true, "was": true}

// scheduledEventRe matches what a date question says is scheduled: "when is
// the office supposed to open", "when are troops expected to be deployed";
// the group is the verb.
var scheduledEventRe = regexp.MustCompile(`\bwhen\b.*\b(?:supposed|expected|set|due|scheduled|planned|going|meant|slated)\s+to\s+(?:be\s+)?(\pL+)`)

// lightVerbs say that something happens, not what: a date of anything
// could answer them.
var lightVerbs = map[string]bool{"be": true, "happen": true, "occur": true, "take": true, "come": true, "get": true}

// scheduledEvent returns the stem of the verb a date question asks the time
// of, when it asks when something is supposed, expected or set to happen
// ("when is the coordination office supposed to open": open), or "": a date
// answers it only in a sentence telling that event, not the date of the
// summit in a sentence naming the office.
func scheduledEvent(q string) string {
	m := scheduledEventRe.FindStringSubmatch(q)
	if m == nil || lightVerbs[m[1]] {
		return ""
	}
	return retrieval.Stem(retrieval.Fold(m[1]))
}
