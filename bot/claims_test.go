package bot

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"testing"

	openai "github.com/sashabaranov/go-openai"

	"github.com/summitbot/summitbot/bot/llmtest"
	"github.com/summitbot/summitbot/prompts"
	"github.com/summitbot/summitbot/retrieval"
)

// factKeys writes facts compactly for comparison: "n:15000", "n:40%",
// "d:d01-07", "p:excellent progress", "name:dumont".
func factKeys(fs []fact) []string {
	var out []string
	for _, f := range fs {
		switch f.kind {
		case factNumber:
			out = append(out, fmt.Sprintf("n:%g%s", f.value, f.unit))
		case factDate:
			out = append(out, "d:"+f.key)
		case factPhrase:
			out = append(out, "p:"+strings.Join(f.words, " "))
		case factName:
			out = append(out, "name:"+f.key)
		}
	}
	slices.Sort(out)
	return out
}

func TestFactsOf(t *testing.T) {
	words, err := commonWords()
	if err != nil {
		t.Fatal(err)
	}
	fc := factContext{english: true, names: map[string]bool{"turkey": true}, common: words}
	tests := []struct {
		claim string
		want  []string
	}{
		{"The force could number 15,000 to 20,000 troops.", []string{"n:15000troop", "n:20000troop"}},
		{"It could number 15 000 to 20 000 troops.", []string{"n:15000troop", "n:20000troop"}},
		{"It could number 15k-20k troops.", []string{"n:15000troop", "n:20000troop"}},
		{"It could number fifteen thousand to twenty thousand troops.", []string{"n:15000troop", "n:20000troop"}},
		{"It could number 15 to 20 thousand troops.", []string{"n:15000troop", "n:20000troop"}},
		{"Thirty-five participants came.", []string{"n:35peopl"}},
		{"Support rose 40% and then forty per cent.", []string{"n:40%"}},
		{"They pledged €5 billion, or 5bn euros, and $3.5 million.", []string{"n:3.5e+06$", "n:5e+09€"}},
		{"The war nears four years.", []string{"n:4year"}},
		{"They met on January 7th, 2026 and 6 Jan.", []string{"d:d01-06", "d:d01-07", "d:y2026"}},
		{"They met on Tuesday in March 2026.", []string{"d:m03", "d:wtuesday", "d:y2026"}},
		{"Several thousand troops may go.", nil},
		{`Starmer said the talks made “excellent progress”.`, []string{"name:starmer", "p:excellent progress"}},
		{"Zelenskyy said: ''So far, I have not received a clear answer''.", []string{"name:zelenskyy", "p:so far i have not received a clear answer"}},
		{"General Pierre Dumont will command it from 2027.", []string{"d:y2027", "name:dumont", "name:pierre"}},
		{"President Emmanuel Macron met NATO and U.S. envoys.", []string{"name:emmanuel", "name:macron", "name:nato", "name:us"}},
		{"Turkey would handle security at sea.", []string{"name:turkey"}},
		{"Allies backed the proposal.", nil},
	}
	for _, tt := range tests {
		if got := factKeys(factsOf(tt.claim, fc)); !slices.Equal(got, tt.want) {
			t.Errorf("factsOf(%q) = %v, want %v", tt.claim, got, tt.want)
		}
	}
}

func TestFactsOfOtherLanguages(t *testing.T) {
	// A French claim: the nouns, quotes and other names are translations
	// the passages cannot hold as written; numbers and acronyms are checked.
	got := factKeys(factsOf("La force pourrait compter de 15 000 à 20 000 soldats (OTAN), « plusieurs milliers ».", factContext{}))
	if want := []string{"n:15000", "n:20000", "name:otan"}; !slices.Equal(got, want) {
		t.Errorf("facts = %v, want %v", got, want)
	}
}

// passageHits makes passages of texts, each its own source.
func passageHits(texts ...string) []retrieval.Hit {
	out := make([]retrieval.Hit, len(texts))
	for i, s := range texts {
		id := fmt.Sprintf("src-%d", i+1)
		out[i] = retrieval.Hit{Rank: i + 1, Chunk: retrieval.Chunk{ID: id + "#0", SourceID: id, Text: s}, Source: retrieval.Source{ID: id, Title: "Source " + id}}
	}
	return out
}

