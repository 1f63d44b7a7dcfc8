package retrieval

import (
	"context"
	"testing"

	"github.com/summitbot/summitbot/data"
)

func TestAskedOf(t *testing.T) {
	tests := []struct {
		question string
		want     asked
	}{
		{"How many drones did Russia say it shot down?", askedQuantity},
		{"how much has Britain given since 2022?", askedQuantity},
		{"What sum has London committed to Kyiv?", askedQuantity},
		{"What headcount is planned for the army?", askedQuantity},
		{"Give me the number of troops France would send", askedQuantity},
		{"How many days did the talks last?", askedQuantity},
		{"What is the size of the force?", askedQuantity},
		{"what was the total?", askedQuantity},
		{"whats the death toll so far?", askedQuantity},
		{"what is the casualty count of the war", askedQuantity},
		{"What's the overall cost of the mission?", askedQuantity},
		{"What overall sum has London committed?", askedQuantity},
		{"whats the target headcount for kyivs army", askedQuantity},
		{"what’s the planned size of the force", askedQuantity},
		{"When was the declaration signed?", askedDate},
		{"And when will the force deploy?", askedDate},
		{"The ceasefire holds, so when do troops leave?", askedDate},
		{"On which day did the foreign ministry warn the allies?", askedDate},
		{"In what year was the pact signed?", askedDate},
		{"What happens when the ceasefire breaks?", askedOther},
		{"Who leads the coalition?", askedOther},
		{"Where would the headquarters be?", askedOther},
		// Why someone refused: the passage telling the refusal tells why.
		{"Why did Italy refuse to send troops?", askedRefusal},
		{"whats the force officially called", askedName},
		{"what's the short name / abbreviation for the planned force?", askedName},
		{"What is the mission's full name?", askedName},
		{"Who called for a ceasefire?", askedOther},
		{"What did Macron call the declaration?", askedOther},
		{"what did Canada's PM tweet about the meeting", askedPost},
		{"what did the canadian leader post about the gathering", askedPost},
		{"What did Zelensky say on Telegram?", askedPost},
		{"What will the post-ceasefire force do?", askedOther},
		{"What did Carney post on X?", askedPost},
		{"Did Ottawa's leader say anything about the meeting online? what did he post", askedPost},
		{"did the canadian pm post anything about paris?", askedPost},
		// Found by a review: not posts.
		{"What is Ukraine's position on X?", askedOther},
		{"Will troops be posted on the front line?", askedOther},
		{"Have troops been posted near Odesa?", askedOther},
		{"Did they say where troops would be online by spring?", askedOther},
		// Which part of a country.
		{"In which part of the country would most of the soldiers be based?", askedRegion},
		{"In which region would the foreign units be stationed?", askedRegion},
		{"whereabouts would most allied soldiers end up", askedRegion},
		{"would the soldiers sit in the east or the west of the country?", askedRegion},
		{"where in ukraine would most of the foreign troops be based?", askedRegion},
		{"Where in the country would the hubs be?", askedRegion},
		{"Which part of the plan did Moscow reject?", askedRefusal},
		// Who refused.
		{"which countries flat out said no to sending soldiers", askedRefusal},
		{"Who ruled out sending troops?", askedRefusal},
		{"Which governments turned down the request?", askedRefusal},
		{"Did any country decline to take part?", askedRefusal},
		{"Which governments won't be putting troops into the country?", askedRefusal},
		{"which countries will not send soldiers", askedRefusal},
		{"Who said the talks went well?", askedOther},
		{"What did Meloni say about nothing?", askedOther},
		{"What part did Turkey play?", askedOther},
		// Which news outlet.
		{"Which British broadcaster saw the drafts?", askedOutlet},
		{"what uk tv network got a look at the texts", askedOutlet},
		{"Which papers did the leaders sign?", askedOther},
		{"What did the newspaper say?", askedOutlet},
		// A clause setting the scene asks nothing.
		{"Besides declining to send soldiers, what further step did Prague take?", askedOther},
		{"When pressed on Wednesday, did Zelenskyy say he had a clear answer?", askedOther},
		{"After Italy refused, which country offered ships?", askedOther},
		{"When the leaders met, which day did they sign?", askedDate},
	}
	for _, tt := range tests {
		if got := askedOf(tt.question); got != tt.want {
			t.Errorf("askedOf(%q) = %d, want %d", tt.question, got, tt.want)
		}
	}
}

