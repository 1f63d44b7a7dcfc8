package bot

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"math"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/summitbot/summitbot/bot/llm"
	"github.com/summitbot/summitbot/prompts"
	"github.com/summitbot/summitbot/retrieval"
)

// Searcher is the part of the index the engine needs.
type Searcher interface {
	Search(ctx context.Context, query string, opts retrieval.SearchOptions) ([]retrieval.Hit, error)
	QueryTerms(ctx context.Context, query string) ([]retrieval.TermStat, error)
	Sources() []retrieval.Source
	Chunks(ctx context.Context, sourceID string) ([]retrieval.Chunk, error)
	Len() int
}

// Completer is a chat model: it completes a conversation, streaming deltas to
// onDelta when it is not nil.
type Completer interface {
	Complete(ctx context.Context, msgs []llm.Message, onDelta func(delta string)) (string, error)
}

// MaxQuestionLen is the longest question accepted, in characters.
const MaxQuestionLen = 2000

// Refusals of a question, for callers to branch on.
var (
	ErrEmptyQuestion   = &Error{Code: CodeEmptyQuestion, Msg: "Please ask a question: the question is empty."}
	ErrQuestionTooLong = &Error{Code: CodeQuestionTooLong, Msg: fmt.Sprintf("That question is too long: keep it under %d characters.", MaxQuestionLen)}
)

// Options tunes the engine.
type Options struct {
	// K is how many passages an answer draws on (default 6).
	K int
	// ContextChars is how much passage text fits in one model request (default 24,000).
	ContextChars int
	// MinCoverage is the share of a question's (IDF-weighted) terms the top
	// passages must contain for the extractive answer to count as found.
	MinCoverage float64
	// CommonWords is the set of ordinary lower-case English words; a question
	// word outside it that no source contains is treated as a name the sources
	// do not mention (so "what did orban say" is not answered from passages
	// about someone else). Nil: only capitalised words count as names.
	CommonWords map[string]bool
}

// Engine answers questions and writes summaries from an index, with a chat
// model when one is configured and extractively otherwise.
type Engine struct {
	idx     Searcher
	chat    Completer // nil: extractive mode
	prompts *prompts.Set
	log     *slog.Logger
	opts    Options
}

// DefaultMinCoverage is the relevance threshold of extractive answers,
// calibrated with "summitbot eval --calibrate" (see README, "Performance").
const DefaultMinCoverage = 0.2

