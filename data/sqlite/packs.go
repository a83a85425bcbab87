package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/data/internal/encode"
	"github.com/studybot/studybot/data/internal/sqlq"
	"github.com/studybot/studybot/quiz"
)

// StoredPack is a pack imported into the database, kept as its source text.
type StoredPack struct {
	Name       string
	Version    int
	Source     []byte
	ImportedAt time.Time
}

// ImportPack stores a validated pack, replacing an older version of the same name in one transaction
// (sqlq.ImportPack). The version must be higher than the stored one.
func (db *DB) ImportPack(ctx context.Context, p *quiz.Pack, source []byte, now time.Time) error {
	return db.write(ctx, func(tx *sql.Tx) error { return sqlq.ImportPack(ctx, conn{tx}, p, source, now) })
}

// StoredPack returns an imported pack by name; ok is false when there is none.
func (db *DB) StoredPack(ctx context.Context, name string) (StoredPack, bool, error) {
	var sp StoredPack
	var at int64
	err := db.r.QueryRowContext(ctx, `SELECT name, version, source, imported_at FROM packs WHERE name = ?`, name).Scan(&sp.Name, &sp.Version, &sp.Source, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return sp, false, nil
	}
	if err != nil {
		return sp, false, fmt.Errorf("load pack %s: %w", name, err)
	}
	sp.ImportedAt = encode.Time(at)
	return sp, true, nil
}

// ImportGroupPack implements bot.OwnPacks: sqlq.ImportGroupPack in one transaction.
func (db *DB) ImportGroupPack(ctx context.Context, g bot.GroupRef, p *quiz.Pack, source []byte, now time.Time) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		return sqlq.ImportGroupPack(ctx, conn{tx}, bot.PackOwnerOf(g), p, source, now)
	})
}
