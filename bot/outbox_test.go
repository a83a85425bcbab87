package bot_test

import (
	"context"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/data/sqlite"
)

// hangingChat is a platform that never answers: every post waits until its attempt's deadline.
type hangingChat struct{ fakeChat }

func (h *hangingChat) Post(ctx context.Context, _ bot.ChannelRef, _ bot.Reply, _ bot.Send) (string, error) {
	<-ctx.Done()
	return "", ctx.Err()
}

// slowFinish is a store whose finish writes take as long as they are allowed (a slow database). At the
// moment the first claimant gives up its finish, a second process tries to claim the same message, on a
// clock that has moved as far as the real one since the first claim.
type slowFinish struct {
	bot.Store
	t0 time.Time // the injected clock's time, at which the first claim was made

	mu        sync.Mutex
	claimedAt time.Time // the wall time just before the first claim
	taken     []bot.Delivery
}

func (s *slowFinish) ClaimDeliveries(ctx context.Context, owner string, now time.Time, lease time.Duration, max int, only *bot.ChannelRef) ([]bot.Delivery, error) {
	s.mu.Lock()
	if s.claimedAt.IsZero() {
		s.claimedAt = time.Now()
	}
	s.mu.Unlock()
	return s.Store.ClaimDeliveries(ctx, owner, now, lease, max, only)
}

func (s *slowFinish) FinishDelivery(ctx context.Context, r bot.DeliveryResult) error {
	<-ctx.Done()
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.t0.Add(time.Since(s.claimedAt))
	ds, err := s.Store.ClaimDeliveries(context.Background(), "second", now, time.Minute, 10, nil)
	if err != nil {
		return err
	}
	s.taken = append(s.taken, ds...)
	return ctx.Err()
}

// TestSlowFinishKeepsTheClaim: an attempt that takes all its time against a platform that hangs, followed
// by an outcome the database is slow to record, still ends within the claim's lease: another process
// cannot take the message over (and send it a second time) while the first is still working on it.
func TestSlowFinishKeepsTheClaim(t *testing.T) {
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	store := &slowFinish{Store: db, t0: t0}
	b, err := bot.New(bot.Config{Store: store, Pack: mustPack(t), Clock: bot.NewManualClock(t0),
		Chats: map[string]bot.Chat{"discord": &hangingChat{}}, DeliveryLease: 600 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	ch := bot.ChannelRef{Platform: "discord", GroupID: "g1", ChannelID: "c1"}
	if _, _, err := db.CreatePost(context.Background(), bot.Post{Channel: ch, Slot: "1", Pack: "test", QuestionID: "reg-1", Domain: "regulatory",
		PostedAt: t0, ClosesAt: t0.Add(time.Hour)}, t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := b.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	store.mu.Lock()
	defer store.mu.Unlock()
	if len(store.taken) != 0 {
		t.Fatalf("another process claimed %+v while the first was still recording its attempt", store.taken)
	}
}
