package bot

import (
	"testing"

	"github.com/summitbot/summitbot/retrieval"
)

// A sentence counting what a quantity question counts by another word for
// it ("heads of state" for presidents) holds that much of the question.
func TestRankCountsUnitWords(t *testing.T) {
	const text = "French officials said 35 participants attended in person, including 27 heads of state or government."
	hits := []retrieval.Hit{{Chunk: retrieval.Chunk{ID: "a#0", SourceID: "a", Text: text}}}
	tests := []struct {
		q         string
		wantShare float64 // the sentence's share at least
	}{
		// came, minist, person, presid, prime: person itself, presid and
		// minist by heads (unitStrength each).
		{"How many presidents and prime ministers came in person?", (1 + 2*unitStrength) / 5},
		{"How many premiers came in person?", (1 + unitStrength) / 3},
	}
	for _, tt := range tests {
		p := questionPart{text: tt.q, typ: classify(tt.q, english, testThesaurus())}
		ranked := rankSentences(p, candidates(hits, nil), relevanceInfo{}, lexicon{}, english)
		if len(ranked) != 1 {
			t.Fatalf("%q: %d sentences ranked, want 1", tt.q, len(ranked))
		}
		if got := ranked[0]; got.share < tt.wantShare-1e-9 || !got.typed {
			t.Errorf("%q: share %.3f typed %v, want at least %.3f and typed", tt.q, got.share, got.typed, tt.wantShare)
		}
	}
}
