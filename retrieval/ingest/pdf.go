package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
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

// Limits bound the work of extracting the text of a PDF, so that a hostile
// file (a decompression bomb, a page of endless text) is refused or cut short
// quickly and in bounded memory. Zero fields take the defaults.
type Limits struct {
	// MaxDecoded caps the decompressed bytes of the page content streams
	// and font character maps, all pages together; a PDF over it is
	// refused. Default 10 × 5 MB.
	MaxDecoded int64
	// MaxPageDecoded caps the decompressed bytes of one page likewise: the
	// PDF library holds a page's text several times over while it reads it.
	// Default 10 MB.
	MaxPageDecoded int64
	// MaxText stops extraction once the pages read hold this many bytes of
	// text, more than the index takes from one source (2,000 passages of
	// about 600 characters); the index then refuses the source as too long.
	MaxText int
	// Timeout bounds the parse; a PDF not read by then is refused.
	// Default 10 s.
	Timeout time.Duration
}

// Defaults of Limits.
const (
	pdfDecodedPerByte  = 10 // MaxDecoded per byte of the source limit
	defaultMaxDecoded  = pdfDecodedPerByte * defaultMaxBytes
	defaultMaxPage     = 10 << 20
	defaultMaxPDFText  = 2000 * 600
	defaultPDFDeadline = 10 * time.Second
)

func (l Limits) withDefaults() Limits {
	if l.MaxDecoded <= 0 {
		l.MaxDecoded = defaultMaxDecoded
	}
	if l.MaxPageDecoded <= 0 {
		l.MaxPageDecoded = defaultMaxPage
	}
	if l.MaxText <= 0 {
		l.MaxText = defaultMaxPDFText
	}
	if l.Timeout <= 0 {
		l.Timeout = defaultPDFDeadline
	}
	return l
}

// ctxReaderAt fails every read once ctx is done. The PDF library reads the
// file, compressed streams included, through it, so a cancelled parse stops
// at its next read even inside a page (as a panic or an error the library
// reports).
type ctxReaderAt struct {
	ctx context.Context
	r   io.ReaderAt
}

func (c ctxReaderAt) ReadAt(p []byte, off int64) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.ReadAt(p, off)
}

// parsePDF extracts the text layer of a PDF, and its title, author and
// creation date from the document information dictionary. Parser panics on
// malformed files become "that PDF could not be read: ..." refusals. Before a
// page is parsed, its content streams and character maps are decompressed
// once into a counter, so a page over what is left of lim.MaxDecoded is
// refused before the library builds anything from it.
func parsePDF(ctx context.Context, data []byte, lim Limits) (doc Document, err error) {
	lim = lim.withDefaults()
	ctx, cancel := context.WithTimeout(ctx, lim.Timeout)
	defer cancel()
	defer func() {
		if r := recover(); r != nil {
			doc = Document{}
			err = pdfFailure(ctx, fmt.Sprint(r), fmt.Errorf("pdf parser panic: %v", r))
		}
	}()
	r, err := pdf.NewReader(ctxReaderAt{ctx, bytes.NewReader(data)}, int64(len(data)))
	if err != nil {
		return Document{}, pdfFailure(ctx, err.Error(), err)
	}
	list := pdfPages(r)
	if len(list) == 0 {
		return Document{}, refuse("that PDF could not be read: it has no pages")
	}
	var pages []string
	budget, size := lim.MaxDecoded, 0
	for i, p := range list {
		left, err := decodedBudget(p, min(budget, lim.MaxPageDecoded))
		if err != nil {
			return Document{}, pdfFailure(ctx, err.Error(), err)
		}
		switch {
		case left < 0 && budget <= lim.MaxPageDecoded:
			return Document{}, &RefusedError{
				Reason: fmt.Sprintf("that PDF expands to more than %s of page content", FormatSize(lim.MaxDecoded)),
				Err:    fmt.Errorf("pdf content over %d decompressed bytes at page %d", lim.MaxDecoded, i+1),
			}
		case left < 0:
			return Document{}, &RefusedError{
				Reason: fmt.Sprintf("page %d of that PDF expands to more than %s", i+1, FormatSize(lim.MaxPageDecoded)),
				Err:    fmt.Errorf("pdf page %d over %d decompressed bytes", i+1, lim.MaxPageDecoded),
			}
		}
		budget -= min(budget, lim.MaxPageDecoded) - left
		text, err := p.GetPlainText(nil)
		if err != nil {
			return Document{}, pdfFailure(ctx, fmt.Sprintf("page %d: %s", i+1, err), err)
		}
		if size+len(text) > lim.MaxText {
			// More than the index takes from one source: it refuses the
			// text as too long, so the rest is not worth cleaning or reading.
			pages = append(pages, strings.Clone(strings.ToValidUTF8(text[:lim.MaxText-size], "")))
			break
		}
		pages = append(pages, text)
		size += len(text)
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

// pdfFailure words a failure of the PDF library: a timeout or cancellation
// if ctx is done (the library's error then only reports the failed read),
// else "that PDF could not be read: <detail>".
func pdfFailure(ctx context.Context, detail string, cause error) error {
	switch {
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		return &RefusedError{Reason: "that PDF took too long to read", Err: fmt.Errorf("pdf parse: %w", ctx.Err())}
	case ctx.Err() != nil:
		return fmt.Errorf("pdf parse: %w", ctx.Err())
	}
	return &RefusedError{Reason: "that PDF could not be read: " + shorten(detail), Err: cause}
}

// decodedBudget decompresses the content streams of page p and the
// character maps of its fonts into a counter, and returns budget less their
// size: negative when they are over budget (the count stops there). Filters
// the library does not know panic, as they would in GetPlainText.
func decodedBudget(p pdf.Page, budget int64) (int64, error) {
	var streams []pdf.Value
	c := p.V.Key("Contents")
	if c.Kind() == pdf.Array {
		for i := 0; i < c.Len() && i < maxPDFTreeNodes; i++ {
			streams = append(streams, c.Index(i))
		}
	} else if c.Kind() == pdf.Stream {
		streams = append(streams, c)
	}
	fonts := p.Resources().Key("Font")
	for i, name := range fonts.Keys() {
		if i >= maxPDFTreeNodes {
			break
		}
		if cmap := fonts.Key(name).Key("ToUnicode"); cmap.Kind() == pdf.Stream {
			streams = append(streams, cmap)
		}
	}
	for _, s := range streams {
		rc := s.Reader()
		n, err := io.Copy(io.Discard, io.LimitReader(rc, budget+1))
		rc.Close()
		budget -= n
		if budget < 0 {
			return budget, nil
		}
		if err != nil {
			return budget, fmt.Errorf("decompress a content stream: %w", err)
		}
	}
	return budget, nil
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
