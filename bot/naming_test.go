package bot

import (
	"slices"
	"testing"

	"github.com/summitbot/summitbot/retrieval"
)

// The stems left out of a name question's subject are those of the words
// asking for a name, as the stemmer gives them.
func TestNameAskingStems(t *testing.T) {
	for _, w := range []string{"called", "named", "dubbed", "known", "officially", "formal", "full", "short", "proper", "title", "abbreviation", "acronym", "initialism"} {
		if st := retrieval.Stem(w); !slices.Contains(nameAskingStems, st) {
			t.Errorf("stem %q of %q not in nameAskingStems", st, w)
		}
	}
	subject := map[string]bool{"call": true, "offici": true}
	withoutNameAsking(subject)
	if len(subject) != 1 {
		t.Errorf("withoutNameAsking left %v, want one stem kept", subject)
	}
}

// For a question asking what something is called, the answer leads with the
// sentence giving the name of the thing asked about, not one that shares
// the asking words ("what officials call") or names something else
// ("so-called").
func TestRankSentencesPreferNames(t *testing.T) {
	hits := []retrieval.Hit{
		{Chunk: retrieval.Chunk{Text: "The summit gathered what officials call a coalition of the willing."}, Source: retrieval.Source{ID: "a"}},
		{Chunk: retrieval.Chunk{Text: "Leaders of the so-called coalition of the willing met in Paris to discuss the force."}, Source: retrieval.Source{ID: "b"}},
		{Chunk: retrieval.Chunk{Text: "The declaration sets up a future Multinational Force, Ukraine, known as MNF-U."}, Source: retrieval.Source{ID: "c"}},
	}
	for _, q := range []string{"what is the force in the declaration officially called?", "what's the declaration's force officially known as?"} {
		p := questionPart{text: q, typ: classify(q, english, testThesaurus()), naming: retrieval.AsksName(q)}
		if !p.naming {
			t.Fatalf("%q: not read as asking a name", q)
		}
		ranked := rankSentences(p, candidates(hits, nil), relevanceInfo{}, lexicon{}, english)
		if len(ranked) == 0 || hits[ranked[0].hit].Source.ID != "c" {
			t.Errorf("%q: best sentence not the one giving the name: %+v", q, ranked)
		}
	}
}