func TestSupportFoldsFormats(t *testing.T) {
	e := newEngine(t, corpus(t), nil, Options{})
	tests := []struct {
		claim, passage string
		want           bool
	}{
		{"The force could number 15,000 troops.", "The force could number 15 000 soldiers.", true},
		{"The force could number fifteen thousand troops.", "Some 15,000 troops could go.", true},
		{"The force could number 15,000 troops.", "The force could number 15,000 euros.", false},
		{"Support reached 40 percent.", "Support reached 40%.", true},
		{"Support reached 40 percent.", "Support reached 40 points.", false},
		{"They pledged €5 billion.", "They pledged 5 billion euros.", true},
		{"They pledged €5 billion.", "They pledged $5 billion.", false},
		{"The war nears four years.", "After nearly 4 years of war.", true},
		{"The war nears four years.", "After nearly four months of war.", false},
		{"They met on January 7, 2026.", "Leaders met on 7 Jan. 2026 in Paris.", true},
		{"They met on January 8, 2026.", "Leaders met on 7 Jan. 2026 in Paris.", false},
		{`Macron called it a "significant step".`, "Macron called it a ''significant step'' forward.", true},
		{`Macron called it a "giant step".`, "Macron called it a ''significant step'' forward.", false},
		{`“The main thing is for Ukraine to be a priority for the U.S.,” he said.`, "''The main thing is for Ukraine to be a priority for (the U.S.), to find tools,'' he said.", true},
		{`“A priority for the EU,” he said.`, "''A priority for (the U.S.), to find tools,'' he said.", false},
		{"Türkiye will patrol the Black Sea.", "TURKIYE will patrol the black sea.", true},
		{"French troops will deploy, Zelensky said.", "France will deploy troops, Zelenskyy said.", true},
		{"General Pierre Dumont will lead it.", "A French general will lead it.", false},
		{"The leaders agreed on binding guarantees.", "The leaders agreed on legally binding guarantees.", true},
		{"The leaders agreed on binding guarantees.", "Fighting continued in the east overnight.", false},
	}
	for _, tt := range tests {
		c := e.newChecker(context.Background(), "", english, passageHits(tt.passage), nil)
		cl := splitClaims(tt.claim+" [1]", 1, c.fc)[0]
		if got := c.supports(&cl, []int{0}); got != tt.want {
			t.Errorf("supports(%q, %q) = %v, want %v (facts %v)", tt.claim, tt.passage, got, tt.want, factKeys(cl.facts))
		}
	}
}

// debugLog is a logger recording debug lines in buf.
func debugLog(buf *bytes.Buffer) *slog.Logger {
	return slog.New(slog.NewTextHandler(buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

func TestRepair(t *testing.T) {
	hits := passageHits(
		"Allies gathered in Paris on Jan 7, 2026. Leaders discussed guarantees.",
		"The force could number 15,000 to 20,000 troops. Türkiye would be responsible for maritime security in the Black Sea.",
		"Zaporizhia faced 856 attacks in a single day.",
		"NATO chief Mark Rutte praised Ukraine's armed forces.",
	)
	tests := []struct {
		name, in, want string
		removed        int
	}{
		{"kept", "The force could number 15,000 to 20,000 troops [2].", "The force could number 15,000 to 20,000 troops [2].", 0},
		{"re-cited", "The force could number 15,000 to 20,000 troops [1].", "The force could number 15,000 to 20,000 troops [2].", 0},
		{"narrowed", "Türkiye would handle security in the Black Sea [1][2].", "Türkiye would handle security in the Black Sea [2].", 0},
		{"two passages", "Zaporizhia faced 856 attacks, and Mark Rutte praised the army [3].", "Zaporizhia faced 856 attacks, and Mark Rutte praised the army [3][4].", 0},
		{"uncited cited", "Allies met in Paris on January 7, 2026.", "Allies met in Paris on January 7, 2026 [1].", 0},
		{"uncited without facts kept", "In short:\n- The force could number 15,000 troops [2].", "In short:\n- The force could number 15,000 troops [2].", 0},
		{"removed", "- The force could number 15,000 troops [2].\n- General Pierre Dumont will command it from 2027 [2].", "- The force could number 15,000 troops [2].", 1},
		{"out of range", "It could reach 100,000 troops [9].", "", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			e := newEngine(t, corpus(t), nil, Options{})
			e.log = debugLog(&buf)
			r := e.repair(tt.in, e.newChecker(context.Background(), "", english, hits, nil), 0)
			if r.text != tt.want || r.removed != tt.removed {
				t.Errorf("repair(%q) = %q (%d removed), want %q (%d removed)", tt.in, r.text, r.removed, tt.want, tt.removed)
			}
			if (r.text != tt.in) != (buf.Len() > 0) {
				t.Errorf("log = %q, want a line for each repair", buf.String())
			}
		})
	}
}

func TestRepairLogsClaimAndCitations(t *testing.T) {
	var buf bytes.Buffer
	e := newEngine(t, corpus(t), nil, Options{})
	e.log = debugLog(&buf)
	hits := passageHits("Leaders met in Paris.", "The force could number 15,000 to 20,000 troops.")
	e.repair("The force could number 15,000 to 20,000 troops [1]. General Pierre Dumont will lead it [2].", e.newChecker(context.Background(), "", english, hits, nil), 0)
	for _, want := range []string{
		`level=DEBUG msg="citation repaired" claim="The force could number 15,000 to 20,000 troops." old=[1] new=[2]`,
		`level=DEBUG msg="claim removed: no passage supports it" claim="General Pierre Dumont will lead it." old=[2] missing="[Pierre Dumont]"`,
	} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("log lacks %q:\n%s", want, buf.String())
		}
	}
}

