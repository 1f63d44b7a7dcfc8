package eval

import (
	"context"
	"errors"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/summitbot/summitbot/retrieval"
)

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Élysée  Palace", "elysee palace"},
		{"“first line of defense”", `"first line of defense"`},
		{"''So far''", `"so far"`},
		{"15,000–30,000\nTroops", "15,000-30,000 troops"},
		{"Ukraine’s", "ukraine's"},
	}
	for _, tt := range tests {
		if got := Normalize(tt.in); got != tt.want {
			t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func hits(texts ...string) []retrieval.Hit {
	out := make([]retrieval.Hit, len(texts))
	for i, t := range texts {
		out[i] = retrieval.Hit{Rank: i + 1, Chunk: retrieval.Chunk{Text: t}}
	}
	return out
}

func TestFirstHit(t *testing.T) {
	h := hits("nothing here", "the Elysee Palace hosted", "Élysée Palace again")
	tests := []struct {
		evidence []string
		want     int
	}{
		{[]string{"Élysée Palace"}, 2},
		{[]string{"absent", "again"}, 3},
		{[]string{"absent"}, 0},
		{nil, 0},
		{[]string{""}, 0},
	}
	for _, tt := range tests {
		if got := FirstHit(h, tt.evidence); got != tt.want {
			t.Errorf("FirstHit(%q) = %d, want %d", tt.evidence, got, tt.want)
		}
	}
}

func TestAnswerPasses(t *testing.T) {
	tests := []struct {
		text   string
		groups [][]string
		want   bool
	}{
		{"France and the UK provide most troops", [][]string{{"France", "French"}, {"UK", "Britain"}}, true},
		{"France provides most troops", [][]string{{"France"}, {"Britain"}}, false},
		{"Not found in the loaded sources", [][]string{{"not", "cannot"}}, true},
		{"anything", nil, true},
	}
	for _, tt := range tests {
		if got := AnswerPasses(tt.text, tt.groups); got != tt.want {
			t.Errorf("AnswerPasses(%q, %q) = %v, want %v", tt.text, tt.groups, got, tt.want)
		}
	}
}

func TestReadQuestionsErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", "no questions"},
		{`{"id":"a","question":"q"}` + "\n{broken", "line 2"},
		{`{"id":"a","question":"  "}`, "line 1: no question"},
	}
	for _, tt := range tests {
		_, err := ReadQuestions(strings.NewReader(tt.in))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ReadQuestions(%q) error = %v, want it to mention %q", tt.in, err, tt.want)
		}
	}
}

type fixedSearcher [][]retrieval.Hit

func (f *fixedSearcher) Search(context.Context, string, retrieval.SearchOptions) ([]retrieval.Hit, error) {
	h := (*f)[0]
	*f = (*f)[1:]
	return h, nil
}

