// Package bot is summitbot's answering core: it turns a question (with optional
// earlier turns) into a grounded, cited answer, and produces cited summaries.
// It knows nothing of Discord; the CLI and the Discord adapter both use it.
//
// Its files follow the path of an answer. engine.go holds the Engine and its
// options. retrieve.go is the one retrieval step of answers, coverage and
// topic summaries (with the context budget); rewrite.go makes a follow-up
// stand alone and has the model paraphrase the question, fuse.go searches
// the wordings and fuses their rankings, rerank.go has the model reorder
// the passages; relevance.go decides whether the passages cover a question
// and holds the not-found rule (names.go tells a question's names from its
// ordinary words). ask.go answers a question and summary.go
// writes summaries (summary_model.go map-reduces them with the model,
// source by source), with the model through complete.go (the one place the
// model is called, and the NOT_FOUND detector) or by quoting the passages
// (extractive.go, choosing sentences by what the question asks: answertype.go
// classifies questions, recognise.go finds quantities, dates, names and
// places in sentences, rank.go scores them); instructions.go answers
// instruction-shaped questions, language.go detects the asker's language and
// words "not found" in it; fallback.go decides what happens when the model
// fails.
// citations.go grounds every answer's citations; claims.go splits a model's
// text into claims and their checkable facts, support.go decides which
// passages support a claim, and repair.go re-cites or removes the claims
// their citations do not support. Offline summaries are digest.go (layout
// and budget), digest_cands.go (which sentences may be bullets),
// digest_rank.go (scoring and selection) and facets.go (their headings);
// topics.go and topicterms.go suggest summary topics. library.go loads and
// removes sources, scope.go keeps each server's sources to itself (and
// checks uploads); errors.go words refusals for users.
package bot

// Mode names which path produced an answer.
const (
	// ModeLLM means a language model wrote the answer from the retrieved
	// passages (or replied that they do not answer the question).
	ModeLLM = "llm"
	// ModeExtractive means the answer was assembled from retrieved sentences
	// without a model: none is configured, the model failed (Answer.Fallback
	// says how), or the code found that the sources do not cover the
	// question before asking it.
	ModeExtractive = "extractive"
)

// Turn is one earlier exchange in a conversation, used to rewrite follow-up questions.
type Turn struct {
	Question string
	Answer   string
}

// Question is what a user asked, with the conversation it belongs to.
type Question struct {
	// Text is the question as the user wrote it.
	Text string
	// History holds earlier turns, oldest first; empty for a fresh question.
	History []Turn
	// K is how many passages to retrieve; zero means the engine's default.
	K int
	// Guild is the Discord server (guild) the question was asked in: it is
	// answered from the shared sources and that server's own. Empty (the CLI
	// without --guild, a direct message) means the shared sources only.
	Guild string
}

// SummaryRequest is what a summary covers.
type SummaryRequest struct {
	// Topic is a topic ("the US role"), a source's id or title, or "" for
	// everything.
	Topic string
	// Guild is the scope summarized, as Question.Guild.
	Guild string
}

// Citation is one numbered source an answer points to with [N].
type Citation struct {
	N         int    `json:"n"`
	SourceID  string `json:"source_id"`
	Title     string `json:"title"`
	Outlet    string `json:"outlet"`
	URL       string `json:"url"`
	Published string `json:"published,omitempty"`
	Quote     string `json:"quote"`
}

// Answer is a grounded reply: text with [N] markers and the citations they map to.
type Answer struct {
	// ID identifies this answer (for feedback and logs).
	ID string `json:"id,omitempty"`
	// Text is the answer, with inline [N] markers that all appear in Citations.
	Text string `json:"answer"`
	// Mode is ModeLLM or ModeExtractive.
	Mode string `json:"mode"`
	// Found is false when the loaded sources do not cover the question.
	Found bool `json:"found"`
	// Fallback, when not empty, says why the model did not write this answer
	// although one is configured ("the language model could not be reached
	// (connection refused)"); Mode is then ModeExtractive. See Notice.
	Fallback string `json:"fallback,omitempty"`
	// Citations lists the sources cited in Text, in order of N.
	Citations []Citation `json:"citations"`
	// Standalone is the question actually used for retrieval (after follow-up rewriting).
	Standalone string `json:"-"`
	// ShortSources asks for the Sources list with titles cut to
	// ShortTitle, as summaries are posted: their room goes to the bullets.
	ShortSources bool `json:"-"`
}
