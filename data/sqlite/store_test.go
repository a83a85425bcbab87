package sqlite

import (
	"context"
	"fmt"
	"testing"
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
		p, _, err := db.CreatePost(ctx, bot.Post{Channel: ch, Slot: fmt.Sprint(day), Pack: "p", QuestionID: "q", Domain: domains[day%3], PostedAt: at, ClosesAt: at.Add(24 * time.Hour)})
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
	lb, err := db.Leaderboard(ctx, bot.LeaderboardQuery{Group: ch.Group(), Period: bot.PeriodWeek, At: start.AddDate(0, 0, 19), Limit: 10, UserID: "u1"})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range lb.Top {
		if r.Points != 0 {
			t.Fatalf("after the weekly reset %s has %d points this week", r.UserID, r.Points)
		}
	}
}

func TestLeaderboardTiesShareRank(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	ch := bot.ChannelRef{Platform: "discord", GroupID: "g", ChannelID: "c"}
	now := time.Date(2026, 3, 4, 12, 0, 0, 0, time.UTC)
	p, _, _ := db.CreatePost(ctx, bot.Post{Channel: ch, Slot: "s", Pack: "p", QuestionID: "q", Domain: "d", PostedAt: now, ClosesAt: now.Add(time.Hour)})
	for i, pts := range []int{10, 10, 0, 10} {
		db.RecordAnswer(ctx, bot.Answer{PostID: p.ID, Group: ch.Group(), UserID: fmt.Sprintf("u%d", i), Correct: pts > 0, Points: pts, Domain: "d", QuestionID: "q", AnsweredAt: now})
	}
	lb, err := db.Leaderboard(ctx, bot.LeaderboardQuery{Group: ch.Group(), Period: bot.PeriodAll, At: now, Limit: 10, UserID: "u2"})
	if err != nil {
		t.Fatal(err)
	}
	var ranks []int
	for _, r := range lb.Top {
		ranks = append(ranks, r.Rank)
	}
	if fmt.Sprint(ranks) != "[1 1 1 4]" || lb.Me == nil || lb.Me.Rank != 4 {
		t.Fatalf("ranks %v, me %+v", ranks, lb.Me)
	}
}
