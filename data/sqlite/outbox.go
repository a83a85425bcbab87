package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/data/internal/encode"
	"github.com/studybot/studybot/data/internal/sqlq"
)

var _ bot.Outbox = (*DB)(nil)

// enqueue adds the messages a post owes its channel, in tx: its card, or its reveal and the edit that
// closes its card.
func enqueue(ctx context.Context, tx *sql.Tx, channelID, postID int64, kinds []string, now, deliverBy time.Time) error {
	for _, k := range kinds {
		if _, err := tx.ExecContext(ctx, `INSERT INTO outbox (channel_id, kind, post_id, not_before, expires_at, created_at)
			VALUES (?, ?, ?, ?, ?, ?)`, channelID, k, postID, encode.MS(now), encode.MS(deliverBy), encode.MS(now)); err != nil {
			return fmt.Errorf("enqueue %s of post %d: %w", k, postID, err)
		}
	}
	return nil
}

// ClaimDeliveries implements bot.Outbox.
func (db *DB) ClaimDeliveries(ctx context.Context, owner string, now time.Time, lease time.Duration, max int, only *bot.ChannelRef) ([]bot.Delivery, error) {
	var out []bot.Delivery
	err := db.write(ctx, func(tx *sql.Tx) error {
		out = out[:0]
		// What a channel's day no longer allows is given up, unless someone still holds a claim on it.
		if _, err := tx.ExecContext(ctx, `UPDATE outbox SET status = 'failed', done_at = ?1,
			error = CASE WHEN error = '' THEN 'not delivered before the end of the channel''s day' ELSE error || ' (then the channel''s day ended)' END
			WHERE status IN ('due', 'sending') AND expires_at <= ?1 AND (status = 'due' OR lease_until <= ?1)`, encode.MS(now)); err != nil {
			return fmt.Errorf("expire deliveries: %w", err)
		}
		filter, args := "", []any{encode.MS(now)}
		if only != nil {
			cid, err := db.lookupChannel(ctx, *only)
			if err != nil {
				return err
			}
			filter, args = " AND o.channel_id = ?2", append(args, cid)
		}
		args = append(args, max)
		// The head of each channel's queue, if it is due or its claim has lapsed.
		rows, err := tx.QueryContext(ctx, `SELECT o.id, o.key, g.platform, g.ext_id, c.ext_id, o.kind, coalesce(o.post_id, 0), o.payload, o.attempts,
				o.maybe_sent OR o.status = 'sending', o.created_at, o.expires_at
			FROM outbox o JOIN channels c ON c.id = o.channel_id JOIN groups g ON g.id = c.group_id
			WHERE o.status IN ('due', 'sending')
				AND o.id = (SELECT min(i.id) FROM outbox i WHERE i.channel_id = o.channel_id AND i.status IN ('due', 'sending'))
				AND ((o.status = 'due' AND o.not_before <= ?1) OR (o.status = 'sending' AND o.lease_until <= ?1))`+filter+`
			ORDER BY o.not_before, o.id LIMIT ?`+fmt.Sprint(len(args)), args...)
		if err != nil {
			return fmt.Errorf("find due deliveries: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var d bot.Delivery
			var created, expires int64
			if err := rows.Scan(&d.ID, &d.Key, &d.Channel.Platform, &d.Channel.GroupID, &d.Channel.ChannelID, &d.Kind, &d.PostID, &d.Payload,
				&d.Attempts, &d.MaybeSent, &created, &expires); err != nil {
				return err
			}
			d.CreatedAt, d.ExpiresAt = encode.Time(created), encode.Time(expires)
			out = append(out, d)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		rows.Close()
		for _, d := range out {
			if _, err := tx.ExecContext(ctx, `UPDATE outbox SET status = 'sending', claimed_by = ?, lease_until = ?,
				attempts = attempts + 1, maybe_sent = ? WHERE id = ?`, owner, encode.MS(now.Add(lease)), d.MaybeSent, d.ID); err != nil {
				return fmt.Errorf("claim delivery %d: %w", d.ID, err)
			}
		}
		return nil
	})
	return out, err
}

// FinishDelivery implements bot.Outbox (sqlq.FinishDelivery). Only the claim's owner may finish it: a
// process whose claim lapsed and was taken over changes nothing.
func (db *DB) FinishDelivery(ctx context.Context, r bot.DeliveryResult) error {
	defer db.forgetPosts()
	return db.write(ctx, func(tx *sql.Tx) error {
		_, err := sqlq.FinishDelivery(ctx, conn{tx}, r)
		return err
	})
}

// TakeNotice implements bot.Outbox.
func (db *DB) TakeNotice(ctx context.Context, ref bot.ChannelRef) (string, error) {
	cid, err := db.lookupChannel(ctx, ref)
	if err != nil || cid == 0 {
		return "", err
	}
	var notice string
	if err := db.r.QueryRowContext(ctx, `SELECT notice FROM channels WHERE id = ?`, cid).Scan(&notice); err != nil || notice == "" {
		return "", err
	}
	err = db.write(ctx, func(tx *sql.Tx) error {
		// Only the process that clears it tells it.
		res, err := tx.ExecContext(ctx, `UPDATE channels SET notice = '' WHERE id = ? AND notice = ?`, cid, notice)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			notice = ""
		}
		return nil
	})
	return strings.TrimSpace(notice), err
}

// RetryNow implements bot.Outbox.
func (db *DB) RetryNow(ctx context.Context, ref bot.ChannelRef, now time.Time) error {
	cid, err := db.lookupChannel(ctx, ref)
	if err != nil || cid == 0 {
		return err
	}
	return db.write(ctx, func(tx *sql.Tx) error { return sqlq.RetryNow(ctx, conn{tx}, cid, now) })
}
