package data

import (
	"slices"
	"strings"
	"sync"
	"testing"
)

// relatedMap collects what Related yields for word.
func relatedMap(th *Thesaurus, word string) map[string]float64 {
	m := map[string]float64{}
	for w, c := range th.Related(word) {
		m[w] = c
	}
	return m
}

func TestThesaurusLoads(t *testing.T) {
	th := NewThesaurus()
	if err := th.Load(); err != nil {
		t.Fatalf("Load: %v", err)
	}
	if n := len(th.rel); n < 20000 {
		t.Errorf("table holds %d head words, want at least 20000", n)
	}
}

func TestThesaurusRelated(t *testing.T) {
	th := NewThesaurus()
	tests := []struct {
		word, related string
		want          float64
	}{
		{"deploy", "deployment", FormCloseness},
		{"deployment", "deploy", FormCloseness},
		{"deployed", "deployment", FormCloseness}, // an inflection, by the rules of detachment
		{"verify", "verification", FormCloseness},
		{"pledge", "promise", NeighbourCloseness},
		{"supply", "provide", SynonymCloseness},
		{"nations", "country", SynonymCloseness},
		{"truce", "armistice", SynonymCloseness},
		{"truce", "ceasefire", SynonymCloseness}, // WordNet's "cease-fire", as news writes it
		{"defence", "defense", SpellingCloseness},
		{"defense", "defence", SpellingCloseness},
		{"organising", "organize", SpellingCloseness}, // British, inflected
		{"fought", "fight", SpellingCloseness},        // an irregular inflection's base form
		{"moscow", "russia", PlaceCloseness},
		{"kremlin", "russia", PlaceCloseness},
		{"kyiv", "ukraine", PlaceCloseness},
		{"london", "britain", PlaceCloseness},
		{"washington", "america", PlaceCloseness},
		{"paris", "france", PlaceCloseness},
		{"berlin", "germany", PlaceCloseness},
		{"rome", "italy", PlaceCloseness},
		{"rome", "italian", PlaceCloseness}, // the capital stands for what is of its country
		{"italian", "italy", FormCloseness},
		{"british", "uk", FormCloseness},
	}
	for _, tt := range tests {
		got, ok := relatedMap(th, tt.word)[tt.related]
		if !ok || got != tt.want {
			t.Errorf("Related(%q)[%q] = %v, %v; want %v", tt.word, tt.related, got, ok, tt.want)
		}
	}
}

func TestThesaurusBaseForms(t *testing.T) {
	th := NewThesaurus()
	tests := []struct {
		word string
		want string // a base form it must give, "" for none
	}{
		{"came", "come"},
		{"went", "go"}, // a base form the table keeps for multiword heads only
		{"fought", "fight"},
		{"children", "child"},
		{"leaders", ""}, // a regular inflection
		{"come", ""},
		{"president", ""},
	}
	for _, tt := range tests {
		got := th.BaseForms(tt.word)
		if (tt.want == "") != (len(got) == 0) || (tt.want != "" && !slices.Contains(got, tt.want)) {
			t.Errorf("BaseForms(%q) = %q, want %q", tt.word, got, tt.want)
		}
	}
}

func TestThesaurusLeavesOut(t *testing.T) {
	th := NewThesaurus()
	tests := []struct{ word, notRelated string }{
		{"news", "new"},       // "news" is a word of its own, not an inflection
		{"make", "create"},    // too many senses to expand
		{"get", "obtain"},     // likewise
		{"paris", "paris"},    // not itself
		{"moscow", "kremlin"}, // a capital stands for its country, not for its other places
		{"deploy", "deploy"},  // not itself
		{"london", "thames"},  // nor for its river
		{"contingent", "contingent"},
	}
	for _, tt := range tests {
		if _, ok := relatedMap(th, tt.word)[tt.notRelated]; ok {
			t.Errorf("Related(%q) yields %q", tt.word, tt.notRelated)
		}
	}
	if got := relatedMap(th, "zzzxq"); len(got) != 0 {
		t.Errorf("Related(unknown word) = %v, want nothing", got)
	}
}

func TestThesaurusRelatedOrder(t *testing.T) {
	th := NewThesaurus()
	prev := 2.0
	for w, c := range th.Related("defence") {
		if c > prev {
			t.Errorf("Related(defence) yields %q (%v) after a word of closeness %v", w, c, prev)
		}
		prev = c
	}
}

func TestThesaurusConcurrentLoad(t *testing.T) {
	th := NewThesaurus()
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			if len(relatedMap(th, "deploy")) == 0 {
				t.Error("Related(deploy) yields nothing")
			}
		})
	}
	wg.Wait()
}

