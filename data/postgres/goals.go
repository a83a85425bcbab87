package postgres

import (
	"context"
	"time"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/data/internal/sqlq"
)

// SetGoal implements bot.Goals (sqlq.SetGoal); MemberGoal comes from sqlq.Reads.
func (db *DB) SetGoal(ctx context.Context, g bot.GroupRef, userID string, date, at time.Time) error {
	gid, err := db.groupID(ctx, db.pool, g)
	if err != nil {
		return err
	}
	return sqlq.SetGoal(ctx, db.conn(), gid, userID, date, at)
}

// ClearGoal implements bot.Goals (sqlq.ClearGoal).
func (db *DB) ClearGoal(ctx context.Context, g bot.GroupRef, userID string) (bool, error) {
	gid, err := db.lookupGroup(ctx, g)
	if err != nil || gid == 0 {
		return false, err
	}
	return sqlq.ClearGoal(ctx, db.conn(), gid, userID)
}
