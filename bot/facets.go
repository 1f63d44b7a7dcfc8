package bot

import (
	"regexp"
	"strings"

	"github.com/summitbot/summitbot/retrieval"
)

// facet is one of the aspects a summary of the summit is grouped by.
type facet int

// The facets, in the order a summary shows them. facetOther holds what fits
// none of them.
const (
	facetAgreed facet = iota
	facetForces
	facetContrib
	facetUS
	facetDivisions
	facetRussia
	facetNext
	facetOther
	numFacets
)

// facetHeadings are the short headings of the facets, as shown.
var facetHeadings = [numFacets]string{
	facetAgreed:    "What was agreed",
	facetForces:    "Forces and figures",
	facetContrib:   "Who contributes what",
	facetUS:        "The US role",
	facetDivisions: "Divisions",
	facetRussia:    "Russia's response",
	facetNext:      "What comes next",
	facetOther:     "Also reported",
}

// Cue patterns, matched on folded (lower-case, ASCII-quoted) text. Each is a
// list of word beginnings: "ratif" matches "ratified".
var (
	agreedCue    = cueRe(`agree`, `declaration`, `signed`, `sign `, `joint statement`, `binding`, `commit`, `pledg`, `backed a proposal`, `framework`, `adopt`, `attend`, `participants`, `gathering`, `meeting`, `summit`, `heads of state`, `leaders from`, `coalition of the willing`, `gathered`)
	militaryCue  = cueRe(`troop`, `soldier`, `force`, `army`, `boots on the ground`, `deploy`, `personnel`)
	contribCue   = cueRe(`hub`, `headquarter`, `coordination cent`, `command`, `naval`, `maritime`, `air support`, `air-defen`, `air defen`, `fighter jet`, `demining`, `training`, `equipment`, `weapons`, `fund`, `billion`, `take the lead`, `lead in forming`, `ready to send`, `could send`, `will establish`, `set up`, `responsible for`, `offered`)
	divisionCue  = cueRe(`refus`, `ruled out deploying`, `will not send`, `not send ground`, `split`, `divided`, `unity isn`, `not everyone`, `reluctan`, `hurdle`, `would need`, `stop funding`, `bundestag`, `parliamentary approval`)
	reactionCue  = cueRe(`react`, `respond`, `response`, `warn`, `reject`, `denounc`, `insist`, `ruled out`, `target`, `threat`, `oppos`, `label`, `claim`, `axis of war`, `militariz`, `enem`, `no comment`, `red line`)
	nextCue      = cueRe(`ratif`, `approval`, `negotiat`, `remain to be`, `still being`, `yet to`, `hardest`, `not yet`, `take effect only`, `depend`, `next step`, `future step`, `will be decided`, `to be determined`, `not made public`)
	usCue        = regexp.MustCompile(`\b(?:united states|u\.s\.|us-led|u\.s\.-led|washington|american|trump|witkoff|kushner)\b`)
	russianActor = cueRe(`russia`, `moscow`, `kremlin`, `putin`, `zakharova`, `lavrov`, `peskov`)
)

// usToken matches "US" written in capitals (the lower-case word is "us").
var usToken = regexp.MustCompile(`\bUS\b`)

// numberRe matches a figure of forces: a number of three digits or more
// that is not a year, or a count of troops, nations or thousands.
var numberRe = regexp.MustCompile(`\b(?:\d{1,3}(?:,\d{3})+|[1-9]\d{2,}|\d+ (?:nations|countries|troops|soldiers|heads|participants|leaders)|several thousand|thousands|dozens?|two dozen)\b`)

// yearRe matches a year, which is not a figure of forces.
var yearRe = regexp.MustCompile(`^(?:19|20)\d\d$`)

func cueRe(words ...string) *regexp.Regexp {
	for i, w := range words {
		words[i] = regexp.QuoteMeta(w)
	}
	return regexp.MustCompile(`\b(?:` + strings.Join(words, "|") + `)`)
}

// foldCue folds s for the cue patterns: lower case, ASCII apostrophes and
// hyphens.
func foldCue(s string) string {
	return strings.ToLower(strings.NewReplacer("’", "'", "‘", "'", "‑", "-", "–", "-", "—", "-", "\u00a0", " ").Replace(s))
}

// facetScores rates how much sentence s is about each facet (0 none, more is
// stronger).
func facetScores(s string) [numFacets]float64 {
	var out [numFacets]float64
	f := foldCue(s)
	count := func(re *regexp.Regexp) float64 { return float64(len(re.FindAllStringIndex(f, -1))) }
	us := count(usCue) + float64(len(usToken.FindAllStringIndex(s, -1)))
	out[facetUS] = us
	out[facetAgreed] = count(agreedCue)
	figures := 0.0
	for _, m := range numberRe.FindAllString(f, -1) {
		if !yearRe.MatchString(m) {
			figures++
		}
	}
	if figures > 0 && militaryCue.MatchString(f) {
		out[facetForces] = 1 + figures*0.5
	}
	out[facetContrib] = count(contribCue)
	out[facetDivisions] = count(divisionCue) * 3.5
	// Russia responding: a Russian actor is the subject (named early) and
	// the sentence says how it reacts.
	if loc := russianActor.FindStringIndex(f); loc != nil && loc[0] < 70 {
		out[facetRussia] = count(reactionCue) * 1.5
	}
	out[facetNext] = count(nextCue) * 1.5
	return out
}

