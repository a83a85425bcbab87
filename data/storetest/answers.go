package storetest

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/studybot/studybot/bot"
)

var ctx = context.Background()

// post creates a post in ch for a slot, posted at at and open for an hour, or fails the test.
func post(t *testing.T, s bot.Store, ch bot.ChannelRef, slot string, at time.Time) bot.Post {
	t.Helper()
	p, _, err := s.CreatePost(ctx, bot.Post{Channel: ch, Slot: slot, Pack: "p", QuestionID: "q-" + slot, Domain: "d",
		PostedAt: at, ClosesAt: at.Add(time.Hour)}, FarFuture)
	if err != nil {
		t.Fatalf("create post %s: %v", slot, err)
	}
	return p
}

// ScoreDomains are the domains the score scenario's posts rotate through.
var ScoreDomains = []string{"security", "it-ops", "business"}

// ScoresScenario records answers in several weeks and months of a non-UTC zone (America/Chicago), among
// them answers just before local midnight at the end of a week and of a month (the next day in UTC), then
// resets the scores of the last week. It calls check after the answers and again after the reset, with
// the answers as recorded (points zeroed by the reset), so that a backend's own test can compare its
// tables with them too.
func ScoresScenario(t *testing.T, s bot.Store, check func(answers []bot.Answer)) {
	t.Helper()
	ch := bot.ChannelRef{Platform: "slack", GroupID: "T1", ChannelID: "C1"}
	if err := s.SetSchedule(ctx, ch, &bot.Schedule{Hour: 9, Zone: "America/Chicago", Days: bot.AllDays}); err != nil {
		t.Fatal(err)
	}
	chicago, _ := time.LoadLocation("America/Chicago")
	start := time.Date(2026, 2, 20, 9, 0, 0, 0, chicago)
	var answers []bot.Answer
	record := func(a bot.Answer) {
		t.Helper()
		if _, err := s.RecordAnswer(ctx, a); err != nil {
			t.Fatal(err)
		}
		answers = append(answers, a)
	}
	for day := 0; day < 20; day++ {
		at := start.AddDate(0, 0, day)
		domain := ScoreDomains[day%3]
		p, _, err := s.CreatePost(ctx, bot.Post{Channel: ch, Slot: fmt.Sprint(day), Pack: "p", QuestionID: "q", Domain: domain,
			PostedAt: at, ClosesAt: at.Add(24 * time.Hour)}, FarFuture)
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
				pts = bot.PointsCorrect
			}
			record(bot.Answer{PostID: p.ID, Group: ch.Group(), UserID: fmt.Sprintf("u%d", u), Correct: correct, Points: pts,
				Domain: domain, QuestionID: "q", AnsweredAt: at.Add(time.Duration(u) * time.Hour)})
		}
		// Late answers: 23:30 local on Saturday 28 February (the month's last day) and Sunday 1 March (the
		// week's last day) are already the next day in UTC.
		if late := at.Add(14*time.Hour + 30*time.Minute); late.Day() == 28 || late.Day() == 1 {
			record(bot.Answer{PostID: p.ID, Group: ch.Group(), UserID: "late", Correct: true, Points: bot.PointsCorrect,
				Domain: domain, QuestionID: "q", AnsweredAt: late})
		}
	}
	check(answers)
	since := bot.PeriodStart(bot.PeriodWeek, start.AddDate(0, 0, 19), chicago)
	n, err := s.ResetScores(ctx, ch.Group(), since)
	if err != nil || n == 0 {
		t.Fatalf("reset: %d %v", n, err)
	}
	zeroed := 0
	for i := range answers {
		if !answers[i].AnsweredAt.Before(since) && answers[i].Points != 0 {
			answers[i].Points = 0
			zeroed++
		}
	}
	if int(n) != zeroed {
		t.Fatalf("reset changed %d answers, want %d", n, zeroed)
	}
	check(answers)
}

