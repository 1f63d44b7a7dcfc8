package discord

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/summitbot/summitbot/bot"
	"github.com/summitbot/summitbot/bot/safetext"
	"github.com/summitbot/summitbot/retrieval"
)

// renderAnswer is the full text of an answer as posted: the notice that the
// model failed, in italics, when it did (Answer.Notice), then the answer with
// its [n] markers, then a Sources list, one line per citation (titles cut
// short for a summary: Answer.ShortSources). The answer's
// text comes from sources or a model, so it goes through safetext.Clean
// before the Sources list is added.
func renderAnswer(a bot.Answer) string {
	var b strings.Builder
	if n := a.Notice(); n != "" {
		b.WriteString("*" + escapeMarkdown(n) + "*\n\n")
	}
	b.WriteString(strings.TrimSpace(safetext.Clean(a.Text)))
	if len(a.Citations) > 0 {
		b.WriteString("\n\n**Sources**")
		for _, c := range a.Citations {
			if a.ShortSources && strings.TrimSpace(c.Title) != "" {
				c.Title = bot.ShortTitle(strings.TrimSpace(c.Title))
			}
			b.WriteString("\n")
			b.WriteString(citationLine(c))
		}
	}
	return b.String()
}

// citationLine renders "[n] [Title](<url>) — Outlet, date". The link is
// wrapped in <...> so Discord does not unfurl it; without a URL the title is
// plain text.
func citationLine(c bot.Citation) string {
	title := strings.TrimSpace(c.Title)
	if title == "" {
		title = c.SourceID
	}
	if title == "" {
		title = "Untitled source"
	}
	title = escapeMarkdown(title)
	line := fmt.Sprintf("[%d] ", c.N)
	if u := linkTarget(c.URL); u != "" {
		line += "[" + title + "](<" + u + ">)"
	} else {
		line += title
	}
	if d := details(c.Outlet, c.Published); d != "" {
		line += " — " + d
	}
	return line
}

// sourceLine renders a loaded source for /sources list.
func sourceLine(s retrieval.Source) string {
	title := strings.TrimSpace(s.Title)
	if title == "" {
		title = "Untitled source"
	}
	line := "`" + strings.ReplaceAll(s.ID, "`", "'") + "` — **" + escapeMarkdown(title) + "**"
	if d := details(s.Outlet, s.Published); d != "" {
		line += " — " + d
	}
	if s.Chunks > 0 {
		line += fmt.Sprintf(" (%d chunks)", s.Chunks)
	}
	if s.Builtin {
		line += " · built-in"
	}
	return line
}

// details joins an outlet and a publication date with ", ".
func details(outlet, published string) string {
	var parts []string
	if o := strings.TrimSpace(outlet); o != "" {
		parts = append(parts, escapeMarkdown(o))
	}
	if d := escapeMarkdown(prettyDate(published)); d != "" {
		parts = append(parts, d)
	}
	return strings.Join(parts, ", ")
}

// prettyDate shows a date as "6 Jan 2026" when it can parse it, else as given.
func prettyDate(s string) string {
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.Format("2 Jan 2006")
		}
	}
	return s
}

// linkTarget returns u fit to put inside (<...>), or "" if u is not an
// http(s) URL.
func linkTarget(u string) string {
	u = strings.TrimSpace(u)
	lower := strings.ToLower(u)
	if !strings.HasPrefix(lower, "https://") && !strings.HasPrefix(lower, "http://") {
		return ""
	}
	return strings.NewReplacer("<", "%3C", ">", "%3E", " ", "%20", "\n", "", "\r", "").Replace(u)
}

// escapeMarkdown makes untrusted text (a title, an outlet) safe to put on
// one line of a message: it drops what safetext.Strip drops, flattens masked
// links, and escapes the characters that would turn the text into formatting
// or break the link around it.
func escapeMarkdown(s string) string {
	s = strings.Join(strings.Fields(safetext.Strip(s)), " ")
	return strings.NewReplacer(
		`\`, `\\`, "*", `\*`, "_", `\_`, "~", `\~`, "`", "\\`", "|", `\|`,
		"[", `\[`, "]", `\]`, ">", `\>`, "#", `\#`,
	).Replace(s)
}

// preview is what a reply shows while an answer streams in: the text so far,
// cut to fit one message, with a trailing ellipsis.
func preview(text string) string {
	text = strings.TrimSpace(text)
	if text == "" {
		return "…"
	}
	return splitMessage(safetext.Clean(text), maxMessage-2)[0] + " …"
}

