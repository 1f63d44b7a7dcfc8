package bot

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/summitbot/summitbot/bot/llm"
	"github.com/summitbot/summitbot/retrieval"
	"github.com/summitbot/summitbot/retrieval/ingest"
)

func TestFriendly(t *testing.T) {
	const (
		tooLong   = "Sorry, that took too long to answer. Please try again in a moment."
		cancelled = "That request was cancelled."
		generic   = "Sorry, something went wrong on my side. Please try again later."
	)
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"nil", nil, ""},
		{"input error", ErrEmptyQuestion, "Please ask a question: the question is empty."},
		{"wrapped input error", fmt.Errorf("ask: %w", &Error{Code: CodeBadURL, Msg: "Only http and https URLs can be loaded."}), "Only http and https URLs can be loaded."},
		{"index refusal", fmt.Errorf("add x: %w", fmt.Errorf("%w (under 80 characters)", retrieval.ErrTooShort)), "That article has too little text to index (under 80 characters)."},
		{"passage limit", fmt.Errorf("add x: %w", &retrieval.LimitError{Passages: 900, Limit: 500}), "That article is too long to load (900 passages; the limit is 500)."},
		{"bad id", &retrieval.IDError{ID: "Bad Id"}, `"Bad Id" is not a valid source id (use lower-case letters, digits and dashes).`},
		{"duplicate url", &retrieval.DuplicateError{Existing: retrieval.Source{ID: "first", Title: "First"}, Reason: "url"}, `That article is already loaded as "first" (First), with the same URL.`},
		{"duplicate text", &retrieval.DuplicateError{Existing: retrieval.Source{ID: "first", Title: "First"}, Reason: "text"}, `That article is already loaded as "first" (First), with the same text.`},
		{"empty refusal", &ingest.RefusedError{}, "That source was refused."},
		{"refusal ending in a question mark", &ingest.RefusedError{Reason: "is that a PDF?"}, "Is that a PDF?"},
		{"fetch refusal", fmt.Errorf("load x: %w", &ingest.RefusedError{Reason: "that URL resolves to a private address", Err: errors.New("10.0.0.1")}), "That URL resolves to a private address."},
		{"refusal after a timeout", &ingest.RefusedError{Reason: "the page took too long to load", Err: context.DeadlineExceeded}, "The page took too long to load."},
		{"deadline", fmt.Errorf("answer with model: %w", context.DeadlineExceeded), tooLong},
		{"model timeout", fmt.Errorf("answer with model: chat completion: %w", fmt.Errorf("%w after 60s", llm.ErrTimeout)), tooLong},
		{"cancel", fmt.Errorf("search: %w", context.Canceled), cancelled},
		{"model status", fmt.Errorf("answer with model: %w", &llm.StatusError{StatusCode: 500, Message: "boom sk-secret"}), generic},
		{"generic", errors.New("open /var/lib/summitbot/index: permission denied"), generic},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Friendly(tt.err); got != tt.want {
				t.Errorf("Friendly(%v) = %q, want %q", tt.err, got, tt.want)
			}
		})
	}
}

func TestMessageRefusalsOnly(t *testing.T) {
	tests := []struct {
		name   string
		err    error
		wantOK bool
	}{
		{"nil", nil, false},
		{"core refusal", ErrQuestionTooLong, true},
		{"storage failure", errors.New("write manifest: disk full"), false},
		{"corrupt index", retrieval.ErrCorrupt, false},
		{"refusal wrapped twice", fmt.Errorf("a: %w", fmt.Errorf("b: %w", &ingest.RefusedError{Reason: "x"})), true},
	}
	for _, tt := range tests {
		if _, got := Message(tt.err); got != tt.wantOK {
			t.Errorf("%s: Message ok = %v, want %v", tt.name, got, tt.wantOK)
		}
	}
}

func TestErrorWithoutMessage(t *testing.T) {
	if got, want := (&Error{Code: CodeBadURL}).Error(), "bad_url"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

func TestErrorIsByCode(t *testing.T) {
	err := fmt.Errorf("remove: %w", &Error{Code: CodeUnknownSource, Msg: "There is no source with id \"x\"."})
	if !errors.Is(err, &Error{Code: CodeUnknownSource}) {
		t.Errorf("errors.Is by code failed for %v", err)
	}
	if errors.Is(err, &Error{Code: CodeBadURL}) {
		t.Errorf("errors.Is matched another code for %v", err)
	}
}
