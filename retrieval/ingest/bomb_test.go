package ingest

import (
	"bytes"
	"compress/zlib"
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"
)

// buildPDF assembles a PDF from its objects (numbered from 1; the first is
// the catalog), as testdata/mkpdf does, with a correct xref table.
func buildPDF(objects []string) []byte {
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
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objects)+1, xref)
	return b.Bytes()
}

// flateStream is a FlateDecode stream object of prefix, n bytes of fill,
// then suffix, compressed as it is written (the n bytes are never held).
func flateStream(prefix string, fill byte, n int, suffix string) string {
	var z bytes.Buffer
	w, _ := zlib.NewWriterLevel(&z, zlib.BestCompression)
	w.Write([]byte(prefix))
	block := bytes.Repeat([]byte{fill}, 1<<20)
	for n > 0 {
		k := min(n, len(block))
		w.Write(block[:k])
		n -= k
	}
	w.Write([]byte(suffix))
	w.Close()
	return fmt.Sprintf("<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream", z.Len(), z.Bytes())
}

// pdfOfPages is a PDF with one page per content stream object.
func pdfOfPages(contents ...string) []byte {
	n := len(contents)
	kids := make([]string, n)
	objs := []string{"<< /Type /Catalog /Pages 2 0 R >>", ""}
	font := 3 + 2*n
	for i, c := range contents {
		page := 3 + 2*i
		kids[i] = fmt.Sprintf("%d 0 R", page)
		objs = append(objs,
			fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R /Resources << /Font << /F1 %d 0 R >> >> >>", page+1, font),
			c)
	}
	objs[1] = fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), n)
	objs = append(objs, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
	return buildPDF(objs)
}

const bombSize = 300 << 20

// bombs are PDFs whose page content decompresses to 300 MB: blank space,
// NUL bytes and one endless string of text.
func bombs() map[string][]byte {
	return map[string][]byte{
		"spaces": pdfOfPages(flateStream("BT /F1 12 Tf (Paris) Tj ", ' ', bombSize, " ET")),
		"zeros":  pdfOfPages(flateStream("BT /F1 12 Tf ", 0, bombSize, " ET")),
		"text":   pdfOfPages(flateStream("BT /F1 12 Tf (", 'A', bombSize, ") Tj ET")),
	}
}

func TestPDFBombRefused(t *testing.T) {
	for name, data := range bombs() {
		t.Run(name, func(t *testing.T) {
			if len(data) > 1<<20 {
				t.Fatalf("the bomb is %d bytes compressed, want under 1 MB", len(data))
			}
			_, err := ParseFile("bomb.pdf", data)
			var refused *RefusedError
			if !errors.As(err, &refused) {
				t.Fatalf("ParseFile = %v, want a refusal", err)
			}
			if got, want := refused.Reason, "page 1 of that PDF expands to more than 10 MB"; got != want {
				t.Errorf("Reason = %q, want %q", got, want)
			}
		})
	}
}

func TestPDFLimits(t *testing.T) {
	page := func(i int) string {
		return flateStream(fmt.Sprintf("BT /F1 12 Tf (Leaders met in Paris on page %d to discuss security guarantees for Ukraine.) Tj ET", i), ' ', 0, "")
	}
	var pages []string
	for i := range 10 {
		pages = append(pages, page(i))
	}
	tenPages := pdfOfPages(pages...)
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name      string
		ctx       context.Context
		lim       Limits
		wantPages int    // pages of text extracted, when no error
		wantErr   string // the refusal's reason, or the error's text
	}{
		{"defaults", context.Background(), Limits{}, 10, ""},
		{"text cap stops extraction", context.Background(), Limits{MaxText: 200}, 3, ""},
		{"decoded cap", context.Background(), Limits{MaxDecoded: 500}, 0, "that PDF expands to more than 500 bytes of page content"},
		{"page cap", context.Background(), Limits{MaxPageDecoded: 50}, 0, "page 1 of that PDF expands to more than 50 bytes"},
		{"deadline", context.Background(), Limits{Timeout: time.Nanosecond}, 0, "that PDF took too long to read"},
		{"cancelled", cancelled, Limits{}, 0, "pdf parse: context canceled"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := ParseFileContext(tt.ctx, "ten.pdf", tenPages, tt.lim)
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Count(doc.Text, "Leaders met in Paris"); got != tt.wantPages {
				t.Errorf("%d pages of text, want %d", got, tt.wantPages)
			}
		})
	}
}

// BenchmarkPDFBomb measures refusing a 300 MB decompression bomb, reporting
// the peak heap in use (sampled every millisecond) and the bytes allocated.
func BenchmarkPDFBomb(b *testing.B) {
	cases := bombs()
	// Just under the default caps: parsed, with the text cut at MaxText.
	page := flateStream("BT /F1 12 Tf (", 'A', 10<<20-100, ") Tj ET")
	cases["text-10MB"] = pdfOfPages(page)
	cases["text-5x10MB"] = pdfOfPages(page, page, page, page, page)
	for name, data := range cases {
		b.Run(name, func(b *testing.B) {
			runtime.GC()
			stop := make(chan struct{})
			peak := make(chan uint64)
			go func() {
				var m runtime.MemStats
				var max uint64
				t := time.NewTicker(time.Millisecond)
				defer t.Stop()
				for {
					runtime.ReadMemStats(&m)
					max = maxU(max, m.HeapInuse)
					select {
					case <-stop:
						peak <- max
						return
					case <-t.C:
					}
				}
			}()
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			b.ResetTimer()
			for range b.N {
				doc, err := ParseFile("bomb.pdf", data)
				if err == nil && len(doc.Text) > defaultMaxPDFText+4 {
					b.Fatalf("%d bytes of text, over MaxText", len(doc.Text))
				}
			}
			b.StopTimer()
			runtime.ReadMemStats(&after)
			close(stop)
			b.ReportMetric(float64(<-peak)/(1<<20), "peak-heap-MB")
			b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(b.N)/(1<<20), "alloc-MB/op")
		})
	}
}

func maxU(a, b uint64) uint64 {
	if a > b {
		return a
	}
	return b
}
