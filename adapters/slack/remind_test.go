package slack_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/studybot/studybot/bot"
)

// TestReminderIsADirectMessage: /study me zone and /study remind typed in Slack; the reminder goes to the
// member's DM channel (conversations.open) once, with its key as metadata, at their time in their zone; a
// member Slack refuses a DM with (user_disabled) is tried once, recorded, told why by /study remind, and
// not tried the next day.
func TestReminderIsADirectMessage(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	ch := bot.ChannelRef{Platform: bot.PlatformSlack, GroupID: "T1", ChannelID: "C1"}
	tick := func(at time.Time) {
		t.Helper()
		h.now = at
		if err := h.bot.Tick(ctx); err != nil {
			t.Fatal(err)
		}
		if err := h.bot.Flush(ctx); err != nil {
			t.Fatal(err)
		}
	}
	h.slash("UADMIN", "schedule 15:00")
	tick(time.Date(2026, 3, 2, 15, 0, 0, 0, time.UTC)) // Monday's question
	p, err := h.db.OpenPost(ctx, ch)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []string{"UALICE", "UBOB"} {
		if _, err := h.bot.HandleErr(ctx, bot.Command{Channel: ch, User: bot.User{ID: u, Name: u}, Name: bot.ActionAnswer,
			Click: true, Args: []string{strconv.FormatInt(p.ID, 10), "A"}}); err != nil {
			t.Fatal(err)
		}
	}
	if got := text(h.slash("UALICE", "me zone America/Chicago")); !strings.Contains(got, "America/Chicago") {
		t.Fatalf("/study me zone: %q", got)
	}
	if got := text(h.slash("UALICE", "remind on 18:00")); !strings.Contains(got, "18:00 America/Chicago") {
		t.Fatalf("/study remind on 18:00: %q", got)
	}
	h.slash("UBOB", "remind on")
	h.fake.RefuseDMs("UBOB", "user_disabled")

	tick(time.Date(2026, 3, 3, 15, 0, 0, 0, time.UTC)) // Tuesday's question, which neither answers
	tick(time.Date(2026, 3, 3, 18, 0, 0, 0, time.UTC)) // Bob's 18:00
	opens := func(user string) int {
		n := 0
		for _, c := range h.fake.Calls("conversations.open") {
			if c.Form.Get("users") == user {
				n++
			}
		}
		return n
	}
	if n := opens("UBOB"); n != 1 {
		t.Fatalf("bob's DM was tried %d times, want 1", n)
	}
	if got := text(h.slash("UBOB", "remind")); !strings.Contains(got, "Slack refused studybot a direct message") {
		t.Fatalf("/study remind after a refusal: %q", got)
	}
	tick(time.Date(2026, 3, 3, 23, 59, 0, 0, time.UTC))
	if n := opens("UALICE"); n != 0 {
		t.Fatalf("alice's DM was opened %d times before 18:00 in Chicago", n)
	}
	tick(time.Date(2026, 3, 4, 0, 0, 0, 0, time.UTC)) // 18:00 in Chicago
	tick(time.Date(2026, 3, 4, 0, 30, 0, 0, time.UTC))
	dm := h.fake.DMChannel("UALICE")
	msgs := h.fake.Messages(dm)
	if dm == "" || len(msgs) != 1 {
		t.Fatalf("alice's DM channel %q has %d messages, want 1", dm, len(msgs))
	}
	if !strings.Contains(msgs[0].Text, "closes Wed 09:00 CST") || msgs[0].Metadata["event_type"] != "studybot_post" {
		t.Fatalf("alice's reminder: %q (metadata %v)", msgs[0].Text, msgs[0].Metadata)
	}
	tick(time.Date(2026, 3, 4, 15, 0, 0, 0, time.UTC))
	tick(time.Date(2026, 3, 4, 18, 0, 0, 0, time.UTC)) // Bob's time again: not tried
	if n := opens("UBOB"); n != 1 {
		t.Fatalf("bob was tried %d times after Slack refused his DMs, want 1", n)
	}
}