// testScoresMatchAnswers checks every leaderboard of the score scenario (all time, each week and month,
// each domain and all) against a recount of the answers in the group's zone.
func testScoresMatchAnswers(t *testing.T, open func() bot.Store) {
	s := open()
	chicago, _ := time.LoadLocation("America/Chicago")
	g := bot.GroupRef{Platform: "slack", GroupID: "T1"}
	ScoresScenario(t, s, func(answers []bot.Answer) {
		t.Helper()
		type bucket struct{ period, domain string }
		type totals struct{ points, answered, correct int }
		want := map[bucket]map[string]totals{}
		at := map[string]time.Time{"all": time.Time{}} // a moment inside each period bucket
		add := func(b bucket, a bot.Answer) {
			if want[b] == nil {
				want[b] = map[string]totals{}
			}
			tt := want[b][a.UserID]
			tt.points += a.Points
			tt.answered++
			if a.Correct {
				tt.correct++
			}
			want[b][a.UserID] = tt
		}
		for _, a := range answers {
			week, month := bot.PeriodKey(bot.PeriodWeek, a.AnsweredAt, chicago), bot.PeriodKey(bot.PeriodMonth, a.AnsweredAt, chicago)
			at[week], at[month] = a.AnsweredAt, a.AnsweredAt
			for _, p := range []string{"all", week, month} {
				add(bucket{p, a.Domain}, a)
				add(bucket{p, ""}, a)
			}
		}
		if _, ok := want[bucket{"w2026-02-23", ""}]["late"]; !ok || want[bucket{"m2026-02", ""}]["late"].answered != 1 {
			t.Fatal("the scenario lost its late answers")
		}
		for b, users := range want {
			scores, err := s.BucketScores(ctx, bot.Bucket{Group: g, Period: b.period, Domain: b.domain})
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]totals{}
			for _, r := range scores {
				got[r.UserID] = totals{r.Points, r.Answered, r.Correct}
			}
			if fmt.Sprint(got) != fmt.Sprint(users) {
				t.Errorf("bucket %s %q: %v, want %v", b.period, b.domain, got, users)
			}
		}
	})
}

// StreakPatterns are which of a channel's posts each member answered, oldest first ('x' answered).
var StreakPatterns = map[string]string{"u0": "xxxxxxxx", "u1": "xx.xxx.x", "u2": "..xxx...", "u3": ".......x", "u4": "x.x.x.x."}

// StreakKinds says which of channel c1's posts were scheduled ('s') and which a moderator posted with
// /study post ('m'); c2's are all scheduled.
const StreakKinds = "ssmsssms"

