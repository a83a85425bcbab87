package storetest

import (
	"strings"
	"testing"
	"time"

	"github.com/studybot/studybot/bot"
)

// testOutboxThreadFollowsItsReveal: a reveal recorded delivered with a follow-up (bot.DeliveryResult.Then)
// queues that message in the same write, behind what the channel already owed, for the revealed post and
// with its payload; a finish by a process whose claim lapsed queues nothing, so the follow-up is owed once
// however many processes attempted the reveal.
func testOutboxThreadFollowsItsReveal(t *testing.T, open func() bot.Store) {
	s, other := open(), open()
	ch := bot.ChannelRef{Platform: "discord", GroupID: "g", ChannelID: "c"}
	p1 := post(t, s, ch, "1", t0)
	d := claim(t, s, "o", t0, 10, nil)[0]
	finish(t, s, bot.DeliveryResult{ID: d.ID, Owner: "o", Delivered: true, MessageID: "C1", At: t0})
	p2 := post(t, s, ch, "2", t0.Add(time.Hour)) // closes p1: its reveal and close, then p2's card

	// The first claim of the reveal lapses and another process takes it over.
	ds, err := s.ClaimDeliveries(ctx, "dead", t0.Add(time.Hour), 0, 1, &ch)
	if err != nil || len(ds) != 1 || ds[0].Kind != bot.DeliverReveal || ds[0].PostID != p1.ID {
		t.Fatalf("claim of the reveal: %+v %v", ds, err)
	}
	reveal := ds[0]
	taken := claim(t, other, "alive", t0.Add(time.Hour+time.Minute), 1, &ch)
	if len(taken) != 1 || taken[0].ID != reveal.ID {
		t.Fatalf("the lapsed reveal was not taken over: %+v", taken)
	}
	then := &bot.FollowUp{Kind: bot.DeliverThread, Payload: "R1", ExpiresAt: FarFuture}
	late := bot.DeliveryResult{ID: reveal.ID, Owner: "dead", Delivered: true, MessageID: "R1", At: t0.Add(time.Hour), Then: then}
	if err := s.FinishDelivery(ctx, late); bot.ErrorCode(err) != bot.ECONFLICT {
		t.Fatalf("the lapsed owner finished the reveal: %v", err)
	}
	if st := statusOf(t, s, p1.ID); strings.Contains(st, "thread") {
		t.Fatalf("a finish that lost its claim queued a thread: %s", st)
	}
	finish(t, other, bot.DeliveryResult{ID: reveal.ID, Owner: "alive", Delivered: true, MessageID: "R1", At: t0.Add(time.Hour + time.Minute), Then: then})
	if st := statusOf(t, s, p1.ID); st != "card:delivered reveal:delivered close:due thread:due" {
		t.Fatalf("p1's messages after its reveal: %s", st)
	}
	// The thread waits behind the close of p1 and the card of p2, queued before it.
	var kinds []string
	for range 3 {
		ds := claim(t, s, "o", t0.Add(2*time.Hour), 10, &ch)
		if len(ds) != 1 {
			t.Fatalf("claim in order: %+v (so far %v)", ds, kinds)
		}
		kinds = append(kinds, ds[0].Kind)
		if ds[0].Kind == bot.DeliverThread {
			if ds[0].PostID != p1.ID || ds[0].Payload != "R1" || ds[0].Key == "" || ds[0].Key == reveal.Key || ds[0].MaybeSent ||
				!ds[0].ExpiresAt.Equal(FarFuture) || !ds[0].CreatedAt.Equal(t0.Add(time.Hour+time.Minute)) {
				t.Fatalf("the thread as claimed: %+v", ds[0])
			}
		}
		finish(t, s, bot.DeliveryResult{ID: ds[0].ID, Owner: "o", Delivered: true, MessageID: "M" + ds[0].Kind, At: t0.Add(2 * time.Hour)})
	}
	if strings.Join(kinds, " ") != "close card thread" {
		t.Fatalf("delivered in the order %v", kinds)
	}
	if st := statusOf(t, s, p1.ID); st != "card:delivered reveal:delivered close:delivered thread:delivered" {
		t.Fatalf("p1's messages at the end: %s", st)
	}
	if st := statusOf(t, s, p2.ID); st != "card:delivered" {
		t.Fatalf("p2's messages: %s", st)
	}
}

// testChannelThreads: a channel's reveals open threads until SetThreads turns them off; the setting is the
// channel's, read back by every handle and with the schedule, and outlives the schedule's removal.
func testChannelThreads(t *testing.T, open func() bot.Store) {
	s, other := open(), open()
	ch := bot.ChannelRef{Platform: "slack", GroupID: "T", ChannelID: "C"}
	if c, err := s.Channel(ctx, ch); err != nil || c.ThreadsOff {
		t.Fatalf("a channel never seen: %+v %v", c, err)
	}
	if err := s.SetThreads(ctx, ch, true); err != nil {
		t.Fatal(err)
	}
	if err := s.SetSchedule(ctx, ch, &bot.Schedule{Hour: 9, Zone: "UTC", Days: bot.AllDays, Since: t0, NextDue: t0}); err != nil {
		t.Fatal(err)
	}
	if c, err := other.Channel(ctx, ch); err != nil || !c.ThreadsOff || c.Schedule == nil {
		t.Fatalf("threads turned off, read by another handle: %+v %v", c, err)
	}
	due, err := s.ClaimDueChannels(ctx, t0, t0.Add(time.Minute), 10)
	if err != nil || len(due) != 1 || !due[0].ThreadsOff {
		t.Fatalf("claimed with its schedule: %+v %v", due, err)
	}
	if err := s.SetSchedule(ctx, ch, nil); err != nil {
		t.Fatal(err)
	}
	if c, _ := s.Channel(ctx, ch); !c.ThreadsOff {
		t.Fatalf("unscheduling turned threads back on: %+v", c)
	}
	if err := other.SetThreads(ctx, ch, false); err != nil {
		t.Fatal(err)
	}
	if c, _ := s.Channel(ctx, ch); c.ThreadsOff {
		t.Fatalf("threads turned on again, still off: %+v", c)
	}
}
