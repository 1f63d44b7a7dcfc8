package main

import (
	"io"
	"os"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// progress shows which of several sources is loading and its stage: a single
// redrawn line on a terminal, nothing when output is redirected (as in tests
// and logs).
type progress struct {
	bar  *progressbar.ProgressBar
	done int // sources counted as done on the bar
}

// newProgress returns a progress display for total sources on w, which it
// draws on only when w is a terminal.
func newProgress(w io.Writer, total int) *progress {
	return newProgressBar(w, total, isTerminal(w) && total > 0)
}

// newProgressBar returns a progress display that draws on w only if visible.
func newProgressBar(w io.Writer, total int, visible bool) *progress {
	return &progress{bar: progressbar.NewOptions(total,
		progressbar.OptionSetWriter(w),
		progressbar.OptionSetVisibility(visible),
		progressbar.OptionSetWidth(20),
		progressbar.OptionShowCount(),
		progressbar.OptionSetPredictTime(false),
		progressbar.OptionSetElapsedTime(false),
		progressbar.OptionShowDescriptionAtLineEnd(),
		progressbar.OptionUseANSICodes(true),
		progressbar.OptionClearOnFinish(),
	)}
}

// update shows source i (from 0) at the given stage; the bar counts the
// sources before it as done.
func (p *progress) update(i int, ref, stage string) {
	if i != p.done {
		p.done = i
		_ = p.bar.Set(i) // a drawing error is not worth failing a load for
	}
	p.bar.Describe(shorten(ref, 40) + ": " + shorten(stage, 50))
}

// finish clears the bar once every source is through.
func (p *progress) finish() {
	_ = p.bar.Finish()
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
