package bot

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	openai "github.com/sashabaranov/go-openai"

	"github.com/summitbot/summitbot/bot/llmtest"
	"github.com/summitbot/summitbot/retrieval"
)

// invented is a note no source supports; the checks must remove it.
const invented = "General Pierre Dumont will command the force from 2027"

var (
	citeNumRe    = regexp.MustCompile(`\[(\d+)\]`)
	notesBlockRe = regexp.MustCompile(`(?s)<notes>\n(.*?)\n</notes>`)
	partRe       = regexp.MustCompile(`These passages are part (\d+) of (\d+) of the article\.`)
)

// firstProse is the first sentence of a passage that is not a heading.
func firstProse(text string) string {
	for _, sp := range retrieval.Sentences(text) {
		if s := strings.TrimSpace(text[sp.Start:sp.End]); prose(s) {
			return s
		}
	}
	return strings.TrimSpace(text)
}

// plainProse is the first sentence of a passage that is not a heading and
// quotes no one (the claim check misjudges some quotations), or firstProse.
func plainProse(text string) string {
	for _, sp := range retrieval.Sentences(text) {
		if s := strings.TrimSpace(text[sp.Start:sp.End]); prose(s) && !strings.ContainsAny(s, "\"“”") && !strings.Contains(s, "''") {
			return s
		}
	}
	return firstProse(text)
}

// notesReply is a model's notes on a notes prompt: a sentence of its last
// passage, cited, and the invented note.
func notesReply(prompt string) string {
	ps := passagesIn(prompt)
	last := ps[len(ps)-1]
	return fmt.Sprintf("Notes:\n- %s [%d]\n- %s [1].", plainProse(last.Text), last.N, invented)
}

// noteLines returns the note lines of a summary prompt, block by block.
func noteLines(prompt string) [][]string {
	var out [][]string
	for _, m := range notesBlockRe.FindAllStringSubmatch(prompt, -1) {
		out = append(out, strings.Split(m[1], "\n"))
	}
	return out
}

// sourceChunks returns each source's chunk texts, in the index's order.
func sourceChunks(t *testing.T, idx *retrieval.Index) ([]retrieval.Source, [][]string) {
	t.Helper()
	var texts [][]string
	for _, s := range idx.Sources() {
		chunks, err := idx.Chunks(context.Background(), s.ID)
		if err != nil {
			t.Fatal(err)
		}
		var ts []string
		for _, c := range chunks {
			ts = append(ts, c.Text)
		}
		texts = append(texts, ts)
	}
	return idx.Sources(), texts
}

// passageTexts returns the texts of a prompt's passages, checking that they
// are numbered 1..n.
func passageTexts(t *testing.T, prompt string) []string {
	t.Helper()
	var out []string
	for i, p := range passagesIn(prompt) {
		if p.N != i+1 {
			t.Errorf("passage %d of a notes request is numbered %d, want %d", i+1, p.N, i+1)
		}
		out = append(out, p.Text)
	}
	return out
}

