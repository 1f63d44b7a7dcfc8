package bench

import (
	"context"
	"fmt"
	"testing"
	"time"

	chromem "github.com/philippgille/chromem-go"

	"github.com/summitbot/summitbot/bot/llm"
	"github.com/summitbot/summitbot/bot/llmtest"
	"github.com/summitbot/summitbot/retrieval"
)

// ingestChunks is how many chunks one ingest operation indexes.
const ingestChunks = 1000

// ingestDim is the fake server's vector size (text-embedding-3-small's).
const ingestDim = 1536

// BenchmarkIngest indexes 1,000 chunks (articles of 4 to 30 chunks, like the
// built-in ones) through llmtest's fake OpenAI-compatible embeddings server
// and counts the HTTP requests:
//
//	summitbot-batched      one ix.AddAll of all the articles, as "summitbot
//	                       sources add" of many files and the built-in corpus
//	                       load them: chunks of several articles share
//	                       requests (llm.Embedder defaults: 64 texts a
//	                       request, 4 requests in flight)
//	summitbot-per-article  ix.Add per article, as /sources add in Discord
//	                       loads one URL: one request per article at least
//	chromem                chromem-go's NewEmbeddingFuncOpenAICompat (one request
//	                       per document) via Collection.AddDocuments with no
//	                       precomputed embeddings, concurrency 4; every chunk (the
//	                       same header+text summitbot embeds) is a document
//
// Both sides index in memory. With latency=0s the wall time is dominated by
// the fake server computing vectors (the same for both sides); latency=20ms
// adds a fixed delay to every response, as a remote API has.
func BenchmarkIngest(b *testing.B) {
	for _, lat := range []time.Duration{0, 20 * time.Millisecond} {
		b.Run(fmt.Sprintf("latency=%v", lat), func(b *testing.B) {
			c := makeCorpus(ingestChunks)
			res := map[string]float64{}
			b.Run("summitbot-batched", func(b *testing.B) { res["batched"] = ingestSummitbot(b, lat, c, true) })
			b.Run("summitbot-per-article", func(b *testing.B) { res["per-article"] = ingestSummitbot(b, lat, c, false) })
			b.Run("chromem", func(b *testing.B) { res["chromem"] = ingestChromem(b, lat, c) })
			if ch := res["chromem"]; ch > 0 && res["batched"] > 0 {
				line := fmt.Sprintf("Ingest latency=%v: embedding requests per 1k chunks (%d articles): chromem %.0f, summitbot batched %.0f (%.1fx fewer), one article at a time %.0f (%.1fx fewer)",
					lat, len(c.docs), ch, res["batched"], ch/res["batched"], res["per-article"], ch/res["per-article"])
				b.Log(line)
				addSummary(line)
			}
		})
	}
}

// ingestSummitbot adds the corpus to a fresh in-memory index per iteration,
// in one AddAll or one Add per article, and returns the embedding requests
// per 1k chunks.
func ingestSummitbot(b *testing.B, lat time.Duration, c *corpus, batched bool) float64 {
	ctx := context.Background()
	s := llmtest.New(b)
	s.Dim = ingestDim
	s.Latency = lat
	emb := &llm.Embedder{BaseURL: s.URL(), APIKey: "sk-bench", Model: "text-embedding-3-small"}
	reqs, ops := 0, 0
	for b.Loop() {
		before := s.EmbeddingRequests()
		ix, err := retrieval.Open(ctx, retrieval.Options{Embedder: emb, Chunker: chunker})
		if err != nil {
			b.Fatal(err)
		}
		if batched {
			for _, r := range ix.AddAll(ctx, c.docs, false, nil) {
				if r.Err != nil {
					b.Fatal(r.Err)
				}
			}
		} else {
			for _, d := range c.docs {
				if _, err := ix.Add(ctx, d, false, nil); err != nil {
					b.Fatal(err)
				}
			}
		}
		if ix.Len() != c.chunks {
			b.Fatalf("indexed %d chunks, want %d", ix.Len(), c.chunks)
		}
		ix.Close()
		reqs += s.EmbeddingRequests() - before
		ops++
	}
	per := float64(reqs) / float64(ops) * 1000 / float64(c.chunks)
	b.ReportMetric(per, "requests/1k-chunks")
	return per
}

// ingestChromem adds every chunk of the corpus as a chromem-go document
// embedded by chromem-go's OpenAI-compatible embedding function.
func ingestChromem(b *testing.B, lat time.Duration, c *corpus) float64 {
	ctx := context.Background()
	s := llmtest.New(b)
	s.Dim = ingestDim
	s.Latency = lat
	var docs []chromem.Document
	for i, d := range c.docs {
		head := d.Title + " — " + d.Outlet + " — " + d.Published // summitbot's header
		for _, ch := range chunker.Split(fmt.Sprintf("a%d", i), d.Text) {
			docs = append(docs, chromem.Document{ID: ch.ID, Content: head + "\n" + ch.Text})
		}
	}
	reqs, ops := 0, 0
	for b.Loop() {
		before := s.EmbeddingRequests()
		col, err := chromem.NewDB().CreateCollection("chunks", nil,
			chromem.NewEmbeddingFuncOpenAICompat(s.URL(), "sk-bench", "text-embedding-3-small", nil))
		if err != nil {
			b.Fatal(err)
		}
		if err := col.AddDocuments(ctx, docs, 4); err != nil {
			b.Fatal(err)
		}
		if col.Count() != c.chunks {
			b.Fatalf("indexed %d chunks, want %d", col.Count(), c.chunks)
		}
		reqs += s.EmbeddingRequests() - before
		ops++
	}
	per := float64(reqs) / float64(ops) * 1000 / float64(c.chunks)
	b.ReportMetric(per, "requests/1k-chunks")
	return per
}
