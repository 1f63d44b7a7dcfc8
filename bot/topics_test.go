package bot

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/summitbot/summitbot/data"
	"github.com/summitbot/summitbot/retrieval/ingest"
)

// labels returns the labels of topics.
func labels(ts []Topic) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.Label
	}
	return out
}

func topicByLabel(ts []Topic, label string) (Topic, bool) {
	i := slices.IndexFunc(ts, func(t Topic) bool { return t.Label == label })
	if i < 0 {
		return Topic{}, false
	}
	return ts[i], true
}

// TestTopicsBuiltin checks the topics suggested for the built-in corpus:
// the countries and people the articles centre on, each once whatever it is
// called, and no boilerplate, ordinary word or theme of every article.
func TestTopicsBuiltin(t *testing.T) {
	e := newEngine(t, corpus(t), nil, Options{})
	got, err := e.Topics(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) == 0 || len(got) > MaxTopics {
		t.Fatalf("%d topics, want 1 to %d: %q", len(got), MaxTopics, labels(got))
	}
	present := []struct {
		label   string
		kind    string
		sources int
		alias   string // one more way the sources write it, "" for none
	}{
		{"France", TopicCountry, 5, "French"},
		{"United Kingdom", TopicCountry, 5, "British"},
		{"United States", TopicCountry, 5, "Washington"},
		{"Russia", TopicCountry, 5, "Moscow"},
		{"Emmanuel Macron", TopicPerson, 5, "Macron"},
		{"Keir Starmer", TopicPerson, 4, "Starmer"},
		{"Volodymyr Zelenskyy", TopicPerson, 3, "Zelensky"},
		{"NATO", TopicCountry, 3, ""},
		{"military hubs", TopicSubject, 4, ""},
		{"multinational force", TopicSubject, 3, ""},
	}
	for _, tt := range present {
		tp, ok := topicByLabel(got, tt.label)
		switch {
		case !ok:
			t.Errorf("%q is not suggested: %q", tt.label, labels(got))
		case tp.Kind != tt.kind || tp.Sources != tt.sources || tp.Query == "":
			t.Errorf("%q = %+v, want kind %s in %d sources", tt.label, tp, tt.kind, tt.sources)
		case tt.alias != "" && !slices.ContainsFunc(tp.Aliases, func(a string) bool { return strings.HasPrefix(a, tt.alias) }):
			t.Errorf("%q aliases = %q, want %q among them", tt.label, tp.Aliases, tt.alias)
		}
	}
	absent := []string{
		"Associated Press", "Reuters", "Le Monde", "Sky News", // outlets cited
		"Thomas Adamson", "Sylvie Corbet", "Geir Moulson", "Illia Novikov", // authors and contributors
		"Macron", "Zelensky", "Starmer", "French", "UK", "U.S", "Western European", // folded into another
		"Allies", "Western", "According", "Meeting", "Options", // capitalised ordinary words
		"Ukraine", "Paris", "security guarantees", // every article's theme
		"MNF", "U", // one article's acronym, in pieces
	}
	for _, label := range absent {
		if _, ok := topicByLabel(got, label); ok {
			t.Errorf("%q is suggested: %q", label, labels(got))
		}
	}
	for i := 1; i < len(got); i++ {
		if got[i].Sources > got[i-1].Sources+1 {
			t.Errorf("%q (%d sources) ranks after %q (%d sources)", got[i].Label, got[i].Sources, got[i-1].Label, got[i-1].Sources)
		}
	}
	// Centrality, not frequency: the five countries every article names lead.
	if top := labels(got[:4]); !sameSet(top, []string{"France", "United Kingdom", "United States", "Russia"}) {
		t.Errorf("top four = %q, want France, United Kingdom, United States and Russia", top)
	}
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

// TestTopicsScope checks that a server's own article adds its topics in that
// server only, and that the cache follows loads and removals.
func TestTopicsScope(t *testing.T) {
	ctx := context.Background()
	idx := newIndex(t)
	lib := NewLibrary(idx, nil, data.Articles(), nil)
	if _, err := lib.SyncBuiltin(ctx); err != nil {
		t.Fatal(err)
	}
	e := newEngine(t, idx, nil, Options{})
	before, err := e.Topics(ctx, "900")
	if err != nil {
		t.Fatal(err)
	}
	doc := ingest.Document{ID: "meloni-rome", Title: "Rome keeps its soldiers at home", Outlet: "Example Wire", Authors: []string{"Anna Rossi"},
		Text: "Italian Prime Minister Giorgia Meloni said on Thursday that Italy would not send ground troops to Ukraine.\n\n" +
			"Meloni told reporters in Rome that Italian support would come through training, air defence and funding.\n\n" +
			"Opposition leaders criticised Meloni for leaving the multinational force to France and the United Kingdom.\n\n" +
			"Anna Rossi contributed to this report."}
	if _, err := lib.add(ctx, "900", doc, nil); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		guild  string
		want   []string
		absent []string
	}{
		{"900", []string{"Giorgia Meloni", "Italy", "France"}, []string{"Anna Rossi", "Example Wire", "Meloni"}},
		{"901", []string{"France"}, []string{"Giorgia Meloni", "Italy"}},
		{"", []string{"France"}, []string{"Giorgia Meloni", "Italy"}},
	}
	for _, tt := range tests {
		got, err := e.Topics(ctx, tt.guild)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range tt.want {
			if _, ok := topicByLabel(got, l); !ok {
				t.Errorf("guild %q: %q not suggested: %q", tt.guild, l, labels(got))
			}
		}
		for _, l := range tt.absent {
			if _, ok := topicByLabel(got, l); ok {
				t.Errorf("guild %q: %q suggested: %q", tt.guild, l, labels(got))
			}
		}
	}
	if _, err := lib.Remove(ctx, "900", "meloni-rome"); err != nil {
		t.Fatal(err)
	}
	after, err := e.Topics(ctx, "900")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(labels(after), labels(before)) {
		t.Errorf("after removing the server's article: %q, want %q again", labels(after), labels(before))
	}
}

