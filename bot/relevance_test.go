package bot

import (
	"context"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/summitbot/summitbot/data"
	"github.com/summitbot/summitbot/retrieval"
)

func TestNamedWords(t *testing.T) {
	tests := []struct {
		q           string
		capitalised bool
		want        []string
	}{
		{"What did Viktor Orban say?", true, []string{"viktor", "orban"}},
		{"Did the US and NATO agree?", true, []string{"us", "nato"}},
		{"What happened on 6 January 2026?", true, []string{"6", "january", "2026"}},
		// A length of time is no name: "in a single day" may say it.
		{"how many times was Kharkiv hit in one 24-hour period?", true, []string{"kharkiv"}},
		{"What did the 30-day truce cover?", true, nil},
		{"What did the 30‑day truce cover?", true, nil}, // a non-breaking hyphen
		{"What did Carney post on X?", true, []string{"carney"}},
		{"the canadian pm posted on twitter/X, whats his name", true, nil},
		{"Zelensky's demands. What were they?", true, nil}, // sentence starts are not names
		// A quotation or a colon opens a sentence too.
		{"A caller typed: 'Forget every rule.' What did Rutte say?", true, []string{"rutte"}},
		{"Bottom line: Did Zelensky agree?", true, []string{"zelensky"}},
		{"what did merz say", true, nil},
		{"Is Türkiye’s role clear?", true, []string{"turkiye"}},
		{"Wie viele Soldaten schickt die NATO 2026?", false, []string{"nato", "2026"}}, // German nouns are capitalised
		// How many answers are asked for is no figure to find.
		{"which 2 countries refused troops?", true, nil},
		{"name 3 leaders who came", true, nil},
		{"which G7 countries sent envoys?", true, []string{"g7"}},
		// A one-digit count is spelt out by the articles ("two envoys");
		// a day of a month is written in digits.
		{"who were the 2 american envoys", true, nil},
		{"what legal deals will kyiv use (there were 2)", true, nil},
		{"What happened on January 9?", true, []string{"january", "9"}},
		{"What happened on 9 January?", true, []string{"9", "january"}},
		{"Were 12 countries there?", true, []string{"12"}},
		{"What did NATO/EU officials say?", true, []string{"nato", "eu"}},
	}
	for _, tt := range tests {
		checkWordSet(t, fmt.Sprintf("namedWords(%q)", tt.q), namedWords(tt.q, tt.capitalised), tt.want)
	}
}

// checkWordSet reports an error unless got holds exactly the words of want.
func checkWordSet(t *testing.T, call string, got map[string]bool, want []string) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s = %v, want %v", call, got, want)
		return
	}
	for _, w := range want {
		if !got[w] {
			t.Errorf("%s = %v, lacks %q", call, got, w)
		}
	}
}

// TestInitialNames: a word opening a sentence of the question is a name
// when the passages write it as one (capitalised inside a sentence, never in
// lower case), though the word list has it ("macron"); an ordinary word that
// opens a sentence is not, nor a word the passages lack.
func TestInitialNames(t *testing.T) {
	const passages = "Officials said Macron will host the talks. Leaders of the coalition met. " +
		"The leaders agreed. Earlier, the envoys arrived to meet Zelensky. Zelensky spoke with Macron's team. \"Kyiv is safe,\" an aide said."
	tests := []struct {
		q    string
		want []string
	}{
		{"Macron named two cities - which ones?", []string{"macron"}},
		{"Macron's envoy said what?", []string{"macron"}},
		{"Leaders said what about the force?", nil},                    // "leaders" in lower case too
		{"Earlier, who arrived?", nil},                                 // only ever opening a sentence
		{"Kyiv asked for what?", nil},                                  // only ever opening a quote
		{"Orban refused. Zelensky replied how?", []string{"zelensky"}}, // the passages lack Orban
		{"what did macron say", nil},                                   // not capitalised
	}
	for _, tt := range tests {
		got := map[string]bool{}
		initialNames(got, tt.q, passages)
		checkWordSet(t, fmt.Sprintf("initialNames(%q)", tt.q), got, tt.want)
	}
}

func TestMentioned(t *testing.T) {
	const passage = "Zelenskyy met Canada's prime minister and Ukrainian officials in Zaporizhzhia."
	idx := newIndex(t)
	// Orban is in the index, but not in the passage retrieved.
	doc := retrieval.Document{ID: "mentions", Title: "Mentions", Text: passage + "\n\nViktor Orban stayed away from the talks that were held in Paris this week."}
	if _, err := idx.Add(context.Background(), doc, false, nil); err != nil {
		t.Fatal(err)
	}
	retrieved := termSet(idx.Terms(passage))
	tests := []struct {
		word string
		want bool
	}{
		{"zelenskyy", true},
		{"zelensky", true},    // spelling variant
		{"zaporizhia", true},  // misspelling
		{"canadian", true},    // demonym
		{"ukraine", true},     // shared root
		{"orban", false},      // absent from the passage
		{"meloni", false},     // absent
		{"minister", true},    // exact
		{"ministers", true},   // stem
		{"can", false},        // too short to match loosely
		{"cana", false},       // too short to match loosely
		{"zelenograd", false}, // too far
	}
	for _, tt := range tests {
		stats, err := idx.QueryTerms(context.Background(), tt.word)
		if err != nil {
			t.Fatal(err)
		}
		got := len(stats) > 0 && mentioned(stats[0], retrieved) // a stop word has no term, and names nothing
		if got != tt.want {
			t.Errorf("mentioned(%q) = %v, want %v (%+v)", tt.word, got, tt.want, stats)
		}
	}
}

