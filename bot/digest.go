package bot

import (
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"

	"github.com/summitbot/summitbot/retrieval"
)

// MaxSummaryChars is the most an offline summary may take as posted, its
// Sources list and any notice included: one Discord message (2,000) with
// room to spare.
const MaxSummaryChars = 1900

// Bullets a digest holds at most: of everything, of a topic, of a source.
const (
	maxDigestBullets = 12
	maxTopicBullets  = 10
)

// Headers of the summaries.
const (
	everythingHeader = "What the loaded sources report about the summit:"
	topicHeader      = "What the loaded sources say about %s:"
)

// sourceHeader names the summarised article, once.
func sourceHeader(title string) string {
	return "Summary of “" + title + "” (quoted from the article):"
}

// digest is the offline summary of hits: the sentences that stand on their
// own, scored by how many sources support them, what they tell, and (for a
// topic) how well they cover it, below a floor not at all; redundant ones
// dropped (MMR), grouped by facet under short headings for a summary of
// everything or of a source, within MaxSummaryChars less reserve (a notice
// shown above it). One citation number per source; each citation quotes the
// sentences used from it. No text and no citations when nothing qualifies.
func digest(scope summaryScope, hits []retrieval.Hit, terms func(string) []string, reserve int) (string, []Citation) {
	ps := points(hits, terms)
	if len(ps) == 0 {
		return "", nil
	}
	sim := newSimilarity(ps)
	centrality(ps, sim)
	var groups []termGroup
	var facets []facet
	var actors []string
	if scope.topic != "" {
		groups = topicGroups(scope.topic, terms, scope.expand, scope.related)
		facets = topicFacets(scope.topic)
		actors = stanceActors(scope.topic, terms)
	}
	passage := passageRelevance(hits)
	var eligible []*point
	for _, p := range ps {
		p.info = information(p.text)
		p.score = weightCentral*p.central + weightInfo*p.info
		if anticipates(p.text) {
			p.score *= weightAnticipated // written before the event
		}
		if scope.topic != "" {
			p.rel = topicRelevance(p, groups, facets, sim)
			if passage != nil && p.rel > 0 {
				// How well the engine's search ranked its passage for the
				// topic (thesaurus and all) counts with the words it holds.
				p.rel = (1-weightPassage)*p.rel + weightPassage*passage[p.hit]
			}
			if len(actors) > 0 && !actorSpeaks(p.text, actors) {
				p.rel *= weightNotStance // what others say of the actor
			}
			if p.rel < topicFloor {
				continue // off the topic: left out rather than filling space
			}
			p.score += weightTopic * p.rel
		}
		eligible = append(eligible, p)
	}
	if len(eligible) == 0 {
		return "", nil
	}
	if scope.topic != "" {
		eligible = nearBest(eligible, topicScoreFloor)
	}
	header, limit, grouped := everythingHeader, maxDigestBullets, true
	switch {
	case scope.source != nil:
		header, limit = sourceHeader(scope.source.Title), maxSummaryBullets
	case scope.topic != "":
		header = strings.Replace(topicHeader, "%s", strings.NewReplacer("[", "(", "]", ")").Replace(scope.topic), 1)
		limit, grouped = maxTopicBullets, false
	}
	budget := MaxSummaryChars - reserve
	layout := func(chosen []*point) (string, []Citation) {
		return layoutDigest(header, arrange(chosen, grouped, scope.source != nil), hits)
	}
	fits := func(chosen []*point) bool {
		text, cites := layout(chosen)
		return RenderedLen(Answer{Text: text, Citations: cites, ShortSources: true}) <= budget
	}
	red := sim
	for _, g := range groups {
		red = red.without(g.own)
	}
	chosen := pickMMR(eligible, red, limit, scope.topic == "", fits)
	if len(chosen) == 0 {
		return "", nil
	}
	return layout(chosen)
}

// nearBest keeps the points scored at least share of the best one's score:
// a topic's summary takes more bullets while they are about as good as its
// best, not down to any that clears the floor.
func nearBest(ps []*point, share float64) []*point {
	best := 0.0
	for _, p := range ps {
		best = max(best, p.score)
	}
	var out []*point
	for _, p := range ps {
		if p.score >= share*best {
			out = append(out, p)
		}
	}
	return out
}

// block is the bullets under one heading ("" for none).
type block struct {
	heading string
	points  []*point
}

