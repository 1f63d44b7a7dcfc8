package bot

import (
	"testing"

	"github.com/summitbot/summitbot/retrieval"
)

// For a question asking who refused, or on what condition something
// happens, the answer leads with the sentence telling a refusal or a
// condition, not one naming as much of the question that tells neither.
func TestRankSentencesLeadingKinds(t *testing.T) {
	tests := []struct {
		question string
		other    string // shares more of the question's words
		want     string // tells what is asked
	}{
		{"Which countries have flatly said no to putting their own infantry in Ukraine?",
			"France said its own infantry would be putting in long hours to train in Ukraine.",
			"Croatia and the Czech Republic refused to send infantry to Ukraine."},
		{"What does the Kremlin say has to happen before there can be any truce?",
			"The Kremlin said a truce would happen before the spring talks there.",
			"Russia insists there can be no truce without a comprehensive settlement."},
		// What happened is asked: not what was expected.
		{"How many leaders were present at the Paris talks?",
			"Around 30 leaders are expected to be present at the Paris talks.",
			"Officials said 35 leaders were present at the Paris talks in the end."},
	}
	for _, tt := range tests {
		hits := []retrieval.Hit{
			{Chunk: retrieval.Chunk{Text: tt.other}, Source: retrieval.Source{ID: "other"}},
			{Chunk: retrieval.Chunk{Text: tt.want}, Source: retrieval.Source{ID: "want"}},
		}
		p := questionPart{text: tt.question, typ: classify(tt.question, english, testThesaurus())}
		ranked := rankSentences(p, candidates(hits, nil), relevanceInfo{}, lexicon{}, english)
		if len(ranked) == 0 || hits[ranked[0].hit].Source.ID != "want" {
			t.Errorf("%q: best sentence not %q: %+v", tt.question, tt.want, ranked)
		}
	}
}

func TestLeadingKinds(t *testing.T) {
	for _, tt := range []struct {
		question string
		want     leading
	}{
		{"which countries said no to sending soldiers?", leading{refusal: true}},
		{"what is russia's precondition for stopping the fighting?", leading{condition: true}},
		{"under what conditions would the force deploy?", leading{condition: true}},
		{"what needs to happen before troops go in?", leading{condition: true}},
		{"what happened in Paris?", leading{}},
	} {
		if got := leadingKinds(tt.question); got != tt.want {
			t.Errorf("leadingKinds(%q) = %+v, want %+v", tt.question, got, tt.want)
		}
	}
}
