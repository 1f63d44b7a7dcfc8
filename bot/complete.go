package bot

import (
	"context"
	"strings"

	"github.com/summitbot/summitbot/bot/llm"
)

// complete sends the model one request, the only way the engine calls it: the
// system prompt sys (left out when empty) and the user message user. It
// returns the reply, trimmed, and whether it gives an answer: false when the
// reply is NOT_FOUND (isNotFound). onPartial, if not nil, receives the reply
// so far while the model streams it, except while the reply reads as the
// beginning of NOT_FOUND, so that the user never sees it, and without its
// citation markers (draftText): they are checked once the reply is
// complete and may change. A failed request is a *modelError (fallback.go).
//
// Every request is streamed, even when nobody watches the reply grow: the
// model's first-token timeout then measures how long the reply takes to
// start, not how long the whole of it takes to write.
func (e *Engine) complete(ctx context.Context, sys, user string, onPartial func(text string)) (reply string, found bool, err error) {
	msgs := make([]llm.Message, 0, 2)
	if sys != "" {
		msgs = append(msgs, llm.Message{Role: llm.RoleSystem, Content: sys})
	}
	msgs = append(msgs, llm.Message{Role: llm.RoleUser, Content: user})
	onDelta := func(string) {}
	if onPartial != nil {
		var sofar strings.Builder
		shown := ""
		onDelta = func(d string) {
			sofar.WriteString(d)
			if s := sofar.String(); !mayBeNotFound(s) {
				if draft := draftText(s); draft != shown && draft != "" {
					shown = draft
					onPartial(draft)
				}
			}
		}
	}
	out, err := e.chat.Complete(ctx, msgs, onDelta)
	if err != nil {
		return "", false, &modelError{err: err}
	}
	out = strings.TrimSpace(out)
	return out, !isNotFound(out), nil
}

// notFoundMarkers are the replies by which the model says that the passages
// do not answer (the prompts ask for NOT_FOUND), after notFoundKey.
var notFoundMarkers = []string{"NOT_FOUND", "NOT FOUND"}

// notFoundKey reduces a reply to what isNotFound compares: upper case,
// without the white space, quotes and emphasis around it.
func notFoundKey(s string) string {
	return strings.ToUpper(strings.TrimSpace(strings.Trim(strings.TrimSpace(s), "`*_\"'.")))
}

// isNotFound is the NOT_FOUND detector: it reports whether a model reply
// means "the sources do not say" ("NOT_FOUND", "`NOT_FOUND`", "**Not found**",
// "NOT FOUND: ...").
func isNotFound(reply string) bool {
	key := notFoundKey(reply)
	for _, m := range notFoundMarkers {
		if strings.HasPrefix(key, m) {
			return true
		}
	}
	return false
}

// mayBeNotFound reports whether a reply still being streamed is NOT_FOUND or
// may yet become it: isNotFound, or the beginning of a marker ("", "N",
// "**Not f").
func mayBeNotFound(draft string) bool {
	if isNotFound(draft) {
		return true
	}
	key := notFoundKey(draft)
	for _, m := range notFoundMarkers {
		if strings.HasPrefix(m, key) {
			return true
		}
	}
	return false
}
