package retrieval

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
)

func rrf(ranks ...int) float64 {
	s := 0.0
	for _, r := range ranks {
		s += 1 / float64(RRFConstant+r)
	}
	return s
}

func ids(rs []ranked) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.id
	}
	return out
}

func TestFuse(t *testing.T) {
	tests := []struct {
		name      string
		dense     []scored
		lex       []scored
		near      []scored
		nearW     float64 // the near ranking's weight; 0 means 1
		denseW    float64 // the dense ranking's weight; 0 means 1
		wantOrder []string
		// wantScore lists the expected fused score of some ids.
		wantScore map[string]float64
	}{
		{
			name:      "empty",
			wantOrder: []string{},
		},
		{
			name:      "dense only keeps its order",
			dense:     []scored{{"a", 0.9}, {"b", 0.8}, {"c", 0.1}},
			wantOrder: []string{"a", "b", "c"},
			wantScore: map[string]float64{"a": rrf(1), "b": rrf(2), "c": rrf(3)},
		},
		{
			name:      "lexical only keeps its order",
			lex:       []scored{{"c", 12}, {"a", 3}},
			wantOrder: []string{"c", "a"},
			wantScore: map[string]float64{"c": rrf(1), "a": rrf(2)},
		},
		{
			name:      "first in both beats first in one",
			dense:     []scored{{"d1", 0.9}, {"both", 0.8}},
			lex:       []scored{{"l1", 10}, {"both", 9}},
			wantOrder: []string{"both", "d1", "l1"},
			wantScore: map[string]float64{"both": rrf(2, 2), "d1": rrf(1), "l1": rrf(1)},
		},
		{
			name:      "ranked 1 in both",
			dense:     []scored{{"x", 0.9}, {"y", 0.8}},
			lex:       []scored{{"x", 5}, {"z", 4}},
			wantOrder: []string{"x", "y", "z"},
			wantScore: map[string]float64{"x": rrf(1, 1)},
		},
		{
			name:      "modest rank in both beats top of one",
			dense:     []scored{{"d1", 0.9}, {"d2", 0.8}, {"d3", 0.7}, {"m", 0.6}},
			lex:       []scored{{"l1", 9}, {"l2", 8}, {"l3", 7}, {"m", 6}},
			wantOrder: []string{"m", "d1", "l1", "d2", "l2", "d3", "l3"},
		},
		{
			name:      "equal scores: dense rank breaks the tie",
			dense:     []scored{{"p", 0.9}, {"q", 0.8}, {"r", 0.7}},
			lex:       []scored{{"s", 9}, {"r", 8}, {"p", 7}},
			wantOrder: []string{"p", "r", "s", "q"},
			wantScore: map[string]float64{"p": rrf(1, 3), "r": rrf(3, 2), "s": rrf(1), "q": rrf(2)},
		},
		{
			name:      "equal scores: a dense rank beats none",
			dense:     []scored{{"k", 0.5}},
			lex:       []scored{{"b", 2}},
			wantOrder: []string{"k", "b"},
		},
		{
			name:      "a near place weighs as much as the others",
			dense:     []scored{{"d", 0.9}, {"n", 0.5}},
			lex:       []scored{{"d", 9}, {"n", 5}},
			near:      []scored{{"n", 0.9}, {"x", 0.7}, {"d", 0.5}},
			wantOrder: []string{"d", "n", "x"},
			wantScore: map[string]float64{"d": rrf(1, 1, 3), "n": rrf(2, 2, 1), "x": rrf(2)},
		},
		{
			name:      "a near place weighing more can lead",
			dense:     []scored{{"d", 0.9}, {"n", 0.5}},
			lex:       []scored{{"d", 9}, {"n", 5}},
			near:      []scored{{"n", 0.9}, {"x", 0.7}, {"d", 0.5}},
			nearW:     1.5,
			wantOrder: []string{"n", "d", "x"},
			wantScore: map[string]float64{"d": rrf(1, 1) + 1.5*rrf(3), "n": rrf(2, 2) + 1.5*rrf(1), "x": 1.5 * rrf(2)},
		},
		{
			name:      "a dense place weighing less follows a BM25 one",
			dense:     []scored{{"d", 0.9}, {"l", 0.5}},
			lex:       []scored{{"l", 9}, {"d", 5}},
			denseW:    0.7,
			wantOrder: []string{"l", "d"},
			wantScore: map[string]float64{"d": 0.7*rrf(1) + rrf(2), "l": 0.7*rrf(2) + rrf(1)},
		},
		{
			name:      "scores and ranks are kept",
			dense:     []scored{{"a", 0.75}},
			lex:       []scored{{"a", 4.5}},
			wantOrder: []string{"a"},
			wantScore: map[string]float64{"a": rrf(1, 1)},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := tt.nearW
			if w == 0 {
				w = 1
			}
			dw := tt.denseW
			if dw == 0 {
				dw = 1
			}
			got := fuse(tt.dense, tt.lex, tt.near, dw, w)
			if !slices.Equal(ids(got), tt.wantOrder) {
				t.Errorf("order %q, want %q", ids(got), tt.wantOrder)
			}
			for _, r := range got {
				if want, ok := tt.wantScore[r.id]; ok && math.Abs(r.score-want) > 1e-12 {
					t.Errorf("%s: score %v, want %v", r.id, r.score, want)
				}
			}
			for i := 1; i < len(got); i++ {
				if got[i].score > got[i-1].score {
					t.Errorf("not sorted by score at %d", i)
				}
			}
			// Each candidate carries its rank and score in each list.
			for _, r := range got {
				di := slices.IndexFunc(tt.dense, func(s scored) bool { return s.id == r.id })
				li := slices.IndexFunc(tt.lex, func(s scored) bool { return s.id == r.id })
				if r.denseRank != di+1 || r.lexRank != li+1 {
					t.Errorf("%s: ranks (%d, %d), want (%d, %d)", r.id, r.denseRank, r.lexRank, di+1, li+1)
				}
				if di >= 0 && r.dense != tt.dense[di].score || di < 0 && r.dense != 0 {
					t.Errorf("%s: dense score %v", r.id, r.dense)
				}
				if li >= 0 && r.lex != tt.lex[li].score || li < 0 && r.lex != 0 {
					t.Errorf("%s: lexical score %v", r.id, r.lex)
				}
			}
		})
	}
}

