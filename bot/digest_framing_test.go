package bot

import (
	"context"
	"strings"
	"testing"

	"github.com/summitbot/summitbot/retrieval"
)

const (
	framingRussia = "Russia has responded to the Paris declaration with stark warnings."
	zakharova     = "On 8 January 2026, Foreign Ministry spokeswoman Maria Zakharova said that “any military units and facilities deployed by Western countries on Ukrainian territory will be regarded as legitimate targets of the Russian Armed Forces,” calling the coalition an axis of war."
)

func TestFrames(t *testing.T) {
	tests := []struct {
		s    string
		want bool
	}{
		// Framing: a general noun announces what the sentence does not tell.
		{framingRussia, true},
		{"Moscow reacted with warnings of its own.", true},
		{"The Kremlin voiced concerns.", true},
		{"Officials in Paris gave few details.", true},
		{"Several questions remain unanswered.", true},
		{"Leaders discussed the next steps.", true},
		{"Germany’s reaction was muted.", true},
		{"Foreign Ministry spokeswoman Maria Zakharova issued warnings.", true}, // the name is its subject
		// Concrete look-alikes: the same nouns, and what they are.
		{"Russia warned that any Western troops in Ukraine would be legitimate targets.", false},
		{"Moscow reacted with warnings that Western soldiers would be treated as enemies.", false},
		{"Russia responded with warnings of strikes on foreign bases.", false},
		{"Russia responded with stark warnings on 8 January.", false},
		{"Russia’s response came from Maria Zakharova, the foreign ministry spokeswoman.", false},
		{"Details of the force were not made public.", false},
		{"Italy raised concerns about sending troops.", false},
		{"The UK pledged £3 billion in new measures.", false},
		{"Russia voiced “grave concerns”.", false},
		{"The Czech Republic refused to send troops.", false}, // no general noun
		{"Two dozen nations raised concerns.", false},
		{"Russia has responded to the Paris declaration, which it called an axis of war, with warnings.", false},
	}
	for _, tt := range tests {
		if got := frames(tt.s); got != tt.want {
			t.Errorf("frames(%q) = %v, want %v", tt.s, got, tt.want)
		}
	}
}

func TestCarriesSpecifics(t *testing.T) {
	tests := []struct {
		s    string
		want bool
	}{
		{zakharova, true},
		{"She argued that the plan is far from a peaceful settlement.", true},
		{"Moscow called the coalition an axis of war, said spokeswoman Maria Zakharova.", true},
		{"The Kremlin voiced concerns.", false}, // frames itself
		{"The mood in Moscow was grim.", false},
		{"Officials spoke at length.", false},
	}
	for _, tt := range tests {
		if got := carriesSpecifics(tt.s); got != tt.want {
			t.Errorf("carriesSpecifics(%q) = %v, want %v", tt.s, got, tt.want)
		}
	}
}

// A framing sentence is a candidate only as the lead of the pair it makes
// with the sentence after it, and not at all when that one is as vague.
func TestPointsLeadFramingIntoWhatFollows(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string // the points, a lead as "lead → pair"
	}{
		{
			"followed by specifics",
			"Russia Draws a Red Line\n\n" + framingRussia + " " + zakharova,
			[]string{framingRussia + " → " + framingRussia + " " + zakharova, zakharova},
		},
		{
			"followed by a sentence pointing back",
			framingRussia + " She said that any Western units in Ukraine would be legitimate targets.",
			[]string{framingRussia + " → " + framingRussia + " She said that any Western units in Ukraine would be legitimate targets."},
		},
		{
			"followed by nothing specific",
			framingRussia + " The mood in the Kremlin was grim and tense.",
			[]string{"The mood in the Kremlin was grim and tense."},
		},
		{
			"last of its chunk",
			"Allies pledged to deploy troops on land, at sea and in the air. " + framingRussia,
			[]string{"Allies pledged to deploy troops on land, at sea and in the air."},
		},
		{
			"concrete look-alike",
			"Russia warned that any Western troops in Ukraine would be legitimate targets. " + zakharova,
			[]string{"Russia warned that any Western troops in Ukraine would be legitimate targets.", zakharova},
		},
	}
	for _, tt := range tests {
		hits := []retrieval.Hit{{Chunk: retrieval.Chunk{Text: tt.text}, Source: retrieval.Source{ID: "a"}}}
		var got []string
		for _, p := range points(hits, retrieval.Words) {
			switch {
			case p.then != nil:
				got = append(got, p.text+" → "+p.then.text)
			case strings.HasPrefix(p.text, framingRussia):
				// The pair a lead stands for: listed with its lead.
			default:
				got = append(got, p.text)
			}
		}
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("%s: points = %q, want %q", tt.name, got, tt.want)
		}
	}
}

// A lead chosen is taken with what it announces, or not at all when that
// does not fit.
func TestPickMMRTakesFramingWithWhatFollows(t *testing.T) {
	mk := func(text string, score float64) *point {
		return &point{source: "a", text: text, terms: termSet(retrieval.Words(text)), score: score, facet: facetRussia}
	}
	lead, pair := mk(framingRussia, 1), mk(framingRussia+" "+zakharova, 0.9)
	lead.then = pair
	other := mk("Allies pledged to deploy troops on land, at sea and in the air.", 0.5)
	ps := []*point{lead, pair, other}
	sim := newSimilarity(ps)
	tests := []struct {
		name string
		room int // characters the bullets may take
		want []string
	}{
		{"room for the pair", 1000, []string{pair.text, other.text}},
		{"room for the lead only", 200, []string{other.text}},
	}
	for _, tt := range tests {
		fits := func(chosen []*point) bool {
			n := 0
			for _, p := range chosen {
				n += len(p.text)
			}
			return n <= tt.room
		}
		var got []string
		for _, p := range pickMMR(ps, sim, 5, true, fits) {
			got = append(got, p.text)
		}
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("%s: picked %q, want %q", tt.name, got, tt.want)
		}
	}
}

// In the summary of everything and of Russia's reaction, the framing
// sentence of the corpus is no bullet by itself.
func TestDigestNoFramingBulletAlone(t *testing.T) {
	idx := corpus(t)
	e := newEngine(t, idx, nil, Options{})
	for _, topic := range []string{"", "Russia's reaction"} {
		hits, scope, err := e.material(context.Background(), topic, "", english)
		if err != nil || len(hits) == 0 {
			t.Fatalf("material of %q: %d hits, %v", topic, len(hits), err)
		}
		text, _ := digest(scope, hits, idx.Terms, 0)
		for _, line := range strings.Split(text, "\n") {
			b, ok := strings.CutPrefix(line, "- ")
			if !ok {
				continue
			}
			if b = b[:strings.LastIndex(b, " [")]; frames(b) {
				t.Errorf("summary of %q: framing bullet %q", topic, b)
			}
			if strings.HasPrefix(b, framingRussia) && !strings.Contains(b, "Zakharova") {
				t.Errorf("summary of %q: %q without what it announces", topic, b)
			}
		}
	}
}
