package bot

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"

	openai "github.com/sashabaranov/go-openai"

	"github.com/summitbot/summitbot/bot/llmtest"
	"github.com/summitbot/summitbot/data"
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
		ok     int // requests answered before the failures
	}{{"summary request fails", 0, len(builtinIDs)}, {"notes request fails", 3000, 0}} {
		t.Run(tc.name, func(t *testing.T) {
			s := llmtest.New(t)
			var mu sync.Mutex
			answered := 0
			s.Reply = func(req openai.ChatCompletionRequest) string {
				mu.Lock()
				defer mu.Unlock()
				if answered++; answered == tc.ok {
					s.FailNext(http.StatusBadGateway, "", 10)
				}
				return notesReply(userPrompt(req))
			}
			if tc.ok == 0 {
				s.FailNext(http.StatusBadGateway, "", 10)
			}
			idx := corpus(t)
			a, err := newEngine(t, idx, newChat(s), Options{ContextChars: tc.budget, ModelRequests: 1}).Summarize(context.Background(), SummaryRequest{Topic: ""}, nil)
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
			// Every notes request, then the failed summary; or the first notes request only.
			wantReqs := []string{reqNotes}
			if tc.ok > 0 {
				wantReqs = append(slices.Repeat([]string{reqNotes}, tc.ok), reqSummary)
			}
			if got := kinds(s.ChatRequests()); !slices.Equal(got, wantReqs) {
				t.Errorf("requests = %v, want %v: the first failure ends the summary's requests", got, wantReqs)
			}
			checkGrounded(t, idx, a)
		})
	}
}

func TestModelSummaryStreams(t *testing.T) {
	idx := corpus(t)
	s := llmtest.New(t)
	s.Reply = func(req openai.ChatCompletionRequest) string {
		if kindOf(req) == reqNotes {
			return notesReply(userPrompt(req))
		}
		return "- Washington backed the guarantees [1].\n- A US-led mechanism would monitor the ceasefire [2]."
	}
	var partials []string
	a, err := newEngine(t, idx, newChat(s), Options{}).Summarize(context.Background(), SummaryRequest{Topic: "the US role"}, func(p string) {
		// Only the summary streams, not the notes.
		if len(requestsOf(s, reqSummary)) != 1 {
			t.Errorf("partial %q shown before the summary was asked for", p)
		}
		partials = append(partials, p)
	})
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

// A summary is one of the summit: articles about something else, loaded
// beside the summit's, are left out of a summary of everything and of a
// topic the summit's articles cover.
func TestSummariesLeaveOutOffTopicSources(t *testing.T) {
	ctx := context.Background()
	idx, err := retrieval.Open(ctx, retrieval.Options{Embedder: retrieval.LocalEmbedder{}, Topic: testTopic})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { idx.Close() })
	lib := NewLibrary(idx, nil, data.Articles(), nil)
	if _, err := lib.SyncBuiltin(ctx); err != nil {
		t.Fatal(err)
	}
	builtin := map[string]bool{}
	for _, s := range idx.Sources() {
		builtin[s.ID] = true
	}
	addDistractors(t, lib)
	e := newEngine(t, idx, nil, Options{})
	for _, req := range []SummaryRequest{{}, {Topic: "what happens next"}} {
		a, err := e.Summarize(ctx, req, nil)
		if err != nil {
			t.Fatal(err)
		}
		if !a.Found || len(a.Citations) == 0 {
			t.Fatalf("summary of %q = %+v, want found", req.Topic, a)
		}
		for _, c := range a.Citations {
			if !builtin[c.SourceID] {
				t.Errorf("the summary of %q cites %s, an article about something else:\n%s", req.Topic, c.SourceID, a.Text)
			}
		}
	}
}

// topicWeighingFails is the built-in index with an embeddings service that
// fails when the topic is embedded.
type topicWeighingFails struct{ *retrieval.Index }

func (topicWeighingFails) TopicWeights(context.Context, string) (map[string]float64, error) {
	return nil, errors.New("embed topic: 503 Service Unavailable")
}

// When the sources cannot be weighed by topic, a summary of everything draws
// on all of them instead of failing.
func TestSummaryOfEverythingWithoutTopicWeights(t *testing.T) {
	a, err := newEngine(t, topicWeighingFails{corpus(t)}, nil, Options{}).Summarize(context.Background(), SummaryRequest{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !a.Found || len(a.Citations) < 3 {
		t.Errorf("summary = %+v, want found, with at least 3 sources", a)
	}
}
