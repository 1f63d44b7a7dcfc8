package bot

import (
	"regexp"
	"strings"
)

// questionWords are the words a question asks with, whose typos ("wich",
// "waht") correctQuestionWords reads as them.
var questionWords = []string{"what", "which", "where", "when", "who", "whom", "whose", "why", "how"}

// letterRun matches a run of ASCII letters: a word correctQuestionWords may
// read as a typo.
var letterRun = regexp.MustCompile(`[A-Za-z]+`)

// correctQuestionWords returns question (English) with each typo of a
// question word written as that word: a word of three or more letters
// that neither words (the common-word list) nor vocab knows, one edit (a
// letter left out, added or changed, or two swapped) from exactly one
// question word, lower-case or opening the question ("Wich parliament…").
// Left as typed, such a word is taken for a name the sources must mention
// and hides what the question asks for. With no vocab nothing changes: a
// word it would know may be a name.
func correctQuestionWords(question string, words map[string]bool, vocab Vocabulary) string {
	if vocab == nil || words == nil {
		return question
	}
	return replaceWords(question, false, func(w string) string {
		if len(w) < 3 || listed(words, w) {
			return ""
		}
		if _, known := vocab.ID(w); known {
			return ""
		}
		fix := ""
		for _, q := range questionWords {
			if oneEdit(w, q) {
				if fix != "" {
					return "" // two question words one edit away: which is meant is unclear
				}
				fix = q
			}
		}
		return fix
	})
}

// correctTypos returns question (English) with each typo of an ordinary
// word the articles use written as that word ("goverment": government,
// "gaurantee": guarantee): a word of minTypoLetters or more that words
// lacks, that vocab does not count among its maxTypoRank best known, and
// that no passage holds (indexed), one edit from exactly one listed word
// that passages hold. Left as typed, such a word matches nothing the
// sources write, and one vocab knows is taken for a name they must
// mention. Words are corrected as correctQuestionWords does (lower-case or
// opening the question); with no vocab nothing changes.
func correctTypos(question string, words map[string]bool, vocab Vocabulary, indexed func(word string) bool) string {
	if vocab == nil || words == nil {
		return question
	}
	return replaceWords(question, false, func(w string) string {
		if len(w) < minTypoLetters || len(w) > maxTypoLetters || listed(words, w) || indexed(w) {
			return ""
		}
		if id, known := vocab.ID(w); known && id < maxTypoRank {
			return ""
		}
		return soleEdit(w, func(c string) bool { return listed(words, c) && indexed(c) })
	})
}

// soleEdit returns the only word one edit from w (eachEdit) that ok
// accepts, or "" when none or two do: which is meant is then unclear.
func soleEdit(w string, ok func(word string) bool) string {
	fixes := map[string]bool{}
	eachEdit([]byte(w), func(v []byte) bool {
		if c := string(v); !fixes[c] && ok(c) {
			fixes[c] = true
		}
		return len(fixes) > 1
	})
	if len(fixes) != 1 {
		return ""
	}
	for c := range fixes {
		return c
	}
	return ""
}

// replaceWords returns question with each run of ASCII letters that is
// lower-case, or capitalised opening the question (or anywhere, with
// names), replaced by what fix returns for it lower-cased (capitalised
// again where it was), unless fix returns "". Without names, a capitalised
// word inside the question is a name, left as typed.
func replaceWords(question string, names bool, fix func(word string) string) string {
	var b strings.Builder
	prev := 0
	for _, loc := range letterRun.FindAllStringIndex(question, -1) {
		w := question[loc[0]:loc[1]]
		lw := strings.ToLower(w)
		opening := strings.TrimSpace(question[:loc[0]]) == ""
		if lw != w && !names && (!opening || strings.ToLower(w[1:]) != w[1:]) {
			continue
		}
		f := fix(lw)
		if f == "" {
			continue
		}
		if lw != w {
			f = strings.ToUpper(f[:1]) + f[1:]
		}
		b.WriteString(question[prev:loc[0]])
		b.WriteString(f)
		prev = loc[1]
	}
	if prev == 0 {
		return question
	}
	b.WriteString(question[prev:])
	return b.String()
}

// oneEdit reports whether a and b (ASCII) differ by one edit: a letter
// left out, added or changed, or two neighbouring letters swapped.
func oneEdit(a, b string) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	switch len(b) - len(a) {
	case 0:
		diff := []int{}
		for i := range len(a) {
			if a[i] != b[i] {
				diff = append(diff, i)
			}
		}
		switch len(diff) {
		case 1:
			return true
		case 2:
			i, j := diff[0], diff[1]
			return j == i+1 && a[i] == b[j] && a[j] == b[i]
		}
		return false
	case 1:
		i := 0
		for i < len(a) && a[i] == b[i] {
			i++
		}
		return a[i:] == b[i+1:]
	}
	return false
}

// minCountryTypoLetters is the shortest word correctCountryTypos reads as a
// typo of a country's name ("Britian"; not "Iran" for "Iraq").
const minCountryTypoLetters = 5

// correctCountryTypos returns question (English) with each typo of a
// country's name, its adjective or its capital (the countries table)
// written as that word: a word of minCountryTypoLetters or more letters, in
// any case, that neither vocab nor any passage (indexed) holds and that is
// one edit from exactly one such word they both hold ("Britian": Britain).
// The search matches such a typo by its spelling variants, but the
// answer's country check reads words as written. With no vocab nothing
// changes.
func correctCountryTypos(question string, vocab Vocabulary, indexed func(word string) bool) string {
	if vocab == nil {
		return question
	}
	known := func(w string) bool {
		_, ok := vocab.ID(w)
		return ok
	}
	return replaceWords(question, true, func(w string) string {
		if len(w) < minCountryTypoLetters || countryWord(w) || known(w) || indexed(w) {
			return ""
		}
		return soleEdit(w, func(c string) bool { return countryWord(c) && known(c) && indexed(c) })
	})
}
