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
	"time"

	openai "github.com/sashabaranov/go-openai"

	"github.com/summitbot/summitbot/bot/llm"
	"github.com/summitbot/summitbot/bot/llmtest"
	"github.com/summitbot/summitbot/prompts"
	"github.com/summitbot/summitbot/retrieval"
)

const troopsQuestion = "How many troops could the multinational force include?"

// answerReply makes the fake model answer with reply(prompt) to answer requests
// and fail the test on any other kind of request.
func answerReply(t *testing.T, reply func(prompt string) string) func(openai.ChatCompletionRequest) string {
	return func(req openai.ChatCompletionRequest) string {
		if k := kindOf(req); k != reqAnswer {
			t.Errorf("unexpected %s request", k)
			return "NOT_FOUND"
		}
		return reply(userPrompt(req))
	}
}

func TestAskRemovesCitationsOfPassagesNotGiven(t *testing.T) {
	idx := corpus(t)
	s := llmtest.New(t)
	s.Reply = answerReply(t, func(prompt string) string {
		n := passageWith(prompt, "15,000 to 20,000")
		return fmt.Sprintf("The force could number 15,000 to 20,000 troops [%d]. One report put it at 100,000 troops [9].", n)
	})
	e := newEngine(t, idx, newChat(s), Options{})

	a, err := e.Ask(context.Background(), Question{Text: troopsQuestion, K: 3}, nil)
	if err != nil {
		t.Fatal(err)
	}

	reqs := s.ChatRequests()
	if len(reqs) != 1 {
		t.Fatalf("%d chat requests, want 1", len(reqs))
	}
	prompt := userPrompt(reqs[0])
	if n := strings.Count(prompt, "<source "); n != 3 {
		t.Fatalf("prompt has %d <source blocks, want exactly 3 (K: 3):\n%s", n, prompt)
	}
	if n := passageWith(prompt, "15,000 to 20,000"); n == 0 {
		t.Fatalf("the passage with the troop numbers was not retrieved:\n%s", prompt)
	}
	if want := "The force could number 15,000 to 20,000 troops [1]. One report put it at 100,000 troops."; a.Text != want {
		t.Errorf("text = %q, want %q", a.Text, want)
	}
	if !a.Found || a.Mode != ModeLLM || a.Standalone != troopsQuestion || a.ID == "" {
		t.Errorf("answer = %+v, want found, mode llm, standalone = the question, an id", a)
	}
	if len(a.Citations) != 1 {
		t.Fatalf("citations = %+v, want 1", a.Citations)
	}
	if c := a.Citations[0]; c.SourceID != "allies-redraw-ukraine-security-future" || !strings.Contains(c.Quote, "15,000 to 20,000 troops") {
		t.Errorf("citation = %+v, want the allies-redraw article quoting the numbers", c)
	}
	checkGrounded(t, idx, a)

	// The messages are the system rules, then the question over the passages.
	if len(reqs[0].Messages) != 2 || reqs[0].Messages[0].Role != "system" || reqs[0].Messages[1].Role != "user" {
		t.Errorf("messages = %+v, want system then user", reqs[0].Messages)
	}
	if !strings.Contains(prompt, "\nQuestion: "+troopsQuestion+"\n") || reqs[0].Model != "test-model" || reqs[0].Stream {
		t.Errorf("unexpected request: model %q stream %v prompt:\n%s", reqs[0].Model, reqs[0].Stream, prompt)
	}
}

func TestAskDefaultKPassages(t *testing.T) {
	s := llmtest.New(t)
	s.Reply = answerReply(t, func(string) string { return "NOT_FOUND" })
	e := newEngine(t, corpus(t), newChat(s), Options{K: 4})
	if _, err := e.Ask(context.Background(), Question{Text: troopsQuestion}, nil); err != nil {
		t.Fatal(err)
	}
	if n := len(passagesIn(userPrompt(s.ChatRequests()[0]))); n != 4 {
		t.Errorf("%d passages sent, want Options.K = 4", n)
	}
}

