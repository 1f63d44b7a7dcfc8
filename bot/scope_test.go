package bot

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/summitbot/summitbot/data"
	"github.com/summitbot/summitbot/retrieval"
	"github.com/summitbot/summitbot/retrieval/ingest"
)

// articleFetcher returns a different article for each URL; a URL in block
// waits until its channel is closed (or ctx ends), to hold a load open.
type articleFetcher struct {
	block map[string]chan struct{}
	begun chan string // receives each URL as its load starts, if not nil
}

func (f *articleFetcher) Load(ctx context.Context, rawURL string) (ingest.Document, error) {
	if f.begun != nil {
		f.begun <- rawURL
	}
	if ch := f.block[rawURL]; ch != nil {
		select {
		case <-ch:
		case <-ctx.Done():
			return ingest.Document{}, ctx.Err()
		}
	}
	page, _, _ := strings.Cut(rawURL, "?")
	return ingest.Document{
		Title: "Article at " + page, URL: rawURL,
		Text: "A report published at " + page + " on the security guarantees for Ukraine agreed at the Paris summit by the coalition of the willing.",
	}, nil
}

func TestLibraryScopes(t *testing.T) {
	ctx := context.Background()
	lib := NewLibrary(newIndex(t), &articleFetcher{}, nil, nil)
	mustAdd := func(guild, url string) retrieval.Source {
		t.Helper()
		src, err := lib.Add(ctx, guild, url, nil)
		if err != nil {
			t.Fatalf("Add(%q, %q): %v", guild, url, err)
		}
		if src.Guild != guild {
			t.Fatalf("Add(%q, %q) stored the source in scope %q", guild, url, src.Guild)
		}
		return src
	}
	shared := mustAdd("", "https://example.org/shared")
	a := mustAdd("100", "https://example.org/a")
	b := mustAdd("200", "https://example.org/b")

	lists := []struct {
		guild string
		want  []string
	}{
		{"", []string{shared.ID}},
		{"100", []string{shared.ID, a.ID}},
		{"200", []string{shared.ID, b.ID}},
		{"300", []string{shared.ID}},
	}
	for _, tt := range lists {
		var got []string
		for _, s := range lib.List(tt.guild) {
			got = append(got, s.ID)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("List(%q) = %v, want %v", tt.guild, got, tt.want)
		}
	}

	removals := []struct {
		name     string
		guild    string
		id       string
		wantCode Code // "" for success
	}{
		{"another server's source is unknown", "200", a.ID, CodeUnknownSource},
		{"a shared source from a server", "200", shared.ID, CodeSharedSource},
		{"a server's source from the shared scope is unknown", "", a.ID, CodeUnknownSource},
		{"an unknown id", "100", "nope", CodeUnknownSource},
		{"a server's own source", "100", a.ID, ""},
		{"a shared source from the shared scope", "", shared.ID, ""},
	}
	for _, tt := range removals {
		t.Run(tt.name, func(t *testing.T) {
			_, err := lib.Remove(ctx, tt.guild, tt.id)
			switch {
			case tt.wantCode == "" && err != nil:
				t.Fatalf("Remove(%q, %q): %v", tt.guild, tt.id, err)
			case tt.wantCode != "" && !errors.Is(err, &Error{Code: tt.wantCode}):
				t.Fatalf("Remove(%q, %q) = %v, want code %s", tt.guild, tt.id, err, tt.wantCode)
			}
		})
	}
	if got := ids(lib.List("200")); !slices.Equal(got, []string{b.ID}) {
		t.Errorf("after the removals, server 200 sees %v, want only its own %s", got, b.ID)
	}
	if msg := Friendly(func() error { _, err := lib.Remove(ctx, "200", "nope"); return err }()); !strings.Contains(msg, `"nope"`) {
		t.Errorf("unknown source message = %q", msg)
	}
}