// bestFacet is the facet s is most about, facetOther when none.
func bestFacet(scores [numFacets]float64) facet {
	best, score := facetOther, 0.0
	for f := facet(0); f < facetOther; f++ {
		if scores[f] > score {
			best, score = f, scores[f]
		}
	}
	return best
}

// topicFacets are the facets a topic names: "Russia's reaction" names
// facetRussia, "the US role" facetUS, "what happens next" facetNext.
func topicFacets(topic string) []facet {
	f := foldCue(topic)
	var out []facet
	has := func(words ...string) bool { return cueRe(words...).MatchString(f) }
	if russianActor.MatchString(f) && has(`react`, `respon`, `view`, `position`, `stance`, `say`, `warn`, `think`) {
		out = append(out, facetRussia)
	}
	if usCue.MatchString(f) || usToken.MatchString(topic) || has(`us role`, `the us`, `america`) {
		out = append(out, facetUS)
	}
	if has(`next`, `happens`, `future`, `step`, `timeline`, `when will`, `what now`) {
		out = append(out, facetNext)
	}
	if has(`divi`, `disagree`, `split`, `refus`, `rift`, `dissent`) {
		out = append(out, facetDivisions)
	}
	if has(`number`, `figure`, `how many`, `size`, `strength`) && militaryCue.MatchString(f) {
		out = append(out, facetForces)
	}
	if has(`contribut`, `who does what`, `who provides`) {
		out = append(out, facetContrib)
	}
	if has(`agreed`, `agreement`, `outcome`, `decided`, `result`) {
		out = append(out, facetAgreed)
	}
	return out
}

// aliasGroups are names that stand for the same actor: a topic naming one
// is about sentences naming any (France: French, Macron, Paris's
// government is not Paris the city, so the city is left out).
var aliasGroups = [][]string{
	{"France", "French", "Macron", "Élysée", "Elysee"},
	{"UK", "Britain", "British", "United Kingdom", "Starmer", "London"},
	{"US", "United States", "American", "Americans", "Washington", "Trump", "Witkoff", "Kushner", "U.S."},
	{"Russia", "Russian", "Moscow", "Kremlin", "Putin", "Zakharova", "Lavrov", "Peskov"},
	{"Germany", "German", "Berlin", "Merz", "Bundestag"},
	{"Italy", "Italian", "Rome", "Meloni"},
	{"Ukraine", "Ukrainian", "Kyiv", "Kiev", "Zelensky", "Zelenskyy"},
	{"Turkey", "Türkiye", "Turkish", "Ankara", "Erdogan"},
	{"Canada", "Canadian", "Ottawa", "Carney"},
	{"Poland", "Polish", "Warsaw", "Tusk"},
	{"NATO", "Rutte", "alliance"},
	{"EU", "European Union", "Brussels", "von der Leyen"},
	{"Czech", "Czechia", "Prague"},
	{"Belgium", "Belgian", "Brussels"},
	{"troops", "soldiers", "forces", "force", "boots"},
	{"legal", "law", "SOFA", "jurisdiction", "legitimate"},
	{"monitor", "monitoring", "verification", "verify", "supervised", "surveillance"},
	{"money", "funding", "funds", "financing", "billion", "aid"},
}

// genericTopicWords are topic words that name the kind of summary asked
// ("the US role", "France's position"), not what it is about.
var genericTopicWords = map[string]bool{
	"role": true, "roles": true, "position": true, "positions": true, "reaction": true, "reactions": true,
	"response": true, "view": true, "views": true, "stand": true, "stance": true, "see": true, "sees": true,
	"say": true, "says": true, "happens": true, "happen": true, "next": true, "what": true, "who": true,
	"how": true, "number": true, "numbers": true, "figures": true, "about": true, "does": true, "where": true,
	"will": true, "part": true, "among": true, "summary": true,
}

// termGroup is one word of a topic with the words that stand for it: a
// sentence holds it when it holds one of any, or every term of one of
// phrases (the index terms of a name of several words, "United Kingdom",
// which neither word stands for alone).
type termGroup struct {
	any     map[string]bool
	phrases [][]string
	// own are the terms of the word itself and of its expansion, not its
	// aliases.
	own map[string]bool
	// related are terms the thesaurus relates to the word: a sentence
	// holding one covers it in part (partOfRelated).
	related map[string]bool
}

// partOfRelated is how much of a topic word a related term covers.
const partOfRelated = 0.5

