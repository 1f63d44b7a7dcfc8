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
	var b strings.Builder
	prev := 0
	for _, loc := range letterRun.FindAllStringIndex(question, -1) {
		w := question[loc[0]:loc[1]]
		lw := strings.ToLower(w)
		opening := strings.TrimSpace(question[:loc[0]]) == ""
		if len(w) < 3 || (lw != w && (!opening || strings.ToLower(w[1:]) != w[1:])) || listed(words, lw) {
			continue
		}
		if _, known := vocab.ID(lw); known {
			continue
		}
		fix := ""
		for _, q := range questionWords {
			if oneEdit(lw, q) {
				if fix != "" {
					fix = "" // two question words one edit away: which is meant is unclear
					break
				}
				fix = q
			}
		}
		if fix == "" {
			continue
		}
		if lw != w {
			fix = strings.ToUpper(fix[:1]) + fix[1:]
		}
		b.WriteString(question[prev:loc[0]])
		b.WriteString(fix)
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