// arrange groups the chosen points by facet, in facet order, when grouped
// and they span more than one; a source's points keep the article's order
// within a group.
func arrange(chosen []*point, grouped, articleOrder bool) []block {
	ps := append([]*point(nil), chosen...)
	if articleOrder {
		sort.SliceStable(ps, func(i, j int) bool { return ps[i].order < ps[j].order })
	}
	byFacet := map[facet][]*point{}
	for _, p := range ps {
		byFacet[p.facet] = append(byFacet[p.facet], p)
	}
	if !grouped || len(byFacet) < 2 {
		return []block{{points: ps}}
	}
	var out []block
	for f := facet(0); f < numFacets; f++ {
		if len(byFacet[f]) > 0 {
			out = append(out, block{heading: facetHeadings[f], points: byFacet[f]})
		}
	}
	return out
}

// layoutDigest writes the blocks as bullets, each with the number of its
// source (numbered in order of first appearance), and the citations, each
// quoting exactly the sentences used from its source.
func layoutDigest(header string, blocks []block, hits []retrieval.Hit) (string, []Citation) {
	var b strings.Builder
	b.WriteString(header)
	num := map[string]int{}
	var cites []Citation
	for _, bl := range blocks {
		if bl.heading != "" {
			b.WriteString("\n**" + bl.heading + "**")
		}
		for _, p := range bl.points {
			n, ok := num[p.source]
			if !ok {
				h := hits[p.hit]
				n = len(cites) + 1
				num[p.source] = n
				cites = append(cites, Citation{N: n, SourceID: h.Source.ID, Title: h.Source.Title, Outlet: h.Source.Outlet, URL: h.Source.URL, Published: h.Source.Published, Quote: p.text})
			} else if !strings.Contains(cites[n-1].Quote, p.text) {
				cites[n-1].Quote += " … " + p.text
			}
			b.WriteString("\n- " + p.text + " [" + strconv.Itoa(n) + "]")
		}
	}
	return b.String(), cites
}

// RenderedLen is the length of a as the Discord adapter posts it, in the
// UTF-16 units Discord counts: the notice, the text, and the Sources list
// with one line per citation ("[n] [Title](<url>) — Outlet, 7 Jan 2026").
func RenderedLen(a Answer) int {
	n := 0
	if notice := a.Notice(); notice != "" {
		n += 2 + utf16Len(escapedLen(notice)) + 2
	}
	n += utf16Len(strings.TrimSpace(a.Text))
	if len(a.Citations) == 0 {
		return n
	}
	n += len("\n\n**Sources**")
	for _, c := range a.Citations {
		title := strings.TrimSpace(c.Title)
		if title == "" {
			title = c.SourceID
		}
		if a.ShortSources {
			title = ShortTitle(title)
		}
		n += len("\n[] ") + len(strconv.Itoa(c.N)) + utf16Len(escapedLen(title))
		if u := strings.TrimSpace(c.URL); strings.HasPrefix(strings.ToLower(u), "http") {
			n += len("[](<>)") + utf16Len(u)
		}
		var details []string
		if o := strings.TrimSpace(c.Outlet); o != "" {
			details = append(details, escapedLen(o))
		}
		if d := strings.TrimSpace(c.Published); d != "" {
			if t, err := time.Parse("2006-01-02", d); err == nil {
				d = t.Format("2 Jan 2006")
			}
			details = append(details, d)
		}
		if len(details) > 0 {
			n += len(" — ") - 2 + utf16Len(strings.Join(details, ", ")) // "—" is one unit
		}
	}
	return n
}

// maxShortTitle is the most characters of a title ShortTitle keeps.
const maxShortTitle = 48

// ShortTitle is title cut after a word to at most maxShortTitle characters,
// with "…" when cut: a Sources line of a summary names the article without
// taking the room of a bullet.
func ShortTitle(title string) string {
	r := []rune(title)
	if len(r) <= maxShortTitle {
		return title
	}
	cut := string(r[:maxShortTitle-1])
	if i := strings.LastIndexAny(cut, " "); i > maxShortTitle/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,.:;–—-") + "…"
}

// escapedLen returns s as the adapter escapes it for markdown, for counting.
func escapedLen(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	return strings.NewReplacer(`\`, `\\`, "*", `\*`, "_", `\_`, "~", `\~`, "`", "\\`", "|", `\|`, "[", `\[`, "]", `\]`, ">", `\>`, "#", `\#`).Replace(s)
}

func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

// offlineSummary is the summary without a model (digest), leaving room for
// the notice of ans when it has one.
func (e *Engine) offlineSummary(ans Answer, scope summaryScope, hits []retrieval.Hit) (string, []Citation) {
	reserve := 0
	if n := ans.Notice(); n != "" {
		reserve = utf16Len(escapedLen(n)) + 4
	}
	return digest(scope, hits, e.idx.Terms, reserve)
}
