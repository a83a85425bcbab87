package postgres

import (
	"context"
	"testing"
	"time"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/data/storetest"
)

// The server closes every connection of the store (as a restart or a failover of the database does)
// between two clicks: the second click is still recorded, on new connections, and counted once.
func TestAnswerIsRecordedAfterTheServerClosedTheConnections(t *testing.T) {
	db := MustOpenDB(t)
	ctx := context.Background()
	ch := bot.ChannelRef{Platform: "discord", GroupID: "g", ChannelID: "c"}
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	p, _, err := db.CreatePost(ctx, bot.Post{Channel: ch, Slot: "s", Pack: "p", QuestionID: "q", Domain: "d", PostedAt: at, ClosesAt: at.Add(time.Hour)}, storetest.FarFuture)
	if err != nil {
		t.Fatal(err)
	}
	answer := func(user string) (bot.Answer, error) {
		return db.RecordAnswer(ctx, bot.Answer{PostID: p.ID, Group: ch.Group(), UserID: user, Choice: 1, Correct: true, Points: 10, Domain: "d", QuestionID: "q", AnsweredAt: at})
	}
	if _, err := answer("u1"); err != nil {
		t.Fatal(err)
	}
	// Every other backend of this test's schema (its application_name), from a connection of its own.
	conn, err := db.pool.Acquire(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var killed int
	err = conn.QueryRow(ctx, `SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
		WHERE application_name = current_setting('application_name') AND pid <> pg_backend_pid()`).Scan(&killed)
	conn.Release()
	if err != nil || killed == 0 {
		t.Fatalf("terminated %d connections: %v", killed, err)
	}
	a, err := answer("u2")
	if err != nil {
		t.Fatalf("the click after the connections were closed: %v", err)
	}
	if a.Streak != 1 {
		t.Fatalf("streak %d, want 1", a.Streak)
	}
	db.pool.Reset() // the test's own reads below on new connections, not on the pool's dead idle ones
	var answers, points int
	if err := db.pool.QueryRow(ctx, `SELECT count(*), coalesce(sum(points), 0) FROM answers WHERE post_id = $1`, p.ID).Scan(&answers, &points); err != nil {
		t.Fatal(err)
	}
	if answers != 2 || points != 20 {
		t.Fatalf("%d answers worth %d points stored, want 2 worth 20", answers, points)
	}
	if n := scoreRowsOff(t, db); n != 0 {
		t.Fatalf("%d score rows disagree with the answers", n)
	}
}