// textLen is the length Discord counts: UTF-16 code units (at least as many
// as characters, so never an underestimate).
func textLen(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

// splitMessage splits text into parts of at most limit characters (see
// textLen). It cuts, by preference, at a paragraph break, a line break, the
// end of a sentence, then a space, choosing the latest such place that still
// fills at least half a part; it never cuts inside a [n] citation marker or a
// markdown link unless one alone is longer than a part. Whitespace at the
// cuts is dropped.
func splitMessage(text string, limit int) []string {
	text = strings.TrimSpace(text)
	if limit < 1 {
		limit = 1
	}
	var parts []string
	for textLen(text) > limit {
		cut := cutPoint(text, limit)
		part := strings.TrimRight(text[:cut], " \t\n")
		rest := strings.TrimLeft(text[cut:], " \t\n")
		if part == "" { // only whitespace before the cut: take it hard
			cut = prefixFitting(text, limit)
			part, rest = text[:cut], text[cut:]
		}
		parts = append(parts, part)
		text = rest
	}
	if text != "" || len(parts) == 0 {
		parts = append(parts, text)
	}
	return parts
}

// cutPoint picks where to end the next part of text (longer than limit).
func cutPoint(text string, limit int) int {
	end := prefixFitting(text, limit) // text[:end] fits
	spans := protectedSpans(text[:min(len(text), end+maxSpanLookahead(text, end))])
	ok := func(i int) bool { return i > 0 && i <= end && !insideSpan(spans, i) }
	floor := end / 2

	// Each finder returns candidate cut positions, latest first.
	finders := []func(yield func(int) bool){
		func(yield func(int) bool) { lastIndexes(text[:end], "\n\n", 2, yield) },
		func(yield func(int) bool) { lastIndexes(text[:end], "\n", 1, yield) },
		func(yield func(int) bool) { sentenceEnds(text, end, yield) },
		func(yield func(int) bool) { lastIndexes(text[:end], " ", 1, yield) },
	}
	for _, find := range finders {
		best := -1
		find(func(i int) bool {
			if i < floor {
				return false
			}
			if ok(i) {
				best = i
				return false
			}
			return true
		})
		if best > 0 {
			return best
		}
	}
	// No good boundary: cut hard, but not inside a protected span.
	for _, sp := range spans {
		if sp[0] < end && end < sp[1] && sp[0] > 0 {
			return sp[0]
		}
	}
	return end
}

// maxSpanLookahead is how far past end to look for spans that straddle it.
func maxSpanLookahead(text string, end int) int {
	return min(len(text)-end, 4*maxMessage)
}

// prefixFitting returns the largest rune boundary i with textLen(text[:i]) <= limit.
func prefixFitting(text string, limit int) int {
	n := 0
	for i, r := range text {
		n += utf16.RuneLen(r)
		if n > limit {
			if i == 0 { // a single rune longer than limit
				return utf8.RuneLen(r)
			}
			return i
		}
	}
	return len(text)
}

// lastIndexes yields, latest first, each position just after an occurrence of
// sep in s (the cut falls after the separator), until yield returns false.
func lastIndexes(s, sep string, width int, yield func(int) bool) {
	for j := len(s); ; {
		i := strings.LastIndex(s[:j], sep)
		if i < 0 || !yield(i+width) {
			return
		}
		j = i
	}
}

// sentenceEnds yields, latest first, positions p <= end where text[p-1] is a
// space that follows the end of a sentence: . ! or ?, optionally followed by
// closing quotes or brackets and [n] markers.
func sentenceEnds(text string, end int, yield func(int) bool) {
	for p := end; p > 1; p-- {
		if text[p-1] != ' ' || !endsSentence(text[:p-1]) {
			continue
		}
		if !yield(p) {
			return
		}
	}
}

// endsSentence reports whether s ends like a sentence.
func endsSentence(s string) bool {
	for {
		trimmed := strings.TrimRight(s, `"')”’`)
		if strings.HasSuffix(trimmed, "]") {
			if i := strings.LastIndex(trimmed, "["); i >= 0 && isMarker(trimmed[i:]) {
				s = trimmed[:i]
				continue
			}
		}
		return strings.HasSuffix(trimmed, ".") || strings.HasSuffix(trimmed, "!") || strings.HasSuffix(trimmed, "?")
	}
}

// isMarker reports whether s is a citation marker: [1], [2, 3], [4-5].
func isMarker(s string) bool {
	if len(s) < 3 || s[0] != '[' || s[len(s)-1] != ']' {
		return false
	}
	digits := false
	for _, r := range s[1 : len(s)-1] {
		switch {
		case r >= '0' && r <= '9':
			digits = true
		case r == ',' || r == ' ' || r == '-' || r == '–':
		default:
			return false
		}
	}
	return digits
}

// protectedSpans finds, in order, the [start, end) byte ranges of citation
// markers and markdown links ([text](url) or [text](<url>)) in s.
func protectedSpans(s string) [][2]int {
	var spans [][2]int
	for i := 0; i < len(s); i++ {
		if s[i] != '[' {
			continue
		}
		rb := strings.IndexAny(s[i+1:], "[]\n")
		if rb < 0 || s[i+1+rb] != ']' {
			continue
		}
		j := i + 1 + rb + 1 // just past ']'
		if isMarker(s[i:j]) {
			spans = append(spans, [2]int{i, j})
			i = j - 1
			continue
		}
		if j < len(s) && s[j] == '(' {
			var stop int
			if j+1 < len(s) && s[j+1] == '<' {
				stop = strings.Index(s[j:], ">)")
				if stop >= 0 {
					stop += 2
				}
			} else {
				stop = strings.IndexAny(s[j:], ") \n")
				if stop >= 0 && s[j+stop] == ')' {
					stop++
				} else {
					stop = -1
				}
			}
			if stop >= 0 {
				spans = append(spans, [2]int{i, j + stop})
				i = j + stop - 1
			}
		}
	}
	return spans
}

// insideSpan reports whether cutting at i would split one of spans.
func insideSpan(spans [][2]int, i int) bool {
	for _, sp := range spans {
		if sp[0] < i && i < sp[1] {
			return true
		}
	}
	return false
}
