package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/data/internal/encode"
)

// channelID returns the row id of a channel, creating it (and its group) in tx.
func (db *DB) channelID(ctx context.Context, tx *sql.Tx, c bot.ChannelRef) (int64, error) {
	db.mu.RLock()
	id, ok := db.channels[c]
	db.mu.RUnlock()
	if ok {
		return id, nil
	}
	gid, err := db.groupID(ctx, tx, c.Group())
	if err != nil {
		return 0, err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO channels (group_id, ext_id) VALUES (?, ?) ON CONFLICT DO NOTHING`, gid, c.ChannelID); err != nil {
		return 0, fmt.Errorf("create channel: %w", err)
	}
	if err := tx.QueryRowContext(ctx, `SELECT id FROM channels WHERE group_id = ? AND ext_id = ?`, gid, c.ChannelID).Scan(&id); err != nil {
		return 0, fmt.Errorf("create channel: %w", err)
	}
	return id, nil
}

func (db *DB) lookupChannel(ctx context.Context, c bot.ChannelRef) (int64, error) {
	db.mu.RLock()
	id, ok := db.channels[c]
	db.mu.RUnlock()
	if ok {
		return id, nil
	}
	err := db.r.QueryRowContext(ctx, `SELECT c.id FROM channels c JOIN groups g ON g.id = c.group_id
		WHERE g.platform = ? AND g.ext_id = ? AND c.ext_id = ?`, c.Platform, c.GroupID, c.ChannelID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("look up channel: %w", err)
	}
	db.mu.Lock()
	db.channels[c] = id
	db.mu.Unlock()
	return id, nil
}

const channelCols = `g.platform, g.ext_id, c.ext_id, c.sched_hour, c.sched_minute, c.sched_tz, c.sched_days, c.window_secs, c.sched_since, c.next_due, c.domains`

func scanChannel(row interface{ Scan(...any) error }) (bot.Channel, error) {
	var ch bot.Channel
	var hour, minute, days sql.NullInt64
	var tz sql.NullString
	var window int64
	var since, next sql.NullInt64
	var domains string
	if err := row.Scan(&ch.Ref.Platform, &ch.Ref.GroupID, &ch.Ref.ChannelID, &hour, &minute, &tz, &days, &window, &since, &next, &domains); err != nil {
		return bot.Channel{}, err
	}
	if hour.Valid {
		ch.Schedule = &bot.Schedule{Hour: int(hour.Int64), Minute: int(minute.Int64), Zone: tz.String, Days: bot.Days(days.Int64),
			Window: time.Duration(window) * time.Second, Since: encode.Time(since.Int64), NextDue: encode.Time(next.Int64)}
	}
	if domains != "" {
		ch.Domains = strings.Split(domains, ",")
	}
	return ch, nil
}

// Channel implements bot.Channels.
func (db *DB) Channel(ctx context.Context, ref bot.ChannelRef) (bot.Channel, error) {
	ch, err := scanChannel(db.r.QueryRowContext(ctx, `SELECT `+channelCols+` FROM channels c JOIN groups g ON g.id = c.group_id
		WHERE g.platform = ? AND g.ext_id = ? AND c.ext_id = ?`, ref.Platform, ref.GroupID, ref.ChannelID))
	if errors.Is(err, sql.ErrNoRows) {
		return bot.Channel{Ref: ref}, nil
	}
	if err != nil {
		return bot.Channel{}, fmt.Errorf("load channel: %w", err)
	}
	return ch, nil
}

// SetSchedule implements bot.Channels. Setting a schedule also makes its zone the group's zone.
func (db *DB) SetSchedule(ctx context.Context, ref bot.ChannelRef, s *bot.Schedule) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		cid, err := db.channelID(ctx, tx, ref)
		if err != nil {
			return err
		}
		if s == nil {
			_, err = tx.ExecContext(ctx, `UPDATE channels SET sched_hour = NULL, sched_minute = NULL, sched_tz = NULL, sched_days = NULL,
				sched_since = NULL, next_due = NULL WHERE id = ?`, cid)
			return err
		}
		window := s.Window
		if window <= 0 {
			window = bot.DefaultWindow
		}
		if _, err = tx.ExecContext(ctx, `UPDATE channels SET sched_hour = ?, sched_minute = ?, sched_tz = ?, sched_days = ?,
			window_secs = ?, sched_since = ?, next_due = ? WHERE id = ?`,
			s.Hour, s.Minute, s.Zone, int(s.Days), int64(window/time.Second), encode.MS(s.Since), encode.MS(s.NextDue), cid); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE groups SET tz = ? WHERE platform = ? AND ext_id = ?`, s.Zone, ref.Platform, ref.GroupID)
		db.mu.Lock()
		clear(db.gzones)
		db.mu.Unlock()
		return err
	})
}