func TestAskContextBudgetLimitsPassages(t *testing.T) {
	s := llmtest.New(t)
	s.Reply = answerReply(t, func(string) string { return "NOT_FOUND" })
	e := newEngine(t, corpus(t), newChat(s), Options{ContextChars: 1500})
	if _, err := e.Ask(context.Background(), Question{Text: troopsQuestion, K: 10}, nil); err != nil {
		t.Fatal(err)
	}
	ps := passagesIn(userPrompt(s.ChatRequests()[0]))
	if len(ps) == 0 || len(ps) >= 10 {
		t.Fatalf("%d passages sent, want fewer than the 10 retrieved", len(ps))
	}
	used := 0
	for _, p := range ps {
		used += len(p.Text) + 200
	}
	if len(ps) > 1 && used > 1500 {
		t.Errorf("passages take %d characters (with overhead), over the 1500 budget", used)
	}
}

func TestAskNotFoundReply(t *testing.T) {
	for _, reply := range []string{"NOT_FOUND", "  NOT_FOUND.\n", "`NOT_FOUND`", "**Not found**", "NOT FOUND: the sources do not say."} {
		t.Run(reply, func(t *testing.T) {
			s := llmtest.New(t)
			s.Reply = answerReply(t, func(string) string { return reply })
			e := newEngine(t, corpus(t), newChat(s), Options{})
			a, err := e.Ask(context.Background(), Question{Text: troopsQuestion}, nil)
			if err != nil {
				t.Fatal(err)
			}
			if a.Found || len(a.Citations) != 0 || a.Text != notFoundText(english) || a.Mode != ModeLLM {
				t.Errorf("answer = %+v, want not found without citations", a)
			}
			if !strings.Contains(strings.ToLower(a.Text), "not found") {
				t.Errorf("text %q does not say not found", a.Text)
			}
		})
	}
}

func TestAskStreams(t *testing.T) {
	idx := corpus(t)
	s := llmtest.New(t)
	var raw string
	s.Reply = answerReply(t, func(prompt string) string {
		n := passageWith(prompt, "15,000 to 20,000")
		raw = fmt.Sprintf("Officials said the force could number 15,000 to 20,000 troops [%d], with some estimates reaching 30,000 [%d] [7].", n, n)
		return raw
	})
	e := newEngine(t, idx, newChat(s), Options{})

	var partials []string
	a, err := e.Ask(context.Background(), Question{Text: troopsQuestion, K: 3}, func(text string) {
		partials = append(partials, text)
	})
	if err != nil {
		t.Fatal(err)
	}
	if !s.ChatRequests()[0].Stream {
		t.Error("the request did not ask for a stream")
	}
	if len(partials) < 3 {
		t.Fatalf("onPartial called %d times, want the text to grow word by word", len(partials))
	}
	for i := 1; i < len(partials); i++ {
		if len(partials[i]) <= len(partials[i-1]) || !strings.HasPrefix(partials[i], partials[i-1]) {
			t.Fatalf("partial %d %q does not extend %q", i, partials[i], partials[i-1])
		}
	}
	if last := partials[len(partials)-1]; last != raw {
		t.Errorf("last partial = %q, want the whole reply %q", last, raw)
	}
	if want := "Officials said the force could number 15,000 to 20,000 troops [1], with some estimates reaching 30,000 [1]."; a.Text != want {
		t.Errorf("final text = %q, want the grounded %q", a.Text, want)
	}
	checkGrounded(t, idx, a)
}

func TestAskStreamingNotFoundShowsNothing(t *testing.T) {
	s := llmtest.New(t)
	s.Reply = answerReply(t, func(string) string { return "NOT_FOUND" })
	e := newEngine(t, corpus(t), newChat(s), Options{})
	var partials []string
	a, err := e.Ask(context.Background(), Question{Text: troopsQuestion}, func(text string) { partials = append(partials, text) })
	if err != nil {
		t.Fatal(err)
	}
	if len(partials) != 0 {
		t.Errorf("NOT_FOUND was streamed to the user: %q", partials)
	}
	if a.Found {
		t.Errorf("answer found: %+v", a)
	}
}

