package main

import (
	"fmt"
	"io"
	"os"
	"strings"
)

// progressBar shows a long job's counts on a terminal: one line per part, redrawn in place, with a bar.
// Piped (a script, a log), it prints nothing, so the output stays the job's result.
type progressBar struct {
	w    io.Writer
	on   bool
	part string // the part being drawn, to end its line when the next begins
	last int    // the last percentage drawn, to redraw only when it moves
}

// newProgress draws on out only when out is a terminal.
func newProgress(out io.Writer) *progressBar {
	p := &progressBar{w: out, last: -1}
	if f, ok := out.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			p.on = true
		}
	}
	return p
}

// barWidth is how many cells the bar has.
const barWidth = 30

// Update draws part's progress: done of total.
func (p *progressBar) Update(part string, done, total int64) {
	if !p.on {
		return
	}
	if part != p.part {
		p.Done()
		p.part, p.last = part, -1
	}
	pct := 100
	if total > 0 {
		pct = int(100 * done / total)
	}
	if pct == p.last {
		return
	}
	p.last = pct
	fill := barWidth * pct / 100
	fmt.Fprintf(p.w, "\r%-14s [%s%s] %3d%%  %d of %d", part, strings.Repeat("#", fill), strings.Repeat(" ", barWidth-fill), pct, done, total)
}

// Done ends the line being drawn, if any.
func (p *progressBar) Done() {
	if p.on && p.part != "" {
		fmt.Fprintln(p.w)
		p.part = ""
	}
}
