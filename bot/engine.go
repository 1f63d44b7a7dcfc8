package bot

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"strings"
	"unicode/utf8"

	"github.com/summitbot/summitbot/bot/llm"
	"github.com/summitbot/summitbot/prompts"
	"github.com/summitbot/summitbot/retrieval"
)

// Searcher is the part of the index the engine needs.
type Searcher interface {
	Search(ctx context.Context, query string, opts retrieval.SearchOptions) ([]retrieval.Hit, error)
	QueryTerms(ctx context.Context, query string) ([]retrieval.TermStat, error)
	Terms(text string) []string
	Sources() []retrieval.Source
	Chunks(ctx context.Context, sourceID string) ([]retrieval.Chunk, error)
	TopicWeights(ctx context.Context, guild string) (map[string]float64, error)
	Len() int
}

// Inflections gives the base forms of irregular inflections, as
// data.Thesaurus does.
type Inflections interface {
	// BaseForms returns the base forms of a lower-case irregular inflection
	// ("came": come), or nil for a word that is none.
	BaseForms(word string) []string
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
	// ContextChars is how much passage text fits in one model request
	// (default 24,000); answers draw on the leading passages that fit it.
	ContextChars int
	// MinCoverage is the share of a question's (IDF-weighted) terms the top
	// passages must contain for the extractive answer to count as found.
	MinCoverage float64
	// Paraphrases is how many paraphrases of each question the model writes
	// (in the one request that also rewrites follow-ups and translates), to
	// be searched with the question and fused (default 3, at most
	// maxParaphrases; negative: none, and that request is then made only for
	// follow-ups and questions not in English). Unused without a model.
	Paraphrases int
	// Rerank has the model order the leading RerankTop passages found by how
	// well they answer the question, in one more request (without a model,
	// nothing happens).
	Rerank bool
	// RerankTop is how many of the leading passages reranking orders
	// (default 12).
	RerankTop int
	// CommonWords is the set of ordinary lower-case English words; a question
	// word outside it that no source contains is treated as a name the sources
	// do not mention (so "what did orban say" is not answered from passages
	// about someone else). Nil: only capitalised words count as names.
	CommonWords map[string]bool
	// ProperAdjectives are the adjectives written capitalised, lower case
	// ("mediterranean", "north american"): after "which" or "what" they
	// describe what is asked ("which Mediterranean country") and name
	// nothing the sources must mention. Nil: such a word is a name.
	ProperAdjectives map[string]bool
	// Inflections gives the base forms of irregular inflections ("came":
	// come), by which the thing a "how many" question counts ends at its
	// verb ("how many leaders came in person"). Nil: only regular forms
	// ("attended") end it.
	Inflections Inflections
	// Vocabulary, if not nil, knows the words and names of a large general
	// corpus: a lower-case question word of 7 to 20 letters that CommonWords
	// and the index lack is read as a typo of an ordinary word one edit away
	// that the index holds ("acording") only when Vocabulary does not know
	// it ("chinese", "greenland" are names). Its vectors also tell whether
	// a sentence speaks of what a question asks about a name in other
	// words ("maritime" for "naval"; see nearGate). Nil: no word is read as
	// a typo, and only the question's words and related ones count.
	Vocabulary Vocabulary
	// Acronyms, if not nil, tells what acronyms stand for (data.Acronyms):
	// a question naming "the Atlantic alliance" or "the North Atlantic
	// Treaty Organization" is not refused for passages that write NATO.
	Acronyms Acronyms
	// ModelRequests is how many requests of one summary's map step are sent
	// to the model at once (default 3; 1 sends them one after another, for
	// servers that answer one request at a time).
	ModelRequests int
}

// Acronyms relates acronyms to the words they stand for.
type Acronyms interface {
	// Expansions returns the lower-case words of each thing a lower-case
	// acronym stands for, or nil.
	Expansions(acronym string) [][]string
	// Holding returns the lower-case acronyms whose expansion holds a
	// lower-case word.
	Holding(word string) []string
	// Ordinary reports whether a lower-case acronym abbreviates only
	// ordinary things ("tv", "hq"), not a named one.
	Ordinary(acronym string) bool
}

// Vocabulary tells whether a lower-case word is one a large general corpus
// uses, and how near two such words are in meaning (data.WordVectors).
type Vocabulary interface {
	// ID returns a lower-case word's number, or false if it has none.
	ID(word string) (int, bool)
	// Cosine returns the cosine of the vectors of the words numbered a and b.
	Cosine(a, b int) float64
}

// Engine answers questions and writes summaries from an index, with a chat
// model when one is configured and extractively otherwise.
type Engine struct {
	idx     Searcher
	chat    Completer // nil: extractive mode
	prompts *prompts.Set
	log     *slog.Logger
	opts    Options
	topics  *topicCache // suggested topics by scope (topics.go)
}

// DefaultParaphrases is how many paraphrases of a question the model writes
// for retrieval, and DefaultRerankTop how many passages reranking orders.
const (
	DefaultParaphrases = 3
	DefaultRerankTop   = 12
	// DefaultModelRequests is how many notes requests of a summary are in
	// flight at once.
	DefaultModelRequests = 3
)

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
	switch {
	case opts.Paraphrases == 0:
		opts.Paraphrases = DefaultParaphrases
	case opts.Paraphrases < 0:
		opts.Paraphrases = 0
	}
	opts.Paraphrases = min(opts.Paraphrases, maxParaphrases)
	if opts.RerankTop <= 0 {
		opts.RerankTop = DefaultRerankTop
	}
	if opts.ModelRequests <= 0 {
		opts.ModelRequests = DefaultModelRequests
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Engine{idx: idx, chat: chat, prompts: p, log: log, opts: opts, topics: newTopicCache()}
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
