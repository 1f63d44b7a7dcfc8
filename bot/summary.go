package bot

import (
	"context"
	"fmt"
	"strings"

	"github.com/summitbot/summitbot/bot/llm"
	"github.com/summitbot/summitbot/prompts"
	"github.com/summitbot/summitbot/retrieval"
)

// maxSummaryBullets bounds a summary's length.
const maxSummaryBullets = 7

// Summarize writes a cited summary of the whole corpus (empty topic), of one
// source (topic is a source id or title), or of a topic ("the US role"). With
// a model it map-reduces when the material does not fit one request; without
// one it quotes the most representative sentences.
func (e *Engine) Summarize(ctx context.Context, topic string, onPartial func(text string)) (Answer, error) {
	topic = strings.TrimSpace(topic)
	if len([]rune(topic)) > MaxQuestionLen {
		return Answer{}, ErrQuestionTooLong
	}
	lang := english
	if topic != "" {
		lang = detectLanguage(topic)
	}
	ans := Answer{ID: newID(), Mode: e.Mode(), Standalone: topic}
	hits, scope, err := e.material(ctx, topic)
	if err != nil {
		return Answer{}, err
	}
	if len(hits) == 0 {
		ans.Text = notFoundText(lang)
		return ans, nil
	}
	if e.chat == nil {
		ans.Text, ans.Citations = extractiveSummary(scope, hits)
		ans.Found = len(ans.Citations) > 0
		if !ans.Found {
			ans.Text = notFoundText(lang)
		}
		return ans, nil
	}
	promptTopic := topic
	if scope.source != nil {
		promptTopic = "the article “" + scope.source.Title + "”"
	}
	out, err := e.summarizeModel(ctx, promptTopic, lang, hits, onPartial)
	if err != nil {
		return Answer{}, err
	}
	if isNotFound(out) {
		ans.Text = notFoundText(lang)
		return ans, nil
	}
	ans.Text, ans.Citations = groundCitations(out, hits)
	ans.Found = len(ans.Citations) > 0
	if !ans.Found {
		ans.Text, ans.Citations = extractiveSummary(scope, hits)
		ans.Mode = ModeExtractive
		ans.Found = len(ans.Citations) > 0
	}
	return ans, nil
}

// summaryScope says what a summary covers.
type summaryScope struct {
	source *retrieval.Source // one source, or nil
	topic  string            // a topic, or "" for everything
}

// material gathers the passages a summary draws on, numbered in order.
func (e *Engine) material(ctx context.Context, topic string) ([]retrieval.Hit, summaryScope, error) {
	sources := e.idx.Sources()
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
		hits, err := e.idx.Search(ctx, topic, retrieval.SearchOptions{K: 12})
		if err != nil {
			return nil, summaryScope{}, fmt.Errorf("search: %w", err)
		}
		rel, err := e.relevance(ctx, topic, hits)
		if err != nil {
			return nil, summaryScope{}, err
		}
		if !rel.found(e.opts.MinCoverage / 2) {
			return nil, summaryScope{topic: topic}, nil
		}
		return hits, summaryScope{topic: topic}, nil
	}
	var all []retrieval.Hit
	for _, s := range sources {
		chunks, err := e.idx.Chunks(ctx, s.ID)
		if err != nil {
			return nil, summaryScope{}, fmt.Errorf("load %s: %w", s.ID, err)
		}
		all = append(all, chunkHits(s, chunks)...)
	}
	return all, summaryScope{}, nil
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

