package ingest

import (
	"regexp"
	"strings"
)

// body is a document's cleaned text with the metadata its dropped lines
// named.
type body struct {
	text string
	credit
}

// setBody sets d's text to b's and fills d's missing metadata from what b's
// dropped lines named: metadata stays in the source record, never in the
// text. Metadata d already has (front matter, page metadata) wins.
func (d *Document) setBody(b body) {
	d.Text = b.text
	if len(d.Authors) == 0 {
		d.Authors = b.authors
	}
	if d.Outlet == "" {
		d.Outlet = b.outlet
	}
	if d.Published == "" {
		d.Published = b.published
	}
}

// line is one non-empty line of a document being cleaned.
type line struct {
	text  string
	forms lineForms
	para  bool // a blank line came before it
	drop  bool
}

// cleaner holds a document while cleanBody works on it.
type cleaner struct {
	lines []line
	total int    // characters in the document before cleaning
	found credit // metadata named by lines dropped anywhere
	edge  credit // metadata named by lines dropped at the edges (preferred)
}

// cleanBody is the cleaning stage every document goes through, whatever its
// format (HTML, PDF, Markdown, plain text; built-in, file, URL or
// attachment). It normalises whitespace (trimmed lines, single spaces,
// paragraphs separated by one blank line) and applies the boilerplate rules
// of the table in rules.go, in this order: stripRules, postRules, lineRules
// and listRules that hold anywhere, lineRules that hold at the edges of the
// document, repeatRules.
func cleanBody(raw string) body {
	c := &cleaner{lines: splitLines(raw)}
	for _, l := range c.lines {
		c.total += runeCount(l.text)
	}
	for i := range rules {
		if rules[i].kind == stripRule {
			c.strip(&rules[i])
		}
	}
	c.joinPosts()
	for i := range c.lines {
		c.lines[i].forms = formsOf(c.lines[i].text)
	}
	for i := 0; i < len(c.lines); i++ {
		if !c.lines[i].drop {
			i = c.apply(i, false, &c.found)
		}
	}
	inHead, inTail := c.edges()
	for i := range c.lines {
		if !c.lines[i].drop && (i < inHead || i > inTail) {
			c.apply(i, true, &c.edge)
		}
	}
	c.dropRepeats()
	c.edge.add(c.found)
	return body{text: c.join(), credit: c.edge}
}

// splitLines splits text into normalised non-empty lines, marking those
// after a blank line.
func splitLines(s string) []line {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	var out []line
	blank := false
	for _, l := range strings.Split(s, "\n") {
		if l = normaliseLine(l); l == "" {
			blank = true
			continue
		}
		out = append(out, line{text: l, para: blank})
		blank = false
	}
	return out
}

// strip applies a stripRule to every line.
func (c *cleaner) strip(r *rule) {
	for i := range c.lines {
		l := &c.lines[i]
		if l.drop || !containsAny(strings.ToLower(l.text), r.needs) || !r.strip.MatchString(l.text) {
			continue
		}
		if t := strings.TrimSpace(r.strip.ReplaceAllString(l.text, r.repl)); t != "" {
			l.text = t
		}
	}
}

// Embedded posts end with "— Name (@handle) January 6, 2026", on a line of
// their own or after the post's words.
var (
	attributionRE       = regexp.MustCompile(`(?i)^[—–-]\s*(\S.{0,80}?)\s*\((@[\w.]{1,60})\)\s*(` + datePattern + `(?:,? at \d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?)?)$`)
	inlineAttributionRE = regexp.MustCompile(`(?i)^(.+?)\s+[—–]\s*(\S.{0,80}?)\s*\((@[\w.]{1,60})\)\s*(` + datePattern + `)$`)
)

