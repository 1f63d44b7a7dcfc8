package bot

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/summitbot/summitbot/data"
	"github.com/summitbot/summitbot/retrieval"
	"github.com/summitbot/summitbot/retrieval/ingest"
)

// fakeFetcher is a URLLoader that records the URLs it is asked for.
type fakeFetcher struct {
	mu   sync.Mutex
	urls []string
	doc  ingest.Document
	err  error
}

func (f *fakeFetcher) Load(ctx context.Context, rawURL string) (ingest.Document, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.urls = append(f.urls, rawURL)
	return f.doc, f.err
}

func (f *fakeFetcher) calls() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.urls)
}

func ids(sources []retrieval.Source) []string {
	var out []string
	for _, s := range sources {
		out = append(out, s.ID)
	}
	slices.Sort(out)
	return out
}

func TestSyncBuiltinAddsOnce(t *testing.T) {
	ctx := context.Background()
	idx := newIndex(t)
	lib := NewLibrary(idx, &fakeFetcher{}, data.Articles(), nil)

	added, err := lib.SyncBuiltin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(added); !slices.Equal(got, builtinIDs) {
		t.Fatalf("first sync added %v, want %v", got, builtinIDs)
	}
	for _, s := range added {
		if !s.Builtin || s.Chunks == 0 || s.Title == "" {
			t.Errorf("source %+v: want a built-in with chunks and a title", s)
		}
	}
	chunks := idx.Len()

	again, err := lib.SyncBuiltin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(again) != 0 {
		t.Errorf("second sync added %v, want none", ids(again))
	}
	if got := ids(lib.List("")); !slices.Equal(got, builtinIDs) || idx.Len() != chunks {
		t.Errorf("after a second sync: sources %v and %d chunks, want %v and %d", got, idx.Len(), builtinIDs, chunks)
	}
}

func TestRemovedBuiltinStaysRemovedUntilRestored(t *testing.T) {
	ctx := context.Background()
	idx := newIndex(t)
	lib := NewLibrary(idx, &fakeFetcher{}, data.Articles(), nil)
	if _, err := lib.SyncBuiltin(ctx); err != nil {
		t.Fatal(err)
	}
	const gone = "security-guarantees-paris-2026-trump-factor"
	src, err := lib.Remove(ctx, "", " "+gone+" ")
	if err != nil {
		t.Fatal(err)
	}
	if src.ID != gone {
		t.Errorf("Remove returned %q", src.ID)
	}
	want := slices.DeleteFunc(slices.Clone(builtinIDs), func(id string) bool { return id == gone })

	added, err := lib.SyncBuiltin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(added) != 0 || !slices.Equal(ids(lib.List("")), want) {
		t.Errorf("sync after removal added %v, sources %v; want nothing re-added", ids(added), ids(lib.List("")))
	}

	restored, err := lib.RestoreBuiltin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(restored); !slices.Equal(got, []string{gone}) {
		t.Errorf("restore added %v, want [%s]", got, gone)
	}
	if !slices.Equal(ids(lib.List("")), builtinIDs) {
		t.Errorf("after restore: %v", ids(lib.List("")))
	}
	// Restored, it is an ordinary built-in again: a sync keeps it.
	if again, err := lib.SyncBuiltin(ctx); err != nil || len(again) != 0 || len(lib.List("")) != len(builtinIDs) {
		t.Errorf("sync after restore: added %v, err %v, %d sources", ids(again), err, len(lib.List("")))
	}
}

func TestSyncBuiltinReloadsChangedArticle(t *testing.T) {
	ctx := context.Background()
	idx := newIndex(t)
	article := func(body string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("---\nid: fixture-article\ntitle: Fixture article\n---\n" + body + "\n")}
	}
	corpusFS := fstest.MapFS{
		"fixture-article.md": article("The leaders agreed in Paris on a framework of security guarantees for Ukraine after any ceasefire."),
		"notes.txt":          {Data: []byte("not an article: only *.md files are built in")},
	}
	lib := NewLibrary(idx, nil, corpusFS, nil)
	if added, err := lib.SyncBuiltin(ctx); err != nil || len(added) != 1 {
		t.Fatalf("first sync: %v, %v", ids(added), err)
	}

	corpusFS["fixture-article.md"] = article("The leaders agreed in Paris on binding security guarantees for Ukraine, with a multinational force after a ceasefire.")
	added, err := lib.SyncBuiltin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(added) != 1 || added[0].ID != "fixture-article" || !added[0].Builtin {
		t.Fatalf("sync after a change added %+v, want the article reloaded", added)
	}
	text, err := idx.Text(ctx, "fixture-article")
	if err != nil || !strings.Contains(text, "multinational force") || len(lib.List("")) != 1 {
		t.Errorf("after reload: %d sources, text %q, %v", len(lib.List("")), text, err)
	}
}

