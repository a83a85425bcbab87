package postgres

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/data/storetest"
)

// BenchmarkRecordAnswer is data/sqlite's benchmark of the same name on PostgreSQL: one member at a time,
// and 64 at once on one post (as after a post), each answer its own statement and commit.
func BenchmarkRecordAnswer(b *testing.B) {
	ctx := context.Background()
	newPost := func(b *testing.B) (*DB, bot.Post) {
		db := MustOpenDB(b)
		ch := bot.ChannelRef{Platform: "discord", GroupID: "g", ChannelID: "c"}
		p, _, err := db.CreatePost(ctx, bot.Post{Channel: ch, Slot: "s", Pack: "p", QuestionID: "q", Domain: "security",
			PostedAt: time.Now(), ClosesAt: time.Now().Add(time.Hour)}, storetest.FarFuture)
		if err != nil {
			b.Fatal(err)
		}
		return db, p
	}
	answer := func(p bot.Post, i int64) bot.Answer {
		return bot.Answer{PostID: p.ID, Group: p.Channel.Group(), UserID: fmt.Sprintf("u%d", i), UserName: "Member", Choice: int(i % 4),
			Correct: i%4 == 1, Points: 10, Domain: "security", QuestionID: "q", AnsweredAt: time.Now()}
	}
	b.Run("clients=1", func(b *testing.B) {
		db, p := newPost(b)
		for i := int64(0); b.Loop(); i++ {
			if _, err := db.RecordAnswer(ctx, answer(p, i)); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("clients=64", func(b *testing.B) {
		db, p := newPost(b)
		var n atomic.Int64
		b.SetParallelism(32) // 32 × GOMAXPROCS(2) = 64 goroutines
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if _, err := db.RecordAnswer(ctx, answer(p, n.Add(1))); err != nil {
					b.Error(err)
					return
				}
			}
		})
	})
}
