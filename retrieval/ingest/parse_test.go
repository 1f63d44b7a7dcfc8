package ingest

import (
	"context"
	"errors"
	"math/rand"
	"os"
	"strings"
	"testing"
	"time"
)

// readFixture returns a file from testdata.
func readFixture(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestParseFile(t *testing.T) {
	tests := []struct {
		name string // file name given to ParseFile; the fixture is its lower-case base
		want Document
		// wantText holds substrings Text must contain; notText ones it must not.
		wantText []string
		notText  []string
	}{
		{
			name: "article.md",
			want: Document{
				ID:        "herald-2026-01-06-guarantees",
				Title:     "Paris talks: what the coalition agreed",
				Outlet:    "Example Herald",
				Published: "2026-01-06",
				Authors:   []string{"Jane Doe", "Pierre Martin"},
				URL:       "https://news.example.com/world/paris-talks-explainer",
			},
			wantText: []string{
				"Test fixture text. Leaders meeting in Paris on 6 January 2026 endorsed a\nframework",
				"\n\nThe multinational force\n\n",
				"\n\nCeasefire monitoring\n\n",
				"- A monitoring mechanism would be led by the United States.",
				"**parliamentary**",
				"Officials said no date was set for any deployment.",
			},
			notText: []string{"#", "![", "img/", "Advertisement", "---", "Paris talks: what the coalition agreed", "comment lines"},
		},
		{
			name: "ARTICLE.TXT",
			want: Document{
				ID:    "article",
				Title: "Coalition backs security guarantees at Paris summit",
			},
			wantText: []string{
				"Test fixture text. Leaders of the so-called coalition of the willing met in\nParis",
				"Ukraine.\n\nThe text foresees",
				"monitoring mechanism.\nSeveral governments",
			},
			notText: []string{"Sign in", "  ", "\n\n\n", "Coalition backs"},
		},
		{
			name: "article.html",
			want: Document{
				ID:        "article",
				Title:     "Leaders agree security guarantees framework in Paris",
				Outlet:    "Example Herald",
				Published: "2026-01-06",
				Authors:   []string{"Jane Doe", "Pierre Martin"},
				URL:       "https://news.example.com/world/paris-summit-guarantees",
			},
			wantText: []string{"coalition of the willing", ".\n\nThe declaration"},
			notText:  []string{"Reader comment", "Advertisement", "Share"},
		},
		{
			name: "article.pdf",
			want: Document{
				ID:        "article",
				Title:     "Paris summit PDF fixture",
				Published: "2026-01-06",
				Authors:   []string{"Jane Doe", "Pierre Martin"},
			},
			wantText: []string{
				"European leaders met in Paris on 6 January 2026 to discuss",
				"Several governments said troop deployments need parliamentary approval.",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseFile(tt.name, readFixture(t, strings.ToLower(tt.name)))
			if err != nil {
				t.Fatalf("ParseFile: %v", err)
			}
			text := got.Text
			got.Text = ""
			if !equalDocs(got, tt.want) {
				t.Errorf("ParseFile(%q) =\n%+v\nwant\n%+v", tt.name, got, tt.want)
			}
			for _, s := range tt.wantText {
				if !strings.Contains(text, s) {
					t.Errorf("Text lacks %q:\n%s", s, text)
				}
			}
			for _, s := range tt.notText {
				if strings.Contains(text, s) {
					t.Errorf("Text contains %q:\n%s", s, text)
				}
			}
		})
	}
}

// equalDocs compares two Documents field by field.
func equalDocs(a, b Document) bool {
	return a.ID == b.ID && a.Title == b.Title && a.Outlet == b.Outlet && a.Published == b.Published &&
		strings.Join(a.Authors, "|") == strings.Join(b.Authors, "|") && a.URL == b.URL && a.Text == b.Text
}

func TestParseFileRefusals(t *testing.T) {
	article := readFixture(t, "article.pdf")
	junk := make([]byte, 2048)
	rand.New(rand.NewSource(2)).Read(junk)

	tests := []struct {
		name string
		data []byte
		want string
	}{
		{name: "photo.png", data: []byte("\x89PNG\r\n"), want: ".png files cannot be loaded; supported types are .txt, .md, .markdown, .html, .htm and .pdf"},
		{name: "report.docx", data: []byte("PK\x03\x04"), want: "supported types are .txt"},
		{name: "README", data: []byte("hello"), want: "that file has no extension"},
		{name: "junk.txt", data: junk, want: "that file is not text"},
		{name: "nul.md", data: []byte("# Title\n\x00\x00\x00 binary"), want: "that file is not text"},
		{name: "latin1.txt", data: []byte("Caf\xe9 au lait, na\xefve r\xe9sum\xe9"), want: "that file is not text"},
		{name: "blank.txt", data: []byte("  \n\n\t\n"), want: "that file has no text"},
		{name: "only-front-matter.md", data: []byte("---\ntitle: x\n---\n"), want: "that file has no text"},
		{name: "junk.html", data: junk, want: "that file is not text"},
		{name: "nav.html", data: []byte(`<html><body><nav><a href="/">Home</a></nav><p>Short.</p></body></html>`), want: "no article text found in that file"},
		{name: "truncated.pdf", data: article[:len(article)/2], want: "that PDF could not be read: "},
		{name: "garbage.pdf", data: append([]byte("%PDF-1.4\n"), junk...), want: "that PDF could not be read: "},
		{name: "empty.pdf", data: nil, want: "that PDF could not be read: "},
		{name: "badobject.pdf", data: readFixture(t, "badobject.pdf"), want: "that PDF could not be read: "},
		{name: "scanned.pdf", data: readFixture(t, "scanned.pdf"), want: "that PDF has no text layer (scanned image?)"},
		{name: "cyclic.pdf", data: readFixture(t, "cyclic.pdf"), want: "that PDF could not be read: it has no pages"},
		{name: "deep.html", data: []byte(strings.Repeat("<div>", 100000) + strings.Repeat("text ", 100)), want: "that file is too deeply nested to read"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var doc Document
			var err error
			done := make(chan struct{})
			go func() {
				defer close(done)
				doc, err = ParseFile(tt.name, tt.data)
			}()
			select {
			case <-done:
			case <-time.After(10 * time.Second):
				t.Fatalf("ParseFile(%q) did not return within 10s", tt.name)
			}
			var refused *RefusedError
			if !errors.As(err, &refused) {
				t.Fatalf("ParseFile(%q) = %+v, %v; want *RefusedError containing %q", tt.name, doc, err, tt.want)
			}
			if got := refused.Error(); !strings.Contains(got, tt.want) {
				t.Errorf("ParseFile(%q) refused with %q; want it to contain %q", tt.name, got, tt.want)
			}
		})
	}
}

