package bot

import (
	"slices"
	"sort"
	"strings"

	"github.com/summitbot/summitbot/retrieval"
)

// This file weighs the sentences of the retrieved passages against one part
// of a question: the IDF-weighted share of what the part asks about that a
// sentence (and its passage) holds, times how well it holds the type of
// answer asked (an instance of the type, near the question's words).

// scored is a candidate weighed against one question part.
type scored struct {
	*candidate
	// share is the IDF-weighted share of the part's subject the sentence
	// holds, and ctxShare the share counting its passage half.
	share, ctxShare float64
	// named: every name of the part is in the sentence or one next to it,
	// with one of the part's other words.
	named bool
	// value is the instance of the asked type nearest the question's words
	// ("15,000 to 20,000", "January 7"), folded.
	value string
	// typed: the sentence holds the type asked, dist words from the subject.
	typed bool
	dist  int
	// undisclosed: the sentence says the fact is not public or undecided.
	undisclosed bool
	// nameHere: the sentence itself names (at least half of) the names
	// asked about, rather than a sentence next to it.
	nameHere bool
	// denied: the sentence denies something the question asks about
	// ("ruled out deploying Italian troops"; see deniedNear).
	denied bool
	future bool
	// later: the sentence speaks of a later occurrence.
	later bool
	score float64
}

// relatedStrength weighs a sentence word the thesaurus relates to a question
// word against the question word itself, times their closeness.
const relatedStrength = 0.3

// unitStrength weighs a sentence word that counts what a quantity question
// counts ("heads" for "how many presidents") against the question's word.
const unitStrength = 0.5

// backRefFactor scales the score of a sentence that opens by pointing back
// to the one before it ("He said…", "These hubs…"; see pointsBack).
const backRefFactor = 0.85

