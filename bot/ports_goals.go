package bot

import (
	"context"
	"time"
)

// Goals keeps each member's exam date, per group (/study goal). A date is a calendar day: a time.Time at
// midnight UTC whose year, month and day are the date.
type Goals interface {
	// SetGoal stores the member's exam date in the group, replacing the one they had; at is when.
	SetGoal(ctx context.Context, g GroupRef, userID string, date, at time.Time) error
	// MemberGoal returns the member's exam date in the group; ok is false when they have none.
	MemberGoal(ctx context.Context, g GroupRef, userID string) (date time.Time, ok bool, err error)
	// ClearGoal removes the member's exam date and reports whether they had one.
	ClearGoal(ctx context.Context, g GroupRef, userID string) (bool, error)
}
