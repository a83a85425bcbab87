package sqlq

import (
	"context"
	"fmt"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/data/internal/encode"
)

var (
	addMod    = New(`INSERT INTO mods (group_id, kind, subject) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`)
	removeMod = New(`DELETE FROM mods WHERE kind = ? AND subject = ?
		AND group_id = (SELECT id FROM groups WHERE platform = ? AND ext_id = ?)`)
	mods = New(`SELECT m.kind, m.subject FROM mods m JOIN groups g ON g.id = m.group_id
		WHERE g.platform = ? AND g.ext_id = ? ORDER BY m.kind, m.subject`)
	createConfirmation = New(`INSERT INTO confirmations (id, group_id, user_id, action, expires_at) VALUES (?, ?, ?, ?, ?)`)
)

// AddMod implements bot.Moderators.AddMod in the group of row id gid.
func AddMod(ctx context.Context, q Querier, gid int64, m bot.Mod) error {
	if _, err := q.Exec(ctx, addMod, gid, m.Kind, m.ID); err != nil {
		return fmt.Errorf("add mod: %w", err)
	}
	return nil
}

// RemoveMod implements bot.Moderators.RemoveMod.
func RemoveMod(ctx context.Context, q Querier, g bot.GroupRef, m bot.Mod) (bool, error) {
	n, err := q.Exec(ctx, removeMod, m.Kind, m.ID, g.Platform, g.GroupID)
	if err != nil {
		return false, fmt.Errorf("remove mod: %w", err)
	}
	return n > 0, nil
}

// Mods implements bot.Moderators.Mods.
func Mods(ctx context.Context, q Querier, g bot.GroupRef) ([]bot.Mod, error) {
	rows, err := q.Query(ctx, mods, g.Platform, g.GroupID)
	out, err := collect(rows, err, func(r Rows) (bot.Mod, error) {
		var m bot.Mod
		err := r.Scan(&m.Kind, &m.ID)
		return m, err
	})
	if err != nil {
		return nil, fmt.Errorf("mods: %w", err)
	}
	return out, nil
}

// CreateConfirmation implements bot.Confirmations.CreateConfirmation in the group of row id gid; an id
// already taken is a conflict.
func CreateConfirmation(ctx context.Context, q Querier, gid int64, c bot.Confirmation) error {
	_, err := q.Exec(ctx, createConfirmation, c.ID, gid, c.UserID, c.Action, encode.MS(c.ExpiresAt))
	if q.Unique(err) {
		return bot.Errorf(bot.ECONFLICT, "confirmation %s exists", c.ID)
	}
	if err != nil {
		return fmt.Errorf("create confirmation: %w", err)
	}
	return nil
}