// failOnce is an embedder that fails while fail is set.
type failOnce struct {
	retrieval.LocalEmbedder
	mu   sync.Mutex
	fail bool
}

func (f *failOnce) set(fail bool) { f.mu.Lock(); f.fail = fail; f.mu.Unlock() }

func (f *failOnce) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	f.mu.Lock()
	fail := f.fail
	f.mu.Unlock()
	if fail {
		return nil, errors.New("embeddings endpoint down")
	}
	return f.LocalEmbedder.Embed(ctx, texts)
}

func TestSyncBuiltinRetriesAReplaceThatFailed(t *testing.T) {
	ctx := context.Background()
	emb := &failOnce{}
	idx, err := retrieval.Open(ctx, retrieval.Options{Embedder: emb, Topic: testTopic})
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	article := func(body string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("---\nid: fixture-article\ntitle: Fixture article\n---\n" + body + "\n")}
	}
	corpusFS := fstest.MapFS{"fixture-article.md": article("The leaders agreed in Paris on a framework of security guarantees for Ukraine after any ceasefire.")}
	lib := NewLibrary(idx, nil, corpusFS, nil)
	if _, err := lib.SyncBuiltin(ctx); err != nil {
		t.Fatal(err)
	}
	corpusFS["fixture-article.md"] = article("The leaders agreed in Paris on binding security guarantees for Ukraine, with a multinational force after a ceasefire.")
	emb.set(true)
	if _, err := lib.SyncBuiltin(ctx); err == nil {
		t.Fatal("sync with a failing embedder succeeded")
	}
	if got := idx.RemovedBuiltins(); len(got) != 0 {
		t.Errorf("a failed replace recorded %v as removed by an admin", got)
	}
	emb.set(false)
	added, err := lib.SyncBuiltin(ctx)
	if err != nil || len(added) != 1 || added[0].ID != "fixture-article" {
		t.Fatalf("sync after the embedder recovered: %v, %v; want the article back", ids(added), err)
	}
	if text, err := idx.Text(ctx, "fixture-article"); err != nil || !strings.Contains(text, "multinational force") {
		t.Errorf("text after recovery %q, %v; want the new version", text, err)
	}
}

func TestSyncBuiltinKeepsUserSourceWithSameID(t *testing.T) {
	ctx := context.Background()
	idx := newIndex(t)
	if _, err := idx.Add(ctx, retrieval.Document{ID: "fixture-article", Title: "Mine", Text: strings.Repeat("A user's own article about the Paris summit and the guarantees. ", 3)}, false, nil); err != nil {
		t.Fatal(err)
	}
	corpusFS := fstest.MapFS{"fixture-article.md": {Data: []byte("---\nid: fixture-article\ntitle: Built in\n---\nThe built-in text of the article, about the summit in Paris and the guarantees for Ukraine.\n")}}
	added, err := NewLibrary(idx, nil, corpusFS, nil).SyncBuiltin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	src, _ := idx.Source("fixture-article")
	if len(added) != 0 || src.Title != "Mine" || src.Builtin {
		t.Errorf("added %v, source %+v: the user's source should be kept", ids(added), src)
	}
}

func TestSyncBuiltinWithoutCorpus(t *testing.T) {
	added, err := NewLibrary(newIndex(t), nil, nil, nil).SyncBuiltin(context.Background())
	if err != nil || len(added) != 0 {
		t.Errorf("SyncBuiltin = %v, %v; want nothing", added, err)
	}
}

func TestAddRejectsNonHTTP(t *testing.T) {
	ctx := context.Background()
	secret := filepath.Join(t.TempDir(), "secret.txt")
	if err := os.WriteFile(secret, []byte(strings.Repeat("TOP SECRET local file content. ", 10)), 0o600); err != nil {
		t.Fatal(err)
	}
	idx := newIndex(t)
	f := &fakeFetcher{}
	lib := NewLibrary(idx, f, nil, nil)
	for _, ref := range []string{
		"file:///etc/passwd",
		"/etc/passwd",
		secret,
		"file://" + secret,
		"FILE:///etc/passwd",
		"ftp://example.org/article.txt",
		"javascript:alert(1)",
		"example.org/article",
		"../../etc/passwd",
		"",
		"   ",
	} {
		t.Run(ref, func(t *testing.T) {
			var progress []string
			src, err := lib.Add(ctx, "", ref, func(s string) { progress = append(progress, s) })
			var ie *Error
			if !errors.As(err, &ie) {
				t.Fatalf("Add(%q) = %+v, %v; want an *Error", ref, src, err)
			}
			if got, want := Friendly(err), "Only http and https URLs can be loaded."; got != want {
				t.Errorf("Friendly = %q, want %q", got, want)
			}
			if len(progress) != 0 {
				t.Errorf("progress reported %q for a refused reference", progress)
			}
		})
	}
	if calls := f.calls(); len(calls) != 0 {
		t.Errorf("the fetcher was asked for %q", calls)
	}
	if len(idx.Sources()) != 0 || idx.Len() != 0 {
		t.Errorf("something was loaded: %v", ids(idx.Sources()))
	}
}

