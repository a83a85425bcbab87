package sqlite

import (
	"context"
	"database/sql"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/data/internal/sqlq"
)

// SetThreads implements bot.Channels (sqlq.SetThreads).
func (db *DB) SetThreads(ctx context.Context, ref bot.ChannelRef, off bool) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		cid, err := db.channelID(ctx, tx, ref)
		if err != nil {
			return err
		}
		return sqlq.SetThreads(ctx, conn{tx}, cid, off)
	})
}
