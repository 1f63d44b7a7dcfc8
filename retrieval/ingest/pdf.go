package ingest

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"github.com/ledongthuc/pdf"
)

// Limits on walking a PDF page tree, so that a hostile file (a huge /Count,
// a cycle in /Kids) cannot keep the parser busy forever.
const (
	maxPDFPages     = 2000
	maxPDFTreeNodes = 10000
	maxPDFTreeDepth = 32
)

// parsePDF extracts the text layer of a PDF, and its title, author and
// creation date from the document information dictionary. Parser panics on
// malformed files become "that PDF could not be read: ..." refusals.
func parsePDF(data []byte) (doc Document, err error) {
	defer func() {
		if r := recover(); r != nil {
			doc = Document{}
			err = &RefusedError{
				Reason: "that PDF could not be read: " + shorten(fmt.Sprint(r)),
				Err:    fmt.Errorf("pdf parser panic: %v", r),
			}
		}
	}()
	r, err := pdf.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return Document{}, &RefusedError{Reason: "that PDF could not be read: " + shorten(err.Error()), Err: err}
	}
	list := pdfPages(r)
	if len(list) == 0 {
		return Document{}, refuse("that PDF could not be read: it has no pages")
	}
	var pages []string
	for i, p := range list {
		text, err := p.GetPlainText(nil)
		if err != nil {
			return Document{}, &RefusedError{Reason: fmt.Sprintf("that PDF could not be read: page %d: %s", i+1, shorten(err.Error())), Err: err}
		}
		pages = append(pages, text)
	}
	info := r.Trailer().Key("Info")
	doc.Title = normaliseLine(info.Key("Title").Text())
	doc.Authors = splitAuthors(info.Key("Author").Text())
	doc.Published = pdfDate(info.Key("CreationDate").Text())
	// Pages are cleaned together, so that a reference list running over a
	// page break goes whole.
	doc.setBody(cleanBody(strings.Join(pages, "\n\n")))
	if doc.Text == "" {
		return Document{}, refuse("that PDF has no text layer (scanned image?)")
	}
	if doc.Title == "" {
		doc.Title, doc.Text = titleFromFirstLine(doc.Text)
	}
	return doc, nil
}

// pdfPages lists the pages of r in order. Unlike pdf.Reader.Page it bounds
// the walk (depth, nodes, pages), so cyclic or absurd page trees terminate.
func pdfPages(r *pdf.Reader) []pdf.Page {
	var pages []pdf.Page
	nodes := 0
	var walk func(v pdf.Value, depth int)
	walk = func(v pdf.Value, depth int) {
		if depth > maxPDFTreeDepth || nodes >= maxPDFTreeNodes || len(pages) >= maxPDFPages {
			return
		}
		nodes++
		kind := v.Key("Type").Name()
		switch {
		case kind == "Pages" || kind == "" && v.Key("Kids").Kind() == pdf.Array:
			kids := v.Key("Kids")
			for i := 0; i < kids.Len() && nodes < maxPDFTreeNodes && len(pages) < maxPDFPages; i++ {
				walk(kids.Index(i), depth+1)
			}
		case kind == "Page" || kind == "" && !v.Key("Contents").IsNull():
			pages = append(pages, pdf.Page{V: v})
		}
	}
	walk(r.Trailer().Key("Root").Key("Pages"), 0)
	return pages
}

// shorten keeps a library's error text short enough for a one-line reply.
func shorten(s string) string {
	s = normaliseLine(s)
	if runeCount(s) <= 160 {
		return s
	}
	return string([]rune(s)[:160]) + "…"
}

// pdfDate converts a PDF date ("D:20260106183000+01'00'") to YYYY-MM-DD,
// or "" when it is not one.
func pdfDate(s string) string {
	s = strings.TrimPrefix(strings.TrimSpace(s), "D:")
	if len(s) < 8 || !allIn(s[:8], "0123456789") {
		return ""
	}
	t, err := time.Parse("20060102", s[:8])
	if err != nil {
		return ""
	}
	return t.Format("2006-01-02")
}
