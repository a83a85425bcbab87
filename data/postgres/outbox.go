package postgres

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/data/internal/encode"
	"github.com/studybot/studybot/data/internal/sqlq"
)

// enqueue adds the messages a post owes its channel, in tx, which holds the channel's lock (see
// lockChannel): its card, or its reveal and the edit that closes its card.
func enqueue(ctx context.Context, tx pgx.Tx, channelID, postID int64, kinds []string, now, deliverBy time.Time) error {
	_, err := tx.Exec(ctx, `INSERT INTO outbox (channel_id, kind, post_id, not_before, expires_at, created_at)
		SELECT $1, k, $2, $3, $4, $3 FROM unnest($5::text[]) WITH ORDINALITY AS t(k, n) ORDER BY n`,
		channelID, postID, encode.MS(now), encode.MS(deliverBy), kinds)
	if err != nil {
		return fmt.Errorf("enqueue %s of post %d: %w", strings.Join(kinds, ", "), postID, err)
	}
	return nil
}

// dbNow is the database's clock in unix ms, on which claims are stamped and compared: replicas' clocks
// differ, and one whose clock runs ahead would otherwise take over the live claims of the others (and send
// their messages a second time) as soon as it thinks their leases are over. The pacer keeps to the
// database's clock for the same reason. It is the time the statement's transaction began.
const dbNow = `(extract(epoch FROM now()) * 1000)::bigint`

// expireDeliveries gives up what a channel's day no longer allows, unless someone still holds a claim on it.
const expireDeliveries = `UPDATE outbox SET status = 'failed', done_at = $1,
	error = CASE WHEN error = '' THEN 'not delivered before the end of the channel''s day' ELSE error || ' (then the channel''s day ended)' END
	WHERE status IN ('due', 'sending') AND expires_at <= $1 AND (status = 'due' OR lease_until <= ` + dbNow + `)`

// claimDeliveries claims, in one statement, the head of each channel's queue (its oldest message not yet
// delivered or failed) when it is due or its claim has lapsed, the longest due first. FOR UPDATE SKIP LOCKED
// lets replicas claim at once without waiting for each other: a head another replica is claiming right now
// is skipped, and one it claimed since this statement's snapshot is rechecked against its new row (no
// longer due) and skipped too. Heads cannot move behind a claim's back: a channel's rows are queued under
// its lock and so numbered in commit order, and the next row becomes the head only once this one is
// delivered or failed. The scan walks outbox_due in order and stops at max, so a claim costs a few index
// probes however many channels wait. Due times are the caller's (its scheduler's clock); leases are
// stamped and compared on the database's (dbNow), $3 being the lease in milliseconds.
const claimDeliveries = `WITH picked AS (
	SELECT o.id FROM outbox o
	WHERE o.status IN ('due', 'sending')
		AND ((o.status = 'due' AND o.not_before <= $1) OR (o.status = 'sending' AND o.lease_until <= ` + dbNow + `))
		AND ($5::bigint IS NULL OR o.channel_id = $5)
		AND NOT EXISTS (SELECT 1 FROM outbox e WHERE e.channel_id = o.channel_id AND e.id < o.id AND e.status IN ('due', 'sending'))
	ORDER BY o.not_before, o.id LIMIT $4
	FOR UPDATE OF o SKIP LOCKED
)
UPDATE outbox o SET status = 'sending', claimed_by = $2, lease_until = ` + dbNow + ` + $3, attempts = o.attempts + 1,
	maybe_sent = o.maybe_sent OR o.status = 'sending'
FROM picked p, channels c, groups g
WHERE o.id = p.id AND c.id = o.channel_id AND g.id = c.group_id
RETURNING o.id, o.key, g.platform, g.ext_id, c.ext_id, o.kind, coalesce(o.post_id, 0), o.payload, o.attempts - 1, o.maybe_sent, o.created_at, o.expires_at, o.not_before`

