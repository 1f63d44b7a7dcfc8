package bot

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/summitbot/summitbot/retrieval"
)

// maxExtractSentences is how many sentences an extractive answer quotes,
// and maxListSentences how many when a list is asked for.
const (
	maxExtractSentences = 3
	maxListSentences    = 5
)

// quote is a sentence an extractive answer or summary quotes.
type quote struct {
	hit  int // index into the hits of the passage it comes from
	text string
}

// candidate is a sentence of the retrieved passages that may be quoted.
type candidate struct {
	quote
	toks  []token
	stems map[string]bool
	// prev holds the tokens of the sentence before it in its passage, and
	// passage those of the whole passage: its context.
	prev, passage []token
}

// scored is a candidate weighed against one question part.
type scored struct {
	*candidate
	// share is the IDF-weighted share of the part's subject the sentence
	// holds, and ctxShare the share counting its passage half.
	share, ctxShare float64
	// named: every name of the part is in the sentence or the one before.
	named bool
	// typed: the sentence holds the type asked, dist words from the subject.
	typed bool
	dist  int
	// undisclosed: the sentence says the fact is not public or undecided.
	undisclosed bool
	future      bool
	score       float64
}

// answerExtractive answers without a model from what retrieve found: an
// instruction-shaped question gets a sentence saying what the bot answers;
// then the not-found rules (relevance.go), then quoted sentences, part by
// part. It is the offline answer and the fallback when the model fails.
func (e *Engine) answerExtractive(ans Answer, r retrieved) Answer {
	ans.Mode = ModeExtractive
	if instructionShaped(r.question) {
		return instructionAnswer(ans, r.lang)
	}
	if !r.rel.found(e.opts.MinCoverage) {
		return offlineNotFound(ans, r.lang)
	}
	cands := candidates(r.hits)
	gaz := gazetteer(hitTexts(r.hits))
	parts := splitParts(searchText(r.question, r.lang), r.lang)
	limit := maxExtractSentences
	var sections []section
	var honest *scored // a sentence saying the fact asked is not public
	answered, compoundMissing := 0, false
	for _, p := range parts {
		ranked := rankSentences(p, cands, r.rel, gaz, r.lang)
		if p.typ.list {
			limit = maxListSentences
		}
		if !r.rel.holdsAnswer(p.typ, ranked) {
			if honest == nil {
				honest = undisclosedAbout(ranked)
			}
			compoundMissing = compoundMissing || p.compound
			sections = append(sections, section{title: p.text})
			continue
		}
		answered++
		sections = append(sections, section{title: p.text, quotes: choose(p.typ, ranked, limit)})
	}
	if answered == 0 || compoundMissing {
		if honest != nil {
			return notFoundQuoting(ans, r.lang, honest.quote, r.hits)
		}
		return offlineNotFound(ans, r.lang)
	}
	if len(sections) == 1 {
		sections[0].title = ""
	}
	text, cites := quoteSections(quotedHeader(r.lang), fitSections(sections, limit), r.hits, r.lang)
	if len(cites) == 0 {
		return offlineNotFound(ans, r.lang)
	}
	return grounded(ans, r.lang, text, cites)
}

// offlineNotFound returns ans saying, in lang, that the sources do not cover
// the question (and, in a language other than English, that a configured
// model answers it better).
func offlineNotFound(ans Answer, lang language) Answer {
	ans = notFound(ans, lang)
	ans.Text = notFoundOffline(lang)
	return ans
}

// candidates returns the sentences of hits that may be quoted: prose, long
// enough to say something, not boilerplate; a sentence repeated in
// overlapping passages is kept once.
func candidates(hits []retrieval.Hit) []*candidate {
	var out []*candidate
	seen := map[string]bool{}
	for i, h := range hits {
		passage := tokenize(h.Chunk.Text)
		var prev []token
		for _, sp := range retrieval.Sentences(h.Chunk.Text) {
			s := strings.TrimSpace(h.Chunk.Text[sp.Start:sp.End])
			toks := tokenize(s)
			key := strings.Join(strings.Fields(s), " ")
			if !seen[key] && quotable(s) {
				seen[key] = true
				out = append(out, &candidate{quote: quote{hit: i, text: s}, toks: toks, stems: contentStems(s), prev: prev, passage: passage})
			}
			prev = toks
		}
	}
	return out
}

