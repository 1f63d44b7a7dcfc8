package bot

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"golang.org/x/sync/errgroup"

	"github.com/summitbot/summitbot/bot/safetext"

	"github.com/summitbot/summitbot/prompts"
	"github.com/summitbot/summitbot/retrieval"
)

// This file writes summaries with the model, by map-reduce. The map step
// asks, source by source (a source larger than the context budget part by
// part), for notes of the facts it states, each citing its passage; the
// notes are checked against that source's passages (repair.go) and only
// their cited lines are kept. The reduce step writes the summary from those
// notes only, grouped by facet for a summary of everything or of one
// source; its claims are checked again, it is grounded with one number per
// source, and cut at a bullet boundary until it fits two Discord messages.

// MaxModelSummaryChars is the most a model's summary may take as posted,
// text and Sources list included, in the units RenderedLen counts. The
// Discord adapter splits a long message where each part but the last is
// at least half full, so this much always fits two messages of 2,000.
const MaxModelSummaryChars = 3000

// summaryTextChars is the length of text the summary prompt asks for, so
// that the summary with its Sources list usually needs no cut.
const summaryTextChars = 1500

// sourcePart is the material of one notes request: hits[first:end] of the
// hits ordered by source, part part of parts of their source.
type sourcePart struct {
	first, end  int
	part, parts int
}

// bySource orders hits source by source, the sources in order of first
// appearance and each one's passages in their order in the article, and
// splits each source's run into parts that fit budget (groupPassages).
func bySource(hits []retrieval.Hit, budget int) ([]retrieval.Hit, [][]sourcePart) {
	var order []string
	runs := map[string][]retrieval.Hit{}
	for i, h := range hits {
		key := sourceKey(hits, i)
		if _, ok := runs[key]; !ok {
			order = append(order, key)
		}
		runs[key] = append(runs[key], h)
	}
	ordered := make([]retrieval.Hit, 0, len(hits))
	sources := make([][]sourcePart, 0, len(order))
	for _, key := range order {
		run := runs[key]
		sort.SliceStable(run, func(a, b int) bool { return run[a].Chunk.Position < run[b].Chunk.Position })
		groups := groupPassages(toPassages(run), budget)
		parts := make([]sourcePart, len(groups))
		first := len(ordered)
		for i, g := range groups {
			parts[i] = sourcePart{first: first, end: first + len(g), part: i + 1, parts: len(groups)}
			first += len(g)
		}
		ordered = append(ordered, run...)
		sources = append(sources, parts)
	}
	return ordered, sources
}

// summaryJob is what the model path of a summary works on.
type summaryJob struct {
	topic  string // the topic as the prompts name it ("" for everything)
	check  string // the topic claims are checked against (newChecker)
	lang   language
	facets bool            // group by facet: a summary of everything or of one source
	hits   []retrieval.Hit // ordered by source (bySource); prompts cite 1..len(hits)
	parts  [][]sourcePart  // by source
}

