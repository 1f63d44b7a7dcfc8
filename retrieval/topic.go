package retrieval

import (
	"math"
)

// A search with a topic weighs each source by its closeness to the topic: the
// cosine between the topic's vector and the mean of the source's passage
// vectors, relative to the closest source's. A source at least TopicScope as
// close as the closest keeps its passages' scores; one further away has them
// scaled by its relative closeness over TopicScope, but never below
// TopicFloor, so that a question about an article off the topic still finds
// it. (Mixing the topic into the query vector instead favoured passages that
// speak of the summit in general over those that answer the question.)
const (
	TopicScope = 0.5
	TopicFloor = 0.5
)

// topicState is what the topic weights need: the topic's vector (embedded
// with the first search, so that opening an index embeds nothing), each
// source's closeness to it, and the weights for the current manifest.
// Sources loaded before the topic's vector is known wait in centroids.
type topicState struct {
	vec       []float32
	centroids map[string][]float32 // source -> unit mean of its passage vectors
	sims      map[string]float64   // source -> cosine with the topic
	gen       uint64
	weights   map[string]float64 // for generation gen; nil until computed
}

// noteSource records a source's passage vectors for its topic weight; it is
// called wherever vectors enter the collection.
func (ix *Index) noteSource(id string, vecs [][]float32) {
	if ix.topic == "" || len(vecs) == 0 {
		return
	}
	mean := make([]float32, len(vecs[0]))
	for _, v := range vecs {
		for i, x := range v {
			mean[i] += x
		}
	}
	mean = normalize(mean)
	ix.topicMu.Lock()
	defer ix.topicMu.Unlock()
	st := &ix.topicSt
	st.weights = nil
	if st.vec != nil {
		if st.sims == nil {
			st.sims = map[string]float64{}
		}
		st.sims[id] = unitDot(mean, st.vec)
		return
	}
	if st.centroids == nil {
		st.centroids = map[string][]float32{}
	}
	st.centroids[id] = mean
}

// forgetSource drops a removed (or rolled back) source's topic closeness.
func (ix *Index) forgetSource(id string) {
	ix.topicMu.Lock()
	defer ix.topicMu.Unlock()
	delete(ix.topicSt.centroids, id)
	delete(ix.topicSt.sims, id)
	ix.topicSt.weights = nil
}

// setTopicVector records the topic's vector and turns the waiting centroids
// into closeness values.
func (ix *Index) setTopicVector(v []float32) {
	ix.topicMu.Lock()
	defer ix.topicMu.Unlock()
	st := &ix.topicSt
	if st.vec != nil {
		return
	}
	st.vec = v
	if st.sims == nil {
		st.sims = map[string]float64{}
	}
	for id, c := range st.centroids {
		st.sims[id] = unitDot(c, v)
	}
	st.centroids = nil
	st.weights = nil
}

// hasTopicVector reports whether the topic has been embedded.
func (ix *Index) hasTopicVector() bool {
	ix.topicMu.Lock()
	defer ix.topicMu.Unlock()
	return ix.topicSt.vec != nil
}

// topicWeights returns the weight of each committed source (see TopicScope).
// The caller holds ix.mu for reading and has had embedQuery embed the topic.
func (ix *Index) topicWeights() map[string]float64 {
	ix.topicMu.Lock()
	defer ix.topicMu.Unlock()
	st := &ix.topicSt
	if st.weights != nil && st.gen == ix.man.Generation {
		return st.weights
	}
	best := 0.0
	for _, s := range ix.man.Sources {
		best = max(best, st.sims[s.ID])
	}
	weights := make(map[string]float64, len(ix.man.Sources))
	for _, s := range ix.man.Sources {
		w := 1.0
		if best > 0 {
			w = max(TopicFloor, min(1, st.sims[s.ID]/(TopicScope*best)))
		}
		weights[s.ID] = w
	}
	st.weights, st.gen = weights, ix.man.Generation
	return weights
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
