package bot

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/summitbot/summitbot/bot/llmtest"
	"github.com/summitbot/summitbot/retrieval"
)

// claimCase is one scripted model answer of testdata/claims/answers.json.
// Its reply cites passages by placeholder: [@text] is the first passage
// given that contains text, [!text] the first that does not (a wrong
// citation), [n] passage n as written.
type claimCase struct {
	Name     string `json:"name"`
	Category string `json:"category"`
	Question string `json:"question"`
	Reply    string `json:"reply"`
	// NotFound: every claim is invented, and the answer must be "not found".
	NotFound bool `json:"notFound"`
	Claims   []struct {
		// Text identifies the claim: a part of its sentence.
		Text string `json:"text"`
		// Evidence are the exact texts of the corpus a passage (or the
		// passages together) must hold to support the claim, as judged by
		// hand; Correct says whether the retrieved passages do.
		Evidence []string `json:"evidence"`
		Correct  bool     `json:"correct"`
	} `json:"claims"`
}

var placeholderRe = regexp.MustCompile(`\[([@!])([^\]]+)\]`)

// resolveCites replaces a reply's placeholders with the numbers of the
// passages of prompt they stand for; ok is false when one names no passage.
func resolveCites(reply, prompt string) (string, bool) {
	ok := true
	out := placeholderRe.ReplaceAllStringFunc(reply, func(m string) string {
		sub := placeholderRe.FindStringSubmatch(m)
		for _, p := range passagesIn(prompt) {
			if strings.Contains(oneLine(p.Text), sub[2]) == (sub[1] == "@") {
				return "[" + strconv.Itoa(p.N) + "]"
			}
		}
		ok = false
		return m
	})
	return out, ok
}

// sentenceWith returns the sentence of text holding part once its markers
// are removed, and its citation numbers.
func sentenceWith(text, part string) (string, []int, bool) {
	for _, sp := range retrieval.Sentences(text) {
		s := text[sp.Start:sp.End]
		if strings.Contains(tidySpaces(citeRe.ReplaceAllString(s, "")), part) {
			return s, citedNumbers(s), true
		}
	}
	return "", nil, false
}

// holdsAll reports whether the texts together hold every evidence string.
func holdsAll(texts []string, evidence []string) bool {
	joined := oneLine(strings.Join(texts, " \u0000 "))
	for _, ev := range evidence {
		if !strings.Contains(joined, ev) {
			return false
		}
	}
	return len(texts) > 0
}

// TestClaimRepairMeasured runs the scripted answers of
// testdata/claims/answers.json through the engine with the fake model and
// measures the citations against the hand-judged evidence: citation
// precision before and after the repair, citation recall, the correct
// claims the repair removed and the invented ones it kept. Targets:
// precision 100 % after the repair and no correct claim removed.
func TestClaimRepairMeasured(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "claims", "answers.json"))
	if err != nil {
		t.Fatal(err)
	}
	var cases []claimCase
	if err := json.Unmarshal(b, &cases); err != nil {
		t.Fatal(err)
	}
	if len(cases) < 20 {
		t.Fatalf("%d scripted answers, want at least 20", len(cases))
	}
	idx := corpus(t)
	var citedBefore, preciseBefore, citedAfter, preciseAfter, correct, recalled, removedWrongly, invented, inventedKept, quotes, quotesHolding int
	for _, tc := range cases {
		s := llmtest.New(t)
		var mu sync.Mutex
		var reply, prompt string
		s.Reply = answerReply(t, func(p string) string {
			mu.Lock()
			defer mu.Unlock()
			r, ok := resolveCites(tc.Reply, p)
			if !ok {
				t.Errorf("%s: a placeholder names no passage given:\n%s", tc.Name, p)
			}
			reply, prompt = r, p
			return r
		})
		e := newEngine(t, idx, newChat(s), Options{K: 8})
		a, err := e.Ask(context.Background(), Question{Text: tc.Question}, nil)
		if err != nil {
			t.Fatal(err)
		}
		checkGrounded(t, idx, a)
		passages := map[int]string{}
		for _, p := range passagesIn(prompt) {
			passages[p.N] = p.Text
		}
		if tc.NotFound && (a.Found || a.Text != notFoundText(english)) {
			t.Errorf("%s: answer = %q, want not found", tc.Name, a.Text)
		}
		for _, cl := range tc.Claims {
			// Before: the model's citations, judged against the passages given.
			if _, ns, ok := sentenceWith(reply, cl.Text); !ok {
				t.Fatalf("%s: claim %q not in the reply", tc.Name, cl.Text)
			} else {
				var texts []string
				for _, n := range ns {
					if p, ok := passages[n]; ok {
						texts = append(texts, p)
					}
				}
				if len(texts) > 0 {
					citedBefore++
					if holdsAll(texts, cl.Evidence) {
						preciseBefore++
					}
				}
			}
			// After: the answer's citations, judged against their sources.
			s, ns, kept := sentenceWith(a.Text, cl.Text)
			if cl.Correct {
				correct++
			} else {
				invented++
			}
			if !kept {
				if cl.Correct {
					removedWrongly++
					t.Errorf("%s: correct claim %q removed; answer %q", tc.Name, cl.Text, a.Text)
				}
				continue
			}
			if !cl.Correct {
				inventedKept++
			}
			var texts, qs []string
			for _, n := range ns {
				c := a.Citations[n-1]
				text, err := idx.Text(context.Background(), c.SourceID)
				if err != nil {
					t.Fatal(err)
				}
				texts, qs = append(texts, text), append(qs, c.Quote)
			}
			if len(texts) == 0 {
				t.Errorf("%s: claim %q kept without a citation: %q", tc.Name, cl.Text, s)
				continue
			}
			citedAfter++
			quotes++
			if holdsAll(qs, cl.Evidence) {
				quotesHolding++
			} else {
				t.Logf("%s: the quotes of %q do not hold %q: %q", tc.Name, cl.Text, cl.Evidence, qs)
			}
			if holdsAll(texts, cl.Evidence) {
				preciseAfter++
				if cl.Correct {
					recalled++
				}
			} else {
				t.Errorf("%s: claim %q cites sources not holding %q: %q", tc.Name, cl.Text, cl.Evidence, a.Text)
			}
		}
	}
	pct := func(n, d int) float64 { return 100 * float64(n) / float64(max(d, 1)) }
	t.Logf("%d scripted answers, %d claims (%d correct, %d invented)", len(cases), correct+invented, correct, invented)
	t.Logf("citation precision before repair: %d/%d = %.1f %%", preciseBefore, citedBefore, pct(preciseBefore, citedBefore))
	t.Logf("citation precision after repair:  %d/%d = %.1f %%", preciseAfter, citedAfter, pct(preciseAfter, citedAfter))
	t.Logf("citation recall (correct claims ending with a supporting citation): %d/%d = %.1f %%", recalled, correct, pct(recalled, correct))
	t.Logf("quotes holding the claim's evidence: %d/%d = %.1f %%", quotesHolding, quotes, pct(quotesHolding, quotes))
	t.Logf("correct claims removed: %d; invented claims kept: %d of %d", removedWrongly, inventedKept, invented)
	if preciseAfter != citedAfter {
		t.Errorf("precision after repair %.1f %%, want 100 %%", pct(preciseAfter, citedAfter))
	}
	if quotesHolding != quotes {
		t.Errorf("%d of %d kept claims have quotes holding their evidence, want all", quotesHolding, quotes)
	}
	if removedWrongly != 0 || inventedKept != 0 {
		t.Errorf("%d correct claims removed and %d invented kept, want none", removedWrongly, inventedKept)
	}
}
