package retrieval

import (
	"context"
	"fmt"
	"strings"
)

// header is the context line embedded with every chunk of a source.
func header(s Source) string {
	parts := []string{s.Title}
	if s.Outlet != "" {
		parts = append(parts, s.Outlet)
	}
	if s.Published != "" {
		parts = append(parts, s.Published)
	}
	return strings.Join(parts, " — ")
}

// embed embeds texts and checks what the embedder returned: one non-zero
// vector per text, all of one dimension, each L2-normalised here.
func (ix *Index) embed(ctx context.Context, texts []string) ([][]float32, error) {
	vecs, err := ix.embedder.Embed(ctx, texts)
	if err != nil {
		return nil, err
	}
	if len(vecs) != len(texts) {
		return nil, fmt.Errorf("embedder returned %d vectors for %d texts", len(vecs), len(texts))
	}
	for i, v := range vecs {
		if vecs[i] = normalize(v); vecs[i] == nil {
			return nil, fmt.Errorf("embed text %d: zero vector", i)
		}
		if len(v) != len(vecs[0]) {
			return nil, fmt.Errorf("embed text %d: %d dimensions, text 0 has %d", i, len(v), len(vecs[0]))
		}
	}
	return vecs, nil
}
