package bot

import (
	"strings"
	"unicode"

	"github.com/summitbot/summitbot/retrieval"
)

// This file finds, in one source's text, the candidates for suggested
// topics (topics.go ranks them across a scope): countries and international
// organisations however they are written ("French", "the U.S.", "Moscow"),
// capitalised names with their titles taken off ("French President Emmanuel
// Macron" is France and Emmanuel Macron), and two-word noun phrases
// ("security guarantees"). Headings, captions and other lines that are not
// sentences are skipped: their Title Case makes every word look like a name.

// Kinds of suggested topic.
const (
	TopicPerson  = "person"
	TopicCountry = "country" // a country or a union of them (the EU, NATO)
	TopicName    = "name"    // another name: a place, a body, a named plan
	TopicSubject = "subject" // a noun phrase: "security guarantees"
)

// nation is a country (or the EU, NATO) with the words news uses for it.
type nation struct {
	label string
	// words are the folded single words that stand for it (names, short
	// forms, adjectives, seats of government); acronyms that are also
	// English words ("us") must be written in capitals to count.
	words []string
	// phrases are the folded multi-word names ("united kingdom").
	phrases []string
}

// nations is the ordinary knowledge of the countries European security news
// names most (not the articles'). A capital stands for its country only
// where news uses it for the government ("Moscow warned"), not where it is
// a venue (Paris, Berlin).
var nations = []nation{
	{"United Kingdom", []string{"uk", "u.k", "britain", "british", "brit", "brits", "london"}, []string{"united kingdom", "great britain"}},
	{"United States", []string{"us", "u.s", "usa", "u.s.a", "america", "american", "americans", "washington"}, []string{"united states"}},
	{"France", []string{"france", "french"}, nil},
	{"Germany", []string{"germany", "german", "germans"}, nil},
	{"Russia", []string{"russia", "russian", "russians", "moscow", "kremlin"}, nil},
	{"Ukraine", []string{"ukraine", "ukrainian", "ukrainians", "kyiv", "kiev"}, nil},
	{"Italy", []string{"italy", "italian", "italians"}, nil},
	{"Poland", []string{"poland", "polish"}, nil},
	{"Canada", []string{"canada", "canadian", "canadians"}, nil},
	{"Türkiye", []string{"turkiye", "turkey", "turkish"}, nil},
	{"Spain", []string{"spain", "spanish"}, nil},
	{"Netherlands", []string{"netherlands", "dutch"}, nil},
	{"Belgium", []string{"belgium", "belgian"}, nil},
	{"Sweden", []string{"sweden", "swedish"}, nil},
	{"Finland", []string{"finland", "finnish"}, nil},
	{"Norway", []string{"norway", "norwegian"}, nil},
	{"Denmark", []string{"denmark", "danish"}, nil},
	{"Estonia", []string{"estonia", "estonian"}, nil},
	{"Latvia", []string{"latvia", "latvian"}, nil},
	{"Lithuania", []string{"lithuania", "lithuanian"}, nil},
	{"Romania", []string{"romania", "romanian"}, nil},
	{"Croatia", []string{"croatia", "croatian"}, nil},
	{"Czech Republic", []string{"czech", "czechia"}, []string{"czech republic"}},
	{"Hungary", []string{"hungary", "hungarian"}, nil},
	{"Greece", []string{"greece", "greek"}, nil},
	{"Portugal", []string{"portugal", "portuguese"}, nil},
	{"Ireland", []string{"ireland", "irish"}, nil},
	{"Austria", []string{"austria", "austrian"}, nil},
	{"Switzerland", []string{"switzerland", "swiss"}, nil},
	{"Australia", []string{"australia", "australian"}, nil},
	{"New Zealand", nil, []string{"new zealand"}},
	{"Japan", []string{"japan", "japanese"}, nil},
	{"China", []string{"china", "chinese", "beijing"}, nil},
	{"India", []string{"india", "indian"}, nil},
	{"North Korea", nil, []string{"north korea", "north korean"}},
	{"Iran", []string{"iran", "iranian"}, nil},
	{"Belarus", []string{"belarus", "belarusian"}, nil},
	{"European Union", []string{"eu", "e.u"}, []string{"european union"}},
	{"Europe", []string{"europe", "european", "europeans"}, nil},
	{"NATO", []string{"nato"}, nil},
}

// capitalOnly are the words of nations that count only written in capitals.
var capitalOnly = map[string]bool{"us": true, "eu": true}

// nationIndex maps the words and phrases of nations to their labels.
type nationIndex struct {
	words   map[string]string
	phrases map[string]string // folded phrase -> label
	longest int               // words in the longest phrase
}