func TestAddLoadsURL(t *testing.T) {
	ctx := context.Background()
	idx := newIndex(t)
	f := &fakeFetcher{doc: ingest.Document{
		Title:  "Nordic leaders back Paris guarantees",
		Outlet: "Fixture Gazette",
		Text:   "Leaders of the Nordic and Baltic states said they would contribute air policing and naval mine clearance to the security guarantees agreed in Paris.",
	}}
	lib := NewLibrary(idx, f, nil, nil)
	var progress []string
	src, err := lib.Add(ctx, "", "  https://example.org/nordic  ", func(s string) { progress = append(progress, s) })
	if err != nil {
		t.Fatal(err)
	}
	if got := f.calls(); !slices.Equal(got, []string{"https://example.org/nordic"}) {
		t.Errorf("fetched %q, want the trimmed URL", got)
	}
	if src.URL != "https://example.org/nordic" || src.Title != f.doc.Title || src.Outlet != "Fixture Gazette" || src.Builtin {
		t.Errorf("source = %+v", src)
	}
	if len(progress) == 0 || progress[0] != "fetching https://example.org/nordic" {
		t.Errorf("progress = %q", progress)
	}
	// The same URL again is a duplicate the user is told about.
	_, err = lib.Add(ctx, "", "https://example.org/nordic", nil)
	var dup *retrieval.DuplicateError
	if !errors.As(err, &dup) || Friendly(err) == Friendly(errors.New("x")) {
		t.Errorf("second Add: %v (%q), want a duplicate error with a user message", err, Friendly(err))
	}
}

func TestAddFetchRefusal(t *testing.T) {
	f := &fakeFetcher{err: &ingest.RefusedError{Reason: "that URL resolves to a private address"}}
	_, err := NewLibrary(newIndex(t), f, nil, nil).Add(context.Background(), "", "http://10.0.0.1/", nil)
	if err == nil {
		t.Fatal("Add succeeded")
	}
	if got, want := Friendly(err), "That URL resolves to a private address."; got != want {
		t.Errorf("Friendly = %q, want %q", got, want)
	}
}

func TestAddFile(t *testing.T) {
	ctx := context.Background()
	idx := newIndex(t)
	lib := NewLibrary(idx, nil, nil, nil)
	var progress []string
	src, err := lib.AddFile(ctx, "", filepath.Join("testdata", "extra-article.md"), func(s string) { progress = append(progress, s) })
	if err != nil {
		t.Fatal(err)
	}
	want := retrieval.Source{ID: "nordic-baltic-statement", Title: "Nordic and Baltic leaders back Paris guarantees", Outlet: "Fixture Gazette", Published: "2026-01-08", URL: "https://example.org/nordic-baltic-statement"}
	if src.ID != want.ID || src.Title != want.Title || src.Outlet != want.Outlet || src.Published != want.Published || src.URL != want.URL || src.Builtin {
		t.Errorf("source = %+v, want %+v", src, want)
	}
	if len(progress) == 0 || progress[0] != "reading extra-article.md" {
		t.Errorf("progress = %q", progress)
	}
	text, err := idx.Text(ctx, src.ID)
	if err != nil || strings.Contains(text, "---") || strings.Contains(text, "# Nordic") || !strings.Contains(text, "naval mine clearance") {
		t.Errorf("indexed text = %q, %v; want the body without front matter or heading marks", text, err)
	}
	// The loaded article answers questions.
	a, err := newEngine(t, idx, nil, Options{}).Ask(ctx, Question{Text: "What did Finland offer?"}, nil)
	if err != nil || !a.Found || !strings.Contains(a.Text, "Finland offered to host training") {
		t.Errorf("answer = %+v, %v", a, err)
	}
}

func TestAddFileErrors(t *testing.T) {
	lib := NewLibrary(newIndex(t), nil, nil, nil)
	for _, name := range []string{filepath.Join("testdata", "no-such-file.md")} {
		_, err := lib.AddFile(context.Background(), "", name, nil)
		var ie *Error
		if !errors.As(err, &ie) || !strings.HasPrefix(Friendly(err), "Cannot read ") {
			t.Errorf("AddFile(%q) = %v (%q), want an *Error saying it cannot be read", name, err, Friendly(err))
		}
	}
}