// rankSentences weighs every candidate against a question part, best first,
// leaving out sentences that share no subject word with it.
func rankSentences(p questionPart, cands []*candidate, rel relevanceInfo, lex lexicon, lang language) []scored {
	content, src := splitAttribution(p.text)
	subject := stemsAsked(content, p.typ)
	if p.naming {
		withoutNameAsking(subject)
	}
	// The source the question attributes its claim to ("according to the
	// draft") is not asked about: its sentences are only preferred.
	source := stemsAsked(src, p.typ)
	var srcTotal float64
	for st := range source {
		if subject[st] || !rel.matchable(st) {
			delete(source, st)
			continue
		}
		srcTotal += rel.weight(st)
	}
	var total float64
	for st := range subject {
		total += rel.shareWeight(st)
	}
	if total == 0 {
		return nil
	}
	var names []string
	isName := map[string]bool{}
	for w := range namedWords(content, lang.code != "de") {
		if st := retrieval.Stem(w); !hasDigit(w) && !rel.described[st] && !rel.abbreviated[st] {
			isName[st] = true
		}
	}
	for st := range subject {
		if rel.names[st] || rel.describedNouns[st] {
			isName[st] = true
		}
	}
	aside := setAside(content, isName)
	for st := range aside {
		if subject[st] {
			total -= rel.shareWeight(st)
		}
		delete(subject, st)
		delete(isName, st)
	}
	if total <= 0 {
		return nil
	}
	for st := range isName {
		names = append(names, st)
	}
	// others are the part's matchable words that are not names: what it
	// asks about them.
	var others []string
	for st := range subject {
		if !isName[st] && rel.matchable(st) {
			others = append(others, st)
		}
	}
	// surface is a question word for each stem, for its word vector.
	surface := map[string]string{}
	for _, w := range retrieval.Words(retrieval.Fold(content)) {
		if _, ok := surface[retrieval.Stem(w)]; !ok {
			surface[retrieval.Stem(w)] = w
		}
	}
	// matchesTok reports whether a sentence's token stands for a question
	// stem, in any way; matchesAny whether one of toks does.
	// ofCountry reports whether a capitalised token names the country a
	// question stem names otherwise ("Moscow" for "Russia"), or, when the
	// question asks about a news outlet, is one of its outlets ("Sky" of
	// "Sky News" for "British").
	outlet := retrieval.AsksOutlet(p.text)
	ofCountry := func(st string, t token) bool {
		return t.capital && (sameCountry(st, t.stem) || outlet && outletOf(st, t.stem))
	}
	matchesTok := func(st string, t token) bool {
		return rel.matches(st, t) || sameUnit(st, t.stem) || ofCountry(st, t) || rel.relatedMatch(st, t) > 0
	}
	matchesAny := func(st string, toks []token) bool {
		return slices.ContainsFunc(toks, func(t token) bool { return matchesTok(st, t) })
	}
	typ := p.typ
	typ.unit = rel.unitOrSynonyms(typ.unit)
	typ.region = typ.kind == kindPlace && retrieval.AsksRegion(p.text)
	typ.city = typ.kind == kindPlace && cityRe.MatchString(strings.ToLower(p.text))
	for st := range subject {
		// A time relative to an event ("after a ceasefire") answers when
		// something else happens, not when the event itself does.
		typ.aboutEvent = typ.aboutEvent || eventNouns[st]
	}
	unsettled := unsettledRe.MatchString(p.text)
	post, leads := retrieval.AsksPost(p.text), leadingKinds(p.text)
	defines := definitionOf(p.text)
	onTopicFound := slices.ContainsFunc(cands, func(c *candidate) bool { return c.onTopic >= minOnTopicWeight })
	// affirmed: a "why" question does not deny its premise itself ("why
	// won't Italy send troops" asks about a denial).
	affirmed := p.typ.kind == kindReason && !negatedRe.MatchString(p.text)
	var out []scored
	for _, c := range cands {
		pos := map[int]bool{}
		var got, inPassage float64
		for st := range subject {
			hit, strength := false, 0.0
			for k, t := range c.toks {
				switch {
				case rel.matches(st, t) || sameUnit(st, t.stem):
					pos[k], hit, strength = true, true, 1
				case ofCountry(st, t):
					// "Russia" for "Moscow": the same country, but a
					// weaker match than the word itself.
					pos[k], hit, strength = true, true, max(strength, 0.5)
				case typ.unit[st] && typ.unit[t.stem]:
					// "heads of state" for the presidents counted: what
					// is counted, by another word for it.
					pos[k], hit, strength = true, true, max(strength, unitStrength)
				default:
					// "envoys" for "emissaries": a related word, weaker
					// than the word itself by its closeness.
					if c := rel.relatedMatch(st, t); c > 0 {
						pos[k], hit, strength = true, true, max(strength, relatedStrength*c)
					}
				}
			}
			if !rel.matchable(st) {
				continue
			}
			if hit {
				got += strength * rel.shareWeight(st)
			}
			if hit || matchesAny(st, c.passage) {
				inPassage += rel.shareWeight(st)
			}
		}
		if got == 0 {
			continue
		}
		s := scored{candidate: c, share: got / total, undisclosed: undisclosed(c.text), future: future(c.toks), later: laterNear(c.toks, pos), named: true}
		s.ctxShare = max(s.share, (s.share+inPassage/total)/2)
		// The names must be in the sentence or one next to it (at least
		// those carrying half their weight, as "Moscow" in "how did Moscow
		// react to the Paris summit"), with something asked about them.
		var nameTotal, nameNear, nameHere float64
		for _, n := range names {
			w := rel.weight(n)
			nameTotal += w
			if matchesAny(n, c.toks) {
				nameHere += w
				nameNear += w
			} else if matchesAny(n, c.around) {
				nameNear += w
			}
		}
		inSentence := nameHere >= nameTotal/2
		s.nameHere = inSentence
		if affirmed {
			// "Why is the US sending ground troops?": a sentence denying
			// that it sends any answers the premise.
			s.denied = deniedNear(c.toks, pos, namedAt(c.toks, names, matchesTok), len(names) > 0)
		}
		if p.typ.kind == kindQuantity && !p.typ.money {
			// What is denied: the unit counted, if the question names one.
			denied := pos
			if len(typ.unit) > 0 {
				denied = map[int]bool{}
				for k, t := range c.toks {
					for u := range typ.unit {
						denied[k] = denied[k] || u == t.stem || sameUnit(u, t.stem)
					}
				}
			}
			s.denied = deniedNear(c.toks, denied, namedAt(c.toks, names, matchesTok), len(names) > 0)
		}
		s.named = nameNear >= nameTotal/2-1e-9
		if c.onTopic < minOnTopicWeight && onTopicFound {
			// A source about something else speaks of what is asked
			// only where it names every name of the question ("how many
			// euros has France spent on Ukraine" is not answered by a
			// donor conference in Paris for Sudan).
			s.named = nameNear >= nameTotal-1e-9
		}
		if len(names) > 0 && len(others) > 1 {
			// "is Poland sending troops" is not answered by a sentence
			// naming Poland about farm trade; "which country gets the
			// naval job" is by one about "maritime security".
			// Or, in the sentence itself, a word near one in meaning. A
			// post is what a question about posting asks about.
			related := post && c.posted
			var words []string
			for _, o := range others {
				related = related || matchesAny(o, c.toks) || matchesAny(o, c.around) || rel.nearAny(surface[o], c.toks)
				words = append(words, surface[o])
			}
			related = related || rel.nearJointly(words, c.toks)
			s.named = s.named && related
		}
		if len(names) == 0 && c.onTopic < minOnTopicWeight && onTopicFound {
			// A question that names nothing is read in the topic's
			// context: a source about something else does not answer it
			// ("how many people have died since the fighting started" is
			// not answered by an article on another war) when sources on
			// the topic were found; when none was, it is what the
			// question is about.
			s.named = false
		}
		var weak bool
		var inst span
		s.typed, s.dist, weak, inst = holdsType(typ, c.toks, pos, lex)
		if s.typed && typ.kind == kindQuantity && len(names) > 0 {
			s.typed = !countedForOther(c.toks, inst, namedAt(c.toks, names, matchesTok))
		}
		if s.typed && (typ.purpose != "" && !holdsPurpose(typ, c.toks, rel, matchesAny) || typ.acts != nil && !saysAct(typ.acts, c.text)) {
			s.typed = false // a figure or date for something else than the one asked; who acts, not who pays or commands
		}
		if s.typed && typ.kind == kindDate && typ.futureMain && isDate(c.toks, inst) {
			// When something still to come happens: a date told as
			// still to come, not any date of a sentence about the future.
			s.future = futureNear(c.toks, inst)
		}
		if s.typed {
			var v []string
			for k := inst.start; k < inst.end; k++ {
				v = append(v, c.toks[k].fold)
			}
			s.value = strings.Join(v, " ")
		}
		factor := 1.0
		switch {
		case p.typ.kind == kindReason && !s.typed:
			factor = 0.7
		case p.typ.kind.typed() && s.typed && weak:
			factor = 0.8 * (0.6 + 0.4*proximity(s.dist))
		case p.typ.kind.typed() && s.typed && p.typ.kind == kindQuantity && !hasDigit(s.value):
			factor = 0.8 * (0.6 + 0.4*proximity(s.dist)) // "several thousand" is vaguer than "15,000"
		case p.typ.kind.typed() && s.typed:
			factor = 0.6 + 0.4*proximity(s.dist)
		case p.typ.kind.typed() && s.undisclosed:
			factor = 0.5
		case p.typ.kind.typed():
			factor = 0.25
		}
		if !inSentence {
			factor *= 0.8 // a name in the next sentence is a weaker tie
		}
		if p.typ.past && s.future {
			factor *= expectedFactor // what happened is asked, not what was expected
		}
		if unsettled && s.undisclosed {
			factor *= unsettledBoost // what is asked is what is undecided
		}
		if post && c.posted {
			factor *= postBoost // what someone posted is asked: the post leads
		}
		if outlet && namesOutlet(c.toks) {
			factor *= outletBoost // which outlet is asked: a sentence naming one leads
		}
		factor *= leads.boost(c.text) // who refused, or on what condition: a sentence telling it leads
		for st := range aside {
			if matchesAny(st, c.toks) {
				factor *= asideFactor
				break
			}
		}
		if p.naming && retrieval.GivesName(c.text) {
			factor *= nameBoost // what it is called is asked: the sentence giving a name leads
		}
		if defines != nil && defines.MatchString(retrieval.Fold(c.text)) {
			factor *= defineBoost // "what is MNF-U?": the sentence saying what it stands for leads
		}
		// A source far from the index's topic weighs less, as it does in
		// the search: an article about another ceasefire that shares the
		// question's words does not win over one about the summit.
		factor *= (0.8 + 0.2*c.theme) * c.onTopic
		if srcTotal > 0 {
			var srcGot float64
			for st := range source {
				if matchesAny(st, c.toks) || matchesAny(st, c.around) {
					srcGot += rel.weight(st)
				}
			}
			factor *= 1 - attributionPull*(1-srcGot/srcTotal)
		}
		if pointsBack(c.text) {
			// "He suggested…" quoted alone leaves the reader asking who:
			// a sentence that stands on its own is preferred.
			factor *= backRefFactor
		}
		n := len([]rune(c.text))
		s.score = s.ctxShare*factor + 0.04/float64(c.hit+1) - 0.0002*float64(max(0, n-300))
		out = append(out, s)
	}
	sort.SliceStable(out, func(a, b int) bool { return out[a].score > out[b].score })
	return out
}

