package bot

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"

	"github.com/summitbot/summitbot/retrieval"
)

// MaxTopics is the most suggested topics Topics returns: Discord's limit on
// autocomplete choices.
const MaxTopics = 25

// Topic is a suggested topic for a summary: a person, a country, another
// name or a subject that the sources of a scope speak of.
type Topic struct {
	// Label is what users see: "Emmanuel Macron", "United Kingdom".
	Label string `json:"label"`
	// Query is the text to summarise by.
	Query string `json:"topic"`
	// Kind is TopicPerson, TopicCountry, TopicName or TopicSubject.
	Kind string `json:"kind"`
	// Sources is how many sources of the scope name it; Mentions is how
	// many of their sentences do.
	Sources  int `json:"sources"`
	Mentions int `json:"mentions"`
	// Aliases are the other ways the sources write it ("Macron", "French"),
	// for matching what a user types.
	Aliases []string `json:"aliases,omitempty"`
}

// Topics returns up to MaxTopics suggested topics for summaries of the
// sources in guild's scope (the shared ones and that server's), most central
// first: the people, countries, names and subjects that most of the sources
// name, not those one article repeats. Each source's candidates and each
// scope's ranking are kept until its sources change, so that autocomplete
// answers at once. The slice returned is the caller's; its Aliases are
// shared and must not be modified.
func (e *Engine) Topics(ctx context.Context, guild string) ([]Topic, error) {
	all := e.idx.Sources()
	srcs := inScope(all, guild)
	cache := e.topics
	if cache == nil {
		cache = newTopicCache() // an Engine not built by NewEngine
	}
	key := scopeKey(srcs)
	if t, ok := cache.scope(key); ok {
		return slices.Clone(t), nil
	}
	kept := srcs[:0:0]
	terms := make([]sourceTerms, 0, len(srcs))
	for _, s := range srcs {
		st, ok := cache.source(s)
		if !ok {
			chunks, err := e.idx.Chunks(ctx, s.ID)
			if errors.Is(err, retrieval.ErrNotFound) {
				continue // removed meanwhile
			}
			if err != nil {
				return nil, fmt.Errorf("topics: load %s: %w", s.ID, err)
			}
			st = extractTerms(joinChunks(chunks), cache.nations)
			cache.putSource(s, st)
		}
		kept = append(kept, s)
		terms = append(terms, st)
	}
	out := rankTopics(kept, terms, e.opts.CommonWords)
	cache.putScope(key, out, all)
	return slices.Clone(out), nil
}

// maxTopicScopes bounds how many scopes' topics the cache keeps; past it,
// they are computed again.
const maxTopicScopes = 256

// topicCache keeps each source's candidates (by id and content hash) and
// each scope's topics (by its sources). It is safe for concurrent use.
type topicCache struct {
	nations nationIndex

	mu      sync.Mutex
	sources map[string]sourceTerms
	scopes  map[string][]Topic
}

func newTopicCache() *topicCache {
	return &topicCache{nations: newNationIndex(), sources: map[string]sourceTerms{}, scopes: map[string][]Topic{}}
}

func topicSourceKey(s retrieval.Source) string { return s.ID + "\x00" + s.Hash }

// scopeKey names a set of sources.
func scopeKey(srcs []retrieval.Source) string {
	var b strings.Builder
	for _, s := range srcs {
		b.WriteString(s.ID)
		b.WriteByte(0)
		b.WriteString(s.Hash)
		b.WriteByte(1)
	}
	return b.String()
}

func (c *topicCache) scope(key string) ([]Topic, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	t, ok := c.scopes[key]
	return t, ok
}

func (c *topicCache) source(s retrieval.Source) (sourceTerms, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	st, ok := c.sources[topicSourceKey(s)]
	return st, ok
}

func (c *topicCache) putSource(s retrieval.Source, st sourceTerms) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sources[topicSourceKey(s)] = st
}

// putScope keeps a scope's topics, and forgets the sources no longer loaded
// (all are the loaded sources of every scope).
func (c *topicCache) putScope(key string, topics []Topic, all []retrieval.Source) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.scopes) >= maxTopicScopes {
		clear(c.scopes)
	}
	c.scopes[key] = topics
	if len(c.sources) > len(all) {
		loaded := make(map[string]bool, len(all))
		for _, s := range all {
			loaded[topicSourceKey(s)] = true
		}
		for k := range c.sources {
			if !loaded[k] {
				delete(c.sources, k)
			}
		}
	}
}

// joinChunks rebuilds a source's text from its overlapping chunks.
func joinChunks(chunks []retrieval.Chunk) string {
	var b strings.Builder
	end := 0
	for _, c := range chunks {
		switch {
		case c.End <= end:
			continue
		case c.Start >= end:
			if b.Len() > 0 {
				b.WriteString("\n\n")
			}
			b.WriteString(c.Text)
		case end-c.Start <= len(c.Text):
			b.WriteString(c.Text[end-c.Start:])
		}
		end = c.End
	}
	return b.String()
}