func TestAskModelError(t *testing.T) {
	s := llmtest.New(t)
	s.FailNext(http.StatusInternalServerError, "", 10)
	e := newEngine(t, corpus(t), newChat(s), Options{})
	a, err := e.Ask(context.Background(), Question{Text: troopsQuestion}, nil)
	if err == nil {
		t.Fatalf("Ask succeeded with %+v, want an error", a)
	}
	var se *llm.StatusError
	if !errors.As(err, &se) || se.StatusCode != http.StatusInternalServerError {
		t.Errorf("error = %v, want a *llm.StatusError with status 500", err)
	}
	if got := len(s.ChatRequests()); got != 1 {
		t.Errorf("%d chat requests, want 1 (retries disabled)", got)
	}
	if got, want := Friendly(err), Friendly(errors.New("anything")); got != want {
		t.Errorf("Friendly = %q, want the generic %q", got, want)
	}
	if strings.Contains(Friendly(err), "500") || strings.Contains(Friendly(err), "sk-test") {
		t.Errorf("Friendly leaks detail: %q", Friendly(err))
	}
}

func TestAskModelTimeout(t *testing.T) {
	s := llmtest.New(t)
	s.HangNext(1)
	chat := newChat(s)
	chat.Timeout = 100 * time.Millisecond
	e := newEngine(t, corpus(t), chat, Options{})
	_, err := e.Ask(context.Background(), Question{Text: troopsQuestion}, nil)
	if !errors.Is(err, llm.ErrTimeout) {
		t.Fatalf("error = %v, want llm.ErrTimeout", err)
	}
	if got, want := Friendly(err), "Sorry, that took too long to answer. Please try again in a moment."; got != want {
		t.Errorf("Friendly = %q, want %q", got, want)
	}
}

func TestAskCancelled(t *testing.T) {
	s := llmtest.New(t)
	s.HangNext(1)
	e := newEngine(t, corpus(t), newChat(s), Options{})
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		// Cancel once the model has been asked.
		for len(s.ChatRequests()) == 0 {
			time.Sleep(time.Millisecond)
		}
		cancel()
	}()
	_, err := e.Ask(ctx, Question{Text: troopsQuestion}, nil)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error = %v, want context.Canceled", err)
	}
	if got := Friendly(err); got != "That request was cancelled." {
		t.Errorf("Friendly = %q", got)
	}
}

func TestAskSkipsModelWhenSourcesCannotAnswer(t *testing.T) {
	tests := []struct {
		name     string
		idx      func(t *testing.T) *retrieval.Index
		question string
	}{
		{"named person absent", corpus, "What did Viktor Orban say?"},
		{"lower-case name absent", corpus, "what did orban say about the paris declaration?"},
		{"empty index", newIndex, troopsQuestion},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := llmtest.New(t)
			e := newEngine(t, tt.idx(t), newChat(s), Options{})
			a, err := e.Ask(context.Background(), Question{Text: tt.question}, nil)
			if err != nil {
				t.Fatal(err)
			}
			if a.Found || len(a.Citations) != 0 || a.Text != notFoundText(english) {
				t.Errorf("answer = %+v, want not found", a)
			}
			if n := len(s.ChatRequests()); n != 0 {
				t.Errorf("%d chat requests, want 0", n)
			}
		})
	}
}

