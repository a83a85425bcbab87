package sqlq

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/data/internal/encode"
)

// Times are bounded [from, to): a zero from is 0, the beginning.
var (
	memberTotals = New(`SELECT a.user_id, coalesce(m.name, ''), sum(a.points), count(*), count(*) FILTER (WHERE a.correct)
		FROM answers a LEFT JOIN members m ON m.group_id = a.group_id AND m.user_id = a.user_id
		WHERE a.group_id = ? AND a.answered_at >= ? AND a.answered_at < ?
		GROUP BY a.user_id, m.name ORDER BY a.user_id`)
	questionTotals = New(`SELECT question_id, count(*), count(*) FILTER (WHERE correct) FROM answers
		WHERE group_id = ? AND answered_at >= ? AND answered_at < ? GROUP BY question_id ORDER BY question_id`)
	domainTotals = New(`SELECT domain, count(*), count(*) FILTER (WHERE correct) FROM answers
		WHERE group_id = ? AND answered_at >= ? AND answered_at < ? GROUP BY domain ORDER BY domain`)
	queueRecap = New(`INSERT INTO outbox (channel_id, kind, payload, not_before, expires_at, created_at)
			VALUES (?1, ?2, ?3, ?4, ?5, ?4) ON CONFLICT (channel_id, payload) WHERE kind = 'recap' DO NOTHING`)
	recapState = New(`SELECT id, kind, status, attempts, message_id, error FROM outbox
		WHERE channel_id = ? AND kind = 'recap' AND payload = ?`)
	createWebToken = New(`INSERT INTO web_tokens (group_id, token_hash, created_at) VALUES (?, ?, ?)
		ON CONFLICT (group_id) DO NOTHING`)
	resetWebToken = New(`INSERT INTO web_tokens (group_id, token_hash, created_at) VALUES (?, ?, ?)
		ON CONFLICT (group_id) DO UPDATE SET token_hash = excluded.token_hash, created_at = excluded.created_at`)
	webGroup = New(`SELECT g.platform, g.ext_id FROM web_tokens t JOIN groups g ON g.id = t.group_id
		WHERE t.token_hash = ?`)
)

// MemberTotals implements bot.Summaries.MemberTotals in the group of row id gid.
func MemberTotals(ctx context.Context, q Querier, gid int64, from, to time.Time) ([]bot.MemberTotal, error) {
	rows, err := q.Query(ctx, memberTotals, gid, encode.MS(from), encode.MS(to))
	out, err := collect(rows, err, func(r Rows) (bot.MemberTotal, error) {
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

// QuestionTotals implements bot.Summaries.QuestionTotals in the group of row id gid.
func QuestionTotals(ctx context.Context, q Querier, gid int64, from, to time.Time) ([]bot.QuestionTotal, error) {
	rows, err := q.Query(ctx, questionTotals, gid, encode.MS(from), encode.MS(to))
	out, err := collect(rows, err, func(r Rows) (bot.QuestionTotal, error) {
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

// DomainTotals implements bot.Summaries.DomainTotals in the group of row id gid.
func DomainTotals(ctx context.Context, q Querier, gid int64, from, to time.Time) ([]bot.DomainStats, error) {
	rows, err := q.Query(ctx, domainTotals, gid, encode.MS(from), encode.MS(to))
	out, err := collect(rows, err, func(r Rows) (bot.DomainStats, error) {
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

// QueueRecap implements bot.Recaps.QueueRecap in the channel of row id cid, in the store's transaction.
// The unique index outbox_recap decides whether the recap is new.
func QueueRecap(ctx context.Context, q Querier, cid int64, payload string, now, deliverBy time.Time) (bool, error) {
	n, err := q.Exec(ctx, queueRecap, cid, bot.DeliverRecap, payload, encode.MS(now), encode.MS(deliverBy))
	if err != nil {
		return false, fmt.Errorf("queue recap %s: %w", payload, err)
	}
	return n == 1, nil
}

// RecapState implements bot.Recaps.RecapState in the channel of row id cid.
func RecapState(ctx context.Context, q Querier, cid int64, payload string) (bot.DeliveryState, error) {
	var s bot.DeliveryState
	err := q.QueryRow(ctx, recapState, cid, payload).Scan(&s.ID, &s.Kind, &s.Status, &s.Attempts, &s.MessageID, &s.Error)
	if errors.Is(err, ErrNoRows) {
		return s, bot.Errorf(bot.ENOTFOUND, "no recap %s in this channel", payload)
	}
	if err != nil {
		return s, fmt.Errorf("recap state: %w", err)
	}
	return s, nil
}

// CreateWebToken implements bot.WebTokens.CreateWebToken in the group of row id gid: the first hash
// stored for a group stays its token's, whoever asked first.
func CreateWebToken(ctx context.Context, q Querier, gid int64, hash bot.WebTokenHash, now time.Time) (bool, error) {
	n, err := q.Exec(ctx, createWebToken, gid, string(hash), encode.MS(now))
	if err != nil {
		return false, fmt.Errorf("store web token: %w", err)
	}
	return n == 1, nil
}

// ResetWebToken implements bot.WebTokens.ResetWebToken in the group of row id gid.
func ResetWebToken(ctx context.Context, q Querier, gid int64, hash bot.WebTokenHash, now time.Time) error {
	if _, err := q.Exec(ctx, resetWebToken, gid, string(hash), encode.MS(now)); err != nil {
		return fmt.Errorf("reset web token: %w", err)
	}
	return nil
}

// WebGroup implements bot.WebTokens.WebGroup.
func WebGroup(ctx context.Context, q Querier, hash bot.WebTokenHash) (bot.GroupRef, bool, error) {
	var g bot.GroupRef
	err := q.QueryRow(ctx, webGroup, string(hash)).Scan(&g.Platform, &g.GroupID)
	if errors.Is(err, ErrNoRows) {
		return g, false, nil
	}
	if err != nil {
		return g, false, fmt.Errorf("web group: %w", err)
	}
	return g, true, nil
}