func TestDraftText(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"Troops [1], with more [2] [7].", "Troops, with more."},
		{"Troops [1", "Troops"},
		{"Troops [1, ", "Troops"},
		{"Troops [see note", "Troops [see note"},
	} {
		if got := draftText(tt.in); got != tt.want {
			t.Errorf("draftText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestLeftOutText(t *testing.T) {
	if got, want := leftOutText(english, 1), "1 statement the loaded sources do not support was left out."; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got, want := leftOutText(english, 2), "2 statements the loaded sources do not support were left out."; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got := leftOutText(detectLanguage("Combien de soldats la France enverra-t-elle en Ukraine ?"), 2); !strings.Contains(got, ": 2 (") {
		t.Errorf("French line %q does not give the count", got)
	}
}

// TestAskRepairsInventedAnswer is the example: a wrong citation is
// re-cited, an invented claim removed and counted, the quote holds the
// claim's facts, and the streamed draft shows no citation.
func TestAskRepairsInventedAnswer(t *testing.T) {
	idx := corpus(t)
	s := llmtest.New(t)
	s.Reply = answerReply(t, func(prompt string) string {
		wrong := 0
		for _, p := range passagesIn(prompt) {
			if !strings.Contains(p.Text, "15,000") {
				wrong = p.N
				break
			}
		}
		return fmt.Sprintf("The force could number 15,000 to 20,000 troops [%d]. The force will be commanded by General Pierre Dumont from 2027 [%d].", wrong, wrong)
	})
	var buf bytes.Buffer
	words, err := commonWords()
	if err != nil {
		t.Fatal(err)
	}
	p, err := prompts.New()
	if err != nil {
		t.Fatal(err)
	}
	e := NewEngine(idx, newChat(s), p, debugLog(&buf), Options{CommonWords: words})
	var partials []string
	a, err := e.Ask(context.Background(), Question{Text: "How many troops could the multinational force include, and who would handle security at sea?"}, func(p string) { partials = append(partials, p) })
	if err != nil {
		t.Fatal(err)
	}
	want := "The force could number 15,000 to 20,000 troops [1].\n\n1 statement the loaded sources do not support was left out."
	if a.Text != want || !a.Found || len(a.Citations) != 1 {
		t.Fatalf("answer = %q %+v, want %q", a.Text, a.Citations, want)
	}
	if q := a.Citations[0].Quote; !strings.Contains(q, "15,000 to 20,000 troops") {
		t.Errorf("quote = %q, want the sentence holding the numbers", q)
	}
	checkGrounded(t, idx, a)
	for _, p := range partials {
		if strings.Contains(p, "[") {
			t.Fatalf("draft %q shows a citation", p)
		}
	}
	if !strings.Contains(buf.String(), `msg="citation repaired"`) || !strings.Contains(buf.String(), `msg="claim removed: no passage supports it"`) {
		t.Errorf("debug log lacks the repairs:\n%s", buf.String())
	}
}

func TestAskAllClaimsUnsupportedIsNotFound(t *testing.T) {
	s := llmtest.New(t)
	s.Reply = answerReply(t, func(string) string {
		return "The force will be commanded by General Pierre Dumont from 2027 [1]. It will have 50,000 troops [2]."
	})
	e := newEngine(t, corpus(t), newChat(s), Options{})
	a, err := e.Ask(context.Background(), Question{Text: troopsQuestion}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if a.Found || a.Text != notFoundText(english) || len(a.Citations) != 0 {
		t.Errorf("answer = %+v, want not found", a)
	}
}

func TestModelSummaryRepairsClaims(t *testing.T) {
	idx := corpus(t)
	s := llmtest.New(t)
	s.Reply = func(req openai.ChatCompletionRequest) string {
		return "- Allies said they would participate in U.S.-led monitoring of any ceasefire [1].\n- The US pledged 40,000 troops [1]."
	}
	a, err := newEngine(t, idx, newChat(s), Options{}).Summarize(context.Background(), SummaryRequest{Topic: "the US role"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(a.Text, "40,000") || !strings.HasSuffix(a.Text, "\n\n"+leftOutText(english, 1)) {
		t.Errorf("summary = %q, want the invented bullet left out and counted", a.Text)
	}
	if !strings.Contains(a.Text, "U.S.-led monitoring") {
		t.Errorf("summary = %q, want the supported bullet kept", a.Text)
	}
	checkGrounded(t, idx, a)
}
