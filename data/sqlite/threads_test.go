package sqlite

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/data/internal/encode"
)

// TestThreadsMigrationKeepsTheOutbox: migration 013 rebuilds the outbox to let it carry threads; a message
// an older release left owed is still owed afterwards, with its id and key, and channels open threads by
// default.
func TestThreadsMigrationKeepsTheOutbox(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := open(ctx, path, migrationsBefore(t, "013"))
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	p, _, err := db.CreatePost(ctx, bot.Post{Channel: bot.ChannelRef{Platform: "discord", GroupID: "g", ChannelID: "c"}, Slot: "2026-03-02",
		Pack: "p", QuestionID: "q", Domain: "d", PostedAt: at, ClosesAt: at.Add(time.Hour)}, at.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	var id int64
	var key string
	if err := db.r.QueryRow(`SELECT id, key FROM outbox WHERE post_id = ?`, p.ID).Scan(&id, &key); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ds, err := db.ClaimDeliveries(ctx, "o", at, time.Minute, 10, nil)
	if err != nil || len(ds) != 1 || ds[0].ID != id || ds[0].Key != key || ds[0].Kind != bot.DeliverCard {
		t.Fatalf("the owed card after the migration: %+v %v (was id %d key %s)", ds, err, id, key)
	}
	if c, err := db.Channel(ctx, p.Channel); err != nil || c.ThreadsOff {
		t.Fatalf("channel after the migration: %+v %v", c, err)
	}
	if _, err := db.w.Exec(`INSERT INTO outbox (channel_id, kind, post_id, payload, not_before, expires_at, created_at)
		VALUES (1, 'thread', ?, 'M', ?, ?, ?)`, p.ID, encode.MS(at), encode.MS(at), encode.MS(at)); err != nil {
		t.Fatalf("the outbox refuses a thread: %v", err)
	}
	if _, err := db.w.Exec(`INSERT INTO outbox (channel_id, kind, not_before, expires_at, created_at) VALUES (1, 'bogus', 0, 0, 0)`); err == nil {
		t.Fatal("the outbox took a kind it does not know")
	}
}
