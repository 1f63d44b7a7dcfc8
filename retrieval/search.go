package retrieval

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"unicode"

	"golang.org/x/sync/errgroup"
)

// Mode selects which rankings a search uses.
type Mode string

// Search modes.
const (
	Hybrid  Mode = "hybrid"
	Dense   Mode = "dense"
	Lexical Mode = "bm25"
)

// ParseMode reads a mode name ("hybrid", "dense", "bm25").
func ParseMode(s string) (Mode, error) {
	switch m := Mode(strings.ToLower(strings.TrimSpace(s))); m {
	case Hybrid, Dense, Lexical:
		return m, nil
	case "":
		return Hybrid, nil
	default:
		return "", fmt.Errorf("unknown search mode %q (want hybrid, dense or bm25)", s)
	}
}

// SearchOptions tunes one search.
type SearchOptions struct {
	// K is how many passages to return (default 5, at most 50).
	K int
	// Mode picks dense, BM25 or both fused (default Hybrid).
	Mode Mode
	// SourceID restricts the search to one source.
	SourceID string
	// Guild is the scope searched: the shared corpus and, when not empty,
	// the sources of that Discord server (guild). Other servers' sources are
	// never searched.
	Guild string
	// PerSource caps passages from one source while others have candidates
	// (default: half of K, at least 2). Negative disables the cap.
	PerSource int
	// OwnWordsOnly leaves out the near-word ranking (see
	// Options.WordVectors): for a query of a few broad words, such as a
	// summary's topic, whose near words every passage holds.
	OwnWordsOnly bool
}

// Hit is one retrieved passage with its scores.
type Hit struct {
	// Rank is the position in the results, from 1.
	Rank int `json:"rank"`
	// Score is the fused reciprocal-rank score (or the single ranking's score).
	Score float64 `json:"score"`
	// Dense is the cosine similarity to the query (0 if not in the dense list).
	Dense float64 `json:"dense"`
	// BM25 is the BM25 score (0 if not in the BM25 list).
	BM25 float64 `json:"bm25"`
	// Near is the share of the question's words, or words near them, the
	// passage holds, times its source's topic weight (see
	// Options.WordVectors; 0 without word vectors or outside the list).
	Near   float64 `json:"near,omitempty"`
	Chunk  Chunk   `json:"chunk"`
	Source Source  `json:"source"`
}

// minCandidates is how many candidates each ranking of a search takes at
// least (8 per passage asked for beyond that). It is as many as an answer
// without a model asks for (10 passages), so a search for 5 passages fuses
// the same candidates as one for 10; only the cap per source, half of K,
// can still tell them apart. With 40, the first value, the development sets
// found three answers fewer in their top 5; 60 did as well as 80.
const minCandidates = 80

// DefaultK is the number of passages a search returns by default.
const DefaultK = 5

// MaxK is the largest K a search accepts.
const MaxK = 50