// A capital named in a question is mentioned by a passage naming its country
// (the thesaurus's place relation), not by one naming a synonym of a word.
func TestMentionedStands(t *testing.T) {
	const passage = "Italy will not send soldiers, the government in Italy said."
	idx, err := retrieval.Open(context.Background(), retrieval.Options{Embedder: retrieval.LocalEmbedder{}, Topic: testTopic, Thesaurus: data.NewThesaurus()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { idx.Close() })
	doc := retrieval.Document{ID: "italy", Title: "Italy", Text: passage + "\n\nPoland pledged money instead of troops for the force."}
	if _, err := idx.Add(context.Background(), doc, false, nil); err != nil {
		t.Fatal(err)
	}
	retrieved := termSet(idx.Terms(passage))
	tests := []struct {
		word string
		want bool
	}{
		{"rome", true},    // Italy's capital
		{"warsaw", false}, // Poland's, which the passage does not name
		{"madrid", false}, // a capital the index lacks the country of
	}
	for _, tt := range tests {
		stats, err := idx.QueryTerms(context.Background(), tt.word)
		if err != nil {
			t.Fatal(err)
		}
		got := len(stats) > 0 && mentioned(stats[0], retrieved)
		if got != tt.want {
			t.Errorf("mentioned(%q) = %v, want %v (%+v)", tt.word, got, tt.want, stats)
		}
	}
}

func TestIsCommon(t *testing.T) {
	words, err := commonWords()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		w    string
		want bool
	}{
		{"troops", true}, {"deployed", true}, {"isnt", true}, {"of", true},
		{"orban", false}, {"zelensky", false}, {"2025", false},
		{"twenty-four", true}, {"long-term", true}, {"zelensky-led", false},
		{"poland", false}, {"kushner", false},
		// Two listed words written as one are mostly places, not words.
		{"greenland", false}, {"springfield", false}, {"whitehall", false},
	}
	for _, tt := range tests {
		if got := isCommon(words, tt.w); got != tt.want {
			t.Errorf("isCommon(%q) = %v, want %v", tt.w, got, tt.want)
		}
	}
}

func TestMisspelt(t *testing.T) {
	words, err := commonWords()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		w    string
		want bool
	}{
		{"acording", true},   // a letter left out
		{"seperately", true}, // a letter changed
		{"soldeirs", true},   // two letters swapped
		{"deployyed", true},  // a letter added
		{"diplomqts", true},  // a letter changed
		// Names, short words, and words two edits away are not typos.
		{"zakharova", false}, {"kushner", false}, {"meloni", false}, {"barrot", false},
		{"acordinng", false}, {"zelensky", false}, {"rutte", false},
		// One edit from an ordinary word, but words or names the
		// vocabulary knows.
		{"chinese", false}, {"greenland", false}, {"whitehall", false},
	}
	vocab := data.NewWordVectors()
	any := func(string) bool { return true }
	none := func(string) bool { return false }
	// A typo of a word the articles do not use, but the vocabulary knows;
	// and a lower-case name one edit from such a word, read as a typo too.
	for _, w := range []string{"dispach", "apparantly", "starmer"} {
		if !misspelt(words, vocab, none, w) {
			t.Errorf("misspelt(%q) where the articles use no correction of it = false, want true", w)
		}
	}
	// A rarer word ("nausea") is as likely a name one edit away.
	if misspelt(words, vocab, none, "nauseda") {
		t.Errorf("misspelt(nauseda) = true, want false")
	}
	for _, tt := range tests {
		if isCommon(words, tt.w) {
			t.Fatalf("%q is in the word list: not a test of misspelt", tt.w)
		}
		if misspelt(words, nil, any, tt.w) {
			t.Errorf("misspelt(%q) without a vocabulary = true, want false", tt.w)
		}
		if got := misspelt(words, vocab, any, tt.w); got != tt.want {
			t.Errorf("misspelt(%q) = %v, want %v", tt.w, got, tt.want)
		}
		if tt.want && misspelt(words, nil, any, tt.w) {
			t.Errorf("misspelt(%q) without a vocabulary = true, want false", tt.w)
		}
	}
}

// A misspelt ordinary word ("acording", "dispach") is not a name the
// passages must mention, and the question is answered; a name the sources
// lack still is one, written in lower case or not.
func TestRelevanceOfTypos(t *testing.T) {
	idx := corpus(t)
	e := newEngine(t, idx, nil, Options{})
	tests := []struct {
		q           string
		wantMissing bool
	}{
		{"how many soldeirs will france send?", false},
		{"what does the declaraton say about the troops france will send?", false},
		// A typo of a word the articles never use, but an ordinary word.
		{"how many countries have apparantly pledged troops?", false},
		{"how many french soldiers is macron prepared to dispach", false},
		{"how many countries have pledged troops?", false},
		{"how many soldeirs will france send, acording to orbann?", true},
		{"how many countries has Barrot said will pledge troops?", true},
		{"how many troops will whitehall send?", true}, // a name the vocabulary knows
		// Two letters swapped in a name the index holds; a phrasal verb's
		// noun written as one word.
		{"what would germnay need before deploying its soldiers?", false},
		{"was the paris meetup on january 7?", false},
		// A name one swap from a spelling that is itself one step from
		// the spelling the retrieved passages write (Zelensky, Zelenskyy).
		{"Did Zelenksy get a clear answer on whether Western Europe would defend Ukraine if Russia attacked again?", false},
	}
	for _, tt := range tests {
		checkMissing(t, e, tt.q, tt.wantMissing)
	}
}

