package bot

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/summitbot/summitbot/retrieval"
)

// This file tells a question's names from its ordinary words: the
// capitalised words, acronyms and numbers it names things by (namedWords),
// the ordinary English words a lower-case question is made of (isCommon),
// and the capitalised ordinary words that only describe a thing the sources
// may name otherwise ("the White House emissary": descriptionWords).

// isCommon reports whether a folded word, or a plain inflection of it, is an
// ordinary English word. A hyphenated word is when each of its parts is
// ("twenty-four", "head-count").
func isCommon(words map[string]bool, w string) bool {
	if listed(words, w) {
		return true
	}
	if parts := strings.Split(w, "-"); len(parts) > 1 {
		for _, p := range parts {
			if p == "" || !isCommon(words, p) {
				return false
			}
		}
		return true
	}
	// The word list spells the American way: a British spelling
	// ("favour", "defence", "organised") is no name either.
	// Two listed words written as one ("headcount") are not taken for an
	// ordinary word: as many such words are places (Greenland, Whitehall,
	// Springfield), which would then not be missing names.
	us := americanSpelling(w)
	return us != w && listed(words, us)
}

// ordinaryPart returns the lower-case part of a hyphenated question word
// with a capitalised part that analyses to term, when it is an ordinary
// English word ("era" of "NATO-era", "backed" of "Kremlin-backed"): that
// part is read on its own, not as part of a name the sources must mention.
// It returns "" otherwise.
func ordinaryPart(surface, term string, common map[string]bool) string {
	parts := strings.FieldsFunc(surface, func(r rune) bool { return r == '-' || r == '‐' || r == '‑' })
	if common == nil || len(parts) < 2 || surface == strings.ToLower(surface) {
		return "" // "full-scale" is an ordinary word as it is
	}
	for _, p := range parts {
		f := retrieval.Fold(p)
		if p == strings.ToLower(p) && retrieval.Stem(f) == term && isCommon(common, f) {
			return f
		}
	}
	return ""
}

// listed reports whether w, or w without a plural or verb ending, is in
// words (or a chat word, or very short).
func listed(words map[string]bool, w string) bool {
	if chatWords[w] || len(w) <= 2 {
		return true
	}
	if words[w] || strings.IndexFunc(w, unicode.IsDigit) >= 0 {
		return words[w]
	}
	for _, suffix := range []string{"s", "es", "d", "ed", "ing", "'s"} {
		if base, ok := strings.CutSuffix(w, suffix); ok && words[base] {
			return true
		}
	}
	return false
}

// minTypoLetters and maxTypoLetters bound the words misspelt reads as a
// typo: shorter words one edit from an ordinary word are as often names
// (Meloni, melon; Barrot, carrot), and longer ones are not words.
const (
	minTypoLetters = 7
	maxTypoLetters = 20
)

// maxTypoRank bounds the words vocab knows that a typo is read as when the
// articles do not use them: the 15,000 most frequent ("dispatch" is 10,079th,
// "apparently" 1,771st), not rarer ones that a name is as likely one edit
// from ("nauseda": "nausea", 19,866th).
const maxTypoRank = 15000

// misspelt reports whether w, a folded word of a lower-case question that
// the word list lacks, is one edit (a letter left out, added, changed, or
// two swapped) from an ordinary word that the articles use (indexed holds
// it: "acording") or that is among the maxTypoRank words vocab knows best
// ("dispach", where no article says "dispatch"): a typo, not a name the
// sources must mention. A word vocab
// knows is a word or a name ("chinese", one edit from "chines";
// "greenland"), never a typo; with no vocab, no word is. A lower-case name
// that vocab lacks, one edit from a word ("starmer": "starter"), is read
// as a typo too: the question then stands on its other words. (A word
// written capitalised is a name: callers do not ask.)
func misspelt(words map[string]bool, vocab Vocabulary, indexed func(word string) bool, w string) bool {
	if vocab == nil || len(w) < minTypoLetters || len(w) > maxTypoLetters || strings.IndexFunc(w, func(r rune) bool { return r < 'a' || r > 'z' }) >= 0 {
		return false
	}
	if _, ok := vocab.ID(w); ok {
		return false
	}
	return eachEdit([]byte(w), func(v []byte) bool {
		if !listed(words, string(v)) {
			return false
		}
		id, known := vocab.ID(string(v))
		return (known && id < maxTypoRank) || indexed(string(v))
	})
}

