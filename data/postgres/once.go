package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/data/internal/encode"
)

var _ bot.Onces = (*DB)(nil)

// FirstTime implements bot.Onces: the primary key, not a read before the write, decides which replica
// sees a key first.
func (db *DB) FirstTime(ctx context.Context, key string, now, expires time.Time) (bool, error) {
	tag, err := db.pool.Exec(ctx, `INSERT INTO once_keys (key, expires_at) VALUES ($1, $2)
		ON CONFLICT (key) DO UPDATE SET expires_at = excluded.expires_at WHERE once_keys.expires_at <= $3`,
		key, encode.MS(expires), encode.MS(now))
	if err != nil {
		return false, fmt.Errorf("once %s: %w", key, err)
	}
	// Forget a few expired keys on the way, so the table stays small without a sweeper.
	if _, err := db.pool.Exec(ctx, `DELETE FROM once_keys WHERE key IN (SELECT key FROM once_keys WHERE expires_at <= $1 LIMIT 16)`, encode.MS(now)); err != nil {
		return false, fmt.Errorf("once %s: %w", key, err)
	}
	return tag.RowsAffected() == 1, nil
}
