package bot

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/summitbot/summitbot/retrieval"
)

// BenchmarkCheckSummaryVerbose checks and cuts a verbose model's summary of
// the whole corpus: every prose sentence of every passage as a cited
// bullet, twice over, under one heading.
func BenchmarkCheckSummaryVerbose(b *testing.B) {
	idx, err := sharedCorpus()
	if err != nil {
		b.Fatal(err)
	}
	var all []retrieval.Hit
	for _, s := range idx.Sources() {
		chunks, err := idx.Chunks(context.Background(), s.ID)
		if err != nil {
			b.Fatal(err)
		}
		all = append(all, chunkHits(s, chunks)...)
	}
	hits, _ := bySource(all, 24000)
	var sb strings.Builder
	sb.WriteString("**What was agreed**\n")
	bullets := 0
	for range 2 {
		for i, h := range hits {
			for _, sp := range retrieval.Sentences(h.Chunk.Text) {
				if s := strings.TrimSpace(h.Chunk.Text[sp.Start:sp.End]); prose(s) {
					fmt.Fprintf(&sb, "- %s [%d]\n", s, i+1)
					bullets++
				}
			}
		}
	}
	reply := sb.String()
	e := newEngine(b, idx, nil, Options{})
	for b.Loop() {
		text, _ := e.checkSummary(context.Background(), reply, "", english, hits)
		if text == "" {
			b.Fatal("nothing kept")
		}
	}
	b.ReportMetric(float64(bullets), "bullets")
}
