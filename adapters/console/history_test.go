package console_test

import (
	"strings"
	"testing"
)

// TestHistoryIsTextInTheConsole: the console answers /study history with the weeks as text, privately,
// and writes no chart file for it.
func TestHistoryIsTextInTheConsole(t *testing.T) {
	out := session(t, monday, true, "/as bob\n/study practice\n/answer A\n/study history\n")
	i := strings.Index(out, "bob> /study history\n(only bob sees this)")
	if i < 0 || !strings.Contains(out[i:], "Your share right per week, last 12 weeks") || !strings.Contains(out[i:], "(this week)") {
		t.Fatalf("history:\n%s", out)
	}
	if strings.Contains(out, "[chart") {
		t.Fatalf("the console drew a chart for a private reply:\n%s", out)
	}
}
