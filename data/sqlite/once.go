package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/data/internal/encode"
)

var _ bot.Onces = (*DB)(nil)

// FirstTime implements bot.Onces: the primary key, not a read before the write, decides. An expired key
// is taken over as new.
func (db *DB) FirstTime(ctx context.Context, key string, now, expires time.Time) (bool, error) {
	var first bool
	err := db.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO once_keys (key, expires_at) VALUES (?1, ?2)
			ON CONFLICT (key) DO UPDATE SET expires_at = excluded.expires_at WHERE once_keys.expires_at <= ?3`,
			key, encode.MS(expires), encode.MS(now))
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		first = n == 1
		if err != nil {
			return err
		}
		// Forget a few expired keys on the way, so the table stays small without a sweeper.
		_, err = tx.ExecContext(ctx, `DELETE FROM once_keys WHERE key IN (SELECT key FROM once_keys WHERE expires_at <= ? LIMIT 16)`, encode.MS(now))
		return err
	})
	if err != nil {
		return false, fmt.Errorf("once %s: %w", key, err)
	}
	return first, nil
}
