package ingest

import (
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/go-shiori/go-readability"
	"github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"
)

// ParseHTML extracts the article from an HTML page: main text through
// go-trafilatura (no comments, navigation or ads), falling back to
// go-readability and then to a plain walk of the page when it fails or finds
// too little; metadata (title, site name as outlet, authors, date as
// YYYY-MM-DD, canonical URL) from the page's metadata. pageURL is where the
// page came from, or "" when unknown. A page with under about 200 characters
// of text is refused with "no article text found on that page".
func ParseHTML(data []byte, pageURL string) (Document, error) {
	return parseHTML(data, pageURL, "", "page")
}

// parseHTML is ParseHTML with the response's Content-Type (for its charset)
// and the noun ("page" or "file") used in error sentences.
func parseHTML(data []byte, pageURL, contentType, what string) (Document, error) {
	text := decodeHTML(data, contentType)
	if looksBinary(text) {
		return Document{}, refuse("that " + what + " is not text")
	}
	if tagDepthExceeds(text, maxHTMLDepth) {
		// html.Parse is quadratic in nesting depth and the extractors
		// recurse: refuse absurd nesting before parsing.
		return Document{}, refuse("that " + what + " is too deeply nested to read")
	}
	base := httpURL(pageURL)
	root, err := html.Parse(strings.NewReader(text))
	if err != nil {
		return Document{}, &RefusedError{Reason: "that " + what + " could not be read as HTML", Err: err}
	}

	if treeDepth(root, maxHTMLDepth) > maxHTMLDepth {
		return Document{}, refuse("that " + what + " is too deeply nested to read")
	}

	// The whole page's text without navigation: the last-resort fallback,
	// and a size check, since go-trafilatura slows down quadratically on
	// pages with megabytes of text (no news article has that much).
	plain := cleanBody(renderText(root, true))

	var main body
	var meta trafilatura.Metadata
	if runeCount(plain.text) <= maxTrafilaturaText {
		if res := extractTrafilatura(root, base); res != nil {
			meta = res.Metadata
			main = cleanBody(renderText(res.ContentNode, false))
		}
	}
	var art *readability.Article
	if runeCount(main.text) < minArticleChars || meta.Title == "" || meta.Date.IsZero() || meta.Author == "" {
		art = extractReadability(root, base)
	}
	if art != nil && runeCount(main.text) < minArticleChars && art.Node != nil {
		if t := cleanBody(renderText(art.Node, false)); runeCount(t.text) > runeCount(main.text) {
			main = t
		}
	}
	if runeCount(main.text) < minArticleChars && runeCount(plain.text) > runeCount(main.text) {
		main = plain
	}

	var doc Document
	doc.Title = normaliseLine(meta.Title)
	doc.Authors = splitAuthors(meta.Author)
	if !meta.Date.IsZero() {
		doc.Published = meta.Date.Format("2006-01-02")
	}
	doc.Outlet = normaliseLine(meta.Sitename)
	if art != nil {
		if doc.Title == "" {
			doc.Title = normaliseLine(art.Title)
		}
		if len(doc.Authors) == 0 {
			doc.Authors = splitAuthors(art.Byline)
		}
		if doc.Published == "" && art.PublishedTime != nil {
			doc.Published = art.PublishedTime.Format("2006-01-02")
		}
		if doc.Outlet == "" {
			doc.Outlet = normaliseLine(art.SiteName)
		}
	}
	if doc.Title == "" {
		doc.Title = fallbackTitle(root)
	}
	doc.setBody(main)
	doc.URL = pickURL(meta.URL, base)
	if doc.Outlet == "" {
		doc.Outlet = hostOutlet(doc.URL)
	}
	doc.Text = dropLeadingTitle(doc.Text, doc.Title)
	if runeCount(doc.Text) < minArticleChars {
		return Document{}, refuse(noTextReason(what))
	}
	return doc, nil
}

// maxTrafilaturaText is the most page text, in characters, handed to
// go-trafilatura; larger pages go to go-readability directly.
const maxTrafilaturaText = 300_000

// maxHTMLDepth is the deepest element nesting parseHTML accepts; real
// articles stay far below it.
const maxHTMLDepth = 512

