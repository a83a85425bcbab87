package slack_test

import (
	"strings"
	"testing"
)

// TestHistoryIsEphemeralTextOnSlack: Slack's ephemeral messages cannot carry an uploaded file, so
// /study history answers privately with the weeks as a table and uploads nothing.
func TestHistoryIsEphemeralTextOnSlack(t *testing.T) {
	h := newHarness(t)
	h.slash("UADMIN", "post")
	h.click("U001", h.fake.CardActions(0)[2], "answer")
	h.wait()
	m := h.slash("U001", "history")
	if m["response_type"] != "ephemeral" || !strings.Contains(text(m), "Your share right per week, last 12 weeks") || !strings.Contains(text(m), "(this week)") {
		t.Fatalf("history: %v", m)
	}
	if n := len(h.fake.Calls("files.getUploadURLExternal")) + len(h.fake.Calls("files.completeUploadExternal")); n != 0 {
		t.Fatalf("%d file upload calls for a private reply", n)
	}
	if n := len(h.fake.Calls("chat.postMessage")); n != 1 {
		t.Fatalf("%d messages posted, want the card alone", n)
	}
}
