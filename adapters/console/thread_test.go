package console_test

import (
	"strings"
	"testing"
)

// TestRevealThreadIsIndentedUnderTheReveal: the console prints a reveal's discussion after it, headed as
// the thread under the reveal and indented, with why each option is right or wrong; threads off prints
// none.
func TestRevealThreadIsIndentedUnderTheReveal(t *testing.T) {
	out := session(t, monday, true, "/study post\n/as bob\n/answer C\n/as you\n/study post\n")
	reveal := strings.Index(out, "Reveal")
	if reveal < 0 {
		reveal = strings.Index(out, "Answer: ")
	}
	thread := strings.Index(out, "] └ thread under the reveal · Discuss: Breach notice deadline?")
	if reveal < 0 || thread < reveal {
		t.Fatalf("no thread under the reveal:\n%s", out)
	}
	for _, want := range []string{"    Why each option is right or wrong. Talk it over here:", "    C) ", " ✓ "} {
		if !strings.Contains(out[thread:], want) {
			t.Fatalf("no %q in the thread:\n%s", want, out[thread:])
		}
	}
	off := session(t, monday, true, "/study schedule 09:00 threads off\n/study post\n/study post\n")
	if strings.Contains(off, "thread under the reveal") || !strings.Contains(off, "Discussion threads: off") {
		t.Fatalf("threads off:\n%s", off)
	}
}