// checkMissing checks whether the relevance of question to the passages
// its search finds (6) reports a name the passages lack.
func checkMissing(t *testing.T, e *Engine, question string, want bool) {
	t.Helper()
	hits, err := e.idx.Search(context.Background(), question, retrieval.SearchOptions{K: 6})
	if err != nil {
		t.Fatal(err)
	}
	rel, err := e.relevance(context.Background(), question, detectLanguage(question), hits)
	if err != nil {
		t.Fatal(err)
	}
	if got := len(rel.missingKey) > 0; got != want {
		t.Errorf("relevance(%q): missing %v, want missing=%v", question, rel.missingKey, want)
	}
}

// A question in another language is not refused because its words are not
// English: only names the sources lack make it unanswerable.
func TestRelevanceOfForeignQuestions(t *testing.T) {
	idx := corpus(t)
	e := newEngine(t, idx, nil, Options{})
	tests := []struct {
		q           string
		wantMissing bool
	}{
		{"Combien de soldats la force multinationale pourrait-elle compter ?", false},
		{"Wie viele Soldaten will Frankreich in die Ukraine schicken?", false}, // German: capitalised nouns are not names
		{"what did orban say about the paris declaration?", true},
		// Thanks or please in another language is no name.
		{"who will take care of security on the black sea? grazie", false},
		{"which country will stop paying for ammunition? danke", false},
		{"names of the two american envoys bitte", false},
		{"what did belgium offer to send? dzięki", false},
		{"Qu'a dit Viktor Orban ?", true},
	}
	for _, tt := range tests {
		checkMissing(t, e, tt.q, tt.wantMissing)
	}
}

// The one not-found rule for answers: citing nothing is not found.
func TestGrounded(t *testing.T) {
	base := Answer{ID: "x", Mode: ModeLLM, Standalone: "q"}
	cites := []Citation{{N: 1, SourceID: "s"}}
	tests := []struct {
		name  string
		text  string
		cites []Citation
		want  Answer
	}{
		{"cited", "An answer [1].", cites, Answer{ID: "x", Mode: ModeLLM, Standalone: "q", Text: "An answer [1].", Found: true, Citations: cites}},
		{"nothing cited", "An answer.", nil, Answer{ID: "x", Mode: ModeLLM, Standalone: "q", Text: notFoundText(english)}},
		{"empty citation list", "An answer.", []Citation{}, Answer{ID: "x", Mode: ModeLLM, Standalone: "q", Text: notFoundText(english)}},
	}
	for _, tt := range tests {
		got := grounded(base, english, tt.text, tt.cites)
		if got.Text != tt.want.Text || got.Found != tt.want.Found || len(got.Citations) != len(tt.want.Citations) ||
			got.ID != tt.want.ID || got.Mode != tt.want.Mode || got.Standalone != tt.want.Standalone {
			t.Errorf("%s: grounded = %+v, want %+v", tt.name, got, tt.want)
		}
	}
	if got := notFound(Answer{Text: "x", Found: true, Citations: cites}, language{code: "fr"}); got.Found || got.Citations != nil || got.Text != notFoundText(language{code: "fr"}) {
		t.Errorf("notFound = %+v", got)
	}
}

// A capital standing for its government, where the country's name is an
// ordinary word (Turkey) and the articles write another spelling (Türkiye):
// the question is answered from the passage naming the country, not refused
// for naming a place no source mentions.
func TestCapitalForGovernment(t *testing.T) {
	askFound(t, []struct{ q, want string }{
		{"What did Ankara offer to do at sea?", "maritime security in the Black Sea"},
		{"What did Prague decide about funding ammunition for Ukraine?", "Czech government"},
	})
}

// A question worded otherwise than the articles is answered when the
// thesaurus relates its words to theirs (naval safety, maritime security),
// and a spelled-out number made of ordinary words is no name the sources
// lack.
func TestParaphrasedTypedQuestions(t *testing.T) {
	askFound(t, []struct{ q, want string }{
		{"Which government takes charge of naval safety in the Black Sea?", "Türkiye would be responsible for maritime security"},
		{"How many strikes did Zaporizhia endure in twenty-four hours?", "856 attacks"},
		{"How many American emissaries attended in person?", "two U.S. envoys attending in person"},
	})
}

// A capitalised word describing a thing the sources name otherwise ("the
// White House emissary" for a U.S. envoy) is no name they must mention when
// the rest of the question is covered, and a contingent is counted in troops.
func TestDescribedQuestions(t *testing.T) {
	askFound(t, []struct{ q, want string }{
		{"How did the White House emissary describe American backing for the guarantees?", "strongly stands behind"},
		{"How large could the peacekeeping contingent become?", "15,000 to 20,000"},
	})
}

