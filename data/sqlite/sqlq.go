package sqlite

import (
	"context"
	"database/sql"
	"errors"

	"github.com/studybot/studybot/data/internal/sqlq"
)

// conn adapts a *sql.DB or *sql.Tx to sqlq.Querier, for the queries both stores share.
type conn struct {
	c interface {
		QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
		QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
		ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	}
}

// reader is the reader pool as a sqlq.Querier.
func (db *DB) reader() sqlq.Querier { return conn{db.r} }

func (c conn) Query(ctx context.Context, s sqlq.Stmt, args ...any) (sqlq.Rows, error) {
	r, err := c.c.QueryContext(ctx, s.SQLite, args...)
	if err != nil {
		return nil, err
	}
	return rows{r}, nil
}

func (c conn) QueryRow(ctx context.Context, s sqlq.Stmt, args ...any) sqlq.Row {
	return row{c.c.QueryRowContext(ctx, s.SQLite, args...)}
}

func (c conn) Exec(ctx context.Context, s sqlq.Stmt, args ...any) (int64, error) {
	res, err := c.c.ExecContext(ctx, s.SQLite, args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

func (conn) Unique(err error) bool { return isUnique(err) }

type rows struct{ *sql.Rows }

func (r rows) Close() { r.Rows.Close() }

type row struct{ r *sql.Row }

func (r row) Scan(dest ...any) error {
	err := r.r.Scan(dest...)
	if errors.Is(err, sql.ErrNoRows) {
		return sqlq.ErrNoRows
	}
	return err
}
