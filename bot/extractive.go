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
	// around holds the tokens of the sentences before and after it in its
	// passage, and passage those of the whole passage: its context.
	around, passage []token
	// theme is the share of the retrieved passages' common words (those in
	// at least half of them) that its passage holds.
	theme float64
	// onTopic is its source's weight for closeness to the index's topic
	// (retrieval.Index.TopicWeights): 1 on the topic, down to
	// retrieval.TopicFloor far from it; 1 when there is no topic.
	onTopic float64
	// posted: it, or the sentence before it, quotes or reports a post on
	// social media (retrieval.HoldsPost), as the second sentence of a
	// quoted post after the line naming its author's handle.
	posted bool
}

// answerExtractive answers without a model from what retrieve found: an
// instruction-shaped question gets a sentence saying what the bot answers,
// unless it also asks a question (withoutRemarks), which is answered after
// a note saying the instructions were not taken; any other question is
// answered by answerQuoted. It is the offline answer and the fallback when
// the model fails.
func (e *Engine) answerExtractive(ans Answer, r retrieved) Answer {
	ans.Mode = ModeExtractive
	if instructionShaped(r.question) {
		if q := withoutRemarks(r.question); instructionShaped(q) || !retrieval.Asking(q) {
			return instructionAnswer(ans, r.lang)
		}
		// A question beside the instructions is answered, and the answer
		// says the instructions were not taken.
		ans = e.answerQuoted(ans, r)
		ans.Text = inLanguage(instructionNotes, r.lang) + "\n" + ans.Text
		return ans
	}
	return e.answerQuoted(ans, r)
}