func TestLibraryGuildCap(t *testing.T) {
	ctx := context.Background()
	lib := NewLibrary(newIndex(t), &articleFetcher{}, nil, nil, WithMaxSourcesPerGuild(2))
	for i := range 2 {
		if _, err := lib.Add(ctx, "100", fmt.Sprintf("https://example.org/%d", i), nil); err != nil {
			t.Fatal(err)
		}
	}
	before := len(lib.List("100"))
	_, err := lib.Add(ctx, "100", "https://example.org/third", nil)
	if !errors.Is(err, &Error{Code: CodeTooManySources}) {
		t.Fatalf("third Add = %v, want %s", err, CodeTooManySources)
	}
	if want := "This server already has 2 sources, the most it can load; remove one before adding another."; Friendly(err) != want {
		t.Errorf("message = %q, want %q", Friendly(err), want)
	}
	if got := len(lib.List("100")); got != before {
		t.Errorf("the refused add changed the sources: %d, want %d", got, before)
	}
	// The cap is per server, and the shared corpus has none.
	if _, err := lib.Add(ctx, "200", "https://example.org/other", nil); err != nil {
		t.Errorf("another server's add: %v", err)
	}
	for i := range 3 {
		if _, err := lib.Add(ctx, "", fmt.Sprintf("https://example.org/shared-%d", i), nil); err != nil {
			t.Errorf("shared add %d: %v", i, err)
		}
	}
	// AddMany loads what fits and refuses the rest, each with the sentence.
	own := slices.DeleteFunc(lib.List("100"), func(s retrieval.Source) bool { return s.Guild != "100" })
	if _, err := lib.Remove(ctx, "100", own[0].ID); err != nil {
		t.Fatal(err)
	}
	res := lib.AddMany(ctx, "100", []string{"https://example.org/m1", "https://example.org/m2"}, nil)
	if res[0].Err != nil || !errors.Is(res[1].Err, &Error{Code: CodeTooManySources}) {
		t.Errorf("AddMany = %v, %v; want the first loaded and the second refused", res[0].Err, res[1].Err)
	}
}

func TestLibraryOneLoadPerGuild(t *testing.T) {
	ctx := context.Background()
	release := make(chan struct{})
	f := &articleFetcher{block: map[string]chan struct{}{"https://example.org/slow": release}, begun: make(chan string, 4)}
	lib := NewLibrary(newIndex(t), f, nil, nil)
	done := make(chan error, 1)
	go func() {
		_, err := lib.Add(ctx, "100", "https://example.org/slow", nil)
		done <- err
	}()
	<-f.begun // the slow load holds server 100's slot
	_, err := lib.Add(ctx, "100", "https://example.org/second", nil)
	if !errors.Is(err, &Error{Code: CodeLoadInProgress}) {
		t.Errorf("a second load in the same server = %v, want %s", err, CodeLoadInProgress)
	}
	up := Upload{Name: "a.txt", URL: "https://cdn.example/a.txt", Size: 10, ContentType: "text/plain"}
	if _, err := lib.AddUpload(ctx, "100", up, nil); !errors.Is(err, &Error{Code: CodeLoadInProgress}) {
		t.Errorf("an upload in the same server = %v, want %s", err, CodeLoadInProgress)
	}
	if _, err := lib.Add(ctx, "200", "https://example.org/elsewhere", nil); err != nil {
		t.Errorf("a load in another server: %v", err)
	}
	if _, err := lib.Add(ctx, "", "https://example.org/shared", nil); err != nil {
		t.Errorf("a shared load: %v", err)
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatalf("the slow load: %v", err)
	}
	// The slot is free again.
	if _, err := lib.Add(ctx, "100", "https://example.org/second", nil); err != nil {
		t.Errorf("a load after the first ended: %v", err)
	}
}

