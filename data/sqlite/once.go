package sqlite

import (
	"context"
	"database/sql"
	"time"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/data/internal/sqlq"
)

var _ bot.Onces = (*DB)(nil)

// FirstTime implements bot.Onces (sqlq.FirstTime).
func (db *DB) FirstTime(ctx context.Context, key string, now, expires time.Time) (first bool, err error) {
	err = db.write(ctx, func(tx *sql.Tx) error {
		first, err = sqlq.FirstTime(ctx, conn{tx}, key, now, expires)
		return err
	})
	return first, err
}