// A description is no licence to answer about something the sources lack:
// with a word the list lacks, with few other words covered, or partly
// mentioned, it is a name they must mention.
func TestDescriptionsOfAbsentThings(t *testing.T) {
	ctx := context.Background()
	e := newEngine(t, thesaurusCorpus(t), nil, Options{})
	for _, q := range []string{
		"What did the Japanese delegation propose?",
		"What did the Pentagon chief say about the force?",
		"What did the Pentagon chief say about the ceasefire monitoring protocols?",
		"What did the Senate leader say about the security guarantees for Ukraine?",
		"What did the Treasury secretary say about the multinational force in Ukraine?",
		"what did greenland say about the security guarantees for ukraine?",
		"how many troops will whitehall send to ukraine?",
		"What did the Senate committee say about the guarantees?",
		"What did the Security Council resolution say?",
		"Which Chinese officials attended the Paris summit?",
	} {
		a, err := e.Ask(ctx, Question{Text: q}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if a.Found {
			t.Errorf("Ask(%q) = found, %q; want not found", q, a.Text)
		}
	}
}

// TestAskedDescriptions checks which capitalised words after "which" or
// "what" describe what is asked for rather than name something.
func TestAskedDescriptions(t *testing.T) {
	words, err := commonWords()
	if err != nil {
		t.Fatal(err)
	}
	adjectives, err := properAdjectives()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		q    string
		want string // each description's words
	}{
		{"Which Mediterranean country's premier ruled out troops?", "mediterranean"},
		{"Which North American head of government thanked Macron?", "north american"},
		{"what Nordic leader pledged jets, and which Baltic state?", "nordic; baltic"},
		{"which nordic country would rather send jets?", "nordic"}, // typed in lower case
		{"which north american leader thanked macron?", "north american"},
		{"Which French minister spoke?", ""},           // a country's adjective says whose
		{"Which Biden adviser attended?", ""},          // a name
		{"Which Mediterranean?", ""},                   // no noun follows
		{"Who did the Mediterranean states send?", ""}, // not after "which" or "what"
	}
	for _, tt := range tests {
		var got []string
		for _, d := range askedDescriptions(tt.q, words, adjectives) {
			got = append(got, strings.Join(d.words, " "))
		}
		if g := strings.Join(got, "; "); g != tt.want {
			t.Errorf("askedDescriptions(%q) = %q, want %q", tt.q, g, tt.want)
		}
	}
}

func TestDescriptionWords(t *testing.T) {
	words, err := commonWords()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		q    string
		want string // each description's words, then its noun
	}{
		{"How did the White House emissary describe it?", "white house: emissary"},
		{"What did the White House's envoy say?", "white house: envoy"},
		{"What did the Foreign Office spokeswoman say, and what did the Senate committee say?", "foreign office: spokeswoman"}, // one word names an institution
		{"What did the Pentagon chief say about the ceasefire monitoring protocols?", ""},
		{"According to the head of the Atlantic alliance, what would it mean?", ""}, // not an ordinary word
		{"What did the Japanese delegation propose?", ""},
		{"Which Chinese officials attended the Paris summit?", ""}, // no "the": it says which
		{"What did the China envoy say?", ""},                      // a country says whose
		{"What does the Kremlin accuse the West of?", ""},
		{"What did they say at the White House, and why?", ""}, // no noun follows
		{"What did the NATO chief say?", ""},                   // an acronym is a name
	}
	for _, tt := range tests {
		var got []string
		for _, d := range descriptionWords(tt.q, words) {
			got = append(got, strings.Join(d.words, " ")+": "+d.noun)
		}
		if g := strings.Join(got, "; "); g != tt.want {
			t.Errorf("descriptionWords(%q) = %q, want %q", tt.q, g, tt.want)
		}
	}
}

// The unit a quantity is asked in stands for its synonyms, not for its
// neighbours.
func TestUnitOrSynonyms(t *testing.T) {
	rel := relevanceInfo{terms: map[string]termInfo{
		"emissari": {related: map[string]float64{"envoy": 0.6, "repres": 0.3}},
	}}
	tests := []struct {
		unit map[string]bool
		want []string
	}{
		{map[string]bool{"emissari": true}, []string{"emissari", "envoy"}},
		{map[string]bool{"troop": true}, []string{"troop"}},
		{nil, nil},
	}
	for _, tt := range tests {
		got := slices.Sorted(maps.Keys(rel.unitOrSynonyms(tt.unit)))
		if !slices.Equal(got, tt.want) {
			t.Errorf("unitOrSynonyms(%v) = %v, want %v", tt.unit, got, tt.want)
		}
	}
	if unit := map[string]bool{"emissari": true}; len(rel.unitOrSynonyms(unit)) != 2 || len(unit) != 1 {
		t.Errorf("unitOrSynonyms changed the unit it was given: %v", unit)
	}
}

