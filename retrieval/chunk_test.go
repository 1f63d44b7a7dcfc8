package retrieval

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// sentenceTexts returns the text of each sentence span.
func sentenceTexts(text string) []string {
	var out []string
	for _, s := range Sentences(text) {
		out = append(out, text[s.Start:s.End])
	}
	return out
}

func TestSentences(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string
	}{
		{"empty", "", nil},
		{"only space", " \n\n\t \n", nil},
		{"two sentences", "Leaders met. They agreed.", []string{"Leaders met.", "They agreed."}},
		{"trimmed", "   Leaders met.   They agreed.  ", []string{"Leaders met.", "They agreed."}},
		{"question and exclamation", "Will troops go? Not yet! Maybe later.", []string{"Will troops go?", "Not yet!", "Maybe later."}},
		{"interrobang run", "Really?! Yes.", []string{"Really?!", "Yes."}},
		{"ellipsis rune", "Wait… What happened?", []string{"Wait…", "What happened?"}},
		{"three dots", "Wait... What happened?", []string{"Wait...", "What happened?"}},
		{"U.S. before lower case", "U.S. envoys came. They left.", []string{"U.S. envoys came.", "They left."}},
		{"U.S. before capital", "Envoys of the U.S. Army came. They left.", []string{"Envoys of the U.S. Army came.", "They left."}},
		{"U.K. and E.U.", "The U.K. Government and the E.U. Commission agreed. Russia did not.", []string{"The U.K. Government and the E.U. Commission agreed.", "Russia did not."}},
		{"Mr. and Mrs.", "Mr. Macron spoke. Mrs. Smith listened.", []string{"Mr. Macron spoke.", "Mrs. Smith listened."}},
		{"Gen. and Dr.", "Gen. Mandon and Dr. Weber met. Nothing leaked.", []string{"Gen. Mandon and Dr. Weber met.", "Nothing leaked."}},
		{"Jan. before a digit", "They met on Jan. 6 in Paris. It was cold.", []string{"They met on Jan. 6 in Paris.", "It was cold."}},
		{"month abbreviations", "Talks ran from Dec. 30 to Feb. 2. Then they stopped.", []string{"Talks ran from Dec. 30 to Feb. 2.", "Then they stopped."}},
		{"e.g. and i.e.", "Hubs, e.g. Kyiv and Lviv, i.e. Western cities. Next.", []string{"Hubs, e.g. Kyiv and Lviv, i.e. Western cities.", "Next."}},
		{"initial", "John F. Kennedy visited Paris. He spoke.", []string{"John F. Kennedy visited Paris.", "He spoke."}},
		{"decimal", "It costs 3.5 billion euros. That is a lot.", []string{"It costs 3.5 billion euros.", "That is a lot."}},
		{"thousands separator", "Up to 15,000 troops. Maybe 20,000.5 later.", []string{"Up to 15,000 troops.", "Maybe 20,000.5 later."}},
		{"digit starts a sentence", "The war began in 2022. 2026 brought talks.", []string{"The war began in 2022.", "2026 brought talks."}},
		{"no space after period", "He left.Then he came back.", []string{"He left.Then he came back."}},
		{"lower case after period", "It costs approx. ten euros. Fine.", []string{"It costs approx. ten euros.", "Fine."}},
		{"straight quotes", `He said "we are ready." Then he left.`, []string{`He said "we are ready."`, "Then he left."}},
		{"curly quotes", "“We are ready,” Macron said. “Nobody doubts it.” Zelenskyy agreed.", []string{"“We are ready,” Macron said.", "“Nobody doubts it.”", "Zelenskyy agreed."}},
		{"question inside quote", `"Is it over?" she asked. No.`, []string{`"Is it over?" she asked.`, "No."}},
		{"AP double apostrophes", "He said: ''So far, no answer.'' Allies disagreed.", []string{"He said: ''So far, no answer.''", "Allies disagreed."}},
		{"brackets", "(This is an aside.) Next one.", []string{"(This is an aside.)", "Next one."}},
		{"line break ends a sentence", "A heading without stop\nThe text follows.", []string{"A heading without stop", "The text follows."}},
		{"paragraphs", "First paragraph.\n\nSecond paragraph.", []string{"First paragraph.", "Second paragraph."}},
		{"CRLF", "First line.\r\nSecond line.\r\n", []string{"First line.", "Second line."}},
		{"dash starts a sentence", "He left. — Then silence.", []string{"He left.", "— Then silence."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := sentenceTexts(tt.text)
			if !slices.Equal(got, tt.want) {
				t.Errorf("Sentences(%q)\n got %q\nwant %q", tt.text, got, tt.want)
			}
		})
	}
}

