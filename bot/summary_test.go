package bot

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	openai "github.com/sashabaranov/go-openai"

	"github.com/summitbot/summitbot/bot/llmtest"
	"github.com/summitbot/summitbot/prompts"
	"github.com/summitbot/summitbot/retrieval"
)

func TestExtractiveSummaryOfEverything(t *testing.T) {
	idx := corpus(t)
	a, err := newEngine(t, idx, nil, Options{}).Summarize(context.Background(), SummaryRequest{Topic: ""}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !a.Found || a.Mode != ModeExtractive {
		t.Fatalf("summary = %+v, want found, extractive", a)
	}
	if !strings.HasPrefix(a.Text, "What the loaded sources report about the summit:\n") {
		t.Errorf("summary header:\n%s", a.Text)
	}
	if n := checkBulletsQuoted(t, idx, a); n < 5 || n > maxDigestBullets {
		t.Errorf("%d bullets, want 5..%d:\n%s", n, maxDigestBullets, a.Text)
	}
	checkGrounded(t, idx, a)
	if got := RenderedLen(a); got > MaxSummaryChars {
		t.Errorf("summary takes %d characters as posted, over %d", got, MaxSummaryChars)
	}
	// The key points come from several sources, each cited once.
	var got []string
	for _, c := range a.Citations {
		got = append(got, c.SourceID)
	}
	slices.Sort(got)
	if len(got) < 3 || len(slices.Compact(slices.Clone(got))) != len(got) {
		t.Errorf("cited %v, want at least 3 sources, each once", got)
	}
}

func TestExtractiveSummaryOfOneSource(t *testing.T) {
	idx := corpus(t)
	e := newEngine(t, idx, nil, Options{})
	const id = "ap-what-to-know-security-guarantees"
	src, _ := idx.Source(id)
	for _, topic := range []string{id, "  " + strings.ToUpper(id) + " ", src.Title, strings.ToLower(src.Title)} {
		t.Run(topic, func(t *testing.T) {
			a, err := e.Summarize(context.Background(), SummaryRequest{Topic: topic}, nil)
			if err != nil {
				t.Fatal(err)
			}
			if want := "Summary of “" + src.Title + "” (quoted from the article):\n"; !strings.HasPrefix(a.Text, want) {
				t.Errorf("summary does not start %q:\n%s", want, a.Text)
			}
			n := checkBulletsQuoted(t, idx, a)
			if n == 0 || n > maxSummaryBullets {
				t.Errorf("%d bullets, want 1..%d", n, maxSummaryBullets)
			}
			checkGrounded(t, idx, a)
			for _, c := range a.Citations {
				if c.SourceID != id {
					t.Errorf("citation [%d] is from %s, not the summarised source", c.N, c.SourceID)
				}
			}
		})
	}
}

func TestExtractiveSummaryOfTopic(t *testing.T) {
	idx := corpus(t)
	e := newEngine(t, idx, nil, Options{})
	tests := []struct {
		topic   string
		wantAny []string
	}{
		{"the US role", []string{"Washington", "United States", "US-led", "U.S."}},
		{"funding", []string{"fund"}},
		{"Germany", []string{"German"}},
		{"Russia's reaction", []string{"Moscow", "Russia"}},
	}
	for _, tt := range tests {
		t.Run(tt.topic, func(t *testing.T) {
			a, err := e.Summarize(context.Background(), SummaryRequest{Topic: tt.topic}, nil)
			if err != nil {
				t.Fatal(err)
			}
			if !a.Found || a.Standalone != tt.topic {
				t.Fatalf("summary = %+v, want found", a)
			}
			if want := "What the loaded sources say about " + tt.topic + ":\n"; !strings.HasPrefix(a.Text, want) {
				t.Errorf("summary does not start %q:\n%s", want, a.Text)
			}
			if !containsAny(a.Text, tt.wantAny) {
				t.Errorf("summary lacks any of %q:\n%s", tt.wantAny, a.Text)
			}
			// Every quoted sentence cites the source it comes from.
			if n := checkBulletsQuoted(t, idx, a); n == 0 {
				t.Errorf("no bullets:\n%s", a.Text)
			}
			checkGrounded(t, idx, a)
		})
	}
}

func TestExtractiveSummaryNotFound(t *testing.T) {
	tests := []struct {
		name  string
		idx   func(*testing.T) *retrieval.Index
		topic string
	}{
		{"absent topic", corpus, "Chinese mediation"},
		{"absent person", corpus, "Viktor Orban"},
		{"empty index", newIndex, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := newEngine(t, tt.idx(t), nil, Options{}).Summarize(context.Background(), SummaryRequest{Topic: tt.topic}, nil)
			if err != nil {
				t.Fatal(err)
			}
			if a.Found || len(a.Citations) != 0 || a.Text != notFoundText(english) {
				t.Errorf("summary = %+v, want not found", a)
			}
		})
	}
}