// newsOutlets are the news agencies and outlets that articles cite as
// their sources ("according to Reuters"): attribution, not topics. The
// outlets and authors of the loaded sources are added to them.
var newsOutlets = []string{"associated press", "ap", "reuters", "afp", "agence france-presse", "bloomberg", "sky news", "bbc",
	"cnn", "le monde", "le figaro", "guardian", "politico", "financial times", "new york times", "washington post",
	"wall street journal", "kyiv independent", "kyiv post", "dpa", "ansa", "tass", "ria novosti", "interfax", "ukrinform",
	"euronews", "al jazeera", "france 24", "x", "twitter", "telegram", "facebook", "instagram"}

// topicAgg is a candidate across the sources of a scope.
type topicAgg struct {
	key      string
	kind     string
	words    int
	per      map[int]int // source (index in the scope) -> sentences naming it there
	mentions int
	inner    int
	surfaces map[string]int
}

func (a *topicAgg) merge(b *topicAgg) {
	for s, n := range b.per {
		a.per[s] += n
	}
	a.mentions += b.mentions
	a.inner += b.inner
	for s, n := range b.surfaces {
		a.surfaces[s] += n
	}
}

// sources is how many sources name it.
func (a *topicAgg) sources() int { return len(a.per) }

// centrality ranks topics: the sources naming one count most, and how
// often each does a little (its logarithm), so that one article repeating
// a name does not outweigh several naming it. A phrase counts a little less
// than a name: it is a vaguer topic.
func (a *topicAgg) centrality() float64 {
	s := float64(len(a.per))
	if a.kind == TopicSubject {
		s -= 0.25
	}
	for _, n := range a.per {
		s += 0.25 * math.Log(float64(n))
	}
	return s
}

// rankTopics combines the candidates of a scope's sources into its topics.
func rankTopics(srcs []retrieval.Source, terms []sourceTerms, common map[string]bool) []Topic {
	excluded := map[string]bool{}
	for _, o := range newsOutlets {
		excluded["name:"+o] = true
	}
	for _, s := range srcs {
		for _, n := range append([]string{s.Outlet}, s.Authors...) {
			n = strings.TrimPrefix(retrieval.Fold(strings.TrimSpace(n)), "the ")
			if n != "" {
				excluded["name:"+strings.Join(retrieval.Words(n), " ")] = true
			}
		}
	}
	aggs := map[string]*topicAgg{}
	for si, st := range terms {
		for key, c := range st {
			if excluded[key] {
				continue
			}
			a := aggs[key]
			if a == nil {
				a = &topicAgg{key: key, kind: c.kind, words: c.words, per: map[int]int{}, surfaces: map[string]int{}}
				aggs[key] = a
			}
			a.per[si] += c.mentions
			a.mentions += c.mentions
			a.inner += c.inner
			for s, n := range c.surfaces {
				a.surfaces[s] += n
			}
		}
	}
	isCommon := func(w string) bool { return common[w] || retrieval.IsStopword(w) }
	linkNames(aggs, isCommon)

	titles := make([]string, len(srcs))
	for i, s := range srcs {
		titles[i] = " " + strings.Join(retrieval.Words(retrieval.Fold(s.Title)), " ") + " "
	}
	var out []*topicAgg
	for _, a := range aggs {
		if !eligible(a, len(srcs), isCommon) || a.theme(titles) {
			continue
		}
		out = append(out, a)
	}
	slices.SortFunc(out, func(a, b *topicAgg) int {
		if c := cmp.Compare(b.centrality(), a.centrality()); c != 0 {
			return c
		}
		if c := cmp.Compare(b.mentions, a.mentions); c != 0 {
			return c
		}
		return strings.Compare(a.key, b.key)
	})
	topics := make([]Topic, 0, min(len(out), MaxTopics))
	for _, a := range out[:min(len(out), MaxTopics)] {
		topics = append(topics, a.topic())
	}
	return topics
}

// theme reports whether a candidate is what the whole scope is about: named
// by at least four in five of its sources (three at least), and in the
// titles of most of those. A summary of it is the summary of everything
// ("Ukraine", "security guarantees" for the summit's articles), so it is not
// suggested; a server's article on something else does not change that.
func (a *topicAgg) theme(titles []string) bool {
	if len(titles) < 3 || 5*a.sources() < 4*len(titles) {
		return false
	}
	forms := make([]string, 0, len(a.surfaces))
	for s := range a.surfaces {
		forms = append(forms, " "+strings.Join(retrieval.Words(retrieval.Fold(s)), " ")+" ")
	}
	n := 0
	for si := range a.per {
		if slices.ContainsFunc(forms, func(f string) bool { return strings.Contains(titles[si], f) }) {
			n++
		}
	}
	return 2*n > a.sources()
}

