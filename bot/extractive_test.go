package bot

import (
	"context"
	"errors"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/summitbot/summitbot/data"
	"github.com/summitbot/summitbot/retrieval"
)

func TestExtractiveAnswers(t *testing.T) {
	idx := corpus(t)
	e := newEngine(t, idx, nil, Options{})
	if e.Mode() != ModeExtractive {
		t.Fatalf("Mode = %q, want extractive without a model", e.Mode())
	}
	tests := []struct {
		question string
		wantAny  []string // the answer contains one of these
		source   string   // a source the answer must cite
	}{
		{troopsQuestion, []string{"15,000", "20,000"}, "allies-redraw-ukraine-security-future"},
		{"How many troops will France send?", []string{"several thousand", "thousands"}, ""},
		{"What is Türkiye's role?", []string{"maritime security", "Black Sea"}, ""},
		{"Which leader ruled out deploying Italian troops?", []string{"Meloni"}, "paris-declaration-multinational-force-ukraine"},
		// Counting countries asks no money, though "contribute" may.
		{"how many countries have signed up to contribute soldiers, ships or planes?", []string{"20 nations"}, ""},
		// "Jan 6" is the date the sources write "January 6", not a name.
		{"which broadcaster saw the draft texts on Jan 6?", []string{"Sky News"}, "allies-redraw-ukraine-security-future"},
	}
	for _, tt := range tests {
		t.Run(tt.question, func(t *testing.T) {
			a, err := e.Ask(context.Background(), Question{Text: tt.question}, nil)
			if err != nil {
				t.Fatal(err)
			}
			if !a.Found || a.Mode != ModeExtractive || a.ID == "" {
				t.Fatalf("answer = %+v, want found in extractive mode", a)
			}
			if !containsAny(a.Text, tt.wantAny) {
				t.Errorf("answer lacks any of %q:\n%s", tt.wantAny, a.Text)
			}
			if !strings.HasPrefix(a.Text, "From the loaded sources:\n- ") {
				t.Errorf("answer is not a list of quotes:\n%s", a.Text)
			}
			if n := checkBulletsQuoted(t, idx, a); n < 1 || n > maxExtractSentences {
				t.Errorf("%d quoted sentences, want 1..%d", n, maxExtractSentences)
			}
			checkGrounded(t, idx, a)
			if tt.source != "" && !cites(a, tt.source) {
				t.Errorf("answer does not cite %s: %+v", tt.source, a.Citations)
			}
		})
	}
}

