package ingest

import (
	"bytes"
	"mime"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	xunicode "golang.org/x/text/encoding/unicode"
)

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