// eachEdit calls fn with each word one edit from w (lower-case ASCII): a
// letter left out, two neighbouring letters swapped, a letter changed or
// one added, until fn returns true; it reports whether one did. The slice
// fn gets is reused after it returns.
func eachEdit(w []byte, fn func([]byte) bool) bool {
	v := make([]byte, 0, len(w)+1)
	for i := range w {
		if fn(append(append(v[:0], w[:i]...), w[i+1:]...)) {
			return true
		}
	}
	if eachSwap(w, fn) {
		return true
	}
	for i := 0; i <= len(w); i++ {
		for c := byte('a'); c <= 'z'; c++ {
			if i < len(w) && c != w[i] {
				v = append(v[:0], w...)
				v[i] = c
				if fn(v) {
					return true
				}
			}
			if fn(append(append(append(v[:0], w[:i]...), c), w[i:]...)) {
				return true
			}
		}
	}
	return false
}

// eachSwap calls fn with w's letters, two next to each other swapped, for
// each such pair of different letters, until fn returns true; it reports
// whether one did. The slice fn gets is w itself, swapped back after the
// call.
func eachSwap(w []byte, fn func([]byte) bool) bool {
	for i := 0; i+1 < len(w); i++ {
		if w[i] == w[i+1] {
			continue
		}
		w[i], w[i+1] = w[i+1], w[i]
		done := fn(w)
		w[i], w[i+1] = w[i+1], w[i]
		if done {
			return true
		}
	}
	return false
}

// compoundParticles end the nouns English makes of a phrasal verb
// ("meetup", "drawdown", "pullout", "handover", "pushback").
var compoundParticles = []string{"up", "down", "out", "off", "over", "back"}

// particleCompound reports whether w, a folded word the word list lacks and
// vocab does not know, is a word of the list (of 3 letters or more) and a
// particle written as one: an ordinary noun ("meetup"), not a name. Names
// written so are mostly places and people vocab knows ("ashdown",
// "andover", "gallup"); with no vocab, no word is such a noun.
func particleCompound(words map[string]bool, vocab Vocabulary, w string) bool {
	if vocab == nil {
		return false
	}
	if _, ok := vocab.ID(w); ok {
		return false
	}
	for _, p := range compoundParticles {
		if head, ok := strings.CutSuffix(w, p); ok && len(head) >= 3 && listed(words, head) {
			return true
		}
	}
	return false
}

// americanSpelling returns w with a British ending written the American
// way (britishEndings), or w when it has none.
func americanSpelling(w string) string {
	for _, e := range britishEndings {
		if stem, ok := strings.CutSuffix(w, e[0]); ok && len(stem) >= 2 {
			return stem + e[1]
		}
	}
	return w
}

// chatWords are informal spellings common in chat that no dictionary lists.
var chatWords = map[string]bool{
	"isnt": true, "arent": true, "wasnt": true, "werent": true, "dont": true, "doesnt": true, "didnt": true,
	"wont": true, "cant": true, "couldnt": true, "wouldnt": true, "shouldnt": true, "hasnt": true, "havent": true,
	"whats": true, "thats": true, "theres": true, "theyre": true, "youre": true, "ive": true, "id": true,
	"ok": true, "okay": true, "pls": true, "plz": true, "thx": true, "yeah": true, "yep": true, "nope": true,
	"gonna": true, "wanna": true, "gotta": true, "lol": true, "btw": true, "imo": true, "tbh": true, "irl": true,
	// Thanks and please in the other languages the bot answers, which
	// askers writing English add as they would "pls" or "thx" (folded).
	"danke": true, "bitte": true, "merci": true, "svp": true, "stp": true, "gracias": true, "porfa": true,
	"grazie": true, "prego": true, "obrigado": true, "obrigada": true, "bedankt": true, "alsjeblieft": true,
	"dzieki": true, "dziekuje": true, "prosze": true,
}

