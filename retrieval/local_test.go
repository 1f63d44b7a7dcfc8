package retrieval

import (
	"context"
	"errors"
	"math"
	"slices"
	"strings"
	"testing"
)

func cosine(a, b []float32) float64 {
	var dot, na, nb float64
	for i := range a {
		dot += float64(a[i]) * float64(b[i])
		na += float64(a[i]) * float64(a[i])
		nb += float64(b[i]) * float64(b[i])
	}
	return dot / math.Sqrt(na*nb)
}

func vecNorm(v []float32) float64 {
	var s float64
	for _, x := range v {
		s += float64(x) * float64(x)
	}
	return math.Sqrt(s)
}

func embedOne(t *testing.T, e Embedder, text string) []float32 {
	t.Helper()
	v, err := e.Embed(context.Background(), []string{text})
	if err != nil {
		t.Fatalf("Embed(%q): %v", text, err)
	}
	if len(v) != 1 {
		t.Fatalf("Embed returned %d vectors for 1 text", len(v))
	}
	return v[0]
}

func TestLocalEmbedderVectors(t *testing.T) {
	texts := []string{
		"Leaders met in Paris to agree on security guarantees for Ukraine.",
		"Zaporizhzhia faced 856 attacks in a single day.",
		"",
		"   ",
		"the of and",
		"!!! ??? ...",
		strings.Repeat("Macron hosted the coalition of the willing. ", 200),
	}
	for _, e := range []LocalEmbedder{{}, {Dim: 64}, {Dim: 256}, {Dim: 1024}} {
		vecs, err := e.Embed(context.Background(), texts)
		if err != nil {
			t.Fatal(err)
		}
		if len(vecs) != len(texts) {
			t.Fatalf("dim %d: %d vectors for %d texts", e.Dim, len(vecs), len(texts))
		}
		wantDim := e.Dim
		if wantDim == 0 {
			wantDim = DefaultLocalDim
		}
		again, err := e.Embed(context.Background(), slices.Clone(texts))
		if err != nil {
			t.Fatal(err)
		}
		for i, v := range vecs {
			if len(v) != wantDim {
				t.Errorf("dim %d: text %d has %d dimensions", e.Dim, i, len(v))
			}
			if n := vecNorm(v); math.Abs(n-1) > 1e-5 {
				t.Errorf("dim %d: text %q has norm %v, want 1", e.Dim, texts[i], n)
			}
			for _, x := range v {
				if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
					t.Fatalf("dim %d: text %q has a non-finite component", e.Dim, texts[i])
				}
			}
			if !slices.Equal(v, again[i]) {
				t.Errorf("dim %d: text %q embeds differently the second time", e.Dim, texts[i])
			}
			// One text alone embeds as it does in a batch.
			if one := embedOne(t, e, texts[i]); !slices.Equal(v, one) {
				t.Errorf("dim %d: text %q embeds differently alone and in a batch", e.Dim, texts[i])
			}
		}
		// Different texts give different vectors.
		if slices.Equal(vecs[0], vecs[1]) {
			t.Errorf("dim %d: two different texts have the same vector", e.Dim)
		}
	}
}

func TestLocalEmbedderEmptyInput(t *testing.T) {
	vecs, err := LocalEmbedder{}.Embed(context.Background(), nil)
	if err != nil || len(vecs) != 0 {
		t.Errorf("Embed(nil) = %d vectors, %v; want 0, nil", len(vecs), err)
	}
}

func TestLocalEmbedderIdentity(t *testing.T) {
	// The version part of the identity changes with the feature set; the
	// dimension is always its last part.
	tests := []struct {
		e          LocalEmbedder
		wantSuffix string
	}{
		{LocalEmbedder{}, "-d1024"},
		{LocalEmbedder{Dim: 1024}, "-d1024"},
		{LocalEmbedder{Dim: -3}, "-d1024"},
		{LocalEmbedder{Dim: 256}, "-d256"},
		{LocalEmbedder{Dim: 64}, "-d64"},
	}
	for _, tt := range tests {
		got := tt.e.Identity()
		if !strings.HasPrefix(got, "local-hash-") || !strings.HasSuffix(got, tt.wantSuffix) {
			t.Errorf("LocalEmbedder{Dim: %d}.Identity() = %q, want local-hash-…%s", tt.e.Dim, got, tt.wantSuffix)
		}
		if again := tt.e.Identity(); again != got {
			t.Errorf("Identity is not stable: %q then %q", got, again)
		}
	}
	if (LocalEmbedder{}).Identity() != (LocalEmbedder{Dim: DefaultLocalDim}).Identity() {
		t.Error("the default dimension has two identities")
	}
	if (LocalEmbedder{Dim: 256}).Identity() == (LocalEmbedder{Dim: 512}).Identity() {
		t.Error("different dimensions share an identity")
	}
}

