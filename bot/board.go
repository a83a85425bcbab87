package bot

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Boards keeps the running totals leaderboards rank (the core ranks them, see leaderboard.go) and counts
// members' answers.
type Boards interface {
	// BucketScores returns the totals of every member with answers in a bucket, in any order (none for a
	// group it does not know).
	BucketScores(ctx context.Context, b Bucket) ([]Score, error)
	// MemberScore returns one member's totals in a bucket as they are now; ok is false when the member has
	// no answers in it.
	MemberScore(ctx context.Context, b Bucket, userID string) (s Score, ok bool, err error)
	// MemberStats returns a member's answers, daily and practice, overall and per domain.
	MemberStats(ctx context.Context, g GroupRef, userID string) (Stats, error)
	// ResetScores sets the points of the group's answers since the given time to zero, and returns how
	// many answers it changed.
	ResetScores(ctx context.Context, g GroupRef, since time.Time) (int64, error)
}

var periodTitles = map[Period]string{PeriodWeek: "This week", PeriodMonth: "This month", PeriodAll: "All time"}

func (b *Bot) cmdLeaderboard(ctx context.Context, cmd Command, in Input) (Reply, error) {
	period := PeriodWeek
	if p := in.Get("period"); p != "" {
		period = Period(p)
	}
	domain := in.Get("domain")
	public := in.Has("public")
	q := LeaderboardQuery{Group: cmd.Channel.Group(), Period: period, At: b.clock.Now(), Domain: domain, Limit: 10}
	if !public {
		q.UserID = cmd.User.ID
	}
	lb, err := b.leaderboard(ctx, q)
	if err != nil {
		return Reply{}, fmt.Errorf("leaderboard: %w", err)
	}
	title := periodTitles[period]
	if domain != "" {
		title += " · " + b.domainName(domain)
	}
	t := &Table{Title: "Leaderboard · " + title, Columns: []string{"#", "Member", "Points", "Correct"}}
	for _, r := range lb.Top {
		t.Rows = append(t.Rows, []string{strconv.Itoa(r.Rank), r.Name, strconv.Itoa(r.Points), fmt.Sprintf("%d/%d", r.Correct, r.Answered)})
	}
	switch {
	case len(lb.Top) == 0:
		t.Footer = "No answers yet in this period. Answer the daily question to get on the board."
	case public:
		t.Footer = "Your own rank: /study leaderboard " + string(period)
	case lb.Me == nil:
		t.Footer = "You have no answers in this period yet."
	default:
		t.Footer = fmt.Sprintf("Your rank: #%d with %d points.", lb.Me.Rank, lb.Me.Points)
	}
	r := Reply{Private: !public, Table: t}
	if public && cmd.PostProblem != "" {
		// The board goes out as the command's public answer, which Discord shows even where the bot may
		// not post on its own; say so, since the daily questions would not appear here.
		r.Text = "Note: " + cmd.PostProblem
	}
	return r, nil
}

func (b *Bot) cmdStats(ctx context.Context, cmd Command, in Input) (Reply, error) {
	g := cmd.Channel.Group()
	userID, name, err := b.subject(ctx, cmd, in)
	if err != nil {
		return Reply{}, err
	}
	st, err := b.boards.MemberStats(ctx, g, userID)
	if err != nil {
		return Reply{}, fmt.Errorf("stats: %w", err)
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
	lines = append(lines, fmt.Sprintf("Practice: %d answered, %d correct (%s), with reviews and mock exams", st.Practiced, st.PracticeCorrect, percent(st.PracticeCorrect, st.Practiced)))
	lines = append(lines, fmt.Sprintf("Streak in this channel: %d", streak))
	if lb.Me != nil {
		lines = append(lines, fmt.Sprintf("All-time rank: #%d", lb.Me.Rank))
	} else {
		lines = append(lines, "All-time rank: not ranked yet")
	}
	t := &Table{Title: "By domain (daily and practice)", Columns: []string{"Domain", "Answered", "Correct", "Accuracy"}}
	byDomain := map[string]DomainStats{}
	for _, d := range st.Domains {
		byDomain[d.Domain] = d
	}
	for _, d := range b.pack.Domains {
		ds := byDomain[d.ID]
		t.Rows = append(t.Rows, []string{d.Name, strconv.Itoa(ds.Answered), strconv.Itoa(ds.Correct), percent(ds.Correct, ds.Answered)})
	}
	return Reply{Private: true, Text: strings.Join(lines, "\n"), Table: t}, nil
}

func percent(n, of int) string {
	if of == 0 {
		return "-"
	}
	return fmt.Sprintf("%d%%", share(n, of))
}

// count writes a number with the singular or plural noun ("1 answer", "3 answers").
func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}
