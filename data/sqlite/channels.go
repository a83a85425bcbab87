package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/data/internal/encode"
	"github.com/studybot/studybot/data/internal/sqlq"
)

// channelID returns the row id of a channel, creating it (and its group) in tx.
func (db *DB) channelID(ctx context.Context, tx *sql.Tx, c bot.ChannelRef) (int64, error) {
	if id, ok := db.ids.Channel(c); ok {
		return id, nil
	}
	var id int64
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

// lookupChannel returns a channel's id without creating it; 0 when it does not exist.
func (db *DB) lookupChannel(ctx context.Context, c bot.ChannelRef) (int64, error) {
	return db.ids.LookupChannel(ctx, db.reader(), c)
}

// SetSchedule implements bot.Channels (sqlq.SetSchedule); the zones remembered are forgotten.
func (db *DB) SetSchedule(ctx context.Context, ref bot.ChannelRef, s *bot.Schedule) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		cid, err := db.channelID(ctx, tx, ref)
		if err != nil {
			return err
		}
		if err := sqlq.SetSchedule(ctx, conn{tx}, cid, ref, s); err != nil {
			return err
		}
		db.mu.Lock()
		clear(db.gzones)
		db.mu.Unlock()
		return nil
	})
}

// SetChannelPack implements bot.Channels.
func (db *DB) SetChannelPack(ctx context.Context, ref bot.ChannelRef, pack string) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		cid, err := db.channelID(ctx, tx, ref)
		if err != nil {
			return err
		}
		return sqlq.SetChannelPack(ctx, conn{tx}, cid, pack)
	})
}

// SetDomains implements bot.Channels.
func (db *DB) SetDomains(ctx context.Context, ref bot.ChannelRef, domains []string) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		cid, err := db.channelID(ctx, tx, ref)
		if err != nil {
			return err
		}
		return sqlq.SetDomains(ctx, conn{tx}, cid, domains)
	})
}

// dueChannelsSQL reads up to ?2 channels due at ?1, oldest due first: the channels_due index finds them,
// and no other row is read.
const dueChannelsSQL = `SELECT c.id, ` + sqlq.ChannelCols + ` FROM channels c JOIN groups g ON g.id = c.group_id
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
			ch, err := sqlq.ScanChannel(prefixed{rows, &id})
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
