package bot

import (
	"maps"
	"slices"
	"strings"
	"testing"
)

func TestClassify(t *testing.T) {
	tests := []struct {
		q        string
		lang     language
		kind     answerKind
		money    bool
		unit     string // a stem the unit must hold, "" for none
		list     bool
		future   bool
		duration bool
	}{
		{q: "How many troops could the multinational force include?", kind: kindQuantity, unit: "troop"},
		{q: "how many people actually showed up in person?", kind: kindQuantity, unit: "particip"},
		{q: "How many national leaders were there?", kind: kindQuantity, unit: "leader"},
		{q: "how many american envoys were there in person", kind: kindQuantity, unit: "envoy"},
		{q: "how many US ground soldiers is washington deploying?", kind: kindQuantity, unit: "soldier"},
		// A question word run together with its verb, as typed.
		{q: "whats the target headcount for kyivs army", kind: kindQuantity},
		// A death toll counts the dead, though no unit follows "how many".
		{q: "whats the exact death toll so far in this war", kind: kindQuantity, unit: "death"},
		{q: "what is the casualty count of the war?", kind: kindQuantity, unit: "kill"},
		{q: "wheres the force hq going to be", kind: kindPlace, future: true},
		{q: "whos gonna monitor the ceasefire", kind: kindPerson, future: true},
		// How many answers are asked for does not hide what is asked.
		{q: "which two cities has macron floated as spots for basing french soldiers", kind: kindPlace, list: true},
		{q: "which 2 cities did Macron mention?", kind: kindPlace, list: true},
		{q: "How many euros has France spent?", kind: kindQuantity, money: true, unit: "euro"},
		// A question counting another unit asks no money, whatever its verbs.
		{q: "how many countries have signed up to contribute soldiers, ships or planes?", kind: kindQuantity, unit: "countri"},
		{q: "How many troops have the allies pledged?", kind: kindQuantity, unit: "troop"},
		{q: "How many billions has Britain committed?", kind: kindQuantity, money: true, unit: "billion"},
		// A scale of something else is no money.
		{q: "How many thousands of troops could France send?", kind: kindQuantity, unit: "troop"},
		{q: "How much did Germany contribute?", kind: kindQuantity, money: true},
		// "What sum", "what amount", "what figure" before a verb ask for one.
		{q: "what precise sum has been set aside for the deployment?", kind: kindQuantity, money: true},
		{q: "what figure do the sources provide for the army's intended size?", kind: kindQuantity},
		{q: "What annual budget has been projected for the army's upkeep?", kind: kindQuantity, money: true},
		{q: "how much has britain given ukraine in total since 2022?", kind: kindQuantity, money: true},
		{q: "How large is the planned force?", kind: kindQuantity},
		{q: "What is the yearly amount of British military aid?", kind: kindQuantity, money: true},
		// Casual: no apostrophe, no "of"; setting money aside asks for an
		// amount of money.
		{q: "whats the exact amount the uk set aside for the deployment", kind: kindQuantity, money: true},
		{q: "What's the total Britain has given?", kind: kindQuantity, money: true},
		// Other verbs of setting money apart.
		{q: "How much has London earmarked for Ukraine?", kind: kindQuantity, money: true},
		{q: "how much has the uk allocated to the hubs?", kind: kindQuantity, money: true},
		{q: "how many donated tanks arrived?", kind: kindQuantity}, // no money
		// Asked as a search, by the noun naming the amount.
		{q: "total price tag of the multinational force??", kind: kindQuantity, money: true},
		{q: "size of the planned force?", kind: kindQuantity},
		{q: "number of countries sending troops", kind: kindQuantity, unit: "countri"},
		{q: "price of peace: what did Kyiv give up?", kind: kindAny}, // figurative
		{q: "ukraine army headcount planned after the war?", kind: kindQuantity},
		{q: "paris summit troop numbers?", kind: kindQuantity},
		{q: "macron comments on the size of the force", kind: kindQuantity},
		{q: "What did Macron say about the size of the force?", kind: kindAny}, // asks what was said
		{q: "Zelensky reaction to the declaration", kind: kindAny},
		{q: "According to Macron, what is the plan for the total force?", kind: kindAny},
		{q: "what is the number the allies agreed on?", kind: kindQuantity},
		{q: "What is the plan for the amount?", kind: kindAny},
		{q: "zaporizhzhia got hit how many times in a single day??", kind: kindQuantity},
		{q: "What headcount is planned for the army?", kind: kindQuantity},
		{q: "Which troop count did the leaders agree?", kind: kindQuantity},
		{q: "What is the headcount of Ukraine's army?", kind: kindQuantity},
		{q: "What troop count is planned for the force?", kind: kindQuantity},
		{q: "What counts as a security guarantee?", kind: kindAny},
		{q: "What the coalition counts on is American backing, isn't it?", kind: kindAny},
		{q: "What account did Zakharova give of the plan?", kind: kindAny},
		{q: "What is the account Zakharova gave?", kind: kindAny},
		{q: "Which counties border the sea?", kind: kindAny},
		{q: "How large could the peacekeeping contingent become?", kind: kindQuantity},
		{q: "How many contingents deployed?", kind: kindQuantity, unit: "troop"},
		{q: "how many peacekeepers would the coalition send?", kind: kindQuantity, unit: "troop"},
		{q: "When did Zakharova speak?", kind: kindDate},
		{q: "what date was the meeting in paris?", kind: kindDate},
		{q: "When will the coalition meet again?", kind: kindDate, future: true},
		{q: "how long has this coalition been a thing?", kind: kindDate, duration: true},
		{q: "Who attended the Paris summit?", kind: kindPerson},
		{q: "Which leader ruled out deploying Italian troops?", kind: kindPerson},
		{q: "which countries signed the declaration?", kind: kindPerson, list: true},
		{q: "Who will command the force?", kind: kindPerson, future: true},
		{q: "Which officer will lead the headquarters?", kind: kindPerson, future: true},
		{q: "Where would the headquarters be?", kind: kindPlace},
		{q: "which cities did Macron mention?", kind: kindPlace, list: true},
		// A word may stand before the place noun.
		{q: "which two ukrainian cities did the french president suggest?", kind: kindPlace},
		{q: "where's the command going to sit?", kind: kindPlace, future: true},
		{q: "Why are some governments hesitant?", kind: kindReason},
		{q: "Did Italy agree to send soldiers?", kind: kindYesNo},
		{q: "did the final text keep the bit where the US backs the force?", kind: kindYesNo}, // "where" is not asked
		{q: "is poland sending troops?", kind: kindYesNo},
		// A clause setting the scene does not ask: its "when" is no date,
		// its "will" no future, its "again" no later occurrence.
		{q: "When pressed on Wednesday, did Zelenskyy say he had a clear answer?", kind: kindYesNo},
		{q: "when the leaders met in paris, what did they agree?", kind: kindAny},
		{q: "Under the plan the French paper described, which country would patrol the sea?", kind: kindPerson},
		{q: "if russia attacks again, who will defend ukraine?", kind: kindPerson, future: true},
		{q: "if russia attacks again, who would defend ukraine?", kind: kindPerson},
		{q: "when is the next summit going to happen, which date?", kind: kindDate, future: true},
		{q: "the legal status is gonna be modelled on an old nato deal - what year is that one from", kind: kindDate},
		{q: "the force will deploy after a truce. when did the leaders agree on it?", kind: kindDate},
		// Comparing amounts asks for them.
		{q: "How does the envisaged strength of Ukraine's army compare with the force?", kind: kindQuantity},
		{q: "how do the numbers of troops compare?", kind: kindQuantity},
		// Adjectives before the amount named.
		{q: "What is the projected annual price tag for running the force?", kind: kindQuantity, money: true},
		{q: "What did Merz say?", kind: kindAny},
		{q: "What is Türkiye's role?", kind: kindAny},
		{q: "list the commitments", kind: kindAny, list: true},
		// Other languages.
		{q: "Combien de pays ont promis des troupes ?", lang: language{code: "fr"}, kind: kindQuantity, unit: "countri"},
		{q: "Wann war der Gipfel?", lang: language{code: "de"}, kind: kindDate},
		{q: "Wer ist Merz?", lang: language{code: "de"}, kind: kindPerson},
		{q: "¿Dónde estaría el cuartel general?", lang: language{code: "es"}, kind: kindPlace},
		{q: "Perché l'Italia non manda truppe?", lang: language{code: "it"}, kind: kindReason},
		{q: "Скільки атак зазнало Запоріжжя?", lang: language{code: "uk"}, kind: kindQuantity, unit: "attack"},
		{q: "Где будет штаб?", lang: language{code: "ru"}, kind: kindPlace},
		{q: "Hoeveel soldaten stuurt Frankrijk?", lang: language{code: "nl"}, kind: kindQuantity, unit: "soldier"},
		{q: "Kiedy był szczyt?", lang: language{code: "pl"}, kind: kindDate},
		{q: "Quem representou os EUA?", lang: language{code: "pt"}, kind: kindPerson},
		// A relative "qui" further on asks nothing.
		{q: "Le pays qui envoie des troupes", lang: language{code: "fr"}, kind: kindAny},
	}
	for _, tt := range tests {
		lang := tt.lang
		if lang.code == "" {
			lang = english
		}
		got := classify(tt.q, lang, testThesaurus())
		if got.kind != tt.kind || got.money != tt.money || got.list != tt.list || got.future != tt.future || got.duration != tt.duration {
			t.Errorf("classify(%q) = %v money=%v list=%v future=%v duration=%v, want %v money=%v list=%v future=%v duration=%v",
				tt.q, got.kind, got.money, got.list, got.future, got.duration, tt.kind, tt.money, tt.list, tt.future, tt.duration)
		}
		if (tt.unit == "") != (got.unit == nil) || (tt.unit != "" && !got.unit[tt.unit]) {
			t.Errorf("classify(%q).unit = %v, want it to hold %q", tt.q, slices.Sorted(maps.Keys(got.unit)), tt.unit)
		}
	}
}

