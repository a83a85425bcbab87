package quiz

import (
	"cmp"
	"slices"
	"time"
)

// GoalDay is what a learner's day toward an exam date is planned from.
type GoalDay struct {
	// Today and Exam are dates: only the year, month and day of each count, as each reads in its own
	// location.
	Today, Exam time.Time
	// Unseen holds, per domain id, the questions the learner had never answered when today began (those they
	// met today among them, so that the day's target stays put as they work through it).
	Unseen map[string]int
	// ReviewsDue is how many reviews are due now.
	ReviewsDue int
	// ReviewsDone and NewDone are what the learner did today: questions met before today answered again,
	// and questions answered for the first time.
	ReviewsDone, NewDone int
}

// DomainTarget is one domain's share of a day's new questions.
type DomainTarget struct {
	Domain string
	Unseen int // questions never answered when the day began
	PerDay int // new questions a day that cover them by the day before the exam
}

// GoalPlan is a learner's target for one day toward an exam date.
type GoalPlan struct {
	// Days is how many days are left to study: from today to the day before the exam, so 1 the day before
	// it, 0 on the exam day and negative once it has passed.
	Days int
	// Reviews is today's reviews: those due now and those already done today.
	Reviews int
	// New is today's new questions, the sum of NewByDomain's PerDay; 0 on the exam day and after it.
	New int
	// NewByDomain lists the domains with unseen questions, the heaviest weight of the exam's blueprint first
	// (pack order on a tie).
	NewByDomain []DomainTarget
	// ReviewsDone and NewDone are GoalDay's.
	ReviewsDone, NewDone int
}

// Met reports whether today's target is reached: no review is due any more and today's new questions are
// answered.
func (g GoalPlan) Met() bool { return g.ReviewsDone >= g.Reviews && g.NewDone >= g.New }

// DaysUntil is the number of calendar days from the date of from to the date of to (each read in its own
// location), negative when to is earlier. It counts dates, not 24-hour spans, so a daylight saving change
// between them does not shift it.
func DaysUntil(from, to time.Time) int {
	y1, m1, d1 := from.Date()
	y2, m2, d2 := to.Date()
	a := time.Date(y1, m1, d1, 0, 0, 0, 0, time.UTC)
	b := time.Date(y2, m2, d2, 0, 0, 0, 0, time.UTC)
	return int(b.Sub(a).Hours() / 24)
}

// PlanGoal works out a day's target toward an exam date: the reviews due, plus new questions so that every
// domain's unseen questions are answered by the day before the exam. Each domain's are spread evenly over
// the days left and rounded up (a domain with 3 unseen questions and 10 days left gets 1 a day), so the
// heavier a domain's share of the unseen questions, the more of the day's new ones it gets. On the exam day
// and after it no new question is planned, only the reviews due.
func (p *Pack) PlanGoal(d GoalDay) GoalPlan {
	g := GoalPlan{Days: DaysUntil(d.Today, d.Exam), Reviews: d.ReviewsDue + d.ReviewsDone, ReviewsDone: d.ReviewsDone, NewDone: d.NewDone}
	domains := slices.Clone(p.Domains)
	slices.SortStableFunc(domains, func(a, b Domain) int { return cmp.Compare(b.Weight, a.Weight) })
	for _, dm := range domains {
		n := d.Unseen[dm.ID]
		if n <= 0 {
			continue
		}
		t := DomainTarget{Domain: dm.ID, Unseen: n}
		if g.Days > 0 {
			t.PerDay = (n + g.Days - 1) / g.Days
		}
		g.New += t.PerDay
		g.NewByDomain = append(g.NewByDomain, t)
	}
	return g
}
