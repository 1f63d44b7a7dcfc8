package data

import (
	"io/fs"
	"regexp"
	"strings"
	"testing"
)

// article is one built-in file split into its front matter and body.
type article struct {
	name string
	meta map[string]string
	body string
}

// parse splits a file into "key: value" front matter lines and the body.
// It reports ok=false when the file does not start with a front matter block.
func parse(name, text string) (article, bool) {
	a := article{name: name, meta: map[string]string{}}
	rest, found := strings.CutPrefix(text, "---\n")
	if !found {
		return a, false
	}
	fm, body, found := strings.Cut(rest, "\n---\n")
	if !found {
		return a, false
	}
	for _, line := range strings.Split(fm, "\n") {
		k, v, _ := strings.Cut(line, ":")
		a.meta[strings.TrimSpace(k)] = strings.TrimSpace(v)
	}
	a.body = body
	return a, true
}

func loadAll(t *testing.T) []article {
	t.Helper()
	names, err := fs.Glob(Articles(), "*.md")
	if err != nil {
		t.Fatalf("fs.Glob: %v", err)
	}
	if got, want := len(names), 5; got != want {
		t.Fatalf("number of articles = %d, want %d (%v)", got, want, names)
	}
	var out []article
	for _, name := range names {
		b, err := fs.ReadFile(Articles(), name)
		if err != nil {
			t.Fatalf("ReadFile(%q): %v", name, err)
		}
		a, ok := parse(name, string(b))
		if !ok {
			t.Fatalf("%s: no front matter block", name)
		}
		out = append(out, a)
	}
	return out
}

var (
	idPattern   = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	datePattern = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	knownKeys   = map[string]bool{"id": true, "title": true, "outlet": true, "published": true, "authors": true, "url": true, "note": true}
)

func TestFrontMatter(t *testing.T) {
	seen := map[string]string{}
	for _, a := range loadAll(t) {
		t.Run(a.name, func(t *testing.T) {
			id := a.meta["id"]
			if !idPattern.MatchString(id) {
				t.Errorf("id = %q, want a lowercase [a-z0-9-] slug", id)
			}
			if got, want := a.name, id+".md"; got != want {
				t.Errorf("file name = %q, want %q", got, want)
			}
			if prev, dup := seen[id]; dup {
				t.Errorf("id %q also used by %s", id, prev)
			}
			seen[id] = a.name
			if a.meta["title"] == "" {
				t.Errorf("title is missing or empty")
			}
			for k, v := range a.meta {
				if !knownKeys[k] {
					t.Errorf("unknown front matter key %q", k)
				}
				if v == "" {
					t.Errorf("key %q is present but empty; omit it instead", k)
				}
			}
			if p, ok := a.meta["published"]; ok && !datePattern.MatchString(p) {
				t.Errorf("published = %q, want YYYY-MM-DD", p)
			}
			if strings.TrimSpace(a.body) == "" {
				t.Errorf("body is empty")
			}
		})
	}
}

// TestMetadata pins the front matter decisions for each seed, so that a
// re-clean cannot silently invent or drop an outlet, date or author.
func TestMetadata(t *testing.T) {
	byID := map[string]article{}
	for _, a := range loadAll(t) {
		byID[a.meta["id"]] = a
	}
	tests := []struct {
		id        string
		outlet    string
		published string
		authors   string
		url       string
	}{
		{id: "allies-redraw-ukraine-security-future"},
		{id: "ukraine-allies-unveil-security-guarantees", published: "2026-01-07"},
		{id: "ap-what-to-know-security-guarantees", outlet: "The Associated Press", published: "2026-01-07", authors: "Thomas Adamson, Sylvie Corbet"},
		{id: "paris-declaration-multinational-force-ukraine"},
		{id: "security-guarantees-paris-2026-trump-factor"},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			a, ok := byID[tt.id]
			if !ok {
				t.Fatalf("no article with id %q", tt.id)
			}
			for _, kv := range []struct{ key, want string }{
				{"outlet", tt.outlet}, {"published", tt.published}, {"authors", tt.authors}, {"url", tt.url},
			} {
				if got := a.meta[kv.key]; got != kv.want {
					t.Errorf("%s = %q, want %q", kv.key, got, kv.want)
				}
			}
		})
	}
}