func TestAsking(t *testing.T) {
	tests := []struct {
		question string
		want     bool
	}{
		{"How many troops?", true},
		{"did italy refuse?", true},
		{"list the commitments", true},
		{"ukraine army headcount after the war?", false},
		{"paris summit troop numbers?", false},
	}
	for _, tt := range tests {
		if got := Asking(tt.question); got != tt.want {
			t.Errorf("Asking(%q) = %v, want %v", tt.question, got, tt.want)
		}
	}
}

func TestQuestionProper(t *testing.T) {
	tests := []struct{ question, want string }{
		{"When pressed on Wednesday, did he say so?", "did he say so?"},
		{"Under the plan the paper described, which country would patrol the sea?", "which country would patrol the sea?"},
		{"According to Macron, how many nations pledged troops?", "how many nations pledged troops?"},
		// A question itself, or no question after the comma.
		{"When is the next summit, which date?", "When is the next summit, which date?"},
		{"If Russia attacks again, Ukraine is alone.", "If Russia attacks again, Ukraine is alone."},
		{"Which country leads the force?", "Which country leads the force?"},
		{"when, exactly, did they meet?", "when, exactly, did they meet?"},
	}
	for _, tt := range tests {
		if got := QuestionProper(tt.question); got != tt.want {
			t.Errorf("QuestionProper(%q) = %q, want %q", tt.question, got, tt.want)
		}
	}
}

func TestAskedHeldBy(t *testing.T) {
	tests := []struct {
		kind asked
		text string
		want bool
	}{
		{askedQuantity, "Russia said it downed 129 drones overnight.", true},
		{askedQuantity, "Britain has given £21.8 billion since the invasion.", true},
		{askedQuantity, "Several thousand French troops could deploy.", true},
		{askedQuantity, "At least twenty nations have pledged troops.", true},
		{askedQuantity, "The war began in February 2022.", false},
		{askedQuantity, "Leaders met in Paris and praised the progress.", false},
		{askedDate, "On 8 January 2026, the ministry issued a warning.", true},
		{askedDate, "The leaders met on Tuesday.", true},
		{askedDate, "The talks may resume soon, officials said.", false},
		{askedDate, "The talks may resume on May 8.", true},
		{askedDate, "They met on 8 May.", true},
		{askedQuantity, "Leaders met 2026.", false},
		{askedQuantity, "They pledged 800,000 troops.", true},
		{askedDate, "Leaders met in Paris and praised the progress.", false},
		{askedOther, "On 8 January 2026, 129 drones were downed.", false},
		{askedOutlet, "According to drafts reviewed by Sky News, allies agreed.", true},
		{askedOutlet, "Le Monde reported the plan.", true},
		{askedOutlet, "The sky over Kyiv was clear.", false},
		{askedOutlet, "The Liberal Democrats backed the plan.", false},
		{askedQuantity, "The EU pledged €5bn for the mission.", true},
		{askedQuantity, "It costs $2m a month.", true},
		{askedQuantity, "On 8 January, the ministry warned the allies.", false},
		{askedQuantity, "The talks of January 8 ended without a deal.", false},
		{askedDate, "Troops march on the capital.", false},
		{askedName, "The force, known as MNF-U, would deploy after a ceasefire.", true},
		{askedName, "The North Atlantic Treaty Organization (NATO) met.", true},
		{askedName, "The group, dubbed the coalition of the willing, met.", true},
		{askedName, "Macron called for more support.", false},
		{askedName, "The force would deploy after a ceasefire.", false},
		{askedPost, "Mark Carney (@MarkJCarney), January 6, 2026: \"Thank you.\"", true},
		{askedPost, "Zelensky wrote on X that the talks went well.", true},
		{askedPost, "Write to press@example.org for details.", false},
		{askedPost, "Zelensky said the talks went well.", false},
		{askedPost, "Western observers posted near the line of contact reported shelling.", false},
		{askedDate, "They met on 8 March.", true},
		{askedDate, "In March, the leaders met again.", true},
		// Months abbreviated are months (retrieval.IsMonth): dates, not figures.
		{askedDate, "Drafts were reviewed on Jan. 6 in London.", true},
		{askedQuantity, "Allies gathered in Paris on Jan 7, 2026.", false},
		{askedDate, "The deadline is 30 Sept.", true},
		{askedQuantity, "The deadline is 30 Sept.", false},
		{askedRegion, "Most troops would be deployed in western Ukraine, away from the front.", true},
		{askedRegion, "Fighting went on in the east.", true},
		{askedRegion, "Western allies met in Paris.", false},
		{askedRegion, "The talks were held in central Paris.", true},
		{askedRegion, "Troops would be based in Ukraine.", false},
		{askedRefusal, "Croatia and the Czech Republic refused to send troops.", true},
		{askedRefusal, "Meloni has ruled out deploying Italian troops.", true},
		{askedRefusal, "Some countries, like Italy, have said they will not send soldiers.", true},
		{askedRefusal, "Belgium offered naval and air support.", false},
		{askedRefusal, "Troops would be based in Ukraine.", false},
	}
	for _, tt := range tests {
		if got := tt.kind.heldBy(tt.text); got != tt.want {
			t.Errorf("asked(%d).heldBy(%q) = %v, want %v", tt.kind, tt.text, got, tt.want)
		}
	}
}

