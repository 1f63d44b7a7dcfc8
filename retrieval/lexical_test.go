package retrieval

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/char/asciifolding"
	regexpfilter "github.com/blevesearch/bleve/v2/analysis/char/regexp"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/token/porter"
	"github.com/blevesearch/bleve/v2/analysis/token/stop"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/mapping"
	index "github.com/blevesearch/bleve_index_api"
)

// porterMapping is the BM25 mapping of version 3: bleve analysed the chunk
// texts itself and stemmed them with its Porter filter.
func porterMapping(t *testing.T) *mapping.IndexMappingImpl {
	t.Helper()
	m := bleve.NewIndexMapping()
	m.ScoringModel = index.BM25Scoring
	toks := make([]any, 0, len(stopwords))
	for w := range stopwords {
		toks = append(toks, w)
	}
	for _, err := range []error{
		m.AddCustomCharFilter("summit_usa", map[string]any{"type": regexpfilter.Name, "regexp": usRe.String(), "replace": "USA"}),
		// "custom" is the type of analysis/tokenmap, which the test does not
		// import: lexical.go must, for bleve to open such an index.
		m.AddCustomTokenMap("summit_stop_words", map[string]any{"type": "custom", "tokens": toks}),
		m.AddCustomTokenFilter("summit_stop", map[string]any{"type": stop.Name, "stop_token_map": "summit_stop_words"}),
		m.AddCustomAnalyzer("summit_en", map[string]any{
			"type":          custom.Name,
			"char_filters":  []any{"summit_usa", asciifolding.Name},
			"tokenizer":     unicode.Name,
			"token_filters": []any{en.PossessiveName, lowercase.Name, en.StopName, "summit_stop", porter.Name},
		}),
	} {
		if err != nil {
			t.Fatal(err)
		}
	}
	doc := bleve.NewDocumentMapping()
	text := bleve.NewTextFieldMapping()
	text.Analyzer = "summit_en"
	doc.AddFieldMappingsAt("text", text)
	src := bleve.NewKeywordFieldMapping()
	src.Analyzer = keyword.Name
	doc.AddFieldMappingsAt("source_id", src)
	m.DefaultMapping = doc
	m.DefaultAnalyzer = "summit_en"
	return m
}

// TestOpenRebuildsPorterBM25 opens an index whose BM25 index an earlier
// summitbot built with the Porter stemmer, at the manifest's generation: it
// is rebuilt with the current analysis, quietly, once.
func TestOpenRebuildsPorterBM25(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	ix := openIndex(t, Options{Dir: dir})
	addAll(t, ix, builtinArticles(t)[:2])
	var chunks []Chunk
	for _, s := range ix.Sources() {
		cs, err := ix.Chunks(context.Background(), s.ID)
		if err != nil {
			t.Fatal(err)
		}
		chunks = append(chunks, cs...)
	}
	gen := ix.man.Generation
	ix.Close()

	path := filepath.Join(dir, bm25Dir)
	if err := os.RemoveAll(path); err != nil {
		t.Fatal(err)
	}
	old, err := bleve.New(path, porterMapping(t))
	if err != nil {
		t.Fatal(err)
	}
	b := old.NewBatch()
	for _, c := range chunks {
		if err := b.Index(c.ID, map[string]string{"text": c.Text, "source_id": c.SourceID}); err != nil {
			t.Fatal(err)
		}
	}
	b.SetInternal([]byte(lexGeneration), []byte(strconv.FormatUint(gen, 10)))
	b.SetInternal([]byte(lexTokens), []byte("1000"))
	b.SetInternal([]byte(lexMappingKey), []byte("3"))
	if err := old.Batch(b); err != nil {
		t.Fatal(err)
	}
	if err := old.Close(); err != nil {
		t.Fatal(err)
	}

	ix, logs := openLogged(t, Options{Dir: dir})
	if got := logs.String(); !strings.Contains(got, "rebuilding the BM25 index") || strings.Contains(got, "level=WARN") {
		t.Errorf("want a quiet rebuild, logs: %s", got)
	}
	assertConsistent(t, ix)
	// Porter and Snowball stem these words differently.
	tests := []struct {
		word, porter string
	}{
		{"deployed", "deploi"},
		{"Zelenskyy", "zelenskyi"},
		{"envoys", "envoi"},
	}
	for _, tt := range tests {
		df, err := ix.lex.docFreq(context.Background(), Stem(Fold(tt.word)))
		if err != nil || df == 0 {
			t.Errorf("%s: document frequency of %q %d, %v", tt.word, Stem(Fold(tt.word)), df, err)
		}
		if df, err := ix.lex.docFreq(context.Background(), tt.porter); err != nil || df != 0 {
			t.Errorf("%s: the Porter stem %q is still indexed (%d, %v)", tt.word, tt.porter, df, err)
		}
	}
	ix.Close()
	_, logs = openLogged(t, Options{Dir: dir})
	if strings.Contains(logs.String(), "rebuilding") {
		t.Errorf("second open rebuilt again: %s", logs.String())
	}
}

// Passages with equal BM25 scores rank by chunk id, not by the order their
// sources were added in, so the same sources rank the same however they
// were loaded.
func TestLexicalTiesIgnoreLoadOrder(t *testing.T) {
	docs := []Document{
		{ID: "bravo", Title: "Bravo", Text: "The coalition met in Paris on Tuesday to plan the monitoring mission for the ceasefire that leaders hope for. Bravo."},
		{ID: "alpha", Title: "Alpha", Text: "The coalition met in Paris on Tuesday to plan the monitoring mission for the ceasefire that leaders hope for. Alpha."},
		{ID: "charlie", Title: "Charlie", Text: "The coalition met in Paris on Tuesday to plan the monitoring mission for the ceasefire that leaders hope for. Charl."},
	}
	var orders [][]string
	for _, perm := range [][]int{{0, 1, 2}, {2, 1, 0}, {1, 2, 0}} {
		ix := openIndex(t, Options{})
		for _, i := range perm {
			mustAdd(t, ix, docs[i])
		}
		hits, err := ix.Search(context.Background(), "monitoring mission", SearchOptions{Mode: Lexical, K: 3, PerSource: -1})
		if err != nil {
			t.Fatal(err)
		}
		if len(hits) != 3 || hits[0].BM25 != hits[2].BM25 {
			t.Fatalf("want three equal BM25 scores, got %+v", hits)
		}
		orders = append(orders, hitSources(hits))
	}
	want := []string{"alpha", "bravo", "charlie"}
	for i, got := range orders {
		if !slices.Equal(got, want) {
			t.Errorf("load order %d: ranked %v, want %v", i, got, want)
		}
	}
}