func TestParsePDFRecoversFromParserPanic(t *testing.T) {
	// badobject.pdf has a valid trailer but a corrupt page tree: the PDF
	// library panics while walking it, and parsePDF must turn that into an error.
	_, err := parsePDF(context.Background(), readFixture(t, "badobject.pdf"), Limits{})
	var refused *RefusedError
	if !errors.As(err, &refused) || refused.Err == nil || !strings.Contains(refused.Err.Error(), "panic") {
		t.Fatalf("parsePDF(badobject.pdf) = %v; want a refusal caused by a recovered panic", err)
	}
	if got, want := refused.Reason, "that PDF could not be read: unexpected delimiter"; !strings.HasPrefix(got, want) {
		t.Errorf("Reason = %q, want prefix %q", got, want)
	}
}

func TestParseResponse(t *testing.T) {
	long := strings.Repeat("The coalition of the willing met in Paris to discuss guarantees. ", 5)
	tests := []struct {
		name        string
		contentType string
		finalURL    string
		body        string
		wantTitle   string
		wantURL     string
		wantOutlet  string
		wantText    string
		wantErr     string
	}{
		{
			name:        "plain text",
			contentType: "text/plain; charset=utf-8",
			finalURL:    "https://www.example.org/reports/paris-summit.txt",
			body:        "Paris summit report\n\n" + long,
			wantTitle:   "Paris summit report",
			wantURL:     "https://www.example.org/reports/paris-summit.txt",
			wantOutlet:  "example.org",
			wantText:    "coalition of the willing",
		},
		{
			name:        "plain text windows-1252",
			contentType: "text/plain; charset=windows-1252",
			finalURL:    "https://example.org/notes/emmanuel-macron-remarks",
			body:        "\x93Un pas d\xe9cisif\x94, said the host. " + long,
			wantTitle:   "emmanuel macron remarks",
			wantURL:     "https://example.org/notes/emmanuel-macron-remarks",
			wantOutlet:  "example.org",
			wantText:    "“Un pas décisif”, said the host.",
		},
		{
			name:        "plain text front matter is not trusted",
			contentType: "text/plain",
			finalURL:    "https://example.org/a",
			body:        "---\nurl: https://other.example/\n---\n" + long,
			wantTitle:   "url: https://other.example/",
			wantURL:     "https://example.org/a",
			wantOutlet:  "example.org",
			wantText:    "coalition of the willing",
		},
		{
			name:        "markdown with same-site canonical url",
			contentType: "text/x-markdown",
			finalURL:    "https://example.org/raw/post.md",
			body:        "---\ntitle: Post\nurl: https://www.example.org/post\n---\n" + long,
			wantTitle:   "Post",
			wantURL:     "https://www.example.org/post",
			wantOutlet:  "example.org",
			wantText:    "guarantees.",
		},
		{
			name:        "html sniffed when content type is missing",
			contentType: "",
			finalURL:    "https://example.org/news/1",
			body:        "<!DOCTYPE html><html><head><title>Sniffed</title></head><body><article><p>" + long + "</p></article></body></html>",
			wantTitle:   "Sniffed",
			wantURL:     "https://example.org/news/1",
			wantOutlet:  "example.org",
			wantText:    "coalition of the willing",
		},
		{
			name:        "xhtml",
			contentType: "application/xhtml+xml",
			finalURL:    "https://example.org/x",
			body:        `<html xmlns="http://www.w3.org/1999/xhtml"><head><title>X</title></head><body><p>` + long + `</p></body></html>`,
			wantTitle:   "X",
			wantURL:     "https://example.org/x",
			wantOutlet:  "example.org",
			wantText:    "met in Paris",
		},
		{
			name:        "html in a declared legacy charset",
			contentType: "text/html; charset=iso-8859-1",
			finalURL:    "https://example.fr/a",
			body:        "<html><head><title>R\xe9union \xe0 Paris</title></head><body><p>La r\xe9union a eu lieu \xe0 Paris. " + long + "</p></body></html>",
			wantTitle:   "Réunion à Paris",
			wantURL:     "https://example.fr/a",
			wantOutlet:  "example.fr",
			wantText:    "La réunion a eu lieu à Paris.",
		},
		{
			name:        "html mislabelled utf-8",
			contentType: "text/html; charset=utf-8",
			finalURL:    "https://example.fr/b",
			body:        "<html><head><title>R\xe9union</title></head><body><p>D\xe9clar\xe9 \xe0 l'\xc9lys\xe9e, d\xe9cid\xe9, \xe9t\xe9. " + long + "</p></body></html>",
			wantTitle:   "Réunion",
			wantURL:     "https://example.fr/b",
			wantOutlet:  "example.fr",
			wantText:    "Déclaré à l'Élysée, décidé, été.",
		},
		{name: "image refused", contentType: "image/jpeg", body: "\xff\xd8\xff", wantErr: "content of type image/jpeg, which cannot be loaded"},
		{name: "json refused", contentType: "application/json", body: `{"a":1}`, wantErr: "content of type application/json"},
		{name: "hostile type not echoed", contentType: "text/<script>", body: "x", wantErr: "content of type (unrecognised)"},
		{name: "short plain text", contentType: "text/plain", finalURL: "https://example.org/", body: "Not found", wantErr: "no article text found on that page"},
		{name: "binary plain text", contentType: "text/plain", body: "\x00\x01\x02\x03 abc", wantErr: "that page is not text"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := ParseResponse(tt.contentType, tt.finalURL, []byte(tt.body))
			if tt.wantErr != "" {
				var refused *RefusedError
				if !errors.As(err, &refused) || !strings.Contains(refused.Reason, tt.wantErr) {
					t.Fatalf("ParseResponse = %+v, %v; want refusal containing %q", doc, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseResponse: %v", err)
			}
			if doc.Title != tt.wantTitle || doc.URL != tt.wantURL || doc.Outlet != tt.wantOutlet || !strings.Contains(doc.Text, tt.wantText) {
				t.Errorf("ParseResponse = %+v\nwant title %q, url %q, outlet %q, text with %q", doc, tt.wantTitle, tt.wantURL, tt.wantOutlet, tt.wantText)
			}
		})
	}
}

func TestParseHTMLFallbacks(t *testing.T) {
	para := "Officials from more than thirty countries gathered at the Élysée Palace for the talks on Ukraine. "
	tests := []struct {
		name      string
		html      string
		wantTitle string
		wantText  string
		wantErr   string
	}{
		{
			name:      "bare paragraphs",
			html:      "<p>" + strings.Repeat(para, 3) + "</p><p>Second paragraph.</p>",
			wantTitle: "",
			wantText:  "Élysée Palace",
		},
		{
			name:      "text outside paragraphs, chrome dropped",
			html:      "<html><head><title>Fallback title</title><script>var x = 1;</script></head><body><nav>Menu Home World</nav><div>" + strings.Repeat(para, 4) + "</div><footer>Footer text</footer></body></html>",
			wantTitle: "Fallback title",
			wantText:  "thirty countries",
		},
		{name: "empty", html: "", wantErr: "no article text found on that page"},
		{name: "script only", html: "<script>" + strings.Repeat("var a = 1;", 100) + "</script>", wantErr: "no article text found on that page"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := ParseHTML([]byte(tt.html), "")
			if tt.wantErr != "" {
				var refused *RefusedError
				if !errors.As(err, &refused) || refused.Reason != tt.wantErr {
					t.Fatalf("ParseHTML = %+v, %v; want refusal %q", doc, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseHTML: %v", err)
			}
			if doc.Title != tt.wantTitle || !strings.Contains(doc.Text, tt.wantText) {
				t.Errorf("ParseHTML = %+v; want title %q and text with %q", doc, tt.wantTitle, tt.wantText)
			}
			for _, bad := range []string{"var x", "Menu Home", "Footer text"} {
				if strings.Contains(doc.Text, bad) {
					t.Errorf("Text contains %q:\n%s", bad, doc.Text)
				}
			}
		})
	}
}

func TestTagDepthExceeds(t *testing.T) {
	tests := []struct {
		name string
		html string
		want bool
	}{
		{name: "nested divs", html: strings.Repeat("<div>", 600), want: true},
		{name: "tags inside script are text", html: "<script>" + strings.Repeat("<div>", 600) + "</script>", want: false},
		{name: "closed divs", html: strings.Repeat("<div>x</div>", 5000), want: false},
		{name: "unclosed paragraphs", html: strings.Repeat("<p>para", 5000), want: false},
		{name: "void elements", html: strings.Repeat("<br><img src=x><hr>", 5000), want: false},
		{name: "list items", html: "<ul>" + strings.Repeat("<li>item", 5000) + "</ul>", want: false},
	}
	for _, tt := range tests {
		if got := tagDepthExceeds(tt.html, 512); got != tt.want {
			t.Errorf("%s: tagDepthExceeds = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestFrontMatter(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want Document
	}{
		{
			name: "inline list",
			in:   "---\nauthors: [Jane Doe, 'Pierre Martin']\n---\nBody",
			want: Document{Authors: []string{"Jane Doe", "Pierre Martin"}, Text: "Body"},
		},
		{
			name: "comma separated",
			in:   "---\nauthors: Jane Doe, Pierre Martin\n---\nBody",
			want: Document{Authors: []string{"Jane Doe", "Pierre Martin"}, Text: "Body"},
		},
		{
			name: "block list and aliases",
			in:   "---\nauthor:\n  - Jane Doe\n  - \"Pierre Martin\"\ndate: 2026-01-06\nsource: Example Herald\n---\nBody",
			want: Document{Authors: []string{"Jane Doe", "Pierre Martin"}, Published: "2026-01-06", Outlet: "Example Herald", Text: "Body"},
		},
		{
			name: "quoted title with colon, odd date kept",
			in:   "---\ntitle: \"Paris: day one\"\npublished: early January\nurl: javascript:alert(1)\n---\nBody",
			want: Document{Title: "Paris: day one", Published: "early January", Text: "Body"},
		},
		{
			name: "unclosed front matter is text",
			in:   "---\ntitle: x\nBody",
			want: Document{Text: "title: x\nBody"},
		},
		{
			// Not valid YAML (": " in a plain scalar), as the built-in
			// articles write titles: a YAML parser refuses the whole block.
			name: "unquoted title with colon",
			in:   "---\nid: a1\ntitle: 15,000–30,000 Troops, US Backing: Allies Redraw Ukraine’s Security Future\n---\nBody",
			want: Document{ID: "a1", Title: "15,000–30,000 Troops, US Backing: Allies Redraw Ukraine’s Security Future", Text: "Body"},
		},
		{
			name: "closed by dots, after a byte order mark and blank lines",
			in:   "\ufeff\n\n---\nid: a1\n...\nBody",
			want: Document{ID: "a1", Text: "Body"},
		},
		{
			name: "keys in any case",
			in:   "---\nTitle: T\nURL: https://example.org/a\n---\nBody",
			want: Document{Title: "T", URL: "https://example.org/a", Text: "Body"},
		},
		{
			name: "CRLF line endings",
			in:   "---\r\nid: a1\r\ntitle: T\r\n---\r\nBody\r\n",
			want: Document{ID: "a1", Title: "T", Text: "Body"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := parseMarkdown(tt.in); !equalDocs(got, tt.want) {
				t.Errorf("parseMarkdown(%q) =\n%+v\nwant\n%+v", tt.in, got, tt.want)
			}
		})
	}
}

func TestCleanText(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{in: "  a \t b  \r\n\r\n\r\n\r\nc\u00a0d ", want: "a b\n\nc d"},
		{in: "line one\nline two", want: "line one\nline two"},
		{in: "para\n\nAdvertisement\n\nnext", want: "para\n\nnext"},
		{in: "para\nShare on Facebook Share on X\nShare this article:\nSIGN IN\n• Advertisement •\nnext", want: "para\nnext"},
		{in: "Sign in to the ministry's portal to read the full text.", want: "Sign in to the ministry's portal to read the full text."},
		{in: "Advertisers left the market.", want: "Advertisers left the market."},
		{in: "zero\u200bwidth soft\u00adhyphen\x07bell", want: "zerowidth softhyphenbell"},
		{in: "\n\n\ntext\n\n\n", want: "text"},
	}
	for _, tt := range tests {
		if got := cleanBody(tt.in).text; got != tt.want {
			t.Errorf("cleanBody(%q).text = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSplitAuthorsAndDates(t *testing.T) {
	authorTests := []struct {
		in   string
		want string
	}{
		{"Jane Doe; Pierre Martin", "Jane Doe|Pierre Martin"},
		{"By Jane Doe and Pierre Martin", "Jane Doe|Pierre Martin"},
		{"Jane Doe, Jane Doe & Olena Kovalenko", "Jane Doe|Olena Kovalenko"},
		{"", ""},
	}
	for _, tt := range authorTests {
		if got := strings.Join(splitAuthors(tt.in), "|"); got != tt.want {
			t.Errorf("splitAuthors(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	dateTests := []struct {
		in   string
		want string
	}{
		{"2026-01-06", "2026-01-06"},
		{"2026-01-06T18:30:00+01:00", "2026-01-06"},
		{"6 January 2026", "2026-01-06"},
		{"January 6, 2026", "2026-01-06"},
		{"2026-01-06T18:30:00.000Z", "2026-01-06"},
		{"sometime", "sometime"},
	}
	for _, tt := range dateTests {
		if got := normaliseDate(tt.in); got != tt.want {
			t.Errorf("normaliseDate(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got, want := pdfDate("D:20260106120000+01'00'"), "2026-01-06"; got != want {
		t.Errorf("pdfDate = %q, want %q", got, want)
	}
}