// proximity is 1 for an instance of the asked type within three words of
// the question's words, falling as it moves away.
func proximity(dist int) float64 {
	return 1 / (1 + float64(max(0, dist-3))/4)
}

// holdsType reports whether a sentence's tokens hold an instance of the
// asked type other than the question's own words (at the positions in
// subject), and how far the nearest one is from those words; weak when the
// only persons it names are roles ("officials"), not names.
func holdsType(t askedType, toks []token, subject map[int]bool, lex lexicon) (typed bool, dist int, weak bool, inst span) {
	var spans []span
	switch t.kind {
	case kindQuantity:
		for _, q := range quantities(toks) {
			if (t.money && !q.money) || (t.currency != 0 && q.currency != t.currency) || (t.unit != nil && !t.money && !hasUnit(toks, q, t.unit)) || spanOfTime(toks, q, t.unit) {
				continue
			}
			spans = append(spans, q.span)
		}
	case kindDate:
		for _, s := range dates(toks, t.duration, t.day) {
			if t.future && s.start > 0 && toks[s.start-1].fold == "since" {
				continue // "since 2025" dates nothing still to come
			}
			if t.duration && s.end+1 < len(toks) && toks[s.end].fold == "of" && !subject[s.end+1] {
				continue // "four years of war" is how long the war lasted, not what is asked
			}
			spans = append(spans, s)
		}
		if !t.duration && !t.day && !t.aboutEvent {
			spans = append(spans, conditions(toks)...) // "when will they deploy": "after a ceasefire"
		}
	case kindPerson:
		var roles []span
		found := persons(toks, lex)
		if t.country {
			// "Which countries": places are the answer too.
			for _, s := range places(toks, lex) {
				if toks[s.start].capital {
					found = append(found, s)
				}
			}
		}
		for _, s := range found {
			switch {
			case t.role != nil && !hasRole(toks, s, t.role):
			case toks[s.start].capital:
				spans = append(spans, s)
			default:
				roles = append(roles, s)
			}
		}
		if ok, d, in := nearest(spans, toks, subject, t); ok {
			return true, d, false, in
		}
		ok, d, in := nearest(roles, toks, subject, t)
		return ok, d, true, in
	case kindPlace:
		switch {
		case t.region:
			spans = regions(toks) // which part of a country: only a region answers
		case t.city:
			spans = cities(toks, lex) // which city: no country answers
		default:
			spans = places(toks, lex)
		}
	case kindReason:
		spans = reasons(toks)
	default:
		return true, 0, false, span{}
	}
	ok, d, in := nearest(spans, toks, subject, t)
	return ok, d, false, in
}

