package ingest

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// minArticleChars is the least text, in characters, a web page must yield.
const minArticleChars = 200

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