// joinPosts applies the postRule: an embedded post's attribution line is
// joined to the post's words on the line before it, as
// `Name (@handle), January 6, 2026: "words"`; with no words before it (a
// picture, a link), the attribution goes.
func (c *cleaner) joinPosts() {
	for i := range c.lines {
		l := &c.lines[i]
		if l.drop || !strings.Contains(l.text, "(@") {
			continue
		}
		if m := inlineAttributionRE.FindStringSubmatch(l.text); m != nil && !strings.HasPrefix(l.text, "—") {
			l.text = quotePost(m[2], m[3], m[4], m[1])
			continue
		}
		m := attributionRE.FindStringSubmatch(l.text)
		if m == nil {
			continue
		}
		l.drop = true
		if i == 0 {
			continue
		}
		prev := &c.lines[i-1]
		if _, _, chrome := matchLine(formsOf(prev.text), false); !prev.drop && !chrome && !attributionRE.MatchString(prev.text) {
			prev.text = quotePost(m[1], m[2], m[3], prev.text)
		}
	}
}

// quotePost writes an embedded post as a quotation of its author.
func quotePost(name, handle, date, words string) string {
	words = strings.TrimSpace(words)
	if !strings.HasPrefix(words, `"`) && !strings.HasPrefix(words, "“") {
		words = `"` + words + `"`
	}
	return strings.TrimSpace(name) + " (" + handle + "), " + date + ": " + words
}

// apply drops line i if a lineRule or listRule matches it (only rules that
// hold anywhere unless edge), recording what it names in found. It returns
// the index of the last line it dropped.
func (c *cleaner) apply(i int, edge bool, found *credit) int {
	r, cr, ok := matchLine(c.lines[i].forms, edge)
	if !ok {
		return i
	}
	c.lines[i].drop = true
	if r.kind == listRule {
		return c.dropList(i, r.list, found)
	}
	found.add(cr)
	return i
}

// matchLine returns the first lineRule or listRule matching a line; edge
// includes the rules that hold only at the edges of a document.
func matchLine(f lineForms, edge bool) (*rule, credit, bool) {
	for i := range rules {
		r := &rules[i]
		if (r.kind != lineRule && r.kind != listRule) || (r.edges && !edge) || !containsAny(f.lower, r.needs) {
			continue
		}
		if cr, ok := r.match(f); ok {
			return r, cr, true
		}
	}
	return nil, credit{}, false
}

// dropList drops the list after the heading at line i and returns the index
// of its last line. A list that runs to the end of the document (only
// short items, at most a third of the text) goes whole; otherwise only the
// lines right after the heading that are items (or other boilerplate).
func (c *cleaner) dropList(i int, kind listKind, found *credit) int {
	if kind == promoBox {
		for j := i + 1; j < len(c.lines) && j <= i+12; j++ {
			if c.lines[j].forms.key == "after newsletter promotion" {
				for k := i + 1; k <= j; k++ {
					c.lines[k].drop = true
				}
				return j
			}
		}
		return i
	}
	if c.trailing(i + 1) {
		for j := i + 1; j < len(c.lines); j++ {
			if !c.lines[j].drop {
				c.lines[j].drop = true
				if kind == authorBox {
					cr, _ := authorItem(c.lines[j].forms)
					found.add(cr)
				}
			}
		}
		return len(c.lines) - 1
	}
	j := i + 1
	for ; j < len(c.lines); j++ {
		l := &c.lines[j]
		if l.drop {
			continue
		}
		if _, _, ok := matchLine(l.forms, false); ok {
			l.drop = true
			continue
		}
		if kind == authorBox {
			cr, ok := authorItem(l.forms)
			if !ok {
				break
			}
			found.add(cr)
		} else if !referenceItem(l.text) {
			break
		}
		l.drop = true
	}
	return j - 1
}

// Limits on a list at the end of a document.
const (
	maxTrailingItems = 12  // lines that are not themselves boilerplate
	maxTrailingScan  = 200 // lines looked at
	maxItemChars     = 300 // characters in an item
)