// askFound asks each question of an engine over the built-in articles, with
// the thesaurus, and wants it found, its answer holding want.
func askFound(t *testing.T, tests []struct{ q, want string }) {
	t.Helper()
	ctx := context.Background()
	e := newEngine(t, thesaurusCorpus(t), nil, Options{})
	for _, tt := range tests {
		ans, err := e.Ask(ctx, Question{Text: tt.q}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if !ans.Found || !strings.Contains(ans.Text, tt.want) {
			t.Errorf("Ask(%q) = found %v, %q; want found, with %q", tt.q, ans.Found, ans.Text, tt.want)
		}
	}
}

func TestIsCommonBritishSpellings(t *testing.T) {
	words := map[string]bool{"favor": true, "defense": true, "center": true, "organize": true, "catalog": true, "labor": true}
	tests := []struct {
		w    string
		want bool
	}{
		{"favour", true},
		{"favours", true},
		{"defence", true},
		{"centre", true},
		{"organise", true},
		{"organised", true},
		{"catalogue", true},
		{"labour", true},
		{"zelenskyy", false},
		{"tour", false}, // "tor" is not in the list: no false match
	}
	for _, tt := range tests {
		if got := isCommon(words, tt.w); got != tt.want {
			t.Errorf("isCommon(%q) = %v, want %v", tt.w, got, tt.want)
		}
	}
}

// BenchmarkMisspelt measures reading one unknown word as a typo or not (the
// vocabulary loaded before the timing): a typo found, and a name that is
// none, whose every edit is tried.
//
//	go test ./bot -run '^$' -bench BenchmarkMisspelt -benchmem -count 3
func BenchmarkMisspelt(b *testing.B) {
	words, err := commonWords()
	if err != nil {
		b.Fatal(err)
	}
	vocab := testVocabulary()
	vocab.ID("warm") // reads the table
	for _, w := range []string{"acording", "zakharova"} {
		b.Run(w, func(b *testing.B) {
			for b.Loop() {
				misspelt(words, vocab, func(string) bool { return true }, w)
			}
		})
	}
}

func TestNearAny(t *testing.T) {
	tests := []struct {
		word, sentence string
		vocab          Vocabulary
		want           bool
	}{
		{"naval", "Türkiye would be responsible for maritime security in the Black Sea.", testVocabulary(), true}, // maritime 0.649
		// "Sea" is a name (capitalised), not a word near "waters" (0.80).
		{"waters", "Türkiye would be responsible for maritime security in the Black Sea.", testVocabulary(), false},
		{"waters", "The ships stay in the sea off the coast.", testVocabulary(), true},
		// "would" is a stop word (0.70 from "plan"); "outlined" is 0.60.
		{"plan", "Allies would meet again.", testVocabulary(), false},
		{"plan", "Allies outlined a framework.", testVocabulary(), true},
		{"tourism", "Türkiye would be responsible for maritime security.", testVocabulary(), false}, // 0.46
		{"qwxzv", "Türkiye would be responsible for maritime security.", testVocabulary(), false},   // no vector
		{"", "Türkiye would be responsible for maritime security.", testVocabulary(), false},
		{"naval", "Türkiye would be responsible for maritime security.", nil, false},
	}
	for _, tt := range tests {
		r := relevanceInfo{vocab: tt.vocab}
		if got := r.nearAny(tt.word, tokenize(tt.sentence)); got != tt.want {
			t.Errorf("nearAny(%q, %q) = %v, want %v", tt.word, tt.sentence, got, tt.want)
		}
	}
}

func TestNearJointly(t *testing.T) {
	const maritime = "Türkiye would be responsible for maritime security in the Black Sea."
	tests := []struct {
		words    []string
		sentence string
		want     bool
	}{
		// "maritime" is 0.544 from "waters" and 0.508 from "patrol".
		{[]string{"patrol", "waters"}, maritime, true},
		{[]string{"tipped", "patrol", "waters"}, maritime, true},
		// One word that near is not enough: nearAny's gate is higher.
		{[]string{"waters"}, maritime, false},
		{[]string{"tipped", "waters"}, maritime, false},
		// Near two words, but by different words of the sentence.
		{[]string{"reject", "plan"}, "Carney thanked the coalition of the willing today.", false},
		{[]string{"patrol", "qwxzv"}, maritime, false},
	}
	for _, tt := range tests {
		r := relevanceInfo{vocab: testVocabulary()}
		if got := r.nearJointly(tt.words, tokenize(tt.sentence)); got != tt.want {
			t.Errorf("nearJointly(%q, %q) = %v, want %v", tt.words, tt.sentence, got, tt.want)
		}
	}
	if (relevanceInfo{}).nearJointly([]string{"patrol", "waters"}, tokenize(maritime)) {
		t.Error("nearJointly without word vectors = true, want false")
	}
}

func TestDeniedNear(t *testing.T) {
	tests := []struct {
		sentence string
		subject  []string // folded words of the question, matched as written
		names    []string // those of them that are names
		want     bool
	}{
		{"Italy’s Prime Minister Giorgia Meloni has ruled out deploying Italian troops under MNF‑U.", []string{"meloni", "troops"}, []string{"meloni"}, true},
		{"Croatia and the Czech Republic refused to send troops.", []string{"croatia", "troops"}, []string{"croatia"}, true},
		{"While Washington is not expected to deploy troops on the ground, the text says more.", []string{"washington", "troops"}, []string{"washington"}, true},
		{"The U.S. is ready to lead verification efforts without sending American soldiers into Ukraine.", []string{"soldiers"}, nil, true},
		// The denial is someone else's: a turn to others comes between.
		{"Some countries, like Italy, have already said they will not send ground troops, while others, including Germany, stress approval.", []string{"germany", "troops"}, []string{"germany"}, false},
		// No denial, or one of something else, or too far from what is asked.
		{"France could send several thousand troops.", []string{"france", "troops"}, []string{"france"}, false},
		{"Meloni refused to comment, and later said troops might follow.", []string{"meloni", "troops"}, []string{"meloni"}, false},
		{"Meloni rejected the idea of talks about the long-term future of the troops.", []string{"meloni", "troops"}, []string{"meloni"}, false},
		// Not a denial of sending: negated, another verb, another sense.
		{"Portugal would not rule out sending troops.", []string{"portugal", "troops"}, []string{"portugal"}, false},
		{"Portugal has not ruled out deploying troops.", []string{"portugal", "troops"}, []string{"portugal"}, false},
		{"Portugal has no plans to withdraw its troops.", []string{"portugal", "troops"}, []string{"portugal"}, false},
		{"Portugal refused to comment on troops.", []string{"portugal", "troops"}, []string{"portugal"}, false},
		{"Portugal wouldn't hesitate to send troops.", []string{"portugal", "troops"}, []string{"portugal"}, false},
	}
	for _, tt := range tests {
		toks := tokenize(tt.sentence)
		subject, names := map[int]bool{}, map[int]bool{}
		for k, tok := range toks {
			if slices.Contains(tt.subject, tok.fold) {
				subject[k] = true
			}
			if slices.Contains(tt.names, tok.fold) {
				names[k] = true
			}
		}
		if got := deniedNear(toks, subject, names, len(tt.names) > 0); got != tt.want {
			t.Errorf("deniedNear(%q) = %v, want %v", tt.sentence, got, tt.want)
		}
	}
}

func TestParticleCompound(t *testing.T) {
	words, err := commonWords()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		w    string
		want bool
	}{
		{"meetup", true}, {"signup", true},
		{"barrot", false}, {"starmer", false}, {"lammy", false}, {"kushner", false},
		// Names (and words) the vocabulary knows, written so.
		{"ashdown", false}, {"andover", false}, {"gallup", false}, {"passover", false},
		{"upup", false}, // a head of fewer than 3 letters
	} {
		if isCommon(words, tt.w) {
			t.Fatalf("%q is in the word list: not a test of particleCompound", tt.w)
		}
		if got := particleCompound(words, testVocabulary(), tt.w); got != tt.want {
			t.Errorf("particleCompound(%q) = %v, want %v", tt.w, got, tt.want)
		}
	}
}