func TestAddUpload(t *testing.T) {
	ctx := context.Background()
	const signed = "https://cdn.discordapp.com/attachments/1/2/report.txt?ex=1&is=2&hm=signature"
	tests := []struct {
		name     string
		up       Upload
		wantCode Code
		wantMsg  string
	}{
		{"a text file", Upload{Name: "report.txt", URL: signed, Size: 2000, ContentType: "text/plain; charset=utf-8"}, "", ""},
		{"no declared type, known extension", Upload{Name: "report.md", URL: signed, Size: 2000}, "", ""},
		{"octet-stream, known extension", Upload{Name: "report.pdf", URL: signed, Size: 2000, ContentType: "application/octet-stream"}, "", ""},
		{"too large", Upload{Name: "big.pdf", URL: signed, Size: 6 << 20, ContentType: "application/pdf"}, CodeFileTooLarge,
			"The file big.pdf is 6 MB; the most that can be loaded is 5 MB."},
		{"an image", Upload{Name: "photo.png", URL: signed, Size: 2000, ContentType: "image/png"}, CodeFileType,
			"I can read .txt, .md, .html and .pdf files; photo.png is image/png."},
		{"an image named .pdf", Upload{Name: "photo.pdf", URL: signed, Size: 2000, ContentType: "image/png"}, CodeFileType,
			"I can read .txt, .md, .html and .pdf files; photo.pdf is image/png."},
		{"unknown type and extension", Upload{Name: "data.bin", URL: signed, Size: 2000}, CodeFileType,
			"I can read .txt, .md, .html and .pdf files; data.bin is of an unknown type."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &articleFetcher{begun: make(chan string, 1)}
			lib := NewLibrary(newIndex(t), f, nil, nil)
			src, err := lib.AddUpload(ctx, "100", tt.up, nil)
			if tt.wantCode != "" {
				if !errors.Is(err, &Error{Code: tt.wantCode}) || Friendly(err) != tt.wantMsg {
					t.Fatalf("AddUpload = %v (%q), want %s: %q", err, Friendly(err), tt.wantCode, tt.wantMsg)
				}
				if len(f.begun) != 0 || len(lib.List("100")) != 0 {
					t.Errorf("a refused upload was downloaded or stored")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if src.URL != "" || strings.Contains(fmt.Sprintf("%+v", lib.List("100")), "signature") {
				t.Errorf("the signed URL was stored: %+v", src)
			}
			if want := "uploaded file " + tt.up.Name; src.Outlet != want || src.Guild != "100" {
				t.Errorf("source = %+v, want outlet %q in scope 100", src, want)
			}
		})
	}
}

func TestAnswersStayInScope(t *testing.T) {
	ctx := context.Background()
	idx := newIndex(t) // the shared corpus index must not change
	if _, err := NewLibrary(idx, nil, data.Articles(), nil).SyncBuiltin(ctx); err != nil {
		t.Fatal(err)
	}
	const guild = "100"
	res := idx.AddAll(ctx, []retrieval.Document{{
		ID: "server-briefing", Title: "Server briefing on the coordination centre", Guild: guild,
		// On the index's topic (the summit's security guarantees), as a
		// server's briefing would be: a source far from it ranks below the
		// summit's articles (see TopicScope), which is not what this tests.
		Text: "Ukrainian officials said on Friday that the coordination centre in Kyiv planned under the Paris summit's security guarantees would open within weeks of any ceasefire. " +
			"The centre would publish a weekly report on ceasefire violations, the officials said.",
	}}, false, nil)
	if res[0].Err != nil {
		t.Fatal(res[0].Err)
	}
	e := newEngine(t, idx, nil, Options{})
	cites := func(a Answer) bool {
		return slices.ContainsFunc(a.Citations, func(c Citation) bool { return c.SourceID == "server-briefing" })
	}
	const question = "What would the coordination centre in Kyiv publish every week?"
	tests := []struct {
		name  string
		guild string
		want  bool
	}{
		{"the server's own question", guild, true},
		{"another server", "200", false},
		{"a direct message", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := e.Ask(ctx, Question{Text: question, Guild: tt.guild}, nil)
			if err != nil {
				t.Fatal(err)
			}
			if cites(a) != tt.want {
				t.Errorf("Ask in %q cites the server's source: %v, want %v\n%s", tt.guild, cites(a), tt.want, a.Text)
			}
			s, err := e.Summarize(ctx, SummaryRequest{Topic: "server-briefing", Guild: tt.guild}, nil)
			if err != nil {
				t.Fatal(err)
			}
			if cites(s) != tt.want {
				t.Errorf("summary of server-briefing in %q cites it: %v, want %v\n%s", tt.guild, cites(s), tt.want, s.Text)
			}
		})
	}
}
