// Package sqlq is the SQL that both stores share, written once, and the store logic around it that is the
// same on SQLite and PostgreSQL: the query-and-scan functions of the ports, taking a group's row id that
// the store has already resolved (each store keeps its own caches of ids, and its own transactions).
//
// A statement is written once with ? placeholders (or ?N where one argument is used twice) and becomes a
// Stmt, which holds it in both dialects: as written for SQLite, and with $1..$n for PostgreSQL. The
// rewrite happens once, when the package's statements are declared, so that each call hands the driver
// the same string (pgx caches prepared statements by their text).
//
// The functions here reach the database through Querier, the few methods they need. Each store has a thin
// adapter: SQLite's over database/sql (a *sql.DB or a *sql.Tx), PostgreSQL's over pgx (its pool or a
// pgx.Tx). What really differs stays in the stores: upserts that report whether they inserted, RETURNING
// in place of LastInsertId, locking (FOR UPDATE SKIP LOCKED), batching the answer writes, the SQLite
// writer's single connection and retries, PostgreSQL's statement caches and warm-up.
//
// Values are scanned into types both drivers read alike: int64, string, bool, float64, and pointers to
// them for nullable columns (database/sql sets a nil pointer for NULL, as pgx does).
package sqlq

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Stmt is one statement in both dialects.
type Stmt struct {
	SQLite   string
	Postgres string
}

// New makes a Stmt of s, written with ? placeholders (numbered in order of appearance), or with ?N
// placeholders (the N-th argument), not both. Placeholders in a quoted string literal are left alone. It
// panics on a statement that mixes the two forms: statements are package-level values, so any test
// that loads the package finds the mistake.
func New(s string) Stmt {
	pg, err := postgres(s)
	if err != nil {
		panic(fmt.Sprintf("sqlq.New(%q): %v", s, err))
	}
	return Stmt{SQLite: s, Postgres: pg}
}

// postgres rewrites SQLite's ? and ?N placeholders into PostgreSQL's $N.
func postgres(s string) (string, error) {
	var b strings.Builder
	b.Grow(len(s) + 8)
	n := 0
	plain, numbered := false, false
	inQuote := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '\'' {
			inQuote = !inQuote
		}
		if c != '?' || inQuote {
			b.WriteByte(c)
			continue
		}
		j := i + 1
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		b.WriteByte('$')
		if j > i+1 {
			numbered = true
			b.WriteString(s[i+1 : j])
			i = j - 1
		} else {
			plain = true
			n++
			b.WriteString(strconv.Itoa(n))
		}
	}
	if plain && numbered {
		return "", errors.New("mixes ? and ?N placeholders")
	}
	if inQuote {
		return "", errors.New("an unterminated string literal")
	}
	return b.String(), nil
}

// ErrNoRows is what Row.Scan returns when the query found no row, on either store.
var ErrNoRows = errors.New("no rows in result set")

// Querier is what the shared functions need of a store's connection, pool or transaction.
type Querier interface {
	Query(ctx context.Context, s Stmt, args ...any) (Rows, error)
	// QueryRow's Scan returns ErrNoRows when there is no row.
	QueryRow(ctx context.Context, s Stmt, args ...any) Row
	// Exec returns the number of rows the statement changed.
	Exec(ctx context.Context, s Stmt, args ...any) (int64, error)
	// Unique reports whether err is a unique constraint's violation.
	Unique(err error) bool
}

// Rows is the result of Query; both drivers' rows have these methods (database/sql's Close through the
// adapter).
type Rows interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
	Close()
}

// Row is the result of QueryRow.
type Row interface {
	Scan(dest ...any) error
}

// collect reads every row of a query with scan, and closes them.
func collect[T any](rows Rows, err error, scan func(Rows) (T, error)) ([]T, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// Differs makes a Stmt of a statement that says one thing in two dialects (a lock only PostgreSQL takes,
// say), so that the logic around it is still written once. Each is written with its own placeholders.
func Differs(sqlite, postgres string) Stmt {
	return Stmt{SQLite: sqlite, Postgres: postgres}
}
