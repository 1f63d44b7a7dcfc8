package main

import (
	"encoding/json"
	"fmt"
	"testing"
)

// TestQualityFloors holds the offline quality measured on the question sets
// kept in the repository (README, "Performance") a little under the figures
// measured when they were last changed, so that a regression fails CI. The
// held-out paraphrase sets are never tuned on: their floors only catch a
// loss.
func TestQualityFloors(t *testing.T) {
	if testing.Short() {
		t.Skip("builds four indexes and answers every question")
	}
	type floor struct {
		hit5, mrr        float64 // retrieval of the evidence (hybrid)
		answerable       float64 // share of answerable questions answered with what they need
		unanswerableMiss int     // unanswerable questions answered anyway, at most
		falseRefusals    int     // answerable questions refused, at most
	}
	tests := []struct {
		set         string
		distractors bool
		want        floor
	}{
		{"../../bot/eval/testdata/heldout.jsonl", false, floor{0.96, 0.89, 0.91, 0, 1}},
		{"../../bot/eval/testdata/heldout.jsonl", true, floor{0.96, 0.89, 0.91, 0, 1}},
		// "Left out of" and "dropped from" read as "omitted from" (stop
		// 34) raised its MRR to 0.807 and 0.824.
		{"../../bot/eval/testdata/heldout-paraphrase.jsonl", false, floor{0.93, 0.78, 0.94, 1, 1}},
		// A source far from the topic weighing down to 0.3 rather than 0.5
		// of its scores (stop 36) brought one more question into the top 5
		// with the distractors.
		{"../../bot/eval/testdata/heldout-paraphrase.jsonl", true, floor{0.95, 0.82, 0.94, 1, 1}},
		// The refusal rule of stop 31 (a question asking who refused leads
		// with a refusal) moved one question a place down built-in.
		// The idioms of stop 33 ("turned up", "close to the fighting")
		// raised the second and third sets' answers and the third's ranks.
		{"../../bot/eval/testdata/heldout-paraphrase4.jsonl", false, floor{0.91, 0.81, 0.88, 1, 0}},
		{"../../bot/eval/testdata/heldout-paraphrase4.jsonl", true, floor{0.93, 0.78, 0.88, 1, 0}},
		{"../../bot/eval/testdata/heldout-paraphrase6.jsonl", false, floor{0.93, 0.81, 0.81, 0, 1}},
		{"../../bot/eval/testdata/heldout-paraphrase6.jsonl", true, floor{0.96, 0.83, 0.81, 0, 1}},
		// Worded unlike the articles on purpose (synonyms, capitals for
		// governments, descriptions for names): the hardest set measured.
		{"../../bot/eval/testdata/paraphrase-dev.jsonl", false, floor{0.82, 0.68, 0.69, 0, 1}},
		{"../../bot/eval/testdata/paraphrase-dev.jsonl", true, floor{0.87, 0.70, 0.76, 0, 1}},
		{"../../bot/eval/testdata/paraphrase-dev2.jsonl", false, floor{0.98, 0.80, 0.82, 1, 1}},
		{"../../bot/eval/testdata/paraphrase-dev2.jsonl", true, floor{0.96, 0.75, 0.86, 1, 1}},
		{"../../bot/eval/testdata/paraphrase-dev3.jsonl", false, floor{0.89, 0.77, 0.85, 0, 1}},
		{"../../bot/eval/testdata/paraphrase-dev3.jsonl", true, floor{0.89, 0.79, 0.85, 0, 1}},
		{"../../bot/eval/testdata/paraphrase-dev4.jsonl", false, floor{0.95, 0.83, 0.88, 0, 1}},
		{"../../bot/eval/testdata/paraphrase-dev4.jsonl", true, floor{0.95, 0.84, 0.88, 0, 1}},
		{"../../bot/eval/testdata/paraphrase-dev5.jsonl", false, floor{0.91, 0.82, 0.91, 1, 1}},
		{"../../bot/eval/testdata/paraphrase-dev5.jsonl", true, floor{0.91, 0.78, 0.88, 1, 1}},
		{"../../bot/eval/testdata/paraphrase-dev6.jsonl", false, floor{0.94, 0.81, 0.75, 0, 2}},
		// With the distractors, a question word only other articles hold
		// weighs half in the answer's shares since stop 34: one
		// unanswerable question ("how much cash has the UK set aside so
		// far to prep for its possible deployment?") is answered.
		{"../../bot/eval/testdata/paraphrase-dev6.jsonl", true, floor{0.91, 0.81, 0.78, 1, 2}},
		{"../../bot/eval/testdata/paraphrase-dev7.jsonl", false, floor{0.89, 0.83, 0.93, 1, 1}},
		{"../../bot/eval/testdata/paraphrase-dev7.jsonl", true, floor{0.89, 0.83, 0.93, 2, 1}},
		// Written at stop 26 as people type in a chat; measured before any
		// change was tried on it.
		{"../../bot/eval/testdata/paraphrase-dev8.jsonl", false, floor{0.93, 0.60, 0.70, 0, 0}},
		{"../../bot/eval/testdata/paraphrase-dev8.jsonl", true, floor{0.93, 0.60, 0.74, 0, 0}},
		{"../../bot/eval/testdata/paraphrase-dev9.jsonl", false, floor{0.73, 0.63, 0.69, 1, 1}},
		{"../../bot/eval/testdata/paraphrase-dev9.jsonl", true, floor{0.73, 0.63, 0.69, 1, 1}},
		// The dense weight of stop 31 (0.7) took one question out of the top
		// 5 built-in.
		{"../../bot/eval/testdata/paraphrase-dev10.jsonl", false, floor{0.95, 0.87, 0.85, 0, 1}},
		{"../../bot/eval/testdata/paraphrase-dev10.jsonl", true, floor{0.95, 0.86, 0.85, 0, 2}},
		// Written at stop 29, paraphrased and in chat styles; measured
		// before any change was tried on them (README, stop 29).
		{"../../bot/eval/testdata/paraphrase-dev11.jsonl", false, floor{0.84, 0.62, 0.68, 0, 2}},
		// "gaurantee talks" read as "guarantee talks" (stop 30) took one
		// question out of the top 5 with the distractors: "guarantee" is
		// in most passages.
		{"../../bot/eval/testdata/paraphrase-dev11.jsonl", true, floor{0.76, 0.59, 0.61, 0, 2}},
		{"../../bot/eval/testdata/paraphrase-dev12.jsonl", false, floor{0.91, 0.83, 0.87, 1, 1}},
		{"../../bot/eval/testdata/paraphrase-dev12.jsonl", true, floor{0.91, 0.83, 0.87, 1, 1}},
		// Written at stop 30, paraphrased; the fourteenth was measured with
		// the stop's first and last binaries before it was opened.
		{"../../bot/eval/testdata/paraphrase-dev13.jsonl", false, floor{0.87, 0.70, 0.80, 0, 1}},
		{"../../bot/eval/testdata/paraphrase-dev13.jsonl", true, floor{0.87, 0.69, 0.80, 0, 1}},
		{"../../bot/eval/testdata/paraphrase-dev14.jsonl", false, floor{0.84, 0.67, 0.57, 0, 1}},
		{"../../bot/eval/testdata/paraphrase-dev14.jsonl", true, floor{0.84, 0.73, 0.57, 1, 1}},
		// Written at the end of stop 30 and measured with the stop's first
		// and last binaries before it was opened.
		{"../../bot/eval/testdata/paraphrase-dev15.jsonl", false, floor{0.94, 0.81, 0.75, 0, 3}},
		{"../../bot/eval/testdata/paraphrase-dev15.jsonl", true, floor{0.94, 0.81, 0.71, 0, 3}},
		// Written at stop 31 by helpers who had seen no other set; each was
		// measured with the stop's first binary (and a mid-stop one) before
		// it was opened.
		{"../../bot/eval/testdata/paraphrase-dev16.jsonl", false, floor{0.90, 0.76, 0.86, 1, 1}},
		{"../../bot/eval/testdata/paraphrase-dev16.jsonl", true, floor{0.90, 0.78, 0.86, 1, 1}},
		{"../../bot/eval/testdata/paraphrase-dev17.jsonl", false, floor{0.78, 0.66, 0.78, 0, 1}},
		{"../../bot/eval/testdata/paraphrase-dev17.jsonl", true, floor{0.82, 0.65, 0.78, 0, 1}},
		// Written at stop 32 by helpers who had seen no other set, the
		// nineteenth in a journalist's or analyst's register; each was
		// measured with the stop's first binary before it was opened.
		{"../../bot/eval/testdata/paraphrase-dev18.jsonl", false, floor{0.90, 0.78, 0.90, 0, 1}},
		{"../../bot/eval/testdata/paraphrase-dev18.jsonl", true, floor{0.90, 0.77, 0.86, 0, 1}},
		{"../../bot/eval/testdata/paraphrase-dev19.jsonl", false, floor{0.90, 0.84, 0.90, 0, 1}},
		{"../../bot/eval/testdata/paraphrase-dev19.jsonl", true, floor{0.94, 0.86, 0.78, 0, 2}},
		// Written at stop 33 by helpers who had seen no other set, the
		// twentieth as someone who followed the news loosely, the
		// twenty-first in plain everyday words; each was measured with the
		// stop's first binary before it was opened.
		{"../../bot/eval/testdata/paraphrase-dev20.jsonl", false, floor{0.94, 0.77, 0.86, 0, 2}},
		{"../../bot/eval/testdata/paraphrase-dev20.jsonl", true, floor{0.94, 0.77, 0.78, 0, 3}},
		{"../../bot/eval/testdata/paraphrase-dev21.jsonl", false, floor{0.86, 0.70, 0.78, 1, 1}},
		{"../../bot/eval/testdata/paraphrase-dev21.jsonl", true, floor{0.96, 0.80, 0.78, 1, 1}},
		// Written at stop 34 by helpers who had seen no other set, the
		// twenty-second as a non-native speaker mixing in words of their
		// own language, the twenty-third in a policy reader's vocabulary;
		// each was measured with the stop's first binary before it was
		// opened.
		{"../../bot/eval/testdata/paraphrase-dev22.jsonl", false, floor{0.96, 0.88, 0.80, 0, 2}},
		{"../../bot/eval/testdata/paraphrase-dev22.jsonl", true, floor{0.96, 0.84, 0.80, 0, 2}},
		{"../../bot/eval/testdata/paraphrase-dev23.jsonl", false, floor{0.96, 0.83, 0.73, 1, 3}},
		{"../../bot/eval/testdata/paraphrase-dev23.jsonl", true, floor{0.96, 0.83, 0.73, 1, 3}},
		// Written at stop 35 by helpers who had seen no other set, the
		// twenty-fourth as a fact-checker asks, the twenty-fifth as a
		// student drafting an essay (wordy, often saying first what they
		// believe); each was measured with the stop's first binary before
		// it was opened.
		{"../../bot/eval/testdata/paraphrase-dev24.jsonl", false, floor{0.92, 0.78, 0.96, 0, 1}},
		{"../../bot/eval/testdata/paraphrase-dev24.jsonl", true, floor{0.92, 0.76, 0.96, 0, 1}},
		{"../../bot/eval/testdata/paraphrase-dev25.jsonl", false, floor{0.84, 0.73, 0.84, 1, 1}},
		{"../../bot/eval/testdata/paraphrase-dev25.jsonl", true, floor{0.84, 0.71, 0.84, 1, 1}},
		// Written at stop 36 by helpers who had seen no other set, the
		// twenty-sixth in a defence analyst's jargon ("UAF", "since '22",
		// "which capital announced"), the twenty-seventh as a radio presenter
		// asks (people by description, governments by landmarks); each was
		// measured with the stop's first binary before it was opened.
		{"../../bot/eval/testdata/paraphrase-dev26.jsonl", false, floor{0.84, 0.70, 0.48, 3, 6}},
		{"../../bot/eval/testdata/paraphrase-dev26.jsonl", true, floor{0.88, 0.70, 0.50, 3, 6}},
		{"../../bot/eval/testdata/paraphrase-dev27.jsonl", false, floor{0.96, 0.80, 0.75, 0, 4}},
		{"../../bot/eval/testdata/paraphrase-dev27.jsonl", true, floor{0.92, 0.74, 0.75, 0, 4}},
		// The leading passages of the search cover a question the
		// reordering's leading ones cover less ("How large could the
		// peacekeeping contingent become?").
		{"../../retrieval/testdata/paraphrase-check.jsonl", false, floor{0.90, 0.82, 0.85, 0, 0}},
		{"../../retrieval/testdata/paraphrase-check.jsonl", true, floor{0.95, 0.83, 0.85, 0, 0}},
		{"../../bot/eval/testdata/answertypes.jsonl", false, floor{0.89, 0.80, 0.85, 1, 1}},
		{"../../bot/eval/testdata/answertypes.jsonl", true, floor{0.89, 0.80, 0.85, 1, 1}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s distractors=%v", tt.set, tt.distractors), func(t *testing.T) {
			t.Parallel()
			var rep struct {
				Hit5            float64  `json:"hit@5"`
				MRR             float64  `json:"mrr"`
				Answerable      float64  `json:"answerable_passed"`
				Unanswerable    int      `json:"unanswerable"`
				NotFoundCorrect int      `json:"not_found_correct"`
				FalseRefusals   []string `json:"false_refusals"`
			}
			evalJSON(t, tt.distractors, &rep, "--answers", "--questions", tt.set)
			got := floor{rep.Hit5, rep.MRR, rep.Answerable, rep.Unanswerable - rep.NotFoundCorrect, len(rep.FalseRefusals)}
			t.Logf("measured %+v", got)
			if got.hit5 < tt.want.hit5 || got.mrr < tt.want.mrr || got.answerable < tt.want.answerable ||
				got.unanswerableMiss > tt.want.unanswerableMiss || got.falseRefusals > tt.want.falseRefusals {
				t.Errorf("got %+v, want at least hit@5, MRR, answerable %+v and at most the misses and refusals", got, tt.want)
			}
		})
	}
}

