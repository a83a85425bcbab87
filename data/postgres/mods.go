package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/data/internal/encode"
	"github.com/studybot/studybot/data/internal/sqlq"
)

// AddMod implements bot.Moderators.
func (db *DB) AddMod(ctx context.Context, g bot.GroupRef, m bot.Mod) error {
	gid, err := db.groupID(ctx, db.pool, g)
	if err != nil {
		return err
	}
	return sqlq.AddMod(ctx, db.conn(), gid, m)
}

// RemoveMod implements bot.Moderators.
func (db *DB) RemoveMod(ctx context.Context, g bot.GroupRef, m bot.Mod) (bool, error) {
	return sqlq.RemoveMod(ctx, db.conn(), g, m)
}

// CreateConfirmation implements bot.Confirmations (sqlq.CreateConfirmation). Confirmations live in the
// database, so the confirm button works whichever replica its click reaches.
func (db *DB) CreateConfirmation(ctx context.Context, c bot.Confirmation) error {
	gid, err := db.groupID(ctx, db.pool, c.Group)
	if err != nil {
		return err
	}
	return sqlq.CreateConfirmation(ctx, db.conn(), gid, c)
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
