package main

import (
	"fmt"
	"io"
	"os"
	"strings"
)

// progress shows which of several sources is loading and its stage: a single
// redrawn line on a terminal, nothing when output is redirected.
type progress struct {
	w     io.Writer
	total int
	tty   bool
}

func newProgress(w io.Writer, total int) *progress {
	tty := false
	if f, ok := w.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			tty = true
		}
	}
	return &progress{w: w, total: total, tty: tty}
}

// update redraws the bar for source i (from 0) at the given stage.
func (p *progress) update(i int, ref, stage string) {
	if !p.tty || p.total == 0 {
		return
	}
	const width = 20
	filled := width * i / p.total
	line := fmt.Sprintf("[%s%s] %d/%d %s: %s", strings.Repeat("#", filled), strings.Repeat(" ", width-filled), i+1, p.total, shorten(ref, 40), stage)
	fmt.Fprintf(p.w, "\r\033[K%s", shorten(line, 100))
}

// done clears the bar after source i.
func (p *progress) done(int) {
	if p.tty && p.total > 0 {
		fmt.Fprint(p.w, "\r\033[K")
	}
}

func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