func newNationIndex() nationIndex {
	ix := nationIndex{words: map[string]string{}, phrases: map[string]string{}}
	for _, n := range nations {
		for _, w := range n.words {
			ix.words[w] = n.label
		}
		for _, p := range n.phrases {
			ix.phrases[p] = n.label
			ix.longest = max(ix.longest, len(strings.Fields(p)))
		}
	}
	return ix
}

// at returns the nation the tokens from i name, and how many tokens name it.
func (ix nationIndex) at(toks []token) (label string, n int) {
	for k := min(ix.longest, len(toks)); k >= 2; k-- {
		if !toks[0].capital {
			break
		}
		words := make([]string, k)
		for j := range k {
			words[j] = toks[j].fold
		}
		if l, ok := ix.phrases[strings.Join(words, " ")]; ok {
			return l, k
		}
	}
	t := toks[0]
	l, ok := ix.words[t.fold]
	if !ok || !t.capital || (capitalOnly[t.fold] && t.raw != strings.ToUpper(t.raw)) {
		return "", 0
	}
	return l, 1
}

// titleWords are the words of titles and roles written before a name
// ("Prime Minister", "U.S. envoy"); they are taken off the name.
var titleWords = map[string]bool{"president": true, "prime": true, "minister": true, "chancellor": true, "envoy": true,
	"secretary": true, "general": true, "foreign": true, "defence": true, "defense": true, "king": true, "queen": true,
	"mr": true, "mrs": true, "ms": true, "dr": true, "sir": true, "lord": true, "dame": true, "leader": true, "premier": true,
	"special": true, "senator": true, "sen": true, "rep": true, "gov": true, "governor": true, "ambassador": true,
	"spokesman": true, "spokeswoman": true, "spokesperson": true, "commander": true, "admiral": true, "former": true,
	"vice": true, "deputy": true, "state": true, "head": true, "chief": true, "official": true, "officials": true}

// regionWords are taken off the start of a name: "Western European".
var regionWords = map[string]bool{"western": true, "eastern": true, "northern": true, "southern": true, "central": true}

// nameLinks join the capitalised parts of one name: "Coalition of the Willing".
var nameLinks = map[string]bool{"of": true, "the": true, "de": true, "von": true, "van": true, "der": true, "du": true, "la": true}

// termCount is what one source says of one candidate topic.
type termCount struct {
	kind     string
	words    int            // words in the name
	mentions int            // sentences naming it
	inner    int            // mentions not at the start of a sentence
	surfaces map[string]int // as written, with counts
}

// sourceTerms are the candidates one source names, by key: a nation's
// label, a name's folded words, a phrase's stems.
type sourceTerms map[string]*termCount

func (st sourceTerms) add(key, kind, surface string, words int, initial bool) {
	c := st[key]
	if c == nil {
		c = &termCount{kind: kind, words: words, surfaces: map[string]int{}}
		st[key] = c
	}
	c.mentions++
	if !initial {
		c.inner++
	}
	c.surfaces[surface]++
}

// isSentenceLine reports whether a line of an article is running text: it
// ends as a sentence does (or a list item, or a line introducing one), not
// as a heading, a caption or a byline does.
func isSentenceLine(line string) bool {
	line = strings.TrimSpace(line)
	if line == "" {
		return false
	}
	last := []rune(line)[len([]rune(line))-1]
	return strings.ContainsRune(`.!?:;"”’')`, last) && len(strings.Fields(line)) >= 5
}

// extractTerms finds the termCount topics of one source's text. It counts
// each once per sentence it is named in.
func extractTerms(text string, nix nationIndex) sourceTerms {
	st := sourceTerms{}
	for _, line := range strings.Split(text, "\n") {
		if !isSentenceLine(line) {
			continue
		}
		for _, sp := range retrieval.Sentences(line) {
			sentence := line[sp.Start:sp.End]
			if f := retrieval.Fold(sentence); boilerplateRe.MatchString(f) || creditRe.MatchString(f) {
				continue // a byline, a credit line (extractive.go)
			}
			toks := tokenize(sentence)
			seen := map[string]bool{}
			add := func(key, kind, surface string, words int, initial bool) {
				if !seen[key] {
					seen[key] = true
					st.add(key, kind, surface, words, initial)
				}
			}
			nameTerms(toks, nix, add)
			phraseTerms(toks, add)
		}
	}
	return st
}