// Search returns the passages most relevant to query among those of the
// sources in the scope of opts.Guild: the shared sources and, if it is not
// empty, that guild's; never another guild's. A scope without chunks has no
// hits; a Guild that is not a server id is refused with a *GuildError.
func (ix *Index) Search(ctx context.Context, query string, opts SearchOptions) ([]Hit, error) {
	k := opts.K
	if k <= 0 {
		k = DefaultK
	}
	k = min(k, MaxK)
	mode := opts.Mode
	if mode == "" {
		mode = Hybrid
	}
	guild := strings.TrimSpace(opts.Guild)
	if err := checkScope(guild); err != nil {
		return nil, err
	}
	if ix.dense.countIn(guild) == 0 || strings.TrimSpace(query) == "" {
		return nil, nil
	}
	// The topic weighs whole sources, not single passages: a search within
	// one source has nothing to weigh.
	topical := ix.topic.text != "" && opts.SourceID == ""
	plan, err := ix.plan(ctx, query)
	if err != nil {
		return nil, err
	}
	qv, err := ix.embedQuery(ctx, query, plan, mode != Lexical, topical)
	if err != nil {
		return nil, err
	}

	near := ix.words != nil && mode == Hybrid && !opts.OwnWordsOnly
	if near {
		ix.prepareNear()
	}
	// Hold the read lock from counting the chunks to loading the last hit:
	// chunks are deleted under the write lock, so none vanishes in between
	// (chromem-go fails when asked for more results than it holds).
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	// Only the chunks in the scope count: each ranking takes at most as
	// many candidates as the scope holds.
	total := ix.dense.countIn(guild)
	if total == 0 {
		return nil, nil
	}
	n := min(max(k*8, minCandidates), total)

	var dense, lex []scored
	// The BM25 search runs beside the vector scan, not after it: it uses one
	// core, and the scan alone does not keep every core busy.
	var lexSearch errgroup.Group
	if mode != Dense {
		lexSearch.Go(func() error {
			hits, err := ix.lex.search(ctx, query, n, guild, opts.SourceID, plan)
			for _, h := range hits {
				lex = append(lex, scored{id: h.id, score: h.score})
			}
			return err
		})
	}
	if mode != Lexical {
		if dense, err = ix.dense.query(ctx, qv, n, guild, opts.SourceID); err != nil {
			lexSearch.Wait()
			return nil, err
		}
	}
	if err := lexSearch.Wait(); err != nil {
		return nil, err
	}

	// Drop candidates of sources not (or no longer) committed, or (which
	// the stores already rule out) outside the scope.
	keep := func(in []scored) []scored {
		out := in[:0]
		for _, s := range in {
			if src, ok := ix.sourceLocked(sourceOfChunk(s.id)); ok && inScope(src, guild) {
				out = append(out, s)
			}
		}
		return out
	}
	dense, lex = keep(dense), keep(lex)
	// Questions are read in the topic's context: each ranking orders its
	// candidates by their score times their source's topic weight (see
	// TopicScope), so passages of sources far from the topic rank lower.
	weight := func(string) float64 { return 1 }
	if topical {
		w := ix.topicWeights(guild)
		weight = func(id string) float64 { return w[sourceOfChunk(id)] }
		weigh(dense, weight)
		weigh(lex, weight)
	}
	// A hybrid search with word vectors ranks the candidates a third time,
	// by the question's words or words near them that each holds.
	var nearList []scored
	var loaded map[string]Chunk
	var terms []nearTerm
	nearWeight, dw := 1.0, 1.0
	if near {
		dw = denseWeight
		terms = ix.nearTerms(query, plan)
		ids := candidates(dense, lex)
		if loaded, err = ix.loadChunks(ctx, ids, nil); err != nil {
			return nil, err
		}
		var own float64
		nearList, own = ix.nearRanking(terms, ids, loaded, weight)
		nearWeight = 1 + nearTrust*(1-own)
	}
	fused := fuse(dense, lex, nearList, dw, nearWeight)
	if mode == Dense || mode == Lexical {
		for i := range fused {
			fused[i].score = (fused[i].dense + fused[i].lex) * weight(fused[i].id)
		}
	}
	if loaded, err = ix.preferAsked(ctx, query, terms, fused, loaded); err != nil {
		return nil, err
	}
	per := opts.PerSource
	if per == 0 {
		per = max(2, int(math.Ceil(float64(k)/2)))
	}
	if per < 0 {
		per = k
	}
	picked := diversify(fused, sourceOfChunk, k, per)
	hits := make([]Hit, 0, len(picked))
	for i, p := range picked {
		c, ok := loaded[p.id]
		if !ok {
			if c, err = ix.dense.chunk(ctx, p.id); err != nil {
				return nil, fmt.Errorf("load %w", err)
			}
		}
		src, _ := ix.sourceLocked(sourceOfChunk(p.id))
		hits = append(hits, Hit{Rank: i + 1, Score: p.score, Dense: p.dense, BM25: p.lex, Near: p.near, Chunk: c, Source: src})
	}
	return hits, nil
}