func TestCountsNamed(t *testing.T) {
	quantity := askedType{kind: kindQuantity}
	tests := []struct {
		typ      askedType
		sentence string
		nameHere bool
		want     bool
	}{
		{quantity, "Washington will send 2,000 troops.", true, true},
		{quantity, "At least 20 nations have pledged to deploy troops on land, at sea or in the air, he said.", false, true},
		{quantity, "They will send 2,000 troops.", false, true},
		// A neighbour names the name; this sentence counts another's.
		{quantity, "Several thousand French troops could be deployed.", false, false},
		{quantity, "Several thousand Dutch troops would be deployed, he said.", false, false},
		// Other kinds of question are not counts.
		{askedType{kind: kindDate}, "Several thousand French troops could be deployed in May.", false, true},
	}
	for _, tt := range tests {
		s := scored{candidate: &candidate{quote: quote{text: tt.sentence}, toks: tokenize(tt.sentence)}, nameHere: tt.nameHere}
		if got := countsNamed(tt.typ, s); got != tt.want {
			t.Errorf("countsNamed(%q, here=%v) = %v, want %v", tt.sentence, tt.nameHere, got, tt.want)
		}
	}
}

// A name-like word for a thing commonly counted ("UAVs") is mentioned by
// another word of its group ("drones"); other words are not.
func TestUnitMentioned(t *testing.T) {
	stems := func() map[string]bool { return map[string]bool{"drone": true, "attack": true, "ukrain": true} }
	for _, tt := range []struct {
		stem string
		want bool
	}{
		{"uav", true},
		{"strike", true},
		{"soldier", false},
		{"kharkiv", false},
	} {
		if got := unitMentioned(tt.stem, stems); got != tt.want {
			t.Errorf("unitMentioned(%q) = %v, want %v", tt.stem, got, tt.want)
		}
	}
}

// fakeAcronyms is an acronym table of two entries.
type fakeAcronyms map[string][]string

func (f fakeAcronyms) Expansions(acronym string) [][]string {
	if e, ok := f[acronym]; ok {
		return [][]string{e}
	}
	return nil
}

// Ordinary reads no acronym as ordinary.
func (f fakeAcronyms) Ordinary(string) bool { return false }

func (f fakeAcronyms) Holding(word string) []string {
	var out []string
	for a, e := range f {
		if slices.Contains(e, word) {
			out = append(out, a)
		}
	}
	slices.Sort(out)
	return out
}

func TestAcronymMentioned(t *testing.T) {
	acr := fakeAcronyms{
		"nato": {"north", "atlantic", "treaty", "organization"},
		"un":   {"united", "nations"},
		"usa":  {"united", "states", "army"},
		"uae":  {"united", "arab", "emirates"},
		"usaf": {"united", "states", "air", "force"},
	}
	tests := []struct {
		question string
		word     string
		text     string   // the passages' folded words
		caps     []string // their words in capitals
		wantAcr  string
		want     bool
	}{
		// The passages write NATO: a distinctive word of its name before
		// a noun naming an organisation, or the whole name, is mentioned.
		{"What did the head of the Atlantic alliance say?", "atlantic", "", []string{"nato"}, "nato", true},
		{"What did the North Atlantic Treaty Organization say?", "north", "", []string{"nato"}, "nato", true},
		// The ocean, another body or a word alone is not NATO.
		{"Will the coalition patrol the Atlantic?", "atlantic", "", []string{"nato"}, "", false},
		{"What did the Atlantic Council say?", "atlantic", "", []string{"nato"}, "", false},
		{"What did the Treaty say about troops?", "treaty", "", []string{"nato"}, "", false},
		// A word of many expansions ("United") needs the whole expansion.
		{"What did the United Kingdom say?", "united", "", []string{"un", "usa", "uae"}, "", false},
		{"What did the United Nations say?", "united", "", []string{"un"}, "un", true},
		// The question writes the acronym, the passages the words, as a
		// phrase: not "united states" here and "air force" there.
		{"What did NATO say?", "nato", "the north atlantic treaty organization met", nil, "", true},
		{"Will the USAF support the force?", "usaf", "the united states will support the force by air", nil, "", false},
		// Nothing to go on.
		{"What did the Atlantic alliance say?", "atlantic", "", nil, "", false},
	}
	for _, tt := range tests {
		text := func() string { return " " + tt.text + " " }
		caps := func() map[string]bool { return termSet(tt.caps) }
		words := termSet(retrieval.Words(retrieval.Fold(tt.question)))
		gotAcr, got := acronymMentioned(acr, tt.word, words, nameRuns(tt.question)[tt.word], text, caps)
		if got != tt.want || gotAcr != tt.wantAcr {
			t.Errorf("%q, %q: got %q, %v, want %q, %v", tt.question, tt.word, gotAcr, got, tt.wantAcr, tt.want)
		}
	}
}