// A capital doing what a government does asks for a government, named by
// its country; a capital hosting or holding something is a city.
func TestClassifyCapitalActing(t *testing.T) {
	tests := []struct {
		q       string
		kind    answerKind
		country bool
	}{
		{"Which capital announced it's cutting off money for Kyiv's artillery shells?", kindPerson, true},
		{"Which capitals have publicly said no to committing ground forces?", kindPerson, true},
		{"what capital pledged the most troops?", kindPerson, true},
		{"in which capital would the principal headquarters be sited?", kindPlace, false},
		{"Which capital hosted the summit?", kindPlace, false},
	}
	for _, tt := range tests {
		got := classify(tt.q, english, testThesaurus())
		if got.kind != tt.kind || got.country != tt.country {
			t.Errorf("classify(%q) = kind %v, country %v; want %v, %v", tt.q, got.kind, got.country, tt.kind, tt.country)
		}
	}
}

func TestClassifyCurrencyAndRole(t *testing.T) {
	if got := classify("How many euros has France spent?", english, testThesaurus()).currency; got != '€' {
		t.Errorf("currency = %q, want €", got)
	}
	if got := classify("How much money will Germany give?", english, testThesaurus()).currency; got != 0 {
		t.Errorf("currency = %q, want none", got)
	}
	if got := classify("which general will command the force?", english, testThesaurus()).role; !got["general"] {
		t.Errorf("role = %v, want general", got)
	}
	if got := classify("Who is the general picked to lead the force?", english, testThesaurus()).role; !got["general"] {
		t.Errorf("role = %v, want general", got)
	}
	if got := classify("Who is the French president?", english, testThesaurus()).role; got != nil {
		t.Errorf("role = %v, want none", got)
	}
	if got := classify("which officer will lead the headquarters?", english, testThesaurus()).role; !got["offic"] {
		t.Errorf("role = %v, want offic (officer)", got)
	}
	if got := classify("which countries signed?", english, testThesaurus()).role; got != nil {
		t.Errorf("role = %v, want none", got)
	}
	if got := classify("what date was the meeting?", english, testThesaurus()); !got.day {
		t.Errorf("day = false for a date question")
	}
}

