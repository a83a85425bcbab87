package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/data/internal/encode"
	"github.com/studybot/studybot/data/storetest"
)

var benchDomains = []string{"regulatory", "organizational", "it-ops", "business", "security"}

// seed fills a database with answers: groups × members, spread over posts in the last 60 days.
func seed(tb testing.TB, db *DB, groups, members, answers int, now time.Time) {
	tb.Helper()
	ctx := context.Background()
	perGroup := answers / groups
	postsPerGroup := (perGroup + members - 1) / members
	err := db.write(ctx, func(tx *sql.Tx) error {
		ins, err := tx.Prepare(`INSERT INTO answers (post_id, group_id, user_id, choice, correct, points, domain, question_id, answered_at, week, month)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
		if err != nil {
			return err
		}
		for g := 0; g < groups; g++ {
			ref := bot.ChannelRef{Platform: "discord", GroupID: fmt.Sprintf("g%d", g), ChannelID: "c"}
			cid, err := db.channelID(ctx, tx, ref)
			if err != nil {
				return err
			}
			var gid int64
			tx.QueryRow(`SELECT group_id FROM channels WHERE id = ?`, cid).Scan(&gid)
			for m := 0; m < members; m++ {
				if _, err := tx.Exec(`INSERT INTO members (group_id, user_id, name) VALUES (?, ?, ?)`, gid, fmt.Sprintf("u%d", m), fmt.Sprintf("Member %d", m)); err != nil {
					return err
				}
			}
			postIDs := make([]int64, postsPerGroup)
			for p := range postIDs {
				at := now.Add(-time.Duration(postsPerGroup-p) * 24 * time.Hour)
				res, err := tx.Exec(`INSERT INTO posts (channel_id, slot, pack, question_id, domain, posted_at, closes_at, closed_at)
					VALUES (?, ?, '`+storetest.BenchPack+`', ?, ?, ?, ?, ?)`, cid, fmt.Sprintf("s%d", p), fmt.Sprintf("q%d", p), benchDomains[p%5], encode.MS(at), encode.MS(at.Add(24*time.Hour)), encode.MS(at.Add(12*time.Hour)))
				if err != nil {
					return err
				}
				postIDs[p], _ = res.LastInsertId()
			}
			for i := 0; i < perGroup; i++ {
				p := i / members
				correct := (i*7)%3 != 0
				pts := 0
				if correct {
					pts = 10
				}
				at := now.Add(-time.Duration(postsPerGroup-p)*24*time.Hour + time.Minute)
				if _, err := ins.Exec(postIDs[p], gid, fmt.Sprintf("u%d", (i*31)%members), i%4, correct, pts, benchDomains[p%5], fmt.Sprintf("q%d", p), encode.MS(at),
					bot.PeriodKey(bot.PeriodWeek, at, time.UTC), bot.PeriodKey(bot.PeriodMonth, at, time.UTC)); err != nil {
					return err
				}
			}
			if err := rebuildScores(ctx, tx, gid); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := db.w.Exec(`ANALYZE`); err != nil {
		tb.Fatal(err)
	}
}

func BenchmarkRecordAnswer(b *testing.B) {
	ctx := context.Background()
	newPost := func(b *testing.B) (*DB, bot.Post) {
		db := MustOpenDB(b)
		ch := bot.ChannelRef{Platform: "discord", GroupID: "g", ChannelID: "c"}
		p, _, err := db.CreatePost(ctx, bot.Post{Channel: ch, Slot: "s", Pack: "p", QuestionID: "q", Domain: "security",
			PostedAt: time.Now(), ClosesAt: time.Now().Add(time.Hour)}, farFuture)
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
		reportCPU(b)
		for i := int64(0); b.Loop(); i++ {
			if _, err := db.RecordAnswer(ctx, answer(p, i)); err != nil {
				b.Fatal(err)
			}
		}
	})
	// Many members at once, as after a post: group commit shares transactions between them.
	b.Run("clients=64", func(b *testing.B) {
		db, p := newPost(b)
		reportCPU(b)
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