func TestNameRuns(t *testing.T) {
	got := nameRuns("What did the North Atlantic Treaty Organization say about the pacific council, the Atlantic alliance and Kyiv's army?")
	tests := []struct {
		word string
		want []string
		next string
	}{
		{"atlantic", []string{"north", "atlantic", "treaty", "organization"}, "say"}, // the first run of a word
		{"council", []string{"pacific", "council"}, ""},
		{"kyiv", []string{"kyiv"}, ""}, // a possessive ends the name
		{"army", []string{"army"}, ""},
	}
	for _, tt := range tests {
		if !slices.Equal(got[tt.word].words, tt.want) || got[tt.word].next != tt.next {
			t.Errorf("run of %q = %+v, want %q then %q", tt.word, got[tt.word], tt.want, tt.next)
		}
	}
}

// The lower-case ordinary part of a hyphenated name is read on its own; an
// all lower-case word and a capitalised part are not split off.
func TestOrdinaryPart(t *testing.T) {
	common := map[string]bool{"era": true, "back": true, "full": true, "scale": true}
	tests := []struct {
		surface, term, want string
	}{
		{"NATO-era", "era", "era"},
		{"NATO‑era", "era", "era"}, // a non-breaking hyphen
		{"Kremlin-backed", "back", "backed"},
		{"NATO-era", "nato", ""},
		{"full-scale", "scale", ""},
		{"MNF-U", "u", ""},
	}
	for _, tt := range tests {
		if got := ordinaryPart(tt.surface, tt.term, common); got != tt.want {
			t.Errorf("ordinaryPart(%q, %q) = %q, want %q", tt.surface, tt.term, got, tt.want)
		}
	}
}

// A question's adverb made of an ordinary adjective ("officially") stands for
// itself or the adjective in a sentence, not for a noun its stem shares
// ("officials"); other words keep matching their stem's every form.
func TestAdverbMatches(t *testing.T) {
	idx := corpus(t)
	e := newEngine(t, idx, nil, Options{})
	question := "What is the force in the declaration officially called?"
	hits, err := idx.Search(context.Background(), question, retrieval.SearchOptions{K: 6})
	if err != nil {
		t.Fatal(err)
	}
	rel, err := e.relevance(context.Background(), question, detectLanguage(question), hits)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		stem, word string
		want       bool
	}{
		{"offici", "officially", true},
		{"offici", "official", true},
		{"offici", "officials", false},
		{"offici", "Officials", false},
		{"forc", "forces", true},
		{"declar", "declared", true},
	}
	for _, tt := range tests {
		tok := tokenize(tt.word)[0]
		if got := rel.matches(tt.stem, tok); got != tt.want {
			t.Errorf("matches(%q, %q) = %v, want %v", tt.stem, tt.word, got, tt.want)
		}
	}
}

func TestAdverbOfAdjective(t *testing.T) {
	words, err := commonWords()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		word string
		want bool
	}{
		{"officially", true},
		{"finally", true},
		{"generally", true},
		{"early", false},  // "ear" is no adjective of it
		{"family", false}, // no "-ly" adverb
		{"supply", false},
		{"official", false},
	}
	for _, tt := range tests {
		if got := adverbOfAdjective(words, tt.word); got != tt.want {
			t.Errorf("adverbOfAdjective(%q) = %v, want %v", tt.word, got, tt.want)
		}
	}
}

// An approximator ("roughly", "approximately") says how exact an amount
// may be, not what it is of: it does not lower how well passages cover the
// question.
func TestRelevanceOfApproximators(t *testing.T) {
	idx := corpus(t)
	e := newEngine(t, idx, nil, Options{})
	exact := "how many leaders or delegations turned up for the summit?"
	hits, err := idx.Search(context.Background(), exact, retrieval.SearchOptions{K: 10})
	if err != nil {
		t.Fatal(err)
	}
	want, err := e.relevance(context.Background(), exact, english, hits)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"Roughly " + exact, "approximately " + exact} {
		got, err := e.relevance(context.Background(), q, english, hits)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(got.coverage-want.coverage) > 1e-9 {
			t.Errorf("relevance(%q): coverage %.3f, want %.3f as without the approximator", q, got.coverage, want.coverage)
		}
	}
}

// An abbreviation of an ordinary thing ("TV", "HQ") is no name the sources
// must write, unless they cover the rest of the question badly too (the
// GDP of Ukraine); without the acronym table it is one.
func TestRelevanceOfOrdinaryAbbreviations(t *testing.T) {
	idx := corpus(t)
	e := newEngine(t, idx, nil, Options{Acronyms: data.NewAcronyms()})
	tests := []struct {
		q           string
		wantMissing bool
	}{
		{"Which British TV news channel got to see the draft papers before the summit?", false},
		{"In which city will the multinational force have its HQ, and where its coordination centre?", false},
		{"What is the GDP of Ukraine in 2025?", true},
		{"What did the NGO say?", true},
	}
	for _, tt := range tests {
		checkMissing(t, e, tt.q, tt.wantMissing)
	}
	checkMissing(t, newEngine(t, idx, nil, Options{}), tests[0].q, true)
}

func TestOrdinaryAbbreviationsOfQuestion(t *testing.T) {
	tests := []struct {
		q    string
		want []string
	}{
		{"Which TV channel saw the drafts?", []string{"tv"}},
		{"How many NGOs and TVs?", []string{"ngos", "tvs"}},
		{"What did the tv channel and NATO say?", nil}, // lower case, or a name
	}
	for _, tt := range tests {
		got := slices.Sorted(maps.Keys(ordinaryAbbreviations(data.NewAcronyms(), tt.q)))
		if !slices.Equal(got, tt.want) {
			t.Errorf("ordinaryAbbreviations(%q) = %v, want %v", tt.q, got, tt.want)
		}
	}
	if got := ordinaryAbbreviations(nil, "Which TV channel?"); got != nil {
		t.Errorf("without acronyms: %v, want none", got)
	}
}

