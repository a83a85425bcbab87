package postgres

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"

	"github.com/studybot/studybot/data/internal/sqlq"
)

// conn adapts the pool or a pgx.Tx to sqlq.Querier, for the queries both stores share.
type conn struct{ q querier }

// conn is the pool as a sqlq.Querier.
func (db *DB) conn() sqlq.Querier { return conn{db.pool} }

func (c conn) Query(ctx context.Context, s sqlq.Stmt, args ...any) (sqlq.Rows, error) {
	r, err := c.q.Query(ctx, s.Postgres, args...)
	if err != nil {
		return nil, err
	}
	return r, nil
}

func (c conn) QueryRow(ctx context.Context, s sqlq.Stmt, args ...any) sqlq.Row {
	return row{c.q.QueryRow(ctx, s.Postgres, args...)}
}

func (c conn) Exec(ctx context.Context, s sqlq.Stmt, args ...any) (int64, error) {
	tag, err := c.q.Exec(ctx, s.Postgres, args...)
	if err != nil {
		return 0, err
	}
	return tag.RowsAffected(), nil
}

func (conn) Unique(err error) bool { return isUnique(err) }

type row struct{ r pgx.Row }

func (r row) Scan(dest ...any) error {
	err := r.r.Scan(dest...)
	if errors.Is(err, pgx.ErrNoRows) {
		return sqlq.ErrNoRows
	}
	return err
}
