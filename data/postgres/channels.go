package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/data/internal/encode"
	"github.com/studybot/studybot/data/internal/sqlq"
)

// channelID returns the row id of a channel, creating it (and its group) in q if needed. A channel row is
// never deleted, so its id is remembered once it is committed.
func (db *DB) channelID(ctx context.Context, q querier, c bot.ChannelRef) (int64, error) {
	if id, ok := db.ids.Channel(c); ok {
		return id, nil
	}
	var id int64
	gid, err := db.groupID(ctx, q, c.Group())
	if err != nil {
		return 0, err
	}
	id, err = insertOrFind[int64](ctx, q, `WITH ins AS (INSERT INTO channels (group_id, ext_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING id)
		SELECT id FROM ins UNION ALL SELECT id FROM channels WHERE group_id = $1 AND ext_id = $2 LIMIT 1`, gid, c.ChannelID)
	if err != nil {
		return 0, fmt.Errorf("create channel: %w", err)
	}
	if q == querier(db.pool) {
		db.ids.SetChannel(c, id)
	}
	return id, nil
}

// lookupChannel returns a channel's id without creating it; 0 when it does not exist.
func (db *DB) lookupChannel(ctx context.Context, c bot.ChannelRef) (int64, error) {
	return db.ids.LookupChannel(ctx, db.conn(), c)
}

// lockChannel creates a channel if needed and locks its row until the transaction ends. Everything that
// changes a channel's posts or queues its messages takes this lock first, so two replicas changing one
// channel take turns, and a channel's outbox rows are numbered in the order they were committed.
func (db *DB) lockChannel(ctx context.Context, tx pgx.Tx, c bot.ChannelRef) (int64, error) {
	cid, err := db.channelID(ctx, tx, c)
	if err != nil {
		return 0, err
	}
	if _, err := tx.Exec(ctx, `SELECT 1 FROM channels WHERE id = $1 FOR UPDATE`, cid); err != nil {
		return 0, fmt.Errorf("lock channel: %w", err)
	}
	return cid, nil
}

// SetSchedule implements bot.Channels (sqlq.SetSchedule).
func (db *DB) SetSchedule(ctx context.Context, ref bot.ChannelRef, s *bot.Schedule) error {
	return db.tx(ctx, func(tx pgx.Tx) error {
		cid, err := db.channelID(ctx, tx, ref)
		if err != nil {
			return err
		}
		return sqlq.SetSchedule(ctx, conn{tx}, cid, ref, s)
	})
}

// SetChannelPack implements bot.Channels.
func (db *DB) SetChannelPack(ctx context.Context, ref bot.ChannelRef, pack string) error {
	cid, err := db.channelID(ctx, db.pool, ref)
	if err != nil {
		return err
	}
	return sqlq.SetChannelPack(ctx, db.conn(), cid, pack)
}

// SetDomains implements bot.Channels.
func (db *DB) SetDomains(ctx context.Context, ref bot.ChannelRef, domains []string) error {
	cid, err := db.channelID(ctx, db.pool, ref)
	if err != nil {
		return err
	}
	return sqlq.SetDomains(ctx, db.conn(), cid, domains)
}

// claimDueSQL claims up to $3 channels due at $1, oldest due first, until $2, and returns them: the
// channels_due index finds them, no other row is read, and rows another replica is claiming are passed
// over rather than waited for.
const claimDueSQL = `WITH due AS (SELECT id FROM channels WHERE next_due <= $1 ORDER BY next_due, id LIMIT $3 FOR UPDATE SKIP LOCKED)
	UPDATE channels c SET next_due = $2 FROM due, groups g WHERE c.id = due.id AND g.id = c.group_id
	RETURNING ` + sqlq.ChannelCols

// ClaimDueChannels implements bot.Channels.
func (db *DB) ClaimDueChannels(ctx context.Context, now, until time.Time, max int) ([]bot.Channel, error) {
	rows, err := db.pool.Query(ctx, claimDueSQL, encode.MS(now), encode.MS(until), max)
	if err != nil {
		return nil, fmt.Errorf("claim due channels: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (bot.Channel, error) { return sqlq.ScanChannel(r) })
	if err != nil {
		return nil, fmt.Errorf("claim due channels: %w", err)
	}
	return out, nil
}

// AdvanceSchedules implements bot.Channels: one statement for the whole batch.
func (db *DB) AdvanceSchedules(ctx context.Context, advances []bot.ScheduleAdvance) error {
	if len(advances) == 0 {
		return nil
	}
	n := len(advances)
	platforms, groups, channels := make([]string, n), make([]string, n), make([]string, n)
	read, since, next := make([]int64, n), make([]int64, n), make([]int64, n)
	for i, a := range advances {
		platforms[i], groups[i], channels[i] = a.Channel.Platform, a.Channel.GroupID, a.Channel.ChannelID
		read[i], since[i], next[i] = encode.MS(a.Read.NextDue), encode.MS(a.Read.Since), encode.MS(a.Next)
	}
	if _, err := db.pool.Exec(ctx, `UPDATE channels c SET next_due = a.next
		FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::bigint[], $6::bigint[]) AS a(platform, grp, channel, read, since, next),
			groups g
		WHERE g.platform = a.platform AND g.ext_id = a.grp AND c.group_id = g.id AND c.ext_id = a.channel
			AND c.next_due = a.read AND coalesce(c.sched_since, 0) = a.since`,
		platforms, groups, channels, read, since, next); err != nil {
		return fmt.Errorf("advance schedules: %w", err)
	}
	return nil
}
