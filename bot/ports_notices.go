package bot

import (
	"context"
	"time"
)

// Notices keeps what the group's moderators must be told (a question suspended by the rules) until the
// next moderator comes by; Items.Suspend queues one in the same transaction as the suspension.
type Notices interface {
	// PendingNotices reports whether the group has notices its moderators were not told yet.
	PendingNotices(ctx context.Context, g GroupRef) (bool, error)
	// TakeNotices returns the group's pending notices, oldest first, and marks them told.
	TakeNotices(ctx context.Context, g GroupRef, at time.Time) ([]string, error)
}
