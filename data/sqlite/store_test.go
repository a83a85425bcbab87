package sqlite

import (
	"context"
	"fmt"
	"io/fs"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/studybot/studybot/bot"
)

// TestScoresMatchAnswers checks the score buckets against a plain aggregate of the answers after answers
// in several weeks and months, in a non-UTC zone, and after a weekly reset.
func TestScoresMatchAnswers(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	ch := bot.ChannelRef{Platform: "slack", GroupID: "T1", ChannelID: "C1"}
	if err := db.SetSchedule(ctx, ch, &bot.Schedule{Hour: 9, Zone: "America/Chicago", Days: bot.AllDays}); err != nil {
		t.Fatal(err)
	}
	chicago, _ := time.LoadLocation("America/Chicago")
	start := time.Date(2026, 2, 20, 9, 0, 0, 0, chicago)
	domains := []string{"security", "it-ops", "business"}
	for day := 0; day < 20; day++ {
		at := start.AddDate(0, 0, day)
		p, _, err := db.CreatePost(ctx, bot.Post{Channel: ch, Slot: fmt.Sprint(day), Pack: "p", QuestionID: "q", Domain: domains[day%3], PostedAt: at, ClosesAt: at.Add(24 * time.Hour)}, farFuture)
		if err != nil {
			t.Fatal(err)
		}
		for u := 0; u < 6; u++ {
			if (u+day)%4 == 0 {
				continue
			}
			correct := (u*day)%3 != 1
			pts := 0
			if correct {
				pts = 10
			}
			if _, err := db.RecordAnswer(ctx, bot.Answer{PostID: p.ID, Group: ch.Group(), UserID: fmt.Sprintf("u%d", u), Choice: 0,
				Correct: correct, Points: pts, Domain: domains[day%3], QuestionID: "q", AnsweredAt: at.Add(time.Duration(u) * time.Hour)}); err != nil {
				t.Fatal(err)
			}
		}
	}
	check := func() {
		t.Helper()
		var bad int
		err := db.r.QueryRow(`SELECT count(*) FROM (
			SELECT 'all' AS period, domain, user_id, sum(points) p, count(*) n, sum(correct) c FROM answers GROUP BY domain, user_id
			UNION ALL SELECT 'all', '*', user_id, sum(points), count(*), sum(correct) FROM answers GROUP BY user_id
			UNION ALL SELECT week, domain, user_id, sum(points), count(*), sum(correct) FROM answers GROUP BY week, domain, user_id
			UNION ALL SELECT week, '*', user_id, sum(points), count(*), sum(correct) FROM answers GROUP BY week, user_id
			UNION ALL SELECT month, domain, user_id, sum(points), count(*), sum(correct) FROM answers GROUP BY month, domain, user_id
			UNION ALL SELECT month, '*', user_id, sum(points), count(*), sum(correct) FROM answers GROUP BY month, user_id
		) a FULL OUTER JOIN scores s ON s.period = a.period AND s.domain = a.domain AND s.user_id = a.user_id
		WHERE s.points IS NOT a.p OR s.answered IS NOT a.n OR s.correct IS NOT a.c`).Scan(&bad)
		if err != nil {
			t.Fatal(err)
		}
		if bad != 0 {
			t.Fatalf("%d score rows disagree with the answers", bad)
		}
	}
	check()
	// Week keys are Mondays in Chicago: an answer at 23:30 Sunday local is in the week before.
	var week string
	db.r.QueryRow(`SELECT week FROM answers WHERE answered_at = ?`, ms(time.Date(2026, 3, 1, 9+5, 0, 0, 0, chicago))).Scan(&week)
	if week != "w2026-02-23" {
		t.Fatalf("Sunday 1 March answer is in week %q, want w2026-02-23", week)
	}
	n, err := db.ResetScores(ctx, ch.Group(), bot.PeriodStart(bot.PeriodWeek, start.AddDate(0, 0, 19), chicago))
	if err != nil || n == 0 {
		t.Fatalf("reset: %d %v", n, err)
	}
	check()
	week = bot.PeriodKey(bot.PeriodWeek, start.AddDate(0, 0, 19), chicago)
	scores, err := db.BucketScores(ctx, bot.Bucket{Group: ch.Group(), Period: week})
	if err != nil || len(scores) == 0 {
		t.Fatalf("this week's scores: %v %v", scores, err)
	}
	for _, s := range scores {
		if s.Points != 0 {
			t.Fatalf("after the weekly reset %s has %d points this week", s.UserID, s.Points)
		}
	}
}

