package llm

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"strings"
	"time"

	openai "github.com/sashabaranov/go-openai"
	"golang.org/x/sync/errgroup"
)

// Defaults for Embedder fields left at zero.
const (
	defaultBatchSize    = 64
	defaultConcurrency  = 4
	defaultEmbedTimeout = 30 * time.Second
)

// Embedder turns texts into unit-length vectors with an embedding model behind
// an OpenAI-compatible endpoint. It needs at least Model; it is safe for concurrent use.
type Embedder struct {
	// BaseURL is the API root including /v1; empty means OpenAI's.
	BaseURL string
	// APIKey is sent as a bearer token; it never appears in errors.
	APIKey string
	// Model names the embedding model, e.g. "text-embedding-3-small".
	Model string
	// HTTPClient sends requests as is; nil means a client whose transport is a
	// RetryTransport with MaxRetries. Give a custom client a RetryTransport to keep retries.
	HTTPClient *http.Client
	// BatchSize is how many texts go in one request; zero means 64.
	BatchSize int
	// Concurrency is how many requests may be in flight at once; zero means 4.
	Concurrency int
	// Timeout bounds one batch request, retries included; zero means 30s.
	Timeout time.Duration
	// MaxRetries is passed to the default client's RetryTransport (zero means 3, negative none).
	MaxRetries int
}

// Identity names the embedding space ("openai:<model>@<base URL>"), so an index
// can tell whether vectors it stored earlier came from the same model.
func (e *Embedder) Identity() string {
	base := e.BaseURL
	if base == "" {
		base = openai.DefaultConfig("").BaseURL
	}
	return "openai:" + e.Model + "@" + strings.TrimRight(base, "/")
}

// Embed returns one L2-normalised vector per text, in the order of texts. Texts
// are sent in batches of BatchSize, at most Concurrency batches at a time; the
// first failure cancels the rest and is returned.
func (e *Embedder) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	if e.Model == "" {
		return nil, errors.New("embed: no model configured")
	}
	for i, t := range texts {
		if strings.TrimSpace(t) == "" {
			return nil, fmt.Errorf("embed: text %d is empty", i)
		}
	}
	out := make([][]float32, len(texts))
	if len(texts) == 0 {
		return out, nil
	}
	batchSize := e.BatchSize
	if batchSize <= 0 {
		batchSize = defaultBatchSize
	}
	concurrency := e.Concurrency
	if concurrency <= 0 {
		concurrency = defaultConcurrency
	}
	client := newClient(e.BaseURL, e.APIKey, e.HTTPClient, e.MaxRetries, nil)

	// The group's context is cancelled by the first failure, which Wait returns.
	g, batchCtx := errgroup.WithContext(ctx)
	g.SetLimit(concurrency)
	for b, lo := 0, 0; lo < len(texts); b, lo = b+1, lo+batchSize {
		hi := min(lo+batchSize, len(texts))
		g.Go(func() error { // waits while concurrency batches are in flight
			if batchCtx.Err() != nil {
				return nil // not started: an earlier batch failed (Wait returns why) or ctx ended (checked below)
			}
			if err := e.embedBatch(batchCtx, client, texts[lo:hi], out[lo:hi], lo); err != nil {
				return fmt.Errorf("embed batch %d: %w", b, err)
			}
			return nil
		})
		if batchCtx.Err() != nil {
			break
		}
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("embed: %w", err)
	}
	for i, v := range out {
		if len(v) != len(out[0]) {
			return nil, fmt.Errorf("embed: input %d has %d dimensions, input 0 has %d", i, len(v), len(out[0]))
		}
	}
	return out, nil
}

// embedBatch embeds texts in one request and writes the normalised vectors into
// dst, placing each by the response's index; offset (the batch's position in
// the whole input) only serves error messages.
func (e *Embedder) embedBatch(ctx context.Context, client *openai.Client, texts []string, dst [][]float32, offset int) error {
	timeout := e.Timeout
	if timeout <= 0 {
		timeout = defaultEmbedTimeout
	}
	callCtx, cancel := withTimeout(ctx, timeout)
	defer cancel()
	resp, err := client.CreateEmbeddings(callCtx, openai.EmbeddingRequestStrings{
		Input: texts,
		Model: openai.EmbeddingModel(e.Model),
	})
	if err != nil {
		return callError(ctx, callCtx, timeout, e.APIKey, err)
	}
	if len(resp.Data) != len(texts) {
		return fmt.Errorf("got %d embeddings for %d inputs", len(resp.Data), len(texts))
	}
	dim := len(resp.Data[0].Embedding)
	for _, d := range resp.Data {
		i := d.Index
		if i < 0 || i >= len(texts) {
			return fmt.Errorf("embedding index %d out of range [0, %d)", i, len(texts))
		}
		if dst[i] != nil {
			return fmt.Errorf("duplicate embedding index %d", i)
		}
		if len(d.Embedding) != dim {
			return fmt.Errorf("input %d: %d dimensions, want %d", offset+i, len(d.Embedding), dim)
		}
		if err := normalize(d.Embedding); err != nil {
			return fmt.Errorf("input %d: %w", offset+i, err)
		}
		dst[i] = d.Embedding
	}
	return nil
}

// normalize scales v to unit length in place.
func normalize(v []float32) error {
	if len(v) == 0 {
		return errors.New("empty vector")
	}
	var sum float64
	for _, x := range v {
		sum += float64(x) * float64(x)
	}
	norm := math.Sqrt(sum)
	switch {
	case norm == 0:
		return errors.New("zero vector")
	case math.IsNaN(norm) || math.IsInf(norm, 0):
		return errors.New("vector has non-finite values")
	}
	for i := range v {
		v[i] = float32(float64(v[i]) / norm)
	}
	return nil
}
