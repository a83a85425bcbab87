package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/data/internal/encode"
)

// AddMod implements bot.Moderators.
func (db *DB) AddMod(ctx context.Context, g bot.GroupRef, m bot.Mod) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		gid, err := db.groupID(ctx, tx, g)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO mods (group_id, kind, subject) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`, gid, m.Kind, m.ID)
		return err
	})
}

// RemoveMod implements bot.Moderators.
func (db *DB) RemoveMod(ctx context.Context, g bot.GroupRef, m bot.Mod) (bool, error) {
	var removed bool
	err := db.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM mods WHERE kind = ? AND subject = ?
			AND group_id = (SELECT id FROM groups WHERE platform = ? AND ext_id = ?)`, m.Kind, m.ID, g.Platform, g.GroupID)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		removed = n > 0
		return err
	})
	return removed, err
}

// Mods implements bot.Moderators.
func (db *DB) Mods(ctx context.Context, g bot.GroupRef) ([]bot.Mod, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT m.kind, m.subject FROM mods m JOIN groups g ON g.id = m.group_id
		WHERE g.platform = ? AND g.ext_id = ? ORDER BY m.kind, m.subject`, g.Platform, g.GroupID)
	if err != nil {
		return nil, fmt.Errorf("mods: %w", err)
	}
	defer rows.Close()
	var out []bot.Mod
	for rows.Next() {
		var m bot.Mod
		if err := rows.Scan(&m.Kind, &m.ID); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// CreateConfirmation implements bot.Confirmations.
func (db *DB) CreateConfirmation(ctx context.Context, c bot.Confirmation) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		gid, err := db.groupID(ctx, tx, c.Group)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO confirmations (id, group_id, user_id, action, expires_at) VALUES (?, ?, ?, ?, ?)`,
			c.ID, gid, c.UserID, c.Action, encode.MS(c.ExpiresAt))
		return err
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
