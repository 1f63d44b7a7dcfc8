package bot

import (
	"context"
	"encoding/json"
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

	"github.com/summitbot/summitbot/bot/llmtest"
	"github.com/summitbot/summitbot/prompts"
	"github.com/summitbot/summitbot/retrieval"
)

const troopsQuestion = "How many troops could the multinational force include?"

// answerReply makes the fake model answer with reply(prompt) to answer
// requests, give no paraphrases to rewrite requests (so that the question is
// searched alone, as without them) and fail the test on any other kind of
// request.
func answerReply(t *testing.T, reply func(prompt string) string) func(openai.ChatCompletionRequest) string {
	return func(req openai.ChatCompletionRequest) string {
		switch k := kindOf(req); k {
		case reqAnswer:
			return reply(userPrompt(req))
		case reqExpand:
			return expandReply(askedQuestion(userPrompt(req)))
		default:
			t.Errorf("unexpected %s request", k)
			return "NOT_FOUND"
		}
	}
}

// expandReply is a reply to a rewrite request with paraphrases.
func expandReply(question string, paraphrases ...string) string {
	b, err := json.Marshal(map[string]any{"question": question, "paraphrases": paraphrases})
	if err != nil {
		panic(err)
	}
	return string(b)
}

var askedRe = regexp.MustCompile(`(?m)^(?:Question|Follow-up question): (.*)$`)

