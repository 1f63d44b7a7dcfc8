package ingest

import (
	"bytes"
	"mime"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	xunicode "golang.org/x/text/encoding/unicode"
)

// minArticleChars is the least text, in characters, a web page must yield.
const minArticleChars = 200

// cleanText normalises whitespace and drops boilerplate lines: it returns
// trimmed lines with single spaces, paragraphs separated by one blank line.
func cleanText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	share := shareLine()
	var out strings.Builder
	blank := false
	for _, line := range strings.Split(s, "\n") {
		line = normaliseLine(line)
		if line == "" || isBoilerplate(line, share) {
			if line == "" {
				blank = out.Len() > 0
			}
			continue
		}
		if out.Len() > 0 {
			if blank {
				out.WriteString("\n\n")
			} else {
				out.WriteString("\n")
			}
		}
		out.WriteString(line)
		blank = false
	}
	return out.String()
}

// normaliseLine maps every kind of space to one ASCII space, removes
// invisible and control characters, and trims.
func normaliseLine(line string) string {
	var b strings.Builder
	space := false
	for _, r := range line {
		switch {
		case r == '\u00ad' || r == '\u200b' || r == '\u200c' || r == '\u200d' || r == '\u2060' || r == '\ufeff':
			continue // soft hyphen, zero-width characters, BOM
		case unicode.IsSpace(r):
			space = true
			continue
		case unicode.IsControl(r) || r == utf8.RuneError:
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// shareLine matches lines made only of share prompts, such as
// "Share on Facebook Share on X" or "Share this article".
func shareLine() *regexp.Regexp {
	return regexp.MustCompile(`^(?:(?:share|tweet|post|email|e-mail|print|copy link)(?: (?:this|the) (?:article|story|page|post))?(?: (?:on|via|to) (?:facebook|twitter|x|linkedin|whatsapp|telegram|reddit|bluesky|threads|email|e-mail|messenger))? ?)+$`)
}

// isBoilerplate reports whether a whole line is page furniture rather than
// article text. It is deliberately conservative: only exact, short phrases.
func isBoilerplate(line string, share *regexp.Regexp) bool {
	if utf8.RuneCountInString(line) > 60 {
		return false
	}
	l := strings.ToLower(strings.TrimFunc(line, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune("•·|-–—:›»>.!", r)
	}))
	switch l {
	case "", "advertisement", "advertisements", "advertising", "ad", "sponsored", "sponsored content",
		"sign in", "sign up", "log in", "login", "register", "sign in to continue",
		"subscribe", "subscribe now", "skip to main content", "skip to content", "skip to navigation",
		"accept cookies", "cookie settings", "manage cookies", "scroll to continue",
		"advertisement - scroll to continue", "advertisement – scroll to continue",
		"story continues below advertisement", "article continues below advertisement",
		"continue reading below", "read more", "show more", "follow us", "listen to this article",
		"share", "share this", "link copied", "save", "comments", "view comments":
		return true
	}
	return share.MatchString(l)
}

// decodeHTML converts an HTML body to UTF-8 using, in order, a byte-order
// mark, the charset in contentType, a <meta> declaration, and UTF-8 if the
// bytes are valid UTF-8, else windows-1252 (as browsers do). A body declared
// UTF-8 that is not valid UTF-8 is read as windows-1252.
func decodeHTML(data []byte, contentType string) string {
	e, name, certain := charset.DetermineEncoding(data, contentType)
	switch {
	case utf8.Valid(data) && (!certain || name == "utf-8"):
		return string(trimBOM(data))
	case name == "utf-8":
		// Declared UTF-8 but is not: almost always Latin-1 in disguise.
		return decodeWith(charmap.Windows1252, data)
	}
	return decodeWith(e, data)
}

// decodePlain converts a text/plain or text/markdown body to UTF-8 using a
// byte-order mark, the charset parameter, else UTF-8 if valid, else
// windows-1252 (also when the body claims UTF-8 but is not).
func decodePlain(data []byte, contentType string) string {
	if e := bomEncoding(data); e != nil {
		return decodeWith(e, data)
	}
	if _, params, err := mime.ParseMediaType(contentType); err == nil && params["charset"] != "" {
		if e, name := charset.Lookup(params["charset"]); e != nil && name != "utf-8" {
			return decodeWith(e, data)
		}
	}
	if utf8.Valid(data) {
		return string(data)
	}
	return decodeWith(charmap.Windows1252, data)
}

// decodeFile converts an uploaded text file to UTF-8: UTF-8 (with or without
// BOM) or BOM-marked UTF-16. ok is false for anything else.
func decodeFile(data []byte) (string, bool) {
	if e := bomEncoding(data); e != nil {
		s := decodeWith(e, data)
		return s, !strings.ContainsRune(s, utf8.RuneError)
	}
	if !utf8.Valid(data) {
		return "", false
	}
	return string(data), true
}

// bomEncoding returns the encoding announced by a byte-order mark, or nil.
func bomEncoding(data []byte) encoding.Encoding {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		return xunicode.UTF8BOM
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		return xunicode.UTF16(xunicode.BigEndian, xunicode.ExpectBOM)
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}):
		return xunicode.UTF16(xunicode.LittleEndian, xunicode.ExpectBOM)
	}
	return nil
}

