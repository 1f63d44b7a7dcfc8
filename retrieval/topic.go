package retrieval

import (
	"context"
	"maps"
	"math"
	"strings"
	"sync"
)

// A search with a topic weighs each source by its closeness to the topic: the
// cosine between the topic's vector and the mean of the source's passage
// vectors, relative to the closest source's. A source at least TopicScope as
// close as the closest keeps its passages' scores; one further away has them
// scaled by its relative closeness over TopicScope, but never below
// TopicFloor, so that a question about an article off the topic still finds
// it. (Mixing the topic into the query vector instead favoured passages that
// speak of the summit in general over those that answer the question.) With
// a floor of 0.5, articles about other missions that share a question's words
// (a UN naval task force for "who patrols the waters") still crowded out the
// summit's passages.
const (
	TopicScope = 0.5
	TopicFloor = 0.3
)

// maxWeighedScopes bounds how many scopes' weights topicWeights keeps for
// one generation; past it they are computed again.
const maxWeighedScopes = 256

// topicWeights weighs each source by its closeness to the index's topic. It
// keeps the topic's vector (embedded with the first search, so that opening
// an index embeds nothing), each source's closeness to it, and the weights for
// the current manifest. Sources loaded before the topic's vector is known wait
// in centroids. It is safe for concurrent use.
type topicWeights struct {
	text string // the topic; empty: no weighing

	mu        sync.Mutex
	vec       []float32
	centroids map[string][]float32 // source -> unit mean of its passage vectors
	sims      map[string]float64   // source -> cosine with the topic
	gen       uint64
	// weights holds, for generation gen, the weights of the sources a
	// search in each guild ("" for none) sees; nil until computed.
	weights map[string]map[string]float64
}

// note records a source's passage vectors for its weight; it is called
// wherever vectors enter the vector store.
func (t *topicWeights) note(id string, vecs [][]float32) {
	if t.text == "" || len(vecs) == 0 {
		return
	}
	mean := make([]float32, len(vecs[0]))
	for _, v := range vecs {
		for i, x := range v {
			mean[i] += x
		}
	}
	mean = normalize(mean)
	t.mu.Lock()
	defer t.mu.Unlock()
	t.weights = nil
	if t.vec != nil {
		if t.sims == nil {
			t.sims = map[string]float64{}
		}
		t.sims[id] = unitDot(mean, t.vec)
		return
	}
	if t.centroids == nil {
		t.centroids = map[string][]float32{}
	}
	t.centroids[id] = mean
}

// forget drops a removed (or rolled back) source's closeness.
func (t *topicWeights) forget(id string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.centroids, id)
	delete(t.sims, id)
	t.weights = nil
}

// setVector records the topic's vector and turns the waiting centroids into
// closeness values.
func (t *topicWeights) setVector(v []float32) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.vec != nil {
		return
	}
	t.vec = v
	if t.sims == nil {
		t.sims = map[string]float64{}
	}
	for id, c := range t.centroids {
		t.sims[id] = unitDot(c, v)
	}
	t.centroids = nil
	t.weights = nil
}

// hasVector reports whether the topic has been embedded.
func (t *topicWeights) hasVector() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.vec != nil
}

// of returns the weight of each source of m that a search in guild sees
// (see TopicScope): its closeness relative to the closest of those sources,
// so that one guild's sources do not weigh another's. The topic must have
// been embedded.
func (t *topicWeights) of(m manifest, guild string) map[string]float64 {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.weights == nil || t.gen != m.Generation || len(t.weights) >= maxWeighedScopes {
		t.weights, t.gen = map[string]map[string]float64{}, m.Generation
	}
	if w, ok := t.weights[guild]; ok {
		return w
	}
	best := 0.0
	for _, s := range m.Sources {
		if inScope(s, guild) {
			best = max(best, t.sims[s.ID])
		}
	}
	weights := map[string]float64{}
	for _, s := range m.Sources {
		if !inScope(s, guild) {
			continue
		}
		w := 1.0
		if best > 0 {
			w = max(TopicFloor, min(1, t.sims[s.ID]/(TopicScope*best)))
		}
		weights[s.ID] = w
	}
	t.weights[guild] = weights
	return weights
}

// topicWeights returns the weight of each committed source a search in guild
// sees. The caller holds ix.mu for reading and has had embedQuery embed the
// topic.
func (ix *Index) topicWeights(guild string) map[string]float64 {
	return ix.topic.of(ix.man, guild)
}

// TopicWeights returns the weight a search in guild gives each source of its
// scope for its closeness to the index's topic (see TopicScope): 1 for
// sources on the topic, down to TopicFloor for those far from it. It returns
// nil when the index has no topic.
func (ix *Index) TopicWeights(ctx context.Context, guild string) (map[string]float64, error) {
	guild = strings.TrimSpace(guild)
	if err := checkScope(guild); err != nil {
		return nil, err
	}
	if ix.topic.text == "" {
		return nil, nil
	}
	if _, err := ix.embedQuery(ctx, "", nil, false, true); err != nil {
		return nil, err
	}
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return maps.Clone(ix.topicWeights(guild)), nil
}

// unitDot is the cosine of two unit vectors: their dot product (0 if their sizes differ).
func unitDot(a, b []float32) float64 {
	if len(a) != len(b) {
		return 0
	}
	var dot float64
	for i := range a {
		dot += float64(a[i]) * float64(b[i])
	}
	if math.IsNaN(dot) {
		return 0
	}
	return dot
}
