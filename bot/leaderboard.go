package bot

import (
	"cmp"
	"context"
	"fmt"
	"strconv"
)

var periodTitles = map[Period]string{PeriodWeek: "This week", PeriodMonth: "This month", PeriodAll: "All time"}

// cmdLeaderboard shows the top of a period's board, for the channel's pack or one of its domains, and the
// caller's rank. Each pack has its own board: a group studying two packs in two channels has two.
func (b *Bot) cmdLeaderboard(ctx context.Context, cmd Command, in Input) (Reply, error) {
	period := PeriodWeek
	if p := in.Get("period"); p != "" {
		period = Period(p)
	}
	domain := in.Get("domain")
	public := in.Has("public")
	bucket := domain
	if bucket == "" {
		bucket = PackBoard(in.pack.ID)
	}
	q := LeaderboardQuery{Group: cmd.Channel.Group(), Period: period, At: b.clock.Now(), Domain: bucket, Limit: boardTop}
	if !public {
		q.UserID = cmd.User.ID
	}
	lb, err := b.leaderboard(ctx, q)
	if err != nil {
		return Reply{}, fmt.Errorf("leaderboard: %w", err)
	}
	title := periodTitles[period]
	if in.pack.ID != b.defaultPack.ID {
		title += " · " + in.pack.Title
	}
	if domain != "" {
		title += " · " + domainName(in.pack, domain)
	}
	t := &Table{Title: "Leaderboard · " + title, Columns: []string{"#", "Member", "Points", "Correct"}}
	for _, r := range lb.Top {
		t.Rows = append(t.Rows, []string{strconv.Itoa(r.Rank), cmp.Or(r.Name, r.UserID), strconv.Itoa(r.Points), fmt.Sprintf("%d/%d", r.Correct, r.Answered)})
	}
	switch {
	case len(lb.Top) == 0:
		t.Footer = "No answers yet in this period. Answer the daily question to get on the board."
	case public:
		t.Footer = "Your own rank: /study leaderboard " + string(period)
	case lb.Me == nil:
		t.Footer = "You have no answers in this period yet."
	default:
		t.Footer = fmt.Sprintf("Your rank: #%d with %s.", lb.Me.Rank, count(lb.Me.Points, "point", "points"))
	}
	r := Reply{Private: !public, Table: t}
	if public && cmd.PostProblem != "" {
		// The board goes out as the command's public answer, which Discord shows even where the bot may
		// not post on its own; say so, since the daily questions would not appear here.
		r.Text = "Note: " + cmd.PostProblem
	}
	return r, nil
}
