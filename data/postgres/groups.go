package postgres

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/jackc/pgx/v5"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/data/internal/sqlq"
)

// groupID returns the row id of a group, creating it if needed (in q, a transaction or the pool). A group
// row is never deleted, so its id is remembered once it is committed.
func (db *DB) groupID(ctx context.Context, q querier, g bot.GroupRef) (int64, error) {
	if id, ok := db.ids.Group(g); ok {
		return id, nil
	}
	var id int64
	const find = `WITH ins AS (INSERT INTO groups (platform, ext_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING id)
		SELECT id FROM ins UNION ALL SELECT id FROM groups WHERE platform = $1 AND ext_id = $2 LIMIT 1`
	if q != querier(db.pool) { // in a transaction: its own statement, and nothing cached until it commits
		id, err := insertOrFind[int64](ctx, q, find, g.Platform, g.GroupID)
		if err != nil {
			return 0, fmt.Errorf("create group: %w", err)
		}
		return id, nil
	}
	id, err := shared(ctx, &db.loads, "group:"+g.Platform+"\x00"+g.GroupID, func(ctx context.Context) (int64, error) {
		id, err := insertOrFind[int64](ctx, db.pool, find, g.Platform, g.GroupID)
		if err == nil {
			db.ids.SetGroup(g, id)
		}
		return id, err
	})
	if err != nil {
		return 0, fmt.Errorf("create group: %w", err)
	}
	return id, nil
}

// insertOrFind runs a statement that inserts a row unless it exists and returns its key (an id, a token)
// either way. When another transaction inserted the row after the statement's snapshot was taken, the
// statement neither inserts nor sees it; the second run does.
func insertOrFind[T any](ctx context.Context, q querier, sql string, args ...any) (T, error) {
	var v T
	err := q.QueryRow(ctx, sql, args...).Scan(&v)
	if errors.Is(err, pgx.ErrNoRows) {
		err = q.QueryRow(ctx, sql, args...).Scan(&v)
	}
	return v, err
}

// lookupGroup returns a group's id without creating it; 0 when it does not exist.
func (db *DB) lookupGroup(ctx context.Context, g bot.GroupRef) (int64, error) {
	return db.ids.LookupGroup(ctx, db.conn(), g)
}

// TouchMember implements bot.Members. It writes only when the name is new or changed.
func (db *DB) TouchMember(ctx context.Context, g bot.GroupRef, userID, name string) error {
	gid, err := db.groupID(ctx, db.pool, g)
	if err != nil {
		return err
	}
	_, err = db.pool.Exec(ctx, `INSERT INTO members (group_id, user_id, name)
		SELECT $1, $2, $3 WHERE NOT EXISTS (SELECT 1 FROM members WHERE group_id = $1 AND user_id = $2 AND name = $3)
		ON CONFLICT (group_id, user_id) DO UPDATE SET name = excluded.name`, gid, userID, name)
	if err != nil {
		return fmt.Errorf("touch member: %w", err)
	}
	return nil
}

// zoneHint returns the zone last seen for a group, to compute an answer's buckets with before its
// statement confirms it (see RecordAnswer); it reads it when none was seen.
func (db *DB) zoneHint(ctx context.Context, gid int64) (string, error) {
	db.mu.RLock()
	tz, ok := db.gzones[gid]
	db.mu.RUnlock()
	if ok {
		return tz, nil
	}
	return shared(ctx, &db.loads, "zone:"+strconv.FormatInt(gid, 10), func(ctx context.Context) (string, error) {
		tz, err := sqlq.ZoneByID(ctx, db.conn(), gid)
		if err == nil {
			db.setZoneHint(gid, tz)
		}
		return tz, err
	})
}

func (db *DB) setZoneHint(gid int64, tz string) {
	db.mu.Lock()
	db.gzones[gid] = tz
	db.mu.Unlock()
}