// tagDepthExceeds estimates, in one linear tokenizer pass, whether the
// element nesting of an HTML text exceeds limit. Void elements and elements
// whose end tags are optional (p, li, td, ...) are not counted, since the
// parser closes those implicitly; everything else counts until closed.
func tagDepthExceeds(text string, limit int) bool {
	z := html.NewTokenizer(strings.NewReader(text))
	depth := 0
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return false
		case html.StartTagToken, html.EndTagToken:
			name, _ := z.TagName()
			if !countsForDepth(string(name)) {
				continue
			}
			if tt == html.EndTagToken {
				if depth > 0 {
					depth--
				}
				continue
			}
			if depth++; depth > limit {
				return true
			}
		}
	}
}

// countsForDepth reports whether a tag is neither void nor implicitly closed.
func countsForDepth(tag string) bool {
	switch tag {
	case "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
		"source", "track", "wbr", "keygen", "basefont", "bgsound", "frame", "image",
		"p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead", "tbody", "tfoot",
		"colgroup", "caption", "rb", "rt", "rtc", "rp", "html", "head", "body":
		return false
	}
	return true
}

// treeDepth returns the nesting depth of the tree under root, without
// recursion, stopping once it exceeds limit.
func treeDepth(root *html.Node, limit int) int {
	deepest, depth := 0, 0
	n := root
	for {
		if n.FirstChild != nil {
			n = n.FirstChild
			depth++
			if depth > deepest {
				deepest = depth
				if deepest > limit {
					return deepest
				}
			}
			continue
		}
		for n != root && n.NextSibling == nil {
			n = n.Parent
			depth--
		}
		if n == root {
			return deepest
		}
		n = n.NextSibling
	}
}

// noTextReason is the refusal for a page or file without enough text.
func noTextReason(what string) string {
	if what == "file" {
		return "no article text found in that file"
	}
	return "no article text found on that page"
}

// extractTrafilatura runs go-trafilatura, returning nil if it fails or panics.
func extractTrafilatura(root *html.Node, base *url.URL) (res *trafilatura.ExtractResult) {
	defer func() {
		if recover() != nil {
			res = nil
		}
	}()
	res, err := trafilatura.ExtractDocument(root, trafilatura.Options{
		OriginalURL:     base,
		EnableFallback:  true,
		ExcludeComments: true,
		HtmlDateMode:    trafilatura.Fast,
	})
	if err != nil || res == nil || res.ContentNode == nil {
		return nil
	}
	return res
}

// extractReadability runs go-readability, returning nil if it fails or panics.
func extractReadability(root *html.Node, base *url.URL) (art *readability.Article) {
	defer func() {
		if recover() != nil {
			art = nil
		}
	}()
	a, err := readability.FromDocument(root, base)
	if err != nil {
		return nil
	}
	return &a
}

// renderText turns an HTML tree into text, one paragraph per block element,
// paragraphs separated by blank lines. With skipChrome it also leaves out
// navigation, headers, footers, asides, forms and hidden elements (used on
// whole pages when the extractors found nothing).
func renderText(n *html.Node, skipChrome bool) string {
	var w blockWriter
	w.walk(n, skipChrome)
	w.flush()
	return w.out.String()
}

// blockWriter accumulates rendered text.
type blockWriter struct {
	out  strings.Builder
	line strings.Builder
}

// walk renders n and its descendants.
func (w *blockWriter) walk(n *html.Node, skipChrome bool) {
	if n == nil {
		return
	}
	switch n.Type {
	case html.TextNode:
		w.line.WriteString(strings.NewReplacer("\n", " ", "\r", " ").Replace(n.Data))
		return
	case html.ElementNode:
	case html.DocumentNode:
	default:
		return
	}
	tag := n.Data
	if n.Type == html.ElementNode {
		switch tag {
		case "script", "style", "noscript", "template", "svg", "math", "head", "title", "iframe",
			"object", "embed", "canvas", "button", "select", "option", "input", "textarea", "video", "audio":
			return
		case "br", "lb":
			w.line.WriteString("\n")
			return
		case "td", "th", "cell":
			w.line.WriteString(" ")
		}
		if skipChrome && isChrome(n) {
			return
		}
	}
	block := isBlock(tag)
	if block {
		w.flush()
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		w.walk(c, skipChrome)
	}
	if block {
		w.flush()
	}
}