func TestNoBoilerplate(t *testing.T) {
	boilerplate := []string{
		"Advertisement",
		"Must read",
		"More articles",
		"Latest article",
		"Latest news",
		".png)",
		".jpeg)",
		"pic.twitter.com",
		"Sign in to join",
		"Share your thoughts",
		"Related Articles",
		"Every article pushes back",
		"about the writer",
		"More from World",
		"See More",
		"This content is AI-generated",
		"Follow the AP's coverage",
	}
	for _, a := range loadAll(t) {
		for _, s := range boilerplate {
			if strings.Contains(a.body, s) {
				t.Errorf("%s: body still contains boilerplate %q", a.name, s)
			}
		}
	}
}

func TestKeyFactsSurvive(t *testing.T) {
	byID := map[string]string{}
	for _, a := range loadAll(t) {
		byID[a.meta["id"]] = a.body
	}
	tests := []struct {
		id   string
		fact string
	}{
		{"allies-redraw-ukraine-security-future", "15,000 to 20,000 troops"},
		{"allies-redraw-ukraine-security-future", "Around 30 leaders"},
		{"allies-redraw-ukraine-security-future", "Élysée Palace"},
		{"allies-redraw-ukraine-security-future", `Mark Carney (@MarkJCarney), January 6, 2026: "Thank you to President @EmmanuelMacron`},
		{"allies-redraw-ukraine-security-future", "“supervised” by the United States"},
		{"ukraine-allies-unveil-security-guarantees", "US backs post-ceasefire guarantees"},
		{"ukraine-allies-unveil-security-guarantees", "January 7, 2026: Ukraine’s key allies"},
		{"ukraine-allies-unveil-security-guarantees", "broader settlement"},
		{"ukraine-allies-unveil-security-guarantees", "non-combat, reassurance role"},
		{"ap-what-to-know-security-guarantees", "''the first line of defense and deterrence,''"},
		{"ap-what-to-know-security-guarantees", "''significant step''"},
		{"ap-what-to-know-security-guarantees", "broader settlement"},
		{"ap-what-to-know-security-guarantees", "comprehensive settlement"},
		{"ap-what-to-know-security-guarantees", "35 participants attended in person, including 27 heads of state or government"},
		{"ap-what-to-know-security-guarantees", "Ukraine 's allies"},
		{"ap-what-to-know-security-guarantees", "Geir Moulson in Berlin and Illia Novikov"},
		{"paris-declaration-multinational-force-ukraine", "axis of war"},
		{"paris-declaration-multinational-force-ukraine", "enormous consequences"},
		{"paris-declaration-multinational-force-ukraine", "Ukraine is not a NATO member"},
		{"paris-declaration-multinational-force-ukraine", "Élysée Palace"},
		{"paris-declaration-multinational-force-ukraine", "£21.8 billion"},
		{"paris-declaration-multinational-force-ukraine", "Sweden, Turkey, and Belgium. lean toward"},
		{"security-guarantees-paris-2026-trump-factor", "129 drones"},
		{"security-guarantees-paris-2026-trump-factor", "force of reassurance"},
	}
	for _, tt := range tests {
		body, ok := byID[tt.id]
		if !ok {
			t.Errorf("no article with id %q", tt.id)
			continue
		}
		if got := strings.Contains(body, tt.fact); !got {
			t.Errorf("%s: contains %q = %v, want true", tt.id, tt.fact, got)
		}
	}
}

// TestLeadOnce checks that the AP lead, printed twice on the page, was kept once.
func TestLeadOnce(t *testing.T) {
	for _, a := range loadAll(t) {
		if a.meta["id"] != "ap-what-to-know-security-guarantees" {
			continue
		}
		const lead = "After nearly four years of war and continued Russian attacks"
		if got, want := strings.Count(a.body, lead), 1; got != want {
			t.Errorf("lead appears %d times, want %d", got, want)
		}
	}
}

// TestParagraphs checks the body layout: blank-line separated paragraphs,
// no runs of blank lines, no trailing spaces and a final newline.
func TestParagraphs(t *testing.T) {
	for _, a := range loadAll(t) {
		if strings.Contains(a.body, "\n\n\n") {
			t.Errorf("%s: more than one blank line between paragraphs", a.name)
		}
		if !strings.HasSuffix(a.body, "\n") || strings.HasSuffix(a.body, "\n\n") {
			t.Errorf("%s: body should end with exactly one newline", a.name)
		}
		for i, line := range strings.Split(a.body, "\n") {
			if strings.TrimRight(line, " \t") != line {
				t.Errorf("%s: body line %d has trailing whitespace", a.name, i+1)
			}
		}
	}
}
