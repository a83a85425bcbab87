package bot

import (
	"context"
	"fmt"
	"strconv"
	"time"
)

// historyWeeks is how many weeks /study history shows, this one included.
const historyWeeks = 12

// cmdHistory shows the member's share right per week for the last historyWeeks weeks, weeks as the
// leaderboard's (from Monday 00:00 in the group's zone), counting every graded answer of theirs (daily,
// practice, review and finished exams; not those of an exam in progress).
func (b *Bot) cmdHistory(ctx context.Context, cmd Command, _ Input) (Reply, error) {
	g := cmd.Channel.Group()
	now := b.clock.Now()
	loc := b.groupZone(ctx, g)
	attempts, _, err := b.countedAttempts(ctx, g, cmd.User.ID)
	if err != nil {
		return Reply{}, err
	}
	this := PeriodStart(PeriodWeek, now, loc)
	starts := make([]time.Time, historyWeeks)
	index := make(map[int64]int, historyWeeks)
	for i := range starts {
		starts[i] = this.AddDate(0, 0, -7*(historyWeeks-1-i))
		index[starts[i].Unix()] = i
	}
	answered := make([]int, historyWeeks)
	right := make([]int, historyWeeks)
	total := 0
	for _, a := range attempts {
		i, ok := index[PeriodStart(PeriodWeek, a.At, loc).Unix()]
		if !ok || a.At.After(now) {
			continue
		}
		answered[i]++
		total++
		if a.Correct {
			right[i]++
		}
	}
	if total == 0 {
		return Reply{Private: true, Text: fmt.Sprintf("No answers of yours in the last %d weeks yet. Answer the daily question or try /study practice, and your weeks show here.", historyWeeks)}, nil
	}
	t := &Table{Title: fmt.Sprintf("Your share right per week, last %d weeks", historyWeeks),
		Columns: []string{"Week of", "Answered", "Right", "Share"}}
	for i, s := range starts {
		label := ShortDate(s, now)
		if i == historyWeeks-1 {
			label += " (this week)"
		}
		t.Rows = append(t.Rows, []string{label, strconv.Itoa(answered[i]), strconv.Itoa(right[i]), percent(right[i], answered[i])})
	}
	t.Footer = fmt.Sprintf("Weeks start on Monday in %s. Every answer counts: daily, practice, review and finished mock exams.", loc)
	return Reply{Private: true, Table: t, Chart: historyChart(t, answered, right)}, nil
}
