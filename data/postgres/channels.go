package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/data/internal/encode"
)

// channelID returns the row id of a channel, creating it (and its group) in q if needed. A channel row is
// never deleted, so its id is remembered once it is committed.
func (db *DB) channelID(ctx context.Context, q querier, c bot.ChannelRef) (int64, error) {
	db.mu.RLock()
	id, ok := db.channels[c]
	db.mu.RUnlock()
	if ok {
		return id, nil
	}
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
		db.cacheChannel(c, id)
	}
	return id, nil
}

func (db *DB) cacheChannel(c bot.ChannelRef, id int64) {
	db.mu.Lock()
	db.channels[c] = id
	db.mu.Unlock()
}

// lookupChannel returns a channel's id without creating it; 0 when it does not exist.
func (db *DB) lookupChannel(ctx context.Context, c bot.ChannelRef) (int64, error) {
	db.mu.RLock()
	id, ok := db.channels[c]
	db.mu.RUnlock()
	if ok {
		return id, nil
	}
	err := db.pool.QueryRow(ctx, `SELECT c.id FROM channels c JOIN groups g ON g.id = c.group_id
		WHERE g.platform = $1 AND g.ext_id = $2 AND c.ext_id = $3`, c.Platform, c.GroupID, c.ChannelID).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("look up channel: %w", err)
	}
	db.cacheChannel(c, id)
	return id, nil
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

const channelCols = `g.platform, g.ext_id, c.ext_id, c.sched_hour, c.sched_minute, c.sched_tz, c.sched_days, c.window_secs, c.sched_since, c.next_due, c.domains`

func scanChannel(row pgx.Row) (bot.Channel, error) {
	var ch bot.Channel
	var hour, minute, days *int32
	var tz *string
	var window int64
	var since, next *int64
	var domains string
	if err := row.Scan(&ch.Ref.Platform, &ch.Ref.GroupID, &ch.Ref.ChannelID, &hour, &minute, &tz, &days, &window, &since, &next, &domains); err != nil {
		return bot.Channel{}, err
	}
	if hour != nil {
		s := &bot.Schedule{Hour: int(*hour), Window: time.Duration(window) * time.Second, Since: encode.NullTime(since), NextDue: encode.NullTime(next)}
		if minute != nil {
			s.Minute = int(*minute)
		}
		if tz != nil {
			s.Zone = *tz
		}
		if days != nil {
			s.Days = bot.Days(*days)
		}
		ch.Schedule = s
	}
	if domains != "" {
		ch.Domains = strings.Split(domains, ",")
	}
	return ch, nil
}

// Channel implements bot.Channels.
func (db *DB) Channel(ctx context.Context, ref bot.ChannelRef) (bot.Channel, error) {
	ch, err := scanChannel(db.pool.QueryRow(ctx, `SELECT `+channelCols+` FROM channels c JOIN groups g ON g.id = c.group_id
		WHERE g.platform = $1 AND g.ext_id = $2 AND c.ext_id = $3`, ref.Platform, ref.GroupID, ref.ChannelID))
	if errors.Is(err, pgx.ErrNoRows) {
		return bot.Channel{Ref: ref}, nil
	}
	if err != nil {
		return bot.Channel{}, fmt.Errorf("load channel: %w", err)
	}
	return ch, nil
}

// SetSchedule implements bot.Channels. Setting a schedule also makes its zone the group's zone.
func (db *DB) SetSchedule(ctx context.Context, ref bot.ChannelRef, s *bot.Schedule) error {
	return db.tx(ctx, func(tx pgx.Tx) error {
		cid, err := db.channelID(ctx, tx, ref)
		if err != nil {
			return err
		}
		if s == nil {
			_, err = tx.Exec(ctx, `UPDATE channels SET sched_hour = NULL, sched_minute = NULL, sched_tz = NULL, sched_days = NULL,
				sched_since = NULL, next_due = NULL WHERE id = $1`, cid)
			return err
		}
		window := s.Window
		if window <= 0 {
			window = bot.DefaultWindow
		}
		if _, err = tx.Exec(ctx, `UPDATE channels SET sched_hour = $1, sched_minute = $2, sched_tz = $3, sched_days = $4,
			window_secs = $5, sched_since = $6, next_due = $7 WHERE id = $8`,
			s.Hour, s.Minute, s.Zone, int(s.Days), int64(window/time.Second), encode.MS(s.Since), encode.MS(s.NextDue), cid); err != nil {
			return fmt.Errorf("set schedule: %w", err)
		}
		if _, err = tx.Exec(ctx, `UPDATE groups SET tz = $1 WHERE platform = $2 AND ext_id = $3`, s.Zone, ref.Platform, ref.GroupID); err != nil {
			return fmt.Errorf("set group zone: %w", err)
		}
		return nil
	})
}

// SetDomains implements bot.Channels.
func (db *DB) SetDomains(ctx context.Context, ref bot.ChannelRef, domains []string) error {
	cid, err := db.channelID(ctx, db.pool, ref)
	if err != nil {
		return err
	}
	if _, err := db.pool.Exec(ctx, `UPDATE channels SET domains = $1 WHERE id = $2`, strings.Join(domains, ","), cid); err != nil {
		return fmt.Errorf("set domains: %w", err)
	}
	return nil
}

// ScheduledChannels implements bot.Channels.
func (db *DB) ScheduledChannels(ctx context.Context) ([]bot.Channel, error) {
	rows, err := db.pool.Query(ctx, `SELECT `+channelCols+` FROM channels c JOIN groups g ON g.id = c.group_id
		WHERE c.sched_hour IS NOT NULL ORDER BY c.id`)
	if err != nil {
		return nil, fmt.Errorf("scheduled channels: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (bot.Channel, error) { return scanChannel(r) })
	if err != nil {
		return nil, fmt.Errorf("scheduled channels: %w", err)
	}
	return out, nil
}

// claimDueSQL claims up to $3 channels due at $1, oldest due first, until $2, and returns them: the
// channels_due index finds them, no other row is read, and rows another replica is claiming are passed
// over rather than waited for.
const claimDueSQL = `WITH due AS (SELECT id FROM channels WHERE next_due <= $1 ORDER BY next_due, id LIMIT $3 FOR UPDATE SKIP LOCKED)
	UPDATE channels c SET next_due = $2 FROM due, groups g WHERE c.id = due.id AND g.id = c.group_id
	RETURNING ` + channelCols

// ClaimDueChannels implements bot.Channels.
func (db *DB) ClaimDueChannels(ctx context.Context, now, until time.Time, max int) ([]bot.Channel, error) {
	rows, err := db.pool.Query(ctx, claimDueSQL, encode.MS(now), encode.MS(until), max)
	if err != nil {
		return nil, fmt.Errorf("claim due channels: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (bot.Channel, error) { return scanChannel(r) })
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
