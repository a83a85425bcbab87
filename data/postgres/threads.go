package postgres

import (
	"context"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/data/internal/sqlq"
)

// SetThreads implements bot.Channels (sqlq.SetThreads).
func (db *DB) SetThreads(ctx context.Context, ref bot.ChannelRef, off bool) error {
	cid, err := db.channelID(ctx, db.pool, ref)
	if err != nil {
		return err
	}
	return sqlq.SetThreads(ctx, db.conn(), cid, off)
}