// trailing reports whether the lines from i on are a list at the end of the
// document: at most maxTrailingItems short items (one or two sentences), with
// at most a third of the document's text, and other boilerplate.
func (c *cleaner) trailing(i int) bool {
	if len(c.lines)-i > maxTrailingScan {
		return false
	}
	items, chars := 0, 0
	for _, l := range c.lines[i:] {
		if l.drop {
			continue
		}
		if _, _, ok := matchLine(l.forms, true); ok {
			continue
		}
		n := runeCount(l.text)
		if n > maxItemChars || len(sentenceBreakRE.FindAllStringIndex(l.text, 2)) > 1 {
			return false
		}
		items++
		chars += n
	}
	return items <= maxTrailingItems && chars*3 <= c.total
}

var (
	urlRE    = regexp.MustCompile(`(?i)\bhttps?://|\bwww\.\S+\.\w`)
	bulletRE = regexp.MustCompile(`^(?:[-*•·–]|\d{1,2}[.)]|\[\d{1,3}\])\s`)
)

// referenceItem reports whether a line looks like an item of a reference or
// link list: a link, something ending in a date ("Outlet, Title, 6 January
// 2026"), or a short bulleted headline.
func referenceItem(s string) bool {
	n := runeCount(s)
	switch {
	case n > maxItemChars:
		return false
	case urlRE.MatchString(s), endsWithDateRE.MatchString(s):
		return true
	}
	return n <= 200 && bulletRE.MatchString(s) && !strings.ContainsAny(s[len(s)-1:], ".!?")
}

// authorItem matches a line of an author box: names, or the outlet.
func authorItem(f lineForms) (credit, bool) {
	if o := outletName(f.bare); o != "" {
		return credit{outlet: o}, true
	}
	names, outlet, ok := namesAndOutlet(f.bare)
	return credit{authors: names, outlet: outlet}, ok
}

// edges returns the bounds of the document's edges: lines before inHead
// (the first eight lines, and all lines before the first paragraph of
// prose) and lines after inTail (those after the last paragraph of prose).
// A document without prose is all edges.
func (c *cleaner) edges() (inHead, inTail int) {
	first, last, seen := -1, -1, 0
	inHead = len(c.lines)
	for i, l := range c.lines {
		if l.drop {
			continue
		}
		if seen++; seen == 9 {
			inHead = i
		}
		if runeCount(l.text) >= 120 && strings.ContainsAny(lastRune(l.text), ".!?\"”’'…)") {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	if first < 0 {
		return len(c.lines), -1
	}
	return max(first, min(inHead, len(c.lines))), last
}

// lastRune returns the last character of s.
func lastRune(s string) string {
	r := []rune(s)
	return string(r[len(r)-1])
}

// dropRepeats applies the repeatRule: a paragraph printed twice is kept
// once, and a standfirst in the first lines that a later paragraph repeats
// (a lead with a dateline before it) goes.
func (c *cleaner) dropRepeats() {
	const minChars, headLines = 80, 10
	var kept []int
	seen := map[string]bool{}
	for i := range c.lines {
		l := &c.lines[i]
		if l.drop || runeCount(l.text) < minChars {
			continue
		}
		if seen[l.text] {
			l.drop = true
			continue
		}
		seen[l.text] = true
		kept = append(kept, i)
	}
	for n, i := range kept[:min(headLines, len(kept))] {
		for _, j := range kept[n+1:] {
			if strings.Contains(c.lines[j].text, c.lines[i].text) {
				c.lines[i].drop = true
				break
			}
		}
	}
}

// join writes the kept lines: paragraphs separated by a blank line.
func (c *cleaner) join() string {
	var out strings.Builder
	blank := false
	for _, l := range c.lines {
		blank = blank || l.para
		if l.drop {
			continue
		}
		if out.Len() > 0 {
			if blank {
				out.WriteString("\n\n")
			} else {
				out.WriteString("\n")
			}
		}
		out.WriteString(l.text)
		blank = false
	}
	return out.String()
}

// containsAny reports whether s contains any of subs, or subs is empty.
func containsAny(s string, subs []string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return len(subs) == 0
}