// TestSummaryFloors holds the offline summaries to issue 14's targets on the
// development nugget file (README, "Summaries"): the whole summit at least
// 80% of its nuggets, each topic at least 75%, every summary in one message
// and no bullet needing the sentence before it; with the distractors loaded,
// a little under the figures measured.
func TestSummaryFloors(t *testing.T) {
	if testing.Short() {
		t.Skip("builds two indexes and summarises every topic")
	}
	tests := []struct {
		distractors bool
		summit      float64 // whole summit, at least
		topic       float64 // each topic, at least
		total       float64 // all nuggets, at least
	}{
		{false, 0.80, 0.75, 0.85},
		{true, 0.80, 0.25, 0.80},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("distractors=%v", tt.distractors), func(t *testing.T) {
			t.Parallel()
			var rep struct {
				Recall    float64 `json:"recall"`
				AllFit    bool    `json:"all_fit"`
				Dangling  int     `json:"dangling"`
				Forbidden int     `json:"forbidden"`
				Summaries []struct {
					ID     string  `json:"id"`
					Topic  string  `json:"topic"`
					Recall float64 `json:"recall"`
				} `json:"summaries"`
			}
			evalJSON(t, tt.distractors, &rep, "--summaries", "../../bot/eval/testdata/summary-nuggets.jsonl")
			if rep.Recall < tt.total || !rep.AllFit || rep.Dangling != 0 || rep.Forbidden != 0 {
				t.Errorf("recall %.2f (want ≥ %.2f), all fit %v, dangling %d, off-topic %d", rep.Recall, tt.total, rep.AllFit, rep.Dangling, rep.Forbidden)
			}
			for _, s := range rep.Summaries {
				want := tt.topic
				if s.Topic == "" {
					want = tt.summit
				}
				if s.Recall < want {
					t.Errorf("%s: recall %.2f, want at least %.2f", s.ID, s.Recall, want)
				}
			}
		})
	}
}

// evalJSON runs "summitbot eval --json" with args on a fresh index, with the
// distractor articles loaded if distractors is set, and decodes its report
// into rep.
func evalJSON(t *testing.T, distractors bool, rep any, args ...string) {
	t.Helper()
	args = append([]string{"eval", "--json"}, args...)
	if distractors {
		args = append(args, "--corpus", "../../retrieval/testdata/distractors")
	}
	out, _, err := runCLI(t, env(t, "INDEX_DIR", t.TempDir()), args...)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(out), rep); err != nil {
		t.Fatal(err)
	}
}