func TestSummarizeTopicTooLong(t *testing.T) {
	_, err := newEngine(t, corpus(t), nil, Options{}).Summarize(context.Background(), SummaryRequest{Topic: strings.Repeat("x", MaxQuestionLen+1)}, nil)
	if !errors.Is(err, ErrQuestionTooLong) {
		t.Errorf("err = %v, want ErrQuestionTooLong", err)
	}
}

// material returns the passages a whole-corpus summary draws on, numbered as the engine numbers them.
func allMaterial(t *testing.T, idx *retrieval.Index) []retrieval.Hit {
	t.Helper()
	var all []retrieval.Hit
	for _, s := range idx.Sources() {
		chunks, err := idx.Chunks(context.Background(), s.ID)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, chunkHits(s, chunks)...)
	}
	return all
}

func TestModelSummaryOfOneSourceIsOneRequest(t *testing.T) {
	idx := corpus(t)
	const id = "ukraine-allies-unveil-security-guarantees"
	src, _ := idx.Source(id)
	s := llmtest.New(t)
	s.Reply = func(req openai.ChatCompletionRequest) string {
		if kindOf(req) != reqSummary {
			t.Errorf("unexpected %s request", kindOf(req))
		}
		ps := passagesIn(userPrompt(req))
		return fmt.Sprintf("- Allies outlined a multi-layered security framework [%d].\n- A US-led mechanism would monitor a ceasefire [%d][%d].", ps[0].N, ps[len(ps)-1].N, len(ps)+5)
	}
	e := newEngine(t, idx, newChat(s), Options{})
	a, err := e.Summarize(context.Background(), SummaryRequest{Topic: id}, nil)
	if err != nil {
		t.Fatal(err)
	}
	reqs := s.ChatRequests()
	if len(reqs) != 1 {
		t.Fatalf("%d requests, want 1 for material that fits", len(reqs))
	}
	p := userPrompt(reqs[0])
	chunks, _ := idx.Chunks(context.Background(), id)
	if got := len(passagesIn(p)); got != len(chunks) {
		t.Errorf("%d passages in the prompt, want the source's %d chunks", got, len(chunks))
	}
	if want := "Write a summary of what the sources say about: the article “" + src.Title + "”."; !strings.Contains(p, want) {
		t.Errorf("prompt lacks %q:\n%s", want, p)
	}
	if strings.Contains(p, "<notes>") {
		t.Error("a summary that fits has notes")
	}
	if !strings.Contains(systemPrompt(reqs[0]), "(English)") {
		t.Error("system prompt does not say English")
	}
	if !a.Found || a.Mode != ModeLLM || strings.Contains(a.Text, fmt.Sprintf("[%d]", len(chunks)+5)) {
		t.Errorf("summary = %+v", a)
	}
	checkGrounded(t, idx, a)
	for _, c := range a.Citations {
		if c.SourceID != id {
			t.Errorf("citation from %s", c.SourceID)
		}
	}
}

// firstProse is the first sentence of a passage that is not a heading.
func firstProse(text string) string {
	for _, sp := range retrieval.Sentences(text) {
		if s := strings.TrimSpace(text[sp.Start:sp.End]); prose(s) {
			return s
		}
	}
	return strings.TrimSpace(text)
}

