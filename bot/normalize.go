package bot

import (
	"regexp"
	"strings"
	"unicode"
)

// addressRe matches a question's opening words that address the bot ("hey
// bot,", "ok summitbot:"), which say nothing of what is asked.
var addressRe = regexp.MustCompile(`(?i)^\s*(?:(?:hey|hi|hello|ok|okay|yo)[\s,]+)?(?:summit\s?bot|bot)\b[\s,:;!.-]*`)

// withoutAddress returns question without the words that open it addressing
// the bot, or question itself when that would leave nothing.
func withoutAddress(question string) string {
	if rest := addressRe.ReplaceAllString(question, ""); rest != "" {
		return rest
	}
	return question
}

// shortYearRe matches a year written with its last two digits after an
// apostrophe ("since '22", "the '90s"); shortHoursRe a number of hours written "24h",
// "48hrs" or "72-hr".
var (
	shortYearRe  = regexp.MustCompile(`(^|[\s(])['’‘](\d\d)(s?)\b`)
	shortHoursRe = regexp.MustCompile(`(?i)\b(\d+)[ -]?(?:h|hrs?)\b`)
)

// writtenOut writes a short year and a short number of hours out as the
// sources write them ("since '22": "since 2022"; "in one 24h window": "in
// one 24-hour window", a length of time), so that the number is no name the
// sources lack. Two-digit years up to 49 are read in the 2000s, the others
// in the 1900s.
func writtenOut(question string) string {
	question = shortYearRe.ReplaceAllStringFunc(question, func(m string) string {
		sub := shortYearRe.FindStringSubmatch(m)
		century := "20"
		if sub[2] >= "50" {
			century = "19"
		}
		return sub[1] + century + sub[2] + sub[3]
	})
	return shortHoursRe.ReplaceAllString(question, "$1-hour")
}

// standsForRe matches a question asking what an abbreviation stands for
// ("what does MNF-U stand for?", "what's MNF-U short for", "what does
// NATO mean"); its group is the abbreviation.
var standsForRe = regexp.MustCompile(`(?i)^\s*what(?:'s|’s| is| does| do)\s+(?:the\s+)?([\pL\pN][\pL\pN.‑‐-]*)\s+(?:stands? for|short for|mean|abbreviate)\s*\??\s*$`)

// asDefinition returns a question asking what an abbreviation (a word
// written with capitals only) stands for as the question what it is ("what
// does MNF-U stand for" is "What is MNF-U?"): "stand" and "mean" are no
// words of what is asked ("stands behind", "we stand ready"), and the
// answer is the sentence saying what it is (definitionOf). Other
// questions are returned as they are.
func asDefinition(question string) string {
	m := standsForRe.FindStringSubmatch(question)
	if m == nil || strings.ContainsFunc(m[1], unicode.IsLower) || !strings.ContainsFunc(m[1], unicode.IsUpper) {
		return question
	}
	return "What is " + m[1] + "?"
}
