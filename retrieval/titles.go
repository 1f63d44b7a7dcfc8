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

// headTitles are the titles of a head of state or government, which "the
// French leader" names as "the French president" does.
var headTitles = []string{"president", "prime", "premier", "chancellor"}

// minRoleCloseness is the least closeness of a title noun related to the
// question's (premier: prime, a synonym's), so that a neighbour's
// (secretary: chief, 0.3) does not name someone else.
const minRoleCloseness = 0.6

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

// key tells titles apart: the same surname with the same words is one.
func (ti titled) key() string { return ti.surname + ":" + strings.Join(ti.words, " ") }

// titleModifiers make a title another office ("Former U.S. President",
// "Vice President", "Deputy Prime Minister"): a title holding one, or
// following one, is not learned.
var titleModifiers = map[string]bool{"former": true, "ex": true, "vice": true, "deputy": true, "acting": true,
	"outgoing": true, "late": true, "assistant": true, "interim": true, "incoming": true, "then": true}

// nameParticles are the lower-case words inside names ("Ursula von der
// Leyen", "Ahmed al-Sharaa"): a name followed by one is not learned, since
// its surname comes later.
var nameParticles = map[string]bool{"von": true, "van": true, "der": true, "den": true, "de": true, "da": true, "di": true,
	"du": true, "del": true, "la": true, "le": true, "al": true, "el": true, "bin": true, "ibn": true, "ter": true}

// titleTok is a word of a passage as learnTitles reads it.
type titleTok struct {
	fold       string // folded, without a possessive's "'s"
	capital    bool
	role       bool
	acronym    bool // in capitals
	stop       bool
	possessive bool
	end        bool // punctuation follows it
	particle   bool // a lower-case name particle ("von", "al-Sharaa")
}

// learnTitles returns the people text introduces with a title: a run of
// capitalised words (or role nouns: "U.S. envoy Steve Witkoff") holding a
// role noun, then one to three capitalised words, the name, whose last is
// the surname. Punctuation before or after a word ends a run (the stops of
// an acronym, "U.S.", do not); so does a possessive after the role noun
// ("President Vladimir Putin's envoy": Putin), a capitalised stop word ("And",
// "To") or an acronym after the name ("MP"). A line in title case (a
// heading) teaches nothing, nor does a title with a modifier ("Former",
// "Vice"), nor a name followed by a particle ("von der Leyen").
func learnTitles(text string) []titled {
	var toks []titleTok
	for line := range strings.Lines(text) {
		if titleCaseLine(line) {
			continue
		}
		toks = append(toks, titleTok{end: true}) // a line break ends a run
		for _, f := range strings.Fields(line) {
			core := strings.TrimLeftFunc(f, func(r rune) bool { return !unicode.IsLetter(r) })
			if len(core) < len(f) && len(toks) > 0 {
				toks[len(toks)-1].end = true // "“French President", "(R-SC)"
			}
			if strings.HasPrefix(f, "@") || strings.HasPrefix(f, "#") {
				toks = append(toks, titleTok{end: true}) // a handle or a tag
				continue
			}
			trimmed := strings.TrimRightFunc(core, func(r rune) bool { return !unicode.IsLetter(r) })
			if trimmed == "" {
				toks = append(toks, titleTok{end: true})
				continue
			}
			end := len(trimmed) < len(core)
			if strings.Count(core, ".") >= 2 && strings.HasSuffix(core, ".") && len(trimmed)+1 == len(core) {
				end, trimmed = false, core // an acronym's stops: "U.S."
			}
			folded := Fold(expandAcronyms(trimmed))
			base, possessive := strings.CutSuffix(folded, "'s")
			r, _ := utf8.DecodeRuneInString(trimmed)
			lower := strings.ToLower(trimmed)
			toks = append(toks, titleTok{
				fold:       base,
				capital:    unicode.IsUpper(r),
				role:       titleRoles[base],
				acronym:    utf8.RuneCountInString(trimmed) > 1 && strings.ToUpper(trimmed) == trimmed,
				stop:       IsStopword(base),
				possessive: possessive,
				end:        end,
				particle:   !unicode.IsUpper(r) && (nameParticles[lower] || strings.HasPrefix(lower, "al-") || strings.HasPrefix(lower, "el-")),
			})
		}
	}
	var out []titled
	for i := 0; i < len(toks); {
		t := toks[i]
		if t.fold == "" || !(t.capital || t.role) || t.stop {
			i++
			continue
		}
		// The title: capitalised words and role nouns, up to the last role
		// noun before the name.
		j, role := i, -1
		for j < len(toks) && toks[j].fold != "" && (toks[j].capital || toks[j].role) && !toks[j].stop {
			if toks[j].role {
				role = j
			} else if role >= 0 {
				break // the name begins
			}
			j++
			if toks[j-1].end || (toks[j-1].possessive && role >= 0) {
				break // "Italy's Prime Minister" goes on; "President Putin's" does not
			}
		}
		if role < 0 || toks[role].end || toks[role].possessive {
			i = max(j, i+1)
			continue
		}
		// The name: one to three capitalised words after the title.
		k := role + 1
		for k < len(toks) && k-role <= 3 && toks[k].capital && !toks[k].role && !toks[k].stop && !toks[k].acronym {
			k++
			if toks[k-1].end || toks[k-1].possessive {
				break
			}
		}
		name := toks[role+1 : k]
		modified := i > 0 && titleModifiers[toks[i-1].fold]
		for _, w := range toks[i : role+1] {
			modified = modified || titleModifiers[w.fold]
		}
		followed := k < len(toks) && toks[k].particle && !toks[k-1].end
		if len(name) > 0 && !modified && !followed && utf8.RuneCountInString(name[len(name)-1].fold) >= 3 {
			var words []string
			for _, w := range toks[i : role+1] {
				if !w.stop {
					words = append(words, w.fold)
				}
			}
			out = append(out, titled{surname: name[len(name)-1].fold, words: words})
		}
		i = max(k, i+1)
	}
	return out
}

