package bot

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	openai "github.com/sashabaranov/go-openai"

	"github.com/summitbot/summitbot/bot/llm"
	"github.com/summitbot/summitbot/bot/llmtest"
	"github.com/summitbot/summitbot/data"
	"github.com/summitbot/summitbot/prompts"
	"github.com/summitbot/summitbot/retrieval"
)

// testTopic is the topic cmd/summitbot configures by default.
const testTopic = "the January 2026 Paris summit on security guarantees for Ukraine"

// builtinIDs are the articles of the built-in corpus.
var builtinIDs = []string{
	"allies-redraw-ukraine-security-future",
	"ap-what-to-know-security-guarantees",
	"paris-declaration-multinational-force-ukraine",
	"security-guarantees-paris-2026-trump-factor",
	"ukraine-allies-unveil-security-guarantees",
}

// newIndex opens an empty in-memory index.
func newIndex(t *testing.T) *retrieval.Index {
	t.Helper()
	idx, err := retrieval.Open(context.Background(), retrieval.Options{Embedder: retrieval.LocalEmbedder{}, Topic: testTopic})
	if err != nil {
		t.Fatalf("open index: %v", err)
	}
	t.Cleanup(func() { idx.Close() })
	return idx
}

// sharedCorpus is one in-memory index holding the built-in corpus, loaded the
// way cmd/summitbot loads it. Tests only read it.
var sharedCorpus = sync.OnceValues(func() (*retrieval.Index, error) {
	ctx := context.Background()
	idx, err := retrieval.Open(ctx, retrieval.Options{Embedder: retrieval.LocalEmbedder{}, Topic: testTopic})
	if err != nil {
		return nil, err
	}
	if _, err := NewLibrary(idx, nil, data.Articles(), nil).SyncBuiltin(ctx); err != nil {
		return nil, err
	}
	return idx, nil
})

// thesaurusCorpus returns a new index of the built-in corpus with the
// thesaurus, as cmd/summitbot opens it, closed when the test ends.
func thesaurusCorpus(tb testing.TB) *retrieval.Index {
	tb.Helper()
	ctx := context.Background()
	idx, err := retrieval.Open(ctx, retrieval.Options{Embedder: retrieval.LocalEmbedder{}, Topic: testTopic, Thesaurus: data.NewThesaurus()})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { idx.Close() })
	if _, err := NewLibrary(idx, nil, data.Articles(), nil).SyncBuiltin(ctx); err != nil {
		tb.Fatal(err)
	}
	return idx
}

// corpus returns the shared index of the built-in corpus. Do not modify it.
func corpus(t *testing.T) *retrieval.Index {
	t.Helper()
	idx, err := sharedCorpus()
	if err != nil {
		t.Fatalf("load built-in corpus: %v", err)
	}
	return idx
}

var commonWords = sync.OnceValues(data.CommonWords)

// properAdjectives loads the embedded proper adjectives once for the
// package's tests.
var properAdjectives = sync.OnceValues(data.ProperAdjectives)

// testVocabulary is the word vectors' list of words, read once for all tests.
var testVocabulary = sync.OnceValue(data.NewWordVectors)

// testThesaurus is the built-in thesaurus, as cmd/summitbot gives the engine
// for its inflections.
var testThesaurus = sync.OnceValue(data.NewThesaurus)

// newEngine builds the engine as cmd/summitbot does (the common-word list
// and the thesaurus's inflections included) over idx; chat nil selects extractive mode.
func newEngine(t testing.TB, idx Searcher, chat Completer, opts Options) *Engine {
	t.Helper()
	words, err := commonWords()
	if err != nil {
		t.Fatal(err)
	}
	p, err := prompts.New()
	if err != nil {
		t.Fatal(err)
	}
	opts.CommonWords = words
	if opts.ProperAdjectives == nil {
		adjectives, err := properAdjectives()
		if err != nil {
			t.Fatal(err)
		}
		opts.ProperAdjectives = adjectives // as summitbot has it
	}
	if opts.Vocabulary == nil {
		opts.Vocabulary = testVocabulary() // as summitbot has it
	}
	if opts.Inflections == nil {
		opts.Inflections = testThesaurus()
	}
	return NewEngine(idx, chat, p, nil, opts)
}