// flush ends the current paragraph.
func (w *blockWriter) flush() {
	var lines []string
	for _, l := range strings.Split(w.line.String(), "\n") {
		if l = normaliseLine(l); l != "" {
			lines = append(lines, l)
		}
	}
	w.line.Reset()
	if len(lines) == 0 || letters(lines) < 4 {
		return // empty, or debris such as "and ·" left by removed by-line markup
	}
	if w.out.Len() > 0 {
		w.out.WriteString("\n\n")
	}
	w.out.WriteString(strings.Join(lines, "\n"))
}

// letters counts the letters in lines.
func letters(lines []string) int {
	n := 0
	for _, l := range lines {
		for _, r := range l {
			if unicode.IsLetter(r) {
				n++
			}
		}
	}
	return n
}

// textContent returns the text of n and its descendants on one line.
func textContent(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
			b.WriteByte(' ')
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return normaliseLine(b.String())
}

// isBlock reports whether an element (HTML, or go-trafilatura's internal
// names) starts a new paragraph.
func isBlock(tag string) bool {
	switch tag {
	case "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "head", "li", "item", "ul", "ol", "list",
		"dl", "dt", "dd", "blockquote", "quote", "pre", "table", "tr", "row", "section", "article",
		"main", "header", "footer", "aside", "nav", "figure", "figcaption", "address", "hr",
		"details", "summary", "body", "html", "form", "fieldset", "center", "caption":
		return true
	}
	return false
}

// isChrome reports whether an element is page furniture rather than content.
func isChrome(n *html.Node) bool {
	switch n.Data {
	case "nav", "header", "footer", "aside", "form", "menu", "dialog":
		return true
	}
	for _, a := range n.Attr {
		switch {
		case a.Key == "hidden":
			return true
		case a.Key == "aria-hidden" && a.Val == "true":
			return true
		case a.Key == "role" && (a.Val == "navigation" || a.Val == "banner" || a.Val == "contentinfo" || a.Val == "complementary"):
			return true
		}
	}
	return false
}

// fallbackTitle returns the page's <title>, else its first <h1>, else "".
func fallbackTitle(root *html.Node) string {
	for _, tag := range []string{"title", "h1"} {
		if n := findElement(root, tag); n != nil {
			if t := textContent(n); t != "" {
				return t
			}
		}
	}
	return ""
}

// findElement returns the first element named tag, depth first.
func findElement(n *html.Node, tag string) *html.Node {
	if n.Type == html.ElementNode && n.Data == tag {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if found := findElement(c, tag); found != nil {
			return found
		}
	}
	return nil
}

// dropLeadingTitle removes a first paragraph that merely repeats the title.
func dropLeadingTitle(text, title string) string {
	if title == "" {
		return text
	}
	first, rest, _ := strings.Cut(text, "\n\n")
	if strings.EqualFold(normaliseLine(first), normaliseLine(title)) {
		return rest
	}
	return text
}

// pickURL returns the page's canonical URL when it is an absolute http(s)
// URL on the same site as the page (a page may not claim another site's
// address), else the page's own URL; "" when neither is known.
func pickURL(canonical string, page *url.URL) string {
	canonical = strings.TrimSpace(canonical)
	var c *url.URL
	if canonical != "" {
		if page != nil {
			if ref, err := page.Parse(canonical); err == nil {
				c = httpURL(ref.String())
			}
		} else {
			c = httpURL(canonical)
		}
	}
	switch {
	case c != nil && (page == nil || sameSite(c.Hostname(), page.Hostname())):
		return c.String()
	case page != nil:
		return page.String()
	}
	return ""
}

// sameSite reports whether two host names belong to the same site: equal
// once "www." is dropped, or one a subdomain of the other.
func sameSite(a, b string) bool {
	a = strings.TrimPrefix(strings.ToLower(a), "www.")
	b = strings.TrimPrefix(strings.ToLower(b), "www.")
	return a == b || strings.HasSuffix(a, "."+b) || strings.HasSuffix(b, "."+a)
}

// httpURL parses s and returns it if it is an absolute http or https URL
// with a host, else nil.
func httpURL(s string) *url.URL {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil || u.Host == "" || u.User != nil {
		return nil
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
		u.Fragment, u.RawFragment = "", ""
		return u
	}
	return nil
}

// hostOutlet names an outlet after a URL's host, without "www.".
func hostOutlet(rawURL string) string {
	u := httpURL(rawURL)
	if u == nil {
		return ""
	}
	return strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
}

// runeCount counts characters.
func runeCount(s string) int { return utf8.RuneCountInString(s) }