// nearest returns whether spans holds an instance that is not the question's
// own words (at the positions in subject), the distance in words from the
// nearest one to those words, and that one.
func nearest(spans []span, toks []token, subject map[int]bool, t askedType) (bool, int, span) {
	best, bestSpan := -1, span{}
	for _, s := range spans {
		own := true
		for k := s.start; k < s.end; k++ {
			own = own && subject[k]
		}
		if own {
			continue // the question's own word: "Kyiv" does not answer "who in Kyiv"
		}
		if t.duration && s.start > 0 && (toks[s.start-1].fold == "since" || toks[s.start-1].fold == "for") {
			return true, 0, s // "since 2025" answers "how long has it been" best
		}
		for k := range subject {
			if k >= s.start && k < s.end {
				continue
			}
			d := s.start - k
			if k >= s.end {
				d = k - s.end + 1
			}
			if best < 0 || d < best {
				best, bestSpan = d, s
			}
		}
	}
	return best >= 0, best, bestSpan
}

// choose picks up to limit sentences answering a part: the best, then those
// scoring at least 0.6 of it (0.5 when they hold the type asked, and 0.4
// when they give another figure or date than those chosen, so that sources
// that differ appear side by side) that are not near-copies of one already
// chosen. When sentences holding the asked
// type exist, only they are chosen (and those saying the fact is not public).
// sources, when not nil, gives the source of each hit and asks for a
// contrast (the asker says the sources disagree): see withContrast.
func choose(t askedType, ranked []scored, limit int, sources []string) []quote {
	if len(ranked) == 0 {
		return nil
	}
	typedOnly, namedOnly := false, false
	for _, s := range ranked {
		typedOnly = typedOnly || (t.kind.typed() && s.typed && s.named)
		namedOnly = namedOnly || s.named
	}
	eligible := func(s scored) bool {
		return !(typedOnly && !s.typed && !s.undisclosed) && !(namedOnly && !s.named) && !(typedOnly && !countsNamed(t, s))
	}
	cutoff := 0.6
	if typedOnly {
		cutoff = 0.5
	}
	var chosen []scored
	values := map[string]bool{}
	for _, s := range ranked {
		if len(chosen) == limit {
			break
		}
		c := cutoff
		if typedOnly && s.typed && !values[s.value] {
			c = 0.4
		}
		if len(chosen) > 0 && s.score < c*chosen[0].score {
			continue
		}
		if !eligible(s) || nearCopy(s, chosen) {
			continue
		}
		chosen = append(chosen, s)
		values[s.value] = true
	}
	if sources != nil && len(chosen) > 0 {
		chosen = withContrast(t, ranked, chosen, limit, typedOnly, sources, eligible)
	}
	out := make([]quote, len(chosen))
	for i, c := range chosen {
		out[i] = c.quote
	}
	return out
}

