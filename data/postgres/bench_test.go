package postgres

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

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

// BenchmarkLeaderboard is data/sqlite's benchmark of the same name on PostgreSQL, with its largest group:
// 1,000,000 members (fillMillionGroup). It asks the core for a leaderboard, the top 10 plus the caller's
// rank, as /study leaderboard does; "cold" is a bucket's first request in a process, which builds its
// snapshot, "warm" every request after it while the snapshot is young. Not under -short: the group takes
// a while to build.
func BenchmarkLeaderboard(b *testing.B) {
	if testing.Short() {
		b.Skip("builds a 1,000,000-member group; not under -short")
	}
	now := time.Date(2026, 3, 20, 12, 0, 0, 0, time.UTC)
	b.Run("members=1M/groups=1", func(b *testing.B) {
		db := MustOpenDB(b)
		start := time.Now()
		fillMillionGroup(b, db, "m", now)
		b.Logf("built the 1,000,000-member group in %v", time.Since(start).Round(time.Millisecond))
		storetest.BenchLeaderboard(b, db, bot.ChannelRef{Platform: "discord", GroupID: "m", ChannelID: "c"},
			bot.User{ID: "u0500000", Name: "Member 500000"}, now)
	})
}

// fillMillionGroup adds group g with 1,000,000 members (u0000000 to u0999999) and their score rows in the
// buckets the benchmark asks for (this week and all time, the default pack's board and security), written
// directly by INSERT … SELECT over generate_series in one transaction: the leaderboard reads the scores,
// not the answers. Scores follow a rule with many ties, as real boards have (up to 500 correct answers all time, 8
// this week); data/sqlite's fillMillionGroup writes the same rows.
func fillMillionGroup(tb testing.TB, db *DB, g string, now time.Time) {
	tb.Helper()
	ctx := context.Background()
	const million = 1_000_000
	week := bot.PeriodKey(bot.PeriodWeek, now, time.UTC)
	board := bot.PackBoard(storetest.BenchPack)
	err := db.tx(ctx, func(tx pgx.Tx) error {
		gid, err := db.groupID(ctx, tx, bot.GroupRef{Platform: "discord", GroupID: g})
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO members (group_id, user_id, name)
			SELECT $1, 'u' || lpad(n::text, 7, '0'), 'Member ' || n FROM generate_series(0, $2::int - 1) n`, gid, million); err != nil {
			return fmt.Errorf("members: %w", err)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO scores (group_id, period, domain, user_id, points, answered, correct)
			SELECT $1, b.period, b.domain, 'u' || lpad(n::text, 7, '0'), 10 * (n::bigint * 7919 % b.most), n::bigint * 7919 % b.most + n % 7,
				n::bigint * 7919 % b.most
			FROM (VALUES ('all', '`+board+`', 500), ('all', 'security', 100), ($3::text, '`+board+`', 8)) b(period, domain, most),
				generate_series(0, $2::int - 1) n
			ORDER BY b.period, b.domain, n`, gid, million, week); err != nil {
			return fmt.Errorf("scores: %w", err)
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := db.pool.Exec(ctx, `ANALYZE members; ANALYZE scores`); err != nil {
		tb.Fatal(err)
	}
}
