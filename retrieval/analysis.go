package retrieval

import (
	"fmt"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/char/asciifolding"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/token/stop"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
)

// analyzer turns text into the terms BM25 indexes and searches: "US" kept as
// "USA", hyphenated numbers ("twenty-four") written in digits (see
// numberFilter), accents folded, split into words, possessives, bleve's English stop
// words and the embedder's stop words dropped, and each word reduced by Stem,
// the stemmer the rest of summitbot uses. So the term of a word is
// Stem(Fold(word)) (for a hyphenated number, its digits; for a word with
// letters that Fold cannot turn into ASCII, such as "ø" or "ł", the term is
// of the word spelt in ASCII, so that "Lodz" finds "Łódź").
//
// bleve builds the analysers a mapping names only from token filters in its
// process-wide registry, so this chain is a value of its own: chunks are
// indexed as their analysed terms (see lexMapping), and queries are analysed
// here.
type analyzer struct {
	chain *analysis.DefaultAnalyzer
}

func newAnalyzer() (*analyzer, error) {
	english := analysis.NewTokenMap()
	if err := english.LoadBytes(en.EnglishStopWords); err != nil {
		return nil, fmt.Errorf("bm25 stop words: %w", err)
	}
	// The embedder's stop words too (text.go), which bleve's English list
	// lacks: "how many" and "what did they say" would otherwise weigh as
	// rare terms.
	ours := analysis.NewTokenMap()
	for w := range stopwords {
		ours.AddToken(w)
	}
	return &analyzer{chain: &analysis.DefaultAnalyzer{
		CharFilters: []analysis.CharFilter{
			// "US" would be lower-cased into the stop word "us": keep it as "USA".
			acronymFilter{},
			numberFilter{},
			asciifolding.New(),
		},
		Tokenizer: unicode.NewUnicodeTokenizer(),
		TokenFilters: []analysis.TokenFilter{
			en.NewPossessiveFilter(),
			lowercase.NewLowerCaseFilter(),
			stop.NewStopTokensFilter(english),
			stop.NewStopTokensFilter(ours),
			stemFilter{},
		},
	}}, nil
}

// acronymFilter rewrites the acronyms analysis would lose (see
// expandAcronyms).
type acronymFilter struct{}

// Filter implements analysis.CharFilter.
func (acronymFilter) Filter(input []byte) []byte { return []byte(expandAcronyms(string(input))) }

// terms returns the analysed terms of text, in order, repeats included.
func (a *analyzer) terms(text string) []string {
	toks := a.chain.Analyze([]byte(text))
	out := make([]string, 0, len(toks))
	for _, tok := range toks {
		out = append(out, string(tok.Term))
	}
	return out
}

// stemFilter is a bleve token filter that reduces each token with Stem.
type stemFilter struct{}

// Filter stems every token that is not marked as a keyword.
func (stemFilter) Filter(in analysis.TokenStream) analysis.TokenStream {
	for _, tok := range in {
		if !tok.KeyWord {
			tok.Term = []byte(Stem(string(tok.Term)))
		}
	}
	return in
}