// NewEngine builds an engine. chat may be nil, which selects extractive answers.
func NewEngine(idx Searcher, chat Completer, p *prompts.Set, log *slog.Logger, opts Options) *Engine {
	if opts.K <= 0 {
		opts.K = 6
	}
	if opts.ContextChars <= 0 {
		opts.ContextChars = 24000
	}
	if opts.MinCoverage <= 0 {
		opts.MinCoverage = DefaultMinCoverage
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Engine{idx: idx, chat: chat, prompts: p, log: log, opts: opts}
}

// Mode reports which mode answers: ModeLLM or ModeExtractive.
func (e *Engine) Mode() string {
	if e.chat == nil {
		return ModeExtractive
	}
	return ModeLLM
}

// CheckQuestion validates a question's text.
func CheckQuestion(text string) error {
	t := strings.TrimSpace(text)
	switch {
	case t == "":
		return ErrEmptyQuestion
	case utf8.RuneCountInString(t) > MaxQuestionLen:
		return ErrQuestionTooLong
	}
	return nil
}

func newID() string {
	var b [6]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// Ask answers a question from the loaded sources. onPartial, if not nil,
// receives the answer text so far while a model streams it.
func (e *Engine) Ask(ctx context.Context, q Question, onPartial func(text string)) (Answer, error) {
	if err := CheckQuestion(q.Text); err != nil {
		return Answer{}, err
	}
	text := strings.TrimSpace(q.Text)
	lang := detectLanguage(text)
	standalone, err := e.standalone(ctx, text, q.History)
	if err != nil {
		return Answer{}, err
	}
	k := q.K
	if k <= 0 {
		k = e.opts.K
	}
	hits, err := e.idx.Search(ctx, standalone, retrieval.SearchOptions{K: k})
	if err != nil {
		return Answer{}, fmt.Errorf("search: %w", err)
	}
	ans := Answer{ID: newID(), Mode: e.Mode(), Standalone: standalone}
	rel, err := e.relevance(ctx, standalone, hits)
	if err != nil {
		return Answer{}, err
	}
	e.log.Debug("retrieved", "question", standalone, "hits", len(hits), "coverage", rel.coverage, "missing", rel.missingKey)
	if e.chat == nil {
		if !rel.found(e.opts.MinCoverage) {
			ans.Text = notFoundText(lang)
			return ans, nil
		}
		ans.Text, ans.Citations = extractive(standalone, hits, rel.weights)
		ans.Found = len(ans.Citations) > 0
		if !ans.Found {
			ans.Text = notFoundText(lang)
		}
		return ans, nil
	}
	// With a model, only an empty retrieval or a question naming something no
	// source mentions skips the call; the model judges the rest.
	if len(hits) == 0 || len(rel.missingKey) > 0 {
		ans.Text = notFoundText(lang)
		return ans, nil
	}
	// The model sees no history: give it the standalone question, not the follow-up.
	return e.askModel(ctx, ans, standalone, lang, hits, onPartial)
}

func (e *Engine) askModel(ctx context.Context, ans Answer, question string, lang language, hits []retrieval.Hit, onPartial func(string)) (Answer, error) {
	hits = fitContext(hits, e.opts.ContextChars)
	sys, err := e.prompts.System(lang.name)
	if err != nil {
		return Answer{}, err
	}
	user, err := e.prompts.Answer(prompts.AnswerData{Question: question, Language: lang.name, Passages: toPassages(hits)})
	if err != nil {
		return Answer{}, err
	}
	var sofar strings.Builder
	var onDelta func(string)
	if onPartial != nil {
		onDelta = func(d string) {
			sofar.WriteString(d)
			s := sofar.String()
			if strings.HasPrefix("NOT_FOUND", strings.TrimSpace(s)) || strings.HasPrefix(strings.TrimSpace(s), "NOT_FOUND") {
				return
			}
			onPartial(s)
		}
	}
	out, err := e.chat.Complete(ctx, []llm.Message{{Role: llm.RoleSystem, Content: sys}, {Role: llm.RoleUser, Content: user}}, onDelta)
	if err != nil {
		return Answer{}, fmt.Errorf("answer with model: %w", err)
	}
	out = strings.TrimSpace(out)
	if isNotFound(out) {
		ans.Text = notFoundText(lang)
		return ans, nil
	}
	ans.Text, ans.Citations = groundCitations(out, hits)
	if len(ans.Citations) == 0 {
		// The model cited nothing usable: attribute its sentences to the
		// passages they overlap with, or refuse to present it as grounded.
		ans.Text, ans.Citations = attribute(ans.Text, hits)
	}
	ans.Found = len(ans.Citations) > 0
	if !ans.Found {
		e.log.Warn("model answer had no supportable citations; withheld", "answer", out)
		ans.Text = notFoundText(lang)
	}
	return ans, nil
}

// isNotFound reports whether a model reply means "the sources do not say".
func isNotFound(s string) bool {
	s = strings.TrimSpace(strings.Trim(strings.TrimSpace(s), "`*_\"'."))
	return strings.HasPrefix(strings.ToUpper(s), "NOT_FOUND") || strings.HasPrefix(strings.ToUpper(s), "NOT FOUND")
}

// attribute adds a citation to each sentence of text that shares enough
// content words with one passage, drops the sentences none supports, then
// grounds the result.
func attribute(text string, hits []retrieval.Hit) (string, []Citation) {
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
		if best >= 0 && bestScore >= 0.5 {
			b.WriteString(s)
			b.WriteString(fmt.Sprintf(" [%d]", best+1))
		}
	}
	b.WriteString(text[prev:])
	return groundCitations(strings.TrimSpace(b.String()), hits)
}

// fitContext keeps the leading hits whose text fits in budget characters.
func fitContext(hits []retrieval.Hit, budget int) []retrieval.Hit {
	used := 0
	for i, h := range hits {
		used += len(h.Chunk.Text) + 200
		if used > budget && i > 0 {
			return hits[:i]
		}
	}
	return hits
}

func toPassages(hits []retrieval.Hit) []prompts.Passage {
	out := make([]prompts.Passage, len(hits))
	for i, h := range hits {
		out[i] = prompts.Passage{N: i + 1, Title: h.Source.Title, Outlet: h.Source.Outlet, Published: h.Source.Published, Text: h.Chunk.Text}
	}
	return out
}

// standalone rewrites a follow-up into a question that stands on its own.
//
// With a model, a question in another language is also put into English, the
// language of the sources, so that retrieval can match their words (the
// answer is still written in the question's language).
func (e *Engine) standalone(ctx context.Context, text string, history []Turn) (string, error) {
	target := ""
	if detectLanguage(text) != english {
		target = english.name
	}
	if e.chat == nil || (len(history) == 0 && target == "") {
		if len(history) == 0 {
			return text, nil
		}
		return heuristicRewrite(text, history), nil
	}
	if len(history) > 4 {
		history = history[len(history)-4:]
	}
	turns := make([]prompts.Turn, len(history))
	for i, t := range history {
		turns[i] = prompts.Turn{Question: t.Question, Answer: clip(t.Answer, 600)}
	}
	p, err := e.prompts.Rewrite(prompts.RewriteData{History: turns, Question: text, Language: target})
	if err != nil {
		return "", err
	}
	out, err := e.chat.Complete(ctx, []llm.Message{{Role: llm.RoleUser, Content: p}}, nil)
	if err != nil {
		e.log.Warn("rewrite question failed; using a heuristic", "err", err)
		return fallbackRewrite(text, history), nil
	}
	out = strings.TrimSpace(strings.Trim(strings.TrimSpace(out), `"`))
	if out == "" || utf8.RuneCountInString(out) > MaxQuestionLen {
		return fallbackRewrite(text, history), nil
	}
	return out, nil
}

// fallbackRewrite is the rewrite used when the model's fails.
func fallbackRewrite(text string, history []Turn) string {
	if len(history) == 0 {
		return text
	}
	return heuristicRewrite(text, history)
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

// Coverage is how well the loaded sources cover a question, the signal on
// which extractive answers decide that a question is not covered.
type Coverage struct {
	// Share is the IDF-weighted share of the question's terms that the top
	// passages contain; below Options.MinCoverage the answer is "not found".
	Share float64
	// Missing lists the names, acronyms and numbers of the question that no
	// retrieved passage mentions; any makes the answer "not found".
	Missing []string
	// Hits is how many passages were retrieved.
	Hits int
}

// Coverage retrieves the passages for a question, as Ask does, and reports
// how well they cover it. It is what "summitbot eval --calibrate" sweeps.
func (e *Engine) Coverage(ctx context.Context, question string) (Coverage, error) {
	if err := CheckQuestion(question); err != nil {
		return Coverage{}, err
	}
	hits, err := e.idx.Search(ctx, strings.TrimSpace(question), retrieval.SearchOptions{K: e.opts.K})
	if err != nil {
		return Coverage{}, fmt.Errorf("search: %w", err)
	}
	rel, err := e.relevance(ctx, question, hits)
	if err != nil {
		return Coverage{}, err
	}
	return Coverage{Share: rel.coverage, Missing: rel.missingKey, Hits: rel.hits}, nil
}

// relevanceInfo is how well the retrieved passages cover a question.
type relevanceInfo struct {
	hits       int
	coverage   float64            // IDF-weighted share of query terms found in the top passages
	missingKey []string           // named terms (names, acronyms, numbers) no source mentions
	weights    map[string]float64 // stem -> IDF weight, for sentence scoring
}

func (r relevanceInfo) found(min float64) bool {
	return r.hits > 0 && len(r.missingKey) == 0 && r.coverage >= min
}

// relevance measures whether the hits can answer the question. Every named
// term of the question (a name, acronym or number) must appear in the
// retrieved passages, allowing for misspellings and demonyms (Canadian ~
// Canada); and the top passages must contain enough of the question's other
// terms, weighted by IDF. Terms the index never contains are paraphrases the
// passages cannot match, so they are left out of the share.
func (e *Engine) relevance(ctx context.Context, question string, hits []retrieval.Hit) (relevanceInfo, error) {
	info := relevanceInfo{hits: len(hits), weights: map[string]float64{}}
	if len(hits) == 0 {
		return info, nil
	}
	terms, err := e.idx.QueryTerms(ctx, question)
	if err != nil {
		return info, fmt.Errorf("query terms: %w", err)
	}
	lang := detectLanguage(question)
	// German capitalises every noun: there only acronyms and numbers are names.
	named := namedWords(question, lang.code != "de")
	n := float64(max(1, e.idx.Len()))
	var topText, allText strings.Builder
	for i, h := range hits {
		if i < 3 {
			topText.WriteString(h.Chunk.Text)
			topText.WriteByte(' ')
		}
		allText.WriteString(h.Chunk.Text)
		allText.WriteByte(' ')
	}
	present := contentStems(topText.String())
	retrievedWords := wordSet(allText.String())
	common := e.opts.CommonWords
	if lang != english {
		// The word list is English: in a question in another language every
		// word is unknown to it, and none can be taken for a missing name.
		common = nil
	}
	var total, got float64
	for _, t := range terms {
		surface := retrieval.Fold(t.Surface)
		if generic[t.Term] || retrieval.IsStopword(surface) {
			continue
		}
		stem := retrieval.Stem(surface)
		w := math.Log(1 + n/(float64(t.DocFreq)+0.5))
		info.weights[stem] = w
		if named[surface] || (t.DocFreq == 0 && common != nil && !isCommon(common, surface)) {
			total += w
			if mentions(retrievedWords, surface) {
				got += w
			} else {
				info.missingKey = append(info.missingKey, t.Surface)
			}
			continue
		}
		if t.DocFreq == 0 {
			continue
		}
		total += w
		if present[stem] || present[t.Term] {
			got += w
		}
	}
	if total > 0 {
		info.coverage = got / total
	}
	return info, nil
}

// isCommon reports whether a folded word, or a plain inflection of it, is an
// ordinary English word.
func isCommon(words map[string]bool, w string) bool {
	if chatWords[w] || len(w) <= 2 {
		return true
	}
	if words[w] || strings.IndexFunc(w, unicode.IsDigit) >= 0 {
		return words[w]
	}
	for _, suffix := range []string{"s", "es", "ed", "ing", "'s"} {
		if base, ok := strings.CutSuffix(w, suffix); ok && words[base] {
			return true
		}
	}
	return false
}

// chatWords are informal spellings common in chat that no dictionary lists.
var chatWords = map[string]bool{
	"isnt": true, "arent": true, "wasnt": true, "werent": true, "dont": true, "doesnt": true, "didnt": true,
	"wont": true, "cant": true, "couldnt": true, "wouldnt": true, "shouldnt": true, "hasnt": true, "havent": true,
	"whats": true, "thats": true, "theres": true, "theyre": true, "youre": true, "ive": true, "id": true,
	"ok": true, "okay": true, "pls": true, "plz": true, "thx": true, "yeah": true, "yep": true, "nope": true,
	"gonna": true, "wanna": true, "gotta": true, "lol": true, "btw": true, "imo": true, "tbh": true, "irl": true,
}

// wordSet returns the folded words of text.
func wordSet(text string) map[string]bool {
	out := map[string]bool{}
	for _, w := range retrieval.Words(retrieval.Fold(text)) {
		out[w] = true
	}
	return out
}

// mentions reports whether words contain word, its stem, a misspelling of it,
// or a form sharing all but its ending (Canadian ~ Canada, Ukrainian ~ Ukraine).
func mentions(words map[string]bool, word string) bool {
	if words[word] {
		return true
	}
	stem := retrieval.Stem(word)
	for w := range words {
		if retrieval.Stem(w) == stem || similarWord(word, w) || sameRoot(word, w) {
			return true
		}
	}
	return false
}

// sameRoot reports whether two words differ only in a short ending after a
// common root of at least five letters (Canadian/Canada, Russian/Russia).
func sameRoot(a, b string) bool {
	ra, rb := []rune(a), []rune(b)
	p := 0
	for p < len(ra) && p < len(rb) && ra[p] == rb[p] {
		p++
	}
	return p >= 5 && len(ra)-p <= 3 && len(rb)-p <= 3
}

// similarWord reports whether two folded words are within a small edit distance
// relative to their length (Zaporizhia ~ Zaporizhzhia, Zelensky ~ Zelenskyy).
func similarWord(a, b string) bool {
	la, lb := utf8.RuneCountInString(a), utf8.RuneCountInString(b)
	if la < 5 || lb < 5 || abs(la-lb) > 2 {
		return false
	}
	limit := 1
	if min(la, lb) >= 8 {
		limit = 2
	}
	return editDistance(a, b) <= limit
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// generic are stemmed question words that say little about the topic.
var generic = map[string]bool{
	"happen": true, "role": true, "mean": true, "meant": true, "think": true, "know": true,
	"someth": true, "thing": true, "new": true, "get": true, "go": true, "make": true, "want": true,
}

// namedWords returns the folded words of a question that name something: a
// capitalised word not at the start of a sentence (when capitalised is set),
// an acronym, or a number.
func namedWords(q string, capitalised bool) map[string]bool {
	out := map[string]bool{}
	for _, sp := range retrieval.Sentences(q) {
		for i, w := range strings.Fields(q[sp.Start:sp.End]) {
			w = strings.Trim(w, `?!.,;:"'()“”‘’«»`)
			w = strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "’s")
			if w == "" {
				continue
			}
			r, _ := utf8.DecodeRuneInString(w)
			upper := strings.ToUpper(w) == w && utf8.RuneCountInString(w) >= 2 && strings.IndexFunc(w, unicode.IsLetter) >= 0
			digit := strings.IndexFunc(w, unicode.IsDigit) >= 0
			if (capitalised && i > 0 && unicode.IsUpper(r)) || upper || digit {
				out[strings.ToLower(retrieval.Fold(w))] = true
			}
		}
	}
	return out
}
