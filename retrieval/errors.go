package retrieval

import (
	"errors"
	"fmt"
)

// Errors callers branch on.
var (
	// ErrCorrupt means the index directory exists but cannot be read; it is never overwritten.
	ErrCorrupt = errors.New("index is corrupted")
	// ErrLocked means another process has the index open.
	ErrLocked = errors.New("index is in use by another summitbot process")
	// ErrNotFound means no source has the given id.
	ErrNotFound = errors.New("no such source")
)

// Refusals of a document, for callers to branch on (errors.Is). The error
// returned wraps one of them with the specifics; the caller words the sentence
// a user sees.
var (
	// ErrTooShort means the document has too little text to index.
	ErrTooShort = errors.New("too little text to index")
	// ErrInvalidID means the document's id is not a valid source id.
	ErrInvalidID = errors.New("invalid source id")
	// ErrTooLong means the document has more passages than the index accepts.
	ErrTooLong = errors.New("too many passages")
)

// DuplicateError reports that a document is already loaded (same URL or same text).
type DuplicateError struct {
	Existing Source
	Reason   string // "url" or "text"
}

// Error names the source the document duplicates and why.
func (e *DuplicateError) Error() string {
	return fmt.Sprintf("already loaded as %s (same %s)", e.Existing.ID, e.Reason)
}

// LimitError reports a document over the passage limit; it matches ErrTooLong.
type LimitError struct {
	Passages, Limit int
}

// Error gives the document's passage count and the limit.
func (e *LimitError) Error() string {
	return fmt.Sprintf("%d passages, the limit is %d", e.Passages, e.Limit)
}

// Is makes a *LimitError match ErrTooLong.
func (e *LimitError) Is(target error) bool { return target == ErrTooLong }

// IDError reports a source id that is not valid; it matches ErrInvalidID.
type IDError struct{ ID string }

// Error quotes the id.
func (e *IDError) Error() string { return fmt.Sprintf("invalid source id %q", e.ID) }

// Is makes an *IDError match ErrInvalidID.
func (e *IDError) Is(target error) bool { return target == ErrInvalidID }
