package retrieval

import (
	"context"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
)

// Every source belongs to a scope: the shared corpus (Source.Guild empty),
// which every Discord server (guild) and direct message answers from, or one
// guild, whose questions alone it answers. A search in guild G sees the
// shared sources and G's (SearchOptions.Guild), a search with no guild the
// shared ones only; no search sees another guild's. Each store keeps the
// scopes apart: the vectors in a chromem-go collection per scope (see dense),
// the BM25 index in a keyword field (see lexical).

// maxGuildDigits is the length of the longest Discord id (a 64-bit snowflake).
const maxGuildDigits = 20

// ValidGuild reports whether guild is a Discord server id (a snowflake: 1 to
// 20 ASCII digits). The shared scope, "", is not a guild.
func ValidGuild(guild string) bool {
	if len(guild) == 0 || len(guild) > maxGuildDigits {
		return false
	}
	for i := 0; i < len(guild); i++ {
		if guild[i] < '0' || guild[i] > '9' {
			return false
		}
	}
	return true
}

// checkScope returns a *GuildError unless guild is "" or a guild id.
func checkScope(guild string) error {
	if guild != "" && !ValidGuild(guild) {
		return &GuildError{Guild: guild}
	}
	return nil
}

// inScope reports whether a search in guild sees s.
func inScope(s Source, guild string) bool {
	return s.Guild == "" || s.Guild == guild
}

// SourcesIn returns the sources a search in guild sees, in the order they
// were added: the shared ones and, if guild is not empty, the guild's.
func (ix *Index) SourcesIn(guild string) []Source {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	var out []Source
	for _, s := range ix.man.Sources {
		if inScope(s, guild) {
			out = append(out, s)
		}
	}
	return out
}

// scopeQuery matches the chunks a search in guild sees, scoring none of them
// (see filterQuery).
func scopeQuery(guild string) query.Query {
	shared := bleve.NewTermQuery(lexShared)
	shared.SetField("scope")
	if guild == "" {
		return filterQuery{shared}
	}
	own := bleve.NewTermQuery(guild)
	own.SetField("scope")
	return filterQuery{bleve.NewDisjunctionQuery(shared, own)}
}

// filterQuery matches what its query matches but adds nothing to a
// conjunction's score or query norm, so that a filtered search scores its
// chunks as an unfiltered one does. Its query is searched without scoring.
type filterQuery struct{ q query.Query }

// Searcher wraps the query's unscored searcher in a filterSearcher.
func (f filterQuery) Searcher(ctx context.Context, i index.IndexReader, m mapping.IndexMapping, options search.SearcherOptions) (search.Searcher, error) {
	options.Score = "none"
	options.Explain = false
	s, err := f.q.Searcher(ctx, i, m, options)
	if err != nil {
		return nil, err
	}
	return filterSearcher{s}, nil
}

// filterSearcher returns its searcher's matches with a zero score and no weight.
type filterSearcher struct{ search.Searcher }

// Next returns the next match, unscored.
func (f filterSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	d, err := f.Searcher.Next(ctx)
	if d != nil {
		d.Score, d.Expl = 0, nil
	}
	return d, err
}

// Advance returns the first match at or after id, unscored.
func (f filterSearcher) Advance(ctx *search.SearchContext, id index.IndexInternalID) (*search.DocumentMatch, error) {
	d, err := f.Searcher.Advance(ctx, id)
	if d != nil {
		d.Score, d.Expl = 0, nil
	}
	return d, err
}

// Weight is zero: the filter takes no part in the query norm.
func (filterSearcher) Weight() float64 { return 0 }

// SetQueryNorm does nothing: the filter scores nothing.
func (filterSearcher) SetQueryNorm(float64) {}