// summarizeModel runs the map and reduce steps of job and returns the
// model's summary, citing job.hits by number, unchecked. found is false when
// the model said NOT_FOUND to the summary, or to every notes request (no
// summary is then asked for); when it noted something but no note held
// once checked, text is empty and found true: the summary is then quoted.
// Only the summary request streams to onPartial.
func (e *Engine) summarizeModel(ctx context.Context, job summaryJob, onPartial func(string)) (text string, found bool, err error) {
	sys, err := e.prompts.System(job.lang.name)
	if err != nil {
		return "", false, err
	}
	// The notes requests run side by side, Options.ModelRequests at a time
	// (a summary of everything would otherwise wait for one request per
	// source in turn); their notes keep the sources' order.
	type result struct {
		notes string
		found bool
	}
	results := make([][]result, len(job.parts))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(e.opts.ModelRequests)
	for i, parts := range job.parts {
		results[i] = make([]result, len(parts))
		for k, p := range parts {
			g.Go(func() error {
				f, found, err := e.sourceNotes(gctx, sys, job, p)
				results[i][k] = result{f, found}
				return err
			})
		}
	}
	if err := g.Wait(); err != nil {
		return "", false, err
	}
	var notes []string
	noted := false // some notes request did not say NOT_FOUND
	for _, rs := range results {
		var facts []string
		for _, r := range rs {
			noted = noted || r.found
			if r.notes != "" {
				facts = append(facts, r.notes)
			}
		}
		if len(facts) > 0 {
			notes = append(notes, strings.Join(facts, "\n"))
		}
	}
	if len(notes) == 0 {
		return "", noted, nil
	}
	data := prompts.SummaryData{Topic: job.topic, Language: job.lang.name, MaxBullets: maxSummaryBullets, MaxChars: summaryTextChars, Notes: notes}
	if job.facets {
		data.MaxBullets = maxDigestBullets
		data.Headings = facetHeadings[:facetOther]
	}
	user, err := e.prompts.Summary(data)
	if err != nil {
		return "", false, err
	}
	text, found, err = e.complete(ctx, sys, user, onPartial)
	if err != nil {
		return "", false, fmt.Errorf("summary: %w", err)
	}
	return text, found, nil
}

// sourceNotes is the map step for one part of a source: the model's notes
// of the facts its passages (numbered from 1 in the request) state, checked
// against those passages, keeping only the lines that cite one, renumbered
// to job.hits. Empty when the model said NOT_FOUND (found is then false),
// replied nothing, or no note holds.
func (e *Engine) sourceNotes(ctx context.Context, sys string, job summaryJob, p sourcePart) (notes string, found bool, err error) {
	sub := job.hits[p.first:p.end]
	user, err := e.prompts.Notes(prompts.NotesData{Topic: job.topic, Passages: toPassages(sub), Part: p.part, Parts: p.parts})
	if err != nil {
		return "", false, err
	}
	reply, found, err := e.complete(ctx, sys, user, nil)
	if err != nil {
		return "", false, fmt.Errorf("summary notes: %w", err)
	}
	if !found || reply == "" {
		return "", false, nil
	}
	r := e.repair(reply, e.newChecker(ctx, job.check, job.lang, sub, nil), 0)
	var kept []string
	for _, line := range strings.Split(r.text, "\n") {
		if citesAny(line, len(sub)) {
			kept = append(kept, strings.TrimSpace(shiftCites(line, p.first, len(job.hits))))
		}
	}
	return strings.Join(kept, "\n"), true, nil
}

// piece is a unit a summary is cut by: a heading, a bullet, or a sentence
// of a paragraph.
type piece struct {
	text    string
	sep     string // what joins it to the piece before: "\n", "\n\n" or " "
	heading bool
}

// checkSummary checks the claims of the model's summary out (citing hits by
// number) line by line, leaving headings as written and removing bullets
// that cite no passage given; it grounds the summary with one number per
// source, cut at a piece boundary so that it fits MaxModelSummaryChars as
// posted. The text ends with the line counting the statements left out,
// if any were.
func (e *Engine) checkSummary(ctx context.Context, out, topic string, lang language, hits []retrieval.Hit) (string, []Citation) {
	c := e.newChecker(ctx, topic, lang, hits, nil)
	var pieces []piece
	removed := 0
	sep := ""
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if strings.TrimSpace(line) == "" {
			if sep != "" {
				sep = "\n\n"
			}
			continue
		}
		if sep == "" && len(pieces) > 0 {
			sep = "\n"
		}
		if isHeading(line) {
			pieces = append(pieces, piece{text: strings.TrimSpace(line), sep: sep, heading: true})
			sep = "\n"
			continue
		}
		r := e.repair(line, c, 0)
		removed += r.removed
		if r.text == "" {
			continue
		}
		units := []string{r.text}
		if !isListItem(r.text) {
			units = lineSentences(r.text)
		}
		for _, u := range units {
			// A point that cites nothing given is left out: a bullet
			// always, a sentence of prose when it cited a wrong number
			// (one without facts, linking others, stays).
			if !citesAny(u, len(hits)) && (isListItem(u) || len(citedNumbers(u)) > 0) {
				e.log.Debug("summary point removed: it cites no passage", "point", u)
				removed++
				continue
			}
			pieces = append(pieces, piece{text: u, sep: sep})
			sep = " "
		}
		sep = "\n"
	}
	return fitSummary(pieces, removed, hits, lang, c.quote)
}

