package bot

import (
	"context"
	"fmt"
	"strings"

	"github.com/summitbot/summitbot/prompts"
	"github.com/summitbot/summitbot/retrieval"
)

// Ask answers a question from the loaded sources. onPartial, if not nil,
// receives the answer text so far while a model streams it.
//
// When the model fails (fallback.go), the answer is the extractive one, with
// Fallback saying why; only the caller cancelling, a refused question or a
// failure of the index is an error.
func (e *Engine) Ask(ctx context.Context, q Question, onPartial func(text string)) (Answer, error) {
	r, err := e.retrieve(ctx, q)
	if err != nil {
		return Answer{}, err
	}
	ans := Answer{ID: newID(), Mode: e.Mode(), Standalone: r.question}
	if e.chat == nil {
		return e.answerExtractive(ans, r), nil
	}
	if r.failure != nil {
		e.log.Warn("the language model could not be reached; answering extractively", "reason", r.failure.reason)
		return e.fallBack(ctx, ans, r, *r.failure), nil
	}
	// With a model, only an empty retrieval or a question naming something no
	// source mentions skips the call; the model judges the rest.
	if len(r.hits) == 0 || len(r.rel.missingKey) > 0 {
		ans.Mode = ModeExtractive // the model was not asked
		return notFound(ans, r.lang), nil
	}
	a, err := e.askModel(ctx, ans, r, onPartial)
	if err != nil {
		f, ok := classifyModelError(err)
		if !ok {
			return Answer{}, err
		}
		e.log.Warn("the language model failed; answering extractively", "reason", f.reason, "err", err)
		return e.fallBack(ctx, ans, r, f), nil
	}
	return a, nil
}

// askModel answers from the retrieved passages with the model. The model sees
// no history: it is asked the standalone question, not the follow-up.
func (e *Engine) askModel(ctx context.Context, ans Answer, r retrieved, onPartial func(string)) (Answer, error) {
	sys, err := e.prompts.System(r.lang.name)
	if err != nil {
		return Answer{}, err
	}
	user, err := e.prompts.Answer(prompts.AnswerData{Question: r.question, Language: r.lang.name, Passages: toPassages(r.hits)})
	if err != nil {
		return Answer{}, err
	}
	out, found, err := e.complete(ctx, sys, user, onPartial)
	if err != nil {
		return Answer{}, fmt.Errorf("answer with model: %w", err)
	}
	if !found {
		return notFound(ans, r.lang), nil
	}
	if !citesAny(out, len(r.hits)) {
		// The model cited nothing usable: attribute its sentences to the
		// passages they overlap with, dropping the others.
		out = attributed(out, r.hits)
	}
	// Every claim is checked against the passages it cites, and re-cited or
	// removed when they do not support it (repair.go).
	text, cites := e.checkAnswer(ctx, out, r.question, r.lang, r.hits, r.rel.names)
	if len(cites) == 0 {
		e.log.Warn("model answer had no supportable citations; withheld", "answer", out)
	}
	return grounded(ans, r.lang, text, cites), nil
}

// attributed is text with a citation added to each sentence that shares at
// least minOverlap of its content words with one passage (the passage
// sharing most), and without the sentences none does.
func attributed(text string, hits []retrieval.Hit) string {
	var b strings.Builder
	prev := 0
	for _, sp := range retrieval.Sentences(text) {
		b.WriteString(text[prev:sp.Start]) // keep the line breaks between sentences
		prev = sp.End
		s := text[sp.Start:sp.End]
		words := contentStems(s)
		best, bestScore := -1, 0.0
		for i, h := range hits {
			ps := contentStems(h.Chunk.Text)
			n := 0
			for w := range words {
				if ps[w] {
					n++
				}
			}
			if len(words) > 0 {
				if sc := float64(n) / float64(len(words)); sc > bestScore {
					best, bestScore = i, sc
				}
			}
		}
		// A sentence no passage supports is dropped: every claim shown must
		// point to a source.
		if best >= 0 && bestScore >= minOverlap {
			b.WriteString(s)
			b.WriteString(fmt.Sprintf(" [%d]", best+1))
		}
	}
	b.WriteString(text[prev:])
	return strings.TrimSpace(b.String())
}