// preferAsked raises the fused score of the candidates that hold the kind
// of answer the question asks for (see askedBoost) and, for a quantity
// question, of those giving a figure for what it counts (see figureBoost;
// terms are the question's near-word terms, nil without word vectors), and
// orders them again. It reads the chunks loaded (which may be nil) lacks
// and returns them all, by id, for the caller to reuse. The caller holds mu
// for reading.
func (ix *Index) preferAsked(ctx context.Context, query string, terms []nearTerm, fused []ranked, loaded map[string]Chunk) (map[string]Chunk, error) {
	a := askedOf(query)
	if a == askedOther {
		return loaded, nil
	}
	ids := make([]string, len(fused))
	for i := range fused {
		ids[i] = fused[i].id
	}
	loaded, err := ix.loadChunks(ctx, ids, loaded)
	if err != nil {
		return nil, err
	}
	var things []nearTerm
	if a == askedQuantity {
		things = counted(query, terms)
	}
	seen := map[string]*nearWord{}
	for i := range fused {
		// A dense-only score can be a cosine of 0 or less, which a
		// factor would not raise.
		if fused[i].score <= 0 {
			continue
		}
		text := loaded[fused[i].id].Text
		if a.heldBy(text) {
			fused[i].score *= 1 + askedBoost
		}
		if len(things) > 0 && i < maxFigureChecks && ix.figureFor(things, text, seen) {
			fused[i].score *= 1 + figureBoost
		}
	}
	sortFused(fused)
	return loaded, nil
}

// weigh orders a ranking by each candidate's score times weight(its id).
func weigh(list []scored, weight func(id string) float64) {
	key := make(map[string]float64, len(list))
	for _, s := range list {
		key[s.id] = s.score * weight(s.id)
	}
	sort.SliceStable(list, func(i, j int) bool { return key[list[i].id] > key[list[j].id] })
}

// queryExpander is an Embedder that can weigh a question's related words
// into its vector (the local embedder).
type queryExpander interface {
	embedExpanded(ctx context.Context, query string, related []expansion) ([]float32, error)
}

// embedQuery returns the query's vector if wantQuery, and makes sure the
// topic's vector is known if wantTopic: the first search embeds the topic in
// the same request as the query and keeps its vector. An embedder that can
// (a queryExpander) has the related words of plan weighed into the query's
// vector.
func (ix *Index) embedQuery(ctx context.Context, query string, plan *queryPlan, wantQuery, wantTopic bool) ([]float32, error) {
	var texts []string
	var q []float32
	if qe, ok := ix.embedder.(queryExpander); ok && wantQuery && plan != nil && len(plan.exp) > 0 {
		v, err := qe.embedExpanded(ctx, query, plan.exp.words())
		if err != nil {
			return nil, fmt.Errorf("embed query: %w", err)
		}
		if q = normalize(v); q == nil {
			return nil, fmt.Errorf("embed query: zero vector")
		}
		wantQuery = false
	}
	if wantQuery {
		texts = append(texts, query)
	}
	needTopic := wantTopic && !ix.topic.hasVector()
	if needTopic {
		texts = append(texts, ix.topic.text)
	}
	if len(texts) == 0 {
		return q, nil
	}
	vecs, err := ix.embedder.Embed(ctx, texts)
	if err != nil {
		return nil, fmt.Errorf("embed query: %w", err)
	}
	if len(vecs) != len(texts) {
		return nil, fmt.Errorf("embed query: got %d vectors for %d texts", len(vecs), len(texts))
	}
	if wantQuery {
		if q = normalize(vecs[0]); q == nil {
			return nil, fmt.Errorf("embed query: zero vector")
		}
	}
	if needTopic {
		t := normalize(vecs[len(vecs)-1])
		if t == nil {
			return nil, fmt.Errorf("embed topic: zero vector")
		}
		ix.topic.setVector(t)
	}
	return q, nil
}