// decodeWith decodes data with e, replacing undecodable bytes.
func decodeWith(e encoding.Encoding, data []byte) string {
	out, err := e.NewDecoder().Bytes(data)
	if err != nil {
		return strings.ToValidUTF8(string(data), "\ufffd")
	}
	return string(trimBOM(out))
}

// trimBOM drops a leading UTF-8 byte-order mark.
func trimBOM(b []byte) []byte { return bytes.TrimPrefix(b, []byte{0xEF, 0xBB, 0xBF}) }

// looksBinary reports whether decoded text is really binary data: it holds
// NUL bytes, or more than 1% control or replacement characters.
func looksBinary(s string) bool {
	if strings.ContainsRune(s, 0) {
		return true
	}
	total, bad := 0, 0
	for _, r := range s {
		total++
		switch {
		case r == '\n' || r == '\r' || r == '\t' || r == '\f':
		case r == utf8.RuneError || unicode.IsControl(r):
			bad++
		}
	}
	return total > 0 && bad*100 > total
}

// normaliseDate turns common date notations into YYYY-MM-DD; strings it
// cannot read are returned trimmed but otherwise unchanged.
func normaliseDate(s string) string {
	s = strings.TrimSpace(s)
	for _, layout := range []string{
		"2006-01-02", time.RFC3339, "2006-01-02T15:04:05", "2006-01-02 15:04:05",
		"2006-01-02T15:04", "2006/01/02", "2 January 2006", "January 2, 2006",
		"2 Jan 2006", "Jan 2, 2006", time.RFC1123, time.RFC1123Z,
	} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.Format("2006-01-02")
		}
	}
	if len(s) > 10 && s[4] == '-' && s[7] == '-' {
		if t, err := time.Parse("2006-01-02", s[:10]); err == nil {
			return t.Format("2006-01-02")
		}
	}
	return s
}

// splitAuthors splits a by-line into names: on ";", ",", " and " and " & ",
// dropping a leading "By" and duplicates.
func splitAuthors(s string) []string {
	s = strings.NewReplacer(" and ", ";", " & ", ";", ",", ";").Replace(s)
	var out []string
	seen := map[string]bool{}
	for _, part := range strings.Split(s, ";") {
		name := normaliseLine(part)
		if len(name) > 3 && strings.EqualFold(name[:3], "by ") {
			name = strings.TrimSpace(name[3:])
		}
		name = strings.Trim(name, `"'`)
		if name == "" || seen[strings.ToLower(name)] {
			continue
		}
		seen[strings.ToLower(name)] = true
		out = append(out, name)
	}
	return out
}

// slug makes a lower-case identifier of letters, digits and dashes.
func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
			if b.Len() >= 80 {
				break
			}
			continue
		}
		dash = true
	}
	return b.String()
}

// humanise turns a file or path name like "paris-summit_day1" into
// "paris summit day1" for use as a fallback title.
func humanise(s string) string {
	return normaliseLine(strings.NewReplacer("-", " ", "_", " ", "+", " ").Replace(s))
}
