package sqlite

import (
	"context"
	"database/sql"
	"time"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/data/internal/sqlq"
)

var _ bot.Goals = (*DB)(nil)

// SetGoal implements bot.Goals (sqlq.SetGoal); MemberGoal comes from sqlq.Reads.
func (db *DB) SetGoal(ctx context.Context, g bot.GroupRef, userID string, date, at time.Time) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		gid, err := db.groupID(ctx, tx, g)
		if err != nil {
			return err
		}
		return sqlq.SetGoal(ctx, conn{tx}, gid, userID, date, at)
	})
}

// ClearGoal implements bot.Goals (sqlq.ClearGoal).
func (db *DB) ClearGoal(ctx context.Context, g bot.GroupRef, userID string) (cleared bool, err error) {
	gid, err := db.lookupGroup(ctx, g)
	if err != nil || gid == 0 {
		return false, err
	}
	err = db.write(ctx, func(tx *sql.Tx) error {
		cleared, err = sqlq.ClearGoal(ctx, conn{tx}, gid, userID)
		return err
	})
	return cleared, err
}