// BenchmarkThesaurusLoad measures reading the table, which a process does
// once, on its first question:
//
//	go test -run '^$' -bench '^BenchmarkThesaurus' -benchmem ./data/
func BenchmarkThesaurusLoad(b *testing.B) {
	for b.Loop() {
		if err := NewThesaurus().Load(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkThesaurusRelated measures looking up a question's words.
func BenchmarkThesaurusRelated(b *testing.B) {
	th := NewThesaurus()
	if err := th.Load(); err != nil {
		b.Fatal(err)
	}
	words := []string{"pledged", "forces", "moscow", "defence", "deployment", "talks", "which", "zelenskyy"}
	for b.Loop() {
		for _, w := range words {
			for range th.Related(w) {
			}
		}
	}
}

// relatedPhraseMap collects what RelatedPhrase yields for words.
func relatedPhraseMap(th *Thesaurus, words ...string) map[string]float64 {
	m := map[string]float64{}
	for w, c := range th.RelatedPhrase(words...) {
		m[w] = c
	}
	return m
}

func TestThesaurusRelatedPhrase(t *testing.T) {
	th := NewThesaurus()
	tests := []struct {
		words   []string
		related string
		want    float64
	}{
		{[]string{"twenty", "four", "hours"}, "day", SynonymCloseness}, // twenty-four_hours, split at the hyphen
		{[]string{"leave", "out"}, "omit", SynonymCloseness},
		{[]string{"left", "out"}, "omit", SynonymCloseness},         // an irregular inflection of a phrase's word only
		{[]string{"chipped", "in"}, "contribute", SynonymCloseness}, // by the rules of detachment
		{[]string{"prime", "ministers"}, "premier", SynonymCloseness},
		{[]string{"put", "forward"}, "submit", SynonymCloseness},
	}
	for _, tt := range tests {
		got, ok := relatedPhraseMap(th, tt.words...)[tt.related]
		if !ok || got != tt.want {
			t.Errorf("RelatedPhrase(%q)[%q] = %v, %v; want %v", tt.words, tt.related, got, ok, tt.want)
		}
	}
	none := [][]string{
		{"out"},                   // one word
		{"left", "wing", "zzzxq"}, // not a phrase of the table
		{"new", "york"},           // a name, not ordinary words
		{"head", "of"},
	}
	for _, ws := range none {
		if got := relatedPhraseMap(th, ws...); len(got) != 0 {
			t.Errorf("RelatedPhrase(%q) = %v, want nothing", ws, got)
		}
	}
	if _, ok := relatedMap(th, "left")["omit"]; ok {
		t.Error(`Related("left") yields omit: "left" is a form of leave only in a phrase`)
	}
}

// BenchmarkThesaurusRelatedPhrase measures looking up a question's runs of
// two and three words, most of which the table does not hold:
//
//	go test -run '^$' -bench '^BenchmarkThesaurus' -benchmem ./data/
func BenchmarkThesaurusRelatedPhrase(b *testing.B) {
	th := NewThesaurus()
	if err := th.Load(); err != nil {
		b.Fatal(err)
	}
	words := []string{"which", "provision", "was", "left", "out", "of", "the", "closing", "joint", "statement", "within", "twenty", "four", "hours"}
	for b.Loop() {
		for i := range words {
			for n := 2; n <= 3 && i+n <= len(words); n++ {
				for range th.RelatedPhrase(words[i : i+n]...) {
				}
			}
		}
	}
}

// TestPhraseSpellingsBounded checks that words with several base forms each
// are spelt at most maxPhraseForms ways, the words as given first.
func TestPhraseSpellingsBounded(t *testing.T) {
	th := NewThesaurus()
	if err := th.Load(); err != nil {
		t.Fatal(err)
	}
	words := []string{"leaves", "saw", "lying", "axes", "leaves"}
	got := th.phraseSpellings(words)
	if len(got) == 0 || len(got) > maxPhraseForms {
		t.Fatalf("%d spellings of %q, want 1 to %d", len(got), words, maxPhraseForms)
	}
	if want := strings.Join(words, " "); got[0] != want {
		t.Errorf("first spelling %q, want %q", got[0], want)
	}
}

// TestCommonWordsFromWordNet checks that the ordinary words are SCOWL's and
// the ordinary words WordNet adds, never one WordNet writes as a name.
func TestCommonWordsFromWordNet(t *testing.T) {
	words, err := CommonWords()
	if err != nil {
		t.Fatal(err)
	}
	scowl, err := ScowlWords()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		word          string
		common, inSCO bool
	}{
		{"hesitant", true, true},
		{"headcount", true, false},   // WordNet's only
		{"peacekeeper", true, false}, // WordNet's only
		{"greenland", false, false},  // WordNet writes it as a name
		{"whitehall", false, false},
		{"orban", false, false},
	}
	for _, tt := range tests {
		if got := words[tt.word]; got != tt.common {
			t.Errorf("CommonWords()[%q] = %v, want %v", tt.word, got, tt.common)
		}
		if got := scowl[tt.word]; got != tt.inSCO {
			t.Errorf("ScowlWords()[%q] = %v, want %v", tt.word, got, tt.inSCO)
		}
	}
	if len(words) <= len(scowl) {
		t.Errorf("CommonWords has %d words, SCOWL %d: WordNet adds none", len(words), len(scowl))
	}
}

// TestProperAdjectives checks that the embedded list holds the adjectives
// WordNet writes capitalised, multiword ones with spaces, and no name.
func TestProperAdjectives(t *testing.T) {
	words, err := ProperAdjectives()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		word string
		want bool
	}{
		{"mediterranean", true},
		{"nordic", true},
		{"north american", true},
		{"greenland", false}, // a noun
		{"eastern", false},   // lower case in WordNet: an ordinary word
		{"orban", false},
	}
	for _, tt := range tests {
		if got := words[tt.word]; got != tt.want {
			t.Errorf("ProperAdjectives()[%q] = %v, want %v", tt.word, got, tt.want)
		}
	}
}
