package bench

import (
	"context"
	"fmt"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/char/asciifolding"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/token/porter"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	index "github.com/blevesearch/bleve_index_api"
	chromem "github.com/philippgille/chromem-go"

	"github.com/summitbot/summitbot/retrieval"
)

// memDim is the vector size of the memory benchmark.
const memDim = 1536

// BenchmarkMemory measures the heap an in-memory index of n chunks at 1536
// dimensions holds (HeapInuse after building minus before, both after
// runtime.GC), per 1k chunks and as a multiple of the raw vector bytes
// (1k × 1536 × 4 B = 6.1 MB per 1k chunks). To attribute it:
//
//	index            summitbot's whole in-memory index: chromem-go + bleve + manifest
//	chromem-docs     a bare chromem-go collection holding exactly the documents
//	                 summitbot stores (vector, chunk text, its 6 metadata entries)
//	chromem-vectors  a bare chromem-go collection of id + vector only
//
//	bleve-memonly    bleve.NewMemOnly (upsidedown on gtreap, what the index uses
//	                 when Dir is empty) with a copy of lexical.go's mapping,
//	                 holding the chunk texts
//	index-reopened-from-disk  the same chunks added to a persisted index (built
//	                 outside the measurement), then opened: chromem-go in memory,
//	                 BM25 in bleve's scorch (segments mmapped, mostly off-heap)
func BenchmarkMemory(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("n=%d/dim=%d", n, memDim), func(b *testing.B) {
			c := makeCorpus(n)
			res := map[string]float64{}
			// build returns what to keep alive during the measurement and
			// how to release it afterwards (bleve keeps every open index in a
			// global stats registry until it is closed).
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
			measure("index", func() (any, func()) {
				ix := memIndex(b, c)
				return ix, func() { ix.Close() }
			})
			measure("bleve-memonly", func() (any, func()) {
				idx := memBleve(b, c)
				return idx, func() { idx.Close() }
			})
			dir := memPersisted(b, c)
			measure("index-reopened-from-disk", func() (any, func()) {
				ix, err := retrieval.Open(context.Background(), retrieval.Options{Dir: dir, Embedder: newFakeEmbedder(memDim, nil), Chunker: chunker})
				if err != nil {
					b.Fatal(err)
				}
				return ix, func() { ix.Close() }
			})
			measure("chromem-docs", func() (any, func()) { return memChromem(b, c, true), func() {} })
			measure("chromem-vectors", func() (any, func()) { return memChromem(b, c, false), func() {} })
			raw := float64(1000 * memDim * 4)
			if ix := res["index"]; ix > 0 {
				line := fmt.Sprintf("Memory n=%d dim=%d, per 1k chunks: index %.1f MB (%.2fx raw vectors), of which bleve upsidedown/gtreap about %.1f MB; persisted index reopened %.1f MB (%.2fx); chromem-go docs %.1f MB (%.2fx), vectors only %.1f MB (%.2fx); raw vectors %.1f MB",
					n, memDim, ix/1e6, ix/raw, res["bleve-memonly"]/1e6, res["index-reopened-from-disk"]/1e6, res["index-reopened-from-disk"]/raw,
					res["chromem-docs"]/1e6, res["chromem-docs"]/raw, res["chromem-vectors"]/1e6, res["chromem-vectors"]/raw, raw/1e6)
				b.Log(line)
				addSummary(line)
			}
		})
	}
}

// memIndex builds summitbot's in-memory index of c.
func memIndex(b *testing.B, c *corpus) *retrieval.Index {
	ctx := context.Background()
	ix, err := retrieval.Open(ctx, retrieval.Options{Embedder: newFakeEmbedder(memDim, nil), Chunker: chunker})
	if err != nil {
		b.Fatal(err)
	}
	for _, d := range c.docs {
		// A fresh copy of the text, as a fetched article would be: the
		// chunks' contents are substrings of it and keep it alive.
		d.Text = strings.Clone(d.Text)
		if _, err := ix.Add(ctx, d, false, nil); err != nil {
			b.Fatal(err)
		}
	}
	return ix
}