// TestSentencesCoverText checks, on real articles, that sentence spans are
// ordered, disjoint, trimmed and together cover every non-space character.
func TestSentencesCoverText(t *testing.T) {
	texts := map[string]string{"tricky-article.txt": readFixture(t, "chunking/tricky-article.txt")}
	for _, a := range allArticles(t) {
		texts[a.file] = a.doc.Text
	}
	for name, text := range texts {
		t.Run(name, func(t *testing.T) {
			spans := Sentences(text)
			if len(spans) == 0 {
				t.Fatal("no sentences")
			}
			covered := make([]bool, len(text))
			prevEnd := 0
			for _, s := range spans {
				if s.Start < prevEnd || s.End <= s.Start || s.End > len(text) {
					t.Fatalf("bad span %v after end %d", s, prevEnd)
				}
				st := text[s.Start:s.End]
				if st != strings.TrimSpace(st) {
					t.Errorf("span %v not trimmed: %q", s, st)
				}
				for i := s.Start; i < s.End; i++ {
					covered[i] = true
				}
				prevEnd = s.End
			}
			for i, r := range text {
				if !covered[i] && !unicode.IsSpace(r) {
					t.Fatalf("byte %d (%q) is in no sentence", i, r)
				}
			}
		})
	}
}

func TestIsHeading(t *testing.T) {
	tests := []struct {
		line string
		want bool
	}{
		{"The plan in brief", true},
		{"What comes next", true},
		{"  Zelenskyy's assessment  ", true},
		{"Reporting by Jane Doe; Editing by John Smith", true},
		{"", false},
		{"Troops would not be sent to the front line.", false},
		{"Will troops be sent?", false},
		{"Not yet!", false},
		{"He said: ''We are ready.''", false}, // AP-style closing quote
		{`He said: "We are ready."`, false},
		{"He said: “We are ready.”", false},
		{"He said: ‘We are ready.’", false},
		{"Options include (see below)", false},
		{"To be continued…", false},
		{"The following:", false},
		{strings.Repeat("word ", 19), false}, // over 90 characters
		{strings.Repeat("x", 90), true},      // 90 characters
		{strings.Repeat("x", 91), false},
		{"   ", false},
		{"\n", false},
		{"Kyiv, Paris and London,", false}, // a broken line, not a heading
		{"Security guarantees (explained)", false},
		{"Élysée talks — the outcome", true},
		{"Reuters", true},
	}
	for _, tt := range tests {
		if got := IsHeading(tt.line); got != tt.want {
			t.Errorf("IsHeading(%q) = %v, want %v", tt.line, got, tt.want)
		}
	}
}

// sentenceInfo describes the sentences of a text by byte offset.
type sentenceInfo struct {
	spans   []Span
	byStart map[int]int // start offset -> sentence index
	byEnd   map[int]int // end offset -> sentence index
}

func newSentenceInfo(spans []Span) sentenceInfo {
	si := sentenceInfo{spans: spans, byStart: map[int]int{}, byEnd: map[int]int{}}
	for i, s := range si.spans {
		si.byStart[s.Start] = i
		si.byEnd[s.End] = i
	}
	return si
}

// runeLen is the length of the sentences [from, to) as the chunker counts
// it: their characters plus one separator between two sentences.
func (si sentenceInfo) runeLen(text string, from, to int) int {
	n := 0
	for k := from; k < to; k++ {
		n += utf8.RuneCountInString(text[si.spans[k].Start:si.spans[k].End])
	}
	return n + max(0, to-from-1)
}

