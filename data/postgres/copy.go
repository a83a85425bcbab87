package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"
)

// ReadSnapshot runs fn in a read-only REPEATABLE READ transaction: one consistent view of the database
// while replicas write. It is for tools that read whole tables (studybot migrate), not for the core.
func (db *DB) ReadSnapshot(ctx context.Context, fn func(tx pgx.Tx) error) error {
	return pgx.BeginTxFunc(ctx, db.pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, fn)
}

// WriteAll runs fn in one transaction, committed only if fn returns nil: for tools that load whole tables
// at once (studybot migrate), not for the core.
func (db *DB) WriteAll(ctx context.Context, fn func(tx pgx.Tx) error) error {
	return pgx.BeginFunc(ctx, db.pool, fn)
}
