package bot

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/summitbot/summitbot/bot/llm"
	"github.com/summitbot/summitbot/retrieval"
	"github.com/summitbot/summitbot/retrieval/ingest"
)

func TestFriendly(t *testing.T) {
	const (
		tooLong   = "Sorry, that took too long to answer. Please try again in a moment."
		cancelled = "That request was cancelled."
		generic   = "Sorry, something went wrong on my side. Please try again later."
	)
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"nil", nil, ""},
		{"input error", ErrEmptyQuestion, "Please ask a question: the question is empty."},
		{"wrapped input error", fmt.Errorf("ask: %w", &Error{Code: CodeBadURL, Msg: "Only http and https URLs can be loaded."}), "Only http and https URLs can be loaded."},
		{"index refusal", fmt.Errorf("add x: %w", fmt.Errorf("%w (under 80 characters)", retrieval.ErrTooShort)), "That article has too little text to index (under 80 characters)."},
		{"passage limit", fmt.Errorf("add x: %w", &retrieval.LimitError{Passages: 900, Limit: 500}), "That article is too long to load (900 passages; the limit is 500)."},
		{"bad id", &retrieval.IDError{ID: "Bad Id"}, `"Bad Id" is not a valid source id (use lower-case letters, digits and dashes).`},
		{"duplicate url", &retrieval.DuplicateError{Existing: retrieval.Source{ID: "first", Title: "First"}, Reason: "url"}, `That article is already loaded as "first" (First), with the same URL.`},
		{"duplicate text", &retrieval.DuplicateError{Existing: retrieval.Source{ID: "first", Title: "First"}, Reason: "text"}, `That article is already loaded as "first" (First), with the same text.`},
		{"empty refusal", &ingest.RefusedError{}, "That source was refused."},
		{"refusal ending in a question mark", &ingest.RefusedError{Reason: "is that a PDF?"}, "Is that a PDF?"},
		{"fetch refusal", fmt.Errorf("load x: %w", &ingest.RefusedError{Reason: "that URL resolves to a private address", Err: errors.New("10.0.0.1")}), "That URL resolves to a private address."},
		{"refusal after a timeout", &ingest.RefusedError{Reason: "the page took too long to load", Err: context.DeadlineExceeded}, "The page took too long to load."},
		{"deadline", fmt.Errorf("answer with model: %w", context.DeadlineExceeded), tooLong},
		{"model timeout", fmt.Errorf("answer with model: chat completion: %w", fmt.Errorf("%w after 60s", llm.ErrTimeout)), tooLong},
		{"cancel", fmt.Errorf("search: %w", context.Canceled), cancelled},
		{"model status", fmt.Errorf("answer with model: %w", &llm.StatusError{StatusCode: 500, Message: "boom sk-secret"}), generic},
		{"generic", errors.New("open /var/lib/summitbot/index: permission denied"), generic},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Friendly(tt.err); got != tt.want {
				t.Errorf("Friendly(%v) = %q, want %q", tt.err, got, tt.want)
			}
		})
	}
}

func TestMessageRefusalsOnly(t *testing.T) {
	tests := []struct {
		name   string
		err    error
		wantOK bool
	}{
		{"nil", nil, false},
		{"core refusal", ErrQuestionTooLong, true},
		{"storage failure", errors.New("write manifest: disk full"), false},
		{"corrupt index", retrieval.ErrCorrupt, false},
		{"refusal wrapped twice", fmt.Errorf("a: %w", fmt.Errorf("b: %w", &ingest.RefusedError{Reason: "x"})), true},
	}
	for _, tt := range tests {
		if _, got := Message(tt.err); got != tt.wantOK {
			t.Errorf("%s: Message ok = %v, want %v", tt.name, got, tt.wantOK)
		}
	}
}

func TestErrorIsByCode(t *testing.T) {
	err := fmt.Errorf("remove: %w", &Error{Code: CodeUnknownSource, Msg: "There is no source with id \"x\"."})
	if !errors.Is(err, &Error{Code: CodeUnknownSource}) {
		t.Errorf("errors.Is by code failed for %v", err)
	}
	if errors.Is(err, &Error{Code: CodeBadURL}) {
		t.Errorf("errors.Is matched another code for %v", err)
	}
}

func TestDetectLanguage(t *testing.T) {
	tests := []struct {
		text string
		want string
	}{
		{troopsQuestion, "en"},
		{"Combien de soldats la force multinationale pourrait-elle compter ?", "fr"},
		{"Quel est le rôle des États-Unis dans les garanties de sécurité ?", "fr"},
		{"Wie viele Soldaten will Frankreich in die Ukraine schicken?", "de"},
		{"Скільки військових може налічувати багатонаціональна сила?", "uk"},
		{"Сколько солдат", "ru"}, // short, but Cyrillic
		{"and Germany?", "en"},   // short text counts as English
		{"ok", "en"},
	}
	for _, tt := range tests {
		if got := detectLanguage(tt.text); got.code != tt.want {
			t.Errorf("detectLanguage(%q) = %+v, want %s", tt.text, got, tt.want)
		}
	}
	if fr := detectLanguage("Combien de soldats la force multinationale pourrait-elle compter ?"); fr.name != "French" {
		t.Errorf("French is named %q", fr.name)
	}
}

