package sqlite

import (
	"context"
	"database/sql"
	"time"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/data/internal/sqlq"
)

var _ bot.Reminders = (*DB)(nil)

// SetMemberZone implements bot.Reminders (sqlq.SetMemberZone).
func (db *DB) SetMemberZone(ctx context.Context, g bot.GroupRef, userID, zone string) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		gid, err := db.groupID(ctx, tx, g)
		if err != nil {
			return err
		}
		return sqlq.SetMemberZone(ctx, conn{tx}, gid, userID, zone)
	})
}

// SetReminder implements bot.Reminders (sqlq.SetReminder).
func (db *DB) SetReminder(ctx context.Context, r bot.Reminder) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		gid, err := db.groupID(ctx, tx, r.Group)
		if err != nil {
			return err
		}
		return sqlq.SetReminder(ctx, conn{tx}, gid, r)
	})
}

// ClaimDueReminders implements bot.Reminders (sqlq.ClaimDueReminders): the one writer makes processes
// take turns.
func (db *DB) ClaimDueReminders(ctx context.Context, now, until time.Time, max int) (out []bot.Reminder, err error) {
	err = db.write(ctx, func(tx *sql.Tx) error {
		out, err = sqlq.ClaimDueReminders(ctx, conn{tx}, now, until, max)
		return err
	})
	return out, err
}

// AdvanceReminder implements bot.Reminders (sqlq.AdvanceReminder).
func (db *DB) AdvanceReminder(ctx context.Context, g bot.GroupRef, userID string, from, next time.Time) error {
	gid, err := db.lookupGroup(ctx, g)
	if err != nil || gid == 0 {
		return err
	}
	return db.write(ctx, func(tx *sql.Tx) error { return sqlq.AdvanceReminder(ctx, conn{tx}, gid, userID, from, next) })
}

// QueueReminder implements bot.Reminders (sqlq.QueueReminder).
func (db *DB) QueueReminder(ctx context.Context, g bot.GroupRef, userID, day string, now, deliverBy time.Time) (queued bool, err error) {
	err = db.write(ctx, func(tx *sql.Tx) error {
		cid, err := db.channelID(ctx, tx, bot.DMChannel(g, userID))
		if err != nil {
			return err
		}
		queued, err = sqlq.QueueReminder(ctx, conn{tx}, cid, day, now, deliverBy)
		return err
	})
	return queued, err
}

// BlockReminders implements bot.Reminders (sqlq.BlockReminders).
func (db *DB) BlockReminders(ctx context.Context, g bot.GroupRef, userID string, at time.Time) (first bool, err error) {
	gid, err := db.lookupGroup(ctx, g)
	if err != nil || gid == 0 {
		return false, err
	}
	err = db.write(ctx, func(tx *sql.Tx) error {
		first, err = sqlq.BlockReminders(ctx, conn{tx}, gid, userID, at)
		return err
	})
	return first, err
}