func TestModelSummaryMapReduce(t *testing.T) {
	idx := corpus(t)
	sources, chunks := sourceChunks(t, idx)
	all := allMaterial(t, idx)
	const silent = 1 // the source whose notes are NOT_FOUND

	var mu sync.Mutex
	notes := 0
	s := llmtest.New(t)
	s.Reply = func(req openai.ChatCompletionRequest) string {
		p := userPrompt(req)
		switch kindOf(req) {
		case reqNotes:
			mu.Lock()
			defer mu.Unlock()
			notes++
			if notes == silent+1 {
				return "NOT_FOUND"
			}
			return notesReply(p)
		case reqSummary:
			// Every note under a heading, an empty heading, an invented
			// figure and a number never given.
			var b strings.Builder
			b.WriteString("**What was agreed**\n")
			var first string
			for _, block := range noteLines(p) {
				for _, line := range block {
					b.WriteString(line + "\n")
					if first == "" {
						first = citeNumRe.FindString(line)
					}
				}
			}
			b.WriteString("**Divisions**\n\n**Forces and figures**\n")
			b.WriteString("- The force will number 90,000 soldiers " + first + ".\n- An invented point [999].")
			return b.String()
		}
		t.Errorf("unexpected request %q", p)
		return "NOT_FOUND"
	}
	// One request at a time, so that they arrive in the sources' order.
	a, err := newEngine(t, idx, newChat(s), Options{ModelRequests: 1}).Summarize(context.Background(), SummaryRequest{}, nil)
	if err != nil {
		t.Fatal(err)
	}

	reqs := s.ChatRequests()
	if got, want := kinds(reqs), append(slices.Repeat([]string{reqNotes}, len(sources)), reqSummary); !slices.Equal(got, want) {
		t.Fatalf("requests = %v, want one notes request per source, then the summary", got)
	}
	// Each notes request holds one source's passages, in order, numbered from 1.
	for i, r := range reqs[:len(sources)] {
		if got := passageTexts(t, userPrompt(r)); !slices.Equal(got, chunks[i]) {
			t.Errorf("notes request %d holds %d passages, want the %d of %s", i+1, len(got), len(chunks[i]), sources[i].ID)
		}
		if systemPrompt(r) == "" {
			t.Error("a notes request has no system prompt")
		}
	}

	// The summary is asked from the checked notes only, with global numbers.
	final := userPrompt(reqs[len(reqs)-1])
	if strings.Contains(final, "<source") || strings.Contains(final, invented) || strings.Contains(final, "Notes:") {
		t.Errorf("summary prompt holds passages, an invented note or an uncited line:\n%s", final)
	}
	if !strings.Contains(final, "Group the points under these headings") || !strings.Contains(final, "What was agreed; Forces and figures;") {
		t.Errorf("summary of everything is not grouped by facet:\n%s", final)
	}
	blocks := noteLines(final)
	if len(blocks) != len(sources)-1 {
		t.Fatalf("summary prompt has %d notes blocks, want %d (one source said NOT_FOUND)", len(blocks), len(sources)-1)
	}
	offset, b := 0, 0
	for i := range sources {
		if i != silent {
			want := fmt.Sprintf("- %s [%d]", plainProse(chunks[i][len(chunks[i])-1]), offset+len(chunks[i]))
			if !slices.Equal(blocks[b], []string{want}) {
				t.Errorf("notes of %s = %q, want %q", sources[i].ID, blocks[b], want)
			}
			b++
		}
		offset += len(chunks[i])
	}

	if !a.Found || a.Mode != ModeLLM || strings.Contains(a.Text, "90,000") || strings.Contains(a.Text, "[999]") {
		t.Fatalf("summary = %+v", a)
	}
	if !strings.HasPrefix(a.Text, "**What was agreed**\n- ") || strings.Contains(a.Text, "**Divisions**") || strings.Contains(a.Text, "**Forces and figures**") {
		t.Errorf("headings: want the one with points only:\n%s", a.Text)
	}
	if !strings.HasSuffix(a.Text, "\n\n2 statements the loaded sources do not support were left out.") {
		t.Errorf("summary does not count the statement left out:\n%s", a.Text)
	}
	checkGrounded(t, idx, a)
	// One number per source, each a source that noted something.
	var cited []string
	for _, c := range a.Citations {
		cited = append(cited, c.SourceID)
	}
	var want []string
	for i, src := range sources {
		if i != silent {
			want = append(want, src.ID)
		}
	}
	if !slices.Equal(cited, want) {
		t.Errorf("cited %v, want %v", cited, want)
	}
	for i, c := range a.Citations {
		last := chunks[slices.IndexFunc(sources, func(s retrieval.Source) bool { return s.ID == c.SourceID })]
		if got := strings.TrimSuffix(c.Quote, "…"); !strings.Contains(oneLine(last[len(last)-1]), got) {
			t.Errorf("citation [%d] quote is not from the passage noted: %q", i+1, c.Quote)
		}
	}
	if len(all) != offset {
		t.Errorf("the material has %d passages, the sources %d", len(all), offset)
	}
}

