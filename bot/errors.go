package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode"

	"github.com/summitbot/summitbot/bot/llm"
	"github.com/summitbot/summitbot/retrieval"
	"github.com/summitbot/summitbot/retrieval/ingest"
)

// Code names a kind of request the core refuses, for callers that branch on
// it and for logs.
type Code string

// The codes of the core's refusals.
const (
	CodeEmptyQuestion   Code = "empty_question"
	CodeQuestionTooLong Code = "question_too_long"
	CodeUnknownSource   Code = "unknown_source"
	CodeBadURL          Code = "bad_url"
	CodeFetchFailed     Code = "fetch_failed"
	CodeUnreadableFile  Code = "unreadable_file"
	CodeNotAFile        Code = "not_a_file"
	CodeFileTooLarge    Code = "file_too_large"
	CodeFileType        Code = "file_type"
	CodeSharedSource    Code = "shared_source"
	CodeLoadInProgress  Code = "load_in_progress"
	CodeTooManySources  Code = "too_many_sources"
)

// Error is a request the core refuses: a code to branch on, a sentence for the
// user and, where there is one, the underlying cause for the log. It is the
// one error type that carries a user-facing sentence; storage and ingest
// return plain errors, which Message words.
type Error struct {
	Code Code
	Msg  string
	Err  error
}

// Error returns the sentence in lower case without its final period, then
// the cause, for logs and wrapping.
func (e *Error) Error() string {
	if e.Msg == "" {
		return string(e.Code)
	}
	msg := strings.ToLower(e.Msg[:1]) + strings.TrimSuffix(e.Msg[1:], ".")
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

// Unwrap returns the underlying cause.
func (e *Error) Unwrap() error { return e.Err }

// Is makes errors.Is(err, &Error{Code: c}) match any *Error with code c.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code == e.Code && t.Msg == ""
}

// Message returns the sentence a user should see for a refusal (a request or
// source the core, the index or the fetcher will not take) and true; for any
// other error (a failure on our side) it returns "" and false.
func Message(err error) (string, bool) {
	var (
		be    *Error
		dup   *retrieval.DuplicateError
		limit *retrieval.LimitError
		id    *retrieval.IDError
		ref   *ingest.RefusedError
	)
	switch {
	case err == nil:
		return "", false
	case errors.As(err, &be):
		return be.Msg, true
	case errors.As(err, &dup):
		what := "the same text"
		if dup.Reason == "url" {
			what = "the same URL"
		}
		return fmt.Sprintf("That article is already loaded as %q (%s), with %s.", dup.Existing.ID, dup.Existing.Title, what), true
	case errors.As(err, &limit):
		return fmt.Sprintf("That article is too long to load (%d passages; the limit is %d).", limit.Passages, limit.Limit), true
	case errors.As(err, &id):
		return fmt.Sprintf("%q is not a valid source id (use lower-case letters, digits and dashes).", id.ID), true
	case errors.Is(err, retrieval.ErrTooShort):
		return "That article has too little text to index (under 80 characters).", true
	case errors.As(err, &ref):
		return sentence(ref.Reason), true
	}
	return "", false
}

// sentence capitalises a clause and ends it with a full stop.
func sentence(clause string) string {
	r := []rune(strings.TrimSpace(clause))
	if len(r) == 0 {
		return "That source was refused."
	}
	r[0] = unicode.ToUpper(r[0])
	s := string(r)
	if !strings.HasSuffix(s, ".") && !strings.HasSuffix(s, "?") && !strings.HasSuffix(s, "!") {
		s += "."
	}
	return s
}

// Friendly turns any error from the core into one plain sentence for a user.
// The detail belongs in the log, not in what the user sees.
func Friendly(err error) string {
	if msg, ok := Message(err); ok {
		return msg
	}
	switch {
	case err == nil:
		return ""
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, llm.ErrTimeout):
		return "Sorry, that took too long to answer. Please try again in a moment."
	case errors.Is(err, context.Canceled):
		return "That request was cancelled."
	default:
		return "Sorry, something went wrong on my side. Please try again later."
	}
}
