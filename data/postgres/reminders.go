package postgres

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/data/internal/sqlq"
)

var _ bot.Reminders = (*DB)(nil)

// SetMemberZone implements bot.Reminders (sqlq.SetMemberZone).
func (db *DB) SetMemberZone(ctx context.Context, g bot.GroupRef, userID, zone string) error {
	gid, err := db.groupID(ctx, db.pool, g)
	if err != nil {
		return err
	}
	return sqlq.SetMemberZone(ctx, db.conn(), gid, userID, zone)
}

// SetReminder implements bot.Reminders (sqlq.SetReminder).
func (db *DB) SetReminder(ctx context.Context, r bot.Reminder) error {
	gid, err := db.groupID(ctx, db.pool, r.Group)
	if err != nil {
		return err
	}
	return sqlq.SetReminder(ctx, db.conn(), gid, r)
}

// ClaimDueReminders implements bot.Reminders (sqlq.ClaimDueReminders): in one transaction whose read
// skips the rows another replica is claiming (FOR UPDATE SKIP LOCKED), so replicas share them.
func (db *DB) ClaimDueReminders(ctx context.Context, now, until time.Time, max int) (out []bot.Reminder, err error) {
	err = db.tx(ctx, func(tx pgx.Tx) error {
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
	return sqlq.AdvanceReminder(ctx, db.conn(), gid, userID, from, next)
}

// QueueReminder implements bot.Reminders (sqlq.QueueReminder). The queue's lock (see lockChannel) keeps
// its outbox rows numbered in commit order, as a channel's.
func (db *DB) QueueReminder(ctx context.Context, g bot.GroupRef, userID, day string, now, deliverBy time.Time) (queued bool, err error) {
	err = db.tx(ctx, func(tx pgx.Tx) error {
		cid, err := db.lockChannel(ctx, tx, bot.DMChannel(g, userID))
		if err != nil {
			return err
		}
		queued, err = sqlq.QueueReminder(ctx, conn{tx}, cid, day, now, deliverBy)
		return err
	})
	return queued, err
}

// BlockReminders implements bot.Reminders (sqlq.BlockReminders).
func (db *DB) BlockReminders(ctx context.Context, g bot.GroupRef, userID string, at time.Time) (bool, error) {
	gid, err := db.lookupGroup(ctx, g)
	if err != nil || gid == 0 {
		return false, err
	}
	return sqlq.BlockReminders(ctx, db.conn(), gid, userID, at)
}