func TestModelSummaryOfLargeSourceByParts(t *testing.T) {
	idx := corpus(t)
	const id = "ap-what-to-know-security-guarantees"
	src, _ := idx.Source(id)
	cs, err := idx.Chunks(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	const budget = 2500
	parts := groupPassages(toPassages(chunkHits(src, cs)), budget)
	if len(parts) < 3 {
		t.Fatalf("%s makes %d parts of %d characters, want at least 3", id, len(parts), budget)
	}
	s := llmtest.New(t)
	s.Reply = notesAsSummary
	a, err := newEngine(t, idx, newChat(s), Options{ContextChars: budget, ModelRequests: 1}).Summarize(context.Background(), SummaryRequest{Topic: src.Title}, nil)
	if err != nil {
		t.Fatal(err)
	}
	reqs := s.ChatRequests()
	if got, want := kinds(reqs), append(slices.Repeat([]string{reqNotes}, len(parts)), reqSummary); !slices.Equal(got, want) {
		t.Fatalf("requests = %v, want one notes request per part, then the summary", got)
	}
	var wantNotes []string
	offset := 0
	for i, part := range parts {
		p := userPrompt(reqs[i])
		var want []string
		for _, ps := range part {
			want = append(want, ps.Text)
		}
		if got := passageTexts(t, p); !slices.Equal(got, want) {
			t.Errorf("notes request %d holds %d passages, want part %d's %d", i+1, len(got), i+1, len(want))
		}
		if m := partRe.FindStringSubmatch(p); m == nil || m[1] != fmt.Sprint(i+1) || m[2] != fmt.Sprint(len(parts)) {
			t.Errorf("notes request %d does not say it is part %d of %d", i+1, i+1, len(parts))
		}
		if !strings.Contains(p, "about: the article “"+src.Title+"”") {
			t.Errorf("notes request %d does not name the article", i+1)
		}
		offset += len(part)
		wantNotes = append(wantNotes, fmt.Sprintf("- %s [%d]", plainProse(part[len(part)-1].Text), offset))
	}
	final := userPrompt(reqs[len(reqs)-1])
	// One source: one block of notes, its parts' in order, numbered globally.
	if got := noteLines(final); len(got) != 1 || !slices.Equal(got[0], wantNotes) {
		t.Errorf("notes blocks = %q, want one: %q", got, wantNotes)
	}
	if !strings.Contains(final, "Write a summary of what the sources say about: the article “"+src.Title+"”") || !strings.Contains(final, "Group the points") {
		t.Errorf("summary prompt:\n%s", final)
	}
	if !a.Found || a.Mode != ModeLLM || len(a.Citations) != 1 || a.Citations[0].SourceID != id {
		t.Fatalf("summary = %+v, want one citation of %s", a, id)
	}
	// One number for the whole source, cited by every point.
	if n := strings.Count(a.Text, "[1]"); n != len(parts) {
		t.Errorf("[1] appears %d times, want %d:\n%s", n, len(parts), a.Text)
	}
	checkGrounded(t, idx, a)
}

func TestModelSummaryOfTopicBySource(t *testing.T) {
	idx := corpus(t)
	const topic = "the US role"
	s := llmtest.New(t)
	s.Reply = notesAsSummary
	e := newEngine(t, idx, newChat(s), Options{ModelRequests: 1}) // requests in order
	hits, _, err := e.material(context.Background(), topic, "", english)
	if err != nil {
		t.Fatal(err)
	}
	// The passages found, source by source in order of first appearance.
	var order []string
	bySrc := map[string][]retrieval.Hit{}
	for _, h := range hits {
		if _, ok := bySrc[h.Source.ID]; !ok {
			order = append(order, h.Source.ID)
		}
		bySrc[h.Source.ID] = append(bySrc[h.Source.ID], h)
	}
	if len(order) < 2 {
		t.Fatalf("the topic finds passages of %d sources, want several", len(order))
	}
	a, err := e.Summarize(context.Background(), SummaryRequest{Topic: topic}, nil)
	if err != nil {
		t.Fatal(err)
	}
	reqs := s.ChatRequests()
	if got, want := kinds(reqs), append(slices.Repeat([]string{reqNotes}, len(order)), reqSummary); !slices.Equal(got, want) {
		t.Fatalf("requests = %v, want one notes request per source found, then the summary", got)
	}
	for i, id := range order {
		got := passageTexts(t, userPrompt(reqs[i]))
		var want []string
		for _, h := range bySrc[id] {
			want = append(want, h.Chunk.Text)
		}
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("notes request %d holds %d passages, want the %d found in %s", i+1, len(got), len(want), id)
		}
		if !strings.Contains(userPrompt(reqs[i]), "about: "+topic+":") {
			t.Errorf("notes request %d does not name the topic", i+1)
		}
	}
	final := userPrompt(reqs[len(reqs)-1])
	if strings.Contains(final, "Group the points") || strings.Contains(final, "<source") {
		t.Errorf("a topic summary prompt is grouped by facet or holds passages:\n%s", final)
	}
	if !a.Found || a.Mode != ModeLLM || a.Standalone != topic || len(a.Citations) != len(order) {
		t.Fatalf("summary = %+v, want %d citations", a, len(order))
	}
	checkGrounded(t, idx, a)
}

