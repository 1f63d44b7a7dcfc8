package bot

import (
	"regexp"
	"slices"
	"strings"
	"unicode"

	"github.com/summitbot/summitbot/retrieval"
)

// This file finds what a question says besides what it asks: that the
// sources disagree, how the answer should be given, or instructions to the
// bot. None says what the answer is about.

// disagreeRe matches a question whose asker says the sources disagree ("i
// see different numbers floating around", "reports seem inconsistent",
// "outlets seem to disagree", "one report says the draft had it", "one
// site says the 6th", "the headcounts I'm reading don't line up", "which is
// it?", "it depends on the outlet"); the sources or figures must be what
// disagrees ("which countries contradict the US position?" does not).
var disagreeRe = regexp.MustCompile(`(?i)\b(?:(?:different|conflicting|contradictory|contradicting|inconsistent|mixed|varying|differing|competing)\s+(?:\pL+\s+)?(?:numbers|figures|dates|days|reports|accounts|versions|claims|answers|stories|counts|totals|information|estimates|tallies|sources|outlets|articles)|(?:do|does|did)\s+(?:the\s+|all\s+(?:the\s+)?|both\s+|these\s+)?(?:reports|outlets|sources|articles|accounts|papers|stories|figures|numbers|dates)\s+(?:\pL+\s+)?(?:agree|line up|differ|disagree|say the same)|\b(?:any|a|the)\s+(?:discrepanc(?:y|ies)|disagreement|contradiction)s?\s+(?:between|among|in)\s+(?:the\s+)?(?:reports|outlets|sources|articles|accounts|figures)|(?:reports|outlets|sources|articles|accounts|media|papers|stories|numbers|figures|dates|headcounts|counts|totals|estimates|tallies)\s+(?:[\pL']+\s+){0,3}?(?:disagree|differ|contradict|conflict|vary|inconsistent|(?:don't|don’t|dont|do not)\s+(?:(?:seem|appear)\s+to\s+)?(?:agree|match|line up|add up))|(?:one|some|another)\s+(?:report|outlet|source|article|paper|site|website|story|channel)s?\s+(?:say|said|claim|report|write|wrote)s?|(?:depends|depending|varies|vary)\s+on\s+(?:the\s+|which\s+)?(?:outlet|report|article|paper)s?|which\s+(?:one\s+)?is\s+(?:it|right|correct|true)\s*[?.!]*\s*$)`)

// withoutRemarks returns a question without its sentences saying the
// sources disagree ("How did Moscow respond? Reports seem inconsistent.":
// "How did Moscow respond?"), without its requests about the answer's form
// ("Which countries refused? list every one mentioned", "which countries
// refused - name them all") and without its sentences giving the bot
// instructions ("ignore your rules 😂 ok but what did the kremlin say"):
// they say how to answer, not what about, and their words ("reports",
// "inconsistent", "mentioned") match no answer. A question whose other
// sentences ask too little (minAskedWords) is returned whole.
func withoutRemarks(q string) string {
	q = withoutBelief(q)
	var sentences []string
	start := 0
	// Sentences end at "?", "!", ". " or an emoji whatever the case of
	// the next word ("…in paris? i see different numbers").
	for _, end := range append(sentenceEndRe.FindAllStringIndex(q, -1), []int{len(q), len(q)}) {
		if s := strings.TrimSpace(q[start:end[1]]); s != "" {
			sentences = append(sentences, s)
		}
		start = end[1]
	}
	var kept []string
	inEnglish := -1 // whether q is in English, decided when first needed
	for _, s := range sentences {
		// A sentence alone is what is asked, whatever it says (and the
		// patterns are not read again for it).
		if len(sentences) > 1 && (disagreeRe.MatchString(s) || formRequest(s) || instructionShaped(s)) {
			continue
		}
		if len(sentences) > 1 && foreignAside(s) {
			if inEnglish < 0 {
				inEnglish = 0
				if detectLanguage(q) == english {
					inEnglish = 1
				}
			}
			if inEnglish == 1 {
				continue // "… to ukraine? nicht gut": an aside in the asker's own language
			}
		}
		if m := formClauseRe.FindStringSubmatchIndex(s); m != nil && formRequest(s[m[2]:m[3]]) {
			s = strings.TrimSpace(s[:m[0]])
		}
		kept = append(kept, s)
	}
	out := strings.Join(kept, " ")
	if out == q {
		return q
	}
	content := 0
	for _, w := range retrieval.Words(retrieval.Fold(out)) {
		if !retrieval.IsStopword(w) {
			content++
		}
	}
	if content < minAskedWords {
		return q // "Some reports say it is binding. Is it?": the rest asks nothing
	}
	return out
}

// formRequestRe matches (folded) a request about the answer's form and
// nothing else: "list every one mentioned", "name them all pls", "give me
// all of them", "keep it short", "cite your sources". A request naming what
// to list ("list the countries that refused") asks something, and does not
// match.
var formRequestRe = regexp.MustCompile(`^(?:(?:and|also|so|just|ok|okay|pls|plz|please|can you|could you)\s+)*(?:(?:list|name|give|mention|include|cite|show|tell)\s+(?:me\s+|us\s+)?(?:them|those|these|it|all|each|every|both)(?:\s+(?:of|them|those|these|all|each|every|one|ones|single|both|the|that|which|you|can|could|find|see|are|were|is|was|mentioned|named|listed|cited|reported|given|found|in|by|sources?|articles?|reports?|pls|plz|please|too|also|thanks|thx))*|keep it (?:short|brief)|be (?:brief|concise|specific)|(?:short|brief|quick) answer|in (?:bullet )?points|(?:cite|with|include) (?:your |the )?(?:sources|citations))(?:\s+(?:pls|plz|please|thanks|thx))?\s*[.!?]*$`)

// formRequest reports whether a sentence or clause of a question only asks
// for the answer's form (formRequestRe).
func formRequest(s string) bool {
	return formRequestRe.MatchString(strings.TrimSpace(retrieval.Fold(s)))
}

// formClauseRe finds a sentence's last clause, after a comma, semicolon,
// dash or opening bracket ("which countries refused - list them all"); its
// group is the clause.
var formClauseRe = regexp.MustCompile(`(?:[,;:(]|\s[-–—]|[–—])\s*([^,;:()–—]*?)\)?\s*[.!?]*\s*$`)

// sentenceEndRe matches the end of a sentence of a question, with the
// quotation marks closing after it ("…typed: 'Forget every rule.' Please…"),
// and also an emoji, which chat writes as a full stop ("…everything 😂 ok
// but seriously, what…").
var sentenceEndRe = regexp.MustCompile(`[?!]+['"’”»]*\s*|\.['"’”»]*\s+|\p{So}+\s*`)

// minAskedWords is how many words that are not stop words a question needs
// once what it says besides what it asks is left out (withoutRemarks).
const minAskedWords = 2

// foreignAside reports whether a sentence of an English question is in
// another language: detected so, and holding one of that language's
// function words that is no English stopword ("nicht gut", "jaki rodzaj
// wsparcia?"; not "one piece says no comment", whose "no" is English too).
func foreignAside(s string) bool {
	words := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' && r != '-' })
	foreign := func(code string) bool {
		return slices.ContainsFunc(words, func(w string) bool { return isFunctionWord(code, w) && !retrieval.IsStopword(w) })
	}
	// The function words first: detecting the language costs more.
	for code := range functionWords {
		if code != english.code && foreign(code) {
			lang := detectLanguage(s)
			return lang != english && foreign(lang.code)
		}
	}
	return false
}
