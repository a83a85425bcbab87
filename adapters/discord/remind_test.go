package discord_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/studybot/studybot/adapters/discord/discordtest"
	"github.com/studybot/studybot/bot"
)

// TestReminderIsADirectMessage: /study me zone and /study remind through the interactions endpoint; the
// reminder goes to the member's DM channel (opened with POST /users/@me/channels) once, with a nonce, at
// their time in their zone; a member whose DMs refuse the bot (50007) is tried once, recorded, told why by
// /study remind, and not tried the next day.
func TestReminderIsADirectMessage(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	alice := discordtest.Member{ID: "200", Name: "Alice"}
	bob := discordtest.Member{ID: "300", Name: "Bob"}
	ch := bot.ChannelRef{Platform: bot.PlatformDiscord, GroupID: "g1", ChannelID: "c1"}
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
	h.command(moderator, "schedule", discordtest.Option{Name: "time", Type: 3, Value: "15:00"})
	tick(time.Date(2026, 3, 2, 15, 0, 0, 0, time.UTC)) // Monday's question
	p, err := h.db.OpenPost(ctx, ch)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []discordtest.Member{alice, bob} {
		if _, err := h.bot.HandleErr(ctx, bot.Command{Channel: ch, User: bot.User{ID: m.ID, Name: m.Name}, Name: bot.ActionAnswer,
			Click: true, Args: []string{strconv.FormatInt(p.ID, 10), "A"}}); err != nil {
			t.Fatal(err)
		}
	}
	if got := content(h.command(alice, "me zone", discordtest.Option{Name: "zone", Type: 3, Value: "America/Chicago"})); !strings.Contains(got, "America/Chicago") {
		t.Fatalf("/study me zone: %q", got)
	}
	resp := h.command(alice, "remind", discordtest.Option{Name: "action", Type: 3, Value: "on"}, discordtest.Option{Name: "time", Type: 3, Value: "18:00"})
	if got := content(resp); !ephemeral(resp) || !strings.Contains(got, "18:00 America/Chicago") {
		t.Fatalf("/study remind on 18:00: %q (ephemeral %v)", got, ephemeral(resp))
	}
	h.command(bob, "remind", discordtest.Option{Name: "action", Type: 3, Value: "on"})
	h.fake.BlockDMs(bob.ID, true)

	tick(time.Date(2026, 3, 3, 15, 0, 0, 0, time.UTC)) // Tuesday's question, which neither answers
	tick(time.Date(2026, 3, 3, 18, 0, 0, 0, time.UTC)) // Bob's 18:00
	bobDM := h.fake.DMChannel(bob.ID)
	if bobDM == "" || len(h.fake.Calls("POST", "/api/v9/channels/"+bobDM+"/messages")) != 1 || len(h.fake.DMs(bob.ID)) != 0 {
		t.Fatalf("bob's refused DM: channel %q, %d creates", bobDM, len(h.fake.Calls("POST", "/api/v9/channels/"+bobDM+"/messages")))
	}
	if got := content(h.command(bob, "remind")); !strings.Contains(got, "Discord refused studybot a direct message") {
		t.Fatalf("/study remind after a refusal: %q", got)
	}
	tick(time.Date(2026, 3, 3, 23, 59, 0, 0, time.UTC))
	if n := len(h.fake.DMs(alice.ID)); n != 0 {
		t.Fatalf("alice got %d DMs before 18:00 in Chicago", n)
	}
	tick(time.Date(2026, 3, 4, 0, 0, 0, 0, time.UTC)) // 18:00 in Chicago
	tick(time.Date(2026, 3, 4, 0, 30, 0, 0, time.UTC))
	dms := h.fake.DMs(alice.ID)
	if len(dms) != 1 {
		t.Fatalf("alice got %d DMs, want 1", len(dms))
	}
	text, _ := dms[0].Body["content"].(string)
	if !strings.Contains(text, "closes Wed 09:00 CST") || dms[0].Nonce == "" {
		t.Fatalf("alice's reminder: %q (nonce %q)", text, dms[0].Nonce)
	}
	opens := h.fake.Calls("POST", "/api/v9/users/@me/channels")
	if len(opens) != 2 || !strings.Contains(string(opens[1].Body), `"recipient_id":"200"`) {
		t.Fatalf("DM channels opened: %d", len(opens))
	}
	tick(time.Date(2026, 3, 4, 15, 0, 0, 0, time.UTC))
	tick(time.Date(2026, 3, 4, 18, 0, 0, 0, time.UTC)) // Bob's time again: not tried
	if n := len(h.fake.Calls("POST", "/api/v9/channels/"+bobDM+"/messages")); n != 1 {
		t.Fatalf("bob was tried %d times after refusing DMs, want 1", n)
	}
}
