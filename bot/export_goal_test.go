package bot

import (
	"context"
	"time"
)

// GoalLines lets the external tests read what a reminder would say about a member's exam date (goalLines,
// which /study remind takes up).
func (b *Bot) GoalLines(ctx context.Context, g GroupRef, userID string, now time.Time) ([]string, error) {
	return b.goalLines(ctx, g, b.defaultPack, userID, now)
}
