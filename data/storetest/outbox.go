package storetest

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/studybot/studybot/bot"
)

var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

func claim(t *testing.T, s bot.Store, owner string, now time.Time, max int, only *bot.ChannelRef) []bot.Delivery {
	t.Helper()
	ds, err := s.ClaimDeliveries(ctx, owner, now, time.Minute, max, only)
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

func finish(t *testing.T, s bot.Store, r bot.DeliveryResult) {
	t.Helper()
	if err := s.FinishDelivery(ctx, r); err != nil {
		t.Fatal(err)
	}
}

func statusOf(t *testing.T, s bot.Store, postID int64) string {
	t.Helper()
	ds, err := s.Deliveries(ctx, postID)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, d := range ds {
		out = append(out, d.Kind+":"+d.Status)
	}
	return strings.Join(out, " ")
}

// testOutboxHeadOfEachChannel: a claim takes only the oldest open message of each channel, and the next one
// once that one is done.
func testOutboxHeadOfEachChannel(t *testing.T, open func() bot.Store) {
	s := open()
	a := bot.ChannelRef{Platform: "discord", GroupID: "g", ChannelID: "a"}
	b := bot.ChannelRef{Platform: "slack", GroupID: "T", ChannelID: "b"}
	if ds := claim(t, s, "o", t0, 10, nil); len(ds) != 0 {
		t.Fatalf("claimed from an empty outbox: %+v", ds)
	}
	if at, err := s.NextDeliveryAt(ctx); err != nil || !at.IsZero() {
		t.Fatalf("next delivery of an empty outbox: %v %v", at, err)
	}
	a1 := post(t, s, a, "1", t0)
	a2 := post(t, s, a, "2", t0.Add(time.Second))
	b1 := post(t, s, b, "1", t0.Add(2*time.Second))
	if at, _ := s.NextDeliveryAt(ctx); !at.Equal(t0) {
		t.Fatalf("next delivery at %v, want %v", at, t0)
	}
	ds := claim(t, s, "o", t0.Add(time.Minute), 10, nil)
	if len(ds) != 2 || ds[0].Channel != a || ds[0].PostID != a1.ID || ds[0].Kind != bot.DeliverCard || ds[1].Channel != b || ds[1].PostID != b1.ID {
		t.Fatalf("first claim: %+v", ds)
	}
	d := ds[0]
	if d.Attempts != 0 || d.MaybeSent || d.Key == "" || !d.CreatedAt.Equal(t0) || !d.ExpiresAt.Equal(FarFuture) {
		t.Fatalf("claimed delivery: %+v", d)
	}
	if more := claim(t, s, "o", t0.Add(time.Minute), 10, nil); len(more) != 0 {
		t.Fatalf("claimed behind a message in flight: %+v", more)
	}
	if st := statusOf(t, s, a1.ID); st != "card:sending reveal:due close:due" {
		t.Fatalf("a1: %s", st)
	}
	finish(t, s, bot.DeliveryResult{ID: d.ID, Owner: "o", Delivered: true, MessageID: "M1", At: t0.Add(time.Minute)})
	if p, _ := s.Post(ctx, a1.ID); p.MessageID != "M1" {
		t.Fatalf("the card's message id was not recorded: %+v", p)
	}
	// Only channel a's next one, when asked for a alone.
	ds = claim(t, s, "o", t0.Add(time.Minute), 10, &a)
	if len(ds) != 1 || ds[0].PostID != a1.ID || ds[0].Kind != bot.DeliverReveal {
		t.Fatalf("claim for a: %+v", ds)
	}
	if ds := claim(t, s, "o", t0.Add(time.Minute), 10, &bot.ChannelRef{Platform: "discord", GroupID: "g", ChannelID: "none"}); len(ds) != 0 {
		t.Fatalf("claim for an unknown channel: %+v", ds)
	}
	// max bounds a claim.
	for _, x := range []string{"x1", "x2", "x3"} {
		post(t, s, bot.ChannelRef{Platform: "discord", GroupID: "g", ChannelID: x}, "1", t0)
	}
	if ds := claim(t, s, "o", t0.Add(time.Minute), 2, nil); len(ds) != 2 {
		t.Fatalf("claimed %d with max 2", len(ds))
	}
	_ = a2
}

// testOutboxOwnerFinishes: only the claim's owner records its outcome; a failed card keeps its error.
func testOutboxOwnerFinishes(t *testing.T, open func() bot.Store) {
	s := open()
	ch := bot.ChannelRef{Platform: "discord", GroupID: "g", ChannelID: "c"}
	p := post(t, s, ch, "1", t0)
	d := claim(t, s, "mine", t0, 10, nil)[0]
	err := s.FinishDelivery(ctx, bot.DeliveryResult{ID: d.ID, Owner: "theirs", Delivered: true, MessageID: "X", At: t0})
	if bot.ErrorCode(err) != bot.ECONFLICT {
		t.Fatalf("finish by another owner: %v", err)
	}
	finish(t, s, bot.DeliveryResult{ID: d.ID, Owner: "mine", Error: "refused", Notice: "give me access", At: t0})
	ds, _ := s.Deliveries(ctx, p.ID)
	if len(ds) != 1 || ds[0].Status != "failed" || ds[0].Error != "refused" || ds[0].Attempts != 1 || ds[0].MessageID != "" {
		t.Fatalf("failed card: %+v", ds)
	}
	if err := s.FinishDelivery(ctx, bot.DeliveryResult{ID: d.ID, Owner: "mine", Delivered: true, At: t0}); bot.ErrorCode(err) != bot.ECONFLICT {
		t.Fatalf("finishing twice: %v", err)
	}
}

// testOutboxLapsedClaim: a claim lasts its lease and then lapses, and is handed out again as maybe sent;
// the first owner can no longer finish it. The lease is kept on the store's clock, which is not the caller's
// on every store (PostgreSQL keeps it on the database's), so this holds a claim of an hour, which has not
// lapsed by either clock, and one of no length, which has by the next claim on either.
func testOutboxLapsedClaim(t *testing.T, open func() bot.Store) {
	s, other := open(), open()
	alive := bot.ChannelRef{Platform: "discord", GroupID: "g", ChannelID: "alive"}
	dead := bot.ChannelRef{Platform: "discord", GroupID: "g", ChannelID: "dead"}
	post(t, s, alive, "1", t0)
	post(t, s, dead, "1", t0)
	lease := func(owner string, d time.Duration, ch bot.ChannelRef) bot.Delivery {
		t.Helper()
		ds, err := s.ClaimDeliveries(ctx, owner, t0, d, 1, &ch)
		if err != nil || len(ds) != 1 {
			t.Fatalf("claim in %s: %+v %v", ch.ChannelID, ds, err)
		}
		return ds[0]
	}
	held := lease("alive", time.Hour, alive)
	d := lease("dead", 0, dead)
	if at, _ := s.NextDeliveryAt(ctx); at.IsZero() {
		t.Fatal("no next delivery while two messages are claimed and not delivered")
	}
	ds := claim(t, other, "other", t0.Add(time.Minute), 10, nil)
	if len(ds) != 1 || ds[0].ID != d.ID || !ds[0].MaybeSent || ds[0].Attempts != 1 || ds[0].Key != d.Key {
		t.Fatalf("lapsed claim (and not the live one, %d): %+v", held.ID, ds)
	}
	if err := s.FinishDelivery(ctx, bot.DeliveryResult{ID: d.ID, Owner: "dead", Delivered: true, MessageID: "late", At: t0}); bot.ErrorCode(err) != bot.ECONFLICT {
		t.Fatalf("the lapsed owner finished: %v", err)
	}
	finish(t, other, bot.DeliveryResult{ID: d.ID, Owner: "other", Delivered: true, MessageID: "M", At: t0})
	if p, _ := s.Post(ctx, d.PostID); p.MessageID != "M" {
		t.Fatalf("message id %q", p.MessageID)
	}
	finish(t, s, bot.DeliveryResult{ID: held.ID, Owner: "alive", Delivered: true, MessageID: "A", At: t0})
}

// testOutboxRetryAndExpiry: a passing failure is due again at its retry time (or at once after RetryNow),
// and what is not delivered by the end of the channel's day is given up.
func testOutboxRetryAndExpiry(t *testing.T, open func() bot.Store) {
	s := open()
	ch := bot.ChannelRef{Platform: "discord", GroupID: "g", ChannelID: "c"}
	p, _, err := s.CreatePost(ctx, bot.Post{Channel: ch, Slot: "1", Pack: "p", QuestionID: "q", Domain: "d", PostedAt: t0, ClosesAt: t0.Add(time.Hour)}, t0.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	d := claim(t, s, "o", t0, 10, nil)[0]
	finish(t, s, bot.DeliveryResult{ID: d.ID, Owner: "o", RetryAt: t0.Add(10 * time.Second), Error: "503", At: t0})
	if at, _ := s.NextDeliveryAt(ctx); !at.Equal(t0.Add(10 * time.Second)) {
		t.Fatalf("next delivery %v", at)
	}
	if ds := claim(t, s, "o", t0.Add(5*time.Second), 10, nil); len(ds) != 0 {
		t.Fatalf("claimed before the retry time: %+v", ds)
	}
	if err := s.RetryNow(ctx, ch, t0.Add(5*time.Second)); err != nil {
		t.Fatal(err)
	}
	ds := claim(t, s, "o", t0.Add(5*time.Second), 10, nil)
	if len(ds) != 1 || ds[0].Attempts != 1 || ds[0].MaybeSent {
		t.Fatalf("after RetryNow: %+v", ds)
	}
	finish(t, s, bot.DeliveryResult{ID: ds[0].ID, Owner: "o", RetryAt: t0.Add(20 * time.Second), MaybeSent: true, Error: "timeout", At: t0})
	ds = claim(t, s, "o", t0.Add(20*time.Second), 10, nil)
	if len(ds) != 1 || ds[0].Attempts != 2 || !ds[0].MaybeSent {
		t.Fatalf("after a maybe-sent failure: %+v", ds)
	}
	finish(t, s, bot.DeliveryResult{ID: ds[0].ID, Owner: "o", RetryAt: t0.Add(30 * time.Minute), Error: "timeout", At: t0})
	// Past the deadline nothing is claimed, and the card is failed with why.
	if ds := claim(t, s, "o", t0.Add(time.Hour), 10, nil); len(ds) != 0 {
		t.Fatalf("claimed past the deadline: %+v", ds)
	}
	states, _ := s.Deliveries(ctx, p.ID)
	if len(states) != 1 || states[0].Status != "failed" || !strings.Contains(states[0].Error, "day ended") || states[0].Attempts != 3 {
		t.Fatalf("expired card: %+v", states)
	}
	if at, _ := s.NextDeliveryAt(ctx); !at.IsZero() {
		t.Fatalf("next delivery after expiry: %v", at)
	}
	// A message claimed when its day ends is left to its owner until its lease lapses.
	q, _, _ := s.CreatePost(ctx, bot.Post{Channel: ch, Slot: "2", Pack: "p", QuestionID: "q", Domain: "d", PostedAt: t0, ClosesAt: t0.Add(time.Hour)}, t0.Add(2*time.Hour))
	claimed := claim(t, s, "o", t0.Add(2*time.Hour-30*time.Second), 10, nil)
	if len(claimed) != 1 || claimed[0].Kind != bot.DeliverReveal {
		t.Fatalf("claim before the end of the day: %+v", claimed)
	}
	claim(t, s, "o2", t0.Add(2*time.Hour), 10, nil)
	if st := statusOf(t, s, p.ID); !strings.HasPrefix(st, "card:failed reveal:sending") {
		t.Fatalf("a claimed message expired under its owner: %s", st)
	}
	finish(t, s, bot.DeliveryResult{ID: claimed[0].ID, Owner: "o", Delivered: true, MessageID: "R", At: t0})
	_ = q
}

// testOutboxNotices: a failure for good leaves the channel a notice for its next moderator, told once;
// a delivery there clears it.
func testOutboxNotices(t *testing.T, open func() bot.Store) {
	s, other := open(), open()
	ch := bot.ChannelRef{Platform: "discord", GroupID: "g", ChannelID: "c"}
	if n, err := s.TakeNotice(ctx, ch); err != nil || n != "" {
		t.Fatalf("notice of a new channel: %q %v", n, err)
	}
	post(t, s, ch, "1", t0)
	d := claim(t, s, "o", t0, 10, nil)[0]
	finish(t, s, bot.DeliveryResult{ID: d.ID, Owner: "o", Error: "403", Notice: "Give me Send Messages here.", At: t0})
	var wg sync.WaitGroup
	var mu sync.Mutex
	var told []string
	for _, h := range []bot.Store{s, other, s, other} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n, err := h.TakeNotice(ctx, ch)
			if err != nil {
				t.Error(err)
			}
			if n != "" {
				mu.Lock()
				told = append(told, n)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if fmt.Sprint(told) != "[Give me Send Messages here.]" {
		t.Fatalf("notice told %q", told)
	}
	post(t, s, ch, "2", t0)
	for _, d := range claim(t, s, "o", t0, 10, nil) {
		finish(t, s, bot.DeliveryResult{ID: d.ID, Owner: "o", Error: "403", Notice: "again", At: t0})
	}
	ds := claim(t, s, "o", t0, 10, nil) // the old post's reveal
	finish(t, s, bot.DeliveryResult{ID: ds[0].ID, Owner: "o", Delivered: true, MessageID: "R", At: t0})
	if n, _ := s.TakeNotice(ctx, ch); n != "" {
		t.Fatalf("a delivery did not clear the notice: %q", n)
	}
}

// testOutboxReplicasClaimOnce: three replicas, each with several senders, drain an outbox of many channels
// at once. Every message is claimed once (the leases never lapse here), and a channel never has two
// messages in flight or out of order.
func testOutboxReplicasClaimOnce(t *testing.T, open func() bot.Store) {
	handles := []bot.Store{open(), open(), open()}
	const channels = 40
	var queued []int64
	for c := 0; c < channels; c++ {
		ch := bot.ChannelRef{Platform: "discord", GroupID: "g", ChannelID: fmt.Sprint("c", c)}
		p1 := post(t, handles[c%3], ch, "1", t0)
		p2 := post(t, handles[c%3], ch, "2", t0)
		queued = append(queued, p1.ID, p2.ID)
	}
	total := 0
	for _, id := range queued {
		ds, _ := handles[0].Deliveries(ctx, id)
		total += len(ds)
	}
	if total != 4*channels {
		t.Fatalf("%d messages queued, want %d", total, 4*channels)
	}
	var mu sync.Mutex
	inFlight := map[bot.ChannelRef]int64{}
	lastID := map[bot.ChannelRef]int64{}
	claimed := map[int64]int{}
	var wg sync.WaitGroup
	for r, h := range handles {
		for w := 0; w < 3; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				owner := fmt.Sprintf("replica%d/%d", r, w)
				for idle := 0; idle < 20; {
					ds, err := h.ClaimDeliveries(ctx, owner, t0, time.Hour, 3, nil)
					if err != nil {
						t.Error(err)
						return
					}
					if len(ds) == 0 {
						// The others may still hold what comes next; whoever holds the last of a channel's
						// messages claims its next one itself, so the last worker left drains the outbox.
						idle++
						continue
					}
					idle = 0
					mu.Lock()
					for _, d := range ds {
						claimed[d.ID]++
						if prev, busy := inFlight[d.Channel]; busy {
							t.Errorf("%s: %d claimed while %d is in flight", d.Channel.ChannelID, d.ID, prev)
						}
						if d.ID <= lastID[d.Channel] {
							t.Errorf("%s: %d claimed after %d", d.Channel.ChannelID, d.ID, lastID[d.Channel])
						}
						inFlight[d.Channel], lastID[d.Channel] = d.ID, d.ID
					}
					mu.Unlock()
					for _, d := range ds {
						mu.Lock()
						delete(inFlight, d.Channel)
						mu.Unlock()
						if err := h.FinishDelivery(ctx, bot.DeliveryResult{ID: d.ID, Owner: owner, Delivered: true, MessageID: "m", At: t0}); err != nil {
							t.Error(err)
						}
					}
				}
			}()
		}
	}
	wg.Wait()
	if len(claimed) != total {
		t.Fatalf("%d of %d messages claimed", len(claimed), total)
	}
	var twice []int64
	for id, n := range claimed {
		if n != 1 {
			twice = append(twice, id)
		}
	}
	slices.Sort(twice)
	if len(twice) > 0 {
		t.Fatalf("claimed more than once: %v", twice)
	}
	for _, id := range queued {
		for _, d := range must(handles[1].Deliveries(ctx, id)) {
			if d.Status != "delivered" || d.Attempts != 1 {
				t.Errorf("post %d %s: %+v", id, d.Kind, d)
			}
		}
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
