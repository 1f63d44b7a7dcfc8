package eval

import (
	"context"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
)

// SummaryCase is one line of a summary nugget file: a topic ("" for the
// whole summit) and the facts (nuggets) a good summary of it contains.
type SummaryCase struct {
	ID      string   `json:"id"`
	Topic   string   `json:"topic"`
	Nuggets []Nugget `json:"nuggets"`
	// MustNot lists strings the summary must not contain (off-topic facts).
	MustNot []string `json:"must_not,omitempty"`
}

// Nugget is one fact, as alternative strings: the summary holds it when it
// contains any of them (case and typography folded).
type Nugget struct {
	ID  string   `json:"id"`
	Any []string `json:"any"`
}

// ReadSummaryCases parses a JSONL nugget file, naming the line of any error.
func ReadSummaryCases(r io.Reader) ([]SummaryCase, error) {
	return readLines(r, "summaries", func(c *SummaryCase, line int) error {
		if len(c.Nuggets) == 0 {
			return errors.New("no nuggets")
		}
		for _, n := range c.Nuggets {
			if len(n.Any) == 0 {
				return fmt.Errorf("nugget %q has no strings", n.ID)
			}
		}
		if c.ID == "" {
			c.ID = fmt.Sprintf("line%d", line)
		}
		return nil
	})
}

// Summary is what a summarizer produced for a topic.
type Summary struct {
	Text  string // the summary with its [n] markers
	Found bool
	// MessageLen is its length as posted, Sources list included.
	MessageLen int
}

// Summarizer summarizes a topic ("" for everything).
type Summarizer func(ctx context.Context, topic string) (Summary, error)

// MessageLimit is the length of one Discord message.
const MessageLimit = 2000

// SummaryResult is the score of one summary.
type SummaryResult struct {
	ID         string   `json:"id"`
	Topic      string   `json:"topic"`
	Found      bool     `json:"found"`
	Nuggets    int      `json:"nuggets"`
	Held       int      `json:"held"`
	Recall     float64  `json:"recall"`
	Missed     []string `json:"missed,omitempty"`
	Forbidden  []string `json:"forbidden,omitempty"`
	Chars      int      `json:"chars"`
	MessageLen int      `json:"message_chars"`
	FitsOne    bool     `json:"fits_one_message"`
	// Dangling lists bullets that open by pointing back to a sentence
	// before them ("They…", "This…", "He…").
	Dangling []string `json:"dangling,omitempty"`
}

// SummaryReport is the result of a summary evaluation.
type SummaryReport struct {
	Summaries []SummaryResult `json:"summaries"`
	// Nuggets and Held total all summaries; Recall is Held/Nuggets.
	Nuggets int     `json:"nuggets"`
	Held    int     `json:"held"`
	Recall  float64 `json:"recall"`
	// AllFit is whether every summary fits one message.
	AllFit    bool `json:"all_fit"`
	Dangling  int  `json:"dangling"`
	Forbidden int  `json:"forbidden"`
}

// RunSummaries summarizes each case's topic and scores it.
func RunSummaries(ctx context.Context, cases []SummaryCase, summarize Summarizer) (SummaryReport, error) {
	rep := SummaryReport{AllFit: true}
	for _, c := range cases {
		s, err := summarize(ctx, c.Topic)
		if err != nil {
			return SummaryReport{}, fmt.Errorf("summary %s: %w", c.ID, err)
		}
		r := ScoreSummary(c, s)
		rep.Summaries = append(rep.Summaries, r)
		rep.Nuggets += r.Nuggets
		rep.Held += r.Held
		rep.AllFit = rep.AllFit && r.FitsOne
		rep.Dangling += len(r.Dangling)
		rep.Forbidden += len(r.Forbidden)
	}
	if rep.Nuggets > 0 {
		rep.Recall = float64(rep.Held) / float64(rep.Nuggets)
	}
	return rep, nil
}

// ScoreSummary scores one summary against its case.
func ScoreSummary(c SummaryCase, s Summary) SummaryResult {
	text := foldNugget(s.Text)
	r := SummaryResult{ID: c.ID, Topic: c.Topic, Found: s.Found, Nuggets: len(c.Nuggets), Chars: len([]rune(s.Text)), MessageLen: s.MessageLen}
	r.FitsOne = s.MessageLen <= MessageLimit
	for _, n := range c.Nuggets {
		held := false
		for _, a := range n.Any {
			if strings.Contains(text, foldNugget(a)) {
				held = true
				break
			}
		}
		if held {
			r.Held++
		} else {
			r.Missed = append(r.Missed, n.ID)
		}
	}
	r.Recall = float64(r.Held) / float64(r.Nuggets)
	for _, m := range c.MustNot {
		if strings.Contains(text, foldNugget(m)) {
			r.Forbidden = append(r.Forbidden, m)
		}
	}
	for _, line := range strings.Split(s.Text, "\n") {
		b, ok := strings.CutPrefix(strings.TrimSpace(line), "- ")
		if ok && danglingRe.MatchString(strings.ToLower(strings.TrimLeft(b, `"“‘'`))) {
			r.Dangling = append(r.Dangling, b)
		}
	}
	return r
}

// danglingRe matches a bullet that opens by pointing back.
var danglingRe = regexp.MustCompile(`^(?:they|them|this|these|those|that|he|she|it|his|her|its|their|the move|but|however)\b`)

// foldNugget lowers s and folds typographic quotes, dashes and spaces, so
// that "MNF‑U" (non-breaking hyphen) matches "mnf-u".
func foldNugget(s string) string {
	s = strings.NewReplacer("’", "'", "‘", "'", "“", `"`, "”", `"`, "‑", "-", "–", "-", "—", "-", "\u00a0", " ").Replace(s)
	return strings.Join(strings.Fields(strings.ToLower(s)), " ")
}