// nameTerms adds the nations and capitalised names of a sentence.
func nameTerms(toks []token, nix nationIndex, add func(key, kind, surface string, words int, initial bool)) {
	for i := 0; i < len(toks); {
		t := toks[i]
		if !t.capital || retrieval.IsMonth(t.fold) || retrieval.IsWeekday(t.fold) || hasDigit(t.fold) {
			i++
			continue
		}
		// The run of capitalised words from i, with "of the" inside it.
		j := i + 1
		for j < len(toks) && !toks[j].comma {
			if toks[j].capital && !toks[j].initial && !retrieval.IsMonth(toks[j].fold) && !hasDigit(toks[j].fold) {
				j++
				continue
			}
			k := j
			for k < len(toks) && nameLinks[toks[k].fold] && !toks[k].capital && !toks[k].comma {
				k++
			}
			if k > j && k < len(toks) && toks[k].capital && !toks[k].comma && !toks[k].initial {
				j = k + 1
				continue
			}
			break
		}
		run := toks[i:j]
		i = j
		// Nations and titles before the name: "French President Emmanuel Macron".
		for len(run) > 0 {
			if label, n := nix.at(run); n > 0 {
				add(label, TopicCountry, joinRaw(run[:n]), n, run[0].initial)
				run = run[n:]
				continue
			}
			if titleWords[run[0].fold] || nameLinks[run[0].fold] || regionWords[run[0].fold] || len(run[0].fold) < 2 {
				run = run[1:]
				continue
			}
			break
		}
		// Nations after it too: "Coalition partners and the US".
		for len(run) > 0 {
			if label, n := nix.at(run[len(run)-1:]); n > 0 && len(run) > 1 {
				add(label, TopicCountry, run[len(run)-1].raw, 1, false)
				run = run[:len(run)-1]
				continue
			}
			break
		}
		for len(run) > 0 && (nameLinks[run[len(run)-1].fold] || len(run[len(run)-1].fold) < 2) {
			run = run[:len(run)-1]
		}
		if len(run) == 0 || len(run) > 4 {
			continue // nothing left, or Title Case that escaped the heading test
		}
		add(nameKey(run), TopicName, joinRaw(run), len(run), run[0].initial)
	}
}

// nameKey is the key of a name: its folded words.
func nameKey(run []token) string {
	words := make([]string, len(run))
	for i, t := range run {
		words[i] = t.fold
	}
	return "name:" + strings.Join(words, " ")
}

func joinRaw(run []token) string {
	words := make([]string, len(run))
	for i, t := range run {
		words[i] = t.raw
	}
	return strings.Join(words, " ")
}

// genericModifiers begin no phrase worth a topic: "many countries", "last
// week", "such guarantees".
var genericModifiers = map[string]bool{"new": true, "first": true, "last": true, "next": true, "many": true, "several": true,
	"other": true, "such": true, "further": true, "possible": true, "potential": true, "key": true, "major": true, "main": true,
	"high": true, "level": true, "senior": true, "top": true, "recent": true, "current": true, "previous": true, "former": true,
	"future": true, "said": true, "says": true, "also": true, "would": true, "could": true, "will": true, "any": true,
	"all": true, "each": true, "every": true, "clear": true, "real": true, "significant": true, "rare": true, "largest": true,
	"continued": true, "renewed": true, "whether": true, "including": true, "according": true, "around": true, "nearly": true,
	"likely": true, "already": true, "still": true, "even": true, "far": true, "away": true, "yet": true, "just": true,
	"direct": true, "concrete": true, "explicit": true, "separate": true, "individual": true, "comprehensive": true}

// phraseEnds end no phrase worth a topic.
var phraseEnds = map[string]bool{"said": true, "says": true, "say": true, "added": true, "told": true, "time": true,
	"way": true, "thing": true, "things": true, "part": true, "stage": true, "moment": true, "step": true, "years": true,
	"year": true, "week": true, "day": true, "days": true, "today": true, "tuesday": true, "wednesday": true}

// phraseTerms adds the two-word noun phrases of a sentence: two lower-case
// content words in a row, the second not a verb form or an adverb.
func phraseTerms(toks []token, add func(key, kind, surface string, words int, initial bool)) {
	ok := func(t token) bool {
		return (!t.capital || t.initial) && len(t.fold) >= 3 && !retrieval.IsStopword(t.fold) && !hasDigit(t.fold) &&
			!retrieval.IsNumberWord(t.fold) && !retrieval.IsMonth(t.fold) && !retrieval.IsWeekday(t.fold) && !speechVerbs[t.fold] &&
			!strings.HasSuffix(t.fold, "ly") && strings.IndexFunc(t.fold, func(r rune) bool { return !unicode.IsLetter(r) && r != '-' }) < 0
	}
	for i := 0; i+1 < len(toks); i++ {
		a, b := toks[i], toks[i+1]
		if !ok(a) || !ok(b) || b.initial || b.comma || genericModifiers[a.fold] || phraseEnds[b.fold] || genericModifiers[b.fold] ||
			strings.HasSuffix(b.fold, "ed") || (a.capital && !a.initial) {
			continue
		}
		if a.initial && a.capital {
			a.raw = strings.ToLower(a.raw[:1]) + a.raw[1:]
		}
		add("phrase:"+a.stem+" "+b.stem, TopicSubject, a.raw+" "+b.raw, 2, false)
	}
}