// nearCopy reports whether s is a near-copy of a sentence in chosen, or
// one holds the other (a post's author line, shown with its next sentence).
func nearCopy(s scored, chosen []scored) bool {
	return slices.ContainsFunc(chosen, func(o scored) bool {
		return jaccard(s.stems, o.stems) > 0.5 || strings.Contains(o.text, s.text) || strings.Contains(s.text, o.text)
	})
}

// sameValue returns a figure's or date's words in a form that two ways of
// writing it share: months named in full, punctuation left out, words
// sorted ("Jan. 7, 2026" and "7 January 2026" alike).
func sameValue(v string) string {
	var ws []string
	for _, w := range retrieval.Words(v) {
		if m := retrieval.MonthName(w); m != "" {
			w = m
		}
		ws = append(ws, w)
	}
	slices.Sort(ws)
	return strings.Join(ws, " ")
}

// contrastCutoff is the share of the best sentence's score a sentence needs
// to be quoted as the other side when the asker says the sources disagree.
const contrastCutoff = 0.2

// withContrast makes sure, for a question whose asker says the sources
// disagree ("I see different numbers", "reports seem inconsistent"), that
// the sentences chosen show another side if the retrieved passages hold
// one: another figure or date (in digits) than the first sentence's when
// the type is asked, or else a sentence of another source than the first's. The best
// such sentence scoring at least contrastCutoff of the first is added, in
// the last place when chosen is full. sources gives each hit's source.
func withContrast(t askedType, ranked, chosen []scored, limit int, typedOnly bool, sources []string, eligible func(scored) bool) []scored {
	first := chosen[0]
	other := func(s scored) bool {
		if typedOnly {
			// A date to set against another is a day or a year, not "a
			// single day".
			return s.typed && sameValue(s.value) != sameValue(first.value) && (t.kind != kindDate || hasDigit(s.value))
		}
		return sources[s.hit] != sources[first.hit]
	}
	if slices.ContainsFunc(chosen[1:], other) {
		return chosen
	}
	for _, s := range ranked {
		if s.score < contrastCutoff*first.score {
			break
		}
		if !other(s) || !eligible(s) || nearCopy(s, chosen) {
			continue
		}
		if len(chosen) == limit {
			chosen = chosen[:limit-1]
		}
		return append(chosen, s)
	}
	return chosen
}

// holdsPurpose reports whether a sentence's toks tell what a typed question
// asks its figure or date of (askedType.purpose): for money, any word that
// stands for it (matchesAny); for a date, the scheduled event's verb or a
// form of it ("open", "opening"; not "openly").
func holdsPurpose(typ askedType, toks []token, rel relevanceInfo, matchesAny func(string, []token) bool) bool {
	if typ.kind != kindDate {
		return matchesAny(typ.purpose, toks)
	}
	return slices.ContainsFunc(toks, func(t token) bool {
		return rel.matches(typ.purpose, t) && !strings.HasSuffix(t.fold, "ly")
	})
}