// TestTopicsEmptyScope checks a scope without sources: no topics, no error.
func TestTopicsEmptyScope(t *testing.T) {
	e := newEngine(t, newIndex(t), nil, Options{})
	got, err := e.Topics(context.Background(), "")
	if err != nil || len(got) != 0 {
		t.Errorf("Topics = %q, %v; want none", labels(got), err)
	}
}

// TestTopicsCallerOwnsSlice checks that changing the topics returned does
// not change the cached ones.
func TestTopicsCallerOwnsSlice(t *testing.T) {
	e := newEngine(t, corpus(t), nil, Options{})
	first, err := e.Topics(context.Background(), "")
	if err != nil || len(first) == 0 {
		t.Fatalf("Topics = %d, %v", len(first), err)
	}
	label := first[0].Label
	first[0].Label = "changed"
	again, _ := e.Topics(context.Background(), "")
	if again[0].Label != label {
		t.Errorf("cached topic changed to %q", again[0].Label)
	}
}

func TestOneEditApart(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"zelensky", "zelenskyy", true},
		{"zelenskyy", "zelensky", true},
		{"macron", "macros", true},
		{"macron", "macron", true},
		{"merz", "marx", false},
		{"starmer", "stammer", true},
		{"putin", "pootin", false},
	}
	for _, tt := range tests {
		if got := oneEditApart(tt.a, tt.b); got != tt.want {
			t.Errorf("oneEditApart(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

// BenchmarkTopics measures the suggested topics of the built-in corpus:
// cold (each source's candidates found and ranked, as after a load) and
// cached (as autocomplete asks again).
func BenchmarkTopics(b *testing.B) {
	ctx := context.Background()
	idx, err := sharedCorpus()
	if err != nil {
		b.Fatal(err)
	}
	words, err := commonWords()
	if err != nil {
		b.Fatal(err)
	}
	b.Run("cold", func(b *testing.B) {
		for b.Loop() {
			e := &Engine{idx: idx, opts: Options{CommonWords: words}, topics: newTopicCache()}
			if _, err := e.Topics(ctx, ""); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("cached", func(b *testing.B) {
		e := &Engine{idx: idx, opts: Options{CommonWords: words}, topics: newTopicCache()}
		if _, err := e.Topics(ctx, ""); err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			if _, err := e.Topics(ctx, ""); err != nil {
				b.Fatal(err)
			}
		}
	})
}
