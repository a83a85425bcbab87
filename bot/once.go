package bot

import (
	"context"
	"fmt"
	"time"
)

// Onces remembers keys for a while, in the database, so that a platform's retry of something already
// handled is recognised whichever process it reaches (Slack retries an event it thinks was lost).
type Onces interface {
	// FirstTime records key until expires and reports whether it is new: false when it was recorded
	// before and has not expired. Keys that expired are forgotten.
	FirstTime(ctx context.Context, key string, now, expires time.Time) (bool, error)
}

// FirstTime reports whether key is seen for the first time in ttl, in any process on this database.
func (b *Bot) FirstTime(ctx context.Context, key string, ttl time.Duration) (bool, error) {
	now := b.clock.Now()
	first, err := b.onces.FirstTime(ctx, key, now, now.Add(ttl))
	if err != nil {
		return true, fmt.Errorf("first time %s: %w", key, err)
	}
	return first, nil
}
