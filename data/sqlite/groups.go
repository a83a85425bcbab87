package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/data/internal/sqlq"
)

// groupID returns the row id of a group, creating it in tx (or in its own transaction when tx is nil).
func (db *DB) groupID(ctx context.Context, tx *sql.Tx, g bot.GroupRef) (int64, error) {
	if id, ok := db.ids.Group(g); ok {
		return id, nil
	}
	var id int64
	create := func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO groups (platform, ext_id) VALUES (?, ?) ON CONFLICT DO NOTHING`,
			g.Platform, g.GroupID); err != nil {
			return fmt.Errorf("create group: %w", err)
		}
		var err error
		id, err = sqlq.FindGroup(ctx, conn{tx}, g)
		return err
	}
	var err error
	if tx != nil {
		err = create(tx)
	} else {
		err = db.write(ctx, create)
	}
	if err != nil {
		return 0, err
	}
	if tx == nil {
		db.ids.SetGroup(g, id)
	}
	return id, nil
}

// lookupGroup returns a group's id without creating it; 0 when it does not exist.
func (db *DB) lookupGroup(ctx context.Context, g bot.GroupRef) (int64, error) {
	return db.ids.LookupGroup(ctx, db.reader(), g)
}

// TouchMember implements bot.Members.
func (db *DB) TouchMember(ctx context.Context, g bot.GroupRef, userID, name string) error {
	gid, err := db.lookupGroup(ctx, g)
	if err != nil {
		return err
	}
	if gid != 0 {
		var cur string
		err := db.r.QueryRowContext(ctx, `SELECT name FROM members WHERE group_id = ? AND user_id = ?`, gid, userID).Scan(&cur)
		if err == nil && cur == name {
			return nil // the common case: nothing to write
		}
	}
	return db.write(ctx, func(tx *sql.Tx) error {
		gid, err := db.groupID(ctx, tx, g)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO members (group_id, user_id, name) VALUES (?, ?, ?)
			ON CONFLICT (group_id, user_id) DO UPDATE SET name = excluded.name`, gid, userID, name)
		return err
	})
}

// zoneOf returns the time zone of a group, for its leaderboard periods.
func (db *DB) zoneOf(ctx context.Context, gid int64) (*time.Location, error) {
	db.mu.RLock()
	loc := db.gzones[gid]
	db.mu.RUnlock()
	if loc != nil {
		return loc, nil
	}
	tz, err := sqlq.ZoneByID(ctx, db.reader(), gid)
	if err != nil {
		return nil, err
	}
	loc = bot.ZoneOrUTC(tz)
	db.mu.Lock()
	db.gzones[gid] = loc
	db.mu.Unlock()
	return loc, nil
}
