package storetest

import (
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/studybot/studybot/bot"
)

// testMemberZones: a member's own zone is kept per member and group, "" until set and once cleared, for a
// member never seen too.
func testMemberZones(t *testing.T, open func() bot.Store) {
	s := open()
	g := bot.GroupRef{Platform: "discord", GroupID: "G1"}
	if z, err := s.MemberZone(ctx, g, "u1"); err != nil || z != "" {
		t.Fatalf("zone of a member never seen: %q %v", z, err)
	}
	if err := s.TouchMember(ctx, g, "u1", "Ann"); err != nil {
		t.Fatal(err)
	}
	if err := s.SetMemberZone(ctx, g, "u1", "America/Chicago"); err != nil {
		t.Fatal(err)
	}
	if err := s.SetMemberZone(ctx, g, "u2", "Europe/Berlin"); err != nil { // not recorded before
		t.Fatal(err)
	}
	other := open()
	for user, want := range map[string]string{"u1": "America/Chicago", "u2": "Europe/Berlin", "u3": ""} {
		if z, err := other.MemberZone(ctx, g, user); err != nil || z != want {
			t.Fatalf("zone of %s: %q %v, want %q", user, z, err, want)
		}
	}
	if z, err := other.MemberZone(ctx, bot.GroupRef{Platform: "discord", GroupID: "G2"}, "u1"); err != nil || z != "" {
		t.Fatalf("the zone leaked into another group: %q %v", z, err)
	}
	if n, err := other.MemberName(ctx, g, "u1"); err != nil || n != "Ann" {
		t.Fatalf("setting the zone changed the name: %q %v", n, err)
	}
	if err := s.SetMemberZone(ctx, g, "u1", ""); err != nil {
		t.Fatal(err)
	}
	if z, err := other.MemberZone(ctx, g, "u1"); err != nil || z != "" {
		t.Fatalf("a cleared zone reads %q %v", z, err)
	}
}