// checkChunks asserts every invariant Split promises for one text.
func checkChunks(t *testing.T, c Chunker, id, text string, chunks []Chunk) {
	t.Helper()
	size, overlap := c.settings()
	// The units are the sentences, with those over twice the size cut at
	// word boundaries; TestSplitLongRuns checks the cutting.
	si := newSentenceInfo(c.units(text))
	if len(si.spans) == 0 {
		if len(chunks) != 0 {
			t.Fatalf("%d chunks for a text without sentences", len(chunks))
		}
		return
	}
	if len(chunks) == 0 {
		t.Fatal("no chunks for a text with sentences")
	}
	if got, want := chunks[0].Start, si.spans[0].Start; got != want {
		t.Errorf("first chunk starts at %d, first sentence at %d", got, want)
	}
	if got, want := chunks[len(chunks)-1].End, si.spans[len(si.spans)-1].End; got != want {
		t.Errorf("last chunk ends at %d, last sentence at %d", got, want)
	}
	for p, ch := range chunks {
		if got, want := ch.ID, fmt.Sprintf("%s#%d", id, p); got != want {
			t.Errorf("chunk %d: ID %q, want %q", p, got, want)
		}
		if ch.Position != p || ch.SourceID != id {
			t.Errorf("chunk %d: Position %d SourceID %q, want %d %q", p, ch.Position, ch.SourceID, p, id)
		}
		if ch.Start < 0 || ch.End > len(text) || ch.Start >= ch.End || text[ch.Start:ch.End] != ch.Text {
			t.Fatalf("chunk %d: [%d,%d) does not match its text %q", p, ch.Start, ch.End, ch.Text)
		}
		first, okStart := si.byStart[ch.Start]
		last, okEnd := si.byEnd[ch.End]
		if !okStart || !okEnd {
			t.Fatalf("chunk %d [%d,%d) splits a sentence: %q", p, ch.Start, ch.End, ch.Text)
		}
		n := last - first + 1
		if l := si.runeLen(text, first, last+1); n > 1 && l > size {
			t.Errorf("chunk %d: %d sentences of %d characters, over the size %d", p, n, l, size)
		}
		if l := utf8.RuneCountInString(ch.Text); l > MaxPassage || n == 1 && l > cutLimit(size) {
			t.Errorf("chunk %d: %d characters in %d sentences, over the limit", p, l, n)
		}
		lastSent := text[si.spans[last].Start:si.spans[last].End]
		if IsHeading(lastSent) && p < len(chunks)-1 {
			allHeadings := true
			for k := first; k <= last; k++ {
				allHeadings = allHeadings && IsHeading(text[si.spans[k].Start:si.spans[k].End])
			}
			if !allHeadings {
				t.Errorf("chunk %d ends on the heading %q", p, lastSent)
			}
		}
		if p == 0 {
			continue
		}
		prev := chunks[p-1]
		prevLast := si.byEnd[prev.End]
		if ch.Start <= prev.Start || ch.End <= prev.End {
			t.Errorf("chunk %d [%d,%d) does not advance past chunk %d [%d,%d): %q", p, ch.Start, ch.End, p-1, prev.Start, prev.End, ch.Text)
		}
		if first > prevLast+1 {
			t.Errorf("chunks %d and %d leave sentences %d..%d out", p-1, p, prevLast+1, first-1)
		}
		if first <= prevLast {
			// The overlap is whole trailing sentences of the previous chunk.
			rep := 0
			for k := first; k <= prevLast; k++ {
				rep += utf8.RuneCountInString(text[si.spans[k].Start:si.spans[k].End])
			}
			if rep > overlap {
				t.Errorf("chunk %d repeats %d characters of chunk %d, overlap is %d", p, rep, p-1, overlap)
			}
			if !strings.HasSuffix(prev.Text, text[ch.Start:prev.End]) {
				t.Errorf("chunk %d does not begin with the end of chunk %d", p, p-1)
			}
		}
	}
}

func TestSplitInvariants(t *testing.T) {
	texts := map[string]string{}
	for _, f := range []string{"tricky-article.txt", "long-sentence.txt", "headings-only.txt", "empty.txt", "blank.txt"} {
		texts[f] = readFixture(t, "chunking/"+f)
	}
	for _, a := range allArticles(t) {
		texts[a.file] = strings.TrimSpace(a.doc.Text)
	}
	chunkers := []Chunker{
		{}, // defaults
		{Size: 600, Overlap: 150},
		{Size: 300, Overlap: 100},
		{Size: 200, Overlap: 150},
		{Size: 120, Overlap: 0},
		{Size: 1000, Overlap: 999},
		{Size: 100, Overlap: 500}, // overlap >= size: no overlap
		{Size: 80, Overlap: -5},
		{Size: 5000, Overlap: 200},
	}
	for _, c := range chunkers {
		for name, text := range texts {
			t.Run(fmt.Sprintf("%d-%d/%s", c.Size, c.Overlap, name), func(t *testing.T) {
				checkChunks(t, c, "src", text, c.Split("src", text))
			})
		}
	}
}