func TestSplitParts(t *testing.T) {
	tests := []struct {
		q     string
		parts []string
		kinds []answerKind
	}{
		{"How many troops could the force include?", []string{"How many troops could the force include?"}, []answerKind{kindQuantity}},
		{"Who hosted the summit, and what did he call the agreement?", []string{"Who hosted the summit", "what did he call the agreement?"}, []answerKind{kindPerson, kindAny}},
		{"is germany going to put troops in ukraine? what has merz said", []string{"is germany going to put troops in ukraine", "what has merz said"}, []answerKind{kindYesNo, kindAny}},
		{"How many nations pledged forces and which cities did Macron mention?", []string{"How many nations pledged forces", "which cities did Macron mention?"}, []answerKind{kindQuantity, kindPlace}},
		// A clarification after a question mark is not a part of its own.
		{"where would the troops be based? right by the front?", []string{"where would the troops be based? right by the front?"}, []answerKind{kindPlace}},
		// A part too short to say what it asks about borrows the one before.
		{"how much aid has the uk promised ukraine, and for how long", []string{"how much aid has the uk promised ukraine", "how much aid has the uk promised ukraine for how long"}, []answerKind{kindQuantity, kindDate}},
		// A part asking the one before again, more exactly or as a yes/no
		// question, is no part of its own.
		{"when's the next coalition meeting happening? is there a date", []string{"when's the next coalition meeting happening"}, []answerKind{kindDate}},
		{"who leads the force? which country?", []string{"who leads the force which country?"}, []answerKind{kindPerson}},
		{"what did they agree? is there a date", []string{"what did they agree", "what did they agree is there a date"}, []answerKind{kindAny, kindYesNo}},
		// A question word alone after a yes/no question asks that
		// question as the word does; after another question it asks
		// nothing new.
		{"was anyone from trump's family at the talks?? who", []string{"who was anyone from trump's family at the talks?"}, []answerKind{kindPerson}},
		{"Who hosted the meeting and where?", []string{"Who hosted the meeting and where?"}, []answerKind{kindPerson}},
		// Two types asked together about one thing.
		{"when and where is the next meeting going to be?", []string{"when is the next meeting going to be?", "where is the next meeting going to be?"}, []answerKind{kindDate, kindPlace}},
		// Two things compared: each asked as the comparison asks.
		{"How does the strength of Ukraine's army compare with the highest estimate for the force?", []string{"the strength of Ukraine's army", "the highest estimate for the force"}, []answerKind{kindQuantity, kindQuantity}},
		{"how do the British pledges stack up against the French ones", []string{"the British pledges", "the French ones"}, []answerKind{kindAny, kindAny}},
		// "and" inside a part does not split it.
		{"What did France and the UK sign?", []string{"What did France and the UK sign?"}, []answerKind{kindAny}},
	}
	for _, tt := range tests {
		got := splitParts(tt.q, english, testThesaurus())
		var texts []string
		var kinds []answerKind
		for _, p := range got {
			texts = append(texts, p.text)
			kinds = append(kinds, p.typ.kind)
		}
		if !slices.Equal(texts, tt.parts) || !slices.Equal(kinds, tt.kinds) {
			t.Errorf("splitParts(%q) = %q %v, want %q %v", tt.q, texts, kinds, tt.parts, tt.kinds)
		}
	}
}

