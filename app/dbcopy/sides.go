package dbcopy

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
)

// side is one end of a copy inside its transaction: a read snapshot of the source, or the target's one
// write transaction.
type side interface {
	// columns lists each table's columns.
	columns(ctx context.Context) (map[string][]string, error)
	count(ctx context.Context, t table) (int64, error)
	// scan reads a table's rows in key order.
	scan(ctx context.Context, t table, fn func(row []any) error) error
	// get reads one row by its key.
	get(ctx context.Context, t table, key []any) ([]any, bool, error)
	insert(ctx context.Context, t table, rows [][]any) error
	// finish readies the copied tables for use (PostgreSQL: identity sequences continue after the ids).
	finish(ctx context.Context) error
}

func quoted(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = `"` + n + `"`
	}
	return strings.Join(q, ", ")
}

// keyWhere is "k1" = ? AND "k2" = ? with placeholders made by ph(i).
func keyWhere(t table, ph func(i int) string) string {
	parts := make([]string, len(t.key))
	for i, k := range t.key {
		parts[i] = `"` + k + `" = ` + ph(i+1)
	}
	return strings.Join(parts, " AND ")
}

// rowCursor is what database/sql's and pgx's rows both have.
type rowCursor interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
}

// columnMap reads (table, column) rows into each table's columns in the order they came.
func columnMap(rows rowCursor) (map[string][]string, error) {
	out := map[string][]string{}
	for rows.Next() {
		var t, c string
		if err := rows.Scan(&t, &c); err != nil {
			return nil, fmt.Errorf("read column: %w", err)
		}
		out[t] = append(out[t], c)
	}
	return out, rows.Err()
}

// sqliteSide reads or writes a SQLite database in tx.
type sqliteSide struct{ tx *sql.Tx }

func (s sqliteSide) columns(ctx context.Context) (map[string][]string, error) {
	rows, err := s.tx.QueryContext(ctx, `SELECT m.name, p.name FROM sqlite_schema m, pragma_table_info(m.name) p
		WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' ORDER BY m.name, p.cid`)
	if err != nil {
		return nil, fmt.Errorf("list columns: %w", err)
	}
	defer rows.Close()
	return columnMap(rows)
}

func (s sqliteSide) count(ctx context.Context, t table) (int64, error) {
	var n int64
	err := s.tx.QueryRowContext(ctx, `SELECT count(*) FROM "`+t.name+`"`).Scan(&n)
	return n, err
}

func (s sqliteSide) scan(ctx context.Context, t table, fn func([]any) error) error {
	rows, err := s.tx.QueryContext(ctx, `SELECT `+quoted(t.colNames())+` FROM "`+t.name+`" ORDER BY `+quoted(t.key))
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		row := make([]any, len(t.cols))
		ptrs := make([]any, len(row))
		for i := range row {
			ptrs[i] = &row[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		if err := fn(row); err != nil {
			return err
		}
	}
	return rows.Err()
}

func (s sqliteSide) get(ctx context.Context, t table, key []any) ([]any, bool, error) {
	row := make([]any, len(t.cols))
	ptrs := make([]any, len(row))
	for i := range row {
		ptrs[i] = &row[i]
	}
	err := s.tx.QueryRowContext(ctx, `SELECT `+quoted(t.colNames())+` FROM "`+t.name+`" WHERE `+keyWhere(t, func(int) string { return "?" }), key...).Scan(ptrs...)
	if err == sql.ErrNoRows {
		return nil, false, nil
	}
	return row, err == nil, err
}

func (s sqliteSide) insert(ctx context.Context, t table, rows [][]any) error {
	ph := strings.TrimSuffix(strings.Repeat("?, ", len(t.cols)), ", ")
	stmt, err := s.tx.PrepareContext(ctx, `INSERT INTO "`+t.name+`" (`+quoted(t.colNames())+`) VALUES (`+ph+`)`)
	if err != nil {
		return err
	}
	defer stmt.Close()
	for _, r := range rows {
		if _, err := stmt.ExecContext(ctx, r...); err != nil {
			return err
		}
	}
	return nil
}

func (s sqliteSide) finish(context.Context) error { return nil }

// pgSide reads or writes a PostgreSQL database in tx.
type pgSide struct{ tx pgx.Tx }

func (s pgSide) columns(ctx context.Context) (map[string][]string, error) {
	rows, err := s.tx.Query(ctx, `SELECT table_name, column_name FROM information_schema.columns
		WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position`)
	if err != nil {
		return nil, fmt.Errorf("list columns: %w", err)
	}
	defer rows.Close()
	return columnMap(rows)
}

func (s pgSide) count(ctx context.Context, t table) (int64, error) {
	var n int64
	err := s.tx.QueryRow(ctx, `SELECT count(*) FROM "`+t.name+`"`).Scan(&n)
	return n, err
}

func (s pgSide) scan(ctx context.Context, t table, fn func([]any) error) error {
	rows, err := s.tx.Query(ctx, `SELECT `+quoted(t.colNames())+` FROM "`+t.name+`" ORDER BY `+quoted(t.key))
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		row, err := rows.Values()
		if err != nil {
			return err
		}
		if err := fn(row); err != nil {
			return err
		}
	}
	return rows.Err()
}

func (s pgSide) get(ctx context.Context, t table, key []any) ([]any, bool, error) {
	rows, err := s.tx.Query(ctx, `SELECT `+quoted(t.colNames())+` FROM "`+t.name+`" WHERE `+keyWhere(t, func(i int) string { return fmt.Sprintf("$%d", i) }), key...)
	if err != nil {
		return nil, false, err
	}
	defer rows.Close()
	if !rows.Next() {
		return nil, false, rows.Err()
	}
	row, err := rows.Values()
	return row, err == nil, err
}

func (s pgSide) insert(ctx context.Context, t table, rows [][]any) error {
	_, err := s.tx.CopyFrom(ctx, pgx.Identifier{t.name}, t.colNames(), pgx.CopyFromRows(rows))
	return err
}

func (s pgSide) finish(ctx context.Context) error {
	for _, t := range tables {
		if t.identity == "" {
			continue
		}
		if _, err := s.tx.Exec(ctx, `SELECT setval(pg_get_serial_sequence($1, $2), coalesce((SELECT max("`+t.identity+`") FROM "`+t.name+`"), 0) + 1, false)`,
			t.name, t.identity); err != nil {
			return fmt.Errorf("continue the ids of %s: %w", t.name, err)
		}
	}
	return nil
}
