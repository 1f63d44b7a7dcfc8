package retrieval

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/whitespace"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"

	// bleve parses the mapping an index was built with when it opens it, and
	// the mapping of version 3 names a token map of this package's type:
	// without it, such an index would be taken for a broken one (and rebuilt
	// with a warning) rather than for an old one (rebuilt quietly).
	_ "github.com/blevesearch/bleve/v2/analysis/tokenmap"
)

// lexical is the BM25 side of the hybrid search: a bleve index over the
// analysed terms of each chunk (see analyzer).
//
// All scopes share the one index: each chunk has its scope in a keyword
// field (lexShared for a shared source, the guild id otherwise), and a
// search is the conjunction of its terms with the disjunction of the scopes
// it sees. bleve's conjunction advances its clauses past each other's
// matches, the scope clause (the fewest postings) first, so a search visits
// the postings of its own scopes and skips the other guilds' (see
// BenchmarkScope). The BM25 statistics, however, are index-wide: a term's
// document frequency (its IDF), the chunk count and the average chunk length
// count the chunks of every guild, and so does the query plan (which terms
// the index holds, see plan) and QueryTerms.
type lexical struct {
	idx bleve.Index
	an  *analyzer
	gen uint64 // the generation last written with the chunks
	// tokens is the number of analysed tokens in all indexed chunk texts,
	// kept in the index beside them. BM25 needs the average length; bleve
	// would estimate it from its segments (the sum of each segment's distinct
	// terms), which changes as it merges them in the background and so made
	// rankings drift with no change to the sources.
	tokens atomic.Uint64
	// ordinary reports whether a term is an ordinary English word's (see
	// Options.OrdinaryWords); nil: none is known, and every variant
	// sameWord accepts counts.
	ordinary func(term string) bool
}

// bm25Dir is the directory of the BM25 index in an index directory.
const bm25Dir = "bm25"

const (
	lexAnalyzer   = "summit_terms"
	lexGeneration = "summitbot_generation"
	lexTokens     = "summitbot_tokens"
)

// lexDoc is what the BM25 index stores of a chunk: its analysed terms,
// separated by spaces. (Adding the article title to the text lowered MRR on
// the development set, so it is left out.)
type lexDoc struct {
	Terms    string `json:"text"`
	SourceID string `json:"source_id"`
	Scope    string `json:"scope"` // lexScope of the source's guild
}

// lexShared is the scope field of a shared source's chunks; a guild's
// chunks have the guild id, which is digits only (see ValidGuild).
const lexShared = "_shared"

// lexScope is the scope field of the chunks of a source of guild.
func lexScope(guild string) string {
	if guild == "" {
		return lexShared
	}
	return guild
}

// lexMappingVersion changes whenever the mapping or the analysis does; an
// index built with another version is rebuilt (quietly: see
// Index.openBM25). Version 5 added the scope field, version 6 numbers in
// digits (numberFilter), version 7 "most" as a term (no longer a stop word),
// version 8 "the us" and "us-" in lower case as the United States, and
// contractions typed without the apostrophe ("whats") as stop words.
const (
	lexMappingKey     = "summitbot_mapping"
	lexMappingVersion = "8"
)

// lexMapping maps a lexDoc. Its text is already analysed, so bleve only
// splits it at spaces.
func lexMapping() (*mapping.IndexMappingImpl, error) {
	m := bleve.NewIndexMapping()
	m.ScoringModel = index.BM25Scoring
	err := m.AddCustomAnalyzer(lexAnalyzer, map[string]any{
		"type":      custom.Name,
		"tokenizer": whitespace.Name,
	})
	if err != nil {
		return nil, fmt.Errorf("bm25 analyzer: %w", err)
	}
	doc := bleve.NewDocumentMapping()
	text := bleve.NewTextFieldMapping()
	text.Analyzer = lexAnalyzer
	text.Store = false
	text.IncludeTermVectors = false
	doc.AddFieldMappingsAt("text", text)
	src := bleve.NewKeywordFieldMapping()
	src.Analyzer = keyword.Name
	src.Store = false
	doc.AddFieldMappingsAt("source_id", src)
	scope := bleve.NewKeywordFieldMapping()
	scope.Analyzer = keyword.Name
	scope.Store = false
	doc.AddFieldMappingsAt("scope", scope)
	m.DefaultMapping = doc
	m.DefaultAnalyzer = lexAnalyzer
	return m, nil
}

