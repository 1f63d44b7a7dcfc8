package bot

import (
	"context"
	"strings"
	"testing"

	"github.com/summitbot/summitbot/retrieval"
)

func TestStandalone(t *testing.T) {
	tests := []struct {
		s    string
		want bool
	}{
		{"The coalition agreed on legally and politically binding guarantees for Ukraine.", true},
		{"Hubs Across Ukraine, Not on the Front", false},                                                                          // heading
		{"US backs post-ceasefire guarantees as coalition plans troops, training and monitoring mechanisms", false},               // subtitle
		{"Reuters, US backs security guarantees for Ukraine at summit of Kyiv’s allies in Paris, 6 January 2026", false},          // reference list
		{"Associated Press writers Geir Moulson in Berlin and Illia Novikov in Kyiv, Ukraine contributed to this report.", false}, // byline
		{`Mark Carney (@MarkJCarney), January 6, 2026: "Thank you to President Macron for bringing the coalition together."`, false},
		{"According to officials familiar with the proposal:", false}, // introduces a list
		{"Will Europe send troops to Ukraine after a ceasefire is agreed?", false},
		{"Too short to be a fact.", false},
	}
	for _, tt := range tests {
		if got := standalone(tt.s); got != tt.want {
			t.Errorf("standalone(%q) = %v, want %v", tt.s, got, tt.want)
		}
	}
}

func TestPointsBack(t *testing.T) {
	tests := []struct {
		s    string
		want bool
	}{
		{"They backed a new phase of Western involvement.", true},
		{"This marks a pivotal moment as allies prepare.", true},
		{"He said peace would require compromise from Moscow.", true},
		{"The move drew warnings from Moscow.", true},
		{"“These commitments could include the use of military capabilities,” the draft states.", true},
		{"French President Emmanuel Macron called it a significant step.", true},
		{"Italy’s Prime Minister Giorgia Meloni has ruled out deploying Italian troops.", false},
		{"Theresa May spoke in London.", false},
	}
	for _, tt := range tests {
		if got := pointsBack(tt.s); got != tt.want {
			t.Errorf("pointsBack(%q) = %v, want %v", tt.s, got, tt.want)
		}
	}
}

