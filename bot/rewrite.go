package bot

import (
	"context"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/summitbot/summitbot/prompts"
)

// maxRewriteTurns is how many earlier turns the model sees when it rewrites a
// follow-up, and maxRewriteAnswer how much of each answer, in characters.
const (
	maxRewriteTurns  = 4
	maxRewriteAnswer = 600
)

// standalone rewrites a follow-up into a question that stands on its own. It
// returns the question retrieval runs on and the language that question is
// written in (lang, the language of text, unless the rewrite changed it).
//
// With a model, a question in another language is also put into English, the
// language of the sources, so that retrieval can match their words (the
// answer is still written in the question's language).
func (e *Engine) standalone(ctx context.Context, text string, lang language, history []Turn) (string, language, error) {
	target := ""
	if lang != english {
		target = english.name
	}
	if e.chat == nil || (len(history) == 0 && target == "") {
		return fallbackRewrite(text, lang, history)
	}
	if len(history) > maxRewriteTurns {
		history = history[len(history)-maxRewriteTurns:]
	}
	turns := make([]prompts.Turn, len(history))
	for i, t := range history {
		turns[i] = prompts.Turn{Question: t.Question, Answer: clip(t.Answer, maxRewriteAnswer)}
	}
	p, err := e.prompts.Rewrite(prompts.RewriteData{History: turns, Question: text, Language: target})
	if err != nil {
		return "", language{}, err
	}
	out, _, err := e.complete(ctx, "", p, nil)
	if err != nil {
		e.log.Warn("rewrite question failed; using a heuristic", "err", err)
		return fallbackRewrite(text, lang, history)
	}
	out = strings.TrimSpace(strings.Trim(out, `"`))
	if out == "" || utf8.RuneCountInString(out) > MaxQuestionLen {
		return fallbackRewrite(text, lang, history)
	}
	return out, rewrittenLanguage(text, out, lang), nil
}

// rewrittenLanguage returns the language of out, a rewrite of text (which is
// in lang): detected only when the rewrite made a different text.
func rewrittenLanguage(text, out string, lang language) language {
	if out == text {
		return lang
	}
	return detectLanguage(out)
}

// fallbackRewrite is the rewrite without a model, or when the model's fails:
// the heuristic one for a follow-up, and the question itself otherwise. It
// returns the question and its language.
func fallbackRewrite(text string, lang language, history []Turn) (string, language, error) {
	if len(history) == 0 {
		return text, lang, nil
	}
	out := heuristicRewrite(text, history)
	return out, rewrittenLanguage(text, out, lang), nil
}

// heuristicRewrite handles follow-ups without a model: a short or elliptical
// question ("and Germany?", "what about the US?") borrows the previous question.
func heuristicRewrite(text string, history []Turn) string {
	prev := history[len(history)-1].Question
	words := strings.Fields(text)
	lower := strings.ToLower(text)
	elliptical := len(words) <= 5
	for _, p := range []string{"and ", "what about", "how about", "also ", "et ", "und "} {
		if strings.HasPrefix(lower, p) {
			elliptical = true
		}
	}
	for _, w := range strings.Fields(strings.ToLower(strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsSpace(r) {
			return r
		}
		return ' '
	}, text))) {
		switch w {
		case "they", "them", "it", "he", "she", "his", "her", "their", "that", "this", "those", "these":
			elliptical = true
		}
	}
	if !elliptical {
		return text
	}
	return prev + " " + text
}
