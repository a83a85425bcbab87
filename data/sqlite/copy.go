package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
)

// ReadSnapshot runs fn in a read-only transaction: one consistent view of the database while other
// connections write. It is for tools that read whole tables (studybot migrate), not for the core.
func (db *DB) ReadSnapshot(ctx context.Context, fn func(tx *sql.Tx) error) error {
	// Its own connection, deferred: the store's connections begin immediate transactions, which would
	// take the write lock for as long as the reading lasts.
	conn, err := sql.Open("sqlite3", dsn(db.path, true, func(q url.Values) { q.Set("_txlock", "deferred") }))
	if err != nil {
		return fmt.Errorf("begin snapshot: %w", err)
	}
	defer conn.Close()
	tx, err := conn.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return fmt.Errorf("begin snapshot: %w", err)
	}
	defer tx.Rollback()
	// A deferred transaction takes its snapshot at its first read.
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations`).Scan(&n); err != nil {
		return fmt.Errorf("begin snapshot: %w", err)
	}
	return fn(tx)
}

// WriteAll runs fn in one write transaction, committed only if fn returns nil: for tools that load whole
// tables at once (studybot migrate), not for the core.
func (db *DB) WriteAll(ctx context.Context, fn func(tx *sql.Tx) error) error {
	return db.write(ctx, fn)
}
