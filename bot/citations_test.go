package bot

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/summitbot/summitbot/retrieval"
)

func TestGroundCitations(t *testing.T) {
	hits := loadHits(t, "passages.json") // 3 passages
	tests := []struct {
		name    string
		in      string
		want    string
		sources []int // 1-based passages the citations point to, in order
	}{
		{"valid kept", "A [1]. B [2]. C [3].", "A [1]. B [2]. C [3].", []int{1, 2, 3}},
		{"out of range removed", "Troops [0]. Envoys [9]. Macron [2].", "Troops. Envoys. Macron [1].", []int{2}},
		{"only invalid", "One [4]. Two [0].", "One. Two.", nil},
		{"comma group", "Both say so [1, 3].", "Both say so [1][2].", []int{1, 3}},
		{"semicolon group", "Both say so [3; 1].", "Both say so [1][2].", []int{3, 1}},
		{"group with an invalid number", "Claim [9, 2].", "Claim [1].", []int{2}},
		{"adjacent", "Claim [2][3].", "Claim [1][2].", []int{2, 3}},
		{"renumbered by first appearance", "A [3]. B [1]. C [3]. D [2].", "A [1]. B [2]. C [1]. D [3].", []int{3, 1, 2}},
		{"space before punctuation tidied", "Troops [9] , envoys [0] ; Paris [9] ! Why [0] ? End [9] .", "Troops, envoys; Paris! Why? End.", nil},
		{"repeated spaces collapsed", "A  [9]  B [1]", "A B [1]", []int{1}},
		{"lines and list indentation kept", "Intro:\n- A [1]\n  - B [9]\n- C [2]", "Intro:\n- A [1]\n  - B\n- C [2]", []int{1, 2}},
		{"four digits are not a citation", "In [2025] it [1].", "In [2025] it [1].", []int{1}},
		{"no citations", "Nothing cited here.", "Nothing cited here.", nil},
		{"empty", "", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, cites := groundCitations(tt.in, hits)
			if got != tt.want {
				t.Errorf("text = %q, want %q", got, tt.want)
			}
			var gotSources []int
			for i, c := range cites {
				if c.N != i+1 {
					t.Errorf("citation %d has N=%d", i, c.N)
				}
				p := slices.IndexFunc(hits, func(h retrieval.Hit) bool { return h.Source.ID == c.SourceID }) + 1
				gotSources = append(gotSources, p)
			}
			if !slices.Equal(gotSources, tt.sources) {
				t.Errorf("citations point to passages %v, want %v", gotSources, tt.sources)
			}
		})
	}
}

func TestGroundCitationsCarriesSourceAndQuote(t *testing.T) {
	hits := loadHits(t, "passages.json")
	text, cites := groundCitations("The US would lead ceasefire monitoring with drones and satellites [3]. The force could number 15,000 to 20,000 troops [1].", hits)
	if want := "The US would lead ceasefire monitoring with drones and satellites [1]. The force could number 15,000 to 20,000 troops [2]."; text != want {
		t.Fatalf("text = %q, want %q", text, want)
	}
	want := []Citation{
		{
			N: 1, SourceID: "unveil", Title: "Ukraine Allies Unveil Security Guarantees at Paris Summit",
			URL:   "https://example.org/unveil",
			Quote: "While Washington is not expected to deploy troops on the ground, the United States would lead a ceasefire monitoring and verification mechanism using drones and satellites.",
		},
		{
			N: 2, SourceID: "allies-redraw", Title: "15,000–30,000 Troops, US Backing, Binding Guarantees: Allies Redraw Ukraine’s Security Future",
			Outlet: "Kyiv Post", URL: "https://example.org/allies-redraw", Published: "2026-01-06",
			Quote: "According to officials familiar with the proposal, the force could number 15,000 to 20,000 troops, with some estimates reaching up to 30,000.",
		},
	}
	if !slices.Equal(cites, want) {
		t.Errorf("citations:\n got %+v\nwant %+v", cites, want)
	}
}

func TestGroundCitationsQuoteFollowsTheClaims(t *testing.T) {
	hits := loadHits(t, "passages.json")
	// Two claims cite the same passage; the quote is the passage sentence
	// sharing most words with them.
	_, cites := groundCitations("Türkiye would handle maritime security in the Black Sea [1]. France and the UK would provide most ground forces [1].", hits)
	if len(cites) != 1 {
		t.Fatalf("got %d citations, want 1", len(cites))
	}
	if want := "France and the UK would provide the bulk of ground forces, while Türkiye would be responsible for maritime security in the Black Sea."; !strings.HasPrefix(cites[0].Quote, want) {
		t.Errorf("quote = %q, want it to start %q", cites[0].Quote, want)
	}
}