func TestAskFollowUpIsRewritten(t *testing.T) {
	idx := corpus(t)
	const rewritten = "How many troops will Germany send to Ukraine?"
	s := llmtest.New(t)
	s.Reply = func(req openai.ChatCompletionRequest) string {
		switch kindOf(req) {
		case reqRewrite:
			return `"` + rewritten + `"` // quotes are stripped
		case reqAnswer:
			n := passageWith(userPrompt(req), "Bundestag")
			if n == 0 {
				return "NOT_FOUND"
			}
			return fmt.Sprintf("Germany says any deployment would need Bundestag approval [%d].", n)
		}
		t.Errorf("unexpected request %q", userPrompt(req))
		return "NOT_FOUND"
	}
	e := newEngine(t, idx, newChat(s), Options{})
	history := []Turn{{Question: "How many troops will France send?", Answer: "France could send several thousand troops [1]."}}

	a, err := e.Ask(context.Background(), Question{Text: "and Germany?", History: history}, nil)
	if err != nil {
		t.Fatal(err)
	}
	reqs := s.ChatRequests()
	if len(reqs) != 2 || kindOf(reqs[0]) != reqRewrite || kindOf(reqs[1]) != reqAnswer {
		t.Fatalf("requests = %v, want rewrite then answer", kinds(reqs))
	}
	rw := reqs[0]
	if len(rw.Messages) != 1 || rw.Messages[0].Role != "user" || rw.Stream {
		t.Errorf("rewrite request = %+v, want one plain user message", rw.Messages)
	}
	for _, want := range []string{"User: How many troops will France send?", "Assistant: France could send several thousand troops [1].", "Follow-up question: and Germany?"} {
		if !strings.Contains(userPrompt(rw), want) {
			t.Errorf("rewrite prompt lacks %q:\n%s", want, userPrompt(rw))
		}
	}
	if a.Standalone != rewritten {
		t.Errorf("Standalone = %q, want the rewrite %q", a.Standalone, rewritten)
	}
	// Retrieval used the rewritten question: the passages sent are its search results.
	hits, err := idx.Search(context.Background(), rewritten, retrieval.SearchOptions{K: 6})
	if err != nil {
		t.Fatal(err)
	}
	var want, got []string
	for _, h := range hits {
		want = append(want, h.Chunk.Text)
	}
	for _, p := range passagesIn(userPrompt(reqs[1])) {
		got = append(got, p.Text)
	}
	if !slices.Equal(got, want) {
		t.Errorf("passages sent are not the search results for the rewritten question:\n got %q\nwant %q", got, want)
	}
	// The model sees no history, so it is asked the standalone question.
	if !strings.Contains(userPrompt(reqs[1]), "\nQuestion: "+rewritten+"\n") {
		t.Errorf("answer prompt does not ask the standalone question:\n%s", userPrompt(reqs[1]))
	}
	if !a.Found || !strings.Contains(a.Text, "Bundestag approval [1]") {
		t.Errorf("answer = %+v", a)
	}
	checkGrounded(t, idx, a)
}

func kinds(reqs []openai.ChatCompletionRequest) []string {
	var out []string
	for _, r := range reqs {
		out = append(out, kindOf(r))
	}
	return out
}

func TestAskFollowUpKeepsRecentHistory(t *testing.T) {
	s := llmtest.New(t)
	s.Reply = func(req openai.ChatCompletionRequest) string {
		if kindOf(req) == reqRewrite {
			return troopsQuestion
		}
		return "NOT_FOUND"
	}
	e := newEngine(t, corpus(t), newChat(s), Options{})
	var history []Turn
	for i := 1; i <= 6; i++ {
		history = append(history, Turn{Question: fmt.Sprintf("question %d?", i), Answer: fmt.Sprintf("answer %d ", i) + strings.Repeat("x", 700)})
	}
	if _, err := e.Ask(context.Background(), Question{Text: "and then?", History: history}, nil); err != nil {
		t.Fatal(err)
	}
	p := userPrompt(requestsOf(s, reqRewrite)[0])
	for i := 1; i <= 6; i++ {
		if got, want := strings.Contains(p, fmt.Sprintf("User: question %d?", i)), i > 2; got != want {
			t.Errorf("turn %d in the rewrite prompt: %v, want %v (only the last 4 turns)", i, got, want)
		}
	}
	if strings.Contains(p, strings.Repeat("x", 600)) {
		t.Error("long earlier answers are not clipped")
	}
}