var (
	citeNumRe    = regexp.MustCompile(`\[(\d+)\]`)
	notesBlockRe = regexp.MustCompile(`(?s)<notes>\n(.*?)\n</notes>`)
)

func TestModelSummaryMapReduce(t *testing.T) {
	idx := corpus(t)
	const budget = 3000
	all := allMaterial(t, idx)
	groups := groupPassages(toPassages(all), budget)
	if len(groups) < 3 {
		t.Fatalf("only %d groups: the corpus should not fit %d characters", len(groups), budget)
	}

	var mu sync.Mutex
	var noted []int // the passage each note cites
	notes := 0
	s := llmtest.New(t)
	s.Reply = func(req openai.ChatCompletionRequest) string {
		p := userPrompt(req)
		switch kindOf(req) {
		case reqNotes:
			mu.Lock()
			defer mu.Unlock()
			notes++
			if notes == 2 {
				return "NOT_FOUND" // a group with nothing relevant adds no notes
			}
			ps := passagesIn(p)
			last := ps[len(ps)-1]
			noted = append(noted, last.N)
			// A note the passage holds, and an invented one the check
			// removes before the summary is asked for.
			return fmt.Sprintf("- %s [%d]\n- General Pierre Dumont will command the force from 2027 [%d].", firstProse(last.Text), last.N, last.N)
		case reqSummary:
			// Repeat every note, and cite one number that was never given.
			var b strings.Builder
			for _, block := range notesBlockRe.FindAllStringSubmatch(p, -1) {
				if strings.Contains(block[1], "Dumont") {
					t.Errorf("notes kept an invented claim: %q", block[1])
				}
				for _, line := range strings.Split(block[1], "\n") {
					if citeNumRe.MatchString(line) {
						b.WriteString(line + "\n")
					}
				}
			}
			b.WriteString("- An invented point [999].")
			return b.String()
		}
		t.Errorf("unexpected request %q", p)
		return "NOT_FOUND"
	}
	e := newEngine(t, idx, newChat(s), Options{ContextChars: budget})
	a, err := e.Summarize(context.Background(), SummaryRequest{Topic: ""}, nil)
	if err != nil {
		t.Fatal(err)
	}

	reqs := s.ChatRequests()
	noteReqs := requestsOf(s, reqNotes)
	if len(noteReqs) != len(groups) || len(reqs) != len(groups)+1 || kindOf(reqs[len(reqs)-1]) != reqSummary {
		t.Fatalf("requests = %v, want %d notes requests then one summary", kinds(reqs), len(groups))
	}
	// The notes requests cover every passage once, in order, each within budget.
	var seen []int
	for _, r := range noteReqs {
		size := 0
		for _, p := range passagesIn(userPrompt(r)) {
			seen = append(seen, p.N)
			size += len(p.Text) + 200
		}
		if len(passagesIn(userPrompt(r))) > 1 && size > budget {
			t.Errorf("a notes request holds %d characters, over the %d budget", size, budget)
		}
		if systemPrompt(r) == "" {
			t.Error("a notes request has no system prompt")
		}
	}
	for i, n := range seen {
		if n != i+1 {
			t.Fatalf("notes requests cover passages %v, want 1..%d once each", seen, len(all))
		}
	}
	if len(seen) != len(all) {
		t.Errorf("notes requests cover %d passages, want %d", len(seen), len(all))
	}

	final := userPrompt(reqs[len(reqs)-1])
	if got := strings.Count(final, "\n<notes>\n"); got != len(groups)-1 {
		t.Errorf("summary prompt has %d <notes> blocks, want %d (one group said NOT_FOUND)", got, len(groups)-1)
	}
	if strings.Contains(final, "<source") || strings.Contains(final, "NOT_FOUND\n</notes>") {
		t.Errorf("summary prompt holds passages or empty notes:\n%s", final)
	}

	if !a.Found || a.Mode != ModeLLM || strings.Contains(a.Text, "[999]") {
		t.Fatalf("summary = %+v", a)
	}
	checkGrounded(t, idx, a)
	// Each citation names the passage the notes cited, by its global number.
	if len(a.Citations) != len(noted) {
		t.Fatalf("%d citations, want %d", len(a.Citations), len(noted))
	}
	for i, c := range a.Citations {
		n := noted[i]
		if want := all[n-1].Source.ID; c.SourceID != want {
			t.Errorf("citation [%d] (passage %d) is %s, want %s", c.N, n, c.SourceID, want)
		}
		if !strings.Contains(oneLine(all[n-1].Chunk.Text), strings.TrimSuffix(c.Quote, "…")) {
			t.Errorf("citation [%d] quote is not from passage %d: %q", c.N, n, c.Quote)
		}
	}
}

