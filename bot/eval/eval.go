// Package eval measures summitbot's retrieval and answers on a question set in
// the JSONL format of the development set: hit@1/3/5, MRR, and the share of
// answers containing what a good answer must contain.
package eval

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/summitbot/summitbot/retrieval"
)

// Question is one line of a question file.
type Question struct {
	ID       string     `json:"id"`
	Kind     string     `json:"kind"`
	Question string     `json:"question"`
	Evidence []string   `json:"evidence"`
	Answer   [][]string `json:"answer_any"`
}

// ReadQuestions parses a JSONL question file, naming the line of any error.
func ReadQuestions(r io.Reader) ([]Question, error) {
	return readLines(r, "questions", func(q *Question, line int) error {
		if strings.TrimSpace(q.Question) == "" {
			return errors.New("no question")
		}
		if q.ID == "" {
			q.ID = fmt.Sprintf("line%d", line)
		}
		return nil
	})
}

// readLines parses a JSONL file of what, one T a non-blank line, checking
// each with check, and names the line of any error. An empty file is an
// error.
func readLines[T any](r io.Reader, what string, check func(v *T, line int) error) ([]T, error) {
	var out []T
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 4<<20)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if text == "" {
			continue
		}
		var v T
		if err := json.Unmarshal([]byte(text), &v); err != nil {
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
		if err := check(&v, line); err != nil {
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
		out = append(out, v)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", what, err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no %s found", what)
	}
	return out, nil
}

// Searcher retrieves passages for a question.
type Searcher interface {
	Search(ctx context.Context, query string, opts retrieval.SearchOptions) ([]retrieval.Hit, error)
}

// Answerer answers a question, reporting the text and whether the sources covered it.
type Answerer func(ctx context.Context, question string) (text string, found bool, err error)

// Report is the result of an evaluation run.
type Report struct {
	// Questions is how many questions have evidence (the retrieval metrics' denominator).
	Questions int     `json:"questions"`
	Hit1      float64 `json:"hit@1"`
	Hit3      float64 `json:"hit@3"`
	Hit5      float64 `json:"hit@5"`
	MRR       float64 `json:"mrr"`
	// Missed lists the ids of questions with evidence not retrieved in the top K.
	Missed []string `json:"missed"`
	// Ranks gives, for each question with evidence, the rank of the first
	// passage containing it (0 if none of the top K does).
	Ranks map[string]int `json:"ranks"`
	// AnswersPassed is the share of answers that pass (nil without
	// --answers): an answer passes when it meets answer_any and its "found"
	// agrees with the question, found for a question with evidence and "not
	// found" for one without. (A refusal worded "Not found" must not pass an
	// answerable question whose answer_any accepts "not", nor a quoted
	// sentence containing "not" an unanswerable one.)
	AnswersPassed *float64 `json:"answers_passed"`
	// AnswerablePassed is the share of the questions with evidence whose
	// answers pass (nil without --answers).
	AnswerablePassed *float64 `json:"answerable_passed,omitempty"`
	// Unanswerable counts questions without evidence; NotFoundCorrect how many
	// of them were answered "not found"; FalseRefusals how many answerable
	// questions were answered "not found" (both only with answers).
	Unanswerable    int      `json:"unanswerable"`
	NotFoundCorrect *int     `json:"not_found_correct,omitempty"`
	FalseRefusals   []string `json:"false_refusals,omitempty"`
	// FailedAnswers lists the ids whose answers missed answer_any.
	FailedAnswers []string `json:"failed_answers,omitempty"`
}

// Run evaluates retrieval with top-k search (k >= 5 so hit@5 is defined) and,
// when answer is not nil, the answers too.
func Run(ctx context.Context, qs []Question, s Searcher, opts retrieval.SearchOptions, answer Answerer) (Report, error) {
	if opts.K < 5 {
		opts.K = 5
	}
	var r Report
	var h1, h3, h5, rr float64
	passed, answerablePassed, notFoundOK := 0, 0, 0
	for _, q := range qs {
		if len(q.Evidence) == 0 {
			r.Unanswerable++
		} else {
			r.Questions++
			hits, err := s.Search(ctx, q.Question, opts)
			if err != nil {
				return Report{}, fmt.Errorf("question %s: %w", q.ID, err)
			}
			rank := FirstHit(hits, q.Evidence)
			if r.Ranks == nil {
				r.Ranks = map[string]int{}
			}
			r.Ranks[q.ID] = rank
			switch {
			case rank == 0 || rank > 5:
				r.Missed = append(r.Missed, q.ID)
			case rank == 1:
				h1++
				fallthrough
			case rank <= 3:
				h3++
				fallthrough
			default:
				h5++
			}
			if rank > 0 {
				rr += 1 / float64(rank)
			}
		}
		if answer == nil {
			continue
		}
		text, found, err := answer(ctx, q.Question)
		if err != nil {
			return Report{}, fmt.Errorf("answer %s: %w", q.ID, err)
		}
		answerable := len(q.Evidence) > 0
		if AnswerPasses(text, q.Answer) && found == answerable {
			passed++
			if answerable {
				answerablePassed++
			}
		} else {
			r.FailedAnswers = append(r.FailedAnswers, q.ID)
		}
		if len(q.Evidence) == 0 && !found {
			notFoundOK++
		}
		if len(q.Evidence) > 0 && !found {
			r.FalseRefusals = append(r.FalseRefusals, q.ID)
		}
	}
	if r.Questions > 0 {
		n := float64(r.Questions)
		r.Hit1, r.Hit3, r.Hit5, r.MRR = h1/n, h3/n, h5/n, rr/n
	}
	if r.Missed == nil {
		r.Missed = []string{}
	}
	if answer != nil {
		share := float64(passed) / float64(len(qs))
		r.AnswersPassed = &share
		if r.Questions > 0 {
			a := float64(answerablePassed) / float64(r.Questions)
			r.AnswerablePassed = &a
		}
		r.NotFoundCorrect = &notFoundOK
	}
	return r, nil
}

