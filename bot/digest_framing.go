package bot

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/summitbot/summitbot/retrieval"
)

// This file tells a sentence that frames from one that informs. A framing
// sentence announces what follows with a general noun ("Russia has
// responded to the Paris declaration with stark warnings.", "Officials
// offered few details.") and gives none of it: no figure, date or quoted
// words, no name but its subject's, no clause or action saying what the
// warnings or details are. As a bullet it tells the reader nothing; the
// sentence after it in its source usually carries what it announces, and
// the digest takes the two together instead.

// shellNouns are general nouns that announce content without giving it:
// what was said, felt, asked or planned, named but not told.
var shellNouns = wordSet(
	"warning", "warnings", "concern", "concerns", "detail", "details",
	"question", "questions", "reaction", "reactions", "response", "responses",
	"step", "steps", "measure", "measures", "issue", "issues", "remark",
	"remarks", "comment", "comments", "criticism", "doubt", "doubts",
	"objection", "objections", "threat", "threats", "signal", "signals",
	"message", "messages", "statement", "statements", "point", "points",
	"element", "elements", "aspect", "aspects", "development", "developments",
	"change", "changes", "option", "options", "demand", "demands",
	"condition", "conditions", "assurance", "assurances", "answer", "answers",
	"specifics", "particulars",
)

// vagueWords may follow a framing sentence's general noun without telling
// what it is: function words, and words that only say the framed thing
// exists, came or stays open ("of its own", "remain unanswered").
var vagueWords = wordSet(
	"a", "an", "the", "of", "its", "their", "his", "her", "own", "from", "for",
	"about", "over", "on", "in", "at", "to", "with", "by", "and", "or", "this",
	"these", "those", "it", "them", "again", "too", "as", "well", "already",
	"so", "far", "yet", "still", "now", "remain", "remains", "remained",
	"unanswered", "unclear", "open", "unresolved", "is", "are", "was", "were",
	"be", "been", "came", "come", "followed", "follow", "emerged", "arose",
	"swift", "quick", "immediate", "mixed", "muted", "sharp", "strong", "stark",
)

// determiners open a noun phrase: "to the summit" is a place, "to send" an
// action.
var determiners = wordSet(
	"a", "an", "the", "this", "these", "that", "those", "its", "their", "his",
	"her", "our", "your", "my", "any", "all", "each", "every", "some", "such",
	"both", "no", "what", "which", "whom", "whose", "whether",
)

// figureWords are figures written as words; "several" and "many" are not
// figures.
var figureWords = wordSet(
	"one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
	"ten", "eleven", "twelve", "fifteen", "twenty", "thirty", "forty", "fifty",
	"hundred", "hundreds", "thousand", "thousands", "million", "millions",
	"billion", "billions", "dozen", "dozens", "half", "third", "quarter",
	"percent", "once", "twice",
)

// clauseWords open a clause that says what something is, was said or was
// decided ("warned that…", "warnings which…", "asked whether…").
var clauseWords = wordSet("that", "which", "who", "whom", "whose", "whether", "because", "if", "unless", "would", "could")

// maxFramingWords is the most words a framing sentence holds: a longer one
// says more than it announces.
const maxFramingWords = 22

func wordSet(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// framingWord is one word of a sentence, its punctuation trimmed.
type framingWord struct {
	text  string // as written, trimmed
	lower string
	upper bool // opens with a capital letter
}

func framingWords(s string) []framingWord {
	var out []framingWord
	for _, f := range strings.Fields(s) {
		t := strings.TrimFunc(f, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
		if t == "" {
			continue
		}
		r, _ := utf8.DecodeRuneInString(t)
		out = append(out, framingWord{text: t, lower: strings.ToLower(t), upper: unicode.IsUpper(r)})
	}
	return out
}

// subjectEnd is the index of the first word after the subject of ws: the
// first lower-case word, past the first, that reads as a verb (an
// auxiliary, or ending in -ed or -s).
func subjectEnd(ws []framingWord) int {
	for i := 1; i < len(ws); i++ {
		w := ws[i]
		if w.upper {
			continue
		}
		switch w.lower {
		case "has", "have", "had", "is", "are", "was", "were", "will", "would", "could", "can", "did", "does", "said", "says", "made", "gave", "took", "drew", "met", "got", "sent", "saw":
			return i
		}
		if strings.HasSuffix(w.lower, "ed") || strings.HasSuffix(w.lower, "s") {
			return i
		}
	}
	return len(ws)
}

// hasSpecific reports whether s holds something specific: a figure, a
// date, quoted words, a clause or an infinitive saying what was said or
// done, or (after the subject's words) a name of two words or more.
func hasSpecific(s string) bool {
	if strings.ContainsAny(s, "0123456789“”\"«»") {
		return true
	}
	ws := framingWords(s)
	for i, w := range ws {
		if figureWords[w.lower] || dateWord(w.lower) || clauseWords[w.lower] {
			return true
		}
		if w.lower == "to" && i+1 < len(ws) && !ws[i+1].upper && !determiners[ws[i+1].lower] {
			return true // an action: "agreed to send"
		}
	}
	from := subjectEnd(ws)
	for i := from; i+1 < len(ws); i++ {
		if ws[i].upper && ws[i+1].upper {
			return true // "Maria Zakharova", "Foreign Ministry"
		}
	}
	return false
}

// frames reports whether sentence s announces its content with a general
// noun and gives none of it: short, nothing specific (hasSpecific), and its
// last general noun followed by vague words only, so that no concrete
// object or action comes after it.
func frames(s string) bool {
	ws := framingWords(s)
	if len(ws) < 3 || len(ws) > maxFramingWords || hasSpecific(s) {
		return false
	}
	last := -1
	for i, w := range ws {
		if shellNouns[w.lower] {
			last = i
		}
	}
	if last < 0 {
		return false
	}
	for _, w := range ws[last+1:] {
		if w.upper || (!vagueWords[w.lower] && !shellNouns[w.lower] && !strings.HasSuffix(w.lower, "ly")) {
			return false
		}
	}
	return true
}

// carriesSpecifics reports whether s, the sentence after a framing one,
// gives what that one announces: it frames nothing itself and holds a
// specific.
func carriesSpecifics(s string) bool {
	return !frames(s) && hasSpecific(s)
}

// framed is the bullet a framing sentence, the k-th of sents, makes with
// the sentence after it, and whether it makes one: when that one gives what
// it announces, is prose of the same or the next paragraph and both fit one
// bullet.
func framed(s string, sents []string, spans []retrieval.Span, text string, k int) (string, bool) {
	if k+1 >= len(sents) {
		return "", false
	}
	next := sents[k+1]
	gap := text[spans[k].End:spans[k+1].Start]
	pair := s + " " + next
	if strings.Count(gap, "\n") > 2 || !quotable(next) || !carriesSpecifics(next) ||
		!(standalone(next) || pointsBack(next)) || utf8.RuneCountInString(pair) > maxPointLen+60 {
		return "", false
	}
	return pair, true
}

// dateWord reports whether a lower-case word names a month or a day.
func dateWord(w string) bool {
	return retrieval.IsMonth(w) || retrieval.IsWeekday(w) || w == "yesterday" || w == "today" || w == "tomorrow"
}