// WantStreak is the streak a member's answer to post i carries: the consecutive scheduled posts up to it
// that the member answered, skipping /study post ones; an answer to a /study post question carries the
// streak of the scheduled post before it.
func WantStreak(pattern, kinds string, i int) int {
	if kinds[i] == 'm' {
		return StreakBefore(pattern, kinds, i)
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

// StreakBefore is the streak at the scheduled post before post i (0 if unanswered or none).
func StreakBefore(pattern, kinds string, i int) int {
	for j := i - 1; j >= 0; j-- {
		if kinds[j] == 's' {
			if pattern[j] != 'x' {
				return 0
			}
			return WantStreak(pattern, kinds, j)
		}
	}
	return 0
}

// SlotOf is the slot of post i of a channel: a date for scheduled posts, manual-… for /study post ones.
func SlotOf(kinds string, i int) string {
	if kinds[i] == 'm' {
		return fmt.Sprintf("manual-%d", i)
	}
	return fmt.Sprintf("2026-03-%02d", i+1)
}

// PostIndex is the inverse of SlotOf.
func PostIndex(slot string) int {
	if n, ok := strings.CutPrefix(slot, "manual-"); ok {
		i, _ := strconv.Atoi(n)
		return i
	}
	i, _ := strconv.Atoi(slot[len(slot)-2:])
	return i - 1
}

// testAnswerStreaks checks the streak stored with each answer, with the posts of two channels interleaved
// so that a channel's previous post is not the previous post id, and with /study post questions among c1's
// scheduled ones.
func testAnswerStreaks(t *testing.T, open func() bot.Store) {
	s := open()
	channels := []bot.ChannelRef{{Platform: "discord", GroupID: "g", ChannelID: "c1"}, {Platform: "discord", GroupID: "g", ChannelID: "c2"}}
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	var lastPost int64
	for i := range 8 {
		for c, ch := range channels {
			kinds := StreakKinds
			if c == 1 {
				kinds = "ssssssss"
			}
			p, _, err := s.CreatePost(ctx, bot.Post{Channel: ch, Slot: SlotOf(kinds, i), Pack: "p", QuestionID: "q", Domain: "d", PostedAt: at, ClosesAt: at.Add(time.Hour)}, FarFuture)
			if err != nil {
				t.Fatal(err)
			}
			if c == 0 {
				lastPost = p.ID
			}
			for user, pattern := range StreakPatterns {
				if c == 1 {
					pattern = strings.Map(func(r rune) rune { return 'x' + '.' - r }, pattern) // the other channel: the complement
				}
				if pattern[i] != 'x' {
					continue
				}
				a, err := s.RecordAnswer(ctx, bot.Answer{PostID: p.ID, Group: ch.Group(), UserID: user, Domain: "d", QuestionID: "q", AnsweredAt: at})
				if err != nil {
					t.Fatal(err)
				}
				if want := WantStreak(pattern, kinds, i); a.Streak != want {
					t.Errorf("%s %s post %d (%c): streak %d, want %d", ch.ChannelID, user, i, kinds[i], a.Streak, want)
				}
				// A second click returns the first answer and changes nothing.
				if _, err := s.RecordAnswer(ctx, bot.Answer{PostID: p.ID, Group: ch.Group(), UserID: user, Domain: "d", QuestionID: "q", AnsweredAt: at}); bot.ErrorCode(err) != bot.ECONFLICT {
					t.Fatalf("second answer: %v", err)
				}
			}
		}
		at = at.Add(24 * time.Hour)
	}
	// The newest post is still open: not having answered it yet does not break a streak.
	for user, pattern := range StreakPatterns {
		want := WantStreak(pattern, StreakKinds, 7)
		if pattern[7] != 'x' {
			want = StreakBefore(pattern, StreakKinds, 7)
		}
		if n, err := s.Streak(ctx, channels[0], user); err != nil || n != want {
			t.Errorf("c1 %s: current streak %d (%v), want %d", user, n, err, want)
		}
	}
	// Once it closes unanswered, the streak is over.
	if _, err := s.ClosePost(ctx, lastPost, at, FarFuture); err != nil {
		t.Fatal(err)
	}
	if n, err := s.Streak(ctx, channels[0], "u4"); err != nil || n != 0 {
		t.Errorf("c1 u4 after the close: streak %d (%v), want 0", n, err)
	}
}

// clickTwice has members click twice at once with different choices, through the given store handles in
// turn, and checks that each member's first click counts and the other gets it back as ECONFLICT.
func clickTwice(t *testing.T, handles []bot.Store) {
	s := handles[0]
	ch := bot.ChannelRef{Platform: "discord", GroupID: "g", ChannelID: "c"}
	now := time.Date(2026, 3, 4, 12, 0, 0, 0, time.UTC)
	p := post(t, s, ch, "s", now)
	const members = 30
	type result struct {
		user   string
		choice int
		got    bot.Answer
		err    error
	}
	results := make(chan result, 2*members)
	var wg sync.WaitGroup
	for i := 0; i < 2*members; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			user, choice := fmt.Sprintf("u%02d", i/2), i%2
			got, err := handles[i%len(handles)].RecordAnswer(ctx, bot.Answer{PostID: p.ID, Group: ch.Group(), UserID: user, UserName: "Member " + user,
				Choice: choice, Correct: choice == 1, Points: 10 * choice, Domain: "d", QuestionID: "q", AnsweredAt: now})
			results <- result{user, choice, got, err}
		}(i)
	}
	wg.Wait()
	close(results)
	first := map[string]int{}
	conflicts := map[string]int{}
	for r := range results {
		switch bot.ErrorCode(r.err) {
		case "":
			if _, dup := first[r.user]; dup {
				t.Errorf("%s: two clicks counted", r.user)
			}
			first[r.user] = r.choice
		case bot.ECONFLICT:
			conflicts[r.user] = r.got.Choice
			// The answer that counted, read back: the channel's first scheduled post starts a streak of 1.
			if r.got.Streak != 1 || r.got.Points != 10*r.got.Choice {
				t.Errorf("%s: the answer that counted read back as %+v, want streak 1 and its points", r.user, r.got)
			}
		default:
			t.Fatalf("%s: %v", r.user, r.err)
		}
	}
	if len(first) != members || len(conflicts) != members {
		t.Fatalf("%d first clicks and %d repeats, want %d each", len(first), len(conflicts), members)
	}
	for u, c := range conflicts {
		if first[u] != c {
			t.Errorf("%s: the repeat click was told choice %d, but %d counted", u, c, first[u])
		}
	}
	for i, h := range handles {
		counts, err := h.AnswerCounts(ctx, p.ID, 4)
		if err != nil || counts[0]+counts[1] != members {
			t.Fatalf("handle %d: counts %v %v", i, counts, err)
		}
		scores, err := h.BucketScores(ctx, bot.Bucket{Group: ch.Group(), Period: "all"})
		if err != nil || len(scores) != members {
			t.Fatalf("handle %d: the bucket has %d members (%v)", i, len(scores), err)
		}
		for _, r := range scores {
			name, err := h.MemberName(ctx, ch.Group(), r.UserID)
			if err != nil || r.Answered != 1 || r.Points != 10*first[r.UserID] || name != "Member "+r.UserID {
				t.Errorf("handle %d: %+v named %q (%v), first choice %d", i, r, name, err, first[r.UserID])
			}
		}
	}
}

