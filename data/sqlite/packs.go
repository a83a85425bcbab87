package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/studybot/studybot/data/internal/encode"
	"github.com/studybot/studybot/quiz"
)

// StoredPack is a pack imported into the database, kept as its source text.
type StoredPack struct {
	Name       string
	Version    int
	Source     []byte
	ImportedAt time.Time
}

// ImportPack stores a validated pack, replacing an older version of the same name in one transaction. The
// version must be higher than the stored one. Posts refer to questions by id, so the history of every
// question whose id the new version keeps carries over.
func (db *DB) ImportPack(ctx context.Context, p *quiz.Pack, source []byte, now time.Time) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		var cur int
		err := tx.QueryRowContext(ctx, `SELECT version FROM packs WHERE name = ?`, p.ID).Scan(&cur)
		switch {
		case errors.Is(err, sql.ErrNoRows):
		case err != nil:
			return fmt.Errorf("import pack %s: %w", p.ID, err)
		case p.Version <= cur:
			return fmt.Errorf("import pack %s: version %d is not newer than the stored version %d", p.ID, p.Version, cur)
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO packs (name, version, source, imported_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (name) DO UPDATE SET version = excluded.version, source = excluded.source, imported_at = excluded.imported_at`,
			p.ID, p.Version, source, encode.MS(now))
		if err != nil {
			return fmt.Errorf("import pack %s: %w", p.ID, err)
		}
		return nil
	})
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

// PackSource returns an imported pack's version and source by name; ok is false when there is none. It is
// StoredPack in the form every store offers (data/postgres has the same method).
func (db *DB) PackSource(ctx context.Context, name string) (version int, source []byte, ok bool, err error) {
	sp, ok, err := db.StoredPack(ctx, name)
	return sp.Version, sp.Source, ok, err
}