// testRemindersClaimAdvanceAndBlock: a reminder is kept as set; only reminders that are on, not blocked
// and due are claimed, each by one of two handles claiming at once, their NextDue moved to the claim's end;
// advancing a reminder the member changed meanwhile leaves their change; a refusal is recorded once, and
// a reminder set again without it is due again.
func testRemindersClaimAdvanceAndBlock(t *testing.T, open func() bot.Store) {
	a, b := open(), open()
	g := bot.GroupRef{Platform: "slack", GroupID: "T1"}
	now := time.Date(2026, 3, 2, 18, 0, 0, 0, time.UTC)
	if _, ok, err := a.Reminder(ctx, g, "u1"); err != nil || ok {
		t.Fatalf("a reminder never set: %v %v", ok, err)
	}
	if at, err := a.NextReminderAt(ctx); err != nil || !at.IsZero() {
		t.Fatalf("next reminder with none: %v %v", at, err)
	}
	set := func(user string, on bool, due time.Time) {
		t.Helper()
		if err := a.SetReminder(ctx, bot.Reminder{Group: g, UserID: user, On: on, Hour: 18, Minute: 0, NextDue: due}); err != nil {
			t.Fatal(err)
		}
	}
	for i, u := range []string{"u1", "u2", "u3", "u4", "u5", "u6"} {
		set(u, true, now.Add(-time.Duration(i)*time.Minute))
	}
	set("off", false, now.Add(-time.Hour))
	set("later", true, now.Add(time.Hour))
	if first, err := a.BlockReminders(ctx, g, "u6", now); err != nil || !first {
		t.Fatalf("block: %v %v", first, err)
	}
	if first, err := b.BlockReminders(ctx, g, "u6", now.Add(time.Minute)); err != nil || first {
		t.Fatalf("a second refusal was recorded as the first: %v %v", first, err)
	}
	r, ok, err := b.Reminder(ctx, g, "u6")
	if err != nil || !ok || !r.On || !r.Blocked.Equal(now) || r.Hour != 18 || r.UserID != "u6" || r.Group != g {
		t.Fatalf("blocked reminder reads %+v %v %v", r, ok, err)
	}
	if at, err := b.NextReminderAt(ctx); err != nil || !at.Equal(now.Add(-4*time.Minute)) {
		t.Fatalf("next reminder %v %v, want the earliest on and not blocked, %v", at, err, now.Add(-4*time.Minute))
	}

	until := now.Add(time.Minute)
	var mu sync.Mutex
	var claimed []string
	var wg sync.WaitGroup
	for _, s := range []bot.Store{a, b, a, b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rs, err := s.ClaimDueReminders(ctx, now, until, 2)
			if err != nil {
				t.Error(err)
			}
			mu.Lock()
			defer mu.Unlock()
			for _, r := range rs {
				if r.NextDue.After(now) || r.Group != g || !r.On {
					t.Errorf("claimed %+v", r)
				}
				claimed = append(claimed, r.UserID)
			}
		}()
	}
	wg.Wait()
	slices.Sort(claimed)
	if want := []string{"u1", "u2", "u3", "u4", "u5"}; !slices.Equal(claimed, want) {
		t.Fatalf("claimed %v, want each of %v once", claimed, want)
	}
	if rs, err := a.ClaimDueReminders(ctx, now, until, 10); err != nil || len(rs) != 0 {
		t.Fatalf("claimed again before the claims lapsed: %v %v", rs, err)
	}
	// u2 changes their reminder while it is claimed; u1 is advanced as usual.
	set("u2", true, now.Add(2*time.Hour))
	next := now.Add(24 * time.Hour)
	for _, u := range []string{"u1", "u2"} {
		if err := b.AdvanceReminder(ctx, g, u, until, next); err != nil {
			t.Fatal(err)
		}
	}
	if r, _, _ := a.Reminder(ctx, g, "u1"); !r.NextDue.Equal(next) {
		t.Fatalf("advanced reminder is due %v, want %v", r.NextDue, next)
	}
	if r, _, _ := a.Reminder(ctx, g, "u2"); !r.NextDue.Equal(now.Add(2 * time.Hour)) {
		t.Fatalf("the member's change was overwritten: due %v", r.NextDue)
	}
	// u3's claim lapsed without an advance (its process died): it is due again.
	rs, err := b.ClaimDueReminders(ctx, until, until.Add(time.Minute), 10)
	if err != nil {
		t.Fatal(err)
	}
	var again []string
	for _, r := range rs {
		again = append(again, r.UserID)
	}
	slices.Sort(again)
	if want := []string{"u3", "u4", "u5"}; !slices.Equal(again, want) {
		t.Fatalf("after the claims lapsed %v were due, want %v", again, want)
	}
	// Turned on again, the refusal is forgotten.
	set("u6", true, now)
	if r, _, _ := b.Reminder(ctx, g, "u6"); !r.Blocked.IsZero() {
		t.Fatalf("the refusal stayed after the reminder was set again: %+v", r)
	}
	if rs, err := a.ClaimDueReminders(ctx, now, until, 10); err != nil || len(rs) != 1 || rs[0].UserID != "u6" {
		t.Fatalf("the unblocked reminder: %v %v", rs, err)
	}
}

