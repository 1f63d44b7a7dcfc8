package bot

import (
	"regexp"
	"strings"
)

// This file reads what an asker says they believe before asking ("I had
// assumed Lviv was among the bases; which cities did Macron mention?", "my
// reading suggests half a million troops; is that correct, or what figure
// do the sources give for its size?"). The belief is not asked: it is no
// part of the answer of its own, and its names and figures, often wrong, are
// nothing the sources must mention. A question that points back to it ("its
// size", "such leaders") keeps it, but without its figures.

// beliefRe matches the opening of a clause in which the asker says what
// they believe, heard or read ("I thought", "I had assumed that", "I've
// read", "my understanding is that", "my preliminary reading suggests").
var beliefRe = regexp.MustCompile(`(?i)^\s*(?:(?:so|well|ok|okay|hmm+|actually|also|honestly|now)[,\s]+)*(?:i(?:'d|’d|'ve|’ve|\s+had|\s+have|\s+was)?\s+(?:always\s+|originally\s+|initially\s+|just\s+|somehow\s+)?(?:believe|believed|think|thought|assume|assumed|heard|read|understand|understood|guess|guessed|figured|supposed|expected|gathered|been told|was told|was under the impression)|my\s+(?:[\pL-]+\s+){0,2}(?:reading|understanding|impression|sense|recollection|assumption|guess|notes|memory)\s+(?:suggests|says|is|was|indicates))\b(?:\s+that)?\s+`)

// beliefEndRe matches where the belief ends and the question begins: a
// semicolon, a question mark, a sentence's end, a dash, or a comma before
// "but", "so", "or" or "is that right"; the request to confirm is the
// group, which opens the question.
var beliefEndRe = regexp.MustCompile(`(?i)\s*(?:;|\?+|!+|\.\s+|\s[-–—]\s|,\s*(?:but|so|yet|or)\b|,\s*((?:is|was)\s+(?:that|this|it)|am\s+i)\b)\s*`)

// confirmRe matches a request to confirm the belief that opens what follows
// it ("is that correct, or", "am I right?", "true?").
var confirmRe = regexp.MustCompile(`(?i)^(?:(?:but|so|and|or)\s+)?(?:(?:(?:is|was)\s+(?:that|this|it)|am\s+i|are\s+they)\s+(?:really\s+)?(?:right|correct|true|accurate|wrong|so|the case|mistaken)\b|(?:really\s+)?(?:right|correct|true|accurate)\s*[?,])[\s,?!.]*(?:or\s+)?`)

// pointsBackRe matches a word by which the question points back to the
// belief ("its intended size", "such leaders", "how many of them").
var pointsBackRe = regexp.MustCompile(`(?i)\b(?:it|its|that|this|they|them|their|those|these|such|he|him|his|she|her)\b`)

// beliefFigureRe matches a figure and the words that hedge it: "roughly
// thirty", "half a million", "about 30,000", "a dozen".
var beliefFigureRe = regexp.MustCompile(`(?i)(?:\b(?:roughly|about|around|some|approximately|nearly|almost|over|under|more than|fewer than|less than|at least|up to)\s+)?(?:\b(?:half\s+a|a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|a few|several|\d[\d,.]*\s*k?)(?:[\s-]+(?:one|two|three|four|five|six|seven|eight|nine|hundred|thousand|million|billion|dozen|k))*\s+(?:hundred|thousand|million|billion|dozen)s?\b|\b\d[\d,.]*\s*(?:k|bn|m)?\b|\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-\pL+)?\b|\b(?:dozens|hundreds|thousands|millions)\b)`)

// withoutBelief returns q without the belief it opens with (beliefRe), when
// a question follows it in the same sentence: the question alone, or, when
// the question points back to the belief (pointsBackRe), asks to confirm it
// and then asks again ("is that correct, or what figure…"), or the belief is
// a sentence of its own, q with the belief's figures left out. A belief
// followed only by a request to confirm it ("I heard Italy refused, is that
// true?") is what is asked, and q is returned as it is.
func withoutBelief(q string) string {
	m := beliefRe.FindStringIndex(q)
	if m == nil {
		return q
	}
	end := beliefEndRe.FindStringSubmatchIndex(q[m[1]:])
	if end == nil {
		return q
	}
	raw := q[m[1] : m[1]+end[0]]
	belief := strings.TrimSpace(raw)
	from := end[1]
	if end[2] >= 0 {
		from = end[2] // ", is that right, or…": the request opens the rest
	}
	rest := strings.TrimSpace(q[m[1]+from:])
	confirms := false
	if c := confirmRe.FindString(rest); strings.TrimSpace(c) != "" {
		rest, confirms = strings.TrimSpace(rest[len(c):]), true
	}
	if belief == "" || len(contentStems(rest)) < minAskedWords {
		return q // the belief is what is asked
	}
	// A belief said in a sentence of its own sets the scene for the next
	// ("I read Kyiv wants NATO's rules on visiting troops. Which
	// agreements exactly?"); one the question turns from in the same
	// sentence ("…; which cities", "…, but who") does not.
	ownSentence := strings.ContainsAny(q[m[1]+end[0]:m[1]+end[1]], ".?!")
	if !confirms && !ownSentence && !pointsBackRe.MatchString(rest) {
		return rest
	}
	// The question needs the belief to say what it asks about: the belief
	// stays, without its figures.
	return q[:m[1]] + strings.Join(strings.Fields(beliefFigureRe.ReplaceAllString(raw, " ")), " ") + q[m[1]+end[0]:]
}