func TestCountedForOther(t *testing.T) {
	tests := []struct {
		sentence string
		count    string // the counted word
		names    []string
		want     bool
	}{
		{"Macron has said France could send thousands of troops, while the UK has begun allocating funds.", "thousands", []string{"uk"}, true},
		{"Macron has said France could send thousands of troops, while the UK has begun allocating funds.", "thousands", []string{"franc"}, false},
		// One part: the count is the sentence's, whoever it names.
		{"The UK and France could send thousands of troops.", "thousands", []string{"uk"}, false},
		// A part naming no one is no turn to someone else.
		{"The UK could send thousands of troops, but only after a ceasefire.", "thousands", []string{"uk"}, false},
	}
	for _, tt := range tests {
		toks := tokenize(tt.sentence)
		k := slices.IndexFunc(toks, func(t token) bool { return t.fold == tt.count })
		names := map[int]bool{}
		for i, t := range toks {
			names[i] = slices.Contains(tt.names, t.stem)
		}
		if got := countedForOther(toks, span{k, k + 1}, names); got != tt.want {
			t.Errorf("countedForOther(%q, %q, %v) = %v, want %v", tt.sentence, tt.count, tt.names, got, tt.want)
		}
	}
}

// A question word that only articles on other subjects hold ("coast",
// "southern" with the distractors loaded) weighs less in the shares an
// answer chooses its sentences by, so that they do not make the summit's
// sentences look less relevant; the reordering weighs it whole.
func TestUnheldWordsWeighLess(t *testing.T) {
	ctx := context.Background()
	idx := distractorCorpus(t)
	e := newEngine(t, idx, nil, Options{})
	q := "which country would be responsible for keeping the waters off ukraine's southern coast safe?"
	hits, err := e.idx.Search(ctx, q, retrieval.SearchOptions{K: 10})
	if err != nil {
		t.Fatal(err)
	}
	rel, err := e.relevance(ctx, q, english, hits)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		stem       string
		wantUnheld bool
	}{
		{"coast", true},
		{"respons", false},
	} {
		if got := rel.terms[tt.stem].unheld; got != tt.wantUnheld {
			t.Errorf("%q unheld = %v, want %v (retrieved %d passages)", tt.stem, got, tt.wantUnheld, len(hits))
		}
	}
	const sentence = "Türkiye would be responsible for maritime security in the Black Sea;"
	share := func(rel relevanceInfo) float64 {
		p := questionPart{text: q, typ: classify(q, english, e.opts.Inflections)}
		for _, s := range rankSentences(p, candidates(hits, nil), rel, lexicon{}, english) {
			if s.text == sentence {
				return s.share
			}
		}
		t.Fatalf("%q is not ranked", sentence)
		return 0
	}
	whole := share(rel)
	rel.discountUnheld = true
	discounted := share(rel)
	if discounted <= whole {
		t.Errorf("share of %q = %.2f discounting unheld words, %.2f not: want more", sentence, discounted, whole)
	}
}

// A "why" question that denies its premise itself asks about the denial:
// a sentence denying it is no answer to a false premise there.
func TestNegatedQuestions(t *testing.T) {
	tests := []struct {
		q    string
		want bool
	}{
		{"why won't Italy send troops?", true},
		{"why did Croatia refuse to send soldiers?", true},
		{"why is the US not sending troops", true},
		{"why did the Czechs rule out deploying troops?", true},
		{"why is the US sending its own ground troops to Ukraine?", false},
		{"why did trump agree to send 10k troops?", false},
		{"why did Britain pledge £3 billion a year?", false},
	}
	for _, tt := range tests {
		if got := negatedRe.MatchString(tt.q); got != tt.want {
			t.Errorf("negatedRe.MatchString(%q) = %v, want %v", tt.q, got, tt.want)
		}
	}
}

// TestDescriptionJudgedByBetterCoverage checks that a description is judged
// by the better of two coverages: passages reordered to answer the question
// may cover its words less than the search's did, and the description is
// then no name they lack.
func TestDescriptionJudgedByBetterCoverage(t *testing.T) {
	idx := corpus(t)
	e := newEngine(t, idx, nil, Options{})
	ctx := context.Background()
	q := "Which Mediterranean country's premier said her soldiers would stay out of the post-truce contingent?"
	hits, err := idx.Search(ctx, q, retrieval.SearchOptions{K: 10})
	if err != nil {
		t.Fatal(err)
	}
	poor := hits[3:8] // passages covering it less than the search's first three
	for _, tt := range []struct {
		covered     float64
		wantMissing bool
	}{{0, true}, {0.9, false}} {
		rel, err := e.relevanceCovered(ctx, q, english, poor, tt.covered)
		if err != nil {
			t.Fatal(err)
		}
		if rel.coverage >= minDescribedCoverage {
			t.Fatalf("coverage of the last passages = %.2f, want below %.2f for the test to mean anything", rel.coverage, minDescribedCoverage)
		}
		if got := slices.Contains(rel.missingKey, "Mediterranean"); got != tt.wantMissing {
			t.Errorf("covered %.1f: Mediterranean missing = %v (%v), want %v", tt.covered, got, rel.missingKey, tt.wantMissing)
		}
	}
}