// holdsRelated reports whether terms hold a term related to the group.
func (g termGroup) holdsRelated(terms map[string]bool) bool {
	for t := range g.related {
		if terms[t] {
			return true
		}
	}
	return false
}

// holds reports whether terms hold the group.
func (g termGroup) holds(terms map[string]bool) bool {
	for t := range g.any {
		if terms[t] {
			return true
		}
	}
	for _, ph := range g.phrases {
		all := true
		for _, t := range ph {
			all = all && terms[t]
		}
		if all {
			return true
		}
	}
	return false
}

// topicGroups returns the term groups of a topic, each the index terms of
// one topic word, the terms expand gives for them (the index's spelling
// variants and the names the thesaurus gives for the same thing; nil for
// none) and its aliases, and the terms related to it (related; nil for
// none): a sentence covers the topic by the share of groups it holds. A word
// belongs to an alias group when their index terms meet ("troop" and
// "troops" both index as troop).
func topicGroups(topic string, terms func(string) []string, expand, related map[string][]string) []termGroup {
	var groups []termGroup
	words := strings.FieldsFunc(strings.NewReplacer("'s", "", "’s", "").Replace(topic), func(r rune) bool {
		return r == ' ' || r == ',' || r == '?' || r == '!' || r == ';' || r == ':' || r == '"' || r == '“' || r == '”'
	})
	for _, w := range words {
		acronym := len(w) > 1 && strings.ToUpper(w) == w
		if genericTopicWords[strings.ToLower(w)] || (!acronym && retrieval.IsStopword(strings.ToLower(w))) {
			continue
		}
		ts := terms(w)
		if len(ts) == 0 {
			continue
		}
		g := termGroup{any: map[string]bool{}, own: map[string]bool{}, related: map[string]bool{}}
		for _, t := range ts {
			g.any[t], g.own[t] = true, true
			for _, x := range expand[t] {
				g.any[x], g.own[x] = true, true
			}
			for _, x := range related[t] {
				g.related[x] = true
			}
		}
		for _, al := range aliasGroups {
			if !inGroup(w, ts, al, terms) {
				continue
			}
			for _, a := range al {
				switch at := terms(a); len(at) {
				case 0:
				case 1:
					g.any[at[0]] = true
				default:
					g.phrases = append(g.phrases, at)
				}
			}
		}
		groups = append(groups, g)
	}
	return groups
}

// inGroup reports whether word w (with index terms ts) is one of group's
// names: written the same, or a one-word name indexed as ts is.
func inGroup(w string, ts []string, group []string, terms func(string) []string) bool {
	for _, a := range group {
		if strings.EqualFold(a, w) {
			return true
		}
		if strings.Contains(a, " ") {
			continue
		}
		at := terms(a)
		if len(at) == 1 && len(ts) == 1 && at[0] == ts[0] {
			return true
		}
	}
	return false
}

// stanceTopicRe matches a topic that asks what an actor thinks, says or
// does in answer ("what Kyiv thinks", "Germany's position").
var stanceTopicRe = regexp.MustCompile(`\b(?:thinks?|thought|views?|position|stance|says?|said|react(?:s|ion)?|respon(?:se|ds?)|wants?|demands?|opinion|feels?)\b`)

// speechCue matches a sentence reporting what someone said or how they
// stood.
var speechCue = regexp.MustCompile(`\b(?:said|says|say|stressed|stresses|insist(?:s|ed)?|warn(?:s|ed)?|urg(?:es|ed)|welcomed|praised|called|argued|described|noted|added|cautioned|demand(?:s|ed)?|reject(?:s|ed)|respond(?:s|ed)|react(?:s|ed)|stated|told|accept(?:s|ed)?|refus(?:es|ed))\b|"|“|''`)

// stanceActors returns the names of the actors a stance topic names (every
// alias of each), or nil when topic asks no actor's stance.
func stanceActors(topic string, terms func(string) []string) []string {
	if !stanceTopicRe.MatchString(foldCue(topic)) {
		return nil
	}
	var out []string
	for _, w := range strings.FieldsFunc(strings.NewReplacer("'s", "", "’s", "").Replace(topic), func(r rune) bool {
		return r == ' ' || r == ',' || r == '?' || r == '"'
	}) {
		ts := terms(w)
		if len(ts) == 0 {
			continue
		}
		for _, al := range aliasGroups {
			if len(al) > 0 && al[0] != "troops" && al[0] != "legal" && al[0] != "monitor" && al[0] != "money" && inGroup(w, ts, al, terms) {
				out = append(out, al...)
			}
		}
	}
	return out
}

// actorSpeaks reports whether s tells what one of actors said or how it
// stood: a name of one among its first words and a verb of speech or
// stance.
func actorSpeaks(s string, actors []string) bool {
	f := foldCue(s)
	head := f
	if len(head) > 90 {
		head = head[:90]
	}
	named := false
	for _, a := range actors {
		if cueRe(strings.ToLower(a)).MatchString(head) {
			named = true
			break
		}
	}
	return named && speechCue.MatchString(f)
}
