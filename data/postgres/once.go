package postgres

import (
	"context"
	"time"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/data/internal/sqlq"
)

var _ bot.Onces = (*DB)(nil)

// FirstTime implements bot.Onces (sqlq.FirstTime): the primary key decides which replica sees a key
// first.
func (db *DB) FirstTime(ctx context.Context, key string, now, expires time.Time) (bool, error) {
	return sqlq.FirstTime(ctx, db.conn(), key, now, expires)
}