// openLexical opens the BM25 index at dir, creating it if absent; an empty dir
// means in memory. ordinary tells the ordinary words' terms (see
// Options.OrdinaryWords; nil: none). It returns the generation recorded in
// the index (0 if none).
func openLexical(dir string, ordinary func(term string) bool) (*lexical, uint64, error) {
	an, err := newAnalyzer()
	if err != nil {
		return nil, 0, err
	}
	m, err := lexMapping()
	if err != nil {
		return nil, 0, err
	}
	var idx bleve.Index
	switch {
	case dir == "":
		// Scorch with no path keeps its segments in memory: the same engine
		// and scoring as on disk (bleve.NewMemOnly's upsidedown index is
		// many times slower to fill and to search, and larger).
		idx, err = bleve.NewUsing("", m, scorch.Name, scorch.Name, nil)
	default:
		if _, statErr := os.Stat(dir); errors.Is(statErr, os.ErrNotExist) {
			idx, err = bleve.New(dir, m)
		} else {
			idx, err = bleve.Open(dir)
		}
	}
	if err != nil {
		return nil, 0, fmt.Errorf("open bm25 index: %w", err)
	}
	l := &lexical{idx: idx, an: an, ordinary: ordinary}
	gen, err := l.generation()
	if err != nil {
		idx.Close()
		return nil, 0, err
	}
	l.gen = gen
	return l, gen, nil
}

// generation returns the generation the index was last written at, reading
// the token count with it; 0 (which forces a rebuild unless the index is
// empty) if the index was built with another mapping or lacks its counts.
func (l *lexical) generation() (uint64, error) {
	v, err := l.idx.GetInternal([]byte(lexMappingKey))
	if err != nil {
		return 0, fmt.Errorf("read bm25 mapping version: %w", err)
	}
	if string(v) != lexMappingVersion {
		return 0, nil
	}
	var vals [2]uint64
	for i, key := range []string{lexGeneration, lexTokens} {
		b, err := l.idx.GetInternal([]byte(key))
		if err != nil {
			return 0, fmt.Errorf("read bm25 %s: %w", key, err)
		}
		if len(b) == 0 {
			return 0, nil
		}
		if vals[i], err = strconv.ParseUint(string(b), 10, 64); err != nil {
			return 0, fmt.Errorf("read bm25 %s: %w", key, err)
		}
	}
	l.tokens.Store(vals[1])
	return vals[0], nil
}

// apply indexes ch.add and deletes ch.del in one batch, recording ch.gen.
// On error the index is as it was; undo puts it back as it was.
func (l *lexical) apply(_ context.Context, ch change) (undo func() error, err error) {
	prev := l.gen
	if err := l.batch(ch.add, ch.del, ch.scope, ch.gen); err != nil {
		return nil, err
	}
	return func() error { return l.batch(ch.del, ch.add, ch.scope, prev) }, nil
}

// batch indexes and deletes chunks in one batch and records the generation
// and the new token count with them. Chunks in del must be in the index;
// scope maps the source id of each chunk in add to its guild.
func (l *lexical) batch(add, del []Chunk, scope map[string]string, gen uint64) error {
	tokens := int64(l.tokens.Load())
	b := l.idx.NewBatch()
	for _, c := range del {
		b.Delete(c.ID)
		tokens -= int64(len(l.analyze(c.Text)))
	}
	for _, c := range add {
		terms := l.analyze(c.Text)
		if err := b.Index(c.ID, lexDoc{Terms: strings.Join(terms, " "), SourceID: c.SourceID, Scope: lexScope(scope[c.SourceID])}); err != nil {
			return fmt.Errorf("bm25 index chunk %s: %w", c.ID, err)
		}
		tokens += int64(len(terms))
	}
	tokens = max(tokens, 0)
	b.SetInternal([]byte(lexGeneration), []byte(strconv.FormatUint(gen, 10)))
	b.SetInternal([]byte(lexTokens), []byte(strconv.FormatInt(tokens, 10)))
	b.SetInternal([]byte(lexMappingKey), []byte(lexMappingVersion))
	if err := l.idx.Batch(b); err != nil {
		return fmt.Errorf("bm25 batch: %w", err)
	}
	l.tokens.Store(uint64(tokens))
	l.gen = gen
	return nil
}

// stats are the collection statistics BM25 scores with: the chunk count and
// the token count, exact whatever the segments.
func (l *lexical) stats() (*search.BM25Stats, error) {
	n, err := l.idx.DocCount()
	if err != nil {
		return nil, fmt.Errorf("count bm25 documents: %w", err)
	}
	return &search.BM25Stats{
		DocCount: float64(n),
		// The scope filter's unscored disjunction is searched as one
		// merged posting list, whose searcher bleve names field "*" and
		// which asks for that field's statistics (see scopeQuery).
		FieldCardinality: map[string]int{"text": int(l.tokens.Load()), "source_id": int(n), "scope": int(n), "*": int(n)},
	}, nil
}

func (l *lexical) count() (uint64, error) {
	return l.idx.DocCount()
}

type lexHit struct {
	id    string
	score float64
}

