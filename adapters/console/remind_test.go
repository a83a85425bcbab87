package console_test

import (
	"strings"
	"testing"
)

// TestReminderPrintsALineToTheMember: in the console, /study me zone and /study remind are typed like any
// command, and a member's reminder is a line addressed to them at their time, once.
func TestReminderPrintsALineToTheMember(t *testing.T) {
	out := session(t, monday, true, "/study schedule 14:00 UTC\n/advance 1h\n/as bob\n/answer A\n"+
		"/study me zone America/Chicago\n/study remind on 18:00\n/advance 24h\n/advance 12h\n")
	if !strings.Contains(out, "Your time zone is now America/Chicago") || !strings.Contains(out, "18:00 America/Chicago (your zone)") {
		t.Fatalf("me zone and remind replies missing:\n%s", out)
	}
	if n := strings.Count(out, "[DM to bob"); n != 1 {
		t.Fatalf("%d reminders to bob, want 1:\n%s", n, out)
	}
	dm := out[strings.Index(out, "[DM to bob"):]
	if !strings.Contains(dm, "closes Wed 08:00 CST and you have not answered it") {
		t.Fatalf("bob's reminder:\n%s", dm)
	}
}
