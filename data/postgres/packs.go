package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/studybot/studybot/data/internal/encode"
	"github.com/studybot/studybot/quiz"
)

// ImportPack stores a validated pack, replacing an older version of the same name in one transaction. The
// version must be higher than the stored one.
func (db *DB) ImportPack(ctx context.Context, p *quiz.Pack, source []byte, now time.Time) error {
	return db.tx(ctx, func(tx pgx.Tx) error {
		var cur int
		err := tx.QueryRow(ctx, `SELECT version FROM packs WHERE name = $1 FOR UPDATE`, p.ID).Scan(&cur)
		switch {
		case errors.Is(err, pgx.ErrNoRows):
		case err != nil:
			return fmt.Errorf("import pack %s: %w", p.ID, err)
		case p.Version <= cur:
			return fmt.Errorf("import pack %s: version %d is not newer than the stored version %d", p.ID, p.Version, cur)
		}
		_, err = tx.Exec(ctx, `INSERT INTO packs (name, version, source, imported_at) VALUES ($1, $2, $3, $4)
			ON CONFLICT (name) DO UPDATE SET version = excluded.version, source = excluded.source, imported_at = excluded.imported_at`,
			p.ID, p.Version, source, encode.MS(now))
		if err != nil {
			return fmt.Errorf("import pack %s: %w", p.ID, err)
		}
		return nil
	})
}

// PackSource returns an imported pack's version and source by name; ok is false when there is none.
func (db *DB) PackSource(ctx context.Context, name string) (version int, source []byte, ok bool, err error) {
	err = db.pool.QueryRow(ctx, `SELECT version, source FROM packs WHERE name = $1`, name).Scan(&version, &source)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, nil, false, nil
	}
	if err != nil {
		return 0, nil, false, fmt.Errorf("load pack %s: %w", name, err)
	}
	return version, source, true, nil
}