// fitSummary joins the leading pieces, grounded by source (with the line
// counting the removed statements), keeping as many as fit
// MaxModelSummaryChars as posted, and at least one. The posted length does
// not depend on the quotes, so the cut is found with no quotes picked (by
// bisection: more pieces never take less room) and quote is used once.
func fitSummary(pieces []piece, removed int, hits []retrieval.Hit, lang language, quote func(passage, claims string) (string, float64)) (string, []Citation) {
	build := func(n int, quote func(passage, claims string) (string, float64)) (string, []Citation) {
		var b strings.Builder
		for i, p := range withoutTrailingHeadings(pieces[:n]) {
			if i > 0 {
				b.WriteString(p.sep)
			}
			b.WriteString(p.text)
		}
		text, cites := ground(b.String(), hits, true, quote)
		if removed > 0 && len(cites) > 0 {
			text += "\n\n" + leftOutText(lang, removed)
		}
		return text, cites
	}
	noQuote := func(string, string) (string, float64) { return "", 0 }
	fits := func(n int) bool {
		text, cites := build(n, noQuote)
		return RenderedLen(Answer{Text: safetext.Clean(text), Citations: cites}) <= MaxModelSummaryChars
	}
	n := len(pieces)
	if !fits(n) {
		// The most pieces that fit, in [1, n): fits(lo) or lo == 1, !fits(hi).
		lo, hi := 1, n
		for hi-lo > 1 {
			if mid := (lo + hi) / 2; fits(mid) {
				lo = mid
			} else {
				hi = mid
			}
		}
		n = lo
	}
	return build(n, quote)
}

// withoutTrailingHeadings drops the headings left with nothing under them:
// those before another heading or at the end.
func withoutTrailingHeadings(ps []piece) []piece {
	var out []piece
	for i, p := range ps {
		if p.heading && (i == len(ps)-1 || ps[i+1].heading) {
			continue
		}
		out = append(out, p)
	}
	return out
}

// isHeading reports whether a line of a summary is a heading: bold or
// marked "#" or ending with a colon, short, and citing nothing.
func isHeading(line string) bool {
	t := strings.TrimSpace(line)
	if t == "" || len(t) > 80 || len(citedNumbers(t)) > 0 || isListItem(t) {
		return false
	}
	bold := len(t) > 4 && (strings.HasPrefix(t, "**") && strings.HasSuffix(t, "**") || strings.HasPrefix(t, "__") && strings.HasSuffix(t, "__"))
	return bold || strings.HasPrefix(t, "#") || strings.HasSuffix(t, ":")
}

// isListItem reports whether a line is a bullet or a numbered item.
func isListItem(line string) bool {
	t := strings.TrimLeft(line, " \t")
	for _, m := range []string{"- ", "* ", "• "} {
		if strings.HasPrefix(t, m) {
			return true
		}
	}
	i := 0
	for i < len(t) && t[i] >= '0' && t[i] <= '9' {
		i++
	}
	return i > 0 && i < len(t)-1 && (t[i] == '.' || t[i] == ')') && t[i+1] == ' '
}

// lineSentences splits a line of prose into its sentences, each keeping
// the citation markers that follow it.
func lineSentences(line string) []string {
	var out []string
	for _, sp := range retrieval.Sentences(line) {
		s := strings.TrimSpace(line[sp.Start:sp.End])
		if s == "" {
			continue
		}
		if len(out) > 0 && strings.TrimSpace(citeRe.ReplaceAllString(s, "")) == "" {
			out[len(out)-1] += " " + s
			continue
		}
		out = append(out, s)
	}
	if len(out) == 0 {
		return []string{strings.TrimSpace(line)}
	}
	return out
}
