package llm_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	openai "github.com/sashabaranov/go-openai"

	"github.com/summitbot/summitbot/bot/llm"
	"github.com/summitbot/summitbot/bot/llmtest"
)

func newEmbedder(s *llmtest.Server) *llm.Embedder {
	return &llm.Embedder{
		BaseURL:    s.URL(),
		APIKey:     testKey,
		Model:      "test-embed",
		HTTPClient: retryClient(&sleepRecorder{}, 3),
		Timeout:    5 * time.Second,
	}
}

// texts returns n distinct texts.
func texts(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("passage %d about summit delegation %d", i, i*7)
	}
	return out
}

func TestEmbedBatchesInOrder(t *testing.T) {
	s := llmtest.New(t)
	s.Shuffle = true
	s.Scale = 2.5 // the client must normalise
	e := newEmbedder(s)
	e.BatchSize = 64
	in := texts(150)

	got, err := e.Embed(t.Context(), in)
	if err != nil {
		t.Fatal(err)
	}
	if n := s.EmbeddingRequests(); n != 3 {
		t.Errorf("%d embedding requests, want 3", n)
	}
	if n := s.EmbeddedInputs(); n != 150 {
		t.Errorf("%d inputs embedded, want 150", n)
	}
	var sizes []int
	for _, r := range s.Requests() {
		sizes = append(sizes, len(r.Inputs))
		if r.Header.Get("Authorization") != "Bearer "+testKey {
			t.Errorf("request lacks the bearer token")
		}
	}
	slices.Sort(sizes)
	if want := []int{22, 64, 64}; !slices.Equal(sizes, want) {
		t.Errorf("batch sizes %v, want %v", sizes, want)
	}
	if len(got) != len(in) {
		t.Fatalf("%d vectors for %d texts", len(got), len(in))
	}
	for i, v := range got {
		want := s.Vector(in[i])
		var norm float64
		for j := range v {
			norm += float64(v[j]) * float64(v[j])
			if math.Abs(float64(v[j]-want[j])) > 1e-5 {
				t.Fatalf("vector %d is not the one for its text (order lost?)", i)
			}
		}
		if math.Abs(norm-1) > 1e-5 {
			t.Errorf("vector %d has norm² %v, want 1", i, norm)
		}
	}
}

func TestEmbedBoundsConcurrency(t *testing.T) {
	var inFlight, peak, requests atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		n := inFlight.Add(1)
		defer inFlight.Add(-1)
		for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
		}
		time.Sleep(20 * time.Millisecond)
		var req struct{ Input []string }
		_ = json.NewDecoder(r.Body).Decode(&req)
		resp := openai.EmbeddingResponse{}
		for i := range req.Input {
			resp.Data = append(resp.Data, openai.Embedding{Embedding: []float32{1, 2}, Index: i})
		}
		_ = json.NewEncoder(w).Encode(resp)
	}))
	defer srv.Close()
	e := &llm.Embedder{BaseURL: srv.URL + "/v1", Model: "m", BatchSize: 2, Concurrency: 3}

	if _, err := e.Embed(t.Context(), texts(20)); err != nil {
		t.Fatal(err)
	}
	if got := requests.Load(); got != 10 {
		t.Errorf("%d requests, want 10", got)
	}
	if got := peak.Load(); got > 3 {
		t.Errorf("%d requests in flight at once, want at most 3", got)
	}
}

func TestEmbedFirstFailureCancelsTheRest(t *testing.T) {
	var requests atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		var req struct{ Input []string }
		_ = json.NewDecoder(r.Body).Decode(&req)
		if len(req.Input) > 0 && req.Input[0] == texts(1)[0] {
			time.Sleep(20 * time.Millisecond) // let the other batches start
			http.Error(w, `{"error":{"message":"bad input"}}`, http.StatusBadRequest)
			return
		}
		select { // the other batches hang until the client gives up on them
		case <-r.Context().Done():
		case <-time.After(10 * time.Second):
		}
	}))
	defer srv.Close()
	e := &llm.Embedder{BaseURL: srv.URL + "/v1", Model: "m", BatchSize: 1, Concurrency: 3, MaxRetries: -1, Timeout: 20 * time.Second}

	start := time.Now()
	_, err := e.Embed(t.Context(), texts(10))
	var se *llm.StatusError
	if !errors.As(err, &se) || se.StatusCode != http.StatusBadRequest || !strings.HasPrefix(err.Error(), "embed batch 0: ") {
		t.Fatalf("error = %v, want batch 0's status 400", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("Embed returned after %v: the hanging batches were not cancelled", d)
	}
	if got := requests.Load(); got > 3 {
		t.Errorf("%d requests sent, want at most 3 (the batches in flight when the first failed)", got)
	}
}

func TestEmbedCancelledBeforeStart(t *testing.T) {
	s := llmtest.New(t)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, err := newEmbedder(s).Embed(ctx, texts(5))
	if err == nil || err.Error() != "embed: context canceled" || !errors.Is(err, context.Canceled) {
		t.Errorf("error = %v, want \"embed: context canceled\"", err)
	}
	if n := s.EmbeddingRequests(); n != 0 {
		t.Errorf("%d requests sent after the context ended", n)
	}
}

// fakeData is what a scripted embeddings server answers: the data for one request.
type fakeData func(inputs []string) []openai.Embedding