func TestModelSummaryAllNotesEmpty(t *testing.T) {
	s := llmtest.New(t)
	s.Reply = func(req openai.ChatCompletionRequest) string {
		if kindOf(req) != reqNotes {
			t.Errorf("unexpected %s request", kindOf(req))
		}
		return "NOT_FOUND"
	}
	a, err := newEngine(t, corpus(t), newChat(s), Options{ContextChars: 3000}).Summarize(context.Background(), SummaryRequest{Topic: ""}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if a.Found || a.Text != notFoundText(english) || len(requestsOf(s, reqSummary)) != 0 {
		t.Errorf("summary = %+v after %v, want not found and no summary request", a, kinds(s.ChatRequests()))
	}
}

func TestModelSummaryUncitedFallsBackToQuotes(t *testing.T) {
	idx := corpus(t)
	s := llmtest.New(t)
	s.Reply = func(openai.ChatCompletionRequest) string { return "- The summit went well [42]." }
	a, err := newEngine(t, idx, newChat(s), Options{}).Summarize(context.Background(), SummaryRequest{Topic: "the US role"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !a.Found || a.Mode != ModeExtractive || !strings.HasPrefix(a.Text, "What the loaded sources say about the US role:\n") {
		t.Errorf("summary = %+v, want the extractive summary", a)
	}
	checkGrounded(t, idx, a)
	checkBulletsQuoted(t, idx, a)
}

func TestModelSummaryNotFoundAndErrors(t *testing.T) {
	t.Run("NOT_FOUND", func(t *testing.T) {
		s := llmtest.New(t)
		s.Reply = func(openai.ChatCompletionRequest) string { return "NOT_FOUND" }
		a, err := newEngine(t, corpus(t), newChat(s), Options{}).Summarize(context.Background(), SummaryRequest{Topic: "the US role"}, nil)
		if err != nil || a.Found || a.Text != notFoundText(english) {
			t.Errorf("summary = %+v, %v; want not found", a, err)
		}
	})
	t.Run("absent topic skips the model", func(t *testing.T) {
		s := llmtest.New(t)
		a, err := newEngine(t, corpus(t), newChat(s), Options{}).Summarize(context.Background(), SummaryRequest{Topic: "Chinese mediation"}, nil)
		if err != nil || a.Found || len(s.ChatRequests()) != 0 {
			t.Errorf("summary = %+v, %v after %d requests; want not found without the model", a, err, len(s.ChatRequests()))
		}
	})
	for _, tc := range []struct {
		name   string
		budget int
	}{{"summary request fails", 0}, {"notes request fails", 3000}} {
		t.Run(tc.name, func(t *testing.T) {
			s := llmtest.New(t)
			s.FailNext(http.StatusBadGateway, "", 10)
			idx := corpus(t)
			a, err := newEngine(t, idx, newChat(s), Options{ContextChars: tc.budget}).Summarize(context.Background(), SummaryRequest{Topic: ""}, nil)
			if err != nil {
				t.Fatalf("err = %v, want the extractive summary", err)
			}
			// The offline summary, leaving room for the notice.
			offline := newEngine(t, idx, nil, Options{ContextChars: tc.budget})
			hits, scope, err := offline.material(context.Background(), "", "", english)
			if err != nil {
				t.Fatal(err)
			}
			var want Answer
			want.Text, _ = offline.offlineSummary(Answer{Fallback: a.Fallback}, scope, hits)
			if got := RenderedLen(a); got > MaxSummaryChars {
				t.Errorf("with its notice the summary takes %d characters, over %d", got, MaxSummaryChars)
			}
			if a.Text != want.Text || a.Mode != ModeExtractive || a.Fallback != "the language model could not be reached (server error, HTTP 502)" {
				t.Errorf("summary = %+v, want the extractive one %q with the reason", a, want.Text)
			}
			if n := len(s.ChatRequests()); n != 1 {
				t.Errorf("%d requests, want 1: the first failure ends the summary's requests", n)
			}
			checkGrounded(t, idx, a)
		})
	}
}

func TestModelSummaryStreams(t *testing.T) {
	idx := corpus(t)
	s := llmtest.New(t)
	s.Reply = func(openai.ChatCompletionRequest) string {
		return "- Washington backed the guarantees [1].\n- A US-led mechanism would monitor the ceasefire [2]."
	}
	var partials []string
	a, err := newEngine(t, idx, newChat(s), Options{}).Summarize(context.Background(), SummaryRequest{Topic: "the US role"}, func(p string) { partials = append(partials, p) })
	if err != nil {
		t.Fatal(err)
	}
	// The draft shows no citation: they are checked once the reply is complete.
	if len(partials) < 2 || partials[len(partials)-1] != "- Washington backed the guarantees.\n- A US-led mechanism would monitor the ceasefire." {
		t.Errorf("partials = %q", partials)
	}
	for i := 1; i < len(partials); i++ {
		if !strings.HasPrefix(partials[i], partials[i-1]) {
			t.Fatalf("partial %d does not extend the previous one", i)
		}
	}
	checkGrounded(t, idx, a)
}

func TestGroupPassages(t *testing.T) {
	mk := func(sizes ...int) []prompts.Passage {
		var ps []prompts.Passage
		for i, n := range sizes {
			ps = append(ps, prompts.Passage{N: i + 1, Text: strings.Repeat("x", n)})
		}
		return ps
	}
	tests := []struct {
		sizes  []int
		budget int
		want   [][]int
	}{
		{[]int{100, 100, 100}, 1000, [][]int{{1, 2, 3}}},
		{[]int{100, 100, 100}, 600, [][]int{{1, 2}, {3}}},
		{[]int{2000, 100}, 600, [][]int{{1}, {2}}}, // an oversized passage gets a group of its own
		{nil, 600, nil},
	}
	for _, tt := range tests {
		var got [][]int
		for _, g := range groupPassages(mk(tt.sizes...), tt.budget) {
			var ns []int
			for _, p := range g {
				ns = append(ns, p.N)
			}
			got = append(got, ns)
		}
		if fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("groupPassages(%v, %d) = %v, want %v", tt.sizes, tt.budget, got, tt.want)
		}
	}
}

func TestMatchSource(t *testing.T) {
	sources := []retrieval.Source{{ID: "a-b", Title: "The Title"}, {ID: "c", Title: "Other"}}
	tests := []struct {
		topic  string
		wantID string
	}{
		{"a-b", "a-b"}, {" A-B ", "a-b"}, {"the title", "a-b"}, {"Other", "c"}, {"", ""}, {"title", ""},
	}
	for _, tt := range tests {
		got, ok := matchSource(sources, tt.topic)
		if ok != (tt.wantID != "") || got.ID != tt.wantID {
			t.Errorf("matchSource(%q) = %q, %v; want %q", tt.topic, got.ID, ok, tt.wantID)
		}
	}
}

func TestModelSummaryStreamingNotFoundShowsNothing(t *testing.T) {
	for _, reply := range []string{"NOT_FOUND", "**Not found**"} {
		t.Run(reply, func(t *testing.T) {
			s := llmtest.New(t)
			s.Reply = func(openai.ChatCompletionRequest) string { return reply }
			var partials []string
			a, err := newEngine(t, corpus(t), newChat(s), Options{}).Summarize(context.Background(), SummaryRequest{Topic: "the US role"}, func(p string) { partials = append(partials, p) })
			if err != nil {
				t.Fatal(err)
			}
			if len(partials) != 0 {
				t.Errorf("%q was streamed to the user: %q", reply, partials)
			}
			if a.Found || a.Text != notFoundText(english) {
				t.Errorf("summary = %+v, want not found", a)
			}
		})
	}
}