func TestLocalEmbedderSimilarity(t *testing.T) {
	e := LocalEmbedder{}
	tests := []struct {
		name            string
		query, near     string
		far             string
		minNear, maxFar float64
	}{
		{"misspelled city", "Zaporizhia attacks", "Zaporizhzhia attacks", "Macron troops", 0.4, 0.1},
		{"misspelled president", "Zelensky", "Zelenskyy", "Macron", 0.1, 0.05},
		{"misspelled president in a sentence", "Zelensky said Ukraine needs guarantees", "Zelenskyy said Ukraine needs guarantees", "Macron said France would send troops", 0.6, 0.3},
		{"accents", "Elysee palace", "Élysée Palace", "Kremlin warning", 0.99, 0.2},
		{"inflections", "troops deployed", "troop deployment", "climate finance", 0.5, 0.2},
		{"case and punctuation", "SECURITY GUARANTEES!", "security guarantees", "debt relief", 0.99, 0.2},
		{"stop words matter little", "the troops of the coalition", "coalition troops", "the of the", 0.8, 0.3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, n, f := embedOne(t, e, tt.query), embedOne(t, e, tt.near), embedOne(t, e, tt.far)
			near, far := cosine(q, n), cosine(q, f)
			if near <= far {
				t.Errorf("cos(%q, %q) = %.3f is not above cos(%q, %q) = %.3f", tt.query, tt.near, near, tt.query, tt.far, far)
			}
			if near < tt.minNear {
				t.Errorf("cos(%q, %q) = %.3f, want at least %.2f", tt.query, tt.near, near, tt.minNear)
			}
			if far > tt.maxFar {
				t.Errorf("cos(%q, %q) = %.3f, want at most %.2f", tt.query, tt.far, far, tt.maxFar)
			}
		})
	}
}

func TestLocalEmbedderEmptyTextIsUnitVector(t *testing.T) {
	for _, text := range []string{"", " \n\t", "—…!?"} {
		v := embedOne(t, LocalEmbedder{Dim: 32}, text)
		want := make([]float32, 32)
		want[0] = 1
		if !slices.Equal(v, want) {
			t.Errorf("Embed(%q) = %v, want the unit vector e0", text, v)
		}
	}
}

func TestLocalEmbedderCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	vecs, err := LocalEmbedder{}.Embed(ctx, []string{"Leaders met in Paris."})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Embed with a cancelled context = %v, want context.Canceled", err)
	}
	if vecs != nil {
		t.Errorf("Embed with a cancelled context returned %d vectors", len(vecs))
	}
	// Cancellation is noticed in long batches too, not only at the start.
	many := make([]string, 1000)
	for i := range many {
		many[i] = "text"
	}
	ctx, cancel = context.WithCancel(context.Background())
	cancel()
	if _, err := (LocalEmbedder{Dim: 8}).Embed(ctx, many); !errors.Is(err, context.Canceled) {
		t.Errorf("Embed of 1000 texts with a cancelled context = %v", err)
	}
}

func TestNormalize(t *testing.T) {
	tests := []struct {
		in   []float32
		want []float32
	}{
		{[]float32{3, 4}, []float32{0.6, 0.8}},
		{[]float32{0, -2}, []float32{0, -1}},
		{[]float32{0, 0}, nil},
		{nil, nil},
		{[]float32{float32(math.NaN()), 1}, nil},
		{[]float32{float32(math.Inf(1)), 1}, nil},
	}
	for _, tt := range tests {
		got := normalize(tt.in)
		if len(got) != len(tt.want) {
			t.Errorf("normalize(%v) = %v, want %v", tt.in, got, tt.want)
			continue
		}
		for i := range got {
			if math.Abs(float64(got[i]-tt.want[i])) > 1e-6 {
				t.Errorf("normalize(%v) = %v, want %v", tt.in, got, tt.want)
				break
			}
		}
	}
}

// A question's related words raise its similarity to passages that use them
// instead of its own words; without related words, a question is embedded as
// any text is.
func TestLocalEmbedderExpanded(t *testing.T) {
	e := LocalEmbedder{}
	ctx := context.Background()
	q := "Which nations pledged soldiers?"
	plain, err := e.embedExpanded(ctx, q, nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := embedOne(t, e, q); !slices.Equal(plain, want) {
		t.Error("embedExpanded without related words differs from Embed")
	}
	related := []expansion{{word: "promise", dense: 0.3}, {word: "country", dense: 0.2}}
	exp, err := e.embedExpanded(ctx, q, related)
	if err != nil {
		t.Fatal(err)
	}
	passage := embedOne(t, e, "Twenty countries promised soldiers for the force.")
	other := embedOne(t, e, "Twenty nations sent soldiers for the force.")
	if got, was := cosine(exp, passage), cosine(plain, passage); got <= was {
		t.Errorf("cos with a passage of the related words = %.3f, want above %.3f", got, was)
	}
	if got, was := cosine(exp, other), cosine(plain, other); got >= was {
		t.Errorf("cos with a passage of the question's own words = %.3f, want below %.3f", got, was)
	}
	if cosine(exp, other) <= cosine(exp, passage) {
		t.Error("related words outweigh the question's own words")
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := e.embedExpanded(cctx, q, related); !errors.Is(err, context.Canceled) {
		t.Errorf("embedExpanded with a cancelled context = %v", err)
	}
}