// memChromem builds a bare chromem-go collection of c's chunks; with full it
// holds what summitbot stores per chunk (index.go embedTexts), else only id
// and vector.
func memChromem(b *testing.B, c *corpus, full bool) *chromem.Collection {
	ctx := context.Background()
	col, err := chromem.NewDB().CreateCollection("chunks", nil, nil)
	if err != nil {
		b.Fatal(err)
	}
	identity := newFakeEmbedder(memDim, nil).Identity()
	var docs []chromem.Document
	for i, d := range c.docs {
		src := retrieval.Source{Title: d.Title, Outlet: d.Outlet, Published: d.Published}
		id := retrieval.Slug(d.Title) + "-" + strconv.Itoa(i)
		for _, ch := range chunker.Split(id, strings.Clone(d.Text)) { // contents share the copy, as in summitbot
			text := headerOf(src) + "\n" + ch.Text
			doc := chromem.Document{ID: ch.ID, Embedding: randomUnit(text, memDim)}
			if full {
				doc.Content = ch.Text
				doc.Metadata = map[string]string{
					"source_id": ch.SourceID,
					"position":  strconv.Itoa(ch.Position),
					"start":     strconv.Itoa(ch.Start),
					"end":       strconv.Itoa(ch.End),
					"hash":      retrieval.NormalizedHash(text), // a 64-hex-digit SHA-256, as textHash
					"embedder":  identity,
				}
			}
			docs = append(docs, doc)
		}
	}
	if err := col.AddDocuments(ctx, docs, 1); err != nil {
		b.Fatal(err)
	}
	return col
}

// memBleve indexes c's chunks in an in-memory bleve index with the mapping of
// retrieval/lexical.go (lexMapping, copied here since it is unexported; its
// "US"→"USA" character filter is left out, which changes no sizes).
func memBleve(b *testing.B, c *corpus) bleve.Index {
	m := bleve.NewIndexMapping()
	m.ScoringModel = index.BM25Scoring
	err := m.AddCustomAnalyzer("summit_en", map[string]any{
		"type":          custom.Name,
		"char_filters":  []any{asciifolding.Name},
		"tokenizer":     unicode.Name,
		"token_filters": []any{en.PossessiveName, lowercase.Name, en.StopName, porter.Name},
	})
	if err != nil {
		b.Fatal(err)
	}
	doc := bleve.NewDocumentMapping()
	text := bleve.NewTextFieldMapping()
	text.Analyzer = "summit_en"
	text.Store = false
	text.IncludeTermVectors = false
	doc.AddFieldMappingsAt("text", text)
	src := bleve.NewKeywordFieldMapping()
	src.Analyzer = keyword.Name
	src.Store = false
	doc.AddFieldMappingsAt("source_id", src)
	m.DefaultMapping = doc
	m.DefaultAnalyzer = "summit_en"
	idx, err := bleve.NewMemOnly(m)
	if err != nil {
		b.Fatal(err)
	}
	for i, d := range c.docs {
		id := "a" + strconv.Itoa(i)
		batch := idx.NewBatch()
		for _, ch := range chunker.Split(id, strings.Clone(d.Text)) {
			if err := batch.Index(ch.ID, map[string]string{"text": ch.Text, "source_id": id}); err != nil {
				b.Fatal(err)
			}
		}
		if err := idx.Batch(batch); err != nil {
			b.Fatal(err)
		}
	}
	return idx
}

// memPersisted builds a persisted index of c (outside any measurement) and
// returns its directory.
func memPersisted(b *testing.B, c *corpus) string {
	ctx := context.Background()
	dir := filepath.Join(b.TempDir(), "index")
	ix, err := retrieval.Open(ctx, retrieval.Options{Dir: dir, Embedder: newFakeEmbedder(memDim, nil), Chunker: chunker})
	if err != nil {
		b.Fatal(err)
	}
	for _, d := range c.docs {
		if _, err := ix.Add(ctx, d, false, nil); err != nil {
			b.Fatal(err)
		}
	}
	if err := ix.Close(); err != nil {
		b.Fatal(err)
	}
	return dir
}
