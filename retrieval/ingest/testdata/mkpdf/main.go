// Command mkpdf writes the PDF fixtures used by the ingest tests:
//
//	go run ./retrieval/ingest/testdata/mkpdf retrieval/ingest/testdata
//
// article.pdf has a text layer and an information dictionary; boilerplate/briefing.pdf
// has two pages of an article with web boilerplate; scanned.pdf has
// a page with drawing operators only (no text layer); badobject.pdf has a
// well-formed trailer and xref but a corrupt page tree, which makes the PDF
// library panic while walking the pages; cyclic.pdf has a page tree whose
// /Kids contains itself, which would make a naive page walk loop forever.
package main

import (
	"bytes"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"
)

func main() {
	dir := "."
	if len(os.Args) > 1 {
		dir = os.Args[1]
	}
	text := []string{
		"Paris summit test fixture",
		"European leaders met in Paris on 6 January 2026 to discuss",
		"security guarantees for Ukraine after a ceasefire.",
		"The participants endorsed a declaration on a multinational force",
		"and on a ceasefire monitoring mechanism led by the United States.",
		"Several governments said troop deployments need parliamentary approval.",
	}
	var content strings.Builder
	content.WriteString("BT\n/F1 12 Tf\n14 TL\n72 720 Td\n")
	for i, line := range text {
		if i > 0 {
			content.WriteString("T*\n")
		}
		fmt.Fprintf(&content, "(%s) Tj\n", escape(line))
	}
	content.WriteString("ET\n")

	write(dir, "article.pdf", build([]string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
		stream(content.String()),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
		"<< /Title (Paris summit PDF fixture) /Author (Jane Doe; Pierre Martin) /CreationDate (D:20260106120000Z) >>",
	}, 6))

	// boilerplate/briefing.pdf: two pages of an article printed from a news site,
	// with a by-line, an ad label, a credit line and a reference list that
	// runs over the page break; no information dictionary.
	page1 := textStream([]string{
		"Paris summit briefing",
		"By Jane Doe and Pierre Martin",
		"European leaders met in Paris on 6 January 2026 to discuss security guarantees",
		"for Ukraine after a ceasefire.",
		"Advertisement",
		"The participants endorsed a declaration on a multinational force and on a",
		"ceasefire monitoring mechanism led by the United States.",
		"Several governments said troop deployments need parliamentary approval.",
		"___",
		"Associated Press writers John Smith in Kyiv and Anna Kowalski in Warsaw contributed to this report.",
		"Sources:",
		"Reuters, US backs security guarantees for Ukraine at summit in Paris, 6 January 2026",
	})
	page2 := textStream([]string{
		"DW, Ukraine: Allies endorse robust security guarantees, 6 January 2026",
		"https://www.elysee.fr/en/emmanuel-macron/2026/01/06/paris-declaration",
		"Copyright 2026 The Associated Press. All rights reserved.",
	})
	write(filepath.Join(dir, "boilerplate"), "briefing.pdf", build([]string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R 5 0 R] /Count 2 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 7 0 R >> >> >>",
		stream(page1),
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 6 0 R /Resources << /Font << /F1 7 0 R >> >> >>",
		stream(page2),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
	}, 0))

	write(dir, "scanned.pdf", build([]string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
		stream("q\n0.5 g\n72 72 468 648 re\nf\nQ\n"),
	}, 0))

	write(dir, "badobject.pdf", build([]string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R /Count >> ) ] ( stream",
		"<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>",
		stream("BT (never read) Tj ET\n"),
	}, 0))

	write(dir, "cyclic.pdf", build([]string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [2 0 R] /Count 5 >>",
	}, 0))
}

// textStream is a content stream showing lines of text, one under another.
func textStream(lines []string) string {
	var b strings.Builder
	b.WriteString("BT\n/F1 11 Tf\n14 TL\n72 740 Td\n")
	for i, line := range lines {
		if i > 0 {
			b.WriteString("T*\n")
		}
		fmt.Fprintf(&b, "(%s) Tj\n", escape(line))
	}
	b.WriteString("ET\n")
	return b.String()
}

// build lays out objects 1..n with a correct xref table; info is the object
// number of the information dictionary, or 0 for none.
func build(objects []string, info int) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offsets := make([]int, len(objects))
	for i, obj := range objects {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, obj)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objects)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	trailer := fmt.Sprintf("<< /Size %d /Root 1 0 R", len(objects)+1)
	if info > 0 {
		trailer += fmt.Sprintf(" /Info %d 0 R", info)
	}
	fmt.Fprintf(&b, "trailer\n%s >>\nstartxref\n%d\n%%%%EOF\n", trailer, xref)
	return b.Bytes()
}

// stream wraps content in a stream object with the right /Length.
func stream(content string) string {
	return fmt.Sprintf("<< /Length %d >>\nstream\n%sendstream", len(content), content)
}

// escape escapes a PDF literal string.
func escape(s string) string {
	return strings.NewReplacer(`\`, `\\`, "(", `\(`, ")", `\)`).Replace(s)
}

func write(dir, name string, data []byte) {
	if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
		log.Fatal(err)
	}
}