func hitTexts(hits []retrieval.Hit) []string {
	out := make([]string, len(hits))
	for i, h := range hits {
		out[i] = h.Chunk.Text
	}
	return out
}

// quotable reports whether a sentence may be quoted in an answer: prose of
// at least 25 characters that ends as a sentence ends, and not boilerplate
// (a byline, a credit line, a line of a reference list).
func quotable(s string) bool {
	if !prose(s) || len([]rune(s)) < 25 {
		return false
	}
	t := strings.TrimRight(s, `"”’')»]`)
	if !strings.ContainsAny(t[len(t)-1:], ".!?:;,") && !strings.HasSuffix(t, "…") {
		return false // a reference-list line or a caption: "Reuters, Title, 6 January 2026"
	}
	f := retrieval.Fold(s)
	return !boilerplateRe.MatchString(f) && !(len(f) <= 100 && creditRe.MatchString(f))
}

// creditRe matches a short credit line: "Reporting by A; editing by B".
var creditRe = regexp.MustCompile(`^\(?(?:reporting|writing|editing|additional reporting|compiled|produced) by\b`)

// boilerplateRe matches the lines of news pages that are not the article:
// bylines, credit and copyright lines, calls to subscribe or share.
var boilerplateRe = regexp.MustCompile(`^by [a-z]+ [a-z]+(?: and [a-z]+ [a-z]+)?[.,]?$|contributed (?:to )?(?:this )?report|contributed reporting|\b(?:ap|afp|reuters|getty images|photo|file photo)/|^(?:photo|image|video|caption|source|credit)s?:|\bcopyright\b|\ball rights reserved\b|\bsign up\b|\bsubscribe\b|\bnewsletter\b|\bclick here\b|\bread more\b|\bfollow (?:us|@)|\bshare (?:this|on)\b|\bcookies?\b|^(?:updated|published|posted)\b`)

