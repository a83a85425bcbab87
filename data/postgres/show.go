package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/data/internal/encode"
)

// MemberTotals implements bot.Summaries.
func (db *DB) MemberTotals(ctx context.Context, g bot.GroupRef, from, to time.Time) ([]bot.MemberTotal, error) {
	gid, err := db.lookupGroup(ctx, g)
	if err != nil || gid == 0 {
		return nil, err
	}
	rows, err := db.pool.Query(ctx, `SELECT a.user_id, coalesce(m.name, ''), sum(a.points), count(*), count(*) FILTER (WHERE a.correct)
		FROM answers a LEFT JOIN members m ON m.group_id = a.group_id AND m.user_id = a.user_id
		WHERE a.group_id = $1 AND a.answered_at >= $2 AND a.answered_at < $3
		GROUP BY a.user_id, m.name ORDER BY a.user_id`, gid, encode.MS(from), encode.MS(to))
	if err != nil {
		return nil, fmt.Errorf("member totals: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (bot.MemberTotal, error) {
		var t bot.MemberTotal
		var points, answered, correct int64
		err := r.Scan(&t.UserID, &t.Name, &points, &answered, &correct)
		t.Points, t.Answered, t.Correct = int(points), int(answered), int(correct)
		return t, err
	})
	if err != nil {
		return nil, fmt.Errorf("member totals: %w", err)
	}
	return out, nil
}

// QuestionTotals implements bot.Summaries.
func (db *DB) QuestionTotals(ctx context.Context, g bot.GroupRef, from, to time.Time) ([]bot.QuestionTotal, error) {
	gid, err := db.lookupGroup(ctx, g)
	if err != nil || gid == 0 {
		return nil, err
	}
	rows, err := db.pool.Query(ctx, `SELECT question_id, count(*), count(*) FILTER (WHERE correct) FROM answers
		WHERE group_id = $1 AND answered_at >= $2 AND answered_at < $3 GROUP BY question_id ORDER BY question_id`, gid, encode.MS(from), encode.MS(to))
	if err != nil {
		return nil, fmt.Errorf("question totals: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (bot.QuestionTotal, error) {
		var t bot.QuestionTotal
		var answered, correct int64
		err := r.Scan(&t.QuestionID, &answered, &correct)
		t.Answered, t.Correct = int(answered), int(correct)
		return t, err
	})
	if err != nil {
		return nil, fmt.Errorf("question totals: %w", err)
	}
	return out, nil
}

// DomainTotals implements bot.Summaries.
func (db *DB) DomainTotals(ctx context.Context, g bot.GroupRef, from, to time.Time) ([]bot.DomainStats, error) {
	gid, err := db.lookupGroup(ctx, g)
	if err != nil || gid == 0 {
		return nil, err
	}
	rows, err := db.pool.Query(ctx, `SELECT domain, count(*), count(*) FILTER (WHERE correct) FROM answers
		WHERE group_id = $1 AND answered_at >= $2 AND answered_at < $3 GROUP BY domain ORDER BY domain`, gid, encode.MS(from), encode.MS(to))
	if err != nil {
		return nil, fmt.Errorf("domain totals: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (bot.DomainStats, error) {
		var d bot.DomainStats
		var answered, correct int64
		err := r.Scan(&d.Domain, &answered, &correct)
		d.Answered, d.Correct = int(answered), int(correct)
		return d, err
	})
	if err != nil {
		return nil, fmt.Errorf("domain totals: %w", err)
	}
	return out, nil
}

// QueueRecap implements bot.Recaps. The unique index outbox_recap decides whether the recap is new, on any
// replica. The channel's lock (see lockChannel) keeps its outbox rows numbered in commit order.
func (db *DB) QueueRecap(ctx context.Context, ch bot.ChannelRef, payload string, now, deliverBy time.Time) (bool, error) {
	queued := false
	err := db.tx(ctx, func(tx pgx.Tx) error {
		cid, err := db.lockChannel(ctx, tx, ch)
		if err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `INSERT INTO outbox (channel_id, kind, payload, not_before, expires_at, created_at)
			VALUES ($1, $2, $3, $4, $5, $4) ON CONFLICT (channel_id, payload) WHERE kind = 'recap' DO NOTHING`,
			cid, bot.DeliverRecap, payload, encode.MS(now), encode.MS(deliverBy))
		if err != nil {
			return fmt.Errorf("queue recap %s: %w", payload, err)
		}
		queued = tag.RowsAffected() == 1
		return nil
	})
	return queued, err
}

// RecapState implements bot.Recaps.
func (db *DB) RecapState(ctx context.Context, ch bot.ChannelRef, payload string) (bot.DeliveryState, error) {
	var s bot.DeliveryState
	cid, err := db.lookupChannel(ctx, ch)
	if err != nil {
		return s, err
	}
	err = db.pool.QueryRow(ctx, `SELECT id, kind, status, attempts, message_id, error FROM outbox
		WHERE channel_id = $1 AND kind = 'recap' AND payload = $2`, cid, payload).Scan(&s.ID, &s.Kind, &s.Status, &s.Attempts, &s.MessageID, &s.Error)
	if errors.Is(err, pgx.ErrNoRows) {
		return s, bot.Errorf(bot.ENOTFOUND, "no recap %s in this channel", payload)
	}
	if err != nil {
		return s, fmt.Errorf("recap state: %w", err)
	}
	return s, nil
}

// CreateWebToken implements bot.WebTokens: the first hash stored for a group stays its token's, whichever
// replica asked first.
func (db *DB) CreateWebToken(ctx context.Context, g bot.GroupRef, hash bot.WebTokenHash) (bool, error) {
	gid, err := db.groupID(ctx, db.pool, g)
	if err != nil {
		return false, err
	}
	tag, err := db.pool.Exec(ctx, `INSERT INTO web_tokens (group_id, token_hash, created_at) VALUES ($1, $2, $3)
		ON CONFLICT (group_id) DO NOTHING`, gid, string(hash), time.Now().UnixMilli())
	if err != nil {
		return false, fmt.Errorf("store web token: %w", err)
	}
	return tag.RowsAffected() == 1, nil
}

// ResetWebToken implements bot.WebTokens.
func (db *DB) ResetWebToken(ctx context.Context, g bot.GroupRef, hash bot.WebTokenHash) error {
	gid, err := db.groupID(ctx, db.pool, g)
	if err != nil {
		return err
	}
	_, err = db.pool.Exec(ctx, `INSERT INTO web_tokens (group_id, token_hash, created_at) VALUES ($1, $2, $3)
		ON CONFLICT (group_id) DO UPDATE SET token_hash = excluded.token_hash, created_at = excluded.created_at`, gid, string(hash), time.Now().UnixMilli())
	if err != nil {
		return fmt.Errorf("reset web token: %w", err)
	}
	return nil
}

// WebGroup implements bot.WebTokens.
func (db *DB) WebGroup(ctx context.Context, hash bot.WebTokenHash) (bot.GroupRef, bool, error) {
	var g bot.GroupRef
	err := db.pool.QueryRow(ctx, `SELECT g.platform, g.ext_id FROM web_tokens t JOIN groups g ON g.id = t.group_id
		WHERE t.token_hash = $1`, string(hash)).Scan(&g.Platform, &g.GroupID)
	if errors.Is(err, pgx.ErrNoRows) {
		return g, false, nil
	}
	if err != nil {
		return g, false, fmt.Errorf("web group: %w", err)
	}
	return g, true, nil
}
