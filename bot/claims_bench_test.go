package bot

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/summitbot/summitbot/retrieval"
)

// BenchmarkRepair measures what checking an answer's claims adds to it at
// the built-in corpus size: reading the 8 passages retrieved, checking a
// five-claim answer (a right citation, a wrong one re-cited, two claims
// needing two passages, an invented claim removed) and grounding the
// result with fact-holding quotes. Target: under 5 ms per answer.
func BenchmarkRepair(b *testing.B) {
	idx, err := sharedCorpus()
	if err != nil {
		b.Fatal(err)
	}
	const question = "How many troops could the multinational force include, and who would handle security at sea?"
	hits, err := idx.Search(context.Background(), question, retrieval.SearchOptions{K: 8})
	if err != nil {
		b.Fatal(err)
	}
	with := func(s string) int {
		for i, h := range hits {
			if strings.Contains(h.Chunk.Text, s) {
				return i + 1
			}
		}
		return 1
	}
	reply := fmt.Sprintf("The force could number 15,000 to 20,000 troops [%d]. Türkiye would be responsible for maritime security in the Black Sea [%d]. "+
		"France and the UK would provide the bulk of ground forces, and Macron said \"several thousand\" French troops could go [%d]. "+
		"Around 30 leaders were expected at the Élysée Palace on January 6, 2026 [%d]. "+
		"The force will be commanded by General Pierre Dumont from 2027 [%d].",
		len(hits), with("Black Sea"), with("bulk of ground forces"), with("Around 30 leaders"), with("15,000"))
	e := newEngine(b, idx, nil, Options{})
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		text, cites := e.checkAnswer(context.Background(), reply, question, english, hits, nil)
		if len(cites) == 0 || !strings.Contains(text, "left out") {
			b.Fatalf("unexpected answer %q", text)
		}
	}
}