// eligible reports whether a candidate is worth suggesting in a scope of n
// sources: named by two sources at least, or three times by one (the
// subject of a server's own article); and a name, not a capitalised
// ordinary word.
func eligible(a *topicAgg, n int, isCommon func(string) bool) bool {
	switch {
	case a.kind == TopicName && a.inner == 0:
		return false // only ever a sentence's first word
	case a.kind == TopicName && a.words == 1 && isCommon(strings.TrimPrefix(a.key, "name:")):
		return false
	case a.kind == TopicName && allCommon(a.key, isCommon) && a.words > 1 && a.sources() < 2:
		return false
	}
	if n <= 1 {
		return a.mentions >= 2
	}
	return a.sources() >= 2 || (a.sources() == 1 && a.mentions >= 3 && a.kind != TopicSubject)
}

func allCommon(key string, isCommon func(string) bool) bool {
	_, words, _ := strings.Cut(key, ":")
	for _, w := range strings.Fields(words) {
		if !isCommon(w) {
			return false
		}
	}
	return true
}

// topic words an aggregate for users.
func (a *topicAgg) topic() Topic {
	type surface struct {
		s string
		n int
	}
	var ss []surface
	for s, n := range a.surfaces {
		ss = append(ss, surface{s, n})
	}
	slices.SortFunc(ss, func(x, y surface) int {
		if c := cmp.Compare(y.n, x.n); c != 0 {
			return c
		}
		if c := cmp.Compare(len(y.s), len(x.s)); c != 0 {
			return c
		}
		return strings.Compare(x.s, y.s)
	})
	label := ss[0].s
	switch a.kind {
	case TopicCountry:
		label = a.key
	case TopicPerson:
		// The fullest name the sources write.
		best := 0
		for _, s := range ss {
			if n := len(strings.Fields(s.s)); n > best {
				label, best = s.s, n
			}
		}
	}
	t := Topic{Label: label, Query: label, Kind: a.kind, Sources: a.sources(), Mentions: a.mentions}
	seen := map[string]bool{retrieval.Fold(label): true}
	for _, s := range ss {
		if f := retrieval.Fold(s.s); !seen[f] && len(t.Aliases) < 8 {
			seen[f] = true
			t.Aliases = append(t.Aliases, s.s)
		}
	}
	return t
}

// linkNames merges the ways one person is named: a surname alone into the
// one full name ending with it ("Macron" into "Emmanuel Macron"), and
// spellings one letter apart ("Zelensky", "Zelenskyy"). A full name that
// absorbs a surname, or whose surname is no ordinary word, is a person's.
func linkNames(aggs map[string]*topicAgg, isCommon func(string) bool) {
	type full struct {
		key, first, last string
	}
	var fulls []full
	for key, a := range aggs {
		if a.kind != TopicName || a.words < 2 || a.words > 3 {
			continue
		}
		words := strings.Fields(strings.TrimPrefix(key, "name:"))
		if slices.ContainsFunc(words, func(w string) bool { return nameLinks[w] || retrieval.IsStopword(w) }) {
			continue
		}
		fulls = append(fulls, full{key, words[0], words[len(words)-1]})
	}
	slices.SortFunc(fulls, func(x, y full) int {
		if c := cmp.Compare(aggs[y.key].mentions, aggs[x.key].mentions); c != 0 {
			return c
		}
		return strings.Compare(x.key, y.key)
	})
	sameSurname := func(a, b string) bool { return a == b || (len(a) >= 6 && len(b) >= 6 && oneEditApart(a, b)) }
	// Spellings of one full name.
	for i, f := range fulls {
		if aggs[f.key] == nil {
			continue
		}
		for _, g := range fulls[i+1:] {
			if aggs[g.key] != nil && g.first == f.first && g.last != f.last && sameSurname(f.last, g.last) {
				aggs[f.key].merge(aggs[g.key])
				delete(aggs, g.key)
			}
		}
	}
	for _, f := range fulls {
		if a := aggs[f.key]; a != nil && !isCommon(f.last) {
			a.kind = TopicPerson
		}
	}
	// Surnames alone.
	for key, a := range aggs {
		if a.kind != TopicName || a.words != 1 {
			continue
		}
		w := strings.TrimPrefix(key, "name:")
		var into string
		for _, f := range fulls {
			if aggs[f.key] == nil || !sameSurname(w, f.last) {
				continue
			}
			if into != "" && into != f.key {
				into = "" // two people: leave it
				break
			}
			into = f.key
		}
		if into != "" {
			aggs[into].merge(a)
			aggs[into].kind = TopicPerson
			delete(aggs, key)
		}
	}
}

// oneEditApart reports whether two words differ by one inserted, deleted or
// changed letter.
func oneEditApart(a, b string) bool {
	ra, rb := []rune(a), []rune(b)
	if len(ra) > len(rb) {
		ra, rb = rb, ra
	}
	if len(rb)-len(ra) > 1 {
		return false
	}
	i := 0
	for i < len(ra) && ra[i] == rb[i] {
		i++
	}
	if i == len(ra) {
		return true // the same word, or one letter added at the end
	}
	if len(ra) == len(rb) {
		return string(ra[i+1:]) == string(rb[i+1:])
	}
	return string(ra[i:]) == string(rb[i+1:])
}