func TestRunMetrics(t *testing.T) {
	qs := []Question{
		{ID: "a", Question: "q1", Evidence: []string{"alpha"}, Answer: [][]string{{"alpha"}}},
		{ID: "b", Question: "q2", Evidence: []string{"beta"}, Answer: [][]string{{"beta"}}},
		{ID: "c", Question: "q3", Evidence: []string{"gamma"}, Answer: [][]string{{"gamma"}}},
		{ID: "u", Question: "q4", Answer: [][]string{{"not"}}},
		{ID: "d", Question: "q5", Evidence: []string{"delta"}, Answer: [][]string{{"delta", "not"}}},
		{ID: "v", Question: "q6", Answer: [][]string{{"not"}}},
	}
	s := &fixedSearcher{
		hits("alpha", "x"),
		hits("x", "y", "beta"),
		hits("x", "y", "z", "w", "v", "gamma"),
		hits("delta"),
	}
	answers := map[string]struct {
		text  string
		found bool
	}{"q1": {"alpha [1]", true}, "q2": {"wrong", true}, "q3": {"Not found", false}, "q4": {"Not found", false},
		// A refusal does not pass an answerable question whose answer_any
		// accepts "not", and a quote holding "not" does not pass an
		// unanswerable one.
		"q5": {"Not found", false}, "q6": {"Allies will not say [1]", true}}
	rep, err := Run(context.Background(), qs, s, retrieval.SearchOptions{K: 10}, func(_ context.Context, q string) (string, bool, error) {
		return answers[q].text, answers[q].found, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Questions != 4 || rep.Unanswerable != 2 {
		t.Errorf("questions, unanswerable = %d, %d; want 4, 2", rep.Questions, rep.Unanswerable)
	}
	if got, want := rep.Hit1, 2.0/4; got != want {
		t.Errorf("hit@1 = %v, want %v", got, want)
	}
	if got, want := rep.Hit3, 3.0/4; got != want {
		t.Errorf("hit@3 = %v, want %v", got, want)
	}
	if got, want := rep.Hit5, 3.0/4; got != want {
		t.Errorf("hit@5 = %v, want %v", got, want)
	}
	if got, want := rep.MRR, (1+1.0/3+1.0/6+1)/4; got != want {
		t.Errorf("MRR = %v, want %v", got, want)
	}
	if strings.Join(rep.Missed, ",") != "c" {
		t.Errorf("missed = %v, want [c]", rep.Missed)
	}
	if got, want := rep.Ranks, map[string]int{"a": 1, "b": 3, "c": 6, "d": 1}; !maps.Equal(got, want) {
		t.Errorf("ranks = %v, want %v", got, want)
	}
	if rep.AnswersPassed == nil || *rep.AnswersPassed != 2.0/6 {
		t.Errorf("answers passed = %v, want 2/6 (q1 and q4)", *rep.AnswersPassed)
	}
	if rep.AnswerablePassed == nil || *rep.AnswerablePassed != 1.0/4 {
		t.Errorf("answerable passed = %v, want 1/4 (q1)", *rep.AnswerablePassed)
	}
	if got, want := strings.Join(rep.FailedAnswers, ","), "b,c,d,v"; got != want {
		t.Errorf("failed answers = %s, want %s", got, want)
	}
	if rep.NotFoundCorrect == nil || *rep.NotFoundCorrect != 1 || strings.Join(rep.FalseRefusals, ",") != "c,d" {
		t.Errorf("not found correct = %v, false refusals = %v; want 1 and [c d]", *rep.NotFoundCorrect, rep.FalseRefusals)
	}
}

func TestCalibrate(t *testing.T) {
	qs := []Question{
		{ID: "a", Question: "qa", Evidence: []string{"x"}},
		{ID: "b", Question: "qb", Evidence: []string{"x"}},
		{ID: "u", Question: "qu"},
		{ID: "v", Question: "qv"},
	}
	shares := map[string]struct {
		share   float64
		refused bool
	}{"qa": {0.5, false}, "qb": {0.25, false}, "qu": {0.3, false}, "qv": {0.9, true}}
	cover := func(_ context.Context, q string) (float64, bool, error) {
		return shares[q].share, shares[q].refused, nil
	}
	got, err := Calibrate(context.Background(), qs, cover, []float64{0, 0.3, 0.6})
	if err != nil {
		t.Fatal(err)
	}
	want := []Threshold{
		{MinCoverage: 0, UnanswerableRefused: 1, Unanswerable: 2, FalseRefusals: 0, Answerable: 2},
		{MinCoverage: 0.3, UnanswerableRefused: 1, Unanswerable: 2, FalseRefusals: 1, Answerable: 2},
		{MinCoverage: 0.6, UnanswerableRefused: 2, Unanswerable: 2, FalseRefusals: 2, Answerable: 2},
	}
	if !slices.Equal(got.Thresholds, want) {
		t.Errorf("thresholds\n got %+v\nwant %+v", got.Thresholds, want)
	}
	if len(got.Questions) != 4 || got.Questions[3] != (QuestionCoverage{ID: "v", Share: 0.9, Refused: true}) {
		t.Errorf("questions %+v", got.Questions)
	}

	boom := errors.New("index closed")
	if _, err := Calibrate(context.Background(), qs, func(context.Context, string) (float64, bool, error) { return 0, false, boom }, []float64{0}); !errors.Is(err, boom) {
		t.Errorf("a failing coverer: %v", err)
	}
}
