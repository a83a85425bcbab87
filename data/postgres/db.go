// Package postgres is the bot.Store on PostgreSQL (github.com/jackc/pgx/v5), for deployments that outgrow
// one machine: several studybot replicas share one database. It keeps the guarantees of data/sqlite by
// constraints rather than by reading before writing (one answer per member per post, one post per channel
// per slot, at most one open post per channel), updates score buckets in the answer's own statement, and
// hands out outbox rows with FOR UPDATE SKIP LOCKED so that each message is claimed by one replica.
//
// Times are stored as data/sqlite stores them, in unix milliseconds (BIGINT), so that `studybot migrate`
// copies rows between the two without converting them.
package postgres

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"golang.org/x/sync/singleflight"

	"github.com/studybot/studybot/data/internal/sqlq"
	"github.com/studybot/studybot/internal/wait"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// DB is an open studybot database on PostgreSQL.
//
// It keeps in memory only what cannot go stale while other replicas write to the same database, or what
// the database checks again where it matters: the ids of groups and channels (rows that are never deleted
// or renumbered), a group's zone (every answer's statement checks it), and delivered open posts (see
// Post). (The choice of answers already recorded is remembered by the core: bot.Bot.recordAnswer.) Moderators, confirmations, notices and the outbox are read from the database every time.
type DB struct {
	// Reads are the ports' reads that both stores make alike.
	sqlq.Reads

	pool *pgxpool.Pool
	dsn  string

	ids sqlq.IDs // the row ids of groups and channels (committed rows only)

	mu     sync.RWMutex
	gzones map[int64]string // group id -> the zone last seen; every answer's statement checks it
	posts  map[int64]cachedPost

	loads      singleflight.Group // one query for the callers that miss a cache together (flight.go)
	postWrites atomic.Uint64      // changes of posts made here: a read of a post shares only with reads after the same one
	migrated   atomic.Bool        // the schema is current: connections may be warmed (warm.go)
	warm       sync.Map           // *pgx.Conn -> struct{}: the connections warmed

	// answerQ feeds the answer writers (batch.go); closing stops them, writersDone says they stopped.
	answerQ     chan *answerReq
	closing     chan struct{}
	writersDone chan struct{}
	closeOnce   sync.Once
}

// IsDSN reports whether s names a PostgreSQL database (a postgres:// or postgresql:// URL) rather than a
// SQLite file.
func IsDSN(s string) bool {
	return strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://")
}

// CheckDSN reports what is wrong with a PostgreSQL URL, without connecting.
func CheckDSN(dsn string) error {
	if !IsDSN(dsn) {
		return errors.New("is not a postgres:// or postgresql:// URL")
	}
	if _, err := url.Parse(dsn); err != nil {
		return errors.New("is not a valid URL")
	}
	if _, err := pgxpool.ParseConfig(dsn); err != nil {
		return fmt.Errorf("is not a valid PostgreSQL URL: %s", redactErr(err, dsn))
	}
	return nil
}

// defaultMaxConns is the pool size unless the URL sets pool_max_conns: enough for a burst of clicks to
// keep the server's cores busy, few enough that several replicas fit in PostgreSQL's default
// max_connections (100).
const defaultMaxConns = 16

// Open connects to the database at dsn (a postgres:// URL) and applies any pending migrations. Replicas
// that start together migrate once: the migrations run under an advisory lock.
func Open(ctx context.Context, dsn string) (*DB, error) {
	return open(ctx, dsn, migrationFS)
}

func open(ctx context.Context, dsn string, migrations fs.FS) (*DB, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("open database: %s", redactErr(err, dsn))
	}
	if !strings.Contains(dsn, "pool_max_conns") {
		cfg.MaxConns = defaultMaxConns
	}
	if !strings.Contains(dsn, "pool_min_conns") {
		// Connections kept open and warm while idle, so that the first burst of clicks after a quiet spell
		// does not wait for new ones (warm.go).
		cfg.MinConns = min(warmConns, cfg.MaxConns)
	}
	db := &DB{dsn: dsn, gzones: map[int64]string{}, posts: map[int64]cachedPost{}}
	// Statements are prepared once per connection and cached (pgx's default); the hot paths are a few.
	cfg.PrepareConn, cfg.BeforeClose = db.prepareConn, db.forgetConn
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("open database %s: %s", Redact(dsn), redactErr(err, dsn))
	}
	db.pool = pool
	db.Reads = sqlq.NewReads(conn{pool}, db.lookupGroup, db.lookupChannel)
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("open database %s: %s", Redact(dsn), redactErr(err, dsn))
	}
	if err := db.migrate(ctx, migrations); err != nil {
		pool.Close()
		return nil, fmt.Errorf("open database %s: %w", Redact(dsn), err)
	}
	db.migrated.Store(true)
	if err := db.warmPool(ctx, int(cfg.MinConns)); err != nil {
		pool.Close()
		return nil, fmt.Errorf("open database %s: %w", Redact(dsn), err)
	}
	db.startAnswerWriters(ctx)
	return db, nil
}