func TestNotFoundText(t *testing.T) {
	seen := map[string]bool{}
	for _, code := range []string{"en", "fr", "de", "es", "it", "pt", "uk", "ru", "pl", "nl"} {
		got := notFoundText(language{code: code})
		if code != "en" && !containsAny(got, []string{"(not found in the loaded sources)"}) {
			t.Errorf("%s: %q does not say not found in English too", code, got)
		}
		if seen[got] {
			t.Errorf("%s: %q is not translated", code, got)
		}
		seen[got] = true
	}
	if notFoundText(language{code: "xx"}) != notFoundText(english) {
		t.Error("an unknown language does not fall back to English")
	}
}

func TestNamedWords(t *testing.T) {
	tests := []struct {
		q           string
		capitalised bool
		want        []string
	}{
		{"What did Viktor Orban say?", true, []string{"viktor", "orban"}},
		{"Did the US and NATO agree?", true, []string{"us", "nato"}},
		{"What happened on 6 January 2026?", true, []string{"6", "january", "2026"}},
		{"Zelensky's demands. What were they?", true, nil}, // sentence starts are not names
		{"what did merz say", true, nil},
		{"Is Türkiye’s role clear?", true, []string{"turkiye"}},
		{"Wie viele Soldaten schickt die NATO 2026?", false, []string{"nato", "2026"}}, // German nouns are capitalised
	}
	for _, tt := range tests {
		got := namedWords(tt.q, tt.capitalised)
		if len(got) != len(tt.want) {
			t.Errorf("namedWords(%q) = %v, want %v", tt.q, got, tt.want)
			continue
		}
		for _, w := range tt.want {
			if !got[w] {
				t.Errorf("namedWords(%q) = %v, lacks %q", tt.q, got, w)
			}
		}
	}
}

func TestMentions(t *testing.T) {
	words := wordSet("Zelenskyy met Canada's prime minister and Ukrainian officials in Zaporizhzhia.")
	tests := []struct {
		word string
		want bool
	}{
		{"zelenskyy", true},
		{"zelensky", true},    // spelling variant
		{"zaporizhia", true},  // misspelling
		{"canadian", true},    // demonym
		{"ukraine", true},     // shared root
		{"orban", false},      // absent
		{"meloni", false},     // absent
		{"minister", true},    // exact
		{"ministers", true},   // stem
		{"can", false},        // too short to match loosely
		{"zelenograd", false}, // too far
	}
	for _, tt := range tests {
		if got := mentions(words, tt.word); got != tt.want {
			t.Errorf("mentions(%q) = %v, want %v", tt.word, got, tt.want)
		}
	}
}

func TestIsCommon(t *testing.T) {
	words, err := commonWords()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		w    string
		want bool
	}{
		{"troops", true}, {"deployed", true}, {"isnt", true}, {"of", true},
		{"orban", false}, {"zelensky", false}, {"2025", false},
	}
	for _, tt := range tests {
		if got := isCommon(words, tt.w); got != tt.want {
			t.Errorf("isCommon(%q) = %v, want %v", tt.w, got, tt.want)
		}
	}
}

// A question in another language is not refused because its words are not
// English: only names the sources lack make it unanswerable.
func TestRelevanceOfForeignQuestions(t *testing.T) {
	idx := corpus(t)
	e := newEngine(t, idx, nil, Options{})
	tests := []struct {
		q           string
		wantMissing bool
	}{
		{"Combien de soldats la force multinationale pourrait-elle compter ?", false},
		{"Wie viele Soldaten will Frankreich in die Ukraine schicken?", false}, // German: capitalised nouns are not names
		{"what did orban say about the paris declaration?", true},
		{"Qu'a dit Viktor Orban ?", true},
	}
	for _, tt := range tests {
		hits, err := idx.Search(context.Background(), tt.q, retrieval.SearchOptions{K: 6})
		if err != nil {
			t.Fatal(err)
		}
		rel, err := e.relevance(context.Background(), tt.q, hits)
		if err != nil {
			t.Fatal(err)
		}
		if got := len(rel.missingKey) > 0; got != tt.wantMissing {
			t.Errorf("relevance(%q): missing %v, want missing=%v", tt.q, rel.missingKey, tt.wantMissing)
		}
	}
}
