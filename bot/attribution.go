package bot

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// This file finds the phrases of a question that only say where the claim
// asked about comes from ("according to the draft", "per Reuters", "in the
// declaration", ", Macron said"): they are not what the question asks about,
// so a sentence that merely names the source ("according to draft
// agreements…") does not answer it; a sentence from that source is only
// preferred (attributionPull).

// attributionPull is how much less a sentence scores when neither it nor the
// sentences next to it name the source a question attributes its claim to.
const attributionPull = 0.15

// maxSourceWords is the longest source phrase taken after "according to"
// ("the head of the Atlantic alliance").
const maxSourceWords = 7

// sourceLeadRe finds the words that introduce a source: "according to",
// "as per", "per", "as reported by", "described by", "citing".
var sourceLeadRe = regexp.MustCompile(`(?i)\b(?:acc?ording to|as per|per|as reported by|reported by|as described by|described by|as outlined by|outlined by|as stated in|as set out in|as outlined in|citing)\s+`)

// documentNouns are the things a claim can be "in": the texts and reports
// news and summits produce (not an agreement or a plan, which a question
// may ask about: "are Italian troops in the plan"). Ordinary words, not
// the articles'.
const documentNouns = `declarations?|drafts?|texts?|communiqu[eé]s?|statements?|reports?|documents?|articles?|proposals?|letters?|memos?|briefings?|speech(?:es)?|interviews?|transcripts?|papers?|coverage|stor(?:y|ies)|sources?|press`

// inDocumentRe finds "in the declaration", "under the draft proposal", "in
// Macron's speech": a document (with up to two words before its noun).
var inDocumentRe = regexp.MustCompile(`(?i)\b(?:in|under)\s+(?:the|a|an|this|that|its|their|his|her|[\p{L}]+['’]s)\s+(?:[\p{L}-]+\s+){0,2}?(?:` + documentNouns + `)\b`)

// documentSaysRe finds a document said to say something: "does the joint
// statement say about", "did the draft specify whether".
var documentSaysRe = regexp.MustCompile(`(?i)\b(?:does|did|do)\s+((?:the|a|an|this|that|its|their|[\p{L}]+['’]s)\s+(?:[\p{L}-]+\s+){0,2}?(?:` + documentNouns + `))\s+(?:say|state|specify|mention|spell out|set out)\s+(?:(?:anything|something|much)\s+)?(?:about|on|regarding|concerning|of)?\b`)

// reportedRe finds a reporting clause set off at the end of a question or
// between commas: ", Macron said?", ", the draft says,".
var reportedRe = regexp.MustCompile(`(?i),\s*((?:[\p{L}'’.-]+\s+){0,3}[\p{L}'’.-]+)\s+(?:says|said|say|reports|reported|claims|claimed|writes|wrote|notes|noted|states|stated)\s*(?:[,?!.;]|$)`)

// goingByRe finds a phrase that says the question goes by what a source
// reported: "going by what the French newspaper reported", "from what
// Reuters said", "based on what the draft says".
var goingByRe = regexp.MustCompile(`(?i),?\s*\b(?:going by|judging by|from|based on)\s+what\s+((?:[\p{L}'’.-]+\s+){0,4}?[\p{L}'’.-]+)\s+(?:says|said|say|reports|reported|writes|wrote|claims|claimed|states|stated|suggests|suggested)\b,?`)

// describedByRe finds a name said to have described or reported the thing
// asked about, after its noun: "the plan Le Monde described", "the figure
// that Reuters reported". The name is one to four capitalised words. Only
// verbs of reporting count: whoever "proposed" or "outlined" a plan is part
// of what is asked ("the ceasefire Putin proposed").
var describedByRe = regexp.MustCompile(`\b(?:that\s+)?((?:\p{Lu}[\p{L}'’.-]*\s+){0,3}\p{Lu}[\p{L}'’.-]*)\s+(?:described|reported|published|cited)\b(?:\s+as\b)?`)

// notNouns are the words before a name that show it is not after a noun:
// "the EU described" is the EU, not a source of "the".
var notNouns = map[string]bool{"the": true, "a": true, "an": true, "this": true, "these": true, "those": true, "its": true,
	"their": true, "his": true, "her": true, "of": true, "for": true, "to": true, "in": true, "on": true, "at": true,
	"by": true, "with": true, "from": true, "about": true, "as": true}

// sourceEnds are the words that end the source phrase after "according to":
// the question words and auxiliaries that resume the question.
var sourceEnds = map[string]bool{"what": true, "who": true, "whom": true, "whose": true, "when": true, "where": true, "which": true,
	"why": true, "how": true, "is": true, "are": true, "was": true, "were": true, "do": true, "does": true, "did": true, "will": true,
	"would": true, "can": true, "could": true, "should": true, "shall": true, "may": true, "might": true, "must": true, "has": true,
	"have": true, "had": true, "and": true, "but": true, "if": true, "whether": true, "that": true}

// sourceDeterminers may open the source phrase after "per": "per the draft"
// is a source, "per year" and "per country" are not; so may the articles
// that open the names of French, German, Spanish and Italian newspapers,
// typed in lower case ("per le monde", "per der spiegel").
var sourceDeterminers = map[string]bool{"the": true, "a": true, "an": true, "his": true, "her": true, "its": true, "their": true,
	"le": true, "la": true, "les": true, "der": true, "die": true, "das": true, "el": true, "il": true}