// generic are stemmed question words that say little about the topic, and
// the approximators of an amount asked ("roughly", "approximately"), which
// say how exact the answer may be.
var generic = map[string]bool{
	"happen": true, "role": true, "job": true, "mean": true, "meant": true, "think": true, "know": true,
	"someth": true, "thing": true, "new": true, "get": true, "go": true, "make": true, "want": true,
	"rough": true, "approxim": true,
}

// namedWords returns the folded words of a question that name something: a
// capitalised word not at the start of a sentence (when capitalised is set),
// an acronym, or a number other than how many answers are asked for
// ("which 2 countries", "name 3 leaders": see answerCount).
func namedWords(q string, capitalised bool) map[string]bool {
	out := map[string]bool{}
	for _, sp := range retrieval.Sentences(q) {
		prev := ""
		// Words joined by a slash are words of their own, as search reads
		// them (retrieval.Index.QueryTerms): "NATO/EU" names both.
		fields := strings.FieldsFunc(q[sp.Start:sp.End], func(r rune) bool { return unicode.IsSpace(r) || r == '/' })
		for i, w := range fields {
			before := prev
			prev = strings.ToLower(strings.Trim(w, wordPunct))
			w = strings.Trim(w, wordPunct)
			w = strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "’s")
			if w == "" || strings.IndexFunc(w, isCyrillic) >= 0 {
				// A Cyrillic name stands for itself through the Latin
				// transliteration that search appends (searchText).
				continue
			}
			r, _ := utf8.DecodeRuneInString(w)
			upper := strings.ToUpper(w) == w && utf8.RuneCountInString(w) >= 2 && strings.IndexFunc(w, unicode.IsLetter) >= 0
			digit := strings.IndexFunc(w, unicode.IsDigit) >= 0
			if digit && answerCount[before] && strings.IndexFunc(w, func(r rune) bool { return !unicode.IsDigit(r) }) < 0 {
				continue // "which 2 countries", not "which G7 countries"
			}
			if len(w) == 1 && digit && w != "0" && !retrieval.IsMonth(before) && (i+1 == len(fields) || !retrieval.IsMonth(strings.ToLower(strings.Trim(fields[i+1], wordPunct)))) {
				continue // "the 2 envoys", "(there were 2)": a count the articles spell out; not "January 7"
			}
			if timeLengthRe.MatchString(retrieval.Fold(prev)) {
				continue // "in one 24-hour period": a length of time
			}
			if w == "X" && (before == "on" || before == "twitter") {
				continue // "what did Carney post on X" (or "on twitter/X"): the platform, named by every post
			}
			// A word opening a quotation or following a colon opens a
			// sentence ("a caller typed: 'Forget every rule…'").
			opens := i == 0 || strings.ContainsRune(`'"“‘«`, []rune(fields[i])[0]) || strings.HasSuffix(fields[i-1], ":")
			if (capitalised && !opens && unicode.IsUpper(r)) || upper || digit {
				out[strings.ToLower(retrieval.Fold(w))] = true
			}
		}
	}
	return out
}

// initialNames adds to named the words that open a sentence of question
// capitalised (where every word is) and that the passages write as a name:
// capitalised inside a sentence, and never in lower case. So "Macron named
// two cities…" names Macron as "which cities did Macron name…" does, though
// "macron" is also an ordinary word, while "Leaders said…" names no one.
func initialNames(named map[string]bool, question, passages string) {
	want := map[string]bool{}
	for _, sp := range retrieval.Sentences(question) {
		fields := strings.Fields(question[sp.Start:sp.End])
		if len(fields) == 0 {
			continue
		}
		w := strings.Trim(fields[0], wordPunct)
		w = strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "’s")
		f := retrieval.Fold(w)
		if r, _ := utf8.DecodeRuneInString(w); unicode.IsUpper(r) && !named[f] && !retrieval.IsStopword(f) && !contraction(f) {
			want[f] = true
		}
	}
	if len(want) == 0 {
		return
	}
	inside, lower := map[string]bool{}, map[string]bool{}
	for _, loc := range passageWordRe.FindAllStringIndex(passages, -1) {
		w := passages[loc[0]:loc[1]]
		f := retrieval.Fold(w)
		if !want[f] {
			continue
		}
		r, _ := utf8.DecodeRuneInString(w)
		before := strings.TrimRight(passages[:loc[0]], " \t\"“‘'(")
		switch {
		case !unicode.IsUpper(r):
			lower[f] = true
		case before != "" && !strings.ContainsAny(before[len(before)-1:], ".!?:\n"):
			inside[f] = true
		}
	}
	for f := range want {
		if inside[f] && !lower[f] {
			named[f] = true
		}
	}
}