// answerQuoted answers r without a model: the not-found rules
// (relevance.go), then quoted sentences, part by part.
func (e *Engine) answerQuoted(ans Answer, r retrieved) Answer {
	if !r.rel.found(e.opts.MinCoverage) {
		if d := e.deniedPremise(r); d != nil {
			// "Why did Trump agree to send 10k troops?": the sources
			// deny that he sends any, whatever the figure.
			text, cites := quoteSections(quotedHeader(r.lang), []section{{quotes: []quote{d.quote}}}, r.hits, r.lang)
			return grounded(ans, r.lang, text, cites)
		}
		return offlineNotFound(ans, r.lang)
	}
	cands := candidates(r.hits, r.topic)
	lex := learn(hitTexts(r.hits))
	asked := searchText(withoutRemarks(r.question), r.lang)
	if d := e.deniedStatedPremise(r, asked, cands, lex); d != nil {
		// "Since Washington agreed to send troops, how many…": the
		// sources deny what the question takes as given.
		text, cites := quoteSections(quotedHeader(r.lang), []section{{quotes: []quote{d.quote}}}, r.hits, r.lang)
		return grounded(ans, r.lang, text, cites)
	}
	parts := splitParts(asked, r.lang, e.opts.Inflections)
	limit := maxExtractSentences
	// The asker says the sources disagree: each part's answer shows the
	// other side too, if one was retrieved (withContrast).
	var contrast []string
	if disagreeRe.MatchString(r.question) {
		for _, h := range r.hits {
			contrast = append(contrast, h.Source.ID)
		}
	}
	// A word that only passages not retrieved hold says less about which
	// retrieved sentence answers (shareWeight).
	shares := r.rel
	shares.discountUnheld = true
	var sections []section
	var honest *scored // a sentence saying the fact asked is not public
	answered, compoundMissing := 0, false
	for _, p := range parts {
		p.naming = retrieval.AsksName(p.text)
		ranked := preferLeading(rankSentences(p, cands, shares, lex, r.lang))
		if p.typ.list {
			limit = maxListSentences
		}
		if !r.rel.holdsAnswer(p.typ, ranked) || p.naming && !givesNameAsked(ranked) {
			if d := deniedAbout(p.typ, ranked); d != nil {
				// The sources deny what is counted: that is the answer.
				answered++
				sections = append(sections, section{title: p.text, quotes: []quote{d.quote}})
				continue
			}
			if honest == nil {
				honest = undisclosedAbout(ranked)
			}
			compoundMissing = compoundMissing || p.compound
			sections = append(sections, section{title: p.text})
			continue
		}
		answered++
		sections = append(sections, section{title: p.text, quotes: choose(p.typ, ranked, limit, contrast)})
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

// answerLeadPrior is how much more a sentence weighs, divided by its
// passage's place (1 for the first), when an answer is chosen: the
// passages come ordered by the search and the reordering, which read a
// question worded away from the articles better than a sentence's words
// alone do. The reordering already weighs the best sentences' scores, so
// the prior is small (0.08 lost three more development answers than 0.04
// once it did). rankSentences' own prior (0.04 at the first place) stays
// as it is for the reordering, which weighs the search's scores itself.
const answerLeadPrior = 0.04

// preferLeading adds answerLeadPrior / place to each sentence's score and
// orders them again, best first.
func preferLeading(ranked []scored) []scored {
	for i := range ranked {
		ranked[i].score += answerLeadPrior / float64(ranked[i].hit+1)
	}
	sort.SliceStable(ranked, func(a, b int) bool { return ranked[a].score > ranked[b].score })
	return ranked
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
// overlapping passages is kept once. topic holds the sources' weights for
// their closeness to the index's topic (nil: no topic, all weigh 1).
func candidates(hits []retrieval.Hit, topic map[string]float64) []*candidate {
	var out []*candidate
	seen := map[string]bool{}
	themes := themeShares(hits)
	for i, h := range hits {
		passage := tokenize(h.Chunk.Text)
		spans := retrieval.Sentences(h.Chunk.Text)
		sents := make([][]token, len(spans))
		for k, sp := range spans {
			sents[k] = tokenize(h.Chunk.Text[sp.Start:sp.End])
		}
		for k, sp := range spans {
			s := strings.TrimSpace(h.Chunk.Text[sp.Start:sp.End])
			key := strings.Join(strings.Fields(s), " ")
			if seen[key] || !quotable(s) || strings.HasSuffix(strings.TrimRight(s, `"”’')»]`), ":") {
				continue // a sentence introducing a list says nothing by itself
			}
			seen[key] = true
			var around []token
			if k > 0 {
				around = append(around, sents[k-1]...)
			}
			if k+1 < len(sents) {
				around = append(around, sents[k+1]...)
			}
			onTopic := 1.0
			if w, ok := topic[h.Source.ID]; ok {
				onTopic = w
			}
			before := "" // the sentence before it
			if k > 0 {
				before = h.Chunk.Text[spans[k-1].Start:spans[k-1].End]
			}
			posted := retrieval.HoldsPost(s) || retrieval.HoldsPost(before)
			shown := s
			if !authorLineRe.MatchString(s) && authorLineRe.MatchString(before) {
				// A post's next sentence is shown with the line naming
				// its author: "Mark Carney (@MarkJCarney), January 6,
				// 2026: "Thank you… Canada and France are…"".
				shown = strings.TrimSpace(h.Chunk.Text[spans[k-1].Start:sp.End])
			}
			out = append(out, &candidate{quote: quote{hit: i, text: shown}, toks: sents[k], stems: contentStems(s), around: around, passage: passage, theme: themes[i], onTopic: onTopic, posted: posted})
		}
	}
	return out
}

// authorLineRe matches the line that opens a quoted social-media post by
// naming its author and handle: "Mark Carney (@MarkJCarney), January 6,
// 2026: "Thank you…".
var authorLineRe = regexp.MustCompile(`^[^.!?]{0,80}\(@[A-Za-z0-9_]{2,}\)`)

// themeShares returns, for each hit, the share it holds of the words common
// to the retrieved passages (the content words found in at least half of
// them): how much it is about what the retrieved material is about. A
// passage of another story that shares the question's words (a distractor)
// holds few of them. All are 1 when there are too few passages to tell.
func themeShares(hits []retrieval.Hit) []float64 {
	out := make([]float64, len(hits))
	for i := range out {
		out[i] = 1
	}
	if len(hits) < 4 {
		return out
	}
	sets := make([]map[string]bool, len(hits))
	count := map[string]int{}
	for i, h := range hits {
		sets[i] = contentStems(h.Chunk.Text)
		for st := range sets[i] {
			count[st]++
		}
	}
	var theme []string
	for st, n := range count {
		if 2*n >= len(hits) && !hasDigit(st) {
			theme = append(theme, st)
		}
	}
	if len(theme) < 3 {
		return out
	}
	for i := range hits {
		n := 0
		for _, st := range theme {
			if sets[i][st] {
				n++
			}
		}
		out[i] = float64(n) / float64(len(theme))
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
// bylines, credit and copyright lines, calls to subscribe or share. Sources
// are cleaned at ingest (retrieval/ingest, rules.go); this is the last guard
// for texts stored before that cleaning, kept narrow so that article
// sentences that merely mention a poll or an update are not dropped.
var boilerplateRe = regexp.MustCompile(`^by [a-z]+ [a-z]+(?: and [a-z]+ [a-z]+)?[.,]?$|contributed (?:to )?(?:this )?report|contributed reporting|\((?:ap|afp|reuters) photo/|(?:ap|afp|reuters|getty images)/[a-z .]{1,25}$|^(?:photo|image|video|caption|source|credit)s?:|\bcopyright\b|\ball rights reserved\b|\bsign up\b|\bsubscribe\b|\bnewsletter\b|\bclick here\b|\bread more\b|\bfollow (?:us|@)|\bshare (?:this|on)\b|\bcookies?\b|^(?:updated|published|posted)(?: on)?:? (?:\d|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun)`)

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