// Redact returns the URL without its secrets, for logs and errors: the password, and the parameters
// secretParams names.
func Redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return "postgres://…"
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	q := u.Query()
	changed := false
	for _, k := range secretParams(q) {
		q.Set(k, "xxxxx")
		changed = true
	}
	if changed {
		u.RawQuery = q.Encode()
	}
	return u.String()
}

// HasSecret reports whether the URL carries a secret that Redact would hide: a password, or a parameter
// secretParams names.
func HasSecret(dsn string) bool {
	u, err := url.Parse(dsn)
	if err != nil {
		return true // it cannot be read, so it cannot be shown to be free of one
	}
	_, pw := u.User.Password()
	return pw || len(secretParams(u.Query())) > 0
}

// secretParams names the parameters of q that carry a secret: password, sslpassword (the passphrase of
// the client's key), and sslkey when sslinline says it is the key itself rather than a file name.
func secretParams(q url.Values) []string {
	var keys []string
	for _, k := range []string{"password", "sslpassword"} {
		if q.Has(k) {
			keys = append(keys, k)
		}
	}
	if inline, _ := strconv.ParseBool(q.Get("sslinline")); inline && q.Has("sslkey") {
		keys = append(keys, "sslkey")
	}
	return keys
}

// redactErr is err's text with the URL's secrets, if any, taken out (pgx quotes parts of the URL).
func redactErr(err error, dsn string) string {
	s := err.Error()
	u, perr := url.Parse(dsn)
	if perr != nil {
		return s
	}
	if pw, ok := u.User.Password(); ok && pw != "" {
		s = strings.ReplaceAll(s, pw, "xxxxx")
	}
	q := u.Query()
	for _, k := range secretParams(q) {
		for _, v := range q[k] {
			if v != "" {
				s = strings.ReplaceAll(s, v, "xxxxx")
			}
		}
	}
	return s
}

// Close writes the answers queued, then closes the pool.
func (db *DB) Close() error {
	db.stopAnswerWriters()
	db.pool.Close()
	return nil
}

// Ping checks that the database answers and accepts writes (not a read-only standby) within ctx.
func (db *DB) Ping(ctx context.Context) error {
	var readOnly string
	if err := db.pool.QueryRow(ctx, `SHOW transaction_read_only`).Scan(&readOnly); err != nil {
		return fmt.Errorf("ping: %w", err)
	}
	if readOnly == "on" {
		return errors.New("ping: the database is read-only (a standby?)")
	}
	return nil
}

// migrationLock is the first half of the advisory lock key under which migrations run ("stdy"); the
// second is a hash of the schema, so that deployments in two schemas of one database do not wait for
// each other.
const migrationLock int32 = 0x73746479

// migrate applies pending migrations, each in its own transaction and recorded, while holding an advisory
// lock on one connection so that replicas starting together apply each migration once; the others wait,
// then find it recorded.
func (db *DB) migrate(ctx context.Context, migrations fs.FS) error {
	pc, err := db.pool.Acquire(ctx)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	defer pc.Release()
	if _, err := pc.Exec(ctx, `SELECT pg_advisory_lock($1, hashtext(current_schema()))`, migrationLock); err != nil {
		return fmt.Errorf("migrate: lock: %w", err)
	}
	defer pc.Exec(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1, hashtext(current_schema()))`, migrationLock)
	if _, err := pc.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)`); err != nil {
		return fmt.Errorf("create migrations table: %w", err)
	}
	ms, err := sqlq.Migrations(migrations)
	if err != nil {
		return err
	}
	for _, m := range ms {
		err = pgx.BeginFunc(ctx, pc, func(tx pgx.Tx) error {
			return sqlq.Apply(ctx, conn{tx}, m, time.Now(), func() error {
				// Simple protocol: a migration is several statements in one string.
				_, err := tx.Exec(ctx, m.Body, pgx.QueryExecModeSimpleProtocol)
				return err
			})
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// tx runs fn in a transaction, again from the start when PostgreSQL aborted it for a deadlock or a
// serialization failure (which only a retry resolves).
func (db *DB) tx(ctx context.Context, fn func(tx pgx.Tx) error) error {
	var err error
	for attempt := 0; attempt < 5; attempt++ {
		err = pgx.BeginFunc(ctx, db.pool, fn)
		if !retryable(err) {
			return err
		}
		if err := wait.Sleep(ctx, time.Duration(attempt+1)*10*time.Millisecond); err != nil {
			return err
		}
	}
	return err
}

func pgCode(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code
	}
	return ""
}

// retryable reports a deadlock or serialization failure.
func retryable(err error) bool {
	c := pgCode(err)
	return c == "40P01" || c == "40001"
}

// isUnique reports a unique violation.
func isUnique(err error) bool { return pgCode(err) == "23505" }

// querier is what a pool and a transaction have in common.
type querier interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}