// passageWordRe matches a word of a passage, for initialNames.
var passageWordRe = regexp.MustCompile(`[\pL\pN]+`)

// wordPunct is the punctuation a question's word may open or end with.
const wordPunct = `?!.,;:"'()“”‘’«»`

// timeLengthRe matches a length of time written as a number joined to its
// unit ("24-hour", "48-hours", "30-day"): the sources may say it otherwise
// ("in a single day"), so it is no name they must hold.
var timeLengthRe = regexp.MustCompile(`^\d+-(?:minute|hour|day|week|month|year)s?$`)

// answerCount holds the words after which a number says how many answers a
// question asks for ("which 2 countries"), not a figure the sources must give.
var answerCount = map[string]bool{"which": true, "what": true, "name": true, "list": true, "top": true}

// contraction reports whether a folded question word is a contraction of a
// stop word ("it'd", "they'll", "we're") or a negated auxiliary ("couldn't"):
// no name, whatever the word list says.
func contraction(w string) bool {
	pre, suf, ok := strings.Cut(w, "'")
	if !ok {
		return false
	}
	switch suf {
	case "d", "ll", "re", "ve", "m", "s":
		return retrieval.IsStopword(pre)
	case "t":
		return strings.HasSuffix(pre, "n")
	}
	return false
}

// description is a run of capitalised words describing the thing a common
// noun names ("White House" in "the White House emissary").
type description struct {
	words []string // folded
	noun  string   // folded; "" for what a question asks for (askedDescriptions)
}

// minDescriptionWords is the fewest capitalised words a description has.
const minDescriptionWords = 2

// descriptionWords returns the descriptions of a question: runs of two or
// more capitalised ordinary English words after "the" and before a lower-case
// word the list knows, as "White House" in "the White House emissary" or
// "Foreign Office" in "the Foreign Office spokesman". The sources may name
// the thing otherwise (a U.S. envoy). A run holding a word the list lacks
// ("the Japanese delegation") or a country's name ("the China envoy") says
// whose the thing is, and is a name.
func descriptionWords(q string, common map[string]bool) []description {
	var out []description
	for _, sp := range retrieval.Sentences(q) {
		words := strings.Fields(q[sp.Start:sp.End])
		for i := 1; i < len(words); i++ {
			if strings.ToLower(strings.TrimLeft(words[i-1], `"“‘(`)) != "the" {
				continue
			}
			var run []string
			ordinary := true
			j := i
			for ; j < len(words); j++ {
				w := strings.TrimLeft(words[j], `"“‘(`)
				bare := strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "’s")
				r, _ := utf8.DecodeRuneInString(bare)
				if bare == "" || !unicode.IsUpper(r) || strings.ToUpper(bare) == bare ||
					strings.IndexFunc(bare, func(r rune) bool { return !unicode.IsLetter(r) && r != '-' }) >= 0 {
					break
				}
				f := strings.ToLower(retrieval.Fold(bare))
				ordinary = ordinary && isCommon(common, f) && !countryWord(f)
				run = append(run, f)
				if bare != w {
					j++ // a possessive ends the run: "the White House's envoy"
					break
				}
			}
			// One capitalised word ("the Pentagon chief", "the Senate
			// leader") names an institution the sources would name too;
			// a description takes two or more ("the White House envoy").
			if len(run) < minDescriptionWords || j >= len(words) {
				continue
			}
			noun := strings.TrimRight(words[j], `?!.,;:"'()”’`)
			r, _ := utf8.DecodeRuneInString(noun)
			f := retrieval.Fold(noun)
			if ordinary && unicode.IsLower(r) && !retrieval.IsStopword(f) && !auxiliary[f] && isCommon(common, f) {
				out = append(out, description{words: run, noun: f})
			}
			i = j
		}
	}
	return out
}

