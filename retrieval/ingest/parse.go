package ingest

import (
	"context"
	"fmt"
	"net/http"
	"path"
	"regexp"
	"strconv"
	"strings"
)

// supportedFiles lists the file types ParseFile accepts, for error sentences.
const supportedFiles = ".txt, .md, .markdown, .html, .htm and .pdf"

// ParseFile parses an uploaded file, choosing the format by the extension of
// name (case-insensitive): .txt, .md/.markdown (with optional front matter),
// .html/.htm and .pdf. ID defaults to the slug of the file name and Title to
// the file name when the file names neither. The text is cleaned of
// boilerplate like every document's (see the package documentation).
// Unreadable input is refused with a *RefusedError.
func ParseFile(name string, data []byte) (Document, error) {
	return ParseFileContext(context.Background(), name, data, Limits{})
}

// ParseFileContext is ParseFile with a context, which cancels the parse of a
// PDF, and limits on extracting a PDF (zero fields take the defaults).
func ParseFileContext(ctx context.Context, name string, data []byte, lim Limits) (Document, error) {
	base := path.Base(strings.ReplaceAll(name, `\`, "/"))
	ext := path.Ext(base)
	stem := strings.TrimSuffix(base, ext)
	ext = strings.ToLower(ext)

	var doc Document
	var err error
	switch ext {
	case ".txt", ".md", ".markdown":
		text, ok := decodeFile(data)
		if !ok || looksBinary(text) {
			return Document{}, refuse("that file is not text")
		}
		if ext == ".txt" {
			doc = parseText(text)
		} else {
			doc = parseMarkdown(text)
		}
		if doc.Text == "" {
			return Document{}, refuse("that file has no text")
		}
	case ".html", ".htm":
		doc, err = parseHTML(data, "", "", "file")
	case ".pdf":
		doc, err = parsePDF(ctx, data, lim)
	case "", ".":
		return Document{}, refuse("that file has no extension; supported types are " + supportedFiles)
	default:
		shown := ext
		if len(shown) > 16 || !allIn(shown, ".abcdefghijklmnopqrstuvwxyz0123456789_-") {
			shown = "files of that type"
		} else {
			shown += " files"
		}
		return Document{}, refuse(fmt.Sprintf("%s cannot be loaded; supported types are %s", shown, supportedFiles))
	}
	if err != nil {
		return Document{}, err
	}
	if doc.ID == "" {
		doc.ID = slug(stem)
	}
	if doc.Title == "" {
		doc.Title = humanise(stem)
	}
	return doc, nil
}

// ParseResponse parses a fetched body by its Content-Type (sniffed from the
// body when empty): text/html, application/xhtml+xml, text/plain,
// text/markdown (or text/x-markdown) and application/pdf; other types are
// refused. finalURL is the URL the body came from, after redirects. The text
// is cleaned of boilerplate like every document's (see the package
// documentation). A response with under about 200 characters of text is
// refused.
func ParseResponse(contentType, finalURL string, body []byte) (Document, error) {
	return ParseResponseContext(context.Background(), contentType, finalURL, body, Limits{})
}

// ParseResponseContext is ParseResponse with a context, which cancels the
// parse of a PDF, and limits on extracting a PDF (zero fields take the
// defaults).
func ParseResponseContext(ctx context.Context, contentType, finalURL string, body []byte, lim Limits) (Document, error) {
	mt := mediaType(contentType)
	if mt == "" {
		contentType = http.DetectContentType(body)
		mt = mediaType(contentType)
	}
	page := httpURL(finalURL)

	var doc Document
	switch mt {
	case "text/html", "application/xhtml+xml":
		return parseHTML(body, finalURL, contentType, "page")
	case "text/plain", "text/markdown", "text/x-markdown":
		text := decodePlain(body, contentType)
		if looksBinary(text) {
			return Document{}, refuse("that page is not text")
		}
		if mt == "text/plain" {
			doc = parsePlain(text)
		} else {
			doc = parseMarkdown(text)
		}
	case "application/pdf":
		var err error
		if doc, err = parsePDF(ctx, body, lim); err != nil {
			return Document{}, err
		}
	default:
		return Document{}, refuse(fmt.Sprintf("that URL returned content of type %s, which cannot be loaded", printableType(mt)))
	}
	if runeCount(doc.Text) < minArticleChars {
		return Document{}, refuse(noTextReason("page"))
	}
	doc.URL = pickURL(doc.URL, page)
	if doc.Outlet == "" {
		doc.Outlet = hostOutlet(doc.URL)
	}
	if doc.Title == "" && page != nil {
		doc.Title = urlTitle(page.Path, page.Hostname())
	}
	return doc, nil
}

// urlTitle makes a fallback title from a URL path's last segment.
func urlTitle(p, hostName string) string {
	seg := path.Base(strings.TrimSuffix(p, "/"))
	seg = strings.TrimSuffix(seg, path.Ext(seg))
	if t := humanise(seg); t != "" && t != "." && t != "/" {
		return t
	}
	return strings.TrimPrefix(hostName, "www.")
}

// parseText parses a plain-text file: optional front matter as in Markdown,
// then the first non-empty line as the title if it is short and not a
// sentence, the rest as text.
func parseText(text string) Document {
	doc := Document{}
	if fm, body, ok := splitFrontMatter(text); ok {
		doc = frontMatterDocument(fm)
		text = body
	}
	doc.setBody(cleanBody(text))
	if doc.Title == "" {
		doc.Title, doc.Text = titleFromFirstLine(doc.Text)
	}
	return doc
}

// parsePlain parses a text/plain web page (no front matter: the server, not
// an admin, wrote it).
func parsePlain(text string) Document {
	var doc Document
	doc.setBody(cleanBody(text))
	doc.Title, doc.Text = titleFromFirstLine(doc.Text)
	return doc
}

// titleFromFirstLine splits off the first line of cleaned text as a title
// when it is short (at most 150 characters), does not end with a full stop,
// and is followed by more text; otherwise the title is "".
func titleFromFirstLine(text string) (title, rest string) {
	first, rest, found := strings.Cut(text, "\n")
	first, rest = strings.TrimSpace(first), strings.TrimSpace(rest)
	if !found || rest == "" || runeCount(first) > 150 || strings.HasSuffix(first, ".") {
		return "", text
	}
	return first, rest
}

// parseMarkdown parses Markdown with optional front matter: headings lose
// their # marks (the first one becomes the title when the front matter has
// none), image-only lines and rules are dropped, the rest is kept as text.
func parseMarkdown(text string) Document {
	doc := Document{}
	if fm, body, ok := splitFrontMatter(text); ok {
		doc = frontMatterDocument(fm)
		text = body
	}
	heading := regexp.MustCompile(`^#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$`)
	image := regexp.MustCompile(`^(?:\[?!\[[^\]]*\](?:\([^)]*\)|\[[^\]]*\])\]?(?:\([^)]*\))?|<img\b[^>]*>)$`)
	rule := regexp.MustCompile(`^(?:[-=*_][ \t]*){3,}$`)

	var out []string
	fence := false
	for _, line := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
			fence = !fence
			out = append(out, "")
			continue
		}
		if fence {
			out = append(out, line)
			continue
		}
		switch {
		case image.MatchString(t) || rule.MatchString(t):
			out = append(out, "")
			continue
		case heading.MatchString(t):
			h := heading.FindStringSubmatch(t)[1]
			if doc.Title == "" {
				doc.Title = normaliseLine(h)
				continue
			}
			out = append(out, "", h, "")
			continue
		}
		out = append(out, line)
	}
	doc.setBody(cleanBody(strings.Join(out, "\n")))
	doc.Text = dropLeadingTitle(doc.Text, doc.Title)
	return doc
}

