// Package ingest turns a URL or an uploaded file into a clean Document ready to
// be chunked, and fetches URLs safely.
//
// Files are parsed by extension (ParseFile), fetched pages by content type
// (ParseResponse), HTML through go-trafilatura with go-readability and a plain
// text walk as fallbacks (ParseHTML). Fetcher treats every URL as hostile: only
// http and https, no user info, no loopback, private, link-local, metadata or
// otherwise reserved addresses (checked before connecting, after every redirect
// and after DNS resolution, dialling exactly the address that was checked), and
// hard limits on time, redirects, size and content type.
//
// PDFs are parsed within Limits (ParseFileContext, ParseResponseContext): the
// decompressed page content is counted before the PDF library builds any text
// from it (10 × the source size limit in all, 10 MB a page), extraction stops
// once the text is more than the index takes from one source, and the parse
// runs under a deadline (10 s) and the caller's context, so a decompression
// bomb is refused in milliseconds and in bounded memory.
//
// Every document, whatever its format (HTML, PDF, Markdown, plain text) and
// origin (a URL, a Discord attachment, a local file, the built-in corpus), goes
// through one cleaning stage, cleanBody in clean.go, whose boilerplate rules are
// the table in rules.go: by-lines and credit lines, reference and "Sources:"
// lists, "Related"/"Read more" lists, ads, share, follow and newsletter prompts,
// category labels, image credits, the chrome of embedded posts (whose words
// stay, attributed to their author), notices and copyright lines. What a
// dropped line names (authors, outlet, date) goes to the Document's metadata
// when the page's own metadata or front matter lacks it.
//
// Every refusal a user should see is a *RefusedError whose Reason is a plain
// clause; callers errors.As it and word the sentence they show.
package ingest

// Document is one article ready to be chunked.
type Document struct {
	// ID is the article's identifier: from Markdown front matter, otherwise the
	// slug of the file name for ParseFile; empty for fetched pages (the caller
	// assigns one).
	ID string
	// Title is the headline.
	Title string
	// Outlet is the publication, e.g. "Reuters": from front matter or page
	// metadata, else from a credit line or outlet line the cleaner removed
	// ("The Associated Press"), else, for fetched pages, the host name without
	// "www.".
	Outlet string
	// Published is the publication date as YYYY-MM-DD, or empty when unknown:
	// from front matter or page metadata, else from a time stamp or by-line
	// the cleaner removed.
	Published string
	// Authors lists the by-line, one name per entry: from front matter or page
	// metadata, else from a by-line, wire credit ("Reporting by …") or author
	// box the cleaner removed. Contributors named in "… contributed to this
	// report" are not authors.
	Authors []string
	// URL is the article's address: canonical when the page names one on the
	// same host, otherwise the address it was fetched from.
	URL string
	// Text is the cleaned body: paragraphs separated by blank lines, without
	// boilerplate.
	Text string
}

// RefusedError reports that an input was refused: a URL that may not be
// fetched, a response that may not be loaded, or a file that cannot be read.
// Error returns Reason, a plain lower-case clause ("that URL resolves to a
// private address") that callers may show a user as a sentence.
type RefusedError struct {
	// Reason says why, in plain words fit for a user, e.g.
	// "that URL resolves to a private address".
	Reason string
	// Err is the underlying cause, if any; it is not part of Error().
	Err error
}

// Error returns Reason.
func (e *RefusedError) Error() string { return e.Reason }

// Unwrap returns the underlying cause, if any.
func (e *RefusedError) Unwrap() error { return e.Err }

// refuse builds a *RefusedError without a cause.
func refuse(reason string) *RefusedError { return &RefusedError{Reason: reason} }
