package sqlite

import (
	"context"
	"testing"
	"time"

	"github.com/studybot/studybot/bot"
)

// BenchmarkItemResponses1M reads one group's 1,000,000 answers (10,000 members) into columns: the database
// side of an item statistics snapshot, which runs in the background, never while a moderator waits on it
// unless the snapshot is over a minute old.
func BenchmarkItemResponses1M(b *testing.B) {
	db := MustOpenDB(b)
	seed(b, db, 1, 10_000, 1_000_000, time.Date(2026, 3, 20, 12, 0, 0, 0, time.UTC))
	ctx := context.Background()
	g := bot.GroupRef{Platform: "discord", GroupID: "g0"}
	for b.Loop() {
		r, err := db.ItemResponses(ctx, g, time.Now())
		if err != nil || len(r.Responses.Question) != 1_000_000 {
			b.Fatalf("%v, %d answers", err, len(r.Responses.Question))
		}
	}
}
