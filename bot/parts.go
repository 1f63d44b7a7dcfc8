package bot

import (
	"regexp"
	"strings"

	"github.com/summitbot/summitbot/retrieval"
)

// This file splits a question asked in two or more parts ("who hosted the
// summit, and what did he call the agreement?") into its parts, each
// classified (classify), so that each is answered.

// partSplitRe finds where a second question begins: after a question mark, a
// semicolon, or ", and" / "and" before a question word.
var partSplitRe = regexp.MustCompile(`(?i)\?\s+|;\s*|,?\s+and\s+(?:also\s+)?(?:(?:for|in|on|at|with|to)\s+)?(?:who|whom|what|when|where|why|which|how|did|does|do|is|are|was|were|will|would|has|have)\b`)

// newQuestionRe matches the start of a question of its own.
var newQuestionRe = regexp.MustCompile(`(?i)^\s*(?:and\s+|but\s+|also\s+|so\s+)?(?:who|whom|whose|what|what's|when|where|where's|why|how|which|is|are|was|were|do|does|did|will|would|can|could|has|have|had|should)\b`)

// bareAskingRe matches a question word asked alone ("who?", "how
// many?") after a yes/no question it says how to answer.
var bareAskingRe = regexp.MustCompile(`(?i)^\s*(?:and\s+|so\s+)?(?:who|whom|when|where|why|how\s+many|how\s+much)\s*[?!.]*\s*$`)

// andRe is the ", and " that joins two parts.
var andRe = regexp.MustCompile(`(?i)^,?\s+and\s+(?:also\s+)?`)

// compoundRe matches two question words asked together ("when and where").
var compoundRe = regexp.MustCompile(`(?i)\b(when|where|who|why|how many|how much)\s+and\s+(when|where|who|why|how many|how much)\b`)

// compareRe matches a question comparing two things; its groups are the
// two ("how does the number of troops Macron offered compare with the force
// Le Monde reported?").
var compareRe = regexp.MustCompile(`(?i)^how (?:does|do|did|would|will) (.{3,}?) (?:compare|stack up|measure up) (?:with|to|against) (.{3,}?)\s*[?.!]*$`)

// splitParts returns the parts of a question asked in two (or more) parts,
// each classified; a question of one part is returned whole. A part that
// names nothing it asks about ("and for how long?") borrows the previous
// part's words; one asking the previous part's question again ("which
// country?" after "who leads the force?", "is there a date?" after "when is
// the next meeting?") is no part of its own.
func splitParts(question string, lang language, forms Inflections) []questionPart {
	q := strings.TrimSpace(question)
	if m := compoundRe.FindStringSubmatchIndex(q); m != nil {
		// "When and where is the next meeting?": one subject, two types.
		rest := strings.TrimSpace(q[m[1]:])
		first := q[:m[0]] + q[m[2]:m[3]] + " " + rest
		second := q[:m[0]] + q[m[4]:m[5]] + " " + rest
		return []questionPart{{text: first, typ: classify(first, lang, forms), compound: true}, {text: second, typ: classify(second, lang, forms), compound: true}}
	}
	if m := compareRe.FindStringSubmatch(q); m != nil {
		// "How does X compare with Y?": X and Y, each asked as the
		// comparison asks (an amount for "the strength of the army").
		whole := classify(q, lang, forms)
		var parts []questionPart
		for _, s := range m[1:] {
			t := classify("what is "+s+"?", lang, forms)
			if t.kind == kindAny {
				t = whole
			}
			parts = append(parts, questionPart{text: s, typ: t})
		}
		return parts
	}
	var texts []string
	start := 0
	for _, loc := range partSplitRe.FindAllStringIndex(q, -1) {
		cut := loc[0]
		next := loc[1]
		if (strings.HasPrefix(q[loc[0]:], "?") || strings.HasPrefix(q[loc[0]:], ";")) && !newQuestionRe.MatchString(q[loc[1]:]) {
			continue // "... be based? right by the front?": a clarification, not a new part
		}
		if !strings.HasPrefix(q[loc[0]:], "?") && !strings.HasPrefix(q[loc[0]:], ";") {
			// Keep the question word with the second part: skip ", and ".
			m := andRe.FindString(q[loc[0]:])
			next = loc[0] + len(m)
		}
		if s := strings.TrimSpace(q[start:cut]); s != "" {
			texts = append(texts, s)
		}
		start = next
	}
	if s := strings.TrimSpace(q[start:]); s != "" {
		texts = append(texts, s)
	}
	var parts []questionPart
	reasked := false
	for _, s := range texts {
		if len(contentStems(s)) == 0 {
			if len(parts) > 0 && parts[len(parts)-1].typ.kind == kindYesNo && bareAskingRe.MatchString(s) {
				reasked = true
				// "was anyone from his family there? who": the yes/no
				// question before, asked as the question word asks.
				last := &parts[len(parts)-1]
				last.text = strings.TrimRight(s, "?!. ") + " " + last.text
				last.typ = classify(last.text, lang, forms)
			}
			continue
		}
		parts = append(parts, questionPart{text: s, typ: classify(s, lang, forms)})
	}
	if len(parts) == 1 && reasked {
		return parts
	}
	if len(parts) <= 1 {
		return []questionPart{{text: q, typ: classify(q, lang, forms)}}
	}
	kept := parts[:1]
	for _, p := range parts[1:] {
		prev := &kept[len(kept)-1]
		if len(subjectStems(p.text, p.typ)) > 0 {
			kept = append(kept, p)
			continue
		}
		merged := prev.text + " " + p.text
		switch {
		case p.typ.kind == kindYesNo && prev.typ.kind != kindAny && prev.typ.kind != kindYesNo:
			// "When is the next meeting? is there a date?": the same
			// question again, which would lose its type.
		case p.typ.kind == prev.typ.kind:
			// "Who leads the force? which country?": the same question,
			// asked more exactly.
			prev.text, prev.typ = merged, classify(merged, lang, forms)
		default:
			// "…deploy, and for how long?": another question about the
			// same thing.
			kept = append(kept, questionPart{text: merged, typ: p.typ})
		}
	}
	return kept
}

// subjectStems are the stems of what a question part asks about: its
// content words, less those that ask for the type and those that only say
// where the claim comes from (splitAttribution), with the common nouns of
// other languages put in English (foreignNouns).
func subjectStems(text string, t askedType) map[string]bool {
	content, _ := splitAttribution(text)
	return stemsAsked(content, t)
}

// stemsAsked are the stems of text's content words but those that ask for
// the type t, with the common nouns of other languages put in English.
func stemsAsked(text string, t askedType) map[string]bool {
	out := map[string]bool{}
	for _, w := range retrieval.Words(retrieval.Fold(text)) {
		if retrieval.IsStopword(w) {
			continue
		}
		st := retrieval.Stem(w)
		if en, ok := foreignNouns[w]; ok {
			st = en
		}
		// A number word asks how many ("which two countries"); it is not
		// what is asked about.
		if !t.words[st] && !generic[st] && !retrieval.IsNumberWord(w) {
			out[st] = true
		}
	}
	return out
}
