package postgres

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/data/internal/sqlq"
)

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
