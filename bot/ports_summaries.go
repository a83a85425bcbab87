package bot

import (
	"context"
	"time"
)

// Summaries totals a group's daily answers over a span of time, for the weekly recap and the web page.
// Practice answers are not in them: like the leaderboard, they count daily questions only.
type Summaries interface {
	// MemberTotals returns every member who answered a daily question in [from, to), with their recorded
	// name, points, answers and correct answers. A zero from means since the first answer.
	MemberTotals(ctx context.Context, g GroupRef, from, to time.Time) ([]MemberTotal, error)
	// QuestionTotals returns, per question, how many answered it in [from, to) and how many were right.
	QuestionTotals(ctx context.Context, g GroupRef, from, to time.Time) ([]QuestionTotal, error)
	// DomainTotals returns, per domain, the answers in [from, to) and how many were right.
	DomainTotals(ctx context.Context, g GroupRef, from, to time.Time) ([]DomainStats, error)
}
