// Package safetext makes untrusted text (source titles, quotes and passages,
// and model-written answers) safe to show in Discord or a terminal: it can
// neither hide where a link goes, take over a message's layout, conceal
// text, nor reorder or hide characters.
package safetext

import (
	"regexp"
	"strings"
)

// maskedLink matches a markdown masked link, [text](url) or [text](<url>),
// with an optional "title" after the URL; the URL may hold balanced
// parentheses, as Wikipedia's do.
var maskedLink = regexp.MustCompile(`\[([^\[\]\n]*)\]\(\s*<?((?:\([^\s<>()]*\)|[^\s<>()])*)>?(?:\s+"[^"\n]*")?\s*\)`)

// heading matches, at the start of a line (after any block quote or list
// markers), a Discord heading (#, ## or ###) or subtext (-#) marker followed
// by a space.
var heading = regexp.MustCompile(`(?m)^([ \t]*(?:(?:>{1,3}|[-*+]|\d+\.)[ \t]+)*)(#{1,3}|-#)([ \t])`)

// Clean returns s fit to show to users: Strip's changes, then headings (#,
// ##, ### at the start of a line), subtext (-#) and ||spoilers|| escaped
// with a backslash. Anything else, including [n] citation markers and <url>
// links, is left as it is.
//
// Clean is for the untrusted pieces of a message, before the caller adds its
// own formatting. A caller that escapes all markdown itself (a title inside
// a link, say) wants Strip instead, so that nothing is escaped twice.
func Clean(s string) string {
	s = heading.ReplaceAllString(Strip(s), `$1\$2$3`)
	return strings.ReplaceAll(s, "||", `\|\|`)
}

// Strip returns s without what cannot be trusted whatever the markup:
//
//   - zero-width characters (U+200B–U+200D, U+2060, U+FEFF), bidirectional
//     controls (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C) and
//     other control characters but tab and newline are removed;
//   - masked links [text](url) become "text <url>", so the real destination
//     shows and does not embed; a "](" left over (a link the pattern does not
//     recognise) is broken up as "]\(".
func Strip(s string) string {
	s = strings.Map(dropInvisible, s)
	s = maskedLink.ReplaceAllStringFunc(s, flatten)
	return strings.ReplaceAll(s, "](", `]\(`)
}

// flatten turns one masked link into its visible text and its target.
func flatten(link string) string {
	m := maskedLink.FindStringSubmatch(link)
	text, url := strings.TrimSpace(m[1]), m[2]
	switch {
	case url == "":
		return text
	case text == "" || text == url:
		return "<" + url + ">"
	}
	return text + " <" + url + ">"
}

// dropInvisible is a strings.Map function: -1 for the characters Clean
// removes, r otherwise.
func dropInvisible(r rune) rune {
	switch {
	case r == '\n' || r == '\t':
		return r
	case r < 0x20 || (r >= 0x7f && r <= 0x9f): // C0 and C1 controls, DEL: terminal escapes
		return -1
	case r >= 0x200b && r <= 0x200f, // zero-width space, non-joiner, joiner; LRM, RLM
		r >= 0x202a && r <= 0x202e, // LRE, RLE, PDF, LRO, RLO
		r >= 0x2066 && r <= 0x2069, // LRI, RLI, FSI, PDI
		r == 0x2060, r == 0xfeff, r == 0x061c:
		return -1
	}
	return r
}