func TestAskFollowUpRewriteFailureFallsBack(t *testing.T) {
	s := llmtest.New(t)
	s.FailNext(http.StatusServiceUnavailable, "", 1) // the rewrite request
	s.Reply = answerReply(t, func(string) string { return "NOT_FOUND" })
	e := newEngine(t, corpus(t), newChat(s), Options{})
	history := []Turn{{Question: "How many troops will France send?", Answer: "Several thousand [1]."}}
	a, err := e.Ask(context.Background(), Question{Text: "and Germany?", History: history}, nil)
	if err != nil {
		t.Fatalf("a failed rewrite should not fail the answer: %v", err)
	}
	if want := "How many troops will France send? and Germany?"; a.Standalone != want {
		t.Errorf("Standalone = %q, want the heuristic %q", a.Standalone, want)
	}
	if got := kinds(s.ChatRequests()); !slices.Equal(got, []string{reqRewrite, reqAnswer}) {
		t.Errorf("requests = %v", got)
	}
}

func TestAskAnswersInTheQuestionsLanguage(t *testing.T) {
	const question = "Combien de soldats la force multinationale pourrait-elle compter ?"
	tests := []struct {
		name     string
		reply    string
		found    bool
		wantText string
	}{
		{"answer", "La force pourrait compter de 15 000 à 20 000 soldats [%d].", true, "La force pourrait compter de 15 000 à 20 000 soldats [1]."},
		{"not found", "NOT_FOUND", false, notFoundText(language{code: "fr"})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := llmtest.New(t)
			answer := answerReply(t, func(prompt string) string {
				if strings.Contains(tt.reply, "%d") {
					return fmt.Sprintf(tt.reply, passageWith(prompt, "15,000 to 20,000"))
				}
				return tt.reply
			})
			s.Reply = func(req openai.ChatCompletionRequest) string {
				if kindOf(req) == reqTranslate {
					return "How many troops could the multinational force include?"
				}
				return answer(req)
			}
			e := newEngine(t, corpus(t), newChat(s), Options{K: 8})
			a, err := e.Ask(context.Background(), Question{Text: question}, nil)
			if err != nil {
				t.Fatal(err)
			}
			if got := len(requestsOf(s, reqTranslate)); got != 1 {
				t.Fatalf("%d translation requests, want 1: retrieval runs on the English question", got)
			}
			if a.Standalone != "How many troops could the multinational force include?" {
				t.Errorf("retrieval used %q, want the English translation", a.Standalone)
			}
			reqs := requestsOf(s, reqAnswer)
			if len(reqs) != 1 {
				t.Fatalf("%d answer requests, want 1: a French question must reach the model", len(reqs))
			}
			if sys := systemPrompt(reqs[0]); !strings.Contains(sys, "Answer in the language of the question (French)") {
				t.Errorf("system prompt does not say French:\n%s", sys)
			}
			if p := userPrompt(reqs[0]); !strings.Contains(p, "Answer in French,") {
				t.Errorf("answer prompt does not say French:\n%s", p)
			}
			if a.Found != tt.found || a.Text != tt.wantText {
				t.Errorf("answer = %+v, want found=%v text %q", a, tt.found, tt.wantText)
			}
		})
	}
}

