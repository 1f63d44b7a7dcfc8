package bot

import (
	"context"
	"fmt"
	"strings"

	"github.com/summitbot/summitbot/prompts"
	"github.com/summitbot/summitbot/retrieval"
)

// maxSummaryBullets bounds the bullets of a summary of a topic by the
// model; one grouped by facet may have maxDigestBullets.
const maxSummaryBullets = 7

// summaryK is how many passages a summary of a topic draws on; without a
// model, offlineSummaryK: the digest keeps only the sentences on the topic,
// so it can look further than a model's context allows.
const (
	summaryK        = 12
	offlineSummaryK = 20
)

// Summarize writes a cited summary of the sources in req.Guild's scope: of
// all of them (empty topic), of one source (topic is a source id or title),
// or of a topic ("the US role"). With a model it map-reduces
// (summary_model.go): notes of each source's facts, then a summary written
// from them, checked and cut to fit two messages; without one, or when the
// model fails (Fallback then says why), it quotes the most representative
// sentences (digest.go).
func (e *Engine) Summarize(ctx context.Context, req SummaryRequest, onPartial func(text string)) (Answer, error) {
	topic := strings.TrimSpace(req.Topic)
	if len([]rune(topic)) > MaxQuestionLen {
		return Answer{}, ErrQuestionTooLong
	}
	lang := english
	if topic != "" {
		lang = detectLanguage(topic)
	}
	ans := Answer{ID: newID(), Mode: e.Mode(), Standalone: topic, ShortSources: true}
	hits, scope, err := e.material(ctx, topic, req.Guild, lang)
	if err != nil {
		return Answer{}, err
	}
	if len(hits) == 0 {
		ans.Mode = ModeExtractive // the model is not asked
		return notFound(ans, lang), nil
	}
	if e.chat == nil {
		text, cites := e.offlineSummary(ans, scope, hits)
		return grounded(ans, lang, text, cites), nil
	}
	job := summaryJob{topic: topic, check: topic, lang: lang, facets: scope.topic == ""}
	if scope.source != nil {
		job.topic = "the article “" + scope.source.Title + "”"
	}
	job.hits, job.parts = bySource(hits, e.opts.ContextChars)
	out, found, err := e.summarizeModel(ctx, job, onPartial)
	if err != nil {
		f, ok := classifyModelError(err)
		if !ok {
			return Answer{}, err
		}
		// The model failed: quote the sources instead, and say why.
		e.log.Warn("the language model failed; summarizing extractively", "reason", f.reason, "err", err)
		ans.Mode, ans.Fallback = ModeExtractive, f.reason
		text, cites := e.offlineSummary(ans, scope, hits)
		return grounded(ans, lang, text, cites), nil
	}
	if !found {
		return notFound(ans, lang), nil
	}
	var text string
	var cites []Citation
	if citesAny(out, len(job.hits)) {
		// Every claim is checked against the passages it cites, and
		// re-cited or removed when they do not support it (repair.go);
		// the summary is cut to fit two messages (summary_model.go).
		text, cites = e.checkSummary(ctx, out, topic, lang, job.hits)
	}
	if len(cites) == 0 {
		// The model cited nothing usable: quote the sources instead.
		text, cites = e.offlineSummary(ans, scope, hits)
		ans.Mode = ModeExtractive
	}
	return grounded(ans, lang, text, cites), nil
}

// summaryScope says what a summary covers.
type summaryScope struct {
	source *retrieval.Source // one source, or nil
	topic  string            // a topic, or "" for everything
	// expand maps the index terms of the topic's words to other index
	// terms that stand for them (Searcher.QueryTerms: spelling variants,
	// the same thing named otherwise).
	expand map[string][]string
	// related maps them to the index terms the thesaurus relates to them
	// without standing for them (promised: declaration), which cover the
	// word in part.
	related map[string][]string
}

// minOnTopicWeight is the least topic weight (retrieval.Index.TopicWeights)
// of a source a summary draws on when sources on the topic cover it: one
// whose closeness to the topic is under 0.4 of the closest source's is about
// something else.
const minOnTopicWeight = 0.8

// material gathers the passages a summary draws on from the sources in
// guild's scope, numbered in order: a source's, those a search for a topic
// (in lang) retrieves when they cover it (more without a model), or all of
// them.
func (e *Engine) material(ctx context.Context, topic, guild string, lang language) ([]retrieval.Hit, summaryScope, error) {
	sources := inScope(e.idx.Sources(), guild)
	if len(sources) == 0 {
		return nil, summaryScope{}, nil
	}
	if src, ok := matchSource(sources, topic); ok {
		chunks, err := e.idx.Chunks(ctx, src.ID)
		if err != nil {
			return nil, summaryScope{}, fmt.Errorf("load %s: %w", src.ID, err)
		}
		return chunkHits(src, chunks), summaryScope{source: &src}, nil
	}
	if topic != "" {
		// All the passages found, even beyond one request: a summary
		// map-reduces what does not fit.
		k := summaryK
		if e.chat == nil {
			k = offlineSummaryK
		}
		// A topic is a few broad words ("what happens next") whose near
		// words every passage holds: it is searched by its own words.
		hits, rel, err := e.searchWith(ctx, topic, lang, 0, retrieval.SearchOptions{K: k, Guild: guild, OwnWordsOnly: true}, nil)
		if err != nil {
			return nil, summaryScope{}, err
		}
		if !rel.found(e.opts.MinCoverage / 2) {
			return nil, summaryScope{topic: topic}, nil
		}
		if hits, err = e.onTopic(ctx, hits, guild); err != nil {
			return nil, summaryScope{}, err
		}
		expand, related, err := e.topicExpansion(ctx, topic)
		if err != nil {
			return nil, summaryScope{}, err
		}
		return hits, summaryScope{topic: topic, expand: expand, related: related}, nil
	}
	// A summary of everything is one of the summit: sources far from the
	// index's topic (unrelated articles loaded beside it) are left out.
	weights, err := e.topicWeights(ctx, guild)
	if err != nil {
		return nil, summaryScope{}, err
	}
	var all []retrieval.Hit
	for _, s := range sources {
		if w, ok := weights[s.ID]; ok && w < minOnTopicWeight {
			continue
		}
		chunks, err := e.idx.Chunks(ctx, s.ID)
		if err != nil {
			return nil, summaryScope{}, fmt.Errorf("load %s: %w", s.ID, err)
		}
		all = append(all, chunkHits(s, chunks)...)
	}
	return all, summaryScope{}, nil
}