// summarizeModel asks the model for a summary, first reducing the material to
// cited notes group by group (map) when it does not fit one request.
func (e *Engine) summarizeModel(ctx context.Context, topic string, lang language, hits []retrieval.Hit, onPartial func(string)) (string, error) {
	sys, err := e.prompts.System(lang.name)
	if err != nil {
		return "", err
	}
	passages := toPassages(hits)
	data := prompts.SummaryData{Topic: topic, Language: lang.name, MaxBullets: maxSummaryBullets}
	if size(passages) <= e.opts.ContextChars {
		data.Passages = passages
	} else {
		for _, group := range groupPassages(passages, e.opts.ContextChars) {
			p, err := e.prompts.Notes(prompts.NotesData{Topic: topic, Passages: group})
			if err != nil {
				return "", err
			}
			notes, err := e.chat.Complete(ctx, []llm.Message{{Role: llm.RoleSystem, Content: sys}, {Role: llm.RoleUser, Content: p}}, nil)
			if err != nil {
				return "", fmt.Errorf("summary notes: %w", err)
			}
			if !isNotFound(notes) {
				data.Notes = append(data.Notes, strings.TrimSpace(notes))
			}
		}
		if len(data.Notes) == 0 {
			return "NOT_FOUND", nil
		}
	}
	user, err := e.prompts.Summary(data)
	if err != nil {
		return "", err
	}
	var sofar strings.Builder
	var onDelta func(string)
	if onPartial != nil {
		onDelta = func(d string) {
			sofar.WriteString(d)
			if s := sofar.String(); !strings.HasPrefix(strings.TrimSpace(s), "NOT_") {
				onPartial(s)
			}
		}
	}
	out, err := e.chat.Complete(ctx, []llm.Message{{Role: llm.RoleSystem, Content: sys}, {Role: llm.RoleUser, Content: user}}, onDelta)
	if err != nil {
		return "", fmt.Errorf("summary: %w", err)
	}
	return strings.TrimSpace(out), nil
}

func size(ps []prompts.Passage) int {
	n := 0
	for _, p := range ps {
		n += len(p.Text) + 200
	}
	return n
}

// groupPassages splits passages into consecutive groups that each fit budget.
func groupPassages(ps []prompts.Passage, budget int) [][]prompts.Passage {
	var groups [][]prompts.Passage
	var cur []prompts.Passage
	used := 0
	for _, p := range ps {
		n := len(p.Text) + 200
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

// extractiveSummary quotes, per source, the sentence that best represents it
// (for a topic: the best-ranked passages' leading sentences), with citations.
func extractiveSummary(scope summaryScope, hits []retrieval.Hit) (string, []Citation) {
	var b strings.Builder
	switch {
	case scope.source != nil:
		fmt.Fprintf(&b, "Summary of “%s” (quoted from the article):\n", scope.source.Title)
		n := 0
		for i, h := range hits {
			if n == maxSummaryBullets {
				break
			}
			if s := leadSentence(h.Chunk.Text); s != "" {
				fmt.Fprintf(&b, "- %s [%d]\n", s, i+1)
				n++
			}
		}
	case scope.topic != "":
		fmt.Fprintf(&b, "What the loaded sources say about %s:\n", scope.topic)
		// extractive has already grounded and renumbered its citations:
		// grounding them again would map [n] to the wrong passages.
		text, cites := extractive(scope.topic, hits, nil)
		if text == "" {
			return "", nil
		}
		return strings.Replace(text, "From the loaded sources:\n", b.String(), 1), cites
	default:
		b.WriteString("What the loaded sources report about the summit:\n")
		seen := map[string]bool{}
		for i, h := range hits {
			if seen[h.Source.ID] {
				continue
			}
			seen[h.Source.ID] = true
			if s := leadSentence(h.Chunk.Text); s != "" {
				fmt.Fprintf(&b, "- %s [%d]\n", s, i+1)
			}
		}
	}
	return groundCitations(b.String(), hits)
}

// leadSentence returns the first real sentence of a passage (not a heading).
func leadSentence(text string) string {
	for _, sp := range retrieval.Sentences(text) {
		s := strings.TrimSpace(text[sp.Start:sp.End])
		if !isHeadingLike(s) && len([]rune(s)) >= 40 {
			return clip(s, 400)
		}
	}
	return ""
}
