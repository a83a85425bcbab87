package quiz

import (
	"fmt"
	"testing"
	"time"
)

func TestPlanGoal(t *testing.T) {
	p := newTestPack([5]int{10, 10, 10, 10, 10}) // weights a 13, b 15, c 26, d 25, e 21
	today := time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC)
	day := func(n int) time.Time { return today.AddDate(0, 0, n) }
	for _, tc := range []struct {
		name   string
		d      GoalDay
		days   int
		new    int
		split  string // NewByDomain as domain:unseen/perDay, heaviest first
		met    bool
		review int
	}{
		{name: "23 days, each domain's unseen spread and rounded up",
			d:    GoalDay{Today: today, Exam: day(23), Unseen: map[string]int{"a": 10, "b": 10, "c": 50, "d": 24, "e": 1}, ReviewsDue: 4},
			days: 23, new: 1 + 3 + 2 + 1 + 1, split: "[c:50/3 d:24/2 e:1/1 b:10/1 a:10/1]", review: 4},
		{name: "the exam tomorrow: every unseen question today",
			d:    GoalDay{Today: today, Exam: day(1), Unseen: map[string]int{"a": 3, "c": 7}},
			days: 1, new: 10, split: "[c:7/7 a:3/3]"},
		{name: "the exam today: no new question, the reviews due only",
			d:    GoalDay{Today: today, Exam: today, Unseen: map[string]int{"a": 3}, ReviewsDue: 2, ReviewsDone: 1},
			days: 0, new: 0, split: "[a:3/0]", review: 3},
		{name: "the exam passed",
			d:    GoalDay{Today: today, Exam: day(-2), Unseen: map[string]int{"a": 3}},
			days: -2, new: 0, split: "[a:3/0]", met: true},
		{name: "nothing unseen left: the reviews are the target",
			d:    GoalDay{Today: today, Exam: day(30), ReviewsDue: 5, ReviewsDone: 2},
			days: 30, new: 0, split: "[]", review: 7},
		{name: "nothing unseen and nothing due: met before starting",
			d:    GoalDay{Today: today, Exam: day(30), Unseen: map[string]int{"a": 0}},
			days: 30, new: 0, split: "[]", met: true},
		{name: "more days than questions: one a day in each domain with any",
			d:    GoalDay{Today: today, Exam: day(90), Unseen: map[string]int{"a": 2, "b": 1, "e": 5}, NewDone: 3},
			days: 90, new: 3, split: "[e:5/1 b:1/1 a:2/1]", met: true},
		{name: "reviews done but more due: not met",
			d:    GoalDay{Today: today, Exam: day(10), ReviewsDue: 1, ReviewsDone: 6},
			days: 10, new: 0, split: "[]", review: 7},
		{name: "new questions short of the target: not met",
			d:    GoalDay{Today: today, Exam: day(10), Unseen: map[string]int{"d": 25}, NewDone: 2},
			days: 10, new: 3, split: "[d:25/3]"},
		{name: "a domain the pack lacks is left out",
			d:    GoalDay{Today: today, Exam: day(2), Unseen: map[string]int{"zz": 9, "a": 4}},
			days: 2, new: 2, split: "[a:4/2]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := p.PlanGoal(tc.d)
			var split []string
			for _, d := range g.NewByDomain {
				split = append(split, fmt.Sprintf("%s:%d/%d", d.Domain, d.Unseen, d.PerDay))
			}
			if g.Days != tc.days || g.New != tc.new || fmt.Sprint(split) != tc.split || g.Met() != tc.met || g.Reviews != tc.review {
				t.Fatalf("plan %+v: days %d new %d split %v met %v reviews %d; want %d %d %s %v %d",
					tc.d, g.Days, g.New, split, g.Met(), g.Reviews, tc.days, tc.new, tc.split, tc.met, tc.review)
			}
		})
	}
}

// Days are counted as dates in each time's own zone: 23:30 on 7 December in New York is still the 7th
// there, though it is the 8th in UTC, and a daylight saving change in between shifts nothing.
func TestDaysUntilCountsDates(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Skip(err)
	}
	exam := time.Date(2026, 12, 30, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		from time.Time
		want int
	}{
		{time.Date(2026, 12, 7, 23, 30, 0, 0, ny), 23},
		{time.Date(2026, 12, 7, 0, 0, 0, 0, ny), 23},
		{time.Date(2026, 12, 30, 22, 0, 0, 0, ny), 0},
		{time.Date(2026, 12, 31, 1, 0, 0, 0, ny), -1},
		{time.Date(2026, 10, 31, 12, 0, 0, 0, ny), 60}, // across the end of daylight saving (1 November)
	} {
		if got := DaysUntil(tc.from, exam); got != tc.want {
			t.Errorf("DaysUntil(%v, 2026-12-30) = %d, want %d", tc.from, got, tc.want)
		}
	}
}