func TestAskAttributesUncitedReply(t *testing.T) {
	idx := corpus(t)
	tests := []struct {
		name     string
		reply    string
		wantText string // "" when not found
		sources  []string
	}{
		{
			name:     "sentence overlapping a passage",
			reply:    "The force could number 15,000 to 20,000 troops, with some estimates reaching up to 30,000.",
			wantText: "The force could number 15,000 to 20,000 troops, with some estimates reaching up to 30,000. [1]",
			sources:  []string{"allies-redraw-ukraine-security-future"},
		},
		{
			name:     "unsupported sentence dropped",
			reply:    "- The force could number 15,000 to 20,000 troops.\n- Bananas are yellow.",
			wantText: "- The force could number 15,000 to 20,000 troops. [1]",
			sources:  []string{"allies-redraw-ukraine-security-future"},
		},
		{
			name:     "lines kept",
			reply:    "- The force could number 15,000 to 20,000 troops.\n- France and the UK would provide the bulk of ground forces.",
			wantText: "- The force could number 15,000 to 20,000 troops. [1]\n- France and the UK would provide the bulk of ground forces. [1]",
			sources:  []string{"allies-redraw-ukraine-security-future"},
		},
		{name: "nothing attributable", reply: "Bananas are yellow and grow in tropical climates."},
		{name: "only invalid citations", reply: "Bananas are yellow [7]. Apples are red [0]."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := llmtest.New(t)
			s.Reply = answerReply(t, func(string) string { return tt.reply })
			e := newEngine(t, idx, newChat(s), Options{K: 3})
			a, err := e.Ask(context.Background(), Question{Text: troopsQuestion, K: 3}, nil)
			if err != nil {
				t.Fatal(err)
			}
			if tt.wantText == "" {
				if a.Found || len(a.Citations) != 0 || a.Text != notFoundText(english) {
					t.Errorf("answer = %+v, want not found", a)
				}
				return
			}
			if a.Text != tt.wantText {
				t.Errorf("text = %q, want %q", a.Text, tt.wantText)
			}
			var got []string
			for _, c := range a.Citations {
				got = append(got, c.SourceID)
			}
			if !slices.Equal(got, tt.sources) {
				t.Errorf("cited %v, want %v", got, tt.sources)
			}
			checkGrounded(t, idx, a)
		})
	}
}

func TestAskConcurrently(t *testing.T) {
	idx := corpus(t)
	s := llmtest.New(t)
	s.Reply = func(req openai.ChatCompletionRequest) string {
		if n := passageWith(userPrompt(req), "troops"); n > 0 {
			return fmt.Sprintf("Troops are discussed [%d].", n)
		}
		return "NOT_FOUND"
	}
	e := newEngine(t, idx, newChat(s), Options{})
	questions := []string{troopsQuestion, "How many troops will France send?", "What is Türkiye's role?", "Where would the troops be deployed?"}
	var wg sync.WaitGroup
	errs := make([]error, len(questions))
	answers := make([]Answer, len(questions))
	for i, q := range questions {
		wg.Go(func() {
			answers[i], errs[i] = e.Ask(context.Background(), Question{Text: q}, func(string) {})
		})
	}
	wg.Wait()
	for i := range questions {
		if errs[i] != nil {
			t.Errorf("%q: %v", questions[i], errs[i])
			continue
		}
		checkGrounded(t, idx, answers[i])
	}
}

// The answer prompt is exactly what the prompts package renders for the
// retrieved passages, in rank order and numbered from 1.
func TestAskPromptMatchesRetrieval(t *testing.T) {
	idx := corpus(t)
	s := llmtest.New(t)
	s.Reply = answerReply(t, func(string) string { return "NOT_FOUND" })
	e := newEngine(t, idx, newChat(s), Options{})
	if _, err := e.Ask(context.Background(), Question{Text: "  " + troopsQuestion + "\n", K: 5}, nil); err != nil {
		t.Fatal(err)
	}
	hits, err := idx.Search(context.Background(), troopsQuestion, retrieval.SearchOptions{K: 5})
	if err != nil {
		t.Fatal(err)
	}
	want, err := e.prompts.Answer(promptsAnswerData(troopsQuestion, "English", hits))
	if err != nil {
		t.Fatal(err)
	}
	if got := userPrompt(s.ChatRequests()[0]); got != want {
		t.Errorf("prompt:\n%s\nwant:\n%s", got, want)
	}
	sys, _ := e.prompts.System("English")
	if got := systemPrompt(s.ChatRequests()[0]); got != sys {
		t.Errorf("system prompt:\n%s\nwant:\n%s", got, sys)
	}
	for i, p := range passagesIn(userPrompt(s.ChatRequests()[0])) {
		if p.N != i+1 {
			t.Errorf("passage %d numbered %d", i, p.N)
		}
	}
	if !regexp.MustCompile(`<source n="1" title="[^"]+"`).MatchString(want) {
		t.Errorf("passages carry no title:\n%s", want)
	}
}

func promptsAnswerData(question, lang string, hits []retrieval.Hit) prompts.AnswerData {
	return prompts.AnswerData{Question: question, Language: lang, Passages: toPassages(hits)}
}