// TermStat is one analysed query term, how many chunks contain it and the
// index terms that stand for it: the signals extractive answers use to decide
// that the sources do not cover a question.
type TermStat struct {
	Term    string // analysed (stemmed) form
	Surface string // as written in the query
	DocFreq uint64
	// Matches are the index terms that stand for this question word: Term itself
	// when the index holds it, plus the spelling variants and same-root forms
	// (Zelensky ~ Zelenskyy, Canadian ~ Canada) the index holds. Empty: none.
	Matches []string
	// Related are the index terms the thesaurus relates to this word (see
	// Options.Thesaurus), which the search weighs below the word itself:
	// promis for pledged, russia for Moscow. Empty without a thesaurus.
	Related []string
	// Closeness is how close each of Related is to the word, from the
	// thesaurus: Closeness[i] is Related[i]'s, in (0, 1].
	Closeness []float64
	// People are the surnames (index terms) of the people the question
	// names by a title this word is part of: macron for "French" and for
	// "president" in "the French president" (the passages call him "French
	// President Emmanuel Macron"). A passage naming one names that title.
	People []string
	// Stands are those of Related the thesaurus gives as the same thing
	// named otherwise (closeness at least MinStandsCloseness): another
	// spelling, a derived form, the country a capital stands for (italy for
	// Rome), not a synonym; and such terms that are the question's own
	// (czech for Prague in "the Czechs … Prague"), which are not among
	// Related. A passage holding one mentions the word.
	Stands []string
}

// MinStandsCloseness is the least closeness of a related word that stands for
// the question's word (TermStat.Stands): a place's, not a synonym's.
const MinStandsCloseness = 0.7

// QueryTerms analyses query with the BM25 analyser and reports each term's
// document frequency across the index (every scope's chunks, as the BM25
// statistics count them), the index terms that match it (the
// same rule the BM25 search expands unknown terms with) and those the
// thesaurus relates to it.
func (ix *Index) QueryTerms(ctx context.Context, query string) ([]TermStat, error) {
	plan, err := ix.plan(ctx, query)
	if err != nil {
		return nil, err
	}
	var out []TermStat
	seen := map[string]bool{}
	// Words joined by a slash are words of their own ("short
	// name/acronym", "big/small"), each its own surface.
	for _, w := range strings.FieldsFunc(query, func(r rune) bool { return unicode.IsSpace(r) || r == '/' }) {
		terms := ix.lex.analyze(w)
		for _, t := range terms {
			if seen[t] {
				continue
			}
			seen[t] = true
			df, err := ix.lex.docFreq(ctx, t)
			if err != nil {
				return nil, err
			}
			vs, err := ix.lex.variants(t)
			if err != nil {
				return nil, err
			}
			var matches []string
			if df > 0 {
				matches = append(matches, t)
			}
			for _, v := range vs {
				if v != t {
					matches = append(matches, v)
				}
			}
			var related []string
			stands := slices.Clone(plan.standsOwn[t])
			var closeness []float64
			for _, e := range plan.related(t) {
				related = append(related, e.term)
				closeness = append(closeness, e.closeness)
				if e.closeness >= MinStandsCloseness {
					stands = append(stands, e.term)
				}
			}
			out = append(out, TermStat{Term: t, Surface: strings.Trim(w, `?!.,;:"'()“”‘’`), DocFreq: df, Matches: matches, Related: related, Closeness: closeness, Stands: stands, People: plan.people[t]})
		}
	}
	return out, nil
}

// Terms returns the analysed terms of text as BM25 indexes them (folded,
// stop words dropped, stemmed), so callers can test passages against Matches.
func (ix *Index) Terms(text string) []string {
	return ix.lex.analyze(text)
}
