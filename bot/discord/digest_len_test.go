package discord

import (
	"context"
	"strings"
	"testing"

	"github.com/summitbot/summitbot/bot"
	"github.com/summitbot/summitbot/data"
	"github.com/summitbot/summitbot/prompts"
	"github.com/summitbot/summitbot/retrieval"
)

// offlineEngine is an engine without a model over the built-in corpus.
func offlineEngine(t *testing.T) *bot.Engine { return corpusEngine(t, nil) }

// corpusEngine is an engine over the built-in corpus, answering with chat
// (nil: without a model), built as cmd/summitbot builds it.
func corpusEngine(t *testing.T, chat bot.Completer) *bot.Engine {
	t.Helper()
	ctx := context.Background()
	idx, err := retrieval.Open(ctx, retrieval.Options{Embedder: retrieval.LocalEmbedder{}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { idx.Close() })
	if _, err := bot.NewLibrary(idx, nil, data.Articles(), nil).SyncBuiltin(ctx); err != nil {
		t.Fatal(err)
	}
	words, err := data.CommonWords()
	if err != nil {
		t.Fatal(err)
	}
	p, err := prompts.New()
	if err != nil {
		t.Fatal(err)
	}
	return bot.NewEngine(idx, chat, p, nil, bot.Options{CommonWords: words})
}

// TestSummaryFitsOneMessage renders offline summaries with the real
// formatter: bot.RenderedLen must count what is posted, and it fits.
func TestSummaryFitsOneMessage(t *testing.T) {
	e := offlineEngine(t)
	for _, topic := range []string{"", "the US role", "Russia's reaction", "paris-declaration-multinational-force-ukraine"} {
		for _, fallback := range []string{"", "the language model could not be reached (server error, HTTP 502)"} {
			a, err := e.Summarize(context.Background(), bot.SummaryRequest{Topic: topic}, nil)
			if err != nil {
				t.Fatal(err)
			}
			a.Fallback = fallback
			got := textLen(renderAnswer(a))
			if want := bot.RenderedLen(a); got != want {
				t.Errorf("%q: rendered %d characters, RenderedLen says %d", topic, got, want)
			}
			if fallback == "" && got > bot.MaxSummaryChars {
				t.Errorf("%q: rendered %d characters, over %d", topic, got, bot.MaxSummaryChars)
			}
		}
	}
}

// TestSummarySourcesShortTitles: a summary's Sources list names each article
// by its short title, and an answer's by the full one.
func TestSummarySourcesShortTitles(t *testing.T) {
	c := bot.Citation{N: 1, Title: "Ukraine Security Guarantees Paris 2026: Multinational Forces and the Trump Factor", URL: "https://example.com/a", Outlet: "AP", Published: "2026-01-07"}
	tests := []struct {
		short bool
		want  string
	}{
		{false, "\n[1] [Ukraine Security Guarantees Paris 2026: Multinational Forces and the Trump Factor](<https://example.com/a>) — AP, 7 Jan 2026"},
		{true, "\n[1] [Ukraine Security Guarantees Paris 2026…](<https://example.com/a>) — AP, 7 Jan 2026"},
	}
	for _, tt := range tests {
		a := bot.Answer{Text: "A fact. [1]", Citations: []bot.Citation{c}, ShortSources: tt.short}
		got := renderAnswer(a)
		if !strings.HasSuffix(got, tt.want) {
			t.Errorf("short=%v: rendered %q, want it to end %q", tt.short, got, tt.want)
		}
		if n := bot.RenderedLen(a); n != textLen(got) {
			t.Errorf("short=%v: RenderedLen = %d, rendered %d", tt.short, n, textLen(got))
		}
	}
}
