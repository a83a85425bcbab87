package postgres

import (
	"context"
	"testing"
	"time"

	"github.com/studybot/studybot/bot"
)

// TestLeasesKeepTheDatabaseClock: two replicas share the outbox, and their clocks disagree. A replica whose
// clock runs 10 minutes ahead cannot take over another's live claim, and one whose clock runs 10 minutes
// behind still takes over a claim that has lapsed: the lease is the database's, not either replica's.
func TestLeasesKeepTheDatabaseClock(t *testing.T) {
	ctx := context.Background()
	a := MustOpenDB(t)
	b, err := Open(ctx, a.dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	now := time.Now()
	live := bot.ChannelRef{Platform: "discord", GroupID: "g", ChannelID: "live"}
	dead := bot.ChannelRef{Platform: "discord", GroupID: "g", ChannelID: "dead"}
	for _, ch := range []bot.ChannelRef{live, dead} {
		if _, _, err := a.CreatePost(ctx, bot.Post{Channel: ch, Slot: "1", Pack: "p", QuestionID: "q", Domain: "d",
			PostedAt: now, ClosesAt: now.Add(time.Hour)}, now.Add(24*time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	held, err := a.ClaimDeliveries(ctx, "a", now, time.Minute, 1, &live)
	if err != nil || len(held) != 1 {
		t.Fatalf("claim: %+v %v", held, err)
	}
	ahead, err := b.ClaimDeliveries(ctx, "b", now.Add(10*time.Minute), time.Minute, 10, &live)
	if err != nil {
		t.Fatal(err)
	}
	if len(ahead) != 0 {
		t.Fatalf("a replica whose clock runs 10 minutes ahead took over a claim a minute long made just now: %+v", ahead)
	}
	if err := a.FinishDelivery(ctx, bot.DeliveryResult{ID: held[0].ID, Owner: "a", Delivered: true, MessageID: "M", At: now}); err != nil {
		t.Fatalf("the first replica lost its live claim: %v", err)
	}

	// A claim of no length has lapsed by the next statement, whatever the clock of the replica that looks.
	if ds, err := a.ClaimDeliveries(ctx, "a", now, 0, 1, &dead); err != nil || len(ds) != 1 {
		t.Fatalf("claim: %+v %v", ds, err)
	}
	behind, err := b.ClaimDeliveries(ctx, "b", now.Add(-10*time.Minute), time.Minute, 10, &dead)
	if err != nil {
		t.Fatal(err)
	}
	if len(behind) != 1 || !behind[0].MaybeSent {
		t.Fatalf("a replica whose clock runs 10 minutes behind did not take over a lapsed claim: %+v", behind)
	}
}
