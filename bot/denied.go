package bot

import (
	"regexp"
	"slices"

	"github.com/summitbot/summitbot/retrieval"
)

// A count question whose premise the sources deny ("how many Italian troops
// did Meloni commit?" when "Meloni has ruled out deploying Italian troops")
// is answered by the denial: none. Without it the answer was "not found",
// though the sources say what a reader needs.

// denialCues are the words, one or two, that deny an action: refusing it,
// ruling it out, or doing something without it.
var denialCues = map[string]bool{"refused": true, "refuses": true, "refusing": true, "declined": true, "declines": true,
	"rejected": true, "rejects": true, "without": true, "won't": true, "wouldn't": true, "ruled out": true, "rules out": true,
	"ruling out": true, "will not": true, "would not": true, "not expected": true, "no plans": true, "not send": true, "not deploy": true}

// maxDenialDist is the most words between a denial cue and the question's
// word it denies ("ruled out deploying Italian troops": troops is 3 words on).
const maxDenialDist = 4

// maxDenierDist is the most words between the name of who denies and the
// denial cue ("Italy's Prime Minister Giorgia Meloni has ruled out").
const maxDenierDist = 12

// contrastWords turn a sentence to someone else: "Italy will not send
// troops, while others, including Germany, stress…".
var contrastWords = map[string]bool{"while": true, "whereas": true, "but": true, "unlike": true, "others": true, "other": true}

// sendStems are the stems of the verbs of sending forces that a denial
// denies ("refused to send", "ruled out deploying").
var sendStems = map[string]bool{"send": true, "sent": true, "deploy": true, "commit": true, "contribut": true, "provid": true,
	"put": true, "station": true, "dispatch": true, "offer": true, "pledg": true, "suppli": true}

// deniedNear reports whether a sentence denies something the question asks
// about: a denial cue, not itself negated ("has not ruled out"), whose next
// word but stop words is a verb of sending ("refused to send", not "refused
// to comment", "no plans to withdraw", "wouldn't hesitate to send"),
// followed within maxDenialDist words of the same clause by one of the
// question's words (at the positions in subject); and, when the question
// names someone (names holds the positions of its names), preceded by one
// of those names within maxDenierDist words with no turn to someone else
// in between.
func deniedNear(toks []token, subject, names map[int]bool, named bool) bool {
	for i, t := range toks {
		n := 0
		switch {
		case i+1 < len(toks) && denialCues[t.fold+" "+toks[i+1].fold]:
			n = 2
		case denialCues[t.fold]:
			n = 1
		default:
			continue
		}
		if i > 0 && (toks[i-1].fold == "not" || toks[i-1].fold == "never") {
			continue // "would not rule out sending troops"
		}
		next := i + n
		for next < len(toks) && retrieval.IsStopword(toks[next].fold) {
			next++
		}
		if next == len(toks) || !sendStems[toks[next].stem] {
			continue
		}
		if named && !deniedBy(toks, i, names) {
			continue
		}
		for k := i + n; k < len(toks) && k < i+n+maxDenialDist; k++ {
			if toks[k].comma {
				break
			}
			if subject[k] {
				return true
			}
		}
	}
	return false
}

// deniedBy reports whether a name (at the positions in names) comes before
// the denial cue at i, within maxDenierDist words, with no contrast word
// between them.
func deniedBy(toks []token, i int, names map[int]bool) bool {
	for k := i - 1; k >= 0 && i-k <= maxDenierDist; k-- {
		if names[k] {
			return true
		}
		if contrastWords[toks[k].fold] {
			return false
		}
	}
	return false
}

// deniedAbout returns the best sentence that denies what a count question
// asks about (see deniedNear: the unit counted, when the question names one)
// or the premise of a "why" question ("why is the US sending troops"),
// naming what it names and holding at least minTypedShare of it, or nil. An
// amount of money is not denied so: "ruled out deploying troops" does not
// say what the mission costs.
func deniedAbout(t askedType, ranked []scored) *scored {
	if t.kind != kindQuantity && t.kind != kindReason || t.money {
		return nil
	}
	for i, s := range ranked {
		if s.denied && s.named && s.share >= minTypedShare {
			return &ranked[i]
		}
	}
	return nil
}

