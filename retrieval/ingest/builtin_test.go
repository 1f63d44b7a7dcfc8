package ingest

import (
	"io/fs"
	"regexp"
	"strings"
	"testing"

	"github.com/summitbot/summitbot/data"
	"github.com/summitbot/summitbot/retrieval"
)

// builtinArticles parses every built-in article through ParseFile, as the
// bot loads them, keyed by file name, with each file's raw body.
func builtinArticles(t *testing.T) (docs map[string]Document, raw map[string]string) {
	t.Helper()
	names, err := fs.Glob(data.Articles(), "*.md")
	if err != nil || len(names) == 0 {
		t.Fatalf("no built-in articles: %v", err)
	}
	docs, raw = map[string]Document{}, map[string]string{}
	for _, name := range names {
		b, err := fs.ReadFile(data.Articles(), name)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := ParseFile(name, b)
		if err != nil {
			t.Fatalf("ParseFile(%s): %v", name, err)
		}
		docs[name] = doc
		_, body, _ := splitFrontMatter(string(b))
		raw[name] = body
	}
	return docs, raw
}

// TestBuiltinPassagesHaveNoBoilerplate chunks every built-in article as the
// index does and checks that no passage holds boilerplate: a credit line, a
// reference list, or any line a rule would remove.
func TestBuiltinPassagesHaveNoBoilerplate(t *testing.T) {
	docs, _ := builtinArticles(t)
	banned := regexp.MustCompile(`(?i)contributed to this report|^sources:|^references\b|^___|, \d{1,2} January 2026$|pic\.twitter\.com|advertisement|must read|related articles`)
	for name, doc := range docs {
		for _, c := range (retrieval.Chunker{}).Split(doc.ID, doc.Text) {
			for _, l := range strings.Split(c.Text, "\n") {
				if l = strings.TrimSpace(l); l == "" {
					continue
				}
				if banned.MatchString(l) {
					t.Errorf("%s passage %d: boilerplate line %q", name, c.Position, l)
				}
				if r, _, ok := matchLine(formsOf(l), false); ok {
					t.Errorf("%s passage %d: line %q matches rule %s", name, c.Position, l, r.name)
				}
			}
		}
	}
}

// TestBuiltinCleaningDropsOnlyBoilerplate pins, for every built-in article,
// the exact lines the cleaner removes, so that no rule can quietly take a
// real sentence; it also checks the metadata the articles keep.
func TestBuiltinCleaningDropsOnlyBoilerplate(t *testing.T) {
	want := map[string][]string{
		"ap-what-to-know-security-guarantees.md": {
			"___",
			"Associated Press writers Geir Moulson in Berlin and Illia Novikov in Kyiv, Ukraine contributed to this report.",
		},
		"paris-declaration-multinational-force-ukraine.md": {
			"Sources:",
			"Reuters, US backs security guarantees for Ukraine at summit of Kyiv’s allies in Paris, 6 January 2026",
			"DW, Ukraine: Allies endorse ‘robust’ security guarantees, 6 January 2026",
			"Anadolu Agency, UK, France, Ukraine issue details of declaration on multinational force deployment, 6 January 2026",
			"UK Government, Declaration of intent between the United Kingdom of Great Britain and Northern Ireland and Ukraine, 6 January 2026",
			"Xinhua / China Daily, Ukraine, France, UK sign declaration of intent on multinational forces deployment, 6 January 2026",
		},
	}
	docs, raw := builtinArticles(t)
	for name, doc := range docs {
		kept := map[string]bool{}
		for _, l := range strings.Split(doc.Text, "\n") {
			kept[l] = true
		}
		var dropped []string
		for _, l := range strings.Split(raw[name], "\n") {
			if l = normaliseLine(l); l != "" && !kept[l] && l != doc.Title {
				dropped = append(dropped, l)
			}
		}
		if got, w := strings.Join(dropped, "\n"), strings.Join(want[name], "\n"); got != w {
			t.Errorf("%s: cleaning dropped\n%s\nwant\n%s", name, got, w)
		}
	}
	ap := docs["ap-what-to-know-security-guarantees.md"]
	if ap.Outlet != "The Associated Press" || ap.Published != "2026-01-07" || strings.Join(ap.Authors, "|") != "Thomas Adamson|Sylvie Corbet" {
		t.Errorf("AP article metadata = %q, %q, %q; want the front matter's", ap.Outlet, ap.Published, ap.Authors)
	}
	const carney = `Mark Carney (@MarkJCarney), January 6, 2026: "Thank you to President @EmmanuelMacron`
	if !strings.Contains(docs["allies-redraw-ukraine-security-future.md"].Text, carney) {
		t.Errorf("the quoted post lost its author: want %q", carney)
	}
}