// splitAttribution returns a question's text without the phrases that only
// say where its claim comes from, and those phrases' source words ("the
// draft", "Reuters"). When nothing would be left to ask about ("what did the
// declaration say?"), the text is returned whole and the source empty.
func splitAttribution(text string) (content, source string) {
	var sources []string
	cut := func(s string, loc []int, src string) string {
		sources = append(sources, src)
		return s[:loc[0]] + " " + s[loc[1]:]
	}
	s := text
	for _, loc := range reverse(sourceLeadRe.FindAllStringIndex(s, -1)) {
		end, ok := sourcePhrase(s, loc[1], strings.EqualFold(strings.TrimSpace(s[loc[0]:loc[1]]), "per"))
		if ok {
			s = cut(s, []int{loc[0], end}, s[loc[1]:end])
		}
	}
	if m := documentSaysRe.FindStringSubmatchIndex(s); m != nil {
		// Keep the auxiliary: "what did the statement say about X" asks
		// "what did … X".
		s = cut(s, []int{m[2], m[1]}, s[m[2]:m[3]])
	}
	for _, loc := range reverse(inDocumentRe.FindAllStringIndex(s, -1)) {
		s = cut(s, loc, s[loc[0]:loc[1]])
	}
	if m := reportedRe.FindStringSubmatchIndex(s); m != nil && !resumes(s[m[2]:m[3]]) {
		s = cut(s, []int{m[0], m[1]}, s[m[2]:m[3]])
	}
	if m := goingByRe.FindStringSubmatchIndex(s); m != nil {
		s = cut(s, []int{m[0], m[1]}, s[m[2]:m[3]])
	}
	for _, m := range reverse(describedByRe.FindAllStringSubmatchIndex(s, -1)) {
		// After a noun ("the plan Le Monde described"), not as the
		// question's own clause ("which cities has Macron mentioned").
		before := strings.Fields(s[:m[0]])
		if len(before) == 0 || strings.HasSuffix(s[m[0]:m[1]], "as") || resumes(s[m[2]:m[3]]) {
			continue
		}
		if w := strings.ToLower(strings.Trim(before[len(before)-1], `,;:"“”`)); sourceEnds[w] || notNouns[w] {
			continue
		}
		s = cut(s, []int{m[0], m[1]}, s[m[2]:m[3]])
	}
	if len(sources) == 0 {
		return text, ""
	}
	content = strings.Join(strings.Fields(s), " ")
	if len(contentStems(content)) == 0 {
		return text, ""
	}
	return content, strings.Join(sources, " ")
}

// sourcePhrase returns where the source phrase starting at start in s ends:
// at punctuation, a word resuming the question, or after maxSourceWords
// words. After "per" (strict) the phrase must open with a determiner or be
// a capitalised name ending the clause ("per Reuters,"); ok is false when
// there is no phrase.
func sourcePhrase(s string, start int, strict bool) (end int, ok bool) {
	end = start
	words, first, i := 0, "", start
	for i < len(s) && words < maxSourceWords {
		j := i
		for j < len(s) {
			r, size := utf8.DecodeRuneInString(s[j:])
			if !unicode.IsSpace(r) {
				break
			}
			j += size
		}
		k := wordEnd(s, j)
		w := s[j:k]
		if w == "" || sourceEnds[strings.ToLower(w)] {
			break
		}
		if first == "" {
			first = w
		}
		words++
		end, i = k, k
	}
	if words == 0 {
		return start, false
	}
	if strict && !sourceDeterminers[strings.ToLower(first)] {
		closed := i >= len(s) || strings.ContainsRune(",?.;:!", rune(s[i])) || sourceEnds[strings.ToLower(nextWord(s, i))]
		if !capitalised(s[start:end]) || words > 3 || !closed {
			return start, false
		}
	}
	return end, true
}

// wordEnd returns where the word of s starting at j ends: at white space of
// any kind (a question may run over lines) or punctuation, but the full stop
// after a single letter belongs to the word ("U.S.", "J. D. Vance").
func wordEnd(s string, j int) int {
	letters := 0 // since the word's start or its last full stop
	k := j
	for k < len(s) {
		r, size := utf8.DecodeRuneInString(s[k:])
		switch {
		case unicode.IsSpace(r):
			return k
		case r == '.' && letters == 1:
			letters = 0
		case strings.ContainsRune(",?.;:!()", r):
			return k
		default:
			letters++
		}
		k += size
	}
	return k
}

// capitalised reports whether every word of a phrase is capitalised: a name
// ("Associated Press"), not "NATO member".
func capitalised(phrase string) bool {
	for _, w := range strings.Fields(phrase) {
		if r := []rune(w); !unicode.IsUpper(r[0]) {
			return false
		}
	}
	return true
}

// resumes reports whether a phrase holds a word that resumes the question
// (", and what has Merz said"): then it is not a source.
func resumes(phrase string) bool {
	for _, w := range strings.Fields(phrase) {
		if sourceEnds[strings.ToLower(w)] {
			return true
		}
	}
	return false
}

// nextWord returns the word of s after position i.
func nextWord(s string, i int) string {
	f := strings.Fields(s[i:])
	if len(f) == 0 {
		return ""
	}
	return strings.Trim(f[0], ",?.;:!()")
}

// reverse returns the locations last first, so that cutting one leaves the
// others' offsets valid.
func reverse(locs [][]int) [][]int {
	out := make([][]int, len(locs))
	for i, l := range locs {
		out[len(locs)-1-i] = l
	}
	return out
}