func TestEmbedRejectsBadResponses(t *testing.T) {
	vec := func(xs ...float32) []float32 { return xs }
	tests := []struct {
		name    string
		batch   int
		texts   []string
		data    fakeData
		wantErr string
	}{
		{"too few", 0, []string{"a", "b"}, func([]string) []openai.Embedding {
			return []openai.Embedding{{Embedding: vec(1, 0), Index: 0}}
		}, "embed batch 0: got 1 embeddings for 2 inputs"},
		{"inconsistent dimensions", 0, []string{"a", "b"}, func([]string) []openai.Embedding {
			return []openai.Embedding{{Embedding: vec(1, 0), Index: 0}, {Embedding: vec(1, 0, 0), Index: 1}}
		}, "embed batch 0: input 1: 3 dimensions, want 2"},
		{"dimensions differ across batches", 1, []string{"a", "bb"}, func(in []string) []openai.Embedding {
			v := make([]float32, len(in[0])+1)
			v[0] = 1
			return []openai.Embedding{{Embedding: v, Index: 0}}
		}, "embed: input 1 has 3 dimensions, input 0 has 2"},
		{"zero vector", 0, []string{"a", "b"}, func([]string) []openai.Embedding {
			return []openai.Embedding{{Embedding: vec(1, 0), Index: 0}, {Embedding: vec(0, 0), Index: 1}}
		}, "embed batch 0: input 1: zero vector"},
		{"index out of range", 0, []string{"a", "b"}, func([]string) []openai.Embedding {
			return []openai.Embedding{{Embedding: vec(1, 0), Index: 0}, {Embedding: vec(1, 0), Index: 2}}
		}, "embed batch 0: embedding index 2 out of range [0, 2)"},
		{"duplicate index", 0, []string{"a", "b"}, func([]string) []openai.Embedding {
			return []openai.Embedding{{Embedding: vec(1, 0), Index: 1}, {Embedding: vec(1, 0), Index: 1}}
		}, "embed batch 0: duplicate embedding index 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				var req struct{ Input []string }
				_ = json.NewDecoder(r.Body).Decode(&req)
				_ = json.NewEncoder(w).Encode(openai.EmbeddingResponse{Data: tt.data(req.Input)})
			}))
			defer srv.Close()
			e := &llm.Embedder{BaseURL: srv.URL + "/v1", Model: "m", BatchSize: tt.batch, Concurrency: 1}

			got, err := e.Embed(t.Context(), tt.texts)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("Embed() = %v, %v; want error containing %q", got, err, tt.wantErr)
			}
		})
	}
}

func TestEmbedFailures(t *testing.T) {
	s := llmtest.New(t)
	s.FailNext(http.StatusBadRequest, "", 1)
	e := newEmbedder(s)
	e.BatchSize = 10

	_, err := e.Embed(t.Context(), texts(50))
	var se *llm.StatusError
	if err == nil || !strings.HasPrefix(err.Error(), "embed batch ") || !errors.As(err, &se) || se.StatusCode != 400 {
		t.Fatalf("error = %v, want an \"embed batch N: status 400\" error", err)
	}
	checkNoKey(t, err)

	s.FailNext(http.StatusServiceUnavailable, "1", 2)
	got, err := e.Embed(t.Context(), texts(5))
	if err != nil || len(got) != 5 {
		t.Errorf("after two 503s: %d vectors, %v; want 5, nil", len(got), err)
	}
}

func TestEmbedTimeout(t *testing.T) {
	s := llmtest.New(t)
	s.HangNext(1)
	e := newEmbedder(s)
	e.Timeout = 200 * time.Millisecond

	start := time.Now()
	_, err := e.Embed(t.Context(), texts(3))
	if !errors.Is(err, llm.ErrTimeout) {
		t.Fatalf("error = %v, want ErrTimeout", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("returned after %v", d)
	}
}

func TestEmbedInputChecks(t *testing.T) {
	s := llmtest.New(t)
	tests := []struct {
		name    string
		model   string
		texts   []string
		wantLen int
		wantErr string
	}{
		{"nothing to embed", "m", nil, 0, ""},
		{"empty text", "m", []string{"fine", "  "}, 0, "embed: text 1 is empty"},
		{"no model", "", []string{"fine"}, 0, "embed: no model configured"},
	}
	for _, tt := range tests {
		e := &llm.Embedder{BaseURL: s.URL(), Model: tt.model}
		got, err := e.Embed(t.Context(), tt.texts)
		gotErr := ""
		if err != nil {
			gotErr = err.Error()
		}
		if len(got) != tt.wantLen || gotErr != tt.wantErr {
			t.Errorf("%s: got %d vectors, error %q; want %d, %q", tt.name, len(got), gotErr, tt.wantLen, tt.wantErr)
		}
	}
	if n := len(s.Requests()); n != 0 {
		t.Errorf("%d requests sent, want none", n)
	}
}

func TestIdentity(t *testing.T) {
	tests := []struct {
		baseURL, model, want string
	}{
		{"http://localhost:8080/v1/", "nomic-embed-text", "openai:nomic-embed-text@http://localhost:8080/v1"},
		{"http://localhost:8080/v1", "nomic-embed-text", "openai:nomic-embed-text@http://localhost:8080/v1"},
		{"", "text-embedding-3-small", "openai:text-embedding-3-small@https://api.openai.com/v1"},
	}
	for _, tt := range tests {
		e := &llm.Embedder{BaseURL: tt.baseURL, Model: tt.model, APIKey: testKey}
		if got := e.Identity(); got != tt.want {
			t.Errorf("Identity() = %q, want %q", got, tt.want)
		}
	}
}