func TestBestQuote(t *testing.T) {
	long := "The coalition said " + strings.Repeat("that the guarantees would be binding and lasting, ", 10) + "after any ceasefire."
	tests := []struct {
		name    string
		passage string
		claim   string
		want    string
	}{
		{
			name:    "sentence sharing most words",
			passage: "Leaders met in Paris on Tuesday to discuss how Ukraine could be protected once the fighting stops, and agreed on a declaration. The multinational force could number 15,000 to 20,000 troops according to officials familiar with the drafts under discussion. Italy ruled out sending its own soldiers to Ukraine under any plan that has been discussed so far.",
			claim:   "The force could include up to 20,000 troops [1].",
			want:    "The multinational force could number 15,000 to 20,000 troops according to officials familiar with the drafts under discussion.",
		},
		{
			name:    "short sentence extended with the next one",
			passage: "Italy refused. Germany wants a Bundestag vote first. Poland will help with logistics from its own territory.",
			claim:   "Germany needs parliament's approval, a Bundestag vote.",
			want:    "Germany wants a Bundestag vote first. Poland will help with logistics from its own territory.",
		},
		{
			name:    "headings are never quoted",
			passage: "US role ground troops support\n\nWhile Washington is not expected to deploy troops on the ground, the United States would play a vital role alongside coalition partners in the monitoring.",
			claim:   "US role: support without ground troops.",
			want:    "While Washington is not expected to deploy troops on the ground, the United States would play a vital role alongside coalition partners in the monitoring.",
		},
		{
			name:    "no claim: the first real sentence",
			passage: "Summit in Paris\n\nThe leaders of more than thirty countries met at the Élysée Palace in Paris on Tuesday, the largest such gathering so far. A declaration followed in the evening after long talks between delegations.",
			claim:   "",
			want:    "The leaders of more than thirty countries met at the Élysée Palace in Paris on Tuesday, the largest such gathering so far.",
		},
		{
			name:    "clipped to 320 characters at a word boundary",
			passage: long,
			claim:   "binding guarantees",
			want:    clip(long, maxQuote),
		},
		{"empty passage", "", "anything", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := bestQuote(tt.passage, tt.claim)
			if got != tt.want {
				t.Errorf("bestQuote = %q, want %q", got, tt.want)
			}
			if n := utf8.RuneCountInString(got); n > maxQuote+1 {
				t.Errorf("quote has %d characters, more than %d plus an ellipsis", n, maxQuote)
			}
			if !strings.Contains(tt.passage, strings.TrimSuffix(got, "…")) {
				t.Errorf("quote is not taken from the passage: %q", got)
			}
		})
	}
	if got := bestQuote(long, "binding"); !strings.HasSuffix(got, "…") || utf8.RuneCountInString(got) > maxQuote+1 {
		t.Errorf("long quote not clipped: %d characters, %q", utf8.RuneCountInString(got), got)
	}
}

func TestClip(t *testing.T) {
	tests := []struct {
		in   string
		n    int
		want string
	}{
		{"short", 10, "short"},
		{"  padded  ", 10, "padded"},
		{"exactly ten", 11, "exactly ten"},
		{"one two three four", 12, "one two…"},
		{"abcdefghijklmnop", 5, "abcde…"},
		{"ééééé ééééé", 7, "ééééé…"},
		{"a bcdefghijkl", 10, "a bcdefghi…"}, // the only space is too early to cut at
	}
	for _, tt := range tests {
		if got := clip(tt.in, tt.n); got != tt.want {
			t.Errorf("clip(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
		}
	}
}

func TestTidySpaces(t *testing.T) {
	tests := []struct{ in, want string }{
		{"a  b", "a b"},
		{"claim .", "claim."},
		{"a , b ; c : d ! e ?", "a, b; c: d! e?"},
		{"tab\tseparated", "tab separated"},
		{"- item\n  - nested  item\n\tthird", "- item\n  - nested item\n  third"},
		{"  leading and trailing  \n", "leading and trailing"},
		{"para one\n\npara two", "para one\n\npara two"},
	}
	for _, tt := range tests {
		if got := tidySpaces(tt.in); got != tt.want {
			t.Errorf("tidySpaces(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCitedNumbers(t *testing.T) {
	tests := []struct {
		in   string
		want []int
	}{
		{"none", nil},
		{"a [3] b [1, 2] c [3][10]", []int{1, 2, 3, 10}},
		{"[0] and [2025]", []int{0}},
		{"[1;4]", []int{1, 4}},
	}
	for _, tt := range tests {
		if got := citedNumbers(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("citedNumbers(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestCitationQuoteIsOneLine(t *testing.T) {
	hits := loadHits(t, "passages.json")
	hits[0].Chunk.Text = "Short lead.\n\nThe force could number 15,000 to 20,000 troops."
	_, cites := groundCitations("A short lead [1].", hits)
	if len(cites) != 1 {
		t.Fatalf("citations = %+v", cites)
	}
	if want := "Short lead. The force could number 15,000 to 20,000 troops."; cites[0].Quote != want {
		t.Errorf("quote = %q, want %q", cites[0].Quote, want)
	}
}

func TestProse(t *testing.T) {
	tests := []struct {
		s    string
		want bool
	}{
		{"", false},     // empty: retrieval.IsHeading says no heading, but it is no sentence either
		{"  \n", false}, // blank
		{"US role ground troops support", false},
		{"Leaders met in Paris on Tuesday.", true},
		{"Leaders met in Paris on Tuesday,", true}, // a trailing comma is not a heading's ending
		{"Leaders met in Paris on Tuesday”", true},
		{strings.Repeat("x", 90), false}, // up to 90 characters without closing punctuation: a heading (the chunker's rule)
		{strings.Repeat("x", 91), true},
	}
	for _, tt := range tests {
		if got := prose(tt.s); got != tt.want {
			t.Errorf("prose(%q) = %v, want %v", tt.s, got, tt.want)
		}
	}
}