// newChat is a real go-openai client pointed at the fake server, without retries.
func newChat(s *llmtest.Server) *llm.Chat {
	return &llm.Chat{BaseURL: s.URL(), APIKey: "sk-test", Model: "test-model", MaxRetries: -1, Timeout: 30 * time.Second}
}

// The kinds of request the engine sends, told apart by their user prompt.
const (
	reqAnswer    = "answer"
	reqRewrite   = "rewrite"
	reqTranslate = "translate"
	reqNotes     = "notes"
	reqSummary   = "summary"
	reqExpand    = "expand" // a rewrite with paraphrases
	reqRerank    = "rerank"
)

func userPrompt(req openai.ChatCompletionRequest) string {
	if len(req.Messages) == 0 {
		return ""
	}
	return req.Messages[len(req.Messages)-1].Content
}

func systemPrompt(req openai.ChatCompletionRequest) string {
	if len(req.Messages) > 1 && req.Messages[0].Role == openai.ChatMessageRoleSystem {
		return req.Messages[0].Content
	}
	return ""
}

func kindOf(req openai.ChatCompletionRequest) string {
	p := userPrompt(req)
	switch {
	case strings.Contains(p, `"paraphrases"`):
		return reqExpand
	case strings.Contains(p, "passages help answer the question? Reply with their numbers only"):
		return reqRerank
	case strings.HasPrefix(p, "Conversation so far:"):
		return reqRewrite
	case strings.HasPrefix(p, "Question: ") && strings.Contains(p, "Translate the question into"):
		return reqTranslate
	case strings.Contains(p, "Take brief notes"):
		return reqNotes
	case strings.Contains(p, "Write a summary"):
		return reqSummary
	case strings.Contains(p, "\nQuestion: "):
		return reqAnswer
	}
	return "unknown"
}

func requestsOf(s *llmtest.Server, kind string) []openai.ChatCompletionRequest {
	var out []openai.ChatCompletionRequest
	for _, r := range s.ChatRequests() {
		if kindOf(r) == kind {
			out = append(out, r)
		}
	}
	return out
}

// promptPassage is one <source> block of a prompt.
type promptPassage struct {
	N    int
	Text string
}

var sourceBlockRe = regexp.MustCompile(`(?s)<source n="(\d+)"[^\n]*>\n(.*?)\n</source>`)

// passagesIn parses the <source> blocks of a prompt.
func passagesIn(prompt string) []promptPassage {
	var out []promptPassage
	for _, m := range sourceBlockRe.FindAllStringSubmatch(prompt, -1) {
		n, _ := strconv.Atoi(m[1])
		out = append(out, promptPassage{N: n, Text: m[2]})
	}
	return out
}

// passageWith returns the number of the first passage of prompt containing s, or 0.
func passageWith(prompt, s string) int {
	for _, p := range passagesIn(prompt) {
		if strings.Contains(p.Text, s) {
			return p.N
		}
	}
	return 0
}

