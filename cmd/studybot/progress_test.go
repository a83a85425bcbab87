package main

import (
	"bytes"
	"strings"
	"testing"
)

// TestProgressDrawsOnATerminalOnly: on a terminal each part's line is redrawn in place with a bar and ends
// when the next part begins; piped, nothing is printed.
func TestProgressDrawsOnATerminalOnly(t *testing.T) {
	var piped bytes.Buffer
	p := newProgress(&piped)
	p.Update("answers", 500, 1000)
	p.Done()
	if piped.Len() != 0 {
		t.Fatalf("piped output got progress: %q", piped.String())
	}

	var term bytes.Buffer
	p = &progressBar{w: &term, on: true, last: -1}
	p.Update("groups", 0, 2)
	p.Update("groups", 2, 2)
	p.Update("answers", 0, 1000)
	p.Update("answers", 5, 1000) // 0 %: not redrawn
	p.Update("answers", 1000, 1000)
	p.Done()
	out := term.String()
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d lines, want one per part:\n%q", len(lines), out)
	}
	if !strings.HasSuffix(lines[0], "100%  2 of 2") || !strings.Contains(lines[1], "[##############################] 100%  1000 of 1000") {
		t.Fatalf("lines %q", lines)
	}
	if n := strings.Count(lines[1], "\r"); n != 2 {
		t.Fatalf("the answers line was drawn %d times, want 2 (0%% and 100%%)", n)
	}
}
