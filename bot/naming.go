package bot

// This file answers a question asking what something is called ("what is
// the force officially called?", "its abbreviation"): the answer prefers a
// sentence giving a name ("known as MNF-U", "(NATO)"), and the words that
// ask for the name are not weighed as what is asked about, so "what
// officials call the coalition" is no nearer to "officially called" than
// any other sentence. When no retrieved sentence gives a name to what is
// asked about, the answer is "not found", as for the typed kinds.

import "github.com/summitbot/summitbot/retrieval"

// nameBoost is how much more a sentence giving a name (retrieval.GivesName)
// scores in the answer to a question asking what something is called
// (retrieval.AsksName). Only the answer weighs it, among the passages it
// draws on: weighed in the reordering of those passages as well, it moved
// two development questions' evidence into the top 5 (one of them on both
// corpora) but took one held-out question's out of it, on both corpora.
const nameBoost = 2

// nameAskingStems are the stems of the words a question uses to ask what
// something is called ("officially called", "short name", "abbreviation",
// as retrieval.AsksName reads them).
var nameAskingStems = []string{"call", "name", "dub", "known", "offici", "formal", "full", "short", "proper", "titl", "abbrevi", "acronym", "initi", "design", "moniker", "label"}

// withoutNameAsking removes from subject, the stems a question part asks
// about, those asking for a name, keeping at least one stem.
func withoutNameAsking(subject map[string]bool) {
	for _, st := range nameAskingStems {
		if len(subject) > 1 {
			delete(subject, st)
		}
	}
}

// givesNameAsked reports whether a ranked sentence gives a name
// (retrieval.GivesName) to what a question asking what something is called
// asks about: it names the question's names and holds at least
// minTypedShare of the rest of the question, as a typed answer must.
func givesNameAsked(ranked []scored) bool {
	for _, s := range ranked {
		if s.named && s.ctxShare >= minTypedShare && retrieval.GivesName(s.text) {
			return true
		}
	}
	return false
}
