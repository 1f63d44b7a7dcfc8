package bot

import (
	"regexp"

	"github.com/summitbot/summitbot/retrieval"
)

// Some questions are answered by a sentence of a kind the question's words
// do not share: "which countries flatly said no" by "Croatia and the Czech
// Republic refused to send troops", "what does the Kremlin say has to
// happen before a truce" by "Russia insists there can be no ceasefire
// without a comprehensive settlement". For such a question, a sentence of
// that kind scores more in the answer (and in the reordering of the
// passages it draws on).

// refusalBoost is how much more a sentence telling a refusal
// (retrieval.TellsRefusal) scores for a question asking who refused
// (retrieval.AsksRefusal), as the search prefers such passages. Measured on
// the development sets (stop 31): 1.5, 2 and 3 each raised the mean MRR; 2
// answered three more questions (one more than 1.5) and moved one question
// from 1st to 2nd; 3 did no better.
const refusalBoost = 2

// conditionBoost is how much more a sentence telling a condition
// (conditionRe) scores for a question asking one (askedConditionRe).
// Measured on the development sets (stop 31): three answers gained, none
// lost, the held-out sets' totals unchanged.
const conditionBoost = 2

var (
	// askedConditionRe matches a question asking on what condition
	// something happens ("what has to happen before", "precondition",
	// "under what conditions", "what would it take").
	askedConditionRe = regexp.MustCompile(`(?i)\b(?:pre-?conditions?|prerequisites?|(?:on|under) what (?:conditions?|terms)|what conditions?|(?:has|have|needs?|must) to happen|must happen|what would it take|what (?:is|are) (?:needed|required))\b`)
	// conditionRe finds a condition as news tells it ("no ceasefire
	// without a settlement", "only if", "unless", "once a truce holds").
	conditionRe = regexp.MustCompile(`(?i)\b(?:without|unless|only (?:if|when|after|once)|provided(?: that)?|as long as|on condition|conditional on|conditioned on|depends? on|precondition|prerequisite|until)\b`)
)

// leading is what kind of sentence leads the answer to a question.
type leading struct{ refusal, condition bool }

// leadingKinds reads which kinds of sentence lead the answer to question.
func leadingKinds(question string) leading {
	return leading{refusal: retrieval.AsksRefusal(question), condition: askedConditionRe.MatchString(question)}
}

// boost returns the factor a sentence's score is multiplied by: more than 1
// when it is of a kind that leads.
func (l leading) boost(sentence string) float64 {
	f := 1.0
	if l.refusal && retrieval.TellsRefusal(sentence) {
		f *= refusalBoost
	}
	if l.condition && conditionRe.MatchString(sentence) {
		f *= conditionBoost
	}
	return f
}