// Coverer reports how well the sources cover a question: the share of its
// terms found (which a threshold compares) and whether it is refused whatever
// the threshold (it names something no source mentions, or nothing was found).
// For a calibration to hold for answers, it must retrieve the passages an
// Answerer's answer to the same question draws on (summitbot uses
// bot.Engine.Coverage with the bot.Question it gives bot.Engine.Ask).
type Coverer func(ctx context.Context, question string) (share float64, refused bool, err error)

// Threshold is one row of a calibration: what a "not found" threshold on the
// coverage share would do to the question set.
type Threshold struct {
	MinCoverage float64 `json:"min_coverage"`
	// UnanswerableRefused of the Unanswerable questions (those without
	// evidence) would be answered "not found".
	UnanswerableRefused int `json:"unanswerable_refused"`
	Unanswerable        int `json:"unanswerable"`
	// FalseRefusals of the Answerable questions would be answered "not found".
	FalseRefusals int `json:"false_refusals"`
	Answerable    int `json:"answerable"`
}

// QuestionCoverage is one question's coverage in a calibration.
type QuestionCoverage struct {
	ID         string  `json:"id"`
	Answerable bool    `json:"answerable"`
	Share      float64 `json:"share"`
	Refused    bool    `json:"refused_anyway"`
}

// Calibration is the result of Calibrate.
type Calibration struct {
	Thresholds []Threshold        `json:"thresholds"`
	Questions  []QuestionCoverage `json:"questions"`
}

// Calibrate measures every question's coverage once and reports, for each
// threshold, how many unanswerable questions it would refuse and how many
// answerable ones it would wrongly refuse.
func Calibrate(ctx context.Context, qs []Question, cover Coverer, thresholds []float64) (Calibration, error) {
	var c Calibration
	for _, q := range qs {
		share, refused, err := cover(ctx, q.Question)
		if err != nil {
			return Calibration{}, fmt.Errorf("question %s: %w", q.ID, err)
		}
		c.Questions = append(c.Questions, QuestionCoverage{ID: q.ID, Answerable: len(q.Evidence) > 0, Share: share, Refused: refused})
	}
	for _, t := range thresholds {
		row := Threshold{MinCoverage: t}
		for _, q := range c.Questions {
			refused := q.Refused || q.Share < t
			if q.Answerable {
				row.Answerable++
				if refused {
					row.FalseRefusals++
				}
			} else {
				row.Unanswerable++
				if refused {
					row.UnanswerableRefused++
				}
			}
		}
		c.Thresholds = append(c.Thresholds, row)
	}
	return c, nil
}

// FirstHit returns the rank (from 1) of the first hit whose text contains any
// evidence string, or 0 if none does.
func FirstHit(hits []retrieval.Hit, evidence []string) int {
	for i, h := range hits {
		text := Normalize(h.Chunk.Text)
		for _, e := range evidence {
			if e = Normalize(e); e != "" && strings.Contains(text, e) {
				return i + 1
			}
		}
	}
	return 0
}

// AnswerPasses reports whether text contains, for every group, at least one
// of its alternatives (compared after Normalize).
func AnswerPasses(text string, groups [][]string) bool {
	t := Normalize(text)
	for _, g := range groups {
		ok := false
		for _, alt := range g {
			if a := Normalize(alt); a != "" && strings.Contains(t, a) {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

// Normalize folds case and diacritics, maps typographic quotes and dashes to
// ASCII, turns doubled single quotes into a double quote and collapses white space.
func Normalize(s string) string {
	s = retrieval.Fold(s)
	s = strings.ReplaceAll(s, "''", `"`)
	return strings.Join(strings.Fields(s), " ")
}