func TestFuseDeterministicTies(t *testing.T) {
	// x_i is dense rank i and lexical rank 21-i, so x_i and x_(21-i) tie;
	// the dense rank must break every tie the same way, whatever the map order.
	var dense, lex []scored
	for i := 1; i <= 20; i++ {
		dense = append(dense, scored{id: fmt.Sprintf("x%02d", i), score: 1 - float64(i)/100})
	}
	for i := 20; i >= 1; i-- {
		lex = append(lex, scored{id: fmt.Sprintf("x%02d", i), score: float64(i)})
	}
	// Scores are symmetric and largest at the ends: x01 and x20 tie first.
	var want []string
	for i := 1; i <= 10; i++ {
		want = append(want, fmt.Sprintf("x%02d", i), fmt.Sprintf("x%02d", 21-i))
	}
	first := ids(fuse(dense, lex, nil, 1, 1))
	if !slices.Equal(first, want) {
		t.Fatalf("order %q, want %q", first, want)
	}
	for range 30 {
		if got := ids(fuse(dense, lex, nil, 1, 1)); !slices.Equal(got, first) {
			t.Fatalf("fuse is not deterministic: %q then %q", first, got)
		}
	}
}

// srcOf maps "a1" to source "a": the letter prefix of the id.
func srcOf(id string) string { return strings.TrimRight(id, "0123456789") }

func cands(idsAndScores ...any) []ranked {
	var out []ranked
	for i := 0; i < len(idsAndScores); i += 2 {
		out = append(out, ranked{id: idsAndScores[i].(string), score: idsAndScores[i+1].(float64)})
	}
	return out
}

func TestDiversify(t *testing.T) {
	tests := []struct {
		name      string
		cands     []ranked
		k, per    int
		want      []string
		wantCount int
	}{
		{
			name:  "cap per source while others have candidates",
			cands: cands("a1", 0.9, "a2", 0.8, "a3", 0.7, "b1", 0.6, "a4", 0.5, "c1", 0.4),
			k:     4, per: 2,
			want: []string{"a1", "a2", "b1", "c1"},
		},
		{
			name:  "only one source: fill up to k",
			cands: cands("a1", 0.9, "a2", 0.8, "a3", 0.7, "a4", 0.6, "a5", 0.5, "a6", 0.4),
			k:     5, per: 2,
			want: []string{"a1", "a2", "a3", "a4", "a5"},
		},
		{
			name:  "skipped candidates fill the rest in score order",
			cands: cands("a1", 0.9, "a2", 0.8, "a3", 0.7, "b1", 0.6, "a4", 0.5),
			k:     4, per: 2,
			want: []string{"a1", "a2", "a3", "b1"},
		},
		{
			name:  "per source of one",
			cands: cands("a1", 0.9, "a2", 0.8, "b1", 0.7, "b2", 0.6, "c1", 0.5),
			k:     3, per: 1,
			want: []string{"a1", "b1", "c1"},
		},
		{
			name:  "no cap",
			cands: cands("a1", 0.9, "a2", 0.8, "a3", 0.7, "b1", 0.6),
			k:     3, per: 0,
			want: []string{"a1", "a2", "a3"},
		},
		{
			name:  "fewer candidates than k",
			cands: cands("a1", 0.9, "b1", 0.8),
			k:     5, per: 1,
			want: []string{"a1", "b1"},
		},
		{
			name:  "no candidates",
			cands: nil,
			k:     5, per: 2,
			want: []string{},
		},
		{
			name:  "k smaller than cap",
			cands: cands("a1", 0.9, "a2", 0.8, "b1", 0.7),
			k:     1, per: 2,
			want: []string{"a1"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := diversify(slices.Clone(tt.cands), srcOf, tt.k, tt.per)
			if !slices.Equal(ids(got), tt.want) {
				t.Errorf("diversify(k=%d, per=%d) = %q, want %q", tt.k, tt.per, ids(got), tt.want)
			}
			seen := map[string]bool{}
			for _, r := range got {
				if seen[r.id] {
					t.Errorf("%s picked twice", r.id)
				}
				seen[r.id] = true
			}
		})
	}
}
