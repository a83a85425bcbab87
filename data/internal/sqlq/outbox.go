package sqlq

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/data/internal/encode"
)

var (
	retryDelivery = New(`UPDATE outbox SET status = 'due', claimed_by = '', lease_until = 0, not_before = ?,
				error = ?, maybe_sent = maybe_sent OR ? WHERE id = ? AND status = 'sending' AND claimed_by = ?
				RETURNING kind, coalesce(post_id, 0), channel_id`)
	endDelivery = New(`UPDATE outbox SET status = ?, claimed_by = '', lease_until = 0, message_id = ?, error = ?,
				done_at = ? WHERE id = ? AND status = 'sending' AND claimed_by = ?
				RETURNING kind, coalesce(post_id, 0), channel_id`)
	cardDelivered  = New(`UPDATE posts SET message_id = ?, delivery_error = '' WHERE id = ?`)
	cardFailed     = New(`UPDATE posts SET delivery_error = ? WHERE id = ?`)
	clearNotice    = New(`UPDATE channels SET notice = '' WHERE id = ? AND notice <> ''`)
	setNotice      = New(`UPDATE channels SET notice = ? WHERE id = ?`)
	deliveries     = New(`SELECT id, kind, status, attempts, message_id, error FROM outbox WHERE post_id = ? ORDER BY id`)
	nextDeliveryAt = New(`SELECT min(CASE status WHEN 'due' THEN not_before ELSE lease_until END) FROM outbox WHERE status IN ('due', 'sending')`)
	retryNow       = New(`UPDATE outbox SET not_before = ?1 WHERE channel_id = ?2 AND status = 'due' AND not_before > ?1`)
	queueFollowUp  = New(`INSERT INTO outbox (channel_id, kind, post_id, payload, not_before, expires_at, created_at)
				VALUES (?, ?, ?, ?, ?, ?, ?)`)
)

// FinishDelivery implements bot.Outbox.FinishDelivery in the store's transaction. Only the claim's owner
// may finish it: one whose claim lapsed and was taken over changes nothing (ECONFLICT). A card's outcome
// is written to its post, a delivered message's follow-up (bot.DeliveryResult.Then) is queued after it in
// its channel, and the channel's notice follows: a message that reached the channel clears it
// (whatever kept the bot out is fixed), a failure may set it. cardOf is the post whose card this delivered
// or failed, 0 if none, for the store's cache of posts.
func FinishDelivery(ctx context.Context, q Querier, r bot.DeliveryResult) (cardOf int64, err error) {
	status := r.Status()
	var kind string
	var postID, channelID int64
	if status == "due" {
		err = q.QueryRow(ctx, retryDelivery, encode.MS(r.RetryAt), r.Error, r.MaybeSent, r.ID, r.Owner).Scan(&kind, &postID, &channelID)
	} else {
		err = q.QueryRow(ctx, endDelivery, status, r.MessageID, r.Error, encode.MS(r.At), r.ID, r.Owner).Scan(&kind, &postID, &channelID)
	}
	if errors.Is(err, ErrNoRows) {
		return 0, bot.Errorf(bot.ECONFLICT, "delivery %d is no longer claimed by %s", r.ID, r.Owner)
	}
	if err != nil {
		return 0, fmt.Errorf("finish delivery %d: %w", r.ID, err)
	}
	if kind == bot.DeliverCard && status != "due" {
		cardOf = postID
	}
	switch {
	case status == "delivered":
		if kind == bot.DeliverCard {
			if _, err := q.Exec(ctx, cardDelivered, r.MessageID, postID); err != nil {
				return cardOf, fmt.Errorf("finish delivery %d: %w", r.ID, err)
			}
		}
		if f := r.Then; f != nil && postID != 0 {
			// Queued with the outcome, so the message it follows owes it once, whoever delivered that.
			if _, err := q.Exec(ctx, queueFollowUp, channelID, f.Kind, postID, f.Payload, encode.MS(r.At), encode.MS(f.ExpiresAt), encode.MS(r.At)); err != nil {
				return cardOf, fmt.Errorf("finish delivery %d: queue its %s: %w", r.ID, f.Kind, err)
			}
		}
		if r.MessageID != "" {
			// A delivery skipped without a message (a recap of a week without answers) says nothing
			// about what kept the bot out.
			_, err = q.Exec(ctx, clearNotice, channelID)
		}
	case status == "failed":
		if kind == bot.DeliverCard {
			if _, err := q.Exec(ctx, cardFailed, r.Error, postID); err != nil {
				return cardOf, fmt.Errorf("finish delivery %d: %w", r.ID, err)
			}
		}
		if r.Notice != "" {
			_, err = q.Exec(ctx, setNotice, r.Notice, channelID)
		}
	}
	if err != nil {
		return cardOf, fmt.Errorf("finish delivery %d: %w", r.ID, err)
	}
	return cardOf, nil
}

// Deliveries implements bot.Outbox.Deliveries: a post's messages, in the order they were queued.
func Deliveries(ctx context.Context, q Querier, postID int64) ([]bot.DeliveryState, error) {
	rows, err := q.Query(ctx, deliveries, postID)
	out, err := collect(rows, err, func(r Rows) (bot.DeliveryState, error) {
		var s bot.DeliveryState
		err := r.Scan(&s.ID, &s.Kind, &s.Status, &s.Attempts, &s.MessageID, &s.Error)
		return s, err
	})
	if err != nil {
		return nil, fmt.Errorf("deliveries of post %d: %w", postID, err)
	}
	return out, nil
}

// NextDeliveryAt implements bot.Outbox.NextDeliveryAt: the zero time when nothing waits.
func NextDeliveryAt(ctx context.Context, q Querier) (time.Time, error) {
	var at *int64
	if err := q.QueryRow(ctx, nextDeliveryAt).Scan(&at); err != nil {
		return time.Time{}, fmt.Errorf("next delivery: %w", err)
	}
	return encode.NullTime(at), nil
}

// RetryNow implements bot.Outbox.RetryNow in the channel of row id cid: what waits for a retry there is
// due now.
func RetryNow(ctx context.Context, q Querier, cid int64, now time.Time) error {
	if _, err := q.Exec(ctx, retryNow, encode.MS(now), cid); err != nil {
		return fmt.Errorf("retry now: %w", err)
	}
	return nil
}
