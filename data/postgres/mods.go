package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/data/internal/encode"
)

// AddMod implements bot.Moderators.
func (db *DB) AddMod(ctx context.Context, g bot.GroupRef, m bot.Mod) error {
	gid, err := db.groupID(ctx, db.pool, g)
	if err != nil {
		return err
	}
	if _, err := db.pool.Exec(ctx, `INSERT INTO mods (group_id, kind, subject) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, gid, m.Kind, m.ID); err != nil {
		return fmt.Errorf("add mod: %w", err)
	}
	return nil
}

// RemoveMod implements bot.Moderators.
func (db *DB) RemoveMod(ctx context.Context, g bot.GroupRef, m bot.Mod) (bool, error) {
	tag, err := db.pool.Exec(ctx, `DELETE FROM mods WHERE kind = $1 AND subject = $2
		AND group_id = (SELECT id FROM groups WHERE platform = $3 AND ext_id = $4)`, m.Kind, m.ID, g.Platform, g.GroupID)
	if err != nil {
		return false, fmt.Errorf("remove mod: %w", err)
	}
	return tag.RowsAffected() > 0, nil
}

// Mods implements bot.Moderators.
func (db *DB) Mods(ctx context.Context, g bot.GroupRef) ([]bot.Mod, error) {
	rows, err := db.pool.Query(ctx, `SELECT m.kind, m.subject FROM mods m JOIN groups g ON g.id = m.group_id
		WHERE g.platform = $1 AND g.ext_id = $2 ORDER BY m.kind, m.subject`, g.Platform, g.GroupID)
	if err != nil {
		return nil, fmt.Errorf("mods: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (bot.Mod, error) {
		var m bot.Mod
		err := r.Scan(&m.Kind, &m.ID)
		return m, err
	})
	if err != nil {
		return nil, fmt.Errorf("mods: %w", err)
	}
	return out, nil
}

// CreateConfirmation implements bot.Confirmations. Confirmations live in the database, so the confirm
// button works whichever replica its click reaches.
func (db *DB) CreateConfirmation(ctx context.Context, c bot.Confirmation) error {
	gid, err := db.groupID(ctx, db.pool, c.Group)
	if err != nil {
		return err
	}
	_, err = db.pool.Exec(ctx, `INSERT INTO confirmations (id, group_id, user_id, action, expires_at) VALUES ($1, $2, $3, $4, $5)`,
		c.ID, gid, c.UserID, c.Action, encode.MS(c.ExpiresAt))
	if isUnique(err) {
		return bot.Errorf(bot.ECONFLICT, "confirmation %s exists", c.ID)
	}
	if err != nil {
		return fmt.Errorf("create confirmation: %w", err)
	}
	return nil
}

// TakeConfirmation implements bot.Confirmations. The DELETE … RETURNING decides which of two clicks (on
// any replicas) takes it, and deletes only the owner's; expired ones are swept on the way.
func (db *DB) TakeConfirmation(ctx context.Context, id string, g bot.GroupRef, userID string, now time.Time) (bot.Confirmation, error) {
	var c bot.Confirmation
	var exp int64
	var taken bool
	err := db.pool.QueryRow(ctx, `WITH found AS (SELECT c.id, g.platform, g.ext_id, c.user_id, c.action, c.expires_at FROM confirmations c
			JOIN groups g ON g.id = c.group_id WHERE c.id = $1),
		taken AS (DELETE FROM confirmations WHERE id = $1 AND user_id = $3
			AND group_id = (SELECT id FROM groups WHERE platform = $4 AND ext_id = $5) RETURNING id),
		swept AS (DELETE FROM confirmations WHERE expires_at < $2 AND id <> $1)
		SELECT f.id, f.platform, f.ext_id, f.user_id, f.action, f.expires_at, EXISTS (SELECT 1 FROM taken) FROM found f`,
		id, encode.MS(now), userID, g.Platform, g.GroupID).
		Scan(&c.ID, &c.Group.Platform, &c.Group.GroupID, &c.UserID, &c.Action, &exp, &taken)
	if errors.Is(err, pgx.ErrNoRows) {
		return c, bot.Errorf(bot.ENOTFOUND, "no such confirmation")
	}
	if err != nil {
		return c, fmt.Errorf("take confirmation: %w", err)
	}
	c.ExpiresAt = encode.Time(exp)
	switch {
	case !now.Before(c.ExpiresAt):
		return c, bot.Errorf(bot.ENOTFOUND, "confirmation expired")
	case c.Group != g || c.UserID != userID:
		return c, bot.Errorf(bot.EFORBIDDEN, "confirmation of another member")
	case !taken:
		// The owner's other click, on this or another replica, took it first.
		return c, bot.Errorf(bot.ENOTFOUND, "confirmation already taken")
	}
	return c, nil
}