// titleCaseLine reports whether a line is a heading in title case: no
// sentence punctuation, at least three words, each capitalised but for stop
// words and numbers ("Ukraine Security Guarantees Paris 2026 and
// Multinational Deployments", "French President Heads To Kyiv").
func titleCaseLine(line string) bool {
	fields := strings.Fields(line)
	if len(fields) < 3 || strings.ContainsAny(line, ".!?;") {
		return false
	}
	for _, f := range fields {
		r, _ := utf8.DecodeRuneInString(f)
		if unicode.IsLetter(r) && !unicode.IsUpper(r) && !IsStopword(Fold(f)) {
			return false
		}
	}
	return true
}

// personTitles keeps the titles each source's passages give people (see
// learnTitles), each once a source, for all scopes, as the BM25 statistics
// count them (a guild's sources can add a surname to another guild's
// question; it only ranks that guild's own passages). It is safe for
// concurrent use.
type personTitles struct {
	mu       sync.Mutex
	bySource map[string][]titled
	// byRole indexes the people by the analysed terms of their title's role
	// nouns; nil until built, and again after a change. roleTerms holds
	// the analysed terms of titleRoles, built with it.
	byRole    map[string][]*person
	roleTerms map[string]bool
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
	if len(found) == 0 {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.bySource == nil {
		t.bySource = map[string][]titled{}
	}
	// Passages overlap and repeat a title: keep each once.
	have := map[string]bool{}
	for _, ti := range t.bySource[id] {
		have[ti.key()] = true
	}
	for _, ti := range found {
		if !have[ti.key()] {
			have[ti.key()] = true
			t.bySource[id] = append(t.bySource[id], ti)
		}
	}
	t.byRole = nil
}

// forget drops a removed (or rolled back) source's titles.
func (t *personTitles) forget(id string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if _, ok := t.bySource[id]; ok {
		delete(t.bySource, id)
		t.byRole = nil
	}
}

// roles returns the people by the terms of their titles' role nouns, and
// the terms of the role nouns themselves. terms returns the analysed terms
// of a word (first) and of what it stands for (France for French).
func (t *personTitles) roles(terms func(string) []string) (map[string][]*person, map[string]bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.byRole != nil {
		return t.byRole, t.roleTerms
	}
	// Titles repeat their words ("president", "french") across people.
	memo := map[string][]string{}
	terms = func(analyze func(string) []string) func(string) []string {
		return func(w string) []string {
			ts, ok := memo[w]
			if !ok {
				ts = analyze(w)
				memo[w] = ts
			}
			return ts
		}
	}(terms)
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
	t.byRole, t.roleTerms = map[string][]*person{}, map[string]bool{}
	for r := range titleRoles {
		if ts := terms(r); len(ts) > 0 {
			t.roleTerms[ts[0]] = true
		}
	}
	for _, name := range slices.Sorted(maps.Keys(people)) {
		p := people[name]
		for r := range titleRoles {
			if ts := terms(r); len(ts) > 0 && p.title[ts[0]] {
				t.byRole[ts[0]] = append(t.byRole[ts[0]], p)
			}
		}
	}
	return t.byRole, t.roleTerms
}

// titledPerson is a person a question names by a title: the question's
// term of the title's noun ("presid"), those of its qualifiers ("french"),
// and the surname the passages give ("macron").
type titledPerson struct {
	noun       string
	qualifiers []string
	surname    string
}

// titledPeople yields the surnames of the people a question names by a
// title and what qualifies it ("the British premier": Starmer, whom the
// passages call "British Prime Minister Keir Starmer"; "Kyiv's president":
// Zelensky, "Ukrainian President"), each with the question's term of the
// title's noun whose related word it becomes. The qualifiers are the words
// just before the noun (up to maxTitleQualifiers, to the first stop word;
// "Kyiv's" included) and the first word after its "of" ("the president of
// France"), role nouns aside; each must be in the person's title, as
// written or as the thesaurus says it stands for (Kyiv: Ukrainian; French:
// France), and the noun too, or a synonym of it (premier: prime). A title
// without a qualifier ("the president") names no one in particular. own
// holds the question's terms; a surname the question uses is left out.
func (ix *Index) titledPeople(words []string, own map[string]uint64) iter.Seq[titledPerson] {
	return func(yield func(titledPerson) bool) {
		if !slices.ContainsFunc(words, func(w string) bool { return titleRoles[w] }) {
			return
		}
		terms := func(w string, related bool) []string {
			out := ix.lex.analyze(w)
			if len(out) != 1 {
				return nil
			}
			if related && ix.thesaurus != nil {
				for r, c := range ix.thesaurus.Related(w) {
					if c >= MinStandsCloseness || (titleRoles[r] && c >= minRoleCloseness) {
						out = append(out, ix.lex.analyze(r)...)
					}
				}
			}
			return out
		}
		roles, roleTerm := ix.titles.roles(func(w string) []string { return terms(w, true) })
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
				for k := i + 2; k < len(words); k++ {
					if IsStopword(words[k]) && words[k] != "of" {
						continue // "of the"
					}
					if !titleRoles[words[k]] && words[k] != "of" {
						quals = append(quals, words[k])
					}
					break
				}
			}
			if len(quals) == 0 {
				continue
			}
			var roleTerms []string
			nouns := terms(w, true)
			if w == "leader" {
				// A country's leader is its head of state or government.
				for _, h := range headTitles {
					nouns = append(nouns, ix.lex.analyze(h)...)
				}
			}
			for _, r := range nouns {
				if _, ok := roles[r]; ok && !slices.Contains(roleTerms, r) {
					roleTerms = append(roleTerms, r)
				}
			}
			var qualOwn []string // the qualifiers' terms, as the question has them
			for _, q := range quals {
				if ts := ix.lex.analyze(q); len(ts) == 1 {
					qualOwn = append(qualOwn, ts[0])
				}
			}
			qualTerms := make([][]string, len(quals))
			for k, q := range quals {
				for _, t := range terms(q, true) {
					if !roleTerm[t] {
						qualTerms[k] = append(qualTerms[k], t)
					}
				}
			}
			seen := map[string]bool{}
			for _, r := range roleTerms {
				for _, p := range roles[r] {
					if _, named := own[p.term]; named || seen[p.term] {
						continue
					}
					all := true
					for _, qs := range qualTerms {
						all = all && slices.ContainsFunc(qs, func(q string) bool { return p.title[q] })
					}
					if !all {
						continue
					}
					seen[p.term] = true
					if !yield(titledPerson{noun: ts[0], qualifiers: qualOwn, surname: p.surname}) {
						return
					}
				}
			}
		}
	}
}