func TestSubjectStems(t *testing.T) {
	q := "How many troops will France send?"
	got := subjectStems(q, classify(q, english, testThesaurus()))
	want := []string{"franc", "send", "troop"}
	if !slices.Equal(slices.Sorted(maps.Keys(got)), want) {
		t.Errorf("subjectStems = %v, want %v", slices.Sorted(maps.Keys(got)), want)
	}
	// Nouns of other languages stand for their English stems.
	if got := subjectStems("Combien de soldats ?", classify("Combien de soldats ?", language{code: "fr"}, testThesaurus())); !got["soldier"] {
		t.Errorf("subjectStems of French = %v, want soldier", got)
	}
}

// A question asks about a later occurrence when a cue of one is in its main
// clause, not in a condition ("if Russia attacks again").
func TestClassifyLater(t *testing.T) {
	tests := []struct {
		q    string
		want bool
	}{
		{"When will the coalition meet again?", true},
		{"What city will host the next coalition summit?", true},
		{"Who warned that another Russian attack would be costly?", true},
		{"Who will back the force if Russia attacks again?", false},
		{"When would troops deploy if Russia attacked again?", false},
		{"When did the leaders meet?", false},
	}
	for _, tt := range tests {
		if got := classify(tt.q, english, testThesaurus()).later; got != tt.want {
			t.Errorf("classify(%q).later = %v, want %v", tt.q, got, tt.want)
		}
	}
}

// A money question naming what the money is spent on asks about that
// thing: the head of the noun phrase after the verb of spending.
func TestMoneyPurpose(t *testing.T) {
	tests := []struct{ q, want string }{
		{"how much is the UK spending on the military hubs?", "hub"},
		{"How many euros has France spent on aid to Ukraine?", "aid"},
		{"How much money will Germany contribute to the multinational force?", "forc"},
		{"how much will the uk pay for the hubs this year?", "hub"},
		{"how much has britain given ukraine in total since 2022?", ""},
		{"how much has the uk spent on ukraine's military since 2022", "militari"},
		{"whats the exact amount the uk set aside for the deployment", "deploy"},
	}
	for _, tt := range tests {
		if got := classify(tt.q, english, testThesaurus()).purpose; got != tt.want {
			t.Errorf("classify(%q).purpose = %q, want %q", tt.q, got, tt.want)
		}
	}
}

