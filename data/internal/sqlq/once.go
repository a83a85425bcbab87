package sqlq

import (
	"context"
	"fmt"
	"time"

	"github.com/studybot/studybot/data/internal/encode"
)

var (
	takeOnce = New(`INSERT INTO once_keys (key, expires_at) VALUES (?1, ?2)
			ON CONFLICT (key) DO UPDATE SET expires_at = excluded.expires_at WHERE once_keys.expires_at <= ?3`)
	forgetOnces = New(`DELETE FROM once_keys WHERE key IN (SELECT key FROM once_keys WHERE expires_at <= ? LIMIT 16)`)
)

// FirstTime implements bot.Onces.FirstTime: the primary key, not a read before the write, decides who
// sees a key first. An expired key is taken over as new.
func FirstTime(ctx context.Context, q Querier, key string, now, expires time.Time) (bool, error) {
	n, err := q.Exec(ctx, takeOnce, key, encode.MS(expires), encode.MS(now))
	if err != nil {
		return false, fmt.Errorf("once %s: %w", key, err)
	}
	// Forget a few expired keys on the way, so the table stays small without a sweeper.
	if _, err := q.Exec(ctx, forgetOnces, encode.MS(now)); err != nil {
		return false, fmt.Errorf("once %s: %w", key, err)
	}
	return n == 1, nil
}