// askedQuestion is the question of a rewrite or answer prompt.
func askedQuestion(prompt string) string {
	if m := askedRe.FindStringSubmatch(prompt); m != nil {
		return m[1]
	}
	return ""
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

	if got := kinds(s.ChatRequests()); !slices.Equal(got, []string{reqExpand, reqAnswer}) {
		t.Fatalf("requests = %v, want the paraphrases, then the answer", got)
	}
	reqs := requestsOf(s, reqAnswer)
	prompt := userPrompt(reqs[0])
	if n := strings.Count(prompt, "<source "); n != 3 {
		t.Fatalf("prompt has %d <source blocks, want exactly 3 (K: 3):\n%s", n, prompt)
	}
	if n := passageWith(prompt, "15,000 to 20,000"); n == 0 {
		t.Fatalf("the passage with the troop numbers was not retrieved:\n%s", prompt)
	}
	// The claim citing a passage not given is checked like an uncited one:
	// no passage holds 100,000, so it is left out, and the answer says so.
	if want := "The force could number 15,000 to 20,000 troops [1].\n\n1 statement the loaded sources do not support was left out."; a.Text != want {
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
	// Every request streams, so that the first-token timeout applies to the first token.
	if !strings.Contains(prompt, "\nQuestion: "+troopsQuestion+"\n") || reqs[0].Model != "test-model" || !reqs[0].Stream {
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
	if n := len(passagesIn(userPrompt(requestsOf(s, reqAnswer)[0]))); n != 4 {
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
	ps := passagesIn(userPrompt(requestsOf(s, reqAnswer)[0]))
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
	if !requestsOf(s, reqAnswer)[0].Stream {
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
	// The draft is the reply without its markers, which may change once checked.
	if last, want := partials[len(partials)-1], draftText(raw); last != want || strings.Contains(last, "[") {
		t.Errorf("last partial = %q, want the whole reply without markers %q", last, want)
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
			if a.Found || len(a.Citations) != 0 || a.Text != notFoundText(english) || a.Mode != ModeExtractive || a.Fallback != "" {
				t.Errorf("answer = %+v, want not found, decided without the model", a)
			}
			// The question is paraphrased before the search, but not answered.
			if got := kinds(s.ChatRequests()); !slices.Equal(got, []string{reqExpand}) {
				t.Errorf("requests = %v, want only the paraphrases", got)
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
		case reqExpand:
			return expandReply(`"` + rewritten + `"`) // quotes are stripped
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
	if len(reqs) != 2 || kindOf(reqs[0]) != reqExpand || kindOf(reqs[1]) != reqAnswer {
		t.Fatalf("requests = %v, want rewrite then answer", kinds(reqs))
	}
	rw := reqs[0]
	if len(rw.Messages) != 1 || rw.Messages[0].Role != "user" {
		t.Errorf("rewrite request = %+v, want one user message", rw.Messages)
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
		if kindOf(req) == reqExpand {
			return expandReply(troopsQuestion)
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
	p := userPrompt(requestsOf(s, reqExpand)[0])
	for i := 1; i <= 6; i++ {
		if got, want := strings.Contains(p, fmt.Sprintf("User: question %d?", i)), i > 2; got != want {
			t.Errorf("turn %d in the rewrite prompt: %v, want %v (only the last 4 turns)", i, got, want)
		}
	}
	if strings.Contains(p, strings.Repeat("x", 600)) {
		t.Error("long earlier answers are not clipped")
	}
}

// A rewrite that fails but leaves the model reachable is replaced by the
// heuristic one, and the model still answers; see fallback_test.go for a
// model that cannot be reached.
func TestAskFollowUpRewriteFailureFallsBack(t *testing.T) {
	tests := []struct {
		name   string
		fail   int    // status of the rewrite request, or 0
		rewrit string // the reply to the rewrite request
	}{
		{"request refused", http.StatusBadRequest, ""},
		{"not JSON", 0, "How many troops will Germany send?"},
		{"JSON without a question", 0, `{"paraphrases": ["How many German troops?"]}`},
		{"text around the JSON", 0, `Here it is: {"question": "How many troops will Germany send?", "paraphrases": []}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := llmtest.New(t)
			if tt.fail != 0 {
				s.FailNext(tt.fail, "", 1)
			}
			s.Reply = func(req openai.ChatCompletionRequest) string {
				if kindOf(req) == reqExpand {
					return tt.rewrit
				}
				return "NOT_FOUND"
			}
			e := newEngine(t, corpus(t), newChat(s), Options{})
			history := []Turn{{Question: "How many troops will France send?", Answer: "Several thousand [1]."}}
			a, err := e.Ask(context.Background(), Question{Text: "and Germany?", History: history}, nil)
			if err != nil {
				t.Fatalf("a failed rewrite should not fail the answer: %v", err)
			}
			if want := "How many troops will France send? and Germany?"; a.Standalone != want {
				t.Errorf("Standalone = %q, want the heuristic %q", a.Standalone, want)
			}
			if got := kinds(s.ChatRequests()); !slices.Equal(got, []string{reqExpand, reqAnswer}) {
				t.Errorf("requests = %v", got)
			}
			if a.Mode != ModeLLM || a.Fallback != "" {
				t.Errorf("answer = %+v, want the model's", a)
			}
		})
	}
}

// With Paraphrases < 0 the rewrite request is made only for follow-ups and
// questions not in English, with the plain-text rewrite prompt.
func TestAskWithoutParaphrases(t *testing.T) {
	const rewritten = "How many troops will Germany send to Ukraine?"
	s := llmtest.New(t)
	s.Reply = func(req openai.ChatCompletionRequest) string {
		if kindOf(req) == reqRewrite {
			return `"` + rewritten + `"`
		}
		return "NOT_FOUND"
	}
	e := newEngine(t, corpus(t), newChat(s), Options{Paraphrases: -1})
	if _, err := e.Ask(context.Background(), Question{Text: troopsQuestion}, nil); err != nil {
		t.Fatal(err)
	}
	if got := kinds(s.ChatRequests()); !slices.Equal(got, []string{reqAnswer}) {
		t.Errorf("requests for a question in English = %v, want the answer only", got)
	}
	history := []Turn{{Question: "How many troops will France send?", Answer: "Several thousand [1]."}}
	a, err := e.Ask(context.Background(), Question{Text: "and Germany?", History: history}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := kinds(s.ChatRequests()[1:]); !slices.Equal(got, []string{reqRewrite, reqAnswer}) {
		t.Errorf("requests for a follow-up = %v, want rewrite then answer", got)
	}
	if a.Standalone != rewritten {
		t.Errorf("Standalone = %q, want %q", a.Standalone, rewritten)
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
				if kindOf(req) == reqExpand {
					if !strings.Contains(userPrompt(req), "translated into English") {
						t.Errorf("the rewrite does not ask for English:\n%s", userPrompt(req))
					}
					return expandReply("How many troops could the multinational force include?")
				}
				return answer(req)
			}
			e := newEngine(t, corpus(t), newChat(s), Options{K: 8})
			a, err := e.Ask(context.Background(), Question{Text: question}, nil)
			if err != nil {
				t.Fatal(err)
			}
			if got := len(requestsOf(s, reqExpand)); got != 1 {
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
	answer := requestsOf(s, reqAnswer)[0]
	if got := userPrompt(answer); got != want {
		t.Errorf("prompt:\n%s\nwant:\n%s", got, want)
	}
	sys, _ := e.prompts.System("English")
	if got := systemPrompt(answer); got != sys {
		t.Errorf("system prompt:\n%s\nwant:\n%s", got, sys)
	}
	for i, p := range passagesIn(userPrompt(answer)) {
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
