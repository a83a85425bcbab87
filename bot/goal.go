package bot

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/studybot/studybot/quiz"
)

// goalLayout is how an exam date is typed and shown: 2026-12-30.
const goalLayout = "2006-01-02"

// cmdGoal sets, shows or clears the member's exam date in the group. It is the member's own: everyone sets
// their own, and no one reads another's.
func (b *Bot) cmdGoal(ctx context.Context, cmd Command, in Input) (Reply, error) {
	g := cmd.Channel.Group()
	dayStart, _ := b.reviewDay(ctx, g, b.clock.Now())
	arg := strings.TrimSpace(in.Get("date"))
	switch strings.ToLower(arg) {
	case "":
		date, ok, err := b.goals.MemberGoal(ctx, g, cmd.User.ID)
		if err != nil {
			return Reply{}, fmt.Errorf("member goal: %w", err)
		}
		if !ok {
			return Reply{Private: true, Text: "You have no exam date set. /study goal YYYY-MM-DD sets one; /study readiness then counts down to it with a daily target."}, nil
		}
		days := quiz.DaysUntil(dayStart, date)
		if days < 0 {
			return Reply{Private: true, Text: capitalize(countdown(days, date)) + ": " + goalNext}, nil
		}
		return Reply{Private: true, Text: capitalize(countdown(days, date)) +
			". /study readiness shows today's target; /study goal off clears the date."}, nil
	case "off":
		cleared, err := b.goals.ClearGoal(ctx, g, cmd.User.ID)
		if err != nil {
			return Reply{}, fmt.Errorf("clear goal: %w", err)
		}
		if !cleared {
			return Reply{Private: true, Text: "You had no exam date set."}, nil
		}
		return Reply{Private: true, Text: "Your exam date is cleared: readiness no longer counts down or sets a daily target."}, nil
	}
	date, err := time.Parse(goalLayout, arg)
	if err != nil {
		return Reply{}, Errorf(EINVALID, "%q is not a date: give your exam's date as YYYY-MM-DD, like /study goal %s, or off to clear it.",
			arg, dayStart.AddDate(0, 0, 30).Format(goalLayout))
	}
	days := quiz.DaysUntil(dayStart, date)
	if days < 0 {
		return Reply{}, Errorf(EINVALID, "%s is in the past (today is %s): give your exam's date, today or later.",
			date.Format(goalLayout), dayStart.Format(goalLayout))
	}
	if err := b.goals.SetGoal(ctx, g, cmd.User.ID, date, b.clock.Now()); err != nil {
		return Reply{}, fmt.Errorf("set goal: %w", err)
	}
	return Reply{Private: true, Text: fmt.Sprintf("Exam date set: %s. /study readiness shows each day's target: "+
		"the reviews due plus enough new questions to meet every question of the pack by then.", countdown(days, date))}, nil
}

// goalNext is what to do once the exam date has passed.
const goalNext = "/study goal YYYY-MM-DD sets your next one, /study goal off clears it."

// countdown says how far the exam is: "23 days to your exam on 2026-12-30".
func countdown(days int, date time.Time) string {
	d := date.Format(goalLayout)
	switch {
	case days < 0:
		return "your exam on " + d + " has passed"
	case days == 0:
		return "your exam is today, " + d
	}
	return count(days, "day", "days") + " to your exam on " + d
}

// goalPlan plans the member's day toward their exam date in pack p from their counted attempts and cards
// (ls), as of now. The member's day runs from midnight in the group's zone, as review's does: new questions are those
// first answered today, reviews the questions met before today and answered again today.
func (b *Bot) goalPlan(ctx context.Context, g GroupRef, p *quiz.Pack, date time.Time, ls learner, now time.Time) quiz.GoalPlan {
	dayStart, _ := b.reviewDay(ctx, g, now)
	first := map[string]time.Time{}
	for _, a := range ls.attempts {
		if t, seen := first[a.QuestionID]; !seen || a.At.Before(t) {
			first[a.QuestionID] = a.At
		}
	}
	day := quiz.GoalDay{Today: dayStart, Exam: date, Unseen: map[string]int{}, ReviewsDue: p.DueCount(ls.cards, ls.exclude, now)}
	for _, q := range p.Questions {
		t, seen := first[q.ID]
		if seen && !t.Before(dayStart) {
			day.NewDone++
		}
		if !ls.exclude[q.ID] && (!seen || !t.Before(dayStart)) {
			day.Unseen[q.Domain]++
		}
	}
	reviewed := map[string]bool{}
	for _, a := range ls.attempts {
		if !a.At.Before(dayStart) && first[a.QuestionID].Before(dayStart) {
			reviewed[a.QuestionID] = true
		}
	}
	day.ReviewsDone = len(reviewed)
	return p.PlanGoal(day)
}