// rankSentences weighs every candidate against a question part, best first,
// leaving out sentences that share no subject word with it.
func rankSentences(p questionPart, cands []*candidate, rel relevanceInfo, gaz map[string]bool, lang language) []scored {
	subject := subjectStems(p.text, p.typ)
	var total float64
	for st := range subject {
		if rel.matchable(st) {
			total += rel.weight(st)
		}
	}
	if total == 0 {
		return nil
	}
	var names []string
	for w := range namedWords(p.text, lang.code != "de") {
		if !hasDigit(w) {
			names = append(names, retrieval.Stem(w))
		}
	}
	matchesAny := func(st string, toks []token) bool {
		for _, t := range toks {
			if rel.matches(st, t) || sameUnit(st, t.stem) {
				return true
			}
		}
		return false
	}
	var out []scored
	for _, c := range cands {
		pos := map[int]bool{}
		var got, inPassage float64
		for st := range subject {
			hit := false
			for k, t := range c.toks {
				if rel.matches(st, t) || sameUnit(st, t.stem) {
					pos[k], hit = true, true
				}
			}
			if !rel.matchable(st) {
				continue
			}
			if hit {
				got += rel.weight(st)
			}
			if hit || matchesAny(st, c.passage) {
				inPassage += rel.weight(st)
			}
		}
		if got == 0 {
			continue
		}
		s := scored{candidate: c, share: got / total, undisclosed: undisclosed(c.text), future: future(c.toks), named: true}
		s.ctxShare = max(s.share, (s.share+inPassage/total)/2)
		for _, n := range names {
			s.named = s.named && (matchesAny(n, c.toks) || matchesAny(n, c.prev))
		}
		s.typed, s.dist = holdsType(p.typ, c.toks, pos, gaz)
		factor := 1.0
		switch {
		case p.typ.kind == kindReason && !s.typed:
			factor = 0.7
		case p.typ.kind.typed() && s.typed:
			factor = 0.6 + 0.4*proximity(s.dist)
		case p.typ.kind.typed() && s.undisclosed:
			factor = 0.5
		case p.typ.kind.typed():
			factor = 0.25
		}
		n := len([]rune(c.text))
		s.score = s.share*factor + 0.04/float64(c.hit+1) - 0.0002*float64(max(0, n-300))
		out = append(out, s)
	}
	sort.SliceStable(out, func(a, b int) bool { return out[a].score > out[b].score })
	return out
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

// proximity is 1 for an instance of the asked type within three words of
// the question's words, falling as it moves away.
func proximity(dist int) float64 {
	return 1 / (1 + float64(max(0, dist-3))/4)
}

// holdsType reports whether a sentence's tokens hold an instance of the
// asked type other than the question's own words (at the positions in
// subject), and how far the nearest one is from those words.
func holdsType(t askedType, toks []token, subject map[int]bool, gaz map[string]bool) (bool, int) {
	var spans []span
	switch t.kind {
	case kindQuantity:
		for _, q := range quantities(toks) {
			if (t.money && !q.money) || (t.currency != 0 && q.currency != t.currency) || (t.unit != nil && !t.money && !hasUnit(toks, q, t.unit)) {
				continue
			}
			spans = append(spans, q.span)
		}
	case kindDate:
		for _, s := range dates(toks, t.duration) {
			if t.future && s.start > 0 && toks[s.start-1].fold == "since" {
				continue // "since 2025" dates nothing still to come
			}
			spans = append(spans, s)
		}
	case kindPerson:
		for _, s := range persons(toks, gaz) {
			if t.role == nil || hasRole(toks, s, t.role) {
				spans = append(spans, s)
			}
		}
	case kindPlace:
		spans = places(toks, gaz)
	case kindReason:
		spans = reasons(toks)
	default:
		return true, 0
	}
	best := -1
	for _, s := range spans {
		own := true
		for k := s.start; k < s.end; k++ {
			own = own && subject[k]
		}
		if own {
			continue // the question's own word: "Kyiv" does not answer "who in Kyiv"
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
				best = d
			}
		}
	}
	return best >= 0, best
}

// hasRole reports whether a name span carries one of the titles asked
// ("Secretary General Mark Rutte" for "which general").
func hasRole(toks []token, s span, role map[string]bool) bool {
	for k := max(0, s.start-2); k < s.end; k++ {
		if role[toks[k].stem] {
			return true
		}
	}
	return false
}

// choose picks up to limit sentences answering a part: the best, then those
// scoring at least 0.6 of it that are not near-copies of one already chosen.
// When sentences holding the asked type exist, only they are chosen (and
// those saying the fact is not public).
func choose(t askedType, ranked []scored, limit int) []quote {
	if len(ranked) == 0 {
		return nil
	}
	typedOnly := false
	if t.kind.typed() {
		for _, s := range ranked {
			typedOnly = typedOnly || s.typed
		}
	}
	var chosen []scored
	for _, s := range ranked {
		if len(chosen) == limit || (len(chosen) > 0 && s.score < 0.6*chosen[0].score) {
			break
		}
		if typedOnly && !s.typed && !s.undisclosed {
			continue
		}
		dup := false
		for _, o := range chosen {
			dup = dup || jaccard(s.stems, o.stems) > 0.5
		}
		if !dup {
			chosen = append(chosen, s)
		}
	}
	out := make([]quote, len(chosen))
	for i, c := range chosen {
		out[i] = c.quote
	}
	return out
}

// section is the answer to one part of a question: its quotes under the
// part's text (no title when the question has one part). No quotes means
// the part is not found.
type section struct {
	title  string
	quotes []quote
}