// TestBucketAndMemberScores: a bucket's rows and one member's, for every domain ("") and for one; nothing
// for a member without answers in it, or a group the store does not know.
func TestBucketAndMemberScores(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	ch := bot.ChannelRef{Platform: "discord", GroupID: "g", ChannelID: "c"}
	now := time.Date(2026, 3, 4, 12, 0, 0, 0, time.UTC)
	for i, domain := range []string{"security", "security", "it-ops"} {
		p, _, err := db.CreatePost(ctx, bot.Post{Channel: ch, Slot: fmt.Sprint(i), Pack: "p", QuestionID: "q", Domain: domain, PostedAt: now, ClosesAt: now.Add(time.Hour)}, farFuture)
		if err != nil {
			t.Fatal(err)
		}
		for u, correct := range []bool{true, i != 1, false} {
			pts := 0
			if correct {
				pts = 10
			}
			if _, err := db.RecordAnswer(ctx, bot.Answer{PostID: p.ID, Group: ch.Group(), UserID: fmt.Sprintf("u%d", u), Correct: correct, Points: pts,
				Domain: domain, QuestionID: "q", AnsweredAt: now}); err != nil {
				t.Fatal(err)
			}
		}
	}
	all := bot.Bucket{Group: ch.Group(), Period: "all"}
	scores, err := db.BucketScores(ctx, all)
	if err != nil {
		t.Fatal(err)
	}
	sort.Slice(scores, func(i, j int) bool { return scores[i].UserID < scores[j].UserID })
	if got := fmt.Sprint(scores); got != "[{u0 30 3 3} {u1 20 3 2} {u2 0 3 0}]" {
		t.Fatalf("all domains: %s", got)
	}
	week := bot.Bucket{Group: ch.Group(), Period: bot.PeriodKey(bot.PeriodWeek, now, time.UTC), Domain: "security"}
	if s, ok, err := db.MemberScore(ctx, week, "u1"); err != nil || !ok || fmt.Sprint(s) != "{u1 10 2 1}" {
		t.Fatalf("u1 in security this week: %v %v %v", s, ok, err)
	}
	if s, ok, err := db.MemberScore(ctx, all, "u9"); err != nil || ok {
		t.Fatalf("a member without answers: %v %v %v", s, ok, err)
	}
	// User ids are read back whole whatever they hold (the bucket comes back as one string).
	odd := []string{"with space", "two\nlines", "ünï 3 4", "10 10 10 2 ab"}
	p, _, err := db.CreatePost(ctx, bot.Post{Channel: ch, Slot: "odd", Pack: "p", QuestionID: "q", Domain: "security", PostedAt: now, ClosesAt: now.Add(time.Hour)}, farFuture)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range odd {
		if _, err := db.RecordAnswer(ctx, bot.Answer{PostID: p.ID, Group: ch.Group(), UserID: u, Correct: true, Points: 10, Domain: "security", QuestionID: "q", AnsweredAt: now}); err != nil {
			t.Fatal(err)
		}
	}
	if scores, err = db.BucketScores(ctx, all); err != nil || len(scores) != 3+len(odd) {
		t.Fatalf("with odd user ids: %v %v", scores, err)
	}
	for _, u := range odd {
		if !slices.ContainsFunc(scores, func(s bot.Score) bool { return s.UserID == u && s.Points == 10 && s.Answered == 1 }) {
			t.Errorf("%q missing from %+v", u, scores)
		}
	}
	other := bot.Bucket{Group: bot.GroupRef{Platform: "discord", GroupID: "nobody"}, Period: "all"}
	if s, err := db.BucketScores(ctx, other); err != nil || len(s) != 0 {
		t.Fatalf("an unknown group: %v %v", s, err)
	}
	if _, ok, err := db.MemberScore(ctx, other, "u0"); err != nil || ok {
		t.Fatalf("an unknown group's member: %v %v", ok, err)
	}
}

// streakPatterns are which of a channel's posts each member answered, oldest first ('x' answered).
var streakPatterns = map[string]string{"u0": "xxxxxxxx", "u1": "xx.xxx.x", "u2": "..xxx...", "u3": ".......x", "u4": "x.x.x.x."}

// streakKinds says which of channel c1's posts were scheduled ('s') and which a moderator posted with
// /study post ('m'); c2's are all scheduled.
const streakKinds = "ssmsssms"

// wantStreak is the streak a member's answer to post i carries: the consecutive scheduled posts up to it
// that the member answered, skipping /study post ones; an answer to a /study post question carries the
// streak of the scheduled post before it.
func wantStreak(pattern, kinds string, i int) int {
	if kinds[i] == 'm' {
		return streakBefore(pattern, kinds, i)
	}
	n := 0
	for ; i >= 0; i-- {
		if kinds[i] == 'm' {
			continue
		}
		if pattern[i] != 'x' {
			break
		}
		n++
	}
	return n
}