// askedDescriptions returns the descriptions of what a question asks for:
// a run of capitalised words after "which" or "what" and before a
// lower-case word the list knows, each an ordinary word or an adjective
// written capitalised (adjectives) and one of them such an adjective, or the
// run one such adjective ("which Mediterranean country", "which North
// American head of government", "what Nordic leader"; not "which Black Sea
// port", which names the sea). Such an adjective typed in lower case
// ("which nordic country") counts as written capitalised. The thing asked
// for is described, not named: the sources name it otherwise (Italy,
// Canada). A country's name or adjective in the run says whose the thing is
// ("which French minister") and stays a name, but in an adjective of
// several words ("North American").
func askedDescriptions(q string, common, adjectives map[string]bool) []description {
	var out []description
	for _, sp := range retrieval.Sentences(q) {
		words := strings.Fields(q[sp.Start:sp.End])
		for i := 1; i < len(words); i++ {
			if w := strings.ToLower(strings.TrimLeft(words[i-1], `"“‘(`)); w != "which" && w != "what" {
				continue
			}
			var run, kept []string
			ordinary, proper := true, false
			j := i
			for ; j < len(words); j++ {
				w := words[j]
				r, _ := utf8.DecodeRuneInString(w)
				f := strings.ToLower(retrieval.Fold(w))
				if unicode.IsLower(r) && (adjectives[f] || j+1 < len(words) && adjectives[f+" "+strings.ToLower(retrieval.Fold(words[j+1]))]) {
					r = unicode.ToUpper(r) // typed in lower case: "which nordic country"
				}
				if !unicode.IsUpper(r) || strings.ToUpper(w) == w ||
					strings.IndexFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && r != '-' }) >= 0 {
					break // "which Nordic country", and "which Biden's aide" too
				}
				run = append(run, f)
				if !countryWord(f) {
					kept = append(kept, f)
					ordinary = ordinary && (isCommon(common, f) || adjectives[f])
					proper = proper || adjectives[f]
				}
			}
			if adjectives[strings.Join(run, " ")] && len(run) > 1 {
				kept, ordinary, proper = run, true, true // "North American" is no American
			}
			if !proper || j >= len(words) || !ordinary {
				continue // "which Black Sea port" names the sea
			}
			noun := strings.TrimRight(words[j], `?!.,;:"'()”’`)
			noun = strings.TrimSuffix(strings.TrimSuffix(noun, "'s"), "’s") // "which Mediterranean country's premier"
			r, _ := utf8.DecodeRuneInString(noun)
			f := retrieval.Fold(noun)
			if unicode.IsLower(r) && !retrieval.IsStopword(f) && !auxiliary[f] && isCommon(common, f) {
				// The noun is what is asked for: the sentence answering
				// names the thing (Italy), not the noun (country).
				out = append(out, description{words: kept})
			}
			i = j
		}
	}
	return out
}

// undescribed returns, for the descriptions no retrieved passage mentions
// any word of, each word with the noun it describes. A description the
// passages partly mention ("the Security Council") names something they lack;
// one of what a question asks for (askedDescriptions) describes it whatever
// the passages write.
func undescribed(descs []description, terms []retrieval.TermStat, retrieved map[string]bool) map[string]string {
	stats := map[string]retrieval.TermStat{}
	for _, t := range terms {
		stats[retrieval.Fold(t.Surface)] = t
	}
	var out map[string]string
	for _, d := range descs {
		absent := true
		for _, w := range d.words {
			if d.noun == "" {
				break // what is asked for is described whatever the passages write
			}
			t, ok := stats[w]
			absent = absent && !(ok && (len(t.Stands) > 0 || mentioned(t, retrieved)))
		}
		if !absent {
			continue
		}
		if out == nil {
			out = map[string]string{}
		}
		for _, w := range d.words {
			out[w] = d.noun
		}
	}
	return out
}

// countryWord reports whether a folded word names a country, its people or
// its capital (the countries table).
func countryWord(w string) bool {
	st := retrieval.Stem(w)
	for _, g := range countries {
		for _, s := range g {
			if s == st {
				return true
			}
		}
	}
	return false
}
