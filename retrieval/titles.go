package retrieval

import (
	"iter"
	"maps"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// People named by their title. News introduces a person once with a title
// ("French President Emmanuel Macron", "Italy's Prime Minister Giorgia
// Meloni") and then writes only the surname ("Macron has previously
// mentioned Kyiv and Odesa"), while a question names the title ("which
// cities has the French president mentioned?"). The index learns from its
// passages which surname each title stands for, and a question naming a
// title with what qualifies it (a country, an organisation: "the British
// premier", "Kyiv's president") is searched with the surname too, as a
// related word of the title's noun.

// titleCloseness is how close a surname is to the title the passages give
// the person, as a related word of the question's title noun (see
// expansion): that of a capital to its country.
const titleCloseness = 0.7

// maxTitleQualifiers is how many words before a question's title noun can
// qualify it ("the UK prime minister", "Russia's foreign ministry
// spokeswoman").
const maxTitleQualifiers = 3

// titleRoles are the nouns of the titles written before a name.
var titleRoles = map[string]bool{"president": true, "minister": true, "prime": true, "premier": true, "chancellor": true,
	"secretary": true, "general": true, "envoy": true, "spokeswoman": true, "spokesman": true, "spokesperson": true,
	"ambassador": true, "commander": true, "king": true, "queen": true, "governor": true, "senator": true, "chief": true,
	"leader": true, "mayor": true, "chairman": true, "chairwoman": true, "director": true, "admiral": true, "colonel": true}

// titled is one person's title as a passage writes it before the name: its
// folded words (qualifiers and role nouns, in order) and the surname.
type titled struct {
	surname string
	words   []string
}

// learnTitles returns the people text introduces with a title: a run of
// capitalised words (or role nouns: "U.S. envoy Steve Witkoff") holding a
// role noun, then one to three capitalised words, the name, whose last is
// the surname. Punctuation ends a run, except the stops of an acronym
// ("U.S."); months and weekdays are not part of a title.
func learnTitles(text string) []titled {
	type tok struct {
		fold    string
		capital bool
		role    bool
		acronym bool // in capitals
		end     bool // punctuation follows it
	}
	var toks []tok
	for line := range strings.Lines(text) {
		toks = append(toks, tok{end: true}) // a line break ends a run
		for _, f := range strings.Fields(line) {
			core := strings.TrimLeftFunc(f, func(r rune) bool { return !unicode.IsLetter(r) })
			trimmed := strings.TrimRightFunc(core, func(r rune) bool { return !unicode.IsLetter(r) })
			if trimmed == "" {
				toks = append(toks, tok{end: true})
				continue
			}
			end := len(trimmed) < len(core) || len(core) < len(f)
			if strings.Count(core, ".") >= 2 && strings.HasSuffix(core, ".") && len(trimmed)+1 == len(core) {
				end, trimmed = false, core // an acronym's stops: "U.S."
			}
			folded := strings.TrimSuffix(Fold(expandAcronyms(trimmed)), "'s")
			r, _ := utf8.DecodeRuneInString(trimmed)
			acronym := utf8.RuneCountInString(trimmed) > 1 && strings.ToUpper(trimmed) == trimmed
			toks = append(toks, tok{fold: folded, capital: unicode.IsUpper(r), role: titleRoles[folded], acronym: acronym, end: end})
		}
	}
	var out []titled
	for i := 0; i < len(toks); {
		if toks[i].fold == "" || !(toks[i].capital || toks[i].role) {
			i++
			continue
		}
		j := i
		for j < len(toks) && toks[j].fold != "" && (toks[j].capital || toks[j].role) && !IsMonth(toks[j].fold) && !IsWeekday(toks[j].fold) {
			j++
			if toks[j-1].end {
				break
			}
		}
		role := -1
		for k := i; k < j; k++ {
			if toks[k].role {
				role = k
			}
		}
		name := toks[role+1 : j]
		if role >= 0 && len(name) >= 1 && len(name) <= 3 && !slices.ContainsFunc(name, func(t tok) bool { return !t.capital }) {
			surname := name[len(name)-1].fold
			if utf8.RuneCountInString(surname) >= 3 && !name[len(name)-1].acronym {
				var words []string
				for _, t := range toks[i : role+1] {
					if !IsStopword(t.fold) {
						words = append(words, t.fold)
					}
				}
				out = append(out, titled{surname: surname, words: words})
			}
		}
		i = max(j, i+1)
	}
	return out
}

// personTitles keeps the titles each source's passages give people (see
// learnTitles), for all scopes, as the BM25 statistics count them. It is safe
// for concurrent use.
type personTitles struct {
	mu       sync.Mutex
	bySource map[string][]titled
	// byRole indexes the people by the analysed terms of their title's role
	// nouns; nil until built, and again after a change.
	byRole map[string][]*person
}

// person is a surname and the analysed terms of every title the passages
// give it.
type person struct {
	surname string
	term    string          // the surname as BM25 indexes it
	title   map[string]bool // terms of the titles' words and what they stand for
}

// note records the titles a source's passages give people.
func (t *personTitles) note(id string, texts []string) {
	var found []titled
	for _, text := range texts {
		found = append(found, learnTitles(text)...)
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.bySource == nil {
		t.bySource = map[string][]titled{}
	}
	t.bySource[id] = append(t.bySource[id], found...)
	t.byRole = nil
}

// forget drops a removed (or rolled back) source's titles.
func (t *personTitles) forget(id string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.bySource, id)
	t.byRole = nil
}

// roles returns the people by the terms of their titles' role nouns. terms
// returns the analysed terms of a word and of what it stands for (France
// for French).
func (t *personTitles) roles(terms func(string) []string) map[string][]*person {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.byRole != nil {
		return t.byRole
	}
	people := map[string]*person{}
	for _, id := range slices.Sorted(maps.Keys(t.bySource)) {
		for _, ti := range t.bySource[id] {
			p := people[ti.surname]
			if p == nil {
				ts := terms(ti.surname)
				if len(ts) == 0 {
					continue
				}
				p = &person{surname: ti.surname, term: ts[0], title: map[string]bool{}}
				people[ti.surname] = p
			}
			for _, w := range ti.words {
				for _, term := range terms(w) {
					p.title[term] = true
				}
			}
		}
	}
	t.byRole = map[string][]*person{}
	for _, name := range slices.Sorted(maps.Keys(people)) {
		p := people[name]
		for r := range titleRoles {
			if ts := terms(r); len(ts) > 0 && p.title[ts[0]] {
				t.byRole[ts[0]] = append(t.byRole[ts[0]], p)
			}
		}
	}
	return t.byRole
}

// titled returns the surnames of the people a question names by a title
// and what qualifies it ("the British premier": Starmer, whom the passages
// call "British Prime Minister Keir Starmer"; "Kyiv's president": Zelensky,
// "Ukrainian President"), each with the question's term of the title's noun
// whose related word it becomes. A qualifier is one of the words just
// before the noun or after its "of" ("the president of France"), matched as
// written or by what the thesaurus says it stands for (Kyiv: Ukrainian); a
// title without one ("the president") names no one in particular. own holds
// the question's terms; a surname the question uses is left out.
func (ix *Index) titledPeople(words []string, own map[string]uint64) iter.Seq2[string, string] {
	return func(yield func(string, string) bool) {
		terms := func(w string, related bool) []string {
			out := ix.lex.analyze(w)
			if len(out) != 1 {
				return nil
			}
			if related && ix.thesaurus != nil {
				for r, c := range ix.thesaurus.Related(w) {
					if c >= MinStandsCloseness || titleRoles[r] {
						out = append(out, ix.lex.analyze(r)...)
					}
				}
			}
			return out
		}
		roles := ix.titles.roles(func(w string) []string { return terms(w, true) })
		if len(roles) == 0 {
			return
		}
		for i, w := range words {
			if !titleRoles[w] {
				continue
			}
			ts := ix.lex.analyze(w)
			if len(ts) != 1 {
				continue
			}
			if _, ok := own[ts[0]]; !ok {
				continue
			}
			var quals []string
			for k := i - 1; k >= 0 && len(quals) < maxTitleQualifiers; k-- {
				if words[k] == "s" || titleRoles[words[k]] {
					continue // "Kyiv's", "prime" of "prime minister"
				}
				if IsStopword(words[k]) {
					break
				}
				quals = append(quals, words[k])
			}
			if i+1 < len(words) && words[i+1] == "of" {
				for k := i + 2; k < len(words) && k <= i+4; k++ {
					if !IsStopword(words[k]) {
						quals = append(quals, words[k])
					}
				}
			}
			if len(quals) == 0 {
				continue
			}
			var roleTerms []string
			for _, r := range terms(w, true) {
				if _, ok := roles[r]; ok {
					roleTerms = append(roleTerms, r)
				}
			}
			var qualTerms []string
			for _, q := range quals {
				qualTerms = append(qualTerms, terms(q, true)...)
			}
			seen := map[string]bool{}
			for _, r := range roleTerms {
				for _, p := range roles[r] {
					if _, named := own[p.term]; named || seen[p.term] {
						continue
					}
					if !slices.ContainsFunc(qualTerms, func(q string) bool { return p.title[q] && !slices.Contains(roleTerms, q) }) {
						continue
					}
					seen[p.term] = true
					if !yield(ts[0], p.surname) {
						return
					}
				}
			}
		}
	}
}