// The unit a quantity question counts ends at its verb, irregular ones too
// (with the thesaurus's inflections), takes every noun joined by "and", and
// a title counts people.
func TestCountedUnit(t *testing.T) {
	tests := []struct {
		q      string
		forms  Inflections
		want   []string // stems the unit must hold
		wantNo []string // stems it must not hold
	}{
		{"How many presidents and prime ministers came in person?", testThesaurus(), []string{"presid", "minist", "head", "peopl"}, []string{"came", "prime"}},
		{"how many leaders came to paris?", testThesaurus(), []string{"leader", "peopl"}, []string{"came"}},
		{"how many people came in person?", testThesaurus(), []string{"peopl"}, []string{"came"}},
		{"how many children went home?", testThesaurus(), []string{"children"}, []string{"went"}},
		{"how many ukrainian children were deported?", testThesaurus(), []string{"children"}, []string{"ukrainian"}},
		{"how many military bases will be built?", testThesaurus(), []string{"base"}, []string{"militari"}},
		{"how many ukrainian and french troops?", testThesaurus(), []string{"troop"}, []string{"ukrainian"}},
		{"how many drones and missiles did russia launch?", testThesaurus(), []string{"drone", "missil"}, nil},
		{"how many ministers said yes?", nil, []string{"minist", "peopl"}, []string{"said"}},
		{"how many premiers attended?", nil, []string{"premier", "head"}, nil},
		{"how many heads of government were at the elysee?", nil, []string{"head", "peopl"}, nil},
		{"how many hours and how much money?", nil, []string{"hour"}, []string{"money"}},
		// After a plural, a word that is none ends the phrase.
		{"how many countries contribute troops?", nil, []string{"countri"}, []string{"troop", "contribut"}},
		{"how many euros worth of aid did france give?", nil, []string{"euro"}, []string{"worth"}},
		{"how many drone attacks hit kyiv?", nil, []string{"attack"}, []string{"hit"}},
		// A scale opening the phrase is no unit.
		{"how many thousands of troops could france send?", nil, []string{"troop"}, []string{"thousand"}},
		{"how many dozens of drones were shot down?", nil, []string{"drone"}, []string{"dozen"}},
		{"how many billions of euros were pledged?", nil, []string{"euro"}, []string{"billion"}},
	}
	for _, tt := range tests {
		got := countedUnit(strings.ToLower(tt.q), tt.forms)
		for _, w := range tt.want {
			if !got[w] {
				t.Errorf("countedUnit(%q) = %v, want it to hold %q", tt.q, slices.Sorted(maps.Keys(got)), w)
			}
		}
		for _, w := range tt.wantNo {
			if got[w] {
				t.Errorf("countedUnit(%q) = %v, want it not to hold %q", tt.q, slices.Sorted(maps.Keys(got)), w)
			}
		}
	}
}