// checkGrounded checks an answer's citation invariants against the index:
// markers and citations match one to one, numbered 1..m in order of first
// appearance, and every citation names a loaded source whose text holds its quote.
func checkGrounded(t *testing.T, idx *retrieval.Index, a Answer) {
	t.Helper()
	if !a.Found && !strings.Contains(a.Text, onlySayText(english)) {
		// A not-found answer cites nothing, unless it quotes the sentence
		// saying that the fact asked is not public (notFoundQuoting).
		if len(a.Citations) != 0 || len(citedNumbers(a.Text)) != 0 {
			t.Errorf("not-found answer has citations: %q %+v", a.Text, a.Citations)
		}
		return
	}
	if len(a.Citations) == 0 {
		t.Fatalf("found answer without citations: %q", a.Text)
	}
	var first []int
	seen := map[int]bool{}
	for _, m := range citeRe.FindAllStringSubmatch(a.Text, -1) {
		for _, f := range strings.FieldsFunc(m[1], func(r rune) bool { return r == ',' || r == ';' || r == ' ' }) {
			n, _ := strconv.Atoi(f)
			if !seen[n] {
				seen[n] = true
				first = append(first, n)
			}
		}
	}
	for i, n := range first {
		if n != i+1 {
			t.Errorf("markers appear in order %v, want 1..%d", first, len(first))
			break
		}
	}
	if len(first) != len(a.Citations) {
		t.Errorf("text cites %v but there are %d citations", first, len(a.Citations))
	}
	for i, c := range a.Citations {
		if c.N != i+1 {
			t.Errorf("citation %d has N=%d", i, c.N)
		}
		src, ok := idx.Source(c.SourceID)
		if !ok {
			t.Errorf("citation [%d] names unknown source %q", c.N, c.SourceID)
			continue
		}
		if c.Title != src.Title || c.Outlet != src.Outlet || c.URL != src.URL || c.Published != src.Published {
			t.Errorf("citation [%d] metadata %+v does not match source %+v", c.N, c, src)
		}
		if c.Quote == "" {
			t.Errorf("citation [%d] has no quote", c.N)
			continue
		}
		text, err := idx.Text(context.Background(), c.SourceID)
		if err != nil {
			t.Fatal(err)
		}
		// Quotes are shown on one line: compare with the spacing collapsed.
		// An extractive quote joins the sentences used with " … ".
		for _, q := range strings.Split(c.Quote, " … ") {
			if !strings.Contains(oneLine(text), strings.TrimSuffix(q, "…")) {
				t.Errorf("quote of [%d] is not in %s: %q", c.N, c.SourceID, q)
			}
		}
		if strings.ContainsAny(c.Quote, "\n\t") {
			t.Errorf("quote of [%d] spans lines: %q", c.N, c.Quote)
		}
	}
}

// checkBulletsQuoted checks that every "- sentence [n]" line of an extractive
// answer quotes the source that [n] cites, verbatim.
func checkBulletsQuoted(t *testing.T, idx *retrieval.Index, a Answer) int {
	t.Helper()
	bullets := 0
	for _, line := range strings.Split(a.Text, "\n") {
		m := regexp.MustCompile(`^- (.*) \[(\d+)\]$`).FindStringSubmatch(line)
		if m == nil {
			continue
		}
		bullets++
		n, _ := strconv.Atoi(m[2])
		if n < 1 || n > len(a.Citations) {
			t.Errorf("bullet cites [%d] of %d citations: %q", n, len(a.Citations), line)
			continue
		}
		c := a.Citations[n-1]
		text, err := idx.Text(context.Background(), c.SourceID)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(text, strings.TrimSuffix(m[1], "…")) {
			t.Errorf("bullet cites [%d] %s, which does not contain it: %q", n, c.SourceID, m[1])
		}
	}
	return bullets
}

// oneLine collapses runs of white space, line breaks included, to one space.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// loadHits reads retrieval hits from a JSON fixture.
func loadHits(t *testing.T, name string) []retrieval.Hit {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	var hits []retrieval.Hit
	if err := json.Unmarshal(b, &hits); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return hits
}

// distractorCorpus returns thesaurusCorpus with the distractor articles
// (retrieval/testdata/distractors: other summits and ceasefires, written to
// share the summit's vocabulary) loaded beside the built-in ones.
func distractorCorpus(tb testing.TB) *retrieval.Index {
	tb.Helper()
	idx := thesaurusCorpus(tb)
	addDistractors(tb, NewLibrary(idx, nil, data.Articles(), nil))
	return idx
}

// addDistractors loads the distractor articles into lib.
func addDistractors(tb testing.TB, lib *Library) {
	tb.Helper()
	offTopic, err := filepath.Glob("../retrieval/testdata/distractors/*.md")
	if err != nil || len(offTopic) == 0 {
		tb.Fatalf("distractors: %v, %v", offTopic, err)
	}
	for _, r := range lib.AddMany(context.Background(), "", offTopic, nil) {
		if r.Err != nil {
			tb.Fatal(r.Err)
		}
	}
}