// notesAsSummary is a model that notes its passages' facts and writes the
// summary as the notes it was given, one after the other.
func notesAsSummary(req openai.ChatCompletionRequest) string {
	if kindOf(req) == reqNotes {
		return notesReply(userPrompt(req))
	}
	var b strings.Builder
	for _, block := range noteLines(userPrompt(req)) {
		b.WriteString(strings.Join(block, "\n") + "\n")
	}
	return b.String()
}

// verboseReply is a model that notes every prose sentence of its passages
// and writes a summary of every note, twice over.
func verboseReply(req openai.ChatCompletionRequest) string {
	p := userPrompt(req)
	var b strings.Builder
	if kindOf(req) == reqNotes {
		for _, ps := range passagesIn(p) {
			for _, sp := range retrieval.Sentences(ps.Text) {
				if s := strings.TrimSpace(ps.Text[sp.Start:sp.End]); prose(s) && !strings.ContainsAny(s, "[]") {
					fmt.Fprintf(&b, "- %s [%d]\n", s, ps.N)
				}
			}
		}
		return b.String()
	}
	b.WriteString("Here is a summary of the summit.\n\n**What was agreed**\n")
	for range 2 {
		for _, block := range noteLines(p) {
			b.WriteString(strings.Join(block, "\n") + "\n")
		}
	}
	return b.String()
}

func TestModelSummaryVerboseIsCut(t *testing.T) {
	idx := corpus(t)
	for _, topic := range []string{"", "the US role", "paris-declaration-multinational-force-ukraine"} {
		t.Run(topic, func(t *testing.T) {
			s := llmtest.New(t)
			s.Reply = verboseReply
			a, err := newEngine(t, idx, newChat(s), Options{ModelRequests: 1}).Summarize(context.Background(), SummaryRequest{Topic: topic}, nil)
			if err != nil {
				t.Fatal(err)
			}
			if !a.Found || a.Mode != ModeLLM {
				t.Fatalf("summary = %+v", a)
			}
			reqs := requestsOf(s, reqSummary)
			reply := verboseReply(reqs[0])
			if RenderedLen(Answer{Text: reply}) <= 2*MaxModelSummaryChars {
				t.Fatalf("the verbose reply takes %d characters: too short to test the cut", RenderedLen(Answer{Text: reply}))
			}
			if got := RenderedLen(a); got > MaxModelSummaryChars {
				t.Errorf("summary takes %d characters as posted, over %d", got, MaxModelSummaryChars)
			}
			// What is kept is the reply's first lines, whole (citations aside:
			// they are renumbered).
			bare := func(s string) []string {
				var out []string
				for _, l := range strings.Split(tidySpaces(citeRe.ReplaceAllString(s, "")), "\n") {
					if l != "" {
						out = append(out, l)
					}
				}
				return out
			}
			got, want := bare(a.Text), bare(reply)
			if len(got) < 3 || !slices.Equal(got, want[:len(got)]) {
				t.Fatalf("summary is not the reply's first %d lines:\n%s", len(got), a.Text)
			}
			checkGrounded(t, idx, a)
		})
	}
}

func TestFitSummaryKeepsWhatFits(t *testing.T) {
	idx := corpus(t)
	hits := allMaterial(t, idx)
	quote := func(passage, _ string) (string, float64) { return firstProse(passage), 1 }
	line := func(n int) piece {
		return piece{text: fmt.Sprintf("- %s [%d]", strings.Repeat("word ", 60), n), sep: "\n"}
	}
	var ps []piece
	ps = append(ps, piece{text: "**What was agreed**", heading: true})
	for n := 1; n <= 20; n++ {
		ps = append(ps, line(n))
		if n == 9 { // where the cut falls: left with nothing under it
			ps = append(ps, piece{text: "**Divisions**", sep: "\n", heading: true})
		}
	}
	text, cites := fitSummary(ps, 0, hits, english, quote)
	a := Answer{Text: text, Citations: cites}
	if RenderedLen(a) > MaxModelSummaryChars {
		t.Fatalf("fitSummary kept %d characters, over %d", RenderedLen(a), MaxModelSummaryChars)
	}
	kept := strings.Count(text, "\n- ")
	if kept < 3 {
		t.Fatalf("fitSummary kept %d bullets:\n%s", kept, text)
	}
	// One more bullet would not fit.
	b := strings.Builder{}
	b.WriteString(ps[0].text)
	for i := 1; i <= kept+1; i++ {
		b.WriteString("\n" + line(i).text)
	}
	more, moreCites := ground(b.String(), hits, true, quote)
	if got := RenderedLen(Answer{Text: more, Citations: moreCites}); got <= MaxModelSummaryChars {
		t.Errorf("fitSummary kept %d bullets where %d fit (%d characters)", kept, kept+1, got)
	}
	if strings.HasSuffix(text, "**Divisions**") {
		t.Errorf("a heading without points was kept:\n%s", text)
	}
}