// splitFrontMatter separates a leading block between "---" lines (closed by
// "---" or "...") from the body. ok is false when there is no such block.
func splitFrontMatter(text string) (fm map[string][]string, body string, ok bool) {
	t := strings.TrimLeft(strings.ReplaceAll(text, "\r\n", "\n"), "\ufeff \t\n")
	lines := strings.Split(t, "\n")
	if strings.TrimSpace(lines[0]) != "---" {
		return nil, text, false
	}
	for i := 1; i < len(lines); i++ {
		if l := strings.TrimSpace(lines[i]); l == "---" || l == "..." {
			return parseFrontMatter(lines[1:i]), strings.Join(lines[i+1:], "\n"), true
		}
	}
	return nil, text, false
}

// parseFrontMatter reads the simple YAML used in article front matter:
// "key: value", "key: [a, b]" and block lists ("key:" then "- a" lines).
// Keys are lower-cased; every value is a list. It is not a YAML parser on
// purpose: front matter written by hand (the built-in articles too) has titles
// such as "Troops, US Backing: Allies Redraw…", which YAML refuses, losing
// every key of the block.
func parseFrontMatter(lines []string) map[string][]string {
	fm := map[string][]string{}
	key := ""
	for _, line := range lines {
		t := strings.TrimSpace(line)
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		if key != "" && (t == "-" || strings.HasPrefix(t, "- ")) {
			if v := unquote(strings.TrimSpace(t[1:])); v != "" {
				fm[key] = append(fm[key], v)
			}
			continue
		}
		k, v, ok := strings.Cut(t, ":")
		if !ok {
			continue
		}
		key = strings.ToLower(strings.TrimSpace(k))
		v = strings.TrimSpace(v)
		switch {
		case v == "":
			fm[key] = nil
		case strings.HasPrefix(v, "[") && strings.HasSuffix(v, "]"):
			var items []string
			for _, item := range strings.Split(v[1:len(v)-1], ",") {
				if item = unquote(strings.TrimSpace(item)); item != "" {
					items = append(items, item)
				}
			}
			fm[key] = items
		default:
			fm[key] = []string{unquote(v)}
		}
	}
	return fm
}

// frontMatterDocument maps front matter keys (id, title, outlet, published,
// authors, url, and the aliases source, date, author, link) onto a Document.
func frontMatterDocument(fm map[string][]string) Document {
	first := func(keys ...string) string {
		for _, k := range keys {
			if v := fm[k]; len(v) > 0 {
				return normaliseLine(v[0])
			}
		}
		return ""
	}
	doc := Document{
		ID:     first("id"),
		Title:  first("title"),
		Outlet: first("outlet", "source", "publication", "site"),
	}
	if p := first("published", "date"); p != "" {
		doc.Published = normaliseDate(p)
	}
	authors := fm["authors"]
	if len(authors) == 0 {
		authors = fm["author"]
	}
	if len(authors) == 1 {
		doc.Authors = splitAuthors(authors[0])
	} else {
		for _, a := range authors {
			if a = normaliseLine(a); a != "" {
				doc.Authors = append(doc.Authors, a)
			}
		}
	}
	if u := httpURL(first("url", "link")); u != nil {
		doc.URL = u.String()
	}
	return doc
}

// unquote strips one pair of matching YAML quotes.
func unquote(s string) string {
	if len(s) >= 2 {
		switch {
		case s[0] == '"' && s[len(s)-1] == '"':
			if u, err := strconv.Unquote(s); err == nil {
				return u
			}
			return s[1 : len(s)-1]
		case s[0] == '\'' && s[len(s)-1] == '\'':
			return strings.ReplaceAll(s[1:len(s)-1], "''", "'")
		}
	}
	return s
}
