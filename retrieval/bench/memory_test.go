package bench

import (
	"context"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"testing"

	chromem "github.com/philippgille/chromem-go"

	"github.com/summitbot/summitbot/retrieval"
)

// memDim is the vector size of the memory benchmark.
const memDim = 1536

// BenchmarkMemory measures the heap an index of n chunks at 1536 dimensions
// holds (HeapInuse after building or opening it minus before, both after
// runtime.GC), per 1k chunks and as a multiple of the raw vector bytes
// (1k × 1536 × 4 B = 6.1 MB per 1k chunks). To attribute it:
//
//	index            a persisted index opened as summitbot serve opens it:
//	                 chromem-go in memory, BM25 in bleve's scorch files
//	                 (mmapped, mostly off the Go heap)
//	index-in-memory  the same chunks added to an index with no directory:
//	                 the BM25 segments are on the heap too
//	chromem-docs     a bare chromem-go collection holding exactly the documents
//	                 summitbot stores (vector, chunk text, 4 metadata entries)
//	chromem-vectors  a bare chromem-go collection of id + vector only
func BenchmarkMemory(b *testing.B) {
	for _, n := range []int{1000, 10000, 100000} {
		b.Run(fmt.Sprintf("n=%d/dim=%d", n, memDim), func(b *testing.B) {
			c := makeCorpus(n)
			res := map[string]float64{}
			// build returns what to keep alive during the measurement and
			// how to release it afterwards.
			measure := func(name string, build func() (any, func())) {
				b.Run(name, func(b *testing.B) {
					var total, ops float64
					var ms runtime.MemStats
					for b.Loop() {
						runtime.GC()
						runtime.GC() // and what finalizers released
						runtime.ReadMemStats(&ms)
						before := ms.HeapInuse
						keep, release := build()
						runtime.GC()
						runtime.ReadMemStats(&ms)
						total += float64(ms.HeapInuse) - float64(before)
						ops++
						runtime.KeepAlive(keep)
						release()
					}
					per1k := total / ops / (float64(n) / 1000)
					raw := float64(1000 * memDim * 4)
					res[name] = per1k
					b.ReportMetric(per1k/1e6, "heap-MB/1k-chunks")
					b.ReportMetric(per1k/raw, "x-raw-vectors")
				})
			}
			dir := persistedDir(b, n, memDim)
			measure("index", func() (any, func()) {
				ix, err := retrieval.Open(context.Background(), retrieval.Options{Dir: dir, Embedder: newFakeEmbedder(memDim, nil), Chunker: chunker})
				if err != nil {
					b.Fatal(err)
				}
				return ix, func() { ix.Close() }
			})
			if n <= 10000 {
				measure("index-in-memory", func() (any, func()) {
					ix := memIndex(b, c)
					return ix, func() { ix.Close() }
				})
			}
			measure("chromem-docs", func() (any, func()) { return memChromem(b, c, true), func() {} })
			measure("chromem-vectors", func() (any, func()) { return memChromem(b, c, false), func() {} })
			raw := float64(1000 * memDim * 4)
			line := fmt.Sprintf("Memory n=%d dim=%d, per 1k chunks: index %.1f MB (%.2fx the raw vectors); chromem-go with the same documents %.1f MB (%.2fx), vectors only %.1f MB (%.2fx); raw vectors %.1f MB",
				n, memDim, res["index"]/1e6, res["index"]/raw, res["chromem-docs"]/1e6, res["chromem-docs"]/raw, res["chromem-vectors"]/1e6, res["chromem-vectors"]/raw, raw/1e6)
			if m := res["index-in-memory"]; m > 0 {
				line += fmt.Sprintf("; index without a directory %.1f MB (%.2fx)", m/1e6, m/raw)
			}
			b.Log(line)
			addSummary(line)
		})
	}
}

// memIndex builds an index of c with no directory.
func memIndex(b *testing.B, c *corpus) *retrieval.Index {
	ctx := context.Background()
	ix, err := retrieval.Open(ctx, retrieval.Options{Embedder: newFakeEmbedder(memDim, nil), Chunker: chunker})
	if err != nil {
		b.Fatal(err)
	}
	docs := make([]retrieval.Document, len(c.docs))
	for i, d := range c.docs {
		// A fresh copy of the text, as a fetched article would be: the
		// chunks' contents are substrings of it and keep it alive.
		d.Text = strings.Clone(d.Text)
		docs[i] = d
	}
	for _, r := range ix.AddAll(ctx, docs, false, nil) {
		if r.Err != nil {
			b.Fatal(r.Err)
		}
	}
	return ix
}

// memChromem builds a bare chromem-go collection of c's chunks; with full it
// holds what summitbot stores per chunk (dense.go add), else only id
// and vector.
func memChromem(b *testing.B, c *corpus, full bool) *chromem.Collection {
	ctx := context.Background()
	col, err := chromem.NewDB().CreateCollection("chunks", nil, nil)
	if err != nil {
		b.Fatal(err)
	}
	for i, d := range c.docs {
		src := retrieval.Source{Title: d.Title, Outlet: d.Outlet, Published: d.Published}
		id := retrieval.Slug(d.Title) + "-" + strconv.Itoa(i)
		for _, ch := range chunker.Split(id, strings.Clone(d.Text)) { // contents share the copy, as in summitbot
			doc := chromem.Document{ID: ch.ID, Embedding: randomUnit(headerOf(src)+"\n"+ch.Text, memDim)}
			if full {
				doc.Content = ch.Text
				doc.Metadata = map[string]string{
					"source_id": ch.SourceID,
					"position":  strconv.Itoa(ch.Position),
					"start":     strconv.Itoa(ch.Start),
					"end":       strconv.Itoa(ch.End),
				}
			}
			if err := col.AddDocument(ctx, doc); err != nil {
				b.Fatal(err)
			}
		}
	}
	return col
}
