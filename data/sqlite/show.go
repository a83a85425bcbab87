package sqlite

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/data/internal/encode"
)

var (
	_ bot.Summaries = (*DB)(nil)
	_ bot.Recaps    = (*DB)(nil)
	_ bot.WebTokens = (*DB)(nil)
)

// MemberTotals implements bot.Summaries.
func (db *DB) MemberTotals(ctx context.Context, g bot.GroupRef, from, to time.Time) ([]bot.MemberTotal, error) {
	gid, err := db.lookupGroup(ctx, g)
	if err != nil || gid == 0 {
		return nil, err
	}
	lo, hi := encode.MS(from), encode.MS(to) // a zero from is 0: the beginning
	rows, err := db.r.QueryContext(ctx, `SELECT a.user_id, coalesce(m.name, ''), sum(a.points), count(*), sum(a.correct)
		FROM answers a LEFT JOIN members m ON m.group_id = a.group_id AND m.user_id = a.user_id
		WHERE a.group_id = ? AND a.answered_at >= ? AND a.answered_at < ?
		GROUP BY a.user_id ORDER BY a.user_id`, gid, lo, hi)
	if err != nil {
		return nil, fmt.Errorf("member totals: %w", err)
	}
	defer rows.Close()
	var out []bot.MemberTotal
	for rows.Next() {
		var t bot.MemberTotal
		if err := rows.Scan(&t.UserID, &t.Name, &t.Points, &t.Answered, &t.Correct); err != nil {
			return nil, fmt.Errorf("member totals: %w", err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// QuestionTotals implements bot.Summaries.
func (db *DB) QuestionTotals(ctx context.Context, g bot.GroupRef, from, to time.Time) ([]bot.QuestionTotal, error) {
	gid, err := db.lookupGroup(ctx, g)
	if err != nil || gid == 0 {
		return nil, err
	}
	lo, hi := encode.MS(from), encode.MS(to) // a zero from is 0: the beginning
	rows, err := db.r.QueryContext(ctx, `SELECT question_id, count(*), sum(correct) FROM answers
		WHERE group_id = ? AND answered_at >= ? AND answered_at < ? GROUP BY question_id ORDER BY question_id`, gid, lo, hi)
	if err != nil {
		return nil, fmt.Errorf("question totals: %w", err)
	}
	defer rows.Close()
	var out []bot.QuestionTotal
	for rows.Next() {
		var t bot.QuestionTotal
		if err := rows.Scan(&t.QuestionID, &t.Answered, &t.Correct); err != nil {
			return nil, fmt.Errorf("question totals: %w", err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// DomainTotals implements bot.Summaries.
func (db *DB) DomainTotals(ctx context.Context, g bot.GroupRef, from, to time.Time) ([]bot.DomainStats, error) {
	gid, err := db.lookupGroup(ctx, g)
	if err != nil || gid == 0 {
		return nil, err
	}
	lo, hi := encode.MS(from), encode.MS(to) // a zero from is 0: the beginning
	rows, err := db.r.QueryContext(ctx, `SELECT domain, count(*), sum(correct) FROM answers
		WHERE group_id = ? AND answered_at >= ? AND answered_at < ? GROUP BY domain ORDER BY domain`, gid, lo, hi)
	if err != nil {
		return nil, fmt.Errorf("domain totals: %w", err)
	}
	defer rows.Close()
	var out []bot.DomainStats
	for rows.Next() {
		var d bot.DomainStats
		if err := rows.Scan(&d.Domain, &d.Answered, &d.Correct); err != nil {
			return nil, fmt.Errorf("domain totals: %w", err)
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// QueueRecap implements bot.Recaps. The unique index outbox_recap (migration 004) decides whether the
// recap is new.
func (db *DB) QueueRecap(ctx context.Context, ch bot.ChannelRef, payload string, now, deliverBy time.Time) (bool, error) {
	queued := false
	err := db.write(ctx, func(tx *sql.Tx) error {
		cid, err := db.channelID(ctx, tx, ch)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO outbox (channel_id, kind, payload, not_before, expires_at, created_at)
			VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (channel_id, payload) WHERE kind = 'recap' DO NOTHING`,
			cid, bot.DeliverRecap, payload, encode.MS(now), encode.MS(deliverBy), encode.MS(now))
		if err != nil {
			return fmt.Errorf("queue recap %s: %w", payload, err)
		}
		n, err := res.RowsAffected()
		queued = n == 1
		return err
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
	err = db.r.QueryRowContext(ctx, `SELECT id, kind, status, attempts, message_id, error FROM outbox
		WHERE channel_id = ? AND kind = 'recap' AND payload = ?`, cid, payload).Scan(&s.ID, &s.Kind, &s.Status, &s.Attempts, &s.MessageID, &s.Error)
	if errors.Is(err, sql.ErrNoRows) {
		return s, bot.Errorf(bot.ENOTFOUND, "no recap %s in this channel", payload)
	}
	if err != nil {
		return s, fmt.Errorf("recap state: %w", err)
	}
	return s, nil
}

// CreateWebToken implements bot.WebTokens.
func (db *DB) CreateWebToken(ctx context.Context, g bot.GroupRef, hash bot.WebTokenHash) (bool, error) {
	var created bool
	err := db.write(ctx, func(tx *sql.Tx) error {
		gid, err := db.groupID(ctx, tx, g)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO web_tokens (group_id, token_hash, created_at) VALUES (?, ?, ?)
			ON CONFLICT (group_id) DO NOTHING`, gid, string(hash), time.Now().UnixMilli())
		if err != nil {
			return fmt.Errorf("store web token: %w", err)
		}
		n, err := res.RowsAffected()
		created = n == 1
		return err
	})
	return created, err
}

// ResetWebToken implements bot.WebTokens.
func (db *DB) ResetWebToken(ctx context.Context, g bot.GroupRef, hash bot.WebTokenHash) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		gid, err := db.groupID(ctx, tx, g)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO web_tokens (group_id, token_hash, created_at) VALUES (?, ?, ?)
			ON CONFLICT (group_id) DO UPDATE SET token_hash = excluded.token_hash, created_at = excluded.created_at`, gid, string(hash), time.Now().UnixMilli())
		if err != nil {
			return fmt.Errorf("reset web token: %w", err)
		}
		return nil
	})
}

// WebGroup implements bot.WebTokens.
func (db *DB) WebGroup(ctx context.Context, hash bot.WebTokenHash) (bot.GroupRef, bool, error) {
	var g bot.GroupRef
	err := db.r.QueryRowContext(ctx, `SELECT g.platform, g.ext_id FROM web_tokens t JOIN groups g ON g.id = t.group_id
		WHERE t.token_hash = ?`, string(hash)).Scan(&g.Platform, &g.GroupID)
	if errors.Is(err, sql.ErrNoRows) {
		return g, false, nil
	}
	if err != nil {
		return g, false, fmt.Errorf("web group: %w", err)
	}
	return g, true, nil
}

// hashWebTokens is migration 010's Go step: each token stored before it is replaced by its SHA-256 in hex
// (bot.HashWebToken's form, written out here because a migration must not change with later code).
func hashWebTokens(ctx context.Context, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, `SELECT group_id, token_hash FROM web_tokens`)
	if err != nil {
		return fmt.Errorf("read web tokens: %w", err)
	}
	type tok struct {
		gid   int64
		token string
	}
	var toks []tok
	for rows.Next() {
		var t tok
		if err := rows.Scan(&t.gid, &t.token); err != nil {
			rows.Close()
			return fmt.Errorf("read web tokens: %w", err)
		}
		toks = append(toks, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read web tokens: %w", err)
	}
	for _, t := range toks {
		sum := sha256.Sum256([]byte(t.token))
		if _, err := tx.ExecContext(ctx, `UPDATE web_tokens SET token_hash = ? WHERE group_id = ?`, hex.EncodeToString(sum[:]), t.gid); err != nil {
			return fmt.Errorf("hash web token: %w", err)
		}
	}
	return nil
}
