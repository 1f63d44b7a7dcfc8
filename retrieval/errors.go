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

// Scope refusals (see scope.go), for callers to branch on (errors.Is).
var (
	// ErrInvalidGuild means a scope is neither shared ("") nor a Discord
	// server id.
	ErrInvalidGuild = errors.New("invalid server (guild) id")
	// ErrBuiltinGuild means a built-in source was given a server's scope:
	// the built-in corpus is shared.
	ErrBuiltinGuild = errors.New("a built-in source must be shared, not one server's")
)

// GuildError reports a scope that is not a Discord server id; it matches
// ErrInvalidGuild.
type GuildError struct{ Guild string }

// Error quotes the scope and says what a server id looks like.
func (e *GuildError) Error() string {
	return fmt.Sprintf("invalid server (guild) id %q: want 1 to 20 digits", e.Guild)
}

// Is makes a *GuildError match ErrInvalidGuild.
func (e *GuildError) Is(target error) bool { return target == ErrInvalidGuild }
