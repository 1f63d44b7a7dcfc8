package bot

import "regexp"

// A "who" question may ask who plays a part that a sentence must speak of
// for the persons it names to be the answer: who pays for something (a
// sentence naming who builds it does not say), who commands something (a
// sentence naming who sets it up does not say). Each part is a pair: the
// question's words asking it, and the words a sentence says it with.
type act struct {
	asked, said *regexp.Regexp
}

// acts are the parts a "who" question may ask about; the first is paying.
var acts = []act{
	{
		// "who is going to pay for the hubs", "who funds the force",
		// "who will finance it"; said with an amount, a currency, or a word
		// of paying, funding or spending.
		asked: regexp.MustCompile(`\b(?:pay|pays|paid|paying|fund|funds|funding|funded|finance|finances|financing|financed|bankroll\w*|foot(?:s|ing)? the bill)\b`),
		said:  regexp.MustCompile(`(?i)\b(?:fund\w*|financ\w*|pay\w*|paid|cost\w*|budget\w*|money|billions?|millions?|bn|euros?|dollars?|pounds?|aid|spend\w*|spent|allocat\w*|bankroll\w*)\b|[€$£]`),
	},
	{
		// "who will command the force", "who's been named commander of
		// the hq", "who is in charge of the mission"; said with a word of
		// commanding or heading, or a title that does ("general"). Not
		// "lead", which a sentence says of any part taken first ("take the
		// lead in forming this force").
		asked: regexp.MustCompile(`\b(?:command(?:s|ed|ing|er|ers)?|in charge|at the helm)\b`),
		said:  regexp.MustCompile(`(?i)\b(?:command\w*|head|heads|headed|heading|chief|general|admiral|commodore|in charge|helm|run by|chair\w*|appoint\w*)\b`),
	},
}

// notActing matches phrases made of the words acts say a part with that say
// no one plays it: "command structures", "chain of command", a Secretary
// General (no general who commands).
var notActing = regexp.MustCompile(`(?i)\bcommand (?:structures?|chains?|arrangements?)\b|\bchains? of command\b|\b(?:secretary|attorney)[- ]general\b`)

// saysAct reports whether a sentence says the part acts asks with its words
// (acts' said), leaving out the phrases that only look so (notActing).
func saysAct(acts *regexp.Regexp, sentence string) bool {
	return acts.MatchString(notActing.ReplaceAllString(sentence, " "))
}

// actAsked returns the words a sentence must say the part asked by a
// lower-case "who" question with (acts), or nil when it asks no such part.
func actAsked(q string) *regexp.Regexp {
	for _, a := range acts {
		if a.asked.MatchString(q) {
			return a.said
		}
	}
	return nil
}

// paidFor returns the stem of what a "who pays" question asks is paid for
// ("who pays for the hubs": hub), which the sentence naming the payer must
// name too (a government funding ammunition does not pay for the hubs); ""
// for another question.
func paidFor(q string) string {
	if !acts[0].asked.MatchString(q) {
		return ""
	}
	return moneyPurpose(q)
}