func containsAny(s string, subs []string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

func cites(a Answer, sourceID string) bool {
	for _, c := range a.Citations {
		if c.SourceID == sourceID {
			return true
		}
	}
	return false
}

func TestExtractiveTroopNumbersComeFirst(t *testing.T) {
	a, err := newEngine(t, corpus(t), nil, Options{}).Ask(context.Background(), Question{Text: troopsQuestion}, nil)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(a.Text, "\n")
	if len(lines) < 2 || !strings.Contains(lines[1], "15,000 to 20,000 troops") {
		t.Errorf("the first quoted sentence does not give the numbers:\n%s", a.Text)
	}
}

func TestExtractiveNotFound(t *testing.T) {
	e := newEngine(t, corpus(t), nil, Options{})
	for _, q := range []string{
		"What is the GDP of Ukraine in 2025?",
		"which chinese officials attended?",
		"What did Viktor Orban say?",
		"what did ursula von der leyen say at the summit",
		"Who won the 2022 World Cup?",
	} {
		t.Run(q, func(t *testing.T) {
			a, err := e.Ask(context.Background(), Question{Text: q}, nil)
			if err != nil {
				t.Fatal(err)
			}
			if a.Found || len(a.Citations) != 0 || a.Text != notFoundText(english) || a.Mode != ModeExtractive {
				t.Errorf("answer = %+v, want not found", a)
			}
		})
	}
}

func TestExtractiveFollowUpBorrowsPreviousQuestion(t *testing.T) {
	idx := corpus(t)
	e := newEngine(t, idx, nil, Options{})
	first := "How many troops will France send?"
	a, err := e.Ask(context.Background(), Question{Text: "and Germany?", History: []Turn{{Question: first, Answer: "Several thousand [1]."}}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := first + " and Germany?"; a.Standalone != want {
		t.Errorf("Standalone = %q, want %q", a.Standalone, want)
	}
	// The articles give no number of German troops: the answer says so,
	// quoting what they say of Germany.
	if !strings.Contains(a.Text, "German") || len(a.Citations) == 0 {
		t.Errorf("answer does not quote what the sources say of Germany:\n%s", a.Text)
	}
	checkGrounded(t, idx, a)
	checkBulletsQuoted(t, idx, a)

	// A question that stands on its own is not rewritten.
	b, err := e.Ask(context.Background(), Question{Text: "What did Germany say about sending troops to Ukraine?", History: []Turn{{Question: first}}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if b.Standalone != "What did Germany say about sending troops to Ukraine?" {
		t.Errorf("Standalone = %q, want the question unchanged", b.Standalone)
	}
}

func TestAskRejectsBadQuestions(t *testing.T) {
	e := newEngine(t, corpus(t), nil, Options{})
	tests := []struct {
		name string
		text string
		want error
	}{
		{"empty", "", ErrEmptyQuestion},
		{"blank", " \n\t ", ErrEmptyQuestion},
		{"2,001 characters", strings.Repeat("a", MaxQuestionLen+1), ErrQuestionTooLong},
		{"2,001 characters of two bytes", strings.Repeat("é", MaxQuestionLen+1), ErrQuestionTooLong},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := e.Ask(context.Background(), Question{Text: tt.text}, nil)
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			var ie *Error
			if !errors.As(err, &ie) || Friendly(err) != ie.Msg {
				t.Errorf("error %v is not an *Error shown as is", err)
			}
			if a.Text != "" || a.Found {
				t.Errorf("answer = %+v, want none", a)
			}
		})
	}
}

func TestCheckQuestion(t *testing.T) {
	tests := []struct {
		text string
		want error
	}{
		{"What happened?", nil},
		{strings.Repeat("é", MaxQuestionLen), nil}, // counted in characters, not bytes
		{"  " + strings.Repeat("a", MaxQuestionLen) + "  ", nil},
		{strings.Repeat("a", MaxQuestionLen+1), ErrQuestionTooLong},
		{"", ErrEmptyQuestion},
		{"\n", ErrEmptyQuestion},
	}
	for _, tt := range tests {
		if got := CheckQuestion(tt.text); got != tt.want {
			t.Errorf("CheckQuestion(%d chars) = %v, want %v", len([]rune(tt.text)), got, tt.want)
		}
	}
}

func TestInputErrorText(t *testing.T) {
	if got, want := ErrEmptyQuestion.Error(), "please ask a question: the question is empty"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	if got, want := Friendly(ErrQuestionTooLong), "That question is too long: keep it under 2000 characters."; got != want {
		t.Errorf("Friendly() = %q, want %q", got, want)
	}
}

func TestExtractiveWithoutMatchingSentences(t *testing.T) {
	hits := loadHits(t, "passages.json")
	if quotes := extractive("bananas", hits, nil); quotes != nil {
		t.Errorf("extractive = %+v, want nothing", quotes)
	}
	if quotes := extractive("the of and", hits, nil); quotes != nil {
		t.Errorf("extractive of stop words = %+v, want nothing", quotes)
	}
	if text, cites := quoteList("From the loaded sources:", nil, hits); text != "" || cites != nil {
		t.Errorf("quoteList of no quotes = %q %v, want nothing", text, cites)
	}
	text, cites := quoteList("From the loaded sources:", extractive("Which leader ruled out Italian troops?", hits, nil), hits)
	if want := "From the loaded sources:\n- Italian Prime Minister Giorgia Meloni has ruled out deploying Italian troops. [1]"; !strings.HasPrefix(text, want) {
		t.Errorf("extractive = %q, want it to start %q", text, want)
	}
	if len(cites) == 0 || cites[0].SourceID != "ap-what-to-know" {
		t.Errorf("citations = %+v", cites)
	}
}

// A list's header is the caller's text: brackets in it are not citations.
func TestQuoteListHeader(t *testing.T) {
	hits := loadHits(t, "passages.json")
	text, cites := quoteList("About the [2] plan  :", []quote{{hit: 1, text: "A sentence."}, {hit: 0, text: "Another."}}, hits)
	want := "About the [2] plan  :\n- A sentence. [1]\n- Another. [2]"
	if text != want {
		t.Errorf("text = %q, want %q", text, want)
	}
	if len(cites) != 2 || cites[0].SourceID != hits[1].Source.ID || cites[1].SourceID != hits[0].Source.ID {
		t.Errorf("citations = %+v, want passages 2 then 1", cites)
	}
}

// Typed questions are answered by sentences holding the type asked, and
// are "not found" when no retrieved sentence holds it for the thing asked.
func TestExtractiveAnswerTypes(t *testing.T) {
	idx := corpus(t)
	e := newEngine(t, idx, nil, Options{})
	tests := []struct {
		question string
		found    bool
		wantAny  []string // when found, the first quoted sentence holds one
	}{
		{"When did the UK, France and Ukraine sign the declaration of intent?", true, []string{"6 January"}},
		{"How many drones did Russia say it shot down overnight?", true, []string{"129"}},
		{"How much has Britain given Ukraine since 2022?", true, []string{"£21.8 billion"}},
		{"Where would the force's main headquarters be?", true, []string{"Paris"}},
		{"Which countries lean toward air or naval support instead of ground troops?", true, []string{"Sweden", "Belgium"}},
		{"how long has this coalition of the willing been a thing?", true, []string{"Since 2025"}},
		// The thing asked about is in the articles, the fact is not.
		{"How many hours did the leaders spend in the talks?", false, nil},
		{"How much money will Germany contribute to the multinational force?", false, nil},
		{"How many soldiers will Germany send to Ukraine?", false, nil},
		{"How many euros has France spent on aid to Ukraine?", false, nil},
		{"When will the coalition meet again?", false, nil},
		{"which general is going to command the multinational force?", false, nil},
		{"Which officer will lead the headquarters in the French capital?", false, nil},
		{"what date does the truce between kyiv and moscow take effect?", false, nil},
		{"when and where is the next coalition meeting going to be?", false, nil},
		{"When is the ceasefire supposed to start?", false, nil},
	}
	for _, tt := range tests {
		t.Run(tt.question, func(t *testing.T) {
			a, err := e.Ask(context.Background(), Question{Text: tt.question}, nil)
			if err != nil {
				t.Fatal(err)
			}
			if a.Found != tt.found {
				t.Fatalf("found = %v, want %v:\n%s", a.Found, tt.found, a.Text)
			}
			checkGrounded(t, idx, a)
			if !tt.found {
				if !strings.HasPrefix(a.Text, notFoundText(english)) {
					t.Errorf("not-found answer = %q", a.Text)
				}
				return
			}
			lines := strings.Split(a.Text, "\n")
			if len(lines) < 2 || !containsAny(lines[1], tt.wantAny) {
				t.Errorf("the first quoted sentence lacks any of %q:\n%s", tt.wantAny, a.Text)
			}
			if n := checkBulletsQuoted(t, idx, a); n > maxListSentences {
				t.Errorf("%d sentences quoted", n)
			}
		})
	}
}

// A question of two parts is answered part by part, under each part.
func TestExtractiveTwoParts(t *testing.T) {
	idx := corpus(t)
	a, err := newEngine(t, idx, nil, Options{}).Ask(context.Background(), Question{Text: "When did Zakharova speak, and what did Macron call the agreement?"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !a.Found {
		t.Fatalf("not found:\n%s", a.Text)
	}
	first := strings.Index(a.Text, "\nWhen did Zakharova speak\n- ")
	second := strings.Index(a.Text, "\nwhat did Macron call the agreement?\n- ")
	if first < 0 || second < first {
		t.Fatalf("answer is not given part by part:\n%s", a.Text)
	}
	if !strings.Contains(a.Text[first:second], "8 January") || !strings.Contains(a.Text[second:], "significant step") {
		t.Errorf("parts answered wrongly:\n%s", a.Text)
	}
	if n := checkBulletsQuoted(t, idx, a); n > maxExtractSentences {
		t.Errorf("%d sentences quoted, want at most %d", n, maxExtractSentences)
	}
	checkGrounded(t, idx, a)
}

// Each source has one citation number, and its quote is exactly the
// sentences the answer quotes from it.
func TestExtractiveCitationPerSource(t *testing.T) {
	idx := corpus(t)
	e := newEngine(t, idx, nil, Options{})
	for _, q := range []string{troopsQuestion, "Which countries have refused to send ground troops?", "What did Germany say about sending troops?"} {
		a, err := e.Ask(context.Background(), Question{Text: q}, nil)
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		for _, c := range a.Citations {
			if seen[c.SourceID] {
				t.Errorf("%q: %s has two numbers: %+v", q, c.SourceID, a.Citations)
			}
			seen[c.SourceID] = true
		}
		quoted := map[int][]string{}
		for _, line := range strings.Split(a.Text, "\n") {
			if m := regexp.MustCompile(`^- (.*) \[(\d+)\]$`).FindStringSubmatch(line); m != nil {
				n, _ := strconv.Atoi(m[2])
				quoted[n] = append(quoted[n], strings.Join(strings.Fields(m[1]), " "))
			}
		}
		for _, c := range a.Citations {
			if want := strings.Join(quoted[c.N], " … "); c.Quote != want {
				t.Errorf("%q: quote of [%d] = %q, want the sentences quoted %q", q, c.N, c.Quote, want)
			}
		}
	}
}

// Without a model, questions in other languages are answered from their
// names and numbers, and "not found" is said in their language.
func TestExtractiveOtherLanguages(t *testing.T) {
	idx := corpus(t)
	e := newEngine(t, idx, nil, Options{})
	tests := []struct {
		question string
		want     string // in the answer; "" for not found
		lang     string
	}{
		{"Combien de pays se sont engagés à envoyer des troupes selon Macron ?", "20 nations", "fr"},
		{"¿Qué ciudades mencionó Macron para estacionar soldados?", "Odesa", "es"},
		{"Скільки атак зазнало Запоріжжя за один день?", "856", "uk"},
		{"Was sagte Orban?", "", "de"},
		{"Wer ist Orban?", "", "de"},
	}
	for _, tt := range tests {
		a, err := e.Ask(context.Background(), Question{Text: tt.question}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if tt.want == "" {
			if a.Found || a.Text != notFoundOffline(language{code: tt.lang}) {
				t.Errorf("%q: answer = %q, want the %s not-found sentence", tt.question, a.Text, tt.lang)
			}
			continue
		}
		if !a.Found || !strings.Contains(a.Text, tt.want) {
			t.Errorf("%q: answer lacks %q:\n%s", tt.question, tt.want, a.Text)
		}
		checkGrounded(t, idx, a)
	}
}

// When the sources say that the fact asked is not public, the not-found
// answer quotes them.
func TestExtractiveNotFoundQuotesUndisclosed(t *testing.T) {
	idx := corpus(t)
	a, err := newEngine(t, idx, nil, Options{}).Ask(context.Background(), Question{Text: "How many German troops will be sent, and when?"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if a.Found {
		t.Fatalf("found:\n%s", a.Text)
	}
	if strings.Contains(a.Text, onlySayText(english)) {
		if len(a.Citations) != 1 || !undisclosed(a.Citations[0].Quote) {
			t.Errorf("the quote does not say the fact is not public: %+v", a.Citations)
		}
	}
	checkGrounded(t, idx, a)
}

// An answer leads with a sentence that stands on its own, not with one that
// opens by pointing back ("He suggested…"), when one answers as well.
func TestAnswersPreferStandaloneSentences(t *testing.T) {
	e := newEngine(t, corpus(t), nil, Options{})
	a, err := e.Ask(context.Background(), Question{Text: "Did Germany commit troops?"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(a.Text, "\n")
	if !a.Found || len(lines) < 2 || !strings.HasPrefix(lines[1], "- ") {
		t.Fatalf("answer = %+v, want found, quoting sentences", a)
	}
	if first := strings.TrimPrefix(lines[1], "- "); pointsBack(first) {
		t.Errorf("the answer leads with %q, which points back to a sentence not shown", first)
	}
}

// A typed answer is about the thing asked, not about something else in the
// same sentence: a question about a later occurrence ("the next summit") is
// not answered by a cue about something else ("if Russia attacks again, ...
// a summit in Paris"), and a money question naming what the money is spent
// on not by a figure for something else ("£13 billion in military
// assistance" for the military hubs); those about the thing asked are.
func TestExtractiveAnswersTheThingAsked(t *testing.T) {
	idx := thesaurusCorpus(t)
	e := newEngine(t, idx, nil, Options{})
	tests := []struct {
		question string
		want     string // "" when not found
	}{
		{"what city will host the next coalition summit?", ""},
		// "who is the general…" asks for a general, as "which general"
		// does: not for a Secretary General.
		{"Who is the general chosen to command the multinational mission?", ""},
		// "Prague" stands for the Czechs the question names too.
		{"Since the Czechs are sending lots of soldiers, how many troops is Prague contributing?", "refused"},
		// What an abbreviation stands for is what it is, not "stands
		// behind"; a greeting to the bot is no word of the question.
		{"hey bot, what does MNF-U stand for", "Multinational Force"},
		// Which part of a country is answered by a region, not by any
		// sentence naming a country.
		{"which region of ukraine would host most foreign soldiers, per le monde?", "western Ukraine"},
		{"Who at NATO warned that another Russian assault would be very costly for the alliance?", "Rutte"},
		// A figure of a premise the sources do not deny is not found.
		{"why did the EU pledge 90 billion euros?", ""},
		// "Dropped from" a text is omitted from it.
		{"what got dropped from the final statement", "was omitted from the final communique"},
		// A spokesperson is answered by a spokeswoman.
		{"Which spokesperson for Russia's diplomatic service said Western units in Ukraine would be fair game for Moscow's military?", "Zakharova"},
		{"When will the coalition meet again?", ""},
		{"how much is the UK spending on the military hubs?", ""},
		{"How much has the UK spent on military assistance to Ukraine?", "£13 billion"},
		// A short year ("since '22") and a short length of time ("24h")
		// are written out, not names the sources lack; an initialism is
		// written out by the passages' words ("UAF": "Ukraine's armed
		// forces").
		{"Cumulative UK support envelope to Kyiv since '22 - what's the number?", "£21.8 billion"},
		{"how many strikes hit Zaporizhia in one 24h window?", "856"},
		{"Who said the UAF are the first layer of guarantees?", "Rutte"},
		// A decade is written by one of its years ("until at least 2030–31").
		{"what yearly military aid has London promised to keep up into the early 2030s?", "£3 billion"},
		// A designation asks what something is called.
		{"What's the official designator for the post-truce coalition formation London and Paris are standing up?", "MNF"},
		// A capital acting is its government: a country answers it.
		{"Which capital announced it's cutting off money for Kyiv's artillery shells?", "Czech"},
		// What is asked about the Black Sea in other words than the
		// sentence's ("maritime security"): near words count (nearGate).
		{"which country gets the naval job on Black Sea waters?", "Türkiye"},
		// A country's people name it: "the Turks" for Türkiye.
		{"which sea would the turks be looking after under this plan?", "Black Sea"},
		// A typo of a country's name is the country.
		{"How much yearly military aid has Britian pledged to Ukraine?", "£3 billion"},
		// An idiom is read in plain words: "said no to" is a refusal,
		// "turned up" attending.
		{"which countries said no to deploying soldiers?", "Croatia"},
		{"how many leaders turned up at the paris gathering?", "35 participants"},
		{"which country would be in charge of safety at sea?", "Türkiye"},
		{"would the foreign troops be kept close to the fighting?", "western Ukraine"},
		// An assault is an attack counted.
		{"how many assaults did zaporizhzhia face in one day?", "856"},
		// Two amounts compared: each is answered.
		{"How does the planned size of Ukraine's army compare with the biggest estimate for the foreign force?", "800,000"},
		{"How does the planned size of Ukraine's army compare with the biggest estimate for the foreign force?", "30,000"},
		// A clause setting the scene does not ask: no date is asked.
		{"When pressed on Wednesday, did Zelenskyy say he had a clear answer from the Europeans?", "not received"},
		// What the asker believed before asking is not asked: a wrong
		// name in it is nothing the sources must mention, and it is no
		// part of the answer of its own.
		{"I had assumed Lviv was among the possible bases; which cities did Macron mention for stationing troops?", "Odesa"},
		// A proper adjective describing what is asked for ("which
		// Mediterranean country") is no name the sources must write.
		{"Which Mediterranean country's premier said her soldiers would stay out of the post-truce contingent?", "Meloni"},
		{"Which North American leader thanked Macron?", "Carney"},
		{"which nordic country would rather send jets than ground units?", "Sweden"},
		// What a question takes as given and the sources deny is answered
		// by the denial; a premise they do not deny is left alone.
		{"Now that the administration has agreed to put American ground forces into Ukraine, how large will the US contingent be?", "not expected to deploy troops"},
		{"Given that Washington has pledged to station American ground soldiers inside Ukraine, how will they be spread among the hubs?", "without sending American soldiers"},
		{"Since the summit was held in Paris, who hosted it?", "Macron"},
		// When something is supposed to happen is answered by a date of
		// that event, not by the summit's date in a sentence naming Kyiv.
		{"when is the coordination office in kyiv supposed to open?", ""},
		// Who commands is not answered by "command structures" or a
		// Secretary General.
		{"Who will command the coordination centre in Kyiv?", ""},
		{"who has been appointed to command the multinational force in ukraine", ""},
		// Nor does a refusal told before the question.
		{"Besides declining to contribute soldiers, what further step did Prague announce about its support for Kyiv?", "ammunition"},
		// Near words count only in the sentence that names the name.
		{"Will Canada reject the plan?", ""},
		{"Did Witkoff discuss farmland?", ""},
		// A count the sources deny is answered by the denial (denied.go);
		// someone else's denial does not answer it.
		{"how many italian troops did meloni commit?", "ruled out"},
		{"how many troops will croatia send?", "refused"},
		{"how many troops will germany send?", ""},
		// A number counts what is asked of a name only in a sentence that
		// names it: not the French troops after a sentence on Washington.
		{"how many American troops will be deployed?", "not expected to deploy troops"},
		{"how many US ground soldiers is washington deploying?", "not expected to deploy troops"},
		// What is undecided is asked: a sentence saying so leads.
		{"what stuff does zelensky say still hasn't been worked out", "still being negotiated"},
		// A counted thing named by an acronym ("UAVs": drones), and a
		// length of time written with digits ("24-hour": a single day).
		{"How many UAVs did Moscow say it shot down overnight?", "129 drones"},
		{"how many times did zaporizhzhia get hit in one 24-hour period?", "856"},
		// What a name is: the sentence saying what it stands for leads.
		{"What is MNF-U?", "known as"},
		// What something is called: the sentence giving its name leads,
		// not one sharing the asking words ("so-called", "officials call").
		{"What is the new multinational force officially called?", "known as"},
		// A name the sources never give is not found: no sentence names
		// the coordination centre, though several speak of it.
		{"what is the coordination centre in Kyiv officially called?", ""},
		{"what's the abbreviation for the military hubs?", ""},
		// A one-digit number in digits is the word the articles write
		// ("two U.S. envoys"); words joined by a slash are words.
		{"who were the 2 american envoys at the meeting?", "Witkoff"},
		// The ordinary word of a hyphenated name ("era" of "NATO-era") is
		// no name the articles must write.
		{"which NATO-era agreements will Kyiv base the status of foreign forces on?", "1951"},
		{"whats the short name/acronym for the planned multinational force", "known as"},
		// What a text envisions is still to come: it answers "will".
		{"Where will the headquarters of the force be?", "headquarters in Paris"},
		// "The french president" is Macron: his sentence names the title.
		{"Which two cities has the french president brought up before as places to base troops?", "Odesa"},
		// A name opening the question is a name as inside it, and "which
		// ones" asks about nothing ("one of the most significant shifts").
		{"Macron named two cities where french soldiers might be based - which ones?", "Odesa"},
		// A question typed as a search asks for an amount by naming it
		// ("price tag", "headcount"); a chat filler ("pls") is no word of it.
		{"total price tag of the multinational force?? how much will it cost per year", ""},
		{"ukraine army headcount planned after the war?", "800,000"},
		{"rough size of the foreign stabilisation contingent being floated? number of soldiers pls", "15,000"},
		// A count in a part of the sentence about someone else ("France could
		// send thousands of troops, while the UK…") does not count the UK's.
		{"Exactly how many British soldiers is London committing to the mission?", ""},
		// The Élysée stands for France, as the Kremlin for Russia; a length
		// of time of something else ("four years of war") does not say how
		// long what is asked lasted.
		{"When did the leaders meet at the Elysee?", "January"},
		{"How long did the leaders' meeting at the Élysée last?", ""},
		// A typo of a question word is the question word, not a name the
		// sources must mention.
		{"wich parliament must approve sending german forces?", "Bundestag"},
		// What someone posted is asked: the post leads, not a sentence
		// about the same meeting naming the same country.
		{"what did the canadian leader post about the gathering", "strong Allies"},
		// A post's sentence is shown with the line naming its author.
		{"what did Canada's PM tweet about the meeting", "Mark Carney (@MarkJCarney), January 6, 2026: \"Thank you to President @EmmanuelMacron for bringing together the Coalition of the Willing in Paris today. Canada and France are strong Allies"},
	}
	for _, tt := range tests {
		a, err := e.Ask(context.Background(), Question{Text: tt.question}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if a.Found != (tt.want != "") || !strings.Contains(a.Text, tt.want) {
			t.Errorf("Ask(%q) = found %v:\n%s\nwant found %v with %q", tt.question, a.Found, a.Text, tt.want != "", tt.want)
		}
		checkGrounded(t, idx, a)
	}
}

// An organisation named in full is the one the passages write as an
// acronym: "the North Atlantic Treaty Organization" is NATO; "the Atlantic
// Council" is not. Without the acronym table the first is refused.
func TestExtractiveAnswersThroughAcronyms(t *testing.T) {
	idx := thesaurusCorpus(t)
	tests := []struct {
		question string
		acronyms bool
		want     string // "" when not found
	}{
		{"What did the head of the North Atlantic Treaty Organization warn about a renewed Russian attack?", true, "Rutte"},
		{"What did the head of the North Atlantic Treaty Organization warn about a renewed Russian attack?", false, ""},
		{"What did the Atlantic Council say about the summit?", true, ""},
	}
	for _, tt := range tests {
		opts := Options{}
		if tt.acronyms {
			opts.Acronyms = data.NewAcronyms()
		}
		a, err := newEngine(t, idx, nil, opts).Ask(context.Background(), Question{Text: tt.question}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if a.Found != (tt.want != "") || !strings.Contains(a.Text, tt.want) {
			t.Errorf("acronyms %v: Ask(%q) = found %v:\n%s\nwant found %v with %q", tt.acronyms, tt.question, a.Found, a.Text, tt.want != "", tt.want)
		}
	}
}

// A sentence from a source far from the index's topic scores less by its
// source's topic weight: it no longer wins over an on-topic sentence that
// holds a little less of the question. Without a topic nothing changes.
func TestRankSentencesWeighSourcesByTopic(t *testing.T) {
	hits := []retrieval.Hit{
		{Chunk: retrieval.Chunk{Text: "Leaders pledged financial support for farmers at the trade summit in Brussels."}, Source: retrieval.Source{ID: "off"}},
		{Chunk: retrieval.Chunk{Text: "Leaders pledged support for Ukraine's army at the Paris meeting."}, Source: retrieval.Source{ID: "on"}},
	}
	q := "What support did leaders pledge at the summit?"
	p := questionPart{text: q, typ: classify(q, english, testThesaurus())}
	tests := []struct {
		name  string
		topic map[string]float64
		want  string // the source of the best sentence
	}{
		{"no topic", nil, "off"},
		{"weighed by topic", map[string]float64{"off": retrieval.TopicFloor, "on": 1}, "on"},
		{"both on the topic", map[string]float64{"off": 1, "on": 1}, "off"},
	}
	for _, tt := range tests {
		ranked := rankSentences(p, candidates(hits, tt.topic), relevanceInfo{}, lexicon{}, english)
		if len(ranked) == 0 {
			t.Fatalf("%s: no sentence ranked", tt.name)
		}
		if got := hits[ranked[0].hit].Source.ID; got != tt.want {
			t.Errorf("%s: best sentence from %s (%q), want %s", tt.name, got, ranked[0].text, tt.want)
		}
	}
}

// A sentence of a source off the topic speaks of what is asked only where it
// names every name of the question: a donor conference in Paris for Sudan
// does not say what France spent on Ukraine, though "Paris" stands for
// France.
func TestRankSentencesOffTopicNamesAll(t *testing.T) {
	hits := []retrieval.Hit{
		{Chunk: retrieval.Chunk{Text: "A donor conference held in Paris in 2024 raised around 2 billion euros for Sudan, and much of the money has been spent."}, Source: retrieval.Source{ID: "off"}},
		{Chunk: retrieval.Chunk{Text: "Leaders met in Paris to discuss security guarantees for Ukraine."}, Source: retrieval.Source{ID: "on"}},
	}
	q := "How many euros has France spent helping Ukraine?"
	p := questionPart{text: q, typ: classify(q, english, testThesaurus())}
	tests := []struct {
		name  string
		topic map[string]float64
		want  bool // the donor conference's sentence names what is asked
	}{
		{"no topic", nil, true},
		{"off the topic", map[string]float64{"off": retrieval.TopicFloor, "on": 1}, false},
	}
	for _, tt := range tests {
		var got, seen bool
		for _, s := range rankSentences(p, candidates(hits, tt.topic), relevanceInfo{}, lexicon{}, english) {
			if hits[s.hit].Source.ID == "off" {
				got, seen = s.named, true
			}
		}
		if !seen || got != tt.want {
			t.Errorf("%s: donor conference ranked %v, named %v, want named %v", tt.name, seen, got, tt.want)
		}
	}
}

// A "when" question about something still to come is answered by a date
// told as still to come, not by a past date in a sentence that also speaks
// of the future.
func TestFutureDateAnswers(t *testing.T) {
	q := "when is the ceasefire supposed to start?"
	for _, tt := range []struct {
		sentence string
		want     bool
	}{
		{"Allies are set to adopt guarantees for the ceasefire, according to drafts reviewed by Sky News on January 6.", false},
		{"The ceasefire will start on March 1, officials said.", true},
	} {
		if got := sentenceAnswers(q, tt.sentence); got != tt.want {
			t.Errorf("holdsAnswer(%q) = %v, want %v", tt.sentence, got, tt.want)
		}
	}
}

// sentenceCase is a question, the only sentence retrieved for it, and
// whether that sentence answers it (sentenceAnswers).
type sentenceCase struct {
	question, sentence string
	want               bool
}

// checkSentenceAnswers reports each case whose sentence answers its
// question or not otherwise than it wants.
func checkSentenceAnswers(t *testing.T, cases []sentenceCase) {
	t.Helper()
	for _, tt := range cases {
		if got := sentenceAnswers(tt.question, tt.sentence); got != tt.want {
			t.Errorf("holdsAnswer(%q, %q) = %v, want %v", tt.question, tt.sentence, got, tt.want)
		}
	}
}

// sentenceAnswers reports whether sentence, the only one retrieved, answers
// an English question by the not-found rules (holdsAnswer).
func sentenceAnswers(question, sentence string) bool {
	p := questionPart{text: question, typ: classify(question, english, testThesaurus())}
	hits := []retrieval.Hit{{Chunk: retrieval.Chunk{Text: sentence}, Source: retrieval.Source{ID: "s"}}}
	ranked := rankSentences(p, candidates(hits, nil), relevanceInfo{}, lexicon{}, english)
	return (relevanceInfo{}).holdsAnswer(p.typ, ranked)
}

// A question that names nothing is answered by the sources on the topic: a
// sentence of a source far from it may answer only when no source on the
// topic was found.
func TestRankSentencesOffTopicNamesNothing(t *testing.T) {
	hits := []retrieval.Hit{
		{Chunk: retrieval.Chunk{Text: "The war has killed tens of thousands of people since it began in April 2023."}, Source: retrieval.Source{ID: "off"}},
		{Chunk: retrieval.Chunk{Text: "Leaders pledged support for Ukraine's army at the Paris meeting."}, Source: retrieval.Source{ID: "on"}},
	}
	q := "How many people has the war killed?"
	p := questionPart{text: q, typ: classify(q, english, testThesaurus())}
	for _, tt := range []struct {
		name      string
		topic     map[string]float64
		wantNamed bool // the off-topic sentence's
	}{
		{"no topic", nil, true},
		{"a source on the topic found", map[string]float64{"off": retrieval.TopicFloor, "on": 1}, false},
		{"none on the topic found", map[string]float64{"off": retrieval.TopicFloor, "on": 0.6}, true},
	} {
		ranked := rankSentences(p, candidates(hits, tt.topic), relevanceInfo{}, lexicon{}, english)
		i := slices.IndexFunc(ranked, func(s scored) bool { return hits[s.hit].Source.ID == "off" })
		if i < 0 {
			t.Fatalf("%s: the off-topic sentence is not ranked", tt.name)
		}
		if got := ranked[i].named; got != tt.wantNamed {
			t.Errorf("%s: off-topic sentence named = %v, want %v", tt.name, got, tt.wantNamed)
		}
	}
}

// With unrelated articles loaded beside the built-in corpus, an answer quotes
// the articles on the topic, not an unrelated one sharing the question's
// words ("the final text" of another summit).
func TestExtractiveQuotesSourcesOnTheTopic(t *testing.T) {
	ctx := context.Background()
	idx := distractorCorpus(t)
	builtin := map[string]bool{}
	for _, id := range builtinIDs {
		builtin[id] = true
	}
	e := newEngine(t, idx, nil, Options{})
	a, err := e.Ask(ctx, Question{Text: "which pledge was dropped from the final text?"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !a.Found || len(a.Citations) == 0 {
		t.Fatalf("answer = %+v, want found", a)
	}
	for _, c := range a.Citations {
		if !builtin[c.SourceID] {
			t.Errorf("the answer cites %s, an article about something else:\n%s", c.SourceID, a.Text)
		}
	}
	checkGrounded(t, idx, a)

	// A question that names nothing is read in the topic's context: an
	// article on another war does not answer it. Naming that war, it does.
	for _, tt := range []struct {
		q         string
		wantFound bool
		wantCites string
	}{
		{"how many people have died since the fighting started, total casualties?", false, ""},
		{"how many people has the war in Sudan killed?", true, "sudan-humanitarian-truce-talks"},
		// A "why" question whose premise the sources deny is answered by
		// the denial, though no passage holds its figure ("10k").
		{"why did washington agree to put 10k american soldiers on ukrainian soil under the deal?", true, "paris-declaration-multinational-force-ukraine"},
		{"why did the EU pledge 90 billion euros?", false, ""},
	} {
		a, err := e.Ask(ctx, Question{Text: tt.q}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if a.Found != tt.wantFound {
			t.Errorf("Ask(%q): found %v, want %v:\n%s", tt.q, a.Found, tt.wantFound, a.Text)
			continue
		}
		if tt.wantFound && (len(a.Citations) == 0 || a.Citations[0].SourceID != tt.wantCites) {
			t.Errorf("Ask(%q) cites %+v, want %s first", tt.q, a.Citations, tt.wantCites)
		}
	}
}

// A question that says where its claim comes from ("according to the draft")
// is answered by what it asks (who monitors a ceasefire), not by sentences
// that merely name the source ("according to draft agreements…").
func TestExtractiveAnswersDespiteAttribution(t *testing.T) {
	idx := thesaurusCorpus(t)
	e := newEngine(t, idx, nil, Options{})
	tests := []struct {
		question string
		wantAny  []string // the first quote holds one
	}{
		{"who would monitor a ceasefire, according to the draft declaration?", []string{"supervised", "monitoring"}},
		{"per the draft, who would monitor a ceasefire?", []string{"supervised"}},
	}
	for _, tt := range tests {
		a, err := e.Ask(context.Background(), Question{Text: tt.question}, nil)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(a.Text, "\n")
		if !a.Found || len(lines) < 2 || !containsAny(lines[1], tt.wantAny) {
			t.Errorf("Ask(%q) leads with no sentence holding any of %q:\n%s", tt.question, tt.wantAny, a.Text)
		}
		checkGrounded(t, idx, a)
	}
}

// When the sources cannot be weighed by topic (the embeddings service
// failing), an extractive answer weighs them alike instead of failing.
func TestExtractiveWithoutTopicWeights(t *testing.T) {
	idx := corpus(t)
	a, err := newEngine(t, topicWeighingFails{idx}, nil, Options{}).Ask(context.Background(), Question{Text: troopsQuestion}, nil)
	if err != nil {
		t.Fatalf("Ask = %v, want an answer without topic weights", err)
	}
	if !a.Found || !strings.Contains(a.Text, "15,000") {
		t.Errorf("answer = %+v, want found with the troop numbers", a)
	}
	checkGrounded(t, idx, a)
}

// Of two sentences holding as much of what a question asks, the one from
// the source the question attributes its claim to ("according to the draft")
// is preferred, though it comes from a lower-ranked passage.
func TestRankSentencesPreferTheAttributedSource(t *testing.T) {
	hits := []retrieval.Hit{
		{Chunk: retrieval.Chunk{Text: "Allied troops would be based in western Ukraine, a newspaper says."}, Source: retrieval.Source{ID: "paper"}},
		{Chunk: retrieval.Chunk{Text: "Allied troops would be based in western Ukraine, a draft says."}, Source: retrieval.Source{ID: "draft"}},
	}
	tests := []struct {
		q, want string // want: the source of the best sentence
	}{
		{"According to the draft, where would allied troops be based?", "draft"},
		{"Where would allied troops be based, per the draft?", "draft"},
		{"Where would allied troops be based?", "paper"},
	}
	for _, tt := range tests {
		p := questionPart{text: tt.q, typ: classify(tt.q, english, testThesaurus())}
		ranked := rankSentences(p, candidates(hits, nil), relevanceInfo{}, lexicon{}, english)
		if len(ranked) == 0 {
			t.Fatalf("%q: no sentence ranked", tt.q)
		}
		if got := hits[ranked[0].hit].Source.ID; got != tt.want {
			t.Errorf("%q: best sentence from %s, want %s", tt.q, got, tt.want)
		}
	}
}

// extractive selects the sentences of hits that best match an untyped
// question (weighted by IDF when weights are given), best first, as the
// answer step ranks them; none when no sentence shares a word with it.
func extractive(question string, hits []retrieval.Hit, weights map[string]float64) []quote {
	rel := relevanceInfo{weights: weights}
	p := questionPart{text: question, typ: askedType{words: map[string]bool{}}}
	return choose(p.typ, rankSentences(p, candidates(hits, nil), rel, lexicon{}, english), maxExtractSentences, nil)
}

// quoteList formats quotes as one section under header, as quoteSections
// does for an answer of one part.
func quoteList(header string, quotes []quote, hits []retrieval.Hit) (string, []Citation) {
	if len(quotes) == 0 {
		return "", nil
	}
	return quoteSections(header, []section{{quotes: quotes}}, hits, english)
}

// An answer prefers, a little, sentences of the passages the search and the
// reordering put first: a sentence of the first passage wins over one of
// the third scoring up to answerLeadPrior × (1 − 1/3) more.
func TestPreferLeading(t *testing.T) {
	third := &candidate{quote: quote{hit: 2, text: "third"}}
	first := &candidate{quote: quote{hit: 0, text: "first"}}
	for _, tt := range []struct {
		lead float64 // the third passage's sentence's lead in score
		want string
	}{
		{answerLeadPrior*2/3 - 0.005, "first"},
		{answerLeadPrior*2/3 + 0.005, "third"},
	} {
		ranked := []scored{{candidate: third, score: 0.5 + tt.lead}, {candidate: first, score: 0.5}}
		if got := preferLeading(ranked)[0].text; got != tt.want {
			t.Errorf("lead %.3f: best %q, want %q", tt.lead, got, tt.want)
		}
	}
}

// A typed part is answered by a sentence holding the type near what is
// asked and at least minTypedShare of the part: a fifth, so that a
// paraphrase sharing little with the article's words still finds its answer,
// and not a sentence sharing less.
func TestTypedShareThreshold(t *testing.T) {
	checkSentenceAnswers(t, []sentenceCase{
		// The sentence holds one word of five, the unit, with its count.
		{"how many nations signed up ships, planes or tanks?", "At least 20 nations have pledged to deploy troops.", true},
		// One of six.
		{"how many nations signed up ships, planes, tanks or drones?", "At least 20 nations have pledged to deploy troops.", false},
	})
}

// A question asking who pays (or commands) is answered by a sentence naming
// who pays (or commands), not by one naming who acts; a "who" question about
// something else is not held to money.
func TestWhoPlaysThePart(t *testing.T) {
	checkSentenceAnswers(t, []sentenceCase{
		{"who is going to pay for the military hubs?", "The UK and France will establish military hubs across Ukraine.", false},
		{"who is going to pay for the military hubs?", "The UK will fund the military hubs across Ukraine.", true},
		{"who will finance the military hubs?", "The hubs will cost £2 billion, paid by Britain and France.", true},
		{"who pays for the hubs?", "The Czech government said it would stop funding ammunition for Ukraine.", false},
		{"who pays for the hubs?", "The hubs will be paid for by Britain.", true},
		{"who will build the military hubs?", "The UK and France will establish military hubs across Ukraine.", true},
		{"who will command the coordination centre in Kyiv?", "President Zelenskyy said the coordination centre in Kyiv would open in March.", false},
		{"who will command the coordination centre in Kyiv?", "The UK and France will set up a coordination centre in Kyiv.", false},
		{"who will command the coordination centre in Kyiv?", "A French general will command the coordination centre in Kyiv.", true},
		{"who's been named commander of the hq in paris?", "The hq in Paris will be headed by Britain and France.", true},
	})
}

// A sentence introducing a list ("…familiar with the proposal:") says
// nothing by itself: it is no candidate, while the items are.
func TestCandidatesSkipListIntroductions(t *testing.T) {
	hits := []retrieval.Hit{{Chunk: retrieval.Chunk{Text: "According to officials familiar with the proposal:\n\nTürkiye would be responsible for maritime security in the Black Sea;\n\nMost troops would be deployed in western Ukraine."}}}
	var got []string
	for _, c := range candidates(hits, nil) {
		got = append(got, c.text)
	}
	want := []string{"Türkiye would be responsible for maritime security in the Black Sea;", "Most troops would be deployed in western Ukraine."}
	if !slices.Equal(got, want) {
		t.Errorf("candidates = %q, want %q", got, want)
	}
}
