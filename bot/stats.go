package bot

import (
	"context"
	"fmt"
	"strconv"
	"strings"
)

// cmdStats shows a member's answers, accuracy overall and per domain, streak and rank. Another member's
// stats are their daily answers only: practice, reviews and mock exams are each member's own.
func (b *Bot) cmdStats(ctx context.Context, cmd Command, in Input) (Reply, error) {
	g := cmd.Channel.Group()
	userID, name, err := b.subject(ctx, cmd, in)
	if err != nil {
		return Reply{}, err
	}
	own := userID == cmd.User.ID
	pk, err := b.packFor(ctx, cmd.Channel)
	if err != nil {
		return Reply{}, err
	}
	st, err := b.boards.MemberStats(ctx, g, userID)
	if err != nil {
		return Reply{}, fmt.Errorf("stats: %w", err)
	}
	// A mock exam gives no feedback until it ends, so its answers count here from then on. Only the member's
	// own stats show exam answers at all.
	if own {
		_, answers, inExam, err := b.examInProgress(ctx, g, userID)
		if err != nil {
			return Reply{}, err
		}
		if inExam {
			for _, a := range answers {
				st.Add(a.Domain, false, -1, -b2i(a.Correct), 0)
			}
		}
	}
	streak, err := b.answers.Streak(ctx, cmd.Channel, userID)
	if err != nil {
		return Reply{}, fmt.Errorf("streak: %w", err)
	}
	lb, err := b.leaderboard(ctx, LeaderboardQuery{Group: g, Period: PeriodAll, Limit: 0, UserID: userID})
	if err != nil {
		return Reply{}, fmt.Errorf("rank: %w", err)
	}
	var lines []string
	lines = append(lines, fmt.Sprintf("Stats for %s", name))
	lines = append(lines, fmt.Sprintf("Daily questions: %d answered, %d correct (%s), %s", st.Answered, st.Correct, percent(st.Correct, st.Answered), count(st.Points, "point", "points")))
	if own {
		lines = append(lines, fmt.Sprintf("Practice: %d answered, %d correct (%s), with reviews and finished mock exams", st.Practiced, st.PracticeCorrect, percent(st.PracticeCorrect, st.Practiced)))
	}
	lines = append(lines, fmt.Sprintf("Streak in this channel: %d", streak))
	if lb.Me != nil {
		lines = append(lines, fmt.Sprintf("All-time rank: #%d", lb.Me.Rank))
	} else {
		lines = append(lines, "All-time rank: not ranked yet")
	}
	t := &Table{Title: "By domain (daily and practice)", Columns: []string{"Domain", "Answered", "Correct", "Accuracy"}}
	domains := st.Domains
	if !own {
		t.Title, domains = "By domain (daily questions; practice is private)", st.DailyDomains
	}
	byDomain := map[string]DomainStats{}
	for _, d := range domains {
		byDomain[d.Domain] = d
	}
	for _, d := range pk.Domains {
		ds := byDomain[d.ID]
		t.Rows = append(t.Rows, []string{d.Name, strconv.Itoa(ds.Answered), strconv.Itoa(ds.Correct), percent(ds.Correct, ds.Answered)})
	}
	return Reply{Private: true, Text: strings.Join(lines, "\n"), Table: t}, nil
}

// b2i is 1 for true, 0 for false.
func b2i(v bool) int {
	if v {
		return 1
	}
	return 0
}
