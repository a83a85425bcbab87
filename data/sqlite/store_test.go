package sqlite

import (
	"context"
	"io/fs"
	"path/filepath"
	"testing"
	"testing/fstest"
	"time"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/data/internal/encode"
	"github.com/studybot/studybot/data/storetest"
)

// TestScoreTablesMatchAnswers runs the contract's score scenario and checks SQLite's tables themselves:
// the score buckets against a plain aggregate of the answers, and an answer's stored week in the group's
// zone.
func TestScoreTablesMatchAnswers(t *testing.T) {
	db := MustOpenDB(t)
	storetest.ScoresScenario(t, db, func([]bot.Answer) {
		t.Helper()
		var bad int
		err := db.r.QueryRow(`SELECT count(*) FROM (
			SELECT 'all' AS period, domain, user_id, sum(points) p, count(*) n, sum(correct) c FROM answers GROUP BY domain, user_id
			UNION ALL SELECT 'all', '*', user_id, sum(points), count(*), sum(correct) FROM answers GROUP BY user_id
			UNION ALL SELECT week, domain, user_id, sum(points), count(*), sum(correct) FROM answers GROUP BY week, domain, user_id
			UNION ALL SELECT week, '*', user_id, sum(points), count(*), sum(correct) FROM answers GROUP BY week, user_id
			UNION ALL SELECT month, domain, user_id, sum(points), count(*), sum(correct) FROM answers GROUP BY month, domain, user_id
			UNION ALL SELECT month, '*', user_id, sum(points), count(*), sum(correct) FROM answers GROUP BY month, user_id
			UNION ALL SELECT 'all', 'pack:' || p.pack, a.user_id, sum(a.points), count(*), sum(a.correct)
				FROM answers a JOIN posts p ON p.id = a.post_id GROUP BY p.pack, a.user_id
			UNION ALL SELECT a.week, 'pack:' || p.pack, a.user_id, sum(a.points), count(*), sum(a.correct)
				FROM answers a JOIN posts p ON p.id = a.post_id GROUP BY a.week, p.pack, a.user_id
			UNION ALL SELECT a.month, 'pack:' || p.pack, a.user_id, sum(a.points), count(*), sum(a.correct)
				FROM answers a JOIN posts p ON p.id = a.post_id GROUP BY a.month, p.pack, a.user_id
		) a FULL OUTER JOIN scores s ON s.period = a.period AND s.domain = a.domain AND s.user_id = a.user_id
		WHERE s.points IS NOT a.p OR s.answered IS NOT a.n OR s.correct IS NOT a.c`).Scan(&bad)
		if err != nil {
			t.Fatal(err)
		}
		if bad != 0 {
			t.Fatalf("%d score rows disagree with the answers", bad)
		}
	})
	// Week keys are Mondays in Chicago: an answer at 23:30 on Sunday local is in the week before, though it
	// is Monday in UTC.
	chicago, _ := time.LoadLocation("America/Chicago")
	var week string
	db.r.QueryRow(`SELECT week FROM answers WHERE answered_at = ?`, encode.MS(time.Date(2026, 3, 1, 23, 30, 0, 0, chicago))).Scan(&week)
	if week != "w2026-02-23" {
		t.Fatalf("Sunday 1 March answer is in week %q, want w2026-02-23", week)
	}
}

// TestStreakMigrationBackfills upgrades a database holding answers from before streaks were stored and
// checks that every answer gets the streak it would have been given.
func TestStreakMigrationBackfills(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	initial, err := fs.ReadFile(migrationFS, "migrations/001_initial.sql")
	if err != nil {
		t.Fatal(err)
	}
	db, err := open(ctx, path, fstest.MapFS{"migrations/001_initial.sql": {Data: initial}})
	if err != nil {
		t.Fatal(err)
	}
	// Two channels with interleaved posts, answered by the patterns above (the second channel: u0 only).
	_, err = db.w.Exec(`INSERT INTO groups (id, platform, ext_id) VALUES (1, 'discord', 'g');
		INSERT INTO channels (id, group_id, ext_id) VALUES (1, 1, 'c1'), (2, 1, 'c2')`)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 8 {
		for c := 1; c <= 2; c++ {
			kinds := storetest.StreakKinds
			if c == 2 {
				kinds = "ssssssss"
			}
			res, err := db.w.Exec(`INSERT INTO posts (channel_id, slot, pack, question_id, domain, posted_at, closes_at) VALUES (?, ?, 'p', 'q', 'd', 0, 0)`, c, storetest.SlotOf(kinds, i))
			if err != nil {
				t.Fatal(err)
			}
			pid, _ := res.LastInsertId()
			for user, pattern := range storetest.StreakPatterns {
				if (c == 2 && user != "u0") || pattern[i] != 'x' {
					continue
				}
				if _, err := db.w.Exec(`INSERT INTO answers (post_id, group_id, user_id, choice, correct, points, domain, question_id, answered_at, week, month)
					VALUES (?, 1, ?, 0, 1, 10, 'd', 'q', 0, 'w', 'm')`, pid, user); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	db.Close()
	if db, err = Open(ctx, path); err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.r.Query(`SELECT a.user_id, p.channel_id, p.slot, a.streak FROM answers a JOIN posts p ON p.id = a.post_id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for ; rows.Next(); n++ {
		var user, slot string
		var channel, streak int
		if err := rows.Scan(&user, &channel, &slot, &streak); err != nil {
			t.Fatal(err)
		}
		i := storetest.PostIndex(slot)
		pattern, kinds := storetest.StreakPatterns[user], storetest.StreakKinds
		if channel == 2 {
			pattern, kinds = "xxxxxxxx", "ssssssss"
		}
		if want := storetest.WantStreak(pattern, kinds, i); streak != want {
			t.Errorf("channel %d %s post %d: streak %d after the migration, want %d", channel, user, i, streak, want)
		}
	}
	if n != 30 {
		t.Fatalf("%d answers after the migration, want 30", n)
	}
}

// farFuture is a delivery deadline store tests do not reach.
var farFuture = storetest.FarFuture