// streakBefore is the streak at the scheduled post before post i (0 if unanswered or none).
func streakBefore(pattern, kinds string, i int) int {
	for j := i - 1; j >= 0; j-- {
		if kinds[j] == 's' {
			if pattern[j] != 'x' {
				return 0
			}
			return wantStreak(pattern, kinds, j)
		}
	}
	return 0
}

// slotOf is the slot of post i of a channel: a date for scheduled posts, manual-… for /study post ones.
func slotOf(kinds string, i int) string {
	if kinds[i] == 'm' {
		return fmt.Sprintf("manual-%d", i)
	}
	return fmt.Sprintf("2026-03-%02d", i+1)
}

func postIndex(slot string) int {
	if n, ok := strings.CutPrefix(slot, "manual-"); ok {
		i, _ := strconv.Atoi(n)
		return i
	}
	i, _ := strconv.Atoi(slot[len(slot)-2:])
	return i - 1
}

// TestAnswerStreaks checks the streak stored with each answer, with the posts of two channels interleaved
// so that a channel's previous post is not the previous post id, and with /study post questions among c1's
// scheduled ones.
func TestAnswerStreaks(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	channels := []bot.ChannelRef{{Platform: "discord", GroupID: "g", ChannelID: "c1"}, {Platform: "discord", GroupID: "g", ChannelID: "c2"}}
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	var lastPost int64
	for i := range 8 {
		for c, ch := range channels {
			kinds := streakKinds
			if c == 1 {
				kinds = "ssssssss"
			}
			p, _, err := db.CreatePost(ctx, bot.Post{Channel: ch, Slot: slotOf(kinds, i), Pack: "p", QuestionID: "q", Domain: "d", PostedAt: at, ClosesAt: at.Add(time.Hour)}, farFuture)
			if err != nil {
				t.Fatal(err)
			}
			if c == 0 {
				lastPost = p.ID
			}
			for user, pattern := range streakPatterns {
				if c == 1 {
					pattern = strings.Map(func(r rune) rune { return 'x' + '.' - r }, pattern) // the other channel: the complement
				}
				if pattern[i] != 'x' {
					continue
				}
				a, err := db.RecordAnswer(ctx, bot.Answer{PostID: p.ID, Group: ch.Group(), UserID: user, Domain: "d", QuestionID: "q", AnsweredAt: at})
				if err != nil {
					t.Fatal(err)
				}
				if want := wantStreak(pattern, kinds, i); a.Streak != want {
					t.Errorf("%s %s post %d (%c): streak %d, want %d", ch.ChannelID, user, i, kinds[i], a.Streak, want)
				}
				// A second click returns the first answer and changes nothing.
				if _, err := db.RecordAnswer(ctx, bot.Answer{PostID: p.ID, Group: ch.Group(), UserID: user, Domain: "d", QuestionID: "q", AnsweredAt: at}); bot.ErrorCode(err) != bot.ECONFLICT {
					t.Fatalf("second answer: %v", err)
				}
			}
		}
		at = at.Add(24 * time.Hour)
	}
	// The newest post is still open: not having answered it yet does not break a streak.
	for user, pattern := range streakPatterns {
		want := wantStreak(pattern, streakKinds, 7)
		if pattern[7] != 'x' {
			want = streakBefore(pattern, streakKinds, 7)
		}
		if n, err := db.Streak(ctx, channels[0], user); err != nil || n != want {
			t.Errorf("c1 %s: current streak %d (%v), want %d", user, n, err, want)
		}
	}
	// Once it closes unanswered, the streak is over.
	if _, err := db.ClosePost(ctx, lastPost, at, farFuture); err != nil {
		t.Fatal(err)
	}
	if n, err := db.Streak(ctx, channels[0], "u4"); err != nil || n != 0 {
		t.Errorf("c1 u4 after the close: streak %d (%v), want 0", n, err)
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
			kinds := streakKinds
			if c == 2 {
				kinds = "ssssssss"
			}
			res, err := db.w.Exec(`INSERT INTO posts (channel_id, slot, pack, question_id, domain, posted_at, closes_at) VALUES (?, ?, 'p', 'q', 'd', 0, 0)`, c, slotOf(kinds, i))
			if err != nil {
				t.Fatal(err)
			}
			pid, _ := res.LastInsertId()
			for user, pattern := range streakPatterns {
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
		i := postIndex(slot)
		pattern, kinds := streakPatterns[user], streakKinds
		if channel == 2 {
			pattern, kinds = "xxxxxxxx", "ssssssss"
		}
		if want := wantStreak(pattern, kinds, i); streak != want {
			t.Errorf("channel %d %s post %d: streak %d after the migration, want %d", channel, user, i, streak, want)
		}
	}
	if n != 30 {
		t.Fatalf("%d answers after the migration, want 30", n)
	}
}

// farFuture is a delivery deadline store tests do not reach.
var farFuture = time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC)
