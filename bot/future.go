package bot

import "github.com/summitbot/summitbot/retrieval"

// This file tells what a sentence says of time to come: a statement about
// something still to come (future, futureNear), a later occurrence of
// something ("the next meeting": laterNear).

// futureCues mark a statement about something still to come; toCues do
// when "to" follows ("expected to", "set to").
var (
	futureCues = map[string]bool{"will": true, "would": true, "shall": true, "next": true, "upcoming": true, "scheduled": true,
		"planned": true, "plans": true, "plan": true, "later": true, "tomorrow": true, "soon": true, "once": true,
		// What a plan or a text lays out is still to come: "the declaration
		// envisions a major headquarters in Paris".
		"envisions": true, "envision": true, "envisioned": true, "envisages": true, "envisage": true, "envisaged": true,
		"foresees": true, "foresee": true, "proposes": true, "propose": true, "proposed": true, "planning": true}
	toCues = map[string]bool{"expected": true, "due": true, "set": true, "going": true, "intends": true, "intend": true, "aims": true}
)

// laterCues mark a later occurrence of something: "the next meeting".
var laterCues = map[string]bool{"next": true, "again": true, "upcoming": true, "subsequent": true, "another": true}

// laterNear reports whether a sentence speaks of a later occurrence of the
// thing asked about: a later cue in the same clause as one of the
// question's words (at the positions in subject), at most maxTypedDist words
// from it: "the next summit", "meet again", not "if Russia attacks again,
// according to drafts discussed at a summit".
func laterNear(toks []token, subject map[int]bool) bool {
	for i, t := range toks {
		if !laterCues[t.fold] {
			continue
		}
		for k := range subject {
			if sameClause(toks, i, k) && max(i-k, k-i) <= maxTypedDist {
				return true
			}
		}
	}
	return false
}

// sameClause reports whether the words at i and k are in one clause: no
// comma, semicolon or other mark stands between them.
func sameClause(toks []token, i, k int) bool {
	for j := min(i, k) + 1; j <= max(i, k); j++ {
		if toks[j].comma {
			return false
		}
	}
	return true
}

// dateFutureCues tell a date still to come: not "would" ("said on Tuesday
// that Ukraine would…"), "plan" ("the plan presented on November 19") or
// "once" ("once the deal was signed on March 3"), which futureCues count
// for a whole sentence.
var dateFutureCues = map[string]bool{"will": true, "shall": true, "next": true, "upcoming": true, "scheduled": true,
	"later": true, "tomorrow": true, "soon": true}

// isDate reports whether the span is a date (a month, a weekday, a year or
// a relative day), not a condition ("after a ceasefire": conditions).
func isDate(toks []token, s span) bool {
	for k := s.start; k < s.end; k++ {
		if isMonth(toks, k) || retrieval.IsWeekday(toks[k].fold) || relativeDays[toks[k].fold] || retrieval.IsYear(toks[k].fold) || periods[toks[k].fold] {
			return true
		}
	}
	return false
}

// futureDist is how far (in words, within its clause) a future cue may be
// from a date for the date to be one still to come.
const futureDist = 8

// futureNear reports whether the date at inst is told as still to come: a
// future cue in its clause, at most futureDist words from it ("will take
// effect on March 1"), not a dateline or a past event's date elsewhere in
// a sentence that also speaks of the future ("January 7, 2026: allies
// outlined… that would activate after a truce").
func futureNear(toks []token, inst span) bool {
	for i, t := range toks {
		if !dateFutureCues[t.fold] && (!toCues[t.fold] || i+1 >= len(toks) || toks[i+1].fold != "to") {
			continue
		}
		for _, k := range []int{inst.start, inst.end - 1} {
			if k >= 0 && sameClause(toks, i, k) && max(i-k, k-i) <= futureDist {
				return true
			}
		}
	}
	return false
}

// expectedFactor is what a sentence speaking of the future scores times
// for a question asking what happened (askedType.past).
const expectedFactor = 0.75

// future reports whether a sentence speaks of something still to come.
func future(toks []token) bool {
	for i, t := range toks {
		if futureCues[t.fold] || (toCues[t.fold] && i+1 < len(toks) && toks[i+1].fold == "to") {
			return true
		}
	}
	return false
}
