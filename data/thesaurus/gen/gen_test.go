package main

import (
	"compress/gzip"
	"io"
	"os"
	"slices"
	"strings"
	"testing"
)

func TestSpellingPair(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"defence", "defense", true},
		{"defense", "defence", true},
		{"colour", "color", true},
		{"organise", "organize", true},
		{"stabilisation", "stabilization", true},
		{"centre", "center", true},
		{"programme", "program", true},
		{"analyse", "analyze", true},
		{"travelled", "traveled", true},
		{"four", "for", true}, // a spelling pair by the rules: only lemmas of one synset are paired
		{"force", "forces", false},
		{"deploy", "deployment", false},
		{"defence", "defence", false},
	}
	for _, tt := range tests {
		if got := spellingPair(tt.a, tt.b); got != tt.want {
			t.Errorf("spellingPair(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestParseSynset(t *testing.T) {
	line := "01379618 35 v 01 deploy 0 003 @ 01378574 v 0000 + 01143409 n 0101 ~ 01379822 v 0000 02 + 08 00 + 09 00 | to distribute systematically"
	s, err := parseSynset(line, 'v')
	if err != nil {
		t.Fatal(err)
	}
	if s.key != (synKey{'v', 1379618}) || s.lexFile != 35 || s.satellite {
		t.Errorf("got key %v, lex file %d, satellite %v", s.key, s.lexFile, s.satellite)
	}
	if got := []wnWord{{"deploy", 0}}; !slices.Equal(s.words, got) {
		t.Errorf("words = %v, want %v", s.words, got)
	}
	want := []pointer{
		{sym: "@", target: synKey{'v', 1378574}},
		{sym: "+", target: synKey{'n', 1143409}, src: 1, dst: 1},
		{sym: "~", target: synKey{'v', 1379822}},
	}
	if !slices.Equal(s.ptrs, want) {
		t.Errorf("pointers = %v, want %v", s.ptrs, want)
	}
	if s.gloss != "to distribute systematically" {
		t.Errorf("gloss = %q", s.gloss)
	}
	if _, err := parseSynset("01379618 35 v", 'v'); err == nil {
		t.Error("parseSynset accepted a short line")
	}
}

func TestSatelliteAndMarkers(t *testing.T) {
	line := "00003553 00 s 02 emergent 0 emerging(a) 0 001 & 00003356 a 0000 | coming into existence"
	s, err := parseSynset(line, 'a')
	if err != nil {
		t.Fatal(err)
	}
	if !s.satellite || s.words[1].lemma != "emerging" || s.ptrs[0].target.pos != 'a' {
		t.Errorf("got %+v", s)
	}
}

func TestTableLines(t *testing.T) {
	tb := &table{rel: map[string]map[string]byte{}, base: map[string][]string{"went": {"go"}}}
	tb.add("deploy", "deployment", '+')
	tb.add("deploy", "spread", '^')
	tb.add("deploy", "spread", '~') // closer than '^': replaces it
	tb.add("deploy", "deployment", '^')
	tb.add("deploy", "deploy", '~') // never itself
	got := tb.lines()
	want := []string{"deploy\t+deployment ~spread", "went\t<go"}
	if !slices.Equal(got, want) {
		t.Errorf("lines = %q, want %q", got, want)
	}
}

// committedText reads the committed table's lines.
func committedText(t *testing.T) []string {
	t.Helper()
	f, err := os.Open("../thesaurus.txt.gz")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(string(b), "\n")
}

// committedTable reads the committed table's relations: head -> related
// words with their marks.
func committedTable(t *testing.T) map[string]map[string]byte {
	t.Helper()
	out := map[string]map[string]byte{}
	for _, line := range committedText(t) {
		head, rest, ok := strings.Cut(line, "\t")
		if !ok || strings.HasPrefix(line, "#") || strings.HasPrefix(rest, "<") || strings.HasPrefix(rest, "_") {
			continue
		}
		out[head] = map[string]byte{}
		for _, f := range strings.Fields(rest) {
			out[head][f[1:]] = f[0]
		}
	}
	return out
}

// TestCapitalsInTable checks the committed table's capitals: each stands for
// its country by a name articles use, also when the country's name is an
// ordinary word (Turkey, China, Japan) or several words (the Czech Republic:
// Czech), and an ordinary word's renamed country does not spread to the
// word's other senses.
func TestCapitalsInTable(t *testing.T) {
	tb := committedTable(t)
	tests := []struct {
		head string
		want []string // each related with '@'
	}{
		{"prague", []string{"czech"}},
		{"ankara", []string{"turkey", "turkiye"}},
		{"beijing", []string{"china"}},
		{"tokyo", []string{"japan"}},
		{"canberra", []string{"australia"}},
		{"amman", []string{"jordan"}},
		{"tbilisi", []string{"georgia"}},
		{"riyadh", []string{"saudi"}},
		{"riga", []string{"latvia"}},
		{"vilnius", []string{"lithuania"}},
		{"tallinn", []string{"estonia"}},
		{"ndjamena", []string{"chad"}},
		{"kyiv", []string{"ukraine"}},
		{"moscow", []string{"russia"}},
		{"kremlin", []string{"russia"}},
		{"berlin", []string{"germany"}},
		{"washington", []string{"usa"}},
	}
	for _, tt := range tests {
		for _, w := range tt.want {
			if got := tb[tt.head][w]; got != '@' {
				t.Errorf("%s: relation to %s = %q, want '@'", tt.head, w, got)
			}
		}
	}
	// Not related as places: an ordinary word's other senses, a people of
	// the country, an acronym that is an ordinary word.
	notPlaces := []struct{ head, word string }{
		{"fowl", "turkiye"},
		{"poultry", "turkiye"},
		{"turkiye", "fowl"},
		{"turkey", "ankara"},
		{"china", "beijing"},
		{"pretoria", "afrikaans"},
		{"washington", "us"},
	}
	for _, tt := range notPlaces {
		if got, ok := tb[tt.head][tt.word]; ok {
			t.Errorf("%s: related to %s (%q), want not", tt.head, tt.word, got)
		}
	}
}

// TestCountryAdjectivesInTable checks the committed table's adjectives of
// countries: a capital stands for what is of its country too ("Rome" for
// "the Italian prime minister"), an adjective finds its country ("British":
// the United Kingdom, through the island of Great Britain that shares one
// of its names), but a country does not find its adjective, which nearly
// every passage about it has, and an adjective that is also an ordinary
// word ("polish") is not one.
func TestCountryAdjectivesInTable(t *testing.T) {
	tb := committedTable(t)
	tests := []struct {
		head, word string
		want       byte
	}{
		{"rome", "italian", '@'},
		{"ottawa", "canadian", '@'},
		{"moscow", "russian", '@'},
		{"kremlin", "russian", '@'},
		{"kyiv", "ukrainian", '@'},
		{"london", "british", '@'},
		{"berlin", "german", '@'},
		{"stockholm", "swedish", '@'},
		{"ankara", "turkish", '@'},
		{"italian", "italy", '+'},
		{"russian", "russia", '+'},
		{"british", "uk", '+'},
		{"british", "britain", '+'},
		{"canadian", "canada", '+'},
		{"ukrainian", "ukraine", '+'},
		{"dutch", "netherlands", '+'},
	}
	for _, tt := range tests {
		if got := tb[tt.head][tt.word]; got != tt.want {
			t.Errorf("%s: relation to %s = %q, want %q", tt.head, tt.word, got, tt.want)
		}
	}
	notRelated := []struct{ head, word string }{
		{"italy", "italian"},
		{"russia", "russian"},
		{"ukraine", "ukrainian"},
		{"polish", "poland"},
		{"warsaw", "polish"},
		{"turkey", "turkish"},
	}
	for _, tt := range notRelated {
		if got, ok := tb[tt.head][tt.word]; ok {
			t.Errorf("%s: related to %s (%q), want not", tt.head, tt.word, got)
		}
	}
}

func TestPhrase(t *testing.T) {
	wn := &wordnet{senses: map[string]map[byte][]synKey{}, synsets: map[synKey]*synset{}}
	for i, l := range []string{"twenty-four_hours", "leave_out", "new_york", "head_of_state", "one_and_only_one", "best-known"} {
		k := synKey{'n', i + 1}
		wn.synsets[k] = &synset{key: k, words: []wnWord{{lemma: l}}}
		wn.senses[l] = map[byte][]synKey{'n': {k}}
	}
	words := map[string]bool{}
	for _, w := range strings.Fields("twenty four hours leave out head of state one and only new best known") {
		words[w] = true
	}
	g := newGen(wn, words, defaults)
	tests := []struct {
		lemma string
		want  bool
	}{
		{"twenty-four_hours", true}, // three words as a question splits them
		{"leave_out", true},
		{"head_of_state", true},
		{"new_york", false},         // york: not a word of the list
		{"one_and_only_one", false}, // four words
		{"best-known", false},       // one word
		{"left_out", false},         // not a lemma
	}
	for _, tt := range tests {
		if got := g.phrase(tt.lemma); got != tt.want {
			t.Errorf("phrase(%q) = %v, want %v", tt.lemma, got, tt.want)
		}
	}
}

func TestTableLinesPhraseBase(t *testing.T) {
	tb := &table{rel: map[string]map[string]byte{}, phraseBase: map[string][]string{"left": {"leave"}}}
	tb.add("leave_out", "omit", '~')
	got := tb.lines()
	want := []string{"leave_out\t~omit", "left\t_leave"}
	if !slices.Equal(got, want) {
		t.Errorf("lines = %q, want %q", got, want)
	}
}

// committedLines reads the committed table's lines that begin with head.
func committedLines(t *testing.T, head string) []string {
	t.Helper()
	var out []string
	for _, line := range committedText(t) {
		if strings.HasPrefix(line, head+"\t") {
			out = append(out, line)
		}
	}
	return out
}

// TestPhrasesInTable checks the committed table's multiword heads: related
// to single words through frequent senses of both, without neighbours;
// number words to their digits; and irregular inflections that only
// phrases use.
func TestPhrasesInTable(t *testing.T) {
	tb := committedTable(t)
	tests := []struct {
		head, word string
		want       byte
	}{
		{"twenty-four_hours", "day", '~'},
		{"leave_out", "omit", '~'},
		{"chip_in", "contribute", '~'},
		{"prime_minister", "premier", '~'},
		{"fair_game", "target", '~'},
		{"thirty", "30", '='},
		{"twelve", "12", '='},
	}
	for _, tt := range tests {
		if got := tb[tt.head][tt.word]; got != tt.want {
			t.Errorf("%s: relation to %s = %q, want %q", tt.head, tt.word, got, tt.want)
		}
	}
	for head, m := range tb {
		for w, k := range m {
			if strings.Contains(head, "_") && k == '^' {
				t.Errorf("%s: neighbour %s, want no neighbours of phrases", head, w)
			}
			if strings.Contains(w, "_") {
				t.Errorf("%s: related to the phrase %s, want single words", head, w)
			}
		}
	}
	for _, tt := range []struct{ head, word string }{
		{"four", "4"},                   // articles spell one-digit numbers
		{"decade", "10"},                // digits only of a number word's adjective synsets
		{"pilotless_aircraft", "drone"}, // not a frequent sense of drone
	} {
		if got, ok := tb[tt.head][tt.word]; ok {
			t.Errorf("%s: related to %s (%q), want not", tt.head, tt.word, got)
		}
	}
	if got := committedLines(t, "left"); !slices.Contains(got, "left\t_leave") || slices.Contains(got, "left\t<leave") {
		t.Errorf("lines of left = %q, want left<TAB>_leave and not <leave", got)
	}
}

// TestOrdinaryWords checks the words the generator adds to the word list:
// WordNet's lower-case words the list lacks, not those WordNet also writes
// capitalised, nor phrases.
func TestOrdinaryWords(t *testing.T) {
	wn := &wordnet{synsets: map[synKey]*synset{}}
	for i, ws := range [][]string{
		{"headcount", "head_count"},
		{"Greenland"},
		{"greenland"}, // a lower-case use does not make a name ordinary
		{"peacekeeper"},
		{"troop"},
		{"walk-in"},
	} {
		s := &synset{key: synKey{'n', i}}
		for _, w := range ws {
			s.words = append(s.words, wnWord{lemma: w})
		}
		wn.synsets[s.key] = s
	}
	got := ordinaryWords(wn, map[string]bool{"troop": true})
	want := []string{"headcount", "peacekeeper", "walk-in"}
	if !slices.Equal(got, want) {
		t.Errorf("ordinaryWords = %q, want %q", got, want)
	}
}

// TestProperAdjectives checks that the adjectives WordNet writes capitalised
// are listed lower case, a multiword one with spaces, and that nouns and
// lower-case adjectives are not.
func TestProperAdjectives(t *testing.T) {
	wn := &wordnet{synsets: map[synKey]*synset{}}
	for i, s := range []struct {
		pos   byte
		words []string
	}{
		{'a', []string{"Mediterranean"}},
		{'a', []string{"North_American"}},
		{'a', []string{"eastern"}},
		{'a', []string{"KO'd"}},
		{'n', []string{"Greenland"}},
	} {
		ss := &synset{key: synKey{s.pos, i}}
		for _, w := range s.words {
			ss.words = append(ss.words, wnWord{lemma: w})
		}
		wn.synsets[ss.key] = ss
	}
	got := properAdjectives(wn)
	want := []string{"mediterranean", "north american"}
	if !slices.Equal(got, want) {
		t.Errorf("properAdjectives = %q, want %q", got, want)
	}
}

// TestCloseCompounds checks that a hyphenated lemma the word list writes as
// one word moves to that spelling with its senses, synset words and tag
// counts, and that other lemmas stay as they are.
func TestCloseCompounds(t *testing.T) {
	truce := &synset{key: synKey{'n', 1}, words: []wnWord{{"armistice", 0}, {"cease-fire", 0}, {"truce", 0}}}
	number := &synset{key: synKey{'a', 2}, words: []wnWord{{"twenty-four", 0}, {"24", 0}}}
	email := &synset{key: synKey{'n', 3}, words: []wnWord{{"e-mail", 0}, {"email", 0}}}
	wn := &wordnet{
		synsets: map[synKey]*synset{truce.key: truce, number.key: number, email.key: email},
		senses: map[string]map[byte][]synKey{
			"armistice":   {'n': {truce.key}},
			"cease-fire":  {'n': {truce.key}},
			"truce":       {'n': {truce.key}},
			"twenty-four": {'a': {number.key}},
			"e-mail":      {'n': {email.key}},
			"email":       {'n': {email.key}},
		},
		counts: map[string]int{"cease-fire%1:04:00::": 3},
	}
	words := map[string]bool{"armistice": true, "ceasefire": true, "truce": true, "email": true}
	if got, want := wn.closeCompounds(words), 1; got != want {
		t.Errorf("renamed %d lemmas, want %d", got, want)
	}
	if wn.senses["cease-fire"] != nil || !slices.Equal(wn.senses["ceasefire"]['n'], []synKey{truce.key}) {
		t.Errorf("senses: cease-fire %v, ceasefire %v", wn.senses["cease-fire"], wn.senses["ceasefire"])
	}
	if got, want := truce.words, []wnWord{{"armistice", 0}, {"ceasefire", 0}, {"truce", 0}}; !slices.Equal(got, want) {
		t.Errorf("synset words %v, want %v", got, want)
	}
	if got := wn.counts["ceasefire%1:04:00::"]; got != 3 {
		t.Errorf("tag count of ceasefire = %d, want 3", got)
	}
	// Not in the word list closed, or closed already in WordNet: unchanged.
	if wn.senses["twenty-four"] == nil || wn.senses["e-mail"] == nil {
		t.Errorf("renamed a lemma it should keep: %v", wn.senses)
	}
	// Two spellings that close alike: neither is renamed.
	wn = &wordnet{senses: map[string]map[byte][]synKey{"co-op": {'n': {{'n', 4}}}, "coo-p": {'v': {{'v', 5}}}}, synsets: map[synKey]*synset{}, counts: map[string]int{}}
	if got := wn.closeCompounds(map[string]bool{"coop": true}); got != 0 || wn.senses["coop"] != nil {
		t.Errorf("renamed %d lemmas (coop: %v), want none", got, wn.senses["coop"])
	}
}

func TestAcronyms(t *testing.T) {
	wn := &wordnet{synsets: map[synKey]*synset{}}
	for i, lemmas := range [][]string{
		{"North_Atlantic_Treaty_Organization", "NATO"},
		{"European_Union", "EU", "European_Community", "EC", "Common_Market"},
		{"Organization_of_Petroleum-Exporting_Countries", "OPEC"},
		{"Massachusetts_Institute_of_Technology", "MIT"},
		{"radar", "microwave_radar", "RADAR"}, // no capitalised expansion spells it
		{"Joint_Chiefs", "JCS"},               // initials do not spell it
	} {
		k := synKey{'n', i + 1}
		s := &synset{key: k}
		for _, l := range lemmas {
			s.words = append(s.words, wnWord{lemma: l})
		}
		wn.synsets[k] = s
	}
	k := synKey{'v', 99}
	wn.synsets[k] = &synset{key: k, words: []wnWord{{lemma: "Be_Right_Back"}, {lemma: "BRB"}}} // not a noun
	got := acronyms(wn)
	want := []string{
		"ec\teuropean community",
		"eu\teuropean union",
		"mit\tmassachusetts institute of technology",
		"nato\tnorth atlantic treaty organization",
		"opec\torganization of petroleum exporting countries",
	}
	if !slices.Equal(got, want) {
		t.Errorf("acronyms =\n%q\nwant\n%q", got, want)
	}
}

func TestOrdinaryAbbreviations(t *testing.T) {
	wn := &wordnet{synsets: map[synKey]*synset{}}
	for i, s := range []struct {
		lemmas   []string
		instance bool
	}{
		{lemmas: []string{"television", "telecasting", "TV", "video"}},
		{lemmas: []string{"headquarters", "HQ", "central_office"}},
		{lemmas: []string{"European_Union", "EU", "Common_Market"}}, // a name
		{lemmas: []string{"europium", "Eu", "EU"}},                  // a thing, but EU names the Union too
		{lemmas: []string{"Central_Intelligence_Agency", "CIA"}},    // a name
		{lemmas: []string{"Met", "Metropolitan_Museum", "MET"}, instance: true},
		{lemmas: []string{"tank", "armoured_combat_vehicle", "ACV"}, instance: true}, // an instance: named
	} {
		k := synKey{'n', i + 1}
		syn := &synset{key: k}
		for _, l := range s.lemmas {
			syn.words = append(syn.words, wnWord{lemma: l})
		}
		if s.instance {
			syn.ptrs = append(syn.ptrs, pointer{sym: "@i", target: synKey{'n', 100}})
		}
		wn.synsets[k] = syn
	}
	k := synKey{'v', 99}
	wn.synsets[k] = &synset{key: k, words: []wnWord{{lemma: "be_right_back"}, {lemma: "BRB"}}} // not a noun
	if got, want := ordinaryAbbreviations(wn), []string{"hq", "tv"}; !slices.Equal(got, want) {
		t.Errorf("ordinaryAbbreviations = %q, want %q", got, want)
	}
}
