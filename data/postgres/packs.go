package postgres

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/data/internal/sqlq"
	"github.com/studybot/studybot/quiz"
)

// ImportPack stores a validated pack, replacing an older version of the same name in one transaction
// (sqlq.ImportPack). The version must be higher than the stored one.
func (db *DB) ImportPack(ctx context.Context, p *quiz.Pack, source []byte, now time.Time) error {
	return db.tx(ctx, func(tx pgx.Tx) error { return sqlq.ImportPack(ctx, conn{tx}, p, source, now) })
}

// ImportGroupPack implements bot.OwnPacks: sqlq.ImportGroupPack in one transaction.
func (db *DB) ImportGroupPack(ctx context.Context, g bot.GroupRef, p *quiz.Pack, source []byte, now time.Time) error {
	return db.tx(ctx, func(tx pgx.Tx) error {
		return sqlq.ImportGroupPack(ctx, conn{tx}, bot.PackOwnerOf(g), p, source, now)
	})
}