// SetDomains implements bot.Channels.
func (db *DB) SetDomains(ctx context.Context, ref bot.ChannelRef, domains []string) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		cid, err := db.channelID(ctx, tx, ref)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE channels SET domains = ? WHERE id = ?`, strings.Join(domains, ","), cid)
		return err
	})
}

// ScheduledChannels implements bot.Channels.
func (db *DB) ScheduledChannels(ctx context.Context) ([]bot.Channel, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT `+channelCols+` FROM channels c JOIN groups g ON g.id = c.group_id
		WHERE c.sched_hour IS NOT NULL ORDER BY c.id`)
	if err != nil {
		return nil, fmt.Errorf("scheduled channels: %w", err)
	}
	defer rows.Close()
	var out []bot.Channel
	for rows.Next() {
		ch, err := scanChannel(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, ch)
	}
	return out, rows.Err()
}

// dueChannelsSQL reads up to ?2 channels due at ?1, oldest due first: the channels_due index finds them,
// and no other row is read.
const dueChannelsSQL = `SELECT c.id, ` + channelCols + ` FROM channels c JOIN groups g ON g.id = c.group_id
	WHERE c.next_due <= ? ORDER BY c.next_due, c.id LIMIT ?`

// ClaimDueChannels implements bot.Channels: the read and the claim are one write transaction, so no other
// process claims the same channels.
func (db *DB) ClaimDueChannels(ctx context.Context, now, until time.Time, max int) ([]bot.Channel, error) {
	var out []bot.Channel
	err := db.write(ctx, func(tx *sql.Tx) error {
		out = out[:0]
		rows, err := tx.QueryContext(ctx, dueChannelsSQL, encode.MS(now), max)
		if err != nil {
			return err
		}
		var ids []int64
		for rows.Next() {
			var id int64
			ch, err := scanChannel(prefixed{rows, &id})
			if err != nil {
				rows.Close()
				return err
			}
			ch.Schedule.NextDue = until
			ids, out = append(ids, id), append(out, ch)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, id := range ids {
			if _, err := tx.ExecContext(ctx, `UPDATE channels SET next_due = ? WHERE id = ?`, encode.MS(until), id); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("claim due channels: %w", err)
	}
	return out, nil
}

// prefixed scans a row whose first column is the channel's id, then scanChannel's columns.
type prefixed struct {
	row interface{ Scan(...any) error }
	id  *int64
}

func (p prefixed) Scan(dest ...any) error { return p.row.Scan(append([]any{p.id}, dest...)...) }

// AdvanceSchedules implements bot.Channels.
func (db *DB) AdvanceSchedules(ctx context.Context, advances []bot.ScheduleAdvance) error {
	if len(advances) == 0 {
		return nil
	}
	err := db.write(ctx, func(tx *sql.Tx) error {
		stmt, err := tx.PrepareContext(ctx, `UPDATE channels SET next_due = ? WHERE next_due = ? AND coalesce(sched_since, 0) = ?
			AND ext_id = ? AND group_id = (SELECT id FROM groups WHERE platform = ? AND ext_id = ?)`)
		if err != nil {
			return err
		}
		defer stmt.Close()
		for _, a := range advances {
			if _, err := stmt.ExecContext(ctx, encode.MS(a.Next), encode.MS(a.Read.NextDue), encode.MS(a.Read.Since),
				a.Channel.ChannelID, a.Channel.Platform, a.Channel.GroupID); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("advance schedules: %w", err)
	}
	return nil
}
