package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/data/internal/encode"
	"github.com/studybot/studybot/data/storetest"
)

// BenchmarkLeaderboard asks the core for a leaderboard, the top 10 plus the caller's rank, the way
// /study leaderboard does (bot.Bot.Handle, rendering included), over SQLite: a database of 1,000,000
// answers from 10,000 members in 500 groups (20 members a group), one group of 2,000 and one of 10,000
// members, and (not under -short) one group of 100,000 members with 10,000,000 answers and one of
// 1,000,000 members (their score rows written directly, see fillMillionGroup). "cold" is a
// bucket's first request in a process, which builds its snapshot (every member's score in the bucket,
// sorted); "warm" is every request after it while the snapshot is young (the core's clock stands still
// here). A snapshot older than a second is rebuilt in the background, which costs what "cold" costs.
func BenchmarkLeaderboard(b *testing.B) {
	now := time.Date(2026, 3, 20, 12, 0, 0, 0, time.UTC)
	for _, size := range []struct {
		name                     string
		groups, members, answers int
	}{
		{"answers=100k/members=2000/groups=1", 1, 2000, 100_000},
		{"answers=1M/members=10000/groups=500", 500, 20, 1_000_000},
		{"answers=200k/members=10000/groups=1", 1, 10_000, 200_000}, // one very large group
		{"answers=10M/members=100000/groups=1", 1, 100_000, 10_000_000},
		{"members=1M/groups=1", 1, million, 0},
	} {
		b.Run(size.name, func(b *testing.B) {
			var db *DB
			user := bot.User{ID: "u7", Name: "Member 7"}
			g := fmt.Sprintf("g%d", size.groups/2)
			switch size.members {
			case 100_000:
				if testing.Short() {
					b.Skip("builds a 100,000-member group with 10,000,000 answers; not under -short")
				}
				db = openLargeGroup(b, now)
				g, user = largeGroup, bot.User{ID: "u050000", Name: "Member 50000"}
			case million:
				if testing.Short() {
					b.Skip("builds a 1,000,000-member group; not under -short")
				}
				db = MustOpenDB(b)
				start := time.Now()
				fillMillionGroup(b, db, "m", now)
				b.Logf("built the 1,000,000-member group in %v", time.Since(start).Round(time.Millisecond))
				g, user = "m", bot.User{ID: "u0500000", Name: "Member 500000"}
			default:
				db = MustOpenDB(b)
				seed(b, db, size.groups, size.members, size.answers, now)
			}
			storetest.BenchLeaderboard(b, db, bot.ChannelRef{Platform: "discord", GroupID: g, ChannelID: "c"}, user, now)
		})
	}
}

// million is the size of fillMillionGroup's group.
const million = 1_000_000

