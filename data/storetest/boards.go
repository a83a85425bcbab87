package storetest

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"testing"
	"time"

	"github.com/studybot/studybot/bot"
)

// testBucketAndMemberScores: a bucket's rows and one member's, for every domain ("") and for one; nothing
// for a member without answers in it, or a group the store does not know.
func testBucketAndMemberScores(t *testing.T, open func() bot.Store) {
	ctx := context.Background()
	db := open()
	ch := bot.ChannelRef{Platform: "discord", GroupID: "g", ChannelID: "c"}
	now := time.Date(2026, 3, 4, 12, 0, 0, 0, time.UTC)
	for i, domain := range []string{"security", "security", "it-ops"} {
		p, _, err := db.CreatePost(ctx, bot.Post{Channel: ch, Slot: fmt.Sprint(i), Pack: "p", QuestionID: "q", Domain: domain, PostedAt: now, ClosesAt: now.Add(time.Hour)}, FarFuture)
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
	p, _, err := db.CreatePost(ctx, bot.Post{Channel: ch, Slot: "odd", Pack: "p", QuestionID: "q", Domain: "security", PostedAt: now, ClosesAt: now.Add(time.Hour)}, FarFuture)
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