// The phrases that only say where a question's claim comes from are not what
// it asks about; the rest of the question is, and a question that asks only
// about its source keeps it.
func TestSplitAttribution(t *testing.T) {
	tests := []struct {
		q, content, source string
	}{
		{"who would supervise the ceasefire according to the draft?", "who would supervise the ceasefire ?", "the draft"},
		{"According to the head of the alliance, what would an attack mean for it?", ", what would an attack mean for it?", "the head of the alliance"},
		{"per the draft what could allies do if russia attacks again?", "what could allies do if russia attacks again?", "the draft"},
		{"How many troops will France send, per Reuters?", "How many troops will France send, ?", "Reuters"},
		{"Under the plan described by the French newspaper, which country polices the sea?", "Under the plan , which country polices the sea?", "the French newspaper"},
		{"What's the force in the declaration officially called?", "What's the force officially called?", "in the declaration"},
		{"What did the joint statement say about Ukraine's armed forces?", "What did Ukraine's armed forces?", "the joint statement"},
		{"How many troops will France send, Macron said?", "How many troops will France send", "Macron"},
		// A question over two lines; initials that are not the end of a
		// sentence.
		{"according to the draft\nwho would monitor a ceasefire?", "who would monitor a ceasefire?", "the draft"},
		{"According to the U.S. envoy, who would monitor a ceasefire?", ", who would monitor a ceasefire?", "the U.S. envoy"},
		{"per J. D. Vance, who would monitor a ceasefire?", ", who would monitor a ceasefire?", "J. D. Vance"},
		// A misspelt "according to"; a name that described or reported
		// the thing asked about, after its noun.
		{"acording to the draft, who would monitor a ceasefire?", ", who would monitor a ceasefire?", "the draft"},
		{"Under the plan Le Monde described, which country gets the naval job?", "Under the plan , which country gets the naval job?", "Le Monde"},
		{"What is the troop figure that Reuters reported?", "What is the troop figure ?", "Reuters"},
		// Going by what a source reported.
		{"How big would the contingent be, going by what the French newspaper reported?", "How big would the contingent be ?", "the French newspaper"},
		{"from what Le Monde said, how many troops?", "how many troops?", "Le Monde"},
		{"which region would host most soldiers, per le monde?", "which region would host most soldiers, ?", "le monde"},
		// Not attributions: a rate, a place, the speaker asked about,
		// a question that asks only what the source says.
		{"How many troops per country?", "How many troops per country?", ""},
		{"how many troops per NATO member?", "how many troops per NATO member?", ""},
		{"Will troops be based in the west?", "Will troops be based in the west?", ""},
		{"What did Merz say about troops?", "What did Merz say about troops?", ""},
		{"What did the declaration say?", "What did the declaration say?", ""},
		{"Is Germany sending troops, and what has Merz said?", "Is Germany sending troops, and what has Merz said?", ""},
		{"Which cities has Macron mentioned?", "Which cities has Macron mentioned?", ""},
		{"Macron mentioned which cities?", "Macron mentioned which cities?", ""},
		// Whoever proposed or outlined a thing is part of what is asked,
		// and a name after "the" is no source of a noun.
		{"What has the EU proposed for Ukraine's security?", "What has the EU proposed for Ukraine's security?", ""},
		{"How many troops has the UK described?", "How many troops has the UK described?", ""},
		{"Is the ceasefire Putin proposed still on the table?", "Is the ceasefire Putin proposed still on the table?", ""},
		{"What did the framework Witkoff laid out include?", "What did the framework Witkoff laid out include?", ""},
		{"Was the meeting Starmer described as historic a success?", "Was the meeting Starmer described as historic a success?", ""},
		{"How many soldiers has the Coalition of the Willing reported?", "How many soldiers has the Coalition of the Willing reported?", ""},
	}
	for _, tt := range tests {
		content, source := splitAttribution(tt.q)
		if content != tt.content || source != tt.source {
			t.Errorf("splitAttribution(%q) = %q, %q; want %q, %q", tt.q, content, source, tt.content, tt.source)
		}
	}
}

// What a question asks about leaves out the words of its attribution.
func TestSubjectStemsLeaveOutAttribution(t *testing.T) {
	tests := []struct {
		q    string
		want []string
	}{
		{"who would supervise the ceasefire according to the draft?", []string{"ceasefir", "supervis"}},
		{"in the declaration, how many troops will France send?", []string{"franc", "send", "troop"}},
		{"What did the declaration say?", []string{"declar"}},
		{"according to Reuters\nhow many troops will France send?", []string{"franc", "send", "troop"}},
		{"according to the U.K. envoy, who would monitor a ceasefire?", []string{"ceasefir", "monitor"}},
	}
	for _, tt := range tests {
		got := slices.Sorted(maps.Keys(subjectStems(tt.q, classify(tt.q, english, testThesaurus()))))
		if !slices.Equal(got, tt.want) {
			t.Errorf("subjectStems(%q) = %v, want %v", tt.q, got, tt.want)
		}
	}
}

func TestClassifyPast(t *testing.T) {
	tests := []struct {
		q    string
		want bool
	}{
		{"How many leaders were present at the talks?", true},
		{"When did the leaders meet?", true},
		{"How many leaders will attend the next meeting?", false},
		{"How many leaders attend?", false},
		{"Did the leaders agree?", false}, // not typed
	}
	for _, tt := range tests {
		if got := classify(tt.q, english, testThesaurus()).past; got != tt.want {
			t.Errorf("classify(%q).past = %v, want %v", tt.q, got, tt.want)
		}
	}
}

func TestScheduledEvent(t *testing.T) {
	tests := []struct{ q, want string }{
		{"when is the coordination office in kyiv supposed to open?", "open"},
		{"When are the first troops expected to be deployed?", "deploy"},
		{"when is the next meeting supposed to happen?", ""}, // says only that it happens
		{"When did the leaders meet?", ""},
	}
	for _, tt := range tests {
		if got := scheduledEvent(strings.ToLower(tt.q)); got != tt.want {
			t.Errorf("scheduledEvent(%q) = %q, want %q", tt.q, got, tt.want)
		}
	}
}