// testOneAnswerPerMember: simultaneous clicks of one member count once, and the buckets count it once.
func testOneAnswerPerMember(t *testing.T, open func() bot.Store) {
	clickTwice(t, []bot.Store{open()})
}

// testOneAnswerPerMemberAcrossReplicas: the same through three handles on one database, as three replicas
// receiving the clicks.
func testOneAnswerPerMemberAcrossReplicas(t *testing.T, open func() bot.Store) {
	clickTwice(t, []bot.Store{open(), open(), open()})
}

// testMembersAndStats covers member names and a member's stats, daily and practice.
func testMembersAndStats(t *testing.T, open func() bot.Store) {
	s := open()
	g := bot.GroupRef{Platform: "slack", GroupID: "T9"}
	if n, err := s.MemberName(ctx, g, "U1"); err != nil || n != "" {
		t.Fatalf("unknown member: %q %v", n, err)
	}
	for _, name := range []string{"Ann", "Ann", "Anna"} {
		if err := s.TouchMember(ctx, g, "U1", name); err != nil {
			t.Fatal(err)
		}
	}
	if n, err := s.MemberName(ctx, g, "U1"); err != nil || n != "Anna" {
		t.Fatalf("renamed member: %q %v", n, err)
	}
	ch := bot.ChannelRef{Platform: g.Platform, GroupID: g.GroupID, ChannelID: "C1"}
	now := time.Date(2026, 3, 4, 12, 0, 0, 0, time.UTC)
	for i, d := range []string{"security", "security", "business"} {
		p, _, err := s.CreatePost(ctx, bot.Post{Channel: ch, Slot: fmt.Sprint(i), Pack: "p", QuestionID: fmt.Sprint("q", i), Domain: d,
			PostedAt: now, ClosesAt: now.Add(time.Hour)}, FarFuture)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.RecordAnswer(ctx, bot.Answer{PostID: p.ID, Group: g, UserID: "U1", UserName: "Ann B", Correct: i != 1, Points: 10 * (1 - i%2),
			Domain: d, QuestionID: fmt.Sprint("q", i), AnsweredAt: now}); err != nil {
			t.Fatal(err)
		}
	}
	if n, _ := s.MemberName(ctx, g, "U1"); n != "Ann B" {
		t.Fatalf("an answer did not record the member's name: %q", n)
	}
	id, err := s.CreatePractice(ctx, bot.Practice{Group: g, UserID: "U1", QuestionID: "q9", Domain: "security", CreatedAt: now})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.AnswerPractice(ctx, id, 2, true, now.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	st, err := s.MemberStats(ctx, g, "U1")
	if err != nil {
		t.Fatal(err)
	}
	if st.Answered != 3 || st.Correct != 2 || st.Points != 20 || st.Practiced != 1 || st.PracticeCorrect != 1 {
		t.Fatalf("stats: %+v", st)
	}
	byDomain := map[string]bot.DomainStats{}
	for _, d := range st.Domains {
		byDomain[d.Domain] = d
	}
	if byDomain["security"] != (bot.DomainStats{Domain: "security", Answered: 3, Correct: 2}) || byDomain["business"] != (bot.DomainStats{Domain: "business", Answered: 1, Correct: 1}) {
		t.Fatalf("stats by domain: %+v", st.Domains)
	}
	if st, err := s.MemberStats(ctx, g, "nobody"); err != nil || st.Answered != 0 || len(st.Domains) != 0 {
		t.Fatalf("stats of nobody: %+v %v", st, err)
	}
}

// testPractice: a practice question is answered once, and attempts keep each question's latest try.
func testPractice(t *testing.T, open func() bot.Store) {
	s := open()
	g := bot.GroupRef{Platform: "console", GroupID: "local"}
	now := time.Date(2026, 3, 4, 12, 0, 0, 0, time.UTC)
	id, err := s.CreatePractice(ctx, bot.Practice{Group: g, UserID: "me", QuestionID: "q1", Domain: "d", CreatedAt: now})
	if err != nil {
		t.Fatal(err)
	}
	pr, err := s.Practice(ctx, id)
	if err != nil || pr.ID != id || pr.Group != g || pr.UserID != "me" || pr.QuestionID != "q1" || pr.Answered || !pr.CreatedAt.Equal(now) {
		t.Fatalf("practice: %+v %v", pr, err)
	}
	if err := s.AnswerPractice(ctx, id, 1, false, now.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if err := s.AnswerPractice(ctx, id, 2, true, now.Add(2*time.Minute)); bot.ErrorCode(err) != bot.ECONFLICT {
		t.Fatalf("second practice answer: %v", err)
	}
	if pr, _ := s.Practice(ctx, id); !pr.Answered {
		t.Fatal("answered practice not marked answered")
	}
	if _, err := s.Practice(ctx, id+1000); bot.ErrorCode(err) != bot.ENOTFOUND {
		t.Fatalf("missing practice: %v", err)
	}
	id2, _ := s.CreatePractice(ctx, bot.Practice{Group: g, UserID: "me", QuestionID: "q1", Domain: "d", CreatedAt: now.Add(time.Hour)})
	if err := s.AnswerPractice(ctx, id2, 0, true, now.Add(time.Hour+time.Minute)); err != nil {
		t.Fatal(err)
	}
	s.CreatePractice(ctx, bot.Practice{Group: g, UserID: "me", QuestionID: "q2", Domain: "d", CreatedAt: now}) // unanswered: not an attempt
	att, err := s.GradedAttempts(ctx, g, "me")
	if err != nil {
		t.Fatal(err)
	}
	if len(att) != 2 || att[0].Correct || !att[1].Correct || !att[1].At.Equal(now.Add(time.Hour+time.Minute)) || att[1].Ref != id2 {
		t.Fatalf("graded attempts: %+v", att)
	}
	rid, err := s.CreatePractice(ctx, bot.Practice{Group: g, UserID: "me", Kind: bot.KindReview, QuestionID: "q3", Domain: "d", CreatedAt: now})
	if err != nil {
		t.Fatal(err)
	}
	if pr, err := s.Practice(ctx, rid); err != nil || pr.Kind != bot.KindReview {
		t.Fatalf("review card: %+v %v", pr, err)
	}
	if pr, _ := s.Practice(ctx, id); pr.Kind != bot.KindPractice {
		t.Fatalf("a practice question without a kind is of kind %q", pr.Kind)
	}
}

// testResetScores: a weekly reset zeroes this week's points and leaves earlier weeks and the answers.
func testResetScores(t *testing.T, open func() bot.Store) {
	s := open()
	ch := bot.ChannelRef{Platform: "discord", GroupID: "g", ChannelID: "c"}
	monday := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	for i, at := range []time.Time{monday.AddDate(0, 0, -7), monday, monday.AddDate(0, 0, 1)} {
		p := post(t, s, ch, fmt.Sprint(i), at)
		if _, err := s.RecordAnswer(ctx, bot.Answer{PostID: p.ID, Group: ch.Group(), UserID: "u", Correct: true, Points: 10, Domain: "d", QuestionID: "q", AnsweredAt: at}); err != nil {
			t.Fatal(err)
		}
	}
	if n, err := s.ResetScores(ctx, bot.GroupRef{Platform: "discord", GroupID: "other"}, time.Time{}); err != nil || n != 0 {
		t.Fatalf("reset of an unknown group: %d %v", n, err)
	}
	n, err := s.ResetScores(ctx, ch.Group(), bot.PeriodStart(bot.PeriodWeek, monday, time.UTC))
	if err != nil || n != 2 {
		t.Fatalf("weekly reset: %d %v", n, err)
	}
	board := func(p bot.Period, at time.Time) bot.Score {
		t.Helper()
		sc, ok, err := s.MemberScore(ctx, bot.Bucket{Group: ch.Group(), Period: bot.PeriodKey(p, at, time.UTC)}, "u")
		if err != nil || !ok {
			t.Fatalf("score %s: %+v %v %v", p, sc, ok, err)
		}
		return sc
	}
	if r := board(bot.PeriodWeek, monday); r.Points != 0 || r.Answered != 2 || r.Correct != 2 {
		t.Fatalf("this week after the reset: %+v", r)
	}
	if r := board(bot.PeriodWeek, monday.AddDate(0, 0, -7)); r.Points != 10 {
		t.Fatalf("last week after the reset: %+v", r)
	}
	if r := board(bot.PeriodAll, monday); r.Points != 10 || r.Answered != 3 {
		t.Fatalf("all time after the reset: %+v", r)
	}
	if n, err := s.ResetScores(ctx, ch.Group(), time.Time{}); err != nil || n != 1 {
		t.Fatalf("reset all: %d %v", n, err)
	}
	if r := board(bot.PeriodAll, monday); r.Points != 0 || r.Answered != 3 {
		t.Fatalf("all time after reset all: %+v", r)
	}
	// A click after a reset adds to the rebuilt buckets.
	p := post(t, s, ch, "after", monday.AddDate(0, 0, 2))
	if _, err := s.RecordAnswer(ctx, bot.Answer{PostID: p.ID, Group: ch.Group(), UserID: "u", Correct: true, Points: 10, Domain: "d", QuestionID: "q", AnsweredAt: monday.AddDate(0, 0, 2)}); err != nil {
		t.Fatal(err)
	}
	if r := board(bot.PeriodAll, monday); r.Points != 10 || r.Answered != 4 {
		t.Fatalf("all time after a new answer: %+v", r)
	}
}

// testStreaksSurviveAStudyPostClosingEarly checks that a scheduled question a /study post closed before
// its time neither extends nor breaks the streak of a member who did not answer it, both in the streak
// stored with their next answers and in the current streak, while a scheduled question that ran its
// course unanswered ends it, even when a /study post comes after its time but before the scheduler
// closed it (issue 26, defect 1).
func testStreaksSurviveAStudyPostClosingEarly(t *testing.T, open func() bot.Store) {
	s := open()
	day := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC) // each post() stays open for an hour
	answer := func(ch bot.ChannelRef, p bot.Post, user string, want int) {
		t.Helper()
		a, err := s.RecordAnswer(ctx, bot.Answer{PostID: p.ID, Group: ch.Group(), UserID: user, Domain: "d", QuestionID: p.QuestionID, AnsweredAt: p.PostedAt})
		if err != nil {
			t.Fatal(err)
		}
		if a.Streak != want {
			t.Errorf("%s %s %s: streak %d, want %d", ch.ChannelID, p.Slot, user, a.Streak, want)
		}
	}
	current := func(ch bot.ChannelRef, user string, want int) {
		t.Helper()
		if n, err := s.Streak(ctx, ch, user); err != nil || n != want {
			t.Errorf("%s %s: current streak %d (%v), want %d", ch.ChannelID, user, n, err, want)
		}
	}
	// c1: s1, then s2 closed ten minutes in by a /study post (m), then s3. u1 skips s2 and answers m, u2
	// answers s2 and m, u3 skips both.
	c1 := bot.ChannelRef{Platform: "discord", GroupID: "g", ChannelID: "c1"}
	s1 := post(t, s, c1, "2026-03-02", day)
	for _, u := range []string{"u1", "u2", "u3"} {
		answer(c1, s1, u, 1)
	}
	s2 := post(t, s, c1, "2026-03-03", day.Add(24*time.Hour))
	answer(c1, s2, "u2", 2)
	m := post(t, s, c1, "manual-1", day.Add(24*time.Hour+10*time.Minute))
	current(c1, "u1", 1)
	current(c1, "u3", 1)
	answer(c1, m, "u1", 1)
	answer(c1, m, "u2", 2)
	s3 := post(t, s, c1, "2026-03-04", day.Add(48*time.Hour))
	current(c1, "u3", 1) // s3 is open: not yet answering it breaks nothing
	answer(c1, s3, "u1", 2)
	answer(c1, s3, "u2", 3)
	answer(c1, s3, "u3", 2)
	current(c1, "u1", 2)

	// c2: s2 closes on its own unanswered, and a /study post comes after: the streak is over.
	c2 := bot.ChannelRef{Platform: "discord", GroupID: "g", ChannelID: "c2"}
	answer(c2, post(t, s, c2, "2026-03-02", day), "u1", 1)
	s2 = post(t, s, c2, "2026-03-03", day.Add(24*time.Hour))
	if _, err := s.ClosePost(ctx, s2.ID, s2.ClosesAt, FarFuture); err != nil {
		t.Fatal(err)
	}
	post(t, s, c2, "manual-1", s2.ClosesAt.Add(time.Minute))
	current(c2, "u1", 0)
	answer(c2, post(t, s, c2, "2026-03-04", day.Add(48*time.Hour)), "u1", 1)

	// c3: the /study post comes after s2's time but before the scheduler closed it: s2 ran its course.
	c3 := bot.ChannelRef{Platform: "discord", GroupID: "g", ChannelID: "c3"}
	answer(c3, post(t, s, c3, "2026-03-02", day), "u1", 1)
	s2 = post(t, s, c3, "2026-03-03", day.Add(24*time.Hour))
	post(t, s, c3, "manual-1", s2.ClosesAt.Add(time.Minute))
	current(c3, "u1", 0)
	answer(c3, post(t, s, c3, "2026-03-04", day.Add(48*time.Hour)), "u1", 1)
}
