package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/data/internal/encode"
	"github.com/studybot/studybot/data/internal/sqlq"
)

// AddMod implements bot.Moderators.
func (db *DB) AddMod(ctx context.Context, g bot.GroupRef, m bot.Mod) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		gid, err := db.groupID(ctx, tx, g)
		if err != nil {
			return err
		}
		return sqlq.AddMod(ctx, conn{tx}, gid, m)
	})
}

// RemoveMod implements bot.Moderators.
func (db *DB) RemoveMod(ctx context.Context, g bot.GroupRef, m bot.Mod) (removed bool, err error) {
	err = db.write(ctx, func(tx *sql.Tx) error {
		removed, err = sqlq.RemoveMod(ctx, conn{tx}, g, m)
		return err
	})
	return removed, err
}

// CreateConfirmation implements bot.Confirmations (sqlq.CreateConfirmation).
func (db *DB) CreateConfirmation(ctx context.Context, c bot.Confirmation) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		gid, err := db.groupID(ctx, tx, c.Group)
		if err != nil {
			return err
		}
		return sqlq.CreateConfirmation(ctx, conn{tx}, gid, c)
	})
}

// TakeConfirmation implements bot.Confirmations.
func (db *DB) TakeConfirmation(ctx context.Context, id string, g bot.GroupRef, userID string, now time.Time) (bot.Confirmation, error) {
	var c bot.Confirmation
	err := db.write(ctx, func(tx *sql.Tx) error {
		var exp int64
		err := tx.QueryRowContext(ctx, `SELECT c.id, g.platform, g.ext_id, c.user_id, c.action, c.expires_at FROM confirmations c
			JOIN groups g ON g.id = c.group_id WHERE c.id = ?`, id).Scan(&c.ID, &c.Group.Platform, &c.Group.GroupID, &c.UserID, &c.Action, &exp)
		if errors.Is(err, sql.ErrNoRows) {
			return bot.Errorf(bot.ENOTFOUND, "no such confirmation")
		}
		if err != nil {
			return err
		}
		c.ExpiresAt = encode.Time(exp)
		if now.Before(c.ExpiresAt) && (c.Group != g || c.UserID != userID) {
			return bot.Errorf(bot.EFORBIDDEN, "confirmation of another member")
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM confirmations WHERE id = ? OR expires_at < ?`, id, encode.MS(now)); err != nil {
			return err
		}
		if !now.Before(c.ExpiresAt) {
			return bot.Errorf(bot.ENOTFOUND, "confirmation expired")
		}
		return nil
	})
	return c, err
}
