package postgres

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/data/internal/sqlq"
)

// MemberTotals implements bot.Summaries.
func (db *DB) MemberTotals(ctx context.Context, g bot.GroupRef, from, to time.Time) ([]bot.MemberTotal, error) {
	gid, err := db.lookupGroup(ctx, g)
	if err != nil || gid == 0 {
		return nil, err
	}
	return sqlq.MemberTotals(ctx, db.conn(), gid, from, to)
}

// QuestionTotals implements bot.Summaries.
func (db *DB) QuestionTotals(ctx context.Context, g bot.GroupRef, from, to time.Time) ([]bot.QuestionTotal, error) {
	gid, err := db.lookupGroup(ctx, g)
	if err != nil || gid == 0 {
		return nil, err
	}
	return sqlq.QuestionTotals(ctx, db.conn(), gid, from, to)
}

// DomainTotals implements bot.Summaries.
func (db *DB) DomainTotals(ctx context.Context, g bot.GroupRef, from, to time.Time) ([]bot.DomainStats, error) {
	gid, err := db.lookupGroup(ctx, g)
	if err != nil || gid == 0 {
		return nil, err
	}
	return sqlq.DomainTotals(ctx, db.conn(), gid, from, to)
}

// QueueRecap implements bot.Recaps (sqlq.QueueRecap). The channel's lock (see lockChannel) keeps its
// outbox rows numbered in commit order.
func (db *DB) QueueRecap(ctx context.Context, ch bot.ChannelRef, payload string, now, deliverBy time.Time) (queued bool, err error) {
	err = db.tx(ctx, func(tx pgx.Tx) error {
		cid, err := db.lockChannel(ctx, tx, ch)
		if err != nil {
			return err
		}
		queued, err = sqlq.QueueRecap(ctx, conn{tx}, cid, payload, now, deliverBy)
		return err
	})
	return queued, err
}

// RecapState implements bot.Recaps.
func (db *DB) RecapState(ctx context.Context, ch bot.ChannelRef, payload string) (bot.DeliveryState, error) {
	cid, err := db.lookupChannel(ctx, ch)
	if err != nil {
		return bot.DeliveryState{}, err
	}
	return sqlq.RecapState(ctx, db.conn(), cid, payload)
}

// CreateWebToken implements bot.WebTokens (sqlq.CreateWebToken).
func (db *DB) CreateWebToken(ctx context.Context, g bot.GroupRef, hash bot.WebTokenHash) (bool, error) {
	gid, err := db.groupID(ctx, db.pool, g)
	if err != nil {
		return false, err
	}
	return sqlq.CreateWebToken(ctx, db.conn(), gid, hash, time.Now())
}

// ResetWebToken implements bot.WebTokens.
func (db *DB) ResetWebToken(ctx context.Context, g bot.GroupRef, hash bot.WebTokenHash) error {
	gid, err := db.groupID(ctx, db.pool, g)
	if err != nil {
		return err
	}
	return sqlq.ResetWebToken(ctx, db.conn(), gid, hash, time.Now())
}

// WebGroup implements bot.WebTokens.
func (db *DB) WebGroup(ctx context.Context, hash bot.WebTokenHash) (bot.GroupRef, bool, error) {
	return sqlq.WebGroup(ctx, db.conn(), hash)
}