// goalText is what readiness says about the member's exam date: the countdown, today's target and how far
// they are.
func goalText(p *quiz.Pack, date time.Time, plan quiz.GoalPlan) string {
	lead := capitalize(countdown(plan.Days, date)) + "."
	switch {
	case plan.Days < 0:
		return lead + " " + capitalize(goalNext)
	case plan.Days == 0 && plan.Reviews == 0:
		return lead + " No new questions today, and no review is due. Good luck!"
	case plan.Days == 0:
		return fmt.Sprintf("%s No new questions today; reviews done %d of %d. Good luck!", lead, plan.ReviewsDone, plan.Reviews)
	}
	var target, done []string
	if plan.Reviews > 0 {
		target = append(target, count(plan.Reviews, "review", "reviews"))
		done = append(done, fmt.Sprintf("reviews %d of %d", plan.ReviewsDone, plan.Reviews))
	}
	if plan.New > 0 {
		var split []string
		for _, d := range plan.NewByDomain {
			name := d.Domain
			if dm, ok := p.Domain(d.Domain); ok {
				name = dm.Name
			}
			split = append(split, fmt.Sprintf("%d %s", d.PerDay, name))
		}
		target = append(target, fmt.Sprintf("%s (%s)", count(plan.New, "new question", "new questions"), strings.Join(split, ", ")))
		done = append(done, fmt.Sprintf("new questions %d of %d", plan.NewDone, plan.New))
	}
	if len(target) == 0 {
		return lead + " Nothing is due today, and you have met every question: /study exam tries a mock exam."
	}
	text := fmt.Sprintf("%s Today's target: %s. Done today: %s.", lead, strings.Join(target, " and "), strings.Join(done, ", "))
	if plan.Met() {
		return text + " Today's target is met."
	}
	hint := " /study review"
	if plan.New > plan.NewDone {
		hint += ", /study practice " + plan.NewByDomain[0].Domain
	}
	return text + hint + "."
}

// goalLines returns what a reminder should say about the member's exam date in the group as of now: one
// line naming today's target and what is left of it, or none when the member has set no date, the exam
// day has passed, or today's target is met. It is what /study remind's nudge carries for a goal; its
// errors are the store's. The target is counted in pack pk (the one the member studies for that date).
func (b *Bot) goalLines(ctx context.Context, g GroupRef, pk *quiz.Pack, userID string, now time.Time) ([]string, error) {
	date, ok, err := b.goals.MemberGoal(ctx, g, userID)
	if err != nil || !ok {
		return nil, err
	}
	ls, err := b.learnerState(ctx, g, userID, pk)
	if err != nil {
		return nil, err
	}
	plan := b.goalPlan(ctx, g, pk, date, ls, now)
	if plan.Days < 0 || plan.Met() {
		return nil, nil
	}
	var left []string
	if n := plan.Reviews - plan.ReviewsDone; n > 0 {
		left = append(left, count(n, "review", "reviews"))
	}
	if n := plan.New - plan.NewDone; n > 0 {
		left = append(left, count(n, "new question", "new questions"))
	}
	return []string{fmt.Sprintf("%s: today's target has %s left (/study review, /study practice).",
		capitalize(countdown(plan.Days, date)), strings.Join(left, " and "))}, nil
}

// withGoal puts the member's countdown and today's target (goalText) into readiness's text, right after its
// first line (the verdict); text is unchanged without an exam date.
func (b *Bot) withGoal(ctx context.Context, g GroupRef, p *quiz.Pack, userID string, ls learner, now time.Time, text string) (string, error) {
	date, ok, err := b.goals.MemberGoal(ctx, g, userID)
	if err != nil || !ok {
		return text, err
	}
	head, rest, _ := strings.Cut(text, "\n")
	return strings.TrimSuffix(head+"\n"+goalText(p, date, b.goalPlan(ctx, g, p, date, ls, now))+"\n"+rest, "\n"), nil
}
