package bot_test

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// /study goal sets, shows and clears the member's own exam date; a date in the past or one that is no date
// gets a private error that says how to type it, and nothing is stored.
func TestGoalSetShowAndClear(t *testing.T) {
	e := newEnv(t, time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC))
	r := e.do(alice, "/study goal")
	mustContain(t, r.Text, "You have no exam date set")
	if !r.Private {
		t.Fatal("the goal reply was public")
	}
	for _, tc := range []struct{ arg, want string }{
		{"2026-12-06", "2026-12-06 is in the past (today is 2026-12-07)"},
		{"30/12/2026", `"30/12/2026" is not a date: give your exam's date as YYYY-MM-DD, like /study goal 2027-01-06`},
		{"2026-02-30", "is not a date"},
		{"soon", "is not a date"},
	} {
		r := e.do(alice, "/study goal "+tc.arg)
		mustContain(t, r.Text, tc.want)
		if !r.Private {
			t.Fatalf("the error for %q was public", tc.arg)
		}
	}
	mustContain(t, e.do(alice, "/study goal").Text, "You have no exam date set")

	r = e.do(alice, "/study goal 2026-12-30")
	mustContain(t, r.Text, "Exam date set: 23 days to your exam on 2026-12-30.")
	if !r.Private {
		t.Fatal("the goal reply was public")
	}
	mustContain(t, e.do(alice, "/study goal").Text, "23 days to your exam on 2026-12-30. /study readiness shows today's target")
	mustContain(t, e.do(bob, "/study goal").Text, "You have no exam date set") // alice's is hers alone
	mustContain(t, e.do(bob, "/study goal 2026-12-07").Text, "your exam is today, 2026-12-07")
	e.clock.Add(24 * time.Hour)
	mustContain(t, e.do(alice, "/study goal").Text, "22 days to your exam on 2026-12-30")
	mustContain(t, e.do(bob, "/study goal").Text, "Your exam on 2026-12-07 has passed: /study goal YYYY-MM-DD sets your next one")

	mustContain(t, e.do(alice, "/study goal off").Text, "Your exam date is cleared")
	mustContain(t, e.do(alice, "/study goal OFF").Text, "You had no exam date set")
	mustContain(t, e.do(alice, "/study goal").Text, "You have no exam date set")
}

// Readiness counts down to the member's exam date and sets a daily target that covers the pack in time:
// the reviews due plus each domain's unseen questions spread over the days left. It says how much of today's
// target is done; a reminder carries what is left, and nothing once it is met, on the exam day with nothing
// due, or after the exam.
func TestReadinessCountsDownWithADailyTarget(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	g := e.ch.Group()
	lines := func() string {
		t.Helper()
		l, err := e.bot.GoalLines(ctx, g, alice.ID, e.clock.Now())
		if err != nil {
			t.Fatal(err)
		}
		return fmt.Sprint(l)
	}
	if got := lines(); got != "[]" {
		t.Fatalf("reminder lines without a goal: %s", got)
	}
	mustNotContain(t, e.do(alice, "/study readiness").Text, "to your exam")

	// Two days left, two unseen questions per domain: one a day from each.
	e.do(alice, "/study goal 2026-03-04")
	r := e.do(alice, "/study readiness")
	mustContain(t, r.Text, "Readiness for Alice (Test Exam (T-100)): not enough answers to say.\n"+
		"2 days to your exam on 2026-03-04. Today's target: 2 new questions (1 Regulatory Requirements, 1 Security). "+
		"Done today: new questions 0 of 2. /study review, /study practice regulatory.\n")
	if got, want := lines(), "[2 days to your exam on 2026-03-04: today's target has 2 new questions left (/study review, /study practice).]"; got != want {
		t.Fatalf("reminder lines: %s, want %s", got, want)
	}
	e.answerCard(alice, e.do(alice, "/study practice regulatory"), false)
	e.clock.Add(time.Hour)
	mustContain(t, e.do(alice, "/study readiness").Text, "Done today: new questions 1 of 2.")
	mustContain(t, lines(), "today's target has 1 new question left")
	e.answerCard(alice, e.do(alice, "/study practice security"), true)
	mustContain(t, e.do(alice, "/study readiness").Text, "Done today: new questions 2 of 2. Today's target is met.")
	if got := lines(); got != "[]" {
		t.Fatalf("reminder lines with today's target met: %s", got)
	}

	// The next day: the last day before the exam takes every unseen question, and the missed one is due.
	e.clock.Set(time.Date(2026, 3, 3, 9, 0, 0, 0, time.UTC))
	r = e.do(alice, "/study readiness")
	mustContain(t, r.Text, "1 day to your exam on 2026-03-04. Today's target: 1 review and 2 new questions (1 Regulatory Requirements, 1 Security). "+
		"Done today: reviews 0 of 1, new questions 0 of 2.")
	mustContain(t, lines(), "1 day to your exam on 2026-03-04: today's target has 1 review and 2 new questions left")
	e.answerCard(alice, e.do(alice, "/study review"), true)
	mustContain(t, e.do(alice, "/study readiness").Text, "Done today: reviews 1 of 1, new questions 0 of 2.")

	// The exam day plans no new question; after it, the countdown says so and reminders stop.
	e.clock.Set(time.Date(2026, 3, 4, 7, 0, 0, 0, time.UTC))
	mustContain(t, e.do(alice, "/study readiness").Text, "Your exam is today, 2026-03-04. No new questions today, and no review is due. Good luck!")
	if got := lines(); got != "[]" {
		t.Fatalf("reminder lines on the exam day with nothing due: %s", got)
	}
	e.clock.Set(time.Date(2026, 3, 5, 7, 0, 0, 0, time.UTC))
	mustContain(t, e.do(alice, "/study readiness").Text, "Your exam on 2026-03-04 has passed. /study goal YYYY-MM-DD sets your next one")
	if got := lines(); got != "[]" {
		t.Fatalf("reminder lines after the exam: %s", got)
	}
}