func TestSummaryPieces(t *testing.T) {
	tests := []struct {
		line          string
		heading, item bool
	}{
		{"**What was agreed**", true, false},
		{"## The US role", true, false},
		{"What comes next:", true, false},
		{"- A US-led mechanism would monitor the ceasefire [3].", false, true},
		{"  * Nested point [2]", false, true},
		{"12. Twelfth point", false, true},
		{"**Bold with a citation** [2]", false, false},
		{"The leaders met in Paris on January 6 [1].", false, false},
		{"2026 was the year", false, false},
	}
	for _, tt := range tests {
		if got := isHeading(tt.line); got != tt.heading {
			t.Errorf("isHeading(%q) = %v, want %v", tt.line, got, tt.heading)
		}
		if got := isListItem(tt.line); got != tt.item {
			t.Errorf("isListItem(%q) = %v, want %v", tt.line, got, tt.item)
		}
	}
	got := lineSentences("Leaders met in Paris [1]. France will send troops [2]. The US will monitor [3].")
	want := []string{"Leaders met in Paris [1].", "France will send troops [2].", "The US will monitor [3]."}
	if !slices.Equal(got, want) {
		t.Errorf("lineSentences = %q, want %q", got, want)
	}
}

func TestBySource(t *testing.T) {
	hit := func(src string, pos, size int) retrieval.Hit {
		return retrieval.Hit{Source: retrieval.Source{ID: src}, Chunk: retrieval.Chunk{SourceID: src, Position: pos, Text: strings.Repeat("x", size)}}
	}
	hits := []retrieval.Hit{hit("b", 3, 100), hit("a", 0, 100), hit("b", 1, 100), hit("a", 2, 100), hit("b", 0, 100)}
	ordered, parts := bySource(hits, 600)
	var got []string
	for _, h := range ordered {
		got = append(got, fmt.Sprintf("%s%d", h.Source.ID, h.Chunk.Position))
	}
	if want := []string{"b0", "b1", "b3", "a0", "a2"}; !slices.Equal(got, want) {
		t.Errorf("order = %v, want %v", got, want)
	}
	if want := "[[{0 2 1 2} {2 3 2 2}] [{3 5 1 1}]]"; fmt.Sprint(parts) != want {
		t.Errorf("parts = %v, want %v", parts, want)
	}
}

// TestModelSummaryNotesInParallel checks that notes requests sent side by
// side (the default) give the summary the same notes, in the sources'
// order, as requests sent one after another.
func TestModelSummaryNotesInParallel(t *testing.T) {
	idx := corpus(t)
	finalPrompt := func(requests int) string {
		s := llmtest.New(t)
		s.Reply = func(req openai.ChatCompletionRequest) string {
			p := userPrompt(req)
			switch kindOf(req) {
			case reqNotes:
				// Quote each request's first passage as its one note.
				ps := passagesIn(p)
				first := retrieval.Sentences(ps[0].Text)[0]
				return "- " + strings.TrimSpace(ps[0].Text[first.Start:first.End]) + " [1]"
			case reqSummary:
				return "- A point [1]."
			}
			return "NOT_FOUND"
		}
		if _, err := newEngine(t, idx, newChat(s), Options{ModelRequests: requests}).Summarize(context.Background(), SummaryRequest{}, nil); err != nil {
			t.Fatal(err)
		}
		reqs := requestsOf(s, reqSummary)
		if len(reqs) != 1 {
			t.Fatalf("%d summary requests, want 1", len(reqs))
		}
		return userPrompt(reqs[0])
	}
	one, three := finalPrompt(1), finalPrompt(3)
	if one != three {
		t.Errorf("the summary's notes differ when sent side by side:\none at a time:\n%s\nthree at a time:\n%s", one, three)
	}
	if n := strings.Count(three, "<notes>"); n < 3 {
		t.Errorf("the summary prompt holds %d notes blocks, want one per source", n)
	}
}
