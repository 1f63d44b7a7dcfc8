package bot

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"syscall"

	"github.com/summitbot/summitbot/bot/llm"
	"github.com/summitbot/summitbot/retrieval"
)

// This file decides what happens when the model fails. Any failure of a
// model request (complete.go wraps them all in modelError), other than the
// caller cancelling, ends with an answer rather than an error: the
// extractive answer (or summary), with Answer.Fallback saying why in words
// fit for a user. A failure that means the endpoint is down or too slow
// (unreachable: no connection, 5xx or 429 after the retries, no first token
// in time, a stalled stream, a timeout) also stops any further request for
// the same question, so that a question never waits for two timeouts: a
// failed rewrite skips the rerank and the answer requests.

// modelError is a failed model request, as complete returns it.
type modelError struct{ err error }

func (e *modelError) Error() string { return e.err.Error() }
func (e *modelError) Unwrap() error { return e.err }

// modelFailure is why the model could not answer.
type modelFailure struct {
	// reason is for Answer.Fallback: a clause without error text, URLs or keys.
	reason string
	// unreachable is true when asking the model again for the same question
	// would only wait for the same failure.
	unreachable bool
}

// unreachable and failed build the two kinds of modelFailure.
func unreachable(why string) modelFailure {
	return modelFailure{reason: "the language model could not be reached (" + why + ")", unreachable: true}
}

func failed(why string) modelFailure {
	return modelFailure{reason: "the language model failed (" + why + ")"}
}

// classifyModelError says whether err is a model failure to fall back from,
// and why. It is not for errors other than a model request's (a search, a
// prompt), nor for the caller cancelling: those are returned as they are.
func classifyModelError(err error) (modelFailure, bool) {
	var me *modelError
	if !errors.As(err, &me) || errors.Is(err, context.Canceled) {
		return modelFailure{}, false
	}
	var (
		se     *llm.StatusError
		dnsErr *net.DNSError
		opErr  *net.OpError
	)
	switch {
	case errors.Is(err, llm.ErrFirstToken):
		return unreachable("no reply in time"), true
	case errors.Is(err, llm.ErrStalled):
		return unreachable("its reply stopped mid-way"), true
	case errors.Is(err, llm.ErrTimeout), errors.Is(err, context.DeadlineExceeded):
		return unreachable("timed out"), true
	case errors.Is(err, syscall.ECONNREFUSED):
		return unreachable("connection refused"), true
	case errors.As(err, &se):
		switch {
		case se.StatusCode == http.StatusTooManyRequests:
			return unreachable(fmt.Sprintf("rate limited, HTTP %d", se.StatusCode)), true
		case se.StatusCode >= 500:
			return unreachable(fmt.Sprintf("server error, HTTP %d", se.StatusCode)), true
		case se.StatusCode == 0:
			return failed("error in its reply"), true
		default:
			return failed(fmt.Sprintf("request refused, HTTP %d", se.StatusCode)), true
		}
	case errors.As(err, &dnsErr):
		return unreachable("host not found"), true
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF), errors.Is(err, syscall.ECONNRESET):
		return unreachable("connection lost"), true
	case errors.As(err, &opErr):
		return unreachable("network error"), true
	}
	return failed("unexpected reply"), true
}

// Notice is the one line shown with an answer made without the model because
// the model failed; it is empty when the model did not fail.
func (a Answer) Notice() string {
	if a.Fallback == "" {
		return ""
	}
	return "Note: " + a.Fallback + ", so this answer was made without it."
}

// fallBack answers extractively after the model failed: from the passages an
// answer without a model draws on (offlineSearch: as many as offlineK, for
// the standalone question alone, reordered by their sentences), so that the
// fallback is the offline answer; if that search fails, from what retrieve
// found.
func (e *Engine) fallBack(ctx context.Context, ans Answer, r retrieved, f modelFailure) Answer {
	hits, rel, err := e.fallbackSearch(ctx, r)
	if err == nil {
		r.hits, r.rel = hits, rel
	} else {
		e.log.Warn("search for the extractive fallback failed; answering from the passages the model had", "err", err)
	}
	ans = e.answerExtractive(ans, r)
	ans.Fallback = f.reason
	return ans
}

// fallbackSearch retrieves what the extractive fallback answers from: the
// passages an answer without a model draws on for r's standalone question
// (offlineSearch, as many as r.offlineK).
func (e *Engine) fallbackSearch(ctx context.Context, r retrieved) ([]retrieval.Hit, relevanceInfo, error) {
	return e.offlineSearch(ctx, r.question, r.lang, r.offlineK, e.opts.ContextChars, r.guild, r.topic)
}
