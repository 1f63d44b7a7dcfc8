package bot

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/summitbot/summitbot/retrieval"
)

func TestPickMMRExtendsChosen(t *testing.T) {
	mk := func(src, text string, score float64) *point {
		return &point{source: src, text: text, terms: termSet(retrieval.Words(strings.ToLower(text))), score: score, facet: facetUS}
	}
	first := "Witkoff said Washington strongly stands behind the security protocols."
	ps := []*point{
		mk("a", first, 2),
		mk("a", first+" However, a clause promising support after a new attack was omitted from the communique.", 1.9),
		mk("b", "Russia warned that Western troops would be legitimate targets.", 1),
	}
	sim := newSimilarity(ps)
	got := pickMMR(ps, sim, 3, false, func([]*point) bool { return true })
	var texts []string
	for _, p := range got {
		texts = append(texts, p.text)
	}
	if len(got) != 2 || got[0] != ps[1] || got[1] != ps[2] {
		t.Errorf("picked %q, want the pair in place of its first sentence, then the third", texts)
	}
}

func TestExtends(t *testing.T) {
	a := &point{source: "s", text: "One thing happened."}
	b := &point{source: "s", text: "Another thing happened."}
	tests := []struct {
		name string
		p    *point
		want int
	}{
		{"continues the second", &point{source: "s", text: "Another thing happened. It mattered."}, 1},
		{"other source", &point{source: "t", text: "One thing happened. It mattered."}, -1},
		{"same sentence", &point{source: "s", text: "One thing happened."}, -1},
		{"prefix within a word", &point{source: "s", text: "One thing happened.Then"}, -1},
	}
	for _, tt := range tests {
		if got := extends(tt.p, []*point{a, b}); got != tt.want {
			t.Errorf("%s: got %d, want %d", tt.name, got, tt.want)
		}
	}
}

func TestNovelty(t *testing.T) {
	p := &point{terms: map[string]bool{"a": true, "b": true}}
	s := similarity{idf: map[string]float64{"a": 1, "b": 3}}
	tests := []struct {
		name    string
		covered map[string]bool
		want    float64
	}{
		{"nothing covered", map[string]bool{}, 1},
		{"rare term covered", map[string]bool{"b": true}, 0.25},
		{"all covered", map[string]bool{"a": true, "b": true}, 0},
	}
	for _, tt := range tests {
		if got := s.novelty(p, tt.covered); got != tt.want {
			t.Errorf("%s: got %v, want %v", tt.name, got, tt.want)
		}
	}
	if got := s.without(map[string]bool{"a": true}).novelty(p, map[string]bool{"b": true}); got != 0 {
		t.Errorf("ignored term counted: got %v, want 0", got)
	}
}

// The cosine is the idf-weighted one of the two points' term sets, less the
// terms a similarity leaves out, whatever the order of the points.
func TestSimilarityCos(t *testing.T) {
	mk := func(terms ...string) *point { return &point{terms: termSet(terms)} }
	a, b, c := mk("hubs", "kyiv", "uk"), mk("hubs", "uk", "france"), mk("drones")
	s := newSimilarity([]*point{a, b, c})
	// idf: hubs and uk log(1+3/2), kyiv, france and drones log(1+3/1).
	lo, hi := math.Log(2.5), math.Log(4)
	want := 2 * lo * lo / (math.Sqrt(2*lo*lo+hi*hi) * math.Sqrt(2*lo*lo+hi*hi))
	tests := []struct {
		name string
		s    similarity
		x, y *point
		want float64
	}{
		{"shared terms", s, a, b, want},
		{"either order", s, b, a, want},
		{"nothing shared", s, a, c, 0},
		{"itself", s, a, a, 1},
		{"shared terms left out", s.without(map[string]bool{"hubs": true, "uk": true}), a, b, 0},
		{"a point it was not built for", s, a, mk("hubs", "uk", "france"), want},
	}
	for _, tt := range tests {
		if got := tt.s.cos(tt.x, tt.y); math.Abs(got-tt.want) > 1e-12 {
			t.Errorf("%s: cos = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// Centrality over several sources, summed term by term, equals the mean
// over the other sources of each point's best cosine to one of their points.
func TestCentralityMatchesPairwise(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	words := strings.Fields("troops hubs kyiv paris uk france us monitoring ceasefire russia warned targets declaration binding force drones")
	var ps []*point
	for i := range 80 {
		terms := map[string]bool{}
		for range 1 + rng.IntN(6) {
			terms[words[rng.IntN(len(words))]] = true
		}
		ps = append(ps, &point{source: fmt.Sprintf("s%d", i%5), terms: terms})
	}
	sim := newSimilarity(ps)
	centrality(ps, sim)
	want := make([]float64, len(ps))
	top := 0.0
	for i, p := range ps {
		for s := range 5 {
			src := fmt.Sprintf("s%d", s)
			if src == p.source {
				continue
			}
			best := 0.0
			for _, q := range ps {
				if q.source == src {
					best = math.Max(best, sim.cos(p, q))
				}
			}
			want[i] += best
		}
		want[i] /= 4
		top = math.Max(top, want[i])
	}
	for i, p := range ps {
		if got := p.central; math.Abs(got-want[i]/top) > 1e-12 {
			t.Errorf("point %d: centrality %v, want %v", i, got, want[i]/top)
		}
	}
}