func TestSplit(t *testing.T) {
	// Sentences of known lengths, so expected chunks can be worked out by hand.
	a := "Aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa."   // 45 characters
	b := "Bbbb bbbb bbbb bbbb bbbb bbbb bbbb bbbb bbbb."   // 45
	c := "Cccc cccc cccc cccc."                            // 20
	d := "Dddd dddd dddd dddd dddd dddd dddd dddd dddd."   // 45
	long := "L" + strings.Repeat("ong ", 40) + "sentence." // 170
	for s, want := range map[string]int{a: 45, b: 45, c: 20, d: 45, long: 170} {
		if len(s) != want {
			t.Fatalf("len(%q) = %d, want %d", s, len(s), want)
		}
	}
	tests := []struct {
		name    string
		chunker Chunker
		text    string
		want    []string
	}{
		{"empty", Chunker{Size: 100}, "", nil},
		{"blank", Chunker{Size: 100}, "  \n \n", nil},
		{"one chunk", Chunker{Size: 1000, Overlap: 100}, a + " " + b, []string{a + " " + b}},
		{"exact fit", Chunker{Size: 91}, a + " " + b + " " + c, []string{a + " " + b, c}},
		{"one over", Chunker{Size: 90}, a + " " + b + " " + c, []string{a, b + " " + c}},
		{"no overlap", Chunker{Size: 100}, a + " " + b + " " + c + " " + d, []string{a + " " + b, c + " " + d}},
		{
			"overlap repeats whole trailing sentences",
			Chunker{Size: 120, Overlap: 30},
			a + " " + b + " " + c + " " + d + " " + a,
			[]string{a + " " + b + " " + c, c + " " + d + " " + a},
		},
		{
			"overlap too small for the last sentence",
			Chunker{Size: 120, Overlap: 19},
			a + " " + b + " " + c + " " + d + " " + a,
			[]string{a + " " + b + " " + c, d + " " + a},
		},
		{
			"overlap of two sentences",
			Chunker{Size: 120, Overlap: 65},
			a + " " + b + " " + c + " " + d + " " + a,
			[]string{a + " " + b + " " + c, b + " " + c + " " + d, c + " " + d + " " + a},
		},
		{"long sentence alone", Chunker{Size: 100, Overlap: 50}, a + " " + long + " " + c, []string{a, long, c}},
		{"long sentence only", Chunker{Size: 100}, long, []string{long}},
		{
			"paragraph breaks kept inside a chunk",
			Chunker{Size: 200},
			a + "\n\n" + b,
			[]string{a + "\n\n" + b},
		},
		{
			"heading carried to the next chunk",
			Chunker{Size: 90},
			a + "\n\nThe plan\n\n" + b + " " + c,
			[]string{a, "The plan\n\n" + b + " " + c},
		},
		{
			"two headings carried",
			Chunker{Size: 100},
			a + "\n\nPart one\n\nThe plan\n\n" + b + " " + c,
			[]string{a, "Part one\n\nThe plan\n\n" + b + " " + c},
		},
		{
			"trailing byline stays with the text",
			Chunker{Size: 600, Overlap: 150},
			a + "\n\n" + b + "\n\nReporting by Jane Doe; Editing by John Smith",
			[]string{a + "\n\n" + b + "\n\nReporting by Jane Doe; Editing by John Smith"},
		},
		{
			"a list of short lines is not cut line by line",
			Chunker{Size: 100},
			"France\nGermany\nItaly\nPoland\n" + long,
			[]string{"France\nGermany\nItaly\nPoland", long},
		},
		{
			"no chunk repeats only the previous chunk's overlap",
			Chunker{Size: 100, Overlap: 90},
			a + " " + b + " " + long,
			[]string{a + " " + b, long},
		},
		{
			"AP quote at a paragraph end is not a heading",
			Chunker{Size: 80},
			b + "\n\nHe said: ''We are ready.''\n\n" + c + " " + d,
			[]string{b + "\n\nHe said: ''We are ready.''", c + " " + d},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			chunks := tt.chunker.Split("doc", tt.text)
			var got []string
			for _, ch := range chunks {
				got = append(got, ch.Text)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("Split\n got %q\nwant %q", got, tt.want)
			}
			checkChunks(t, tt.chunker, "doc", tt.text, chunks)
		})
	}
}

func TestSplitIDs(t *testing.T) {
	text := readFixture(t, "chunking/tricky-article.txt")
	chunks := Chunker{Size: 150, Overlap: 40}.Split("paris-talks-2", text)
	if len(chunks) < 11 {
		t.Fatalf("got %d chunks, want at least 11 to cover two-digit positions", len(chunks))
	}
	for p, ch := range chunks {
		want := "paris-talks-2#" + fmt.Sprint(p)
		if ch.ID != want || ch.Position != p || ch.SourceID != "paris-talks-2" {
			t.Errorf("chunk %d: (%q, %d, %q), want (%q, %d, %q)", p, ch.ID, ch.Position, ch.SourceID, want, p, "paris-talks-2")
		}
		if got := sourceOfChunk(ch.ID); got != "paris-talks-2" {
			t.Errorf("sourceOfChunk(%q) = %q", ch.ID, got)
		}
	}
	// Splitting is deterministic.
	if again := (Chunker{Size: 150, Overlap: 40}).Split("paris-talks-2", text); !slices.Equal(again, chunks) {
		t.Error("a second Split gave different chunks")
	}
}

