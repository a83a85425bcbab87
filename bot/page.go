package bot

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"
)

// WebTokenHash is the SHA-256 of a web page token, in hex: all that is stored of it.
type WebTokenHash string

// HashWebToken returns the hash a token is stored and looked up by. The token has 128 random bits, so
// one unsalted SHA-256 is enough: there is nothing to guess that a slower hash would protect.
func HashWebToken(token string) WebTokenHash {
	sum := sha256.Sum256([]byte(token))
	return WebTokenHash(hex.EncodeToString(sum[:]))
}

// WebPath is where a group's page is served, under STUDYBOT_PUBLIC_URL: /g/{token}.
const WebPath = "/g/"

// Page is what a group's web page shows: names only, never member ids.
type Page struct {
	Now  time.Time
	Zone string
	// Boards are the leaderboards: this week, this month and all time, overall and then per domain.
	Boards []PageBoard
	// Weeks is participation over the last PageWeeks weeks, oldest first.
	Weeks []PageWeek
	// Domains and Accuracy compare this week's share right per domain with all time.
	Domains  []DomainAccuracy
	Accuracy Chart
	// Hardest are the month's questions with the lowest share right.
	Hardest []HardQuestion
}

// PageBoard is one leaderboard on the page.
type PageBoard struct {
	Period Period
	Title  string // "This week"
	Domain string // the domain's name; empty for all domains
	Rows   []PageRow
}

// PageRow is one member's line on a board, by name.
type PageRow struct {
	Rank     int
	Name     string
	Points   int
	Correct  int
	Answered int
}

// PageWeek is one week's participation.
type PageWeek struct {
	Start   time.Time
	Members int
	Answers int
}

// Page sizes.
const (
	PageWeeks     = 12
	PageBoardSize = boardTop
	PageHardest   = 5
)

// WebGroup returns the group whose page token this is; ENOTFOUND for a token no group has.
func (b *Bot) WebGroup(ctx context.Context, token string) (GroupRef, error) {
	g, ok, err := b.webTokens.WebGroup(ctx, HashWebToken(token))
	if err != nil {
		return g, fmt.Errorf("web group: %w", err)
	}
	if !ok {
		return g, Errorf(ENOTFOUND, "no such page")
	}
	return g, nil
}

// WebAccuracy is the page's chart alone (the image the page links to): this week's share right per domain
// against all time, for group g (found by WebGroup).
func (b *Bot) WebAccuracy(ctx context.Context, g GroupRef) (Chart, error) {
	week := PeriodStart(PeriodWeek, b.clock.Now(), b.groupZone(ctx, g))
	gp, err := b.groupPack(ctx, g)
	if err != nil {
		return Chart{}, err
	}
	domains, err := b.domainAccuracy(ctx, g, gp, week, week.AddDate(0, 0, 7))
	if err != nil {
		return Chart{}, err
	}
	return AccuracyChart(domains, "accuracy.png"), nil
}

// WebPage builds the page of group g (found by WebGroup).
func (b *Bot) WebPage(ctx context.Context, g GroupRef) (Page, error) {
	var err error
	now := b.clock.Now()
	loc := b.groupZone(ctx, g)
	p := Page{Now: now, Zone: loc.String()}
	gp, err := b.groupPack(ctx, g) // the group's domains, of every pack its channels use
	if err != nil {
		return Page{}, err
	}
	domains := append([]string{""}, gp.DomainIDs()...)
	for _, d := range domains {
		for _, period := range []Period{PeriodWeek, PeriodMonth, PeriodAll} {
			lb, err := b.leaderboard(ctx, LeaderboardQuery{Group: g, Period: period, At: now, Domain: d, Limit: PageBoardSize})
			if err != nil {
				return Page{}, fmt.Errorf("page leaderboard: %w", err)
			}
			pb := PageBoard{Period: period, Title: periodTitles[period]}
			if d != "" {
				pb.Domain = domainName(gp, d)
			}
			for _, r := range lb.Top {
				pb.Rows = append(pb.Rows, PageRow{Rank: r.Rank, Name: displayName(r), Points: r.Points, Correct: r.Correct, Answered: r.Answered})
			}
			p.Boards = append(p.Boards, pb)
		}
	}
	week := PeriodStart(PeriodWeek, now, loc)
	for i := PageWeeks - 1; i >= 0; i-- {
		from := time.Date(week.Year(), week.Month(), week.Day()-7*i, 0, 0, 0, 0, loc)
		to := time.Date(from.Year(), from.Month(), from.Day()+7, 0, 0, 0, 0, loc)
		ms, err := b.summaries.MemberTotals(ctx, g, from, to)
		if err != nil {
			return Page{}, fmt.Errorf("page participation: %w", err)
		}
		w := PageWeek{Start: from, Members: len(ms)}
		for _, m := range ms {
			w.Answers += m.Answered
		}
		p.Weeks = append(p.Weeks, w)
	}
	if p.Domains, err = b.domainAccuracy(ctx, g, gp, week, week.AddDate(0, 0, 7)); err != nil {
		return Page{}, err
	}
	p.Accuracy = AccuracyChart(p.Domains, "accuracy.png")
	month := PeriodStart(PeriodMonth, now, loc)
	qs, err := b.summaries.QuestionTotals(ctx, g, month, now.Add(time.Nanosecond))
	if err != nil {
		return Page{}, fmt.Errorf("page questions: %w", err)
	}
	p.Hardest = hardest(gp, qs, PageHardest)
	return p, nil
}

// displayName is how the page names a member: the recorded name, never the platform's user id. A name
// may be the same word as the id (the console's members are their names): it is still a name.
func displayName(r Rank) string {
	if r.Name == "" {
		return "(no name)"
	}
	return r.Name
}
