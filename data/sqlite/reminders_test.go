package sqlite

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/studybot/studybot/bot"
)

// TestRemindersMigrationKeepsTheOutbox: migration 011 makes the outbox again (to take reminders); the
// messages an older release queued are still there, in order, and still go out, and its keys and the
// recap's one-a-week key survive.
func TestRemindersMigrationKeepsTheOutbox(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := open(ctx, path, migrationsBefore(t, "011"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.w.Exec(`INSERT INTO groups (platform, ext_id) VALUES ('discord', 'g');
		INSERT INTO channels (group_id, ext_id) VALUES (1, 'c');
		INSERT INTO outbox (key, channel_id, kind, payload, not_before, expires_at, created_at) VALUES ('k1', 1, 'recap', 'w2026-03-02', 0, 9e15, 0);
		INSERT INTO outbox (key, channel_id, kind, payload, not_before, expires_at, created_at) VALUES ('k2', 1, 'recap', 'w2026-03-09', 0, 9e15, 0)`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ch := bot.ChannelRef{Platform: "discord", GroupID: "g", ChannelID: "c"}
	if ok, err := db.QueueRecap(ctx, ch, "w2026-03-02", time.Now(), time.Now().Add(time.Hour)); err != nil || ok {
		t.Fatalf("a week's second recap after the migration: %v %v", ok, err)
	}
	ds, err := db.ClaimDeliveries(ctx, "p", time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC), time.Minute, 10, nil)
	if err != nil || len(ds) != 1 || ds[0].Key != "k1" || ds[0].Payload != "w2026-03-02" {
		t.Fatalf("claimed after the migration: %+v %v", ds, err)
	}
	if ok, err := db.QueueReminder(ctx, ch.Group(), "u1", "2026-03-02", time.Now(), time.Now().Add(time.Hour)); err != nil || !ok {
		t.Fatalf("a reminder after the migration: %v %v", ok, err)
	}
}