// ClaimDeliveries implements bot.Outbox. The lease is kept on the database's clock (see dbNow); now decides
// only what is due and whose day is over.
func (db *DB) ClaimDeliveries(ctx context.Context, owner string, now time.Time, lease time.Duration, max int, only *bot.ChannelRef) ([]bot.Delivery, error) {
	if _, err := db.pool.Exec(ctx, expireDeliveries, encode.MS(now)); err != nil {
		return nil, fmt.Errorf("expire deliveries: %w", err)
	}
	var channel *int64
	if only != nil {
		cid, err := db.lookupChannel(ctx, *only)
		if err != nil {
			return nil, err
		}
		if cid == 0 {
			return nil, nil
		}
		channel = &cid
	}
	rows, err := db.pool.Query(ctx, claimDeliveries, encode.MS(now), owner, lease.Milliseconds(), max, channel)
	if err != nil {
		return nil, fmt.Errorf("claim deliveries: %w", err)
	}
	type claimed struct {
		d         bot.Delivery
		notBefore int64
	}
	var got []claimed
	for rows.Next() {
		var c claimed
		var created, expires int64
		if err := rows.Scan(&c.d.ID, &c.d.Key, &c.d.Channel.Platform, &c.d.Channel.GroupID, &c.d.Channel.ChannelID, &c.d.Kind,
			&c.d.PostID, &c.d.Payload, &c.d.Attempts, &c.d.MaybeSent, &created, &expires, &c.notBefore); err != nil {
			rows.Close()
			return nil, fmt.Errorf("claim deliveries: %w", err)
		}
		c.d.CreatedAt, c.d.ExpiresAt = encode.Time(created), encode.Time(expires)
		got = append(got, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("claim deliveries: %w", err)
	}
	// The order data/sqlite hands them out in: the longest due first.
	slices.SortFunc(got, func(a, b claimed) int {
		return cmp.Or(cmp.Compare(a.notBefore, b.notBefore), cmp.Compare(a.d.ID, b.d.ID))
	})
	out := make([]bot.Delivery, len(got))
	for i, c := range got {
		out[i] = c.d
	}
	return out, nil
}

// FinishDelivery implements bot.Outbox (sqlq.FinishDelivery). Only the claim's owner may finish it: a
// replica whose claim lapsed and was taken over changes nothing.
func (db *DB) FinishDelivery(ctx context.Context, r bot.DeliveryResult) error {
	var cardOf int64 // the post whose card this delivery finished, if it did
	err := db.tx(ctx, func(tx pgx.Tx) (err error) {
		cardOf, err = sqlq.FinishDelivery(ctx, conn{tx}, r)
		return err
	})
	if cardOf != 0 {
		db.forgetPost(cardOf)
	}
	return err
}

// TakeNotice implements bot.Outbox. The notice is read under the row's lock and cleared in the same
// statement, so of two replicas only one tells it.
func (db *DB) TakeNotice(ctx context.Context, ref bot.ChannelRef) (string, error) {
	cid, err := db.lookupChannel(ctx, ref)
	if err != nil || cid == 0 {
		return "", err
	}
	var notice string
	err = db.pool.QueryRow(ctx, `WITH old AS (SELECT id, notice FROM channels WHERE id = $1 AND notice <> '' FOR UPDATE)
		UPDATE channels c SET notice = '' FROM old WHERE c.id = old.id RETURNING old.notice`, cid).Scan(&notice)
	if err == pgx.ErrNoRows {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("take notice: %w", err)
	}
	return strings.TrimSpace(notice), nil
}

// RetryNow implements bot.Outbox.
func (db *DB) RetryNow(ctx context.Context, ref bot.ChannelRef, now time.Time) error {
	cid, err := db.lookupChannel(ctx, ref)
	if err != nil || cid == 0 {
		return err
	}
	return sqlq.RetryNow(ctx, db.conn(), cid, now)
}
