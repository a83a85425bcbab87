// Package sqlq is what data/sqlite and data/postgres share: their SQL written once, and the store logic
// around it that is the same on SQLite and PostgreSQL (the store-side rules among it: a channel's history
// starting its seen set again at each new cycle, a member's streak read from the answers, one
// confirmation per id, a delivery finished only by its claim's owner). Each store keeps only what really
// differs: its transactions (SQLite's one writer connection and its retries, PostgreSQL's retries of
// deadlocks), upserts that must say whether they inserted, locking (FOR UPDATE, SKIP LOCKED, the
// channel's lock), batching (the answer writers, COPY, unnest) and the reads it makes its own way for
// speed (SQLite's joined strings and raw bytes).
//
// A statement is written once with ? placeholders (or ?N where one argument is used twice) and becomes a
// Stmt holding it in both dialects: as written for SQLite, and with $1..$n for PostgreSQL. The rewrite
// happens when the package's statements are declared (package-level strings, computed once), so each
// call hands the driver the same text: pgx caches prepared statements by their text, and PostgreSQL's
// warm-up prepares the click path's statements by it. Where a statement says one thing in two dialects
// (a lock only PostgreSQL takes), Differs holds both forms, so the logic around it is still written once.
//
// The functions reach the database through Querier, the four methods they need. Each store has a thin
// adapter (sqlq.go in each): SQLite's over database/sql (a *sql.DB or a *sql.Tx), PostgreSQL's over pgx
// v5 natively (its pool or a pgx.Tx), so neither store goes through the other's driver model. A function
// takes the row ids of groups and channels the store resolved (each store creates them its own way; IDs
// remembers them for both), and runs in whatever the store hands it: its pool for a read, its
// transaction for a write.
//
// Reads gathers the ports' reads that are alike on both stores; each store embeds it, so a read is one
// method here rather than a thin method in each store. Migrations and Apply list and apply the numbered
// migrations; each store runs a migration's body its own way. Values are scanned into types both drivers
// read alike: int64, string, bool, float64, and pointers to them for nullable columns (database/sql sets
// a nil pointer for NULL, as pgx does); times are unix milliseconds (data/internal/encode).
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