// fitSections keeps at most limit quotes in all: each answered part keeps
// its best, then the parts' next quotes in turn; a sentence answering two
// parts is quoted under the first only.
func fitSections(sections []section, limit int) []section {
	out := make([]section, len(sections))
	used := map[string]bool{}
	n := 0
	for round := 0; n < limit; round++ {
		added := false
		for i, s := range sections {
			out[i].title = s.title
			if round >= len(s.quotes) || n == limit {
				continue
			}
			q := s.quotes[round]
			added = true
			if used[q.text] {
				continue
			}
			used[q.text] = true
			out[i].quotes = append(out[i].quotes, q)
			n++
		}
		if !added {
			break
		}
	}
	return out
}

// extractive selects the sentences of the retrieved passages that best match
// a question or topic (weighted by IDF when weights are given), best first:
// what summaries quote without a model. It returns none when no sentence
// shares a word with it.
func extractive(question string, hits []retrieval.Hit, weights map[string]float64) []quote {
	rel := relevanceInfo{weights: weights}
	p := questionPart{text: question, typ: askedType{words: map[string]bool{}}}
	return choose(p.typ, rankSentences(p, candidates(hits), rel, nil, english), maxExtractSentences)
}

// quoteList formats quotes as a list under header, each sentence followed by
// the citation of its passage, and grounds the citations (numbering them in
// order of first appearance). It returns "" and no citations when there are
// no quotes.
func quoteList(header string, quotes []quote, hits []retrieval.Hit) (string, []Citation) {
	if len(quotes) == 0 {
		return "", nil
	}
	return quoteSections(header, []section{{quotes: quotes}}, hits, english)
}

// quoteSections formats the answer of each question part under its title,
// each sentence followed by the citation of its passage; a part without
// quotes says it is not found. Citations are grounded (one number per
// source, numbered in order of first appearance), and the quote of each is
// exactly the sentences the answer used from that source.
func quoteSections(header string, sections []section, hits []retrieval.Hit, lang language) (string, []Citation) {
	var b strings.Builder
	var used []quote
	for _, s := range sections {
		if s.title != "" {
			// The part's text is the user's: brackets in it are not citations.
			fmt.Fprintf(&b, "%s\n", strings.NewReplacer("[", "(", "]", ")").Replace(strings.TrimSpace(s.title)))
		}
		if len(s.quotes) == 0 && s.title != "" {
			fmt.Fprintf(&b, "- %s\n", notFoundPartText(lang))
		}
		for _, q := range s.quotes {
			fmt.Fprintf(&b, "- %s [%d]\n", q.text, q.hit+1)
			used = append(used, q)
		}
	}
	if len(used) == 0 {
		return "", nil
	}
	// The header is the caller's text (a topic, a title): it is not searched
	// for citations.
	text, cites := groundBySource(b.String(), hits)
	quoteUsed(cites, used, hits)
	return header + "\n" + text, cites
}

// quoteUsed sets each citation's quote to exactly the sentences the answer
// quoted from its source, in the order quoted. Citations are numbered in
// order of first appearance, which is the order of used.
func quoteUsed(cites []Citation, used []quote, hits []retrieval.Hit) {
	var keys []string
	byKey := map[string][]string{}
	for _, q := range used {
		k := sourceKey(hits, q.hit)
		if _, ok := byKey[k]; !ok {
			keys = append(keys, k)
		}
		if !containsString(byKey[k], q.text) {
			byKey[k] = append(byKey[k], q.text)
		}
	}
	for i := range cites {
		if i < len(keys) {
			cites[i].Quote = strings.Join(strings.Fields(strings.Join(byKey[keys[i]], " … ")), " ")
		}
	}
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func weightOf(weights map[string]float64, stem string) float64 {
	if w, ok := weights[stem]; ok {
		return w
	}
	return 1
}

func jaccard(a, b map[string]bool) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	inter := 0
	for w := range a {
		if b[w] {
			inter++
		}
	}
	return float64(inter) / float64(len(a)+len(b)-inter)
}