// fillMillionGroup adds group g with 1,000,000 members (u0000000 to u0999999) and their score rows in the
// buckets the benchmark asks for (this week and all time, the default pack's board and security), written
// directly in one transaction by INSERT … SELECT over a recursive CTE: the leaderboard reads the scores,
// not the answers, and 100 answers a member would take the build from seconds to an hour. Scores follow a rule
// with many ties, as real boards have (up to 500 correct answers all time, 8 this week).
func fillMillionGroup(tb testing.TB, db *DB, g string, now time.Time) {
	tb.Helper()
	ctx := context.Background()
	week := bot.PeriodKey(bot.PeriodWeek, now, time.UTC)
	board := bot.PackBoard(storetest.BenchPack)
	err := db.write(ctx, func(tx *sql.Tx) error {
		gid, err := db.groupID(ctx, tx, bot.GroupRef{Platform: "discord", GroupID: g})
		if err != nil {
			return err
		}
		steps := []string{
			`WITH RECURSIVE m(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM m WHERE n < ?2 - 1)
			INSERT INTO members (group_id, user_id, name) SELECT ?1, printf('u%07d', n), 'Member ' || n FROM m`,
			`WITH RECURSIVE m(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM m WHERE n < ?2 - 1),
				b(period, domain, most) AS (VALUES ('all', '` + board + `', 500), ('all', 'security', 100), (?3, '` + board + `', 8))
			INSERT INTO scores (group_id, period, domain, user_id, points, answered, correct)
			SELECT ?1, b.period, b.domain, printf('u%07d', m.n), 10 * (m.n * 7919 % b.most), m.n * 7919 % b.most + m.n % 7,
				m.n * 7919 % b.most
			FROM b, m ORDER BY b.period, b.domain, m.n`,
		}
		for _, q := range steps {
			if _, err := tx.ExecContext(ctx, q, gid, million, week); err != nil {
				return fmt.Errorf("%.40s…: %w", q, err)
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

// largeGroup is the group of openLargeGroup's database.
const largeGroup = "big"

// large holds the 100,000-member database, built once per run of the test binary (it takes minutes; with
// -count each round reuses it) and removed by TestMain, unless STUDYBOT_BENCH_LARGE_DB names a file to
// keep it in between runs (built there when missing). Test state only.
var large struct {
	once sync.Once
	dir  string
	path string
	err  error
}

// openLargeGroup opens a database holding one group of 100,000 members (u000000 to
// u099999) who answered 10,000,000 times: 125 daily posts until now, each answered by 80 % of the members,
// correct by a rule that gives members different accuracies. The answers are written with one INSERT …
// SELECT over a recursive CTE and the score buckets rebuilt from them by rebuildScores, as a reset does.
func openLargeGroup(tb testing.TB, now time.Time) *DB {
	tb.Helper()
	large.once.Do(func() {
		start := time.Now()
		if large.path = os.Getenv("STUDYBOT_BENCH_LARGE_DB"); large.path != "" {
			if _, err := os.Stat(large.path); err == nil {
				return
			}
		} else {
			large.dir, large.err = os.MkdirTemp("", "studybot-bench-large-")
			if large.err != nil {
				return
			}
			large.path = filepath.Join(large.dir, "large.db")
		}
		large.err = buildLargeGroup(large.path, now)
		tb.Logf("built the 100,000-member database in %v", time.Since(start).Round(time.Second))
	})
	if large.err != nil {
		tb.Fatal(large.err)
	}
	db, err := Open(context.Background(), large.path)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

func buildLargeGroup(path string, now time.Time) error {
	const members, posts = 100_000, 125
	ctx := context.Background()
	db, err := Open(ctx, path) // the schema
	if err != nil {
		return err
	}
	ch := bot.ChannelRef{Platform: "discord", GroupID: largeGroup, ChannelID: "c"}
	if err := db.write(ctx, func(tx *sql.Tx) error { _, err := db.channelID(ctx, tx, ch); return err }); err != nil {
		db.Close()
		return err
	}
	if err := db.Close(); err != nil {
		return err
	}
	// One connection without a journal for the bulk load; the benchmark reopens the file in WAL mode.
	conn, err := sql.Open("sqlite3", "file:"+path+"?_journal_mode=OFF&_synchronous=OFF")
	if err != nil {
		return err
	}
	defer conn.Close()
	conn.SetMaxOpenConns(1)
	var gid, cid int64
	if err := conn.QueryRow(`SELECT g.id, c.id FROM groups g JOIN channels c ON c.group_id = g.id WHERE g.ext_id = ?`, largeGroup).Scan(&gid, &cid); err != nil {
		return err
	}
	tx, err := conn.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, q := range []string{`PRAGMA cache_size = -1000000`, `PRAGMA temp_store = MEMORY`,
		`CREATE TEMP TABLE bench_posts (id INTEGER, idx INTEGER, domain TEXT, question_id TEXT, at INTEGER, week TEXT, month TEXT)`} {
		if _, err := tx.Exec(q); err != nil {
			return err
		}
	}
	for p := range posts {
		at := now.Add(-time.Duration(posts-p) * 24 * time.Hour)
		domain, qid := benchDomains[p%5], fmt.Sprintf("q%d", p)
		res, err := tx.Exec(`INSERT INTO posts (channel_id, slot, pack, question_id, domain, posted_at, closes_at, closed_at) VALUES (?, ?, '`+storetest.BenchPack+`', ?, ?, ?, ?, ?)`,
			cid, fmt.Sprintf("s%d", p), qid, domain, encode.MS(at), encode.MS(at.Add(24*time.Hour)), encode.MS(at.Add(24*time.Hour)))
		if err != nil {
			return err
		}
		id, _ := res.LastInsertId()
		if _, err := tx.Exec(`INSERT INTO bench_posts VALUES (?, ?, ?, ?, ?, ?, ?)`, id, p, domain, qid, encode.MS(at.Add(time.Minute)),
			bot.PeriodKey(bot.PeriodWeek, at, time.UTC), bot.PeriodKey(bot.PeriodMonth, at, time.UTC)); err != nil {
			return err
		}
	}
	// The member index is built after the load: inserting in post order would fill it in random order.
	steps := []string{
		`WITH RECURSIVE m(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM m WHERE n < ?2 - 1)
		INSERT INTO members (group_id, user_id, name) SELECT ?1, printf('u%06d', n), 'Member ' || n FROM m`,
		`DROP INDEX answers_member`,
		`WITH RECURSIVE m(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM m WHERE n < ?2 - 1)
		INSERT INTO answers (post_id, group_id, user_id, choice, correct, points, domain, question_id, answered_at, week, month, streak)
		SELECT p.id, ?1, printf('u%06d', m.n), (m.n + p.idx) % 4, (m.n * 7 + p.idx * 13) % 10 < 3 + m.n % 6,
			10 * ((m.n * 7 + p.idx * 13) % 10 < 3 + m.n % 6), p.domain, p.question_id, p.at + m.n, p.week, p.month, 1
		FROM bench_posts p, m WHERE (m.n * 3 + p.idx) % 5 != 0`,
		`CREATE INDEX answers_member ON answers (group_id, user_id)`,
	}
	for _, q := range steps {
		if _, err := tx.Exec(q, gid, members); err != nil {
			return fmt.Errorf("%.40s…: %w", q, err)
		}
	}
	var n int
	if err := tx.QueryRow(`SELECT count(*) FROM answers`).Scan(&n); err != nil || n != 10_000_000 {
		return fmt.Errorf("%d answers (%v), want 10,000,000", n, err)
	}
	if err := rebuildScores(ctx, tx, gid); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	_, err = conn.Exec(`ANALYZE`)
	return err
}

func TestMain(m *testing.M) {
	code := m.Run()
	if large.dir != "" {
		os.RemoveAll(large.dir)
	}
	os.Exit(code)
}