func TestRemoveUnknown(t *testing.T) {
	_, err := NewLibrary(newIndex(t), nil, nil, nil).Remove(context.Background(), "", "no-such-source")
	var ie *Error
	if !errors.As(err, &ie) {
		t.Fatalf("Remove = %v, want an *Error", err)
	}
	if got, want := Friendly(err), "There is no source with id \"no-such-source\"; list them with `sources list`."; got != want {
		t.Errorf("Friendly = %q, want %q", got, want)
	}
}

// countingEmbedder counts the embedding calls an index makes.
type countingEmbedder struct {
	retrieval.LocalEmbedder
	mu    sync.Mutex
	calls int
}

func (c *countingEmbedder) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	c.mu.Lock()
	c.calls++
	c.mu.Unlock()
	return c.LocalEmbedder.Embed(ctx, texts)
}

func TestAddManyLoadsTogether(t *testing.T) {
	ctx := context.Background()
	emb := &countingEmbedder{}
	idx, err := retrieval.Open(ctx, retrieval.Options{Embedder: emb, Topic: testTopic})
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	dir := t.TempDir()
	second := filepath.Join(dir, "second.txt")
	if err := os.WriteFile(second, []byte("Danish officials said their frigate would join the maritime part of the guarantees agreed at the Paris summit."), 0o600); err != nil {
		t.Fatal(err)
	}
	f := &fakeFetcher{doc: ingest.Document{
		Title: "Nordic leaders back Paris guarantees",
		Text:  "Leaders of the Nordic and Baltic states said they would contribute air policing and naval mine clearance to the security guarantees agreed in Paris.",
	}}
	lib := NewLibrary(idx, f, nil, nil)
	refs := []string{
		filepath.Join("testdata", "extra-article.md"),
		"https://example.org/nordic",
		filepath.Join(dir, "missing.md"),
		"ftp://example.org/x",
		second,
		filepath.Join("testdata", "extra-article.md"),
	}
	type event struct {
		i      int
		status string
	}
	var events []event
	got := lib.AddMany(ctx, "", refs, func(i int, s string) { events = append(events, event{i, s}) })
	if len(got) != len(refs) {
		t.Fatalf("%d results for %d references", len(got), len(refs))
	}
	var ie *Error
	var dup *retrieval.DuplicateError
	checks := []struct {
		name string
		ok   bool
	}{
		{"file loaded", got[0].Err == nil && got[0].Source.ID == "nordic-baltic-statement"},
		{"URL loaded", got[1].Err == nil && got[1].Source.URL == "https://example.org/nordic"},
		{"missing file", errors.As(got[2].Err, &ie) && strings.HasPrefix(Friendly(got[2].Err), "Cannot read ")},
		{"not http", errors.As(got[3].Err, &ie) && Friendly(got[3].Err) == "Only http and https URLs can be loaded."},
		{"text file loaded", got[4].Err == nil && got[4].Source.Chunks > 0},
		{"the first file again", errors.As(got[5].Err, &dup) && dup.Existing.ID == "nordic-baltic-statement"},
	}
	for i, c := range checks {
		if !c.ok {
			t.Errorf("%s: %+v, %v", c.name, got[i].Source, got[i].Err)
		}
		if got[i].Ref != refs[i] {
			t.Errorf("result %d is for %q, want %q", i, got[i].Ref, refs[i])
		}
	}
	if emb.calls != 1 {
		t.Errorf("three articles took %d embedding calls, want 1", emb.calls)
	}
	if len(idx.Sources()) != 3 {
		t.Errorf("sources %v, want 3", ids(idx.Sources()))
	}
	if calls := f.calls(); !slices.Equal(calls, []string{"https://example.org/nordic"}) {
		t.Errorf("fetched %q", calls)
	}
	// Reading is reported per reference, storing once for all.
	want := []event{{0, "reading extra-article.md"}, {1, "fetching https://example.org/nordic"}, {4, "reading second.txt"}, {5, "reading extra-article.md"},
		{6, fmt.Sprintf("embedding %d passages", idx.Len())}, {6, "saving"}}
	if !slices.Equal(events, want) {
		t.Errorf("progress %v, want %v", events, want)
	}

	// Nothing to store: no call at all.
	emb.calls = 0
	if got := lib.AddMany(ctx, "", []string{filepath.Join(dir, "missing.md")}, nil); got[0].Err == nil || emb.calls != 0 {
		t.Errorf("a missing file: %v, %d embedding calls", got[0].Err, emb.calls)
	}
}