// topicWeights returns the sources' weights for their closeness to the
// index's topic (retrieval.Index.TopicWeights), or nil when they cannot be
// weighed: the embeddings service failing is logged, and a summary then
// draws on every source (an answer weighs them alike) rather than failing.
// Only a cancelled ctx is an error.
func (e *Engine) topicWeights(ctx context.Context, guild string) (map[string]float64, error) {
	weights, err := e.idx.TopicWeights(ctx, guild)
	if err != nil {
		if ctx.Err() != nil {
			return nil, err
		}
		e.log.Warn("could not weigh the sources by topic; using all of them alike", "err", err)
		return nil, nil
	}
	return weights, nil
}

// onTopic returns the hits of a topic summary's search that come from
// sources on the index's topic, when there are any: "what happens next"
// is the summit's next steps, not an unrelated article's. When only sources
// off the topic cover it (a summary of such an article's subject), the hits
// are kept as they are.
func (e *Engine) onTopic(ctx context.Context, hits []retrieval.Hit, guild string) ([]retrieval.Hit, error) {
	weights, err := e.topicWeights(ctx, guild)
	if err != nil {
		return nil, err
	}
	var on []retrieval.Hit
	for _, h := range hits {
		if w, ok := weights[h.Source.ID]; !ok || w >= minOnTopicWeight {
			on = append(on, h)
		}
	}
	if len(on) == 0 {
		return hits, nil
	}
	return on, nil
}

// topicExpansion maps each index term of topic to the other index terms
// that stand for it: its same-root forms and spelling variants in the index
// (Germany: German, Zelensky: Zelenskyy; not think: thing) and the names the
// thesaurus gives for the same thing (TermStat.Stands); and, as related, the
// other index terms the thesaurus relates to it (TermStat.Related).
func (e *Engine) topicExpansion(ctx context.Context, topic string) (expand, related map[string][]string, err error) {
	stats, err := e.idx.QueryTerms(ctx, topic)
	if err != nil {
		return nil, nil, fmt.Errorf("topic terms: %w", err)
	}
	expand, related = map[string][]string{}, map[string][]string{}
	for _, st := range stats {
		stands := map[string]bool{}
		for _, m := range st.Matches {
			if m != st.Term && sameRoot(m, st.Term) {
				expand[st.Term] = append(expand[st.Term], m)
			}
		}
		for _, x := range st.Stands {
			stands[x] = true
			expand[st.Term] = append(expand[st.Term], x)
		}
		for _, x := range st.Related {
			if !stands[x] && x != st.Term {
				related[st.Term] = append(related[st.Term], x)
			}
		}
	}
	return expand, related, nil
}

// sameRoot reports whether index terms a and b are forms of one word: one
// extends the other, sharing all of the shorter but at most its last letter
// and at least four letters (german: germani, canada: canadian). Two terms
// of one length differ in a letter, which makes another word (think:
// thing), not another form.
func sameRoot(a, b string) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	if len(a) == len(b) || len(a) < 4 {
		return false
	}
	n := 0
	for n < len(a) && a[n] == b[n] {
		n++
	}
	return n >= 4 && n >= len(a)-1
}

// matchSource finds the source a topic names by id or exact title.
func matchSource(sources []retrieval.Source, topic string) (retrieval.Source, bool) {
	t := strings.ToLower(strings.TrimSpace(topic))
	if t == "" {
		return retrieval.Source{}, false
	}
	for _, s := range sources {
		if strings.ToLower(s.ID) == t || strings.ToLower(s.Title) == t {
			return s, true
		}
	}
	return retrieval.Source{}, false
}

func chunkHits(src retrieval.Source, chunks []retrieval.Chunk) []retrieval.Hit {
	out := make([]retrieval.Hit, len(chunks))
	for i, c := range chunks {
		out[i] = retrieval.Hit{Rank: i + 1, Chunk: c, Source: src}
	}
	return out
}

// groupPassages splits passages into consecutive groups that each fit budget.
func groupPassages(ps []prompts.Passage, budget int) [][]prompts.Passage {
	var groups [][]prompts.Passage
	var cur []prompts.Passage
	used := 0
	for _, p := range ps {
		n := passageCost(p.Text)
		if used+n > budget && len(cur) > 0 {
			groups = append(groups, cur)
			cur, used = nil, 0
		}
		cur = append(cur, p)
		used += n
	}
	if len(cur) > 0 {
		groups = append(groups, cur)
	}
	return groups
}