// negatedRe matches a question that itself denies what it asks about: "why
// won't Italy send troops", "why did Croatia refuse".
var negatedRe = regexp.MustCompile(`(?i)\b(?:not|never|no|n[o']t|won'?t|wouldn'?t|didn'?t|doesn'?t|don'?t|isn'?t|aren'?t|wasn'?t|weren'?t|can'?t|refus\w*|declin\w*|reject\w*|rul\w* out|without)\b`)

// turnWords begin a clause about someone else: "France could send thousands
// of troops, while the UK has begun allocating funds".
var turnWords = map[string]bool{"while": true, "whereas": true, "but": true, "unlike": true}

// countedForOther reports whether the count at inst stands in a part of the
// sentence that turns to someone else (see turnWords) than the question's
// names (at the positions in names), which only another part names: the
// "thousands" of France's troops do not count the UK's.
func countedForOther(toks []token, inst span, names map[int]bool) bool {
	from, to := inst.start, inst.end
	for from > 0 && !turnWords[toks[from-1].fold] {
		from--
	}
	for to < len(toks) && !turnWords[toks[to].fold] {
		to++
	}
	if from == 0 && to == len(toks) {
		return false // one part
	}
	elsewhere := false
	for k := range toks {
		if names[k] && k >= from && k < to {
			return false
		}
		elsewhere = elsewhere || names[k]
	}
	return elsewhere
}

// namedAt returns the positions of toks that stand for one of names (stems),
// as matches reads them.
func namedAt(toks []token, names []string, matches func(string, token) bool) map[int]bool {
	out := map[int]bool{}
	for k, t := range toks {
		out[k] = slices.ContainsFunc(names, func(n string) bool { return matches(n, t) })
	}
	return out
}

// deniedPremise returns the sentence denying the premise of a "why"
// question whose only names the passages lack are figures of that premise
// ("why did Trump agree to send 10k troops" when "Washington is not
// expected to deploy troops"), or nil. The passages must otherwise cover the
// question as an answer needs (relevanceInfo.found).
func (e *Engine) deniedPremise(r retrieved) *scored {
	rel := r.rel
	if len(rel.missingKey) == 0 || rel.hits == 0 || rel.coverage < e.opts.MinCoverage {
		return nil
	}
	for _, k := range rel.missingKey {
		if !hasDigit(k) {
			return nil
		}
	}
	rel.discountUnheld = true
	cands, lex := candidates(r.hits, r.topic), learn(hitTexts(r.hits))
	for _, p := range splitParts(searchText(withoutRemarks(r.question), r.lang), r.lang, e.opts.Inflections) {
		if p.typ.kind != kindReason {
			continue
		}
		if d := deniedAbout(p.typ, preferLeading(rankSentences(p, cands, rel, lex, r.lang))); d != nil {
			return d
		}
	}
	return nil
}

// statedPremiseRe matches a question that opens with what it takes as given
// ("since Washington has agreed to put troops on the ground, how many…",
// "given that…", "now that…"); its groups are the premise and the question.
var statedPremiseRe = regexp.MustCompile(`(?i)^\s*(?:(?:ok|okay|so|well|and|but)[,\s]+)*(?:since|given that|now that|seeing (?:as|that)|considering that)\s+([^,;?]{8,}),\s*(\S.*)$`)

// deniedStatedPremise returns the sentence denying what a question takes as
// given (statedPremiseRe), weighed as the premise of a "why" question is
// ("why has Washington agreed to put troops on the ground": "Washington is
// not expected to deploy troops on the ground"), or nil. A premise that
// denies something itself ("since Italy refused") is not checked. asked is
// the question as the answer reads it (searchText of withoutRemarks); cands
// and lex are the retrieved sentences and their lexicon.
func (e *Engine) deniedStatedPremise(r retrieved, asked string, cands []*candidate, lex lexicon) *scored {
	m := statedPremiseRe.FindStringSubmatch(asked)
	if m == nil || negatedRe.MatchString(m[1]) {
		return nil
	}
	p := questionPart{text: "why " + m[1]}
	if p.typ = classify(p.text, r.lang, e.opts.Inflections); p.typ.kind != kindReason {
		return nil
	}
	rel := r.rel
	rel.discountUnheld = true
	return deniedAbout(p.typ, preferLeading(rankSentences(p, cands, rel, lex, r.lang)))
}
