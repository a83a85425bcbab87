package bot

import (
	"context"
	"time"
)

// Boards keeps the running totals leaderboards rank (the core ranks them, see board.go) and counts
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

// PackBoardPrefix starts the domain key of a pack's own board: its score rows total every answer to the
// pack's questions, as AllDomains rows total the group's.
const PackBoardPrefix = "pack:"

// PackBoard is the domain key of pack name's board.
func PackBoard(name string) string { return PackBoardPrefix + name }
