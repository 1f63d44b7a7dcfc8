package retrieval

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/summitbot/summitbot/data"
)

// article is one corpus file: front matter fields and the body.
type article struct {
	file string
	doc  Document
}

// parseArticle reads a Markdown file with "---" front matter (key: value lines).
func parseArticle(t testing.TB, name string, b []byte) article {
	t.Helper()
	s := strings.ReplaceAll(string(b), "\r\n", "\n")
	rest, ok := strings.CutPrefix(s, "---\n")
	if !ok {
		t.Fatalf("%s: no front matter", name)
	}
	front, body, ok := strings.Cut(rest, "\n---\n")
	if !ok {
		t.Fatalf("%s: unterminated front matter", name)
	}
	var d Document
	for _, line := range strings.Split(front, "\n") {
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		v = strings.TrimSpace(v)
		switch strings.TrimSpace(k) {
		case "id":
			d.ID = v
		case "title":
			d.Title = v
		case "outlet":
			d.Outlet = v
		case "published":
			d.Published = v
		case "url":
			d.URL = v
		case "authors":
			for _, a := range strings.Split(v, ",") {
				d.Authors = append(d.Authors, strings.TrimSpace(a))
			}
		}
	}
	d.Text = body
	if d.ID == "" || d.Title == "" || strings.TrimSpace(body) == "" {
		t.Fatalf("%s: missing id, title or body", name)
	}
	return article{file: name, doc: d}
}

// builtinArticles returns the built-in corpus, sorted by file name.
func builtinArticles(t testing.TB) []article {
	t.Helper()
	fsys := data.Articles()
	names, err := fs.Glob(fsys, "*.md")
	if err != nil || len(names) == 0 {
		t.Fatalf("built-in articles: %v (%d files)", err, len(names))
	}
	var out []article
	for _, n := range names {
		b, err := fs.ReadFile(fsys, n)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, parseArticle(t, n, b))
	}
	return out
}

// distractorArticles returns the off-topic fixtures in testdata/distractors.
func distractorArticles(t testing.TB) []article {
	t.Helper()
	names, err := filepath.Glob(filepath.Join("testdata", "distractors", "*.md"))
	if err != nil || len(names) == 0 {
		t.Fatalf("distractors: %v (%d files)", err, len(names))
	}
	slices.Sort(names)
	var out []article
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, parseArticle(t, path.Base(n), b))
	}
	return out
}

// allArticles is the built-in corpus followed by the distractors.
func allArticles(t testing.TB) []article {
	return append(builtinArticles(t), distractorArticles(t)...)
}

// findArticle returns the article with the given id.
func findArticle(t testing.TB, arts []article, id string) Document {
	t.Helper()
	for _, a := range arts {
		if a.doc.ID == id {
			return a.doc
		}
	}
	t.Fatalf("no article %q", id)
	return Document{}
}

// readFixture returns testdata/<name>.
func readFixture(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// logBuffer is a concurrency-safe io.Writer for capturing slog output.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func (b *logBuffer) Reset() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf.Reset()
}

// openIndex opens an index and closes it when the test ends (Close is
// idempotent, so tests may close it earlier).
func openIndex(t testing.TB, opts Options) *Index {
	t.Helper()
	if opts.Embedder == nil {
		opts.Embedder = LocalEmbedder{}
	}
	ix, err := Open(context.Background(), opts)
	if err != nil {
		t.Fatalf("Open(%q): %v", opts.Dir, err)
	}
	t.Cleanup(func() { ix.Close() })
	return ix
}

// mustAdd adds doc and fails the test on error.
func mustAdd(t testing.TB, ix *Index, doc Document) Source {
	t.Helper()
	src, err := ix.Add(context.Background(), doc, false, nil)
	if err != nil {
		t.Fatalf("Add(%q): %v", doc.ID, err)
	}
	return src
}

// addAll adds every article and returns the sources in order.
func addAll(t testing.TB, ix *Index, arts []article) []Source {
	t.Helper()
	var out []Source
	for _, a := range arts {
		out = append(out, mustAdd(t, ix, a.doc))
	}
	return out
}

// sourceIDs lists the ids of sources.
func sourceIDs(srcs []Source) []string {
	out := make([]string, len(srcs))
	for i, s := range srcs {
		out[i] = s.ID
	}
	return out
}

// hitSources lists the source ids of hits, in rank order.
func hitSources(hits []Hit) []string {
	out := make([]string, len(hits))
	for i, h := range hits {
		out[i] = h.Source.ID
	}
	return out
}

// hitChunks lists the chunk ids of hits, in rank order.
func hitChunks(hits []Hit) []string {
	out := make([]string, len(hits))
	for i, h := range hits {
		out[i] = h.Chunk.ID
	}
	return out
}

// chunkFiles lists the vector files of an on-disk index (one per source).
func chunkFiles(t testing.TB, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join(dir, chunksDir))
	if err != nil {
		t.Fatalf("read vector directory: %v", err)
	}
	var out []string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), vecExt) {
			out = append(out, e.Name())
		}
	}
	return out
}

// vecFileOf decodes the vector file of one source.
func vecFileOf(t testing.TB, ix *Index, id string) vecFile {
	t.Helper()
	f, err := readVecFile(ix.vecPath(id))
	if err != nil {
		t.Fatalf("vector file of %s: %v", id, err)
	}
	return f
}

// assertConsistent checks that the manifest, the vector store and the BM25
// index agree on the number of chunks, and that every chunk of every source
// can be read back.
func assertConsistent(t testing.TB, ix *Index) {
	t.Helper()
	want := 0
	for _, s := range ix.Sources() {
		want += s.Chunks
		chunks, err := ix.Chunks(context.Background(), s.ID)
		if err != nil {
			t.Errorf("Chunks(%q): %v", s.ID, err)
			continue
		}
		if len(chunks) != s.Chunks {
			t.Errorf("Chunks(%q) = %d chunks, source says %d", s.ID, len(chunks), s.Chunks)
		}
	}
	if got := ix.Len(); got != want {
		t.Errorf("Len() = %d, sum of source chunks = %d", got, want)
	}
	if got := ix.dense.count(); got != want {
		t.Errorf("vector store holds %d chunks, want %d", got, want)
	}
	n, err := ix.lex.count()
	if err != nil {
		t.Fatal(err)
	}
	if n != uint64(want) {
		t.Errorf("BM25 index holds %d chunks, want %d", n, want)
	}
	if ix.dir != "" {
		if got, want := len(chunkFiles(t, ix.dir)), len(ix.Sources()); got != want {
			t.Errorf("%d vector files on disk, want one per source (%d)", got, want)
		}
		for _, s := range ix.Sources() {
			f := vecFileOf(t, ix, s.ID)
			if len(f.vecs) != s.Chunks || f.identity != ix.EmbedderIdentity() {
				t.Errorf("vector file of %s: %d vectors by %q, want %d by %q", s.ID, len(f.vecs), f.identity, s.Chunks, ix.EmbedderIdentity())
			}
		}
	}
}

// denseHolds reports whether any vector collection, whatever its scope,
// holds the chunk id.
func denseHolds(ix *Index, id string) bool {
	ix.dense.scopeMu.RLock()
	defer ix.dense.scopeMu.RUnlock()
	for _, col := range ix.dense.cols {
		if _, err := col.GetByID(context.Background(), id); err == nil {
			return true
		}
	}
	return false
}