// search returns up to n chunk ids ranked by BM25 among the chunks a search
// in guild sees (shared ones and, if guild is not empty, the guild's),
// optionally within one source. A query term the index does not contain (a misspelling, a demonym
// such as "Canadian" for "Canada") is expanded to the terms it does contain
// that sameWord accepts, each weighing variantBoost.
//
// A term the plan (if any) relates other terms to is one clause with them
// (a wordQuery), each related term weighing its boost (see coverQuery).
func (l *lexical) search(ctx context.Context, text string, n int, guild, sourceID string, plan *queryPlan) ([]lexHit, error) {
	var clauses []query.Query
	seen := map[string]bool{}
	for _, t := range l.analyze(text) {
		if seen[t] {
			continue
		}
		seen[t] = true
		df, ok := plan.docFreq(t)
		if !ok {
			var err error
			if df, err = l.docFreq(ctx, t); err != nil {
				return nil, err
			}
		}
		tq := bleve.NewTermQuery(t)
		tq.SetField("text")
		clauses = append(clauses, withRelated(tq, plan.related(t)))
		if df > 0 {
			continue
		}
		if q, err := l.variantQuery(t); err != nil {
			return nil, err
		} else if q != nil {
			clauses = append(clauses, q)
		}
	}
	if len(clauses) == 0 {
		return nil, nil
	}
	filters := []query.Query{scopeQuery(guild)}
	if sourceID != "" {
		tq := bleve.NewTermQuery(sourceID)
		tq.SetField("source_id")
		filters = append(filters, tq)
	}
	q := bleve.NewConjunctionQuery(append([]query.Query{coverQuery(clauses)}, filters...)...)
	stats, err := l.stats()
	if err != nil {
		return nil, err
	}
	req := bleve.NewSearchRequestOptions(q, n, 0, false)
	// Equal scores are common (bleve stores length norms coarsely): they
	// are ordered by chunk id, not by the order the chunks were indexed in,
	// so the same sources rank the same however they were loaded.
	req.SortBy([]string{"-_score", "_id"})
	res, err := l.idx.SearchInContext(context.WithValue(ctx, search.BM25StatsKey, stats), req)
	if err != nil {
		return nil, fmt.Errorf("bm25 search: %w", err)
	}
	out := make([]lexHit, 0, len(res.Hits))
	for _, h := range res.Hits {
		out = append(out, lexHit{id: h.ID, score: h.Score})
	}
	return out, nil
}

// withRelated returns q, or q and the terms related to its term as one
// wordQuery.
func withRelated(q *query.TermQuery, related []expansion) query.Query {
	if len(related) == 0 {
		return q
	}
	w := wordQuery{clauses: []query.Query{q}, credit: []float64{1}}
	for _, e := range related {
		eq := bleve.NewTermQuery(e.term)
		eq.SetField("text")
		eq.SetBoost(e.boost)
		w.clauses = append(w.clauses, eq)
		w.credit = append(w.credit, e.cover)
	}
	return w
}

// variantBoost weighs a variant of a query term against the term itself.
const variantBoost = 0.7

// variantQuery matches the variants of term the index holds (see sameWord),
// each weighing variantBoost; nil if it holds none.
func (l *lexical) variantQuery(term string) (query.Query, error) {
	vs, err := l.variants(term)
	if err != nil {
		return nil, err
	}
	var qs []query.Query
	for _, v := range vs {
		if v == term {
			continue
		}
		tq := bleve.NewTermQuery(v)
		tq.SetField("text")
		tq.SetBoost(variantBoost)
		qs = append(qs, tq)
	}
	if len(qs) == 0 {
		return nil, nil
	}
	return bleve.NewDisjunctionQuery(qs...), nil
}

// analyze returns the BM25 terms of text (folded, stop words dropped, stemmed).
func (l *lexical) analyze(text string) []string { return l.an.terms(text) }

func (l *lexical) close() error { return l.idx.Close() }

// docFreqs reports how many chunks hold each analysed term, as BM25 counts
// them for its idf, looking all of them up in one snapshot of the index.
func (l *lexical) docFreqs(ctx context.Context, terms []string) ([]uint64, error) {
	out := make([]uint64, len(terms))
	if len(terms) == 0 {
		return out, nil
	}
	adv, err := l.idx.Advanced()
	if err != nil {
		return nil, fmt.Errorf("bm25 terms: %w", err)
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, fmt.Errorf("bm25 terms: %w", err)
	}
	defer r.Close()
	for i, t := range terms {
		tfr, err := r.TermFieldReader(ctx, []byte(t), "text", false, false, false)
		if err != nil {
			return nil, fmt.Errorf("bm25 term %q: %w", t, err)
		}
		out[i] = tfr.Count()
		if err := tfr.Close(); err != nil {
			return nil, fmt.Errorf("bm25 term %q: %w", t, err)
		}
	}
	return out, nil
}

// docFreq reports how many chunks contain an analysed term.
func (l *lexical) docFreq(ctx context.Context, term string) (uint64, error) {
	tq := bleve.NewTermQuery(term)
	tq.SetField("text")
	res, err := l.idx.SearchInContext(ctx, bleve.NewSearchRequestOptions(tq, 0, 0, false))
	if err != nil {
		return 0, fmt.Errorf("bm25 term %q: %w", term, err)
	}
	return res.Total, nil
}
