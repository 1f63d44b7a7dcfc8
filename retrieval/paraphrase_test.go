package retrieval

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/summitbot/summitbot/data"
)

// checkQuestion is a line of testdata/paraphrase-check.jsonl: a question
// worded away from the articles (synonyms, a capital for its government,
// verbs for nouns, British spellings) and strings of the passages that
// answer it. (Written before the thesaurus was tuned; the held-out sets
// the issue reports on live in bot/eval/testdata.)
type checkQuestion struct {
	ID       string   `json:"id"`
	Question string   `json:"question"`
	Evidence []string `json:"evidence"`
}

func readCheckSet(t *testing.T) []checkQuestion {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "paraphrase-check.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var qs []checkQuestion
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var q checkQuestion
		if err := json.Unmarshal(sc.Bytes(), &q); err != nil {
			t.Fatal(err)
		}
		qs = append(qs, q)
	}
	if err := sc.Err(); err != nil || len(qs) < 15 {
		t.Fatalf("check set: %v (%d questions)", err, len(qs))
	}
	return qs
}

// flat folds text as the evaluation compares it: case, accents, quotes,
// runs of spaces.
func flat(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(Fold(s), "''", `"`)), " ")
}

// checkScores returns hit@5 and MRR over the top 5 for the check set.
func checkScores(t *testing.T, ix *Index, qs []checkQuestion, mode Mode) (hit5, mrr float64) {
	t.Helper()
	for _, q := range qs {
		hits, err := ix.Search(context.Background(), q.Question, SearchOptions{K: 5, Mode: mode})
		if err != nil {
			t.Fatal(err)
		}
	found:
		for i, h := range hits {
			for _, e := range q.Evidence {
				if strings.Contains(flat(h.Chunk.Text), flat(e)) {
					hit5++
					mrr += 1 / float64(i+1)
					break found
				}
			}
		}
	}
	return hit5 / float64(len(qs)), mrr / float64(len(qs))
}

// The thesaurus finds more of the passages that answer questions worded
// away from the articles, with the distractors loaded, in both BM25 and
// hybrid search. The floors are below today's figures (BM25 hit@5 0.80,
// MRR 0.61; hybrid 0.80, 0.63; without the thesaurus 0.60, 0.36 and 0.75,
// 0.46), to catch a change that loses the gain.
func TestParaphraseCheckSet(t *testing.T) {
	if testing.Short() {
		t.Skip("indexes the corpus twice")
	}
	qs := readCheckSet(t)
	arts := allArticles(t)
	topic := "the January 2026 Paris summit on security guarantees for Ukraine"
	plain := openIndex(t, Options{Topic: topic})
	expanded := openIndex(t, Options{Topic: topic, Thesaurus: data.NewThesaurus()})
	addAll(t, plain, arts)
	addAll(t, expanded, arts)
	for _, mode := range []Mode{Lexical, Hybrid} {
		h0, m0 := checkScores(t, plain, qs, mode)
		h1, m1 := checkScores(t, expanded, qs, mode)
		t.Logf("%s: hit@5 %.2f -> %.2f, MRR %.3f -> %.3f", mode, h0, h1, m0, m1)
		if h1 < h0 || m1 <= m0 {
			t.Errorf("%s: the thesaurus lowers hit@5 %.2f -> %.2f or does not raise MRR %.3f -> %.3f", mode, h0, h1, m0, m1)
		}
		if h1 < 0.65 || m1 < 0.5 {
			t.Errorf("%s with the thesaurus: hit@5 %.2f, MRR %.3f; want at least 0.65 and 0.5", mode, h1, m1)
		}
	}
}
