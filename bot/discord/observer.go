package discord

import (
	"time"

	"github.com/summitbot/summitbot/bot"
)

// Surfaces a question arrives through, as told to an Observer.
const (
	// SurfaceSlash is a slash command: /ask or /summary.
	SurfaceSlash = "slash"
	// SurfaceMention is a message mentioning the bot, or a direct message.
	SurfaceMention = "mention"
)

// Outcomes of an answer, as told to an Observer.
const (
	// OutcomeAnswered is an answer the sources cover, written as configured.
	OutcomeAnswered = "answered"
	// OutcomeNotFound is a reply that the sources do not cover the question.
	OutcomeNotFound = "not_found"
	// OutcomeFallback is an extractive answer given because the model failed.
	OutcomeFallback = "fallback"
	// OutcomeError is a failure: the user was shown an error instead.
	OutcomeError = "error"
)

// Observer is told what the bot does, for metrics (bot/metrics implements
// it). Its methods are called from many goroutines and must return quickly.
type Observer interface {
	// Question is called for each question received (a mention being one,
	// even an empty one), before it is admitted.
	Question(surface string)
	// RateLimited is called when the per-user rate limit refuses a question.
	RateLimited(surface string)
	// Busy is called when a question is refused because the queue is full.
	Busy(surface string)
	// Queued is called when an admitted question has to wait for an answer slot.
	Queued(surface string)
	// Answered is called once an answer, or the error shown instead, is
	// posted. mode is bot.ModeLLM or bot.ModeExtractive ("" after an error);
	// outcome is one of the Outcome constants; latency runs from the
	// question's arrival to the answer or error, firstEdit from its arrival
	// to the first text of the answer the user could see (zero when none was).
	Answered(surface, mode, outcome string, latency, firstEdit time.Duration)
}

// nopObserver is the Observer of a Bot configured without one.
type nopObserver struct{}

func (nopObserver) Question(string)                                               {}
func (nopObserver) RateLimited(string)                                            {}
func (nopObserver) Busy(string)                                                   {}
func (nopObserver) Queued(string)                                                 {}
func (nopObserver) Answered(string, string, string, time.Duration, time.Duration) {}

// outcome classifies a finished answer for an Observer.
func outcome(ans bot.Answer, err error) string {
	switch {
	case err != nil:
		return OutcomeError
	case ans.Fallback != "":
		return OutcomeFallback
	case !ans.Found:
		return OutcomeNotFound
	}
	return OutcomeAnswered
}
