package bot

import "regexp"

// payerRe matches a question asking who pays for something: "who is going
// to pay for the hubs", "who funds the force", "who will finance it".
var payerRe = regexp.MustCompile(`\b(?:pay|pays|paid|paying|fund|funds|funding|funded|finance|finances|financing|financed|bankroll\w*|foot(?:s|ing)? the bill)\b`)

// moneyTalkRe matches a sentence that speaks of money: an amount, a
// currency, or a word of paying, funding or spending.
var moneyTalkRe = regexp.MustCompile(`(?i)\b(?:fund\w*|financ\w*|pay\w*|paid|cost\w*|budget\w*|money|billions?|millions?|bn|euros?|dollars?|pounds?|aid|spend\w*|spent|allocat\w*|bankroll\w*)\b|[€$£]`)

// paysAsked reports whether a lower-case "who" question asks who pays for
// something: then a sentence naming who does it ("the UK and France will
// establish military hubs") does not answer it; one naming who pays does
// ("the UK has begun allocating funds").
func paysAsked(q string) bool { return payerRe.MatchString(q) }
