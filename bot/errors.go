package bot

import (
	"context"
	"errors"

	"github.com/summitbot/summitbot/bot/llm"
)

// userMessager is implemented by errors that carry a sentence fit to show a user
// (for example the ingest package's refusals).
type userMessager interface {
	UserMessage() string
}

// Friendly turns an error from the core into one plain sentence for a user.
// The detail belongs in the log, not in what the user sees.
func Friendly(err error) string {
	var um userMessager
	switch {
	case err == nil:
		return ""
	case errors.As(err, &um):
		return um.UserMessage()
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, llm.ErrTimeout):
		return "Sorry, that took too long to answer. Please try again in a moment."
	case errors.Is(err, context.Canceled):
		return "That request was cancelled."
	default:
		return "Sorry, something went wrong on my side. Please try again later."
	}
}
