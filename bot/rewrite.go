package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
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

// maxParaphrases bounds Options.Paraphrases, and maxParaphraseLen the length
// of one paraphrase, in characters: a longer one is dropped.
const (
	maxParaphrases   = 5
	maxParaphraseLen = 300
)

// searchQuery is what retrieval searches for a question.
type searchQuery struct {
	// question is the standalone question: what the passages must cover and
	// what the model answers.
	question string
	// lang is the language question is written in.
	lang language
	// paraphrases are other wordings of question, searched with it.
	paraphrases []string
}

// standalone turns a question into what retrieval searches for: a follow-up
// is rewritten into a question that stands on its own and, with a model, a
// question in another language is put into English, the language of the
// sources, so that retrieval can match their words (the answer is still
// written in the question's language); with a model, the same request also
// asks for Options.Paraphrases paraphrases, searched alongside it.
//
// When the model fails, the question is searched alone (a follow-up
// rewritten by a heuristic); failure is set when the model could not be
// reached, so that the caller answers without asking it again.
func (e *Engine) standalone(ctx context.Context, text string, lang language, history []Turn) (q searchQuery, failure *modelFailure, err error) {
	target := ""
	if lang != english {
		target = english.name
	}
	n := e.opts.Paraphrases
	if e.chat == nil || (n == 0 && len(history) == 0 && target == "") {
		return fallbackRewrite(text, lang, history), nil, nil
	}
	if len(history) > maxRewriteTurns {
		history = history[len(history)-maxRewriteTurns:]
	}
	turns := make([]prompts.Turn, len(history))
	for i, t := range history {
		turns[i] = prompts.Turn{Question: t.Question, Answer: clip(t.Answer, maxRewriteAnswer)}
	}
	p, err := e.prompts.Rewrite(prompts.RewriteData{History: turns, Question: text, Language: target, Paraphrases: n})
	if err != nil {
		return searchQuery{}, nil, err
	}
	out, _, err := e.complete(ctx, "", p, nil)
	if err != nil {
		f, ok := classifyModelError(err)
		if !ok {
			return searchQuery{}, nil, err
		}
		e.log.Warn("rewriting the question failed; using a heuristic", "err", err)
		if f.unreachable {
			failure = &f
		}
		return fallbackRewrite(text, lang, history), failure, nil
	}
	if n == 0 {
		out = strings.TrimSpace(strings.Trim(out, `"`))
		if out == "" || utf8.RuneCountInString(out) > MaxQuestionLen {
			return fallbackRewrite(text, lang, history), nil, nil
		}
		return searchQuery{question: out, lang: rewrittenLanguage(text, out, lang)}, nil, nil
	}
	question, paraphrases, err := parseExpansion(out)
	if err != nil {
		e.log.Warn("the model's rewrite of the question is unusable; searching the question alone", "err", err, "reply", clip(out, 300))
		return fallbackRewrite(text, lang, history), nil, nil
	}
	if len(history) == 0 && target == "" {
		// A question that stands on its own in English is searched, and
		// judged, as it was asked.
		question = text
	}
	q = searchQuery{question: question, lang: rewrittenLanguage(text, question, lang)}
	q.paraphrases = distinctParaphrases(paraphrases, n, question, text)
	e.log.Debug("question expanded", "question", q.question, "paraphrases", q.paraphrases)
	return q, nil, nil
}

// parseExpansion reads the reply to a rewrite request with paraphrases: one
// JSON object {"question": "...", "paraphrases": ["...", ...]} and nothing
// else, perhaps in a Markdown code fence. The question must be a non-empty
// string of at most MaxQuestionLen characters; paraphrases may be missing.
func parseExpansion(reply string) (question string, paraphrases []string, err error) {
	s := strings.TrimSpace(reply)
	if rest, ok := strings.CutPrefix(s, "```"); ok {
		rest = strings.TrimPrefix(rest, "json")
		if body, ok := strings.CutSuffix(strings.TrimSpace(rest), "```"); ok {
			s = strings.TrimSpace(body)
		}
	}
	var v struct {
		Question    *string  `json:"question"`
		Paraphrases []string `json:"paraphrases"`
	}
	dec := json.NewDecoder(strings.NewReader(s))
	if err := dec.Decode(&v); err != nil {
		return "", nil, fmt.Errorf("not the JSON object asked for: %w", err)
	}
	if strings.TrimSpace(s[dec.InputOffset():]) != "" {
		return "", nil, errors.New("text after the JSON object")
	}
	if v.Question == nil {
		return "", nil, errors.New(`no "question"`)
	}
	question = oneSpaced(strings.Trim(strings.TrimSpace(*v.Question), `"`))
	if question == "" || utf8.RuneCountInString(question) > MaxQuestionLen {
		return "", nil, errors.New(`"question" is empty or too long`)
	}
	return question, v.Paraphrases, nil
}

// distinctParaphrases keeps up to n of the paraphrases: each on one line, not
// empty, at most maxParaphraseLen characters, and different (ignoring case,
// punctuation and spacing) from the question, the text asked and each other.
func distinctParaphrases(ps []string, n int, question, text string) []string {
	seen := map[string]bool{wordingKey(question): true, wordingKey(text): true}
	var out []string
	for _, p := range ps {
		if len(out) == n {
			break
		}
		p = oneSpaced(p)
		k := wordingKey(p)
		if k == "" || seen[k] || utf8.RuneCountInString(p) > maxParaphraseLen {
			continue
		}
		seen[k] = true
		out = append(out, p)
	}
	return out
}

// oneSpaced trims s and collapses its white space, line breaks included.
func oneSpaced(s string) string { return strings.Join(strings.Fields(s), " ") }

// wordingKey reduces a question to its lower-case words, for comparing wordings.
func wordingKey(s string) string {
	return strings.Join(strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}), " ")
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
// the heuristic one for a follow-up, and the question itself otherwise.
func fallbackRewrite(text string, lang language, history []Turn) searchQuery {
	if len(history) == 0 {
		return searchQuery{question: text, lang: lang}
	}
	out := heuristicRewrite(text, history)
	return searchQuery{question: out, lang: rewrittenLanguage(text, out, lang)}
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