func TestStripDateline(t *testing.T) {
	tests := []struct{ in, want string }{
		{"PARIS — After nearly four years of war, allies praised the progress.", "After nearly four years of war, allies praised the progress."},
		{"January 7, 2026: Ukraine’s key allies outlined a framework.", "Ukraine’s key allies outlined a framework."},
		{"NATO troops would not be sent.", "NATO troops would not be sent."},
	}
	for _, tt := range tests {
		if got := stripDateline(tt.in); got != tt.want {
			t.Errorf("stripDateline(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestPointsTakeBackReferenceWithItsAntecedent(t *testing.T) {
	text := "Security Guarantees\n\nLeaders of the UK and France met Ukraine’s president in Paris on Tuesday. They signed a declaration of intent on a multinational force.\n\nThey also spoke of other matters later that week in Kyiv."
	hits := []retrieval.Hit{{Chunk: retrieval.Chunk{Text: text}, Source: retrieval.Source{ID: "a"}}}
	ps := points(hits, retrieval.Words)
	var got []string
	for _, p := range ps {
		got = append(got, p.text)
	}
	want := []string{
		"Leaders of the UK and France met Ukraine’s president in Paris on Tuesday.",
		"Leaders of the UK and France met Ukraine’s president in Paris on Tuesday. They signed a declaration of intent on a multinational force.",
	}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("points = %q, want %q", got, want)
	}
}

func TestFacetOf(t *testing.T) {
	tests := []struct {
		s    string
		want facet
	}{
		{"On 6 January 2026, the UK, France, and Ukraine signed a Declaration of Intent in Paris.", facetAgreed},
		{"The force could number 15,000 to 20,000 troops, with some estimates reaching up to 30,000;", facetForces},
		{"The UK and France will establish military hubs across Ukraine.", facetContrib},
		{"Allies said they would participate in U.S.-led monitoring and verification of any ceasefire.", facetUS},
		{"While Belgium offered naval and air support, Croatia and the Czech Republic refused to send troops.", facetDivisions},
		{"Russia has responded to the Paris declaration with stark warnings.", facetRussia},
		{"Russia’s full-scale invasion of Ukraine began in February 2022.", facetOther},
		{"Zelenskyy said commitments must still be ratified by individual countries.", facetNext},
	}
	for _, tt := range tests {
		if got := bestFacet(facetScores(tt.s)); got != tt.want {
			t.Errorf("facet of %q = %s, want %s", tt.s, facetHeadings[got], facetHeadings[tt.want])
		}
	}
}

// testPoint is a candidate bullet of source src under facet f.
func testPoint(src, text string, score float64, f facet) *point {
	return &point{source: src, text: text, terms: termSet(retrieval.Words(strings.ToLower(text))), score: score, facet: f}
}

func TestPickMMRDropsRepeats(t *testing.T) {
	mk := func(src, text string, score float64) *point { return testPoint(src, text, score, facetAgreed) }
	ps := []*point{
		mk("a", "France and the UK will set up military hubs across Ukraine.", 2),
		mk("b", "France and the UK will set up military hubs across Ukraine soon.", 1.9),
		mk("c", "Russia warned that Western troops would be legitimate targets.", 1),
	}
	sim := newSimilarity(ps)
	got := pickMMR(ps, sim, 3, false, func([]*point) bool { return true })
	if len(got) != 2 || got[0] != ps[0] || got[1] != ps[2] {
		var texts []string
		for _, p := range got {
			texts = append(texts, p.text)
		}
		t.Errorf("picked %q, want the first and the third", texts)
	}
	// Nothing fits: nothing is picked.
	if got := pickMMR(ps, sim, 3, false, func([]*point) bool { return false }); len(got) != 0 {
		t.Errorf("picked %d points that do not fit", len(got))
	}
}

// In a summary with facets, a facet's second bullet comes from another
// source when one has something on it.
func TestPickMMRSpreadsAFacetOverSources(t *testing.T) {
	mk := func(src, text string, score float64) *point { return testPoint(src, text, score, facetUS) }
	ps := []*point{
		mk("a", "Washington strongly stands behind the security protocols.", 2),
		mk("a", "Crucially, America has publicly backed these guarantees for the first time.", 1.9),
		mk("b", "A US-led mechanism would monitor any ceasefire with drones and satellites.", 1.7),
	}
	got := pickMMR(ps, newSimilarity(ps), 2, true, func([]*point) bool { return true })
	if len(got) != 2 || got[0] != ps[0] || got[1] != ps[2] {
		var texts []string
		for _, p := range got {
			texts = append(texts, p.text)
		}
		t.Errorf("picked %q, want the first source's best, then the second source's", texts)
	}
}

func TestDigestOfCorpus(t *testing.T) {
	idx := corpus(t)
	e := newEngine(t, idx, nil, Options{})
	tests := []struct {
		topic   string
		reserve int
		mustNot []string
	}{
		{"", 0, nil},
		{"", 300, nil},
		{"the US role", 0, []string{"military hubs", "several thousand"}},
		{"Russia's reaction", 0, []string{"began in February 2022"}},
		{"France's position", 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.topic, func(t *testing.T) {
			hits, scope, err := e.material(context.Background(), tt.topic, "", english)
			if err != nil || len(hits) == 0 {
				t.Fatalf("material: %d hits, %v", len(hits), err)
			}
			text, cites := digest(scope, hits, idx.Terms, tt.reserve)
			a := Answer{Text: text, Citations: cites, Found: true, ShortSources: true} // as Summarize posts it
			if got := RenderedLen(a); got > MaxSummaryChars-tt.reserve {
				t.Errorf("takes %d characters, over %d", got, MaxSummaryChars-tt.reserve)
			}
			checkGrounded(t, idx, a)
			// One number per source; its quote is exactly the bullets citing it.
			used := map[int][]string{}
			for _, line := range strings.Split(text, "\n") {
				if b, ok := strings.CutPrefix(line, "- "); ok {
					i := strings.LastIndex(b, " [")
					n := 0
					for _, r := range b[i+2 : len(b)-1] {
						n = n*10 + int(r-'0')
					}
					used[n] = append(used[n], b[:i])
					if pointsBack(b[:i]) && !strings.Contains(b[:i], ". ") {
						t.Errorf("bullet needs the sentence before it: %q", b)
					}
				}
			}
			seen := map[string]bool{}
			for _, c := range cites {
				if seen[c.SourceID] {
					t.Errorf("source %s has two numbers", c.SourceID)
				}
				seen[c.SourceID] = true
				if want := strings.Join(used[c.N], " … "); c.Quote != want {
					t.Errorf("quote of [%d] = %q, want the sentences used %q", c.N, c.Quote, want)
				}
			}
			for _, m := range tt.mustNot {
				if strings.Contains(text, m) {
					t.Errorf("summary of %q holds %q:\n%s", tt.topic, m, text)
				}
			}
		})
	}
}

func TestDigestTopicFloor(t *testing.T) {
	idx := corpus(t)
	e := newEngine(t, idx, nil, Options{})
	hits, _, err := e.material(context.Background(), "", "", english)
	if err != nil {
		t.Fatal(err)
	}
	// All the passages, and a topic none of them is about: nothing, not filler.
	if text, cites := digest(summaryScope{topic: "Chinese mediation"}, hits, idx.Terms, 0); text != "" || cites != nil {
		t.Errorf("off-topic digest = %q, want none", text)
	}
}

func TestDigestOfOneSourceNamesItOnce(t *testing.T) {
	idx := corpus(t)
	const id = "paris-declaration-multinational-force-ukraine"
	src, _ := idx.Source(id)
	a, err := newEngine(t, idx, nil, Options{}).Summarize(context.Background(), SummaryRequest{Topic: id}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Citations) != 1 || a.Citations[0].SourceID != id {
		t.Fatalf("citations %+v, want the one source once", a.Citations)
	}
	if n := strings.Count(a.Text, src.Title); n != 1 {
		t.Errorf("title named %d times, want once:\n%s", n, a.Text)
	}
	// Its key points, not its opening lines.
	if strings.Contains(a.Text, "they did more than repeat old promises") {
		t.Errorf("summary quotes the opening line:\n%s", a.Text)
	}
	if got := RenderedLen(a); got > MaxSummaryChars {
		t.Errorf("takes %d characters, over %d", got, MaxSummaryChars)
	}
}

func TestShortTitle(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Ukraine Allies Unveil Security Guarantees at Paris Summit", "Ukraine Allies Unveil Security Guarantees at…"},
		{"15,000–30,000 Troops, US Backing, Binding Guarantees: Allies Redraw Ukraine’s Security Future", "15,000–30,000 Troops, US Backing, Binding…"},
		{"A short title", "A short title"},
		{strings.Repeat("x", 60), strings.Repeat("x", 47) + "…"}, // no space to cut at
	}
	for _, tt := range tests {
		got := ShortTitle(tt.in)
		if got != tt.want {
			t.Errorf("ShortTitle(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if n := len([]rune(got)); n > maxShortTitle {
			t.Errorf("ShortTitle(%q) has %d characters, over %d", tt.in, n, maxShortTitle)
		}
	}
}

func TestRenderedLenShortSources(t *testing.T) {
	c := Citation{N: 1, Title: "Ukraine Security Guarantees Paris 2026: Multinational Forces and the Trump Factor", Outlet: "AP", Published: "2026-01-07"}
	full := RenderedLen(Answer{Text: "x [1]", Citations: []Citation{c}})
	short := RenderedLen(Answer{Text: "x [1]", Citations: []Citation{c}, ShortSources: true})
	if want := full - utf16Len(c.Title) + utf16Len(ShortTitle(c.Title)); short != want {
		t.Errorf("RenderedLen with short sources = %d, want %d (full %d)", short, want, full)
	}
}

func TestTopicGroups(t *testing.T) {
	idx := corpus(t)
	tests := []struct {
		topic, sentence string
		want            bool
	}{
		{"the UK's role", "The United Kingdom will lead the naval mission.", true},
		{"the UK's role", "The United States has publicly backed these guarantees.", false}, // "United" alone is not the UK
		{"troop numbers", "The force could number 15,000 soldiers.", true},                  // troop: troops, soldiers
		{"Germany", "German Chancellor Friedrich Merz spoke.", true},
	}
	for _, tt := range tests {
		expand, related, err := newEngine(t, idx, nil, Options{}).topicExpansion(context.Background(), tt.topic)
		if err != nil {
			t.Fatal(err)
		}
		groups := topicGroups(tt.topic, idx.Terms, expand, related)
		if len(groups) == 0 {
			t.Fatalf("%q: no term groups", tt.topic)
		}
		if got := groups[0].holds(termSet(idx.Terms(tt.sentence))); got != tt.want {
			t.Errorf("%q holds %q = %v, want %v", tt.topic, tt.sentence, got, tt.want)
		}
	}
}

func TestNearBest(t *testing.T) {
	ps := []*point{{text: "a", score: 2}, {text: "b", score: 1.3}, {text: "c", score: 1.1}}
	var got []string
	for _, p := range nearBest(ps, 0.6) {
		got = append(got, p.text)
	}
	if strings.Join(got, ",") != "a,b" {
		t.Errorf("nearBest kept %q, want a and b (at least 0.6 of the best)", got)
	}
}

func TestSameRoot(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"german", "germani", true},
		{"canada", "canadian", true},
		{"europ", "european", true},
		{"think", "thing", false}, // another word, not another form
		{"think", "thank", false},
		{"us", "usa", false}, // too short to tell
	}
	for _, tt := range tests {
		if got := sameRoot(tt.a, tt.b); got != tt.want {
			t.Errorf("sameRoot(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestAnticipates(t *testing.T) {
	tests := []struct {
		s    string
		want bool
	}{
		{"Around 30 leaders are expected to attend the Paris meeting at the Élysée Palace.", true},
		{"The proposals are set to be discussed at a high-level summit in Paris.", true},
		{"A separate draft states that the force would benefit from US support.", true},
		{"French officials said 35 participants attended in person.", false},
		{"The UK, France and Ukraine signed a declaration of intent.", false},
	}
	for _, tt := range tests {
		if got := anticipates(tt.s); got != tt.want {
			t.Errorf("anticipates(%q) = %v, want %v", tt.s, got, tt.want)
		}
	}
}

func TestActorSpeaks(t *testing.T) {
	idx := corpus(t)
	actors := stanceActors("what Kyiv thinks", idx.Terms)
	if len(actors) == 0 {
		t.Fatal("stanceActors(what Kyiv thinks) = none, want Ukraine's names")
	}
	if got := stanceActors("troop numbers", idx.Terms); got != nil {
		t.Errorf("stanceActors(troop numbers) = %q, want none", got)
	}
	tests := []struct {
		s    string
		want bool
	}{
		{"Zelenskyy said progress was made in the talks.", true},
		{"Macron has previously mentioned Kyiv and Odesa as possible locations to station soldiers.", false},
	}
	for _, tt := range tests {
		if got := actorSpeaks(tt.s, actors); got != tt.want {
			t.Errorf("actorSpeaks(%q) = %v, want %v", tt.s, got, tt.want)
		}
	}
}