// TestSplitKeepsPhrases checks on the fixture that abbreviations, numbers and
// quotes never end up at a chunk boundary, whatever the chunk size.
func TestSplitKeepsPhrases(t *testing.T) {
	text := readFixture(t, "chunking/tricky-article.txt")
	phrases := []string{
		"PARIS (Jan. 6, 2026) — Leaders",
		"Mr. Macron hosted",
		"which U.S. envoys attended",
		"up to 15,000 troops",
		"3.5 billion euros",
		"Gen. Fabien Mandon",
		`said planning was "well advanced."`,
		"Britain's Mr. Starmer said the U.K. would lead",
		"“We are ready to act,” Macron told reporters.",
		"questions remained about U.S. backing.",
		"e.g. near Kyiv and Lviv",
		"Col. Dupont said.",
		"''We determined how the ceasefire will be verified.''",
	}
	for _, size := range []int{40, 80, 150, 300} {
		for _, ch := range (Chunker{Size: size, Overlap: size / 3}).Split("x", text) {
			for _, p := range phrases {
				if i := strings.Index(text, p); i < 0 {
					t.Fatalf("fixture lacks %q", p)
				} else if ch.Start > i && ch.Start < i+len(p) || ch.End > i && ch.End < i+len(p) {
					t.Errorf("size %d: chunk %d [%d,%d) cuts %q: %q", size, ch.Position, ch.Start, ch.End, p, ch.Text)
				}
			}
		}
	}
}

func TestSplitLongRuns(t *testing.T) {
	words := func(n int) string {
		var b strings.Builder
		for i := range n {
			if i > 0 {
				b.WriteByte(' ')
			}
			fmt.Fprintf(&b, "word%d", i%97)
		}
		return b.String()
	}
	token := strings.Repeat("x", 5000)
	tests := []struct {
		name    string
		chunker Chunker
		text    string
		// hard is whether a piece may end inside a word (a token over the size).
		hard bool
	}{
		{"no punctuation", Chunker{}, words(3000), false},
		{"no punctuation, lines", Chunker{Size: 300, Overlap: 50}, words(400) + "\n" + words(900) + "\n\n" + words(30), false},
		{"one huge line", Chunker{Size: 600, Overlap: 150}, strings.Repeat("ab cde fghij, klm ", 20000), false},
		{"accented words", Chunker{Size: 200}, strings.Repeat("éèà ççç ", 800), false},
		{"5000-char token", Chunker{}, token, true},
		{"token among words", Chunker{Size: 600, Overlap: 100}, words(100) + " " + token + " " + words(100) + ". Then a sentence.", true},
		{"size over the passage limit", Chunker{Size: 5000}, words(2000), false},
		{"multi-byte token", Chunker{Size: 100}, strings.Repeat("ü", 3000), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			chunks := tt.chunker.Split("src", tt.text)
			checkChunks(t, tt.chunker, "src", tt.text, chunks)
			size, _ := tt.chunker.settings()
			for p, ch := range chunks {
				if got := utf8.RuneCountInString(ch.Text); got > size+5 || got > MaxPassage {
					t.Errorf("chunk %d: %d characters, want at most %d: %q", p, got, min(size, MaxPassage), ch.Text)
				}
				if !utf8.ValidString(ch.Text) {
					t.Errorf("chunk %d is not valid UTF-8", p)
				}
				if tt.hard {
					continue
				}
				before, _ := utf8.DecodeLastRuneInString(tt.text[:ch.Start])
				after, _ := utf8.DecodeRuneInString(tt.text[ch.End:])
				if ch.Start > 0 && !unicode.IsSpace(before) || ch.End < len(tt.text) && !unicode.IsSpace(after) {
					t.Errorf("chunk %d [%d,%d) is not cut at word boundaries: %q", p, ch.Start, ch.End, ch.Text)
				}
			}
			if tt.chunker.Overlap == 0 {
				var got []string
				for _, ch := range chunks {
					got = append(got, ch.Text)
				}
				if want := strings.Fields(tt.text); !tt.hard && !slices.Equal(strings.Fields(strings.Join(got, " ")), want) {
					t.Errorf("the chunks do not hold the words of the text in order")
				}
				if tt.hard && strings.Join(strings.Fields(strings.Join(got, "")), "") != strings.Join(strings.Fields(tt.text), "") {
					t.Errorf("the chunks do not hold the text in order")
				}
			}
		})
	}
}