// testOneReminderPerMemberAndDay: a member's reminder for a day is queued once, whichever handle queues it,
// in their own direct-message queue, with the day as its payload; another day, or another member, is
// another reminder.
func testOneReminderPerMemberAndDay(t *testing.T, open func() bot.Store) {
	a, b := open(), open()
	g := bot.GroupRef{Platform: "discord", GroupID: "G1"}
	now := time.Date(2026, 3, 2, 18, 0, 0, 0, time.UTC)
	var wg sync.WaitGroup
	var mu sync.Mutex
	queued := 0
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := a
			if i%2 == 1 {
				s = b
			}
			ok, err := s.QueueReminder(ctx, g, "u1", "2026-03-02", now, FarFuture)
			if err != nil {
				t.Error(err)
			}
			if ok {
				mu.Lock()
				queued++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if queued != 1 {
		t.Fatalf("the day's reminder was queued %d times, want once", queued)
	}
	for _, q := range []struct{ user, day string }{{"u1", "2026-03-03"}, {"u2", "2026-03-02"}} {
		if ok, err := b.QueueReminder(ctx, g, q.user, q.day, now, FarFuture); err != nil || !ok {
			t.Fatalf("reminder of %s for %s: %v %v", q.user, q.day, ok, err)
		}
	}
	// Each member's queue is its own: the heads of both go out at once.
	ds := claim(t, a, "p1", now, 10, nil)
	got := map[string]string{}
	for _, d := range ds {
		user, ok := d.Channel.DMUser()
		if !ok || d.Kind != bot.DeliverRemind || d.Channel.Group() != g {
			t.Fatalf("claimed %+v", d)
		}
		got[user] = d.Payload
	}
	if len(ds) != 2 || got["u1"] != "2026-03-02" || got["u2"] != "2026-03-02" {
		t.Fatalf("claimed %+v, want the first reminder of u1 and of u2", ds)
	}
}

// testOpenUnanswered: the open posts of the channels where the member has answered a daily question,
// which they have not answered, soonest closing first; not those closed, past their time, answered, or in
// a channel where they never answered, nor another group's.
func testOpenUnanswered(t *testing.T, open func() bot.Store) {
	s := open()
	g := bot.GroupRef{Platform: "discord", GroupID: "G1"}
	c1 := bot.ChannelRef{Platform: "discord", GroupID: "G1", ChannelID: "c1"}
	c2 := bot.ChannelRef{Platform: "discord", GroupID: "G1", ChannelID: "c2"}
	c3 := bot.ChannelRef{Platform: "discord", GroupID: "G1", ChannelID: "c3"}
	other := bot.ChannelRef{Platform: "discord", GroupID: "G2", ChannelID: "c1"}
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	answer := func(p bot.Post, user string) {
		t.Helper()
		if _, err := s.RecordAnswer(ctx, bot.Answer{PostID: p.ID, Group: p.Channel.Group(), UserID: user, UserName: user,
			Domain: "d", QuestionID: p.QuestionID, AnsweredAt: p.PostedAt.Add(time.Minute)}); err != nil {
			t.Fatal(err)
		}
	}
	answer(post(t, s, c1, "2026-03-01", at.Add(-24*time.Hour)), "u1")
	answer(post(t, s, c2, "2026-03-01", at.Add(-24*time.Hour)), "u1")
	answer(post(t, s, other, "2026-03-01", at.Add(-24*time.Hour)), "u1")
	open1 := post(t, s, c1, "2026-03-02", at.Add(10*time.Minute)) // closes at 10:10
	open2 := post(t, s, c2, "2026-03-02", at)                     // closes at 10:00
	post(t, s, c3, "2026-03-02", at)                              // u1 never answered in c3
	post(t, s, other, "2026-03-02", at)                           // another group
	answered := post(t, s, c2, "manual-1", at.Add(5*time.Minute)) // closes c2's scheduled post
	answer(answered, "u1")
	got, err := s.OpenUnanswered(ctx, g, "u1", at.Add(20*time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].ID != open1.ID || got[0].Channel != c1 {
		t.Fatalf("open unanswered: %+v, want only c1's post %d (c2's %d was closed by the answered one)", got, open1.ID, open2.ID)
	}
	if got, err := s.OpenUnanswered(ctx, g, "u1", at.Add(2*time.Hour)); err != nil || len(got) != 0 {
		t.Fatalf("past their time: %+v %v", got, err)
	}
	if got, err := s.OpenUnanswered(ctx, g, "u9", at.Add(20*time.Minute)); err != nil || len(got) != 0 {
		t.Fatalf("a member who never answered: %+v %v", got, err)
	}
}