// Among passages that match a question alike, the one that holds the kind
// of answer asked for ranks first, in every mode; other questions keep the
// order the rankings give.
func TestSearchPrefersAskedKind(t *testing.T) {
	ix := openIndex(t, Options{})
	// The passages share the question's words; the first holds them twice
	// and gives neither a figure nor a date.
	mustAdd(t, ix, Document{ID: "a-general", Title: "Observers at the border", Text: "Observers at the border reported attacks on the villages near the river crossing. The observers at the border say the attacks on the villages go on."})
	mustAdd(t, ix, Document{ID: "b-dated", Title: "Observers at the border", Text: "Observers at the border reported attacks on the villages on 8 January, near the river crossing."})
	mustAdd(t, ix, Document{ID: "c-counted", Title: "Observers at the border", Text: "Observers at the border reported 856 attacks on the villages near the river crossing."})
	tests := []firstHit{
		{"How many attacks did the observers at the border report on the villages?", "c-counted"},
		{"When did the observers at the border report attacks on the villages?", "b-dated"},
		{"Which observers at the border report attacks on the villages?", "a-general"},
	}
	checkFirstInEveryMode(t, ix, tests)
}

// BenchmarkSearchAskedKind measures what preferring the asked kind of answer
// costs a search over the built-in articles and the distractors: the same
// words asked as a quantity question (whose candidates are all read and
// checked for a figure) and as a question that asks for no kind.
//
//	go test ./retrieval -run '^$' -bench BenchmarkSearchAskedKind -benchmem -count 3
func BenchmarkSearchAskedKind(b *testing.B) {
	ix := openIndex(b, Options{Topic: "the January 2026 Paris summit on security guarantees for Ukraine"})
	addAll(b, ix, allArticles(b))
	for _, q := range []struct{ name, question string }{
		{"quantity", "How many troops would the coalition send to Ukraine after a ceasefire?"},
		{"none", "Which troops would the coalition send to Ukraine after a ceasefire?"},
	} {
		b.Run("asked="+q.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := ix.Search(context.Background(), q.question, SearchOptions{K: DefaultK}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func TestSearchPrefersNamesPostsAndOutlets(t *testing.T) {
	ix := openIndex(t, Options{})
	// The passages share the question's words; the first holds them twice
	// and gives neither a name nor a post.
	mustAdd(t, ix, Document{ID: "a-general", Title: "Monitors on the river", Text: "The monitors on the river crossing will report to the council. The monitors on the river crossing report weekly to the council."})
	mustAdd(t, ix, Document{ID: "b-named", Title: "Monitors on the river", Text: "The monitors on the river crossing, known as RCM-9, will report to the council from the spring."})
	mustAdd(t, ix, Document{ID: "c-posted", Title: "Monitors on the river", Text: "Jane Roe (@JaneRoe): the monitors on the river crossing will report to the council from the spring."})
	mustAdd(t, ix, Document{ID: "d-outlet", Title: "Monitors on the river", Text: "The monitors on the river crossing will report to the council from the spring, Reuters said."})
	tests := []firstHit{
		{"Which news agency said the monitors on the river crossing report to the council?", "d-outlet"},
		{"What are the monitors on the river crossing officially called?", "b-named"},
		{"What did the council tweet about the monitors on the river crossing?", "c-posted"},
		{"Which monitors on the river crossing report to the council?", "a-general"},
	}
	checkFirstInEveryMode(t, ix, tests)
}

// A question asking which part of a country prefers the passage naming a
// region ("western Ukraine"), and one asking who refused the passage telling
// a refusal, among those that match it alike.
func TestSearchPrefersRegionsAndRefusals(t *testing.T) {
	tests := []struct {
		name string
		docs [2]string // a general passage, then one of the kind asked
		asks []firstHit
	}{
		{"region", [2]string{
			"The monitors on the river crossing would be based in Ukraine. The monitors on the river crossing would be based in Ukraine for a year.",
			"The monitors on the river crossing would be based in western Ukraine, away from the front, from the spring.",
		}, []firstHit{
			{"In which part of the country would the monitors on the river crossing be based?", "b-kind"},
			{"where in ukraine would the monitors on the river crossing be based?", "b-kind"},
			{"Would the monitors on the river crossing be based in Ukraine?", "a-general"},
		}},
		{"refusal", [2]string{
			"Which countries send patrols to the river crossing? The patrols to the river crossing come from many countries.",
			"Two countries refused to send patrols to the river crossing, officials said in the spring.",
		}, []firstHit{
			{"Which countries said no to sending patrols to the river crossing?", "b-kind"},
			{"Which countries send patrols to the river crossing?", "a-general"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ix := openIndex(t, Options{})
			mustAdd(t, ix, Document{ID: "a-general", Title: "On the river", Text: tt.docs[0]})
			mustAdd(t, ix, Document{ID: "b-kind", Title: "On the river", Text: tt.docs[1]})
			checkFirstInEveryMode(t, ix, tt.asks)
		})
	}
}

// firstHit is a question and the source its first hit must come from.
type firstHit struct {
	question string
	want     string
}

// checkFirstInEveryMode searches each question in every mode and checks the
// source of its first hit.
func checkFirstInEveryMode(t *testing.T, ix *Index, tests []firstHit) {
	t.Helper()
	for _, mode := range []Mode{Hybrid, Lexical, Dense} {
		for _, tt := range tests {
			hits, err := ix.Search(context.Background(), tt.question, SearchOptions{K: 3, Mode: mode, PerSource: -1})
			if err != nil {
				t.Fatal(err)
			}
			if len(hits) == 0 || hits[0].Source.ID != tt.want {
				t.Errorf("%s: %q ranks %v first, want %s", mode, tt.question, hitSources(hits), tt.want)
			}
		}
	}
}

// The exported readings of a name question and of a sentence giving a name
// are those of the search.
func TestAsksNameGivesName(t *testing.T) {
	for _, tt := range []struct {
		question string
		want     bool
	}{
		{"what is the force in the declaration officially called?", true},
		{"What's its abbreviation?", true},
		{"What did Macron call the declaration?", false},
		{"How many troops is the force known as MNF-U called to field?", false}, // a quantity is asked
		{"What's the official designator for the post-truce coalition formation?", true},
		{"What designation was given to the prospective contingent?", true},
		{"what moniker did they give the force?", true},
		{"What did the designers of the plan say?", false},
	} {
		if got := AsksName(tt.question); got != tt.want {
			t.Errorf("AsksName(%q) = %v, want %v", tt.question, got, tt.want)
		}
	}
	for _, tt := range []struct {
		text string
		want bool
	}{
		{"The declaration sets up a Multinational Force, Ukraine, known as MNF-U.", true},
		{"Leaders of the so-called coalition of the willing met in Paris.", true},
		{"Officials call it a turning point.", false},
	} {
		if got := GivesName(tt.text); got != tt.want {
			t.Errorf("GivesName(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}

// A quantity question prefers the passage giving a figure for what it
// counts ("a 90,000-strong army" for "how large is the military") or saying
// there is none of it, over one holding a figure for something else.
func TestSearchPrefersFigureOfTheThingCounted(t *testing.T) {
	other := "The river country's military is preparing for the spring, and its military leaders met partners in the capital. Officials held 35 meetings there."
	tests := []struct {
		question string
		docs     [2]string // a passage with another figure, then the one wanted
		// vectors: the wanted passage names the thing in other words, which
		// only a hybrid search with word vectors reads.
		vectors bool
	}{
		{"How large is the river country's military meant to be after the war?", [2]string{
			other, "Officials want a 90,000-strong military for the river country after the war, the plan published in the spring said.",
		}, false},
		{"How large is the river country's military meant to be after the war?", [2]string{
			"The river country's military met partners in the capital in the spring, and officials held 35 meetings there with them.",
			"Officials want a 90,000-strong army for the river country after the war, the plan published in the spring said.",
		}, true},
		{"How many soldiers is the river country sending to the coast?", [2]string{
			"The river country is sending supplies to the coast: officials said 40 trucks and 12 boats would leave in the spring for the coast.",
			"The river country is not sending soldiers to the coast, officials said on Monday after a long meeting in the capital.",
		}, false},
	}
	for _, vecs := range []struct {
		name  string
		words WordVectors
	}{{"without word vectors", nil}, {"with word vectors", data.NewWordVectors()}} {
		t.Run(vecs.name, func(t *testing.T) {
			for _, tt := range tests {
				if tt.vectors && vecs.words == nil {
					continue
				}
				ix := openIndex(t, Options{WordVectors: vecs.words})
				mustAdd(t, ix, Document{ID: "a-other", Title: "On the river", Text: tt.docs[0]})
				mustAdd(t, ix, Document{ID: "b-counted", Title: "On the river", Text: tt.docs[1]})
				if !tt.vectors {
					checkFirstInEveryMode(t, ix, []firstHit{{tt.question, "b-counted"}})
					continue
				}
				hits, err := ix.Search(context.Background(), tt.question, SearchOptions{K: 2, PerSource: -1})
				if err != nil {
					t.Fatal(err)
				}
				if got := hitSources(hits); len(got) == 0 || got[0] != "b-counted" {
					t.Errorf("%q ranks %v, want b-counted first", tt.question, got)
				}
			}
		})
	}
}

// A figure is a number word, a numeral other than a year or the day of a
// date, or a word saying there is none.
func TestIsFigure(t *testing.T) {
	for _, tt := range []struct {
		text string
		at   int
		want bool
	}{
		{"a 90,000-strong army", 1, true},
		{"thousands of troops", 0, true},
		{"not expected to deploy troops", 0, true},
		{"signed on 6 January", 2, false},
		{"January 6 meeting", 1, false},
		{"in 2026 the force", 1, false},
		{"about 21.8bn euros", 1, true},
		{"the strong army", 1, false},
	} {
		words := Words(Fold(tt.text))
		if got := isFigure(words, tt.at); got != tt.want {
			t.Errorf("isFigure(%q, %d: %q) = %v, want %v", tt.text, tt.at, words[tt.at], got, tt.want)
		}
	}
}
