// Package sqlite is the bot.Store on one SQLite file (github.com/mattn/go-sqlite3): embedded numbered
// migrations, WAL, a single writer connection and a pool of readers.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/mattn/go-sqlite3"

	"github.com/studybot/studybot/data/internal/sqlq"
	"github.com/studybot/studybot/internal/wait"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// DB is an open studybot database.
type DB struct {
	// Reads are the ports' reads that both stores make alike, on the reader pool.
	sqlq.Reads

	path string
	// w has one connection: SQLite allows one writer at a time, and queueing writers in Go is faster and
	// fairer than letting them spin on the busy handler. r serves reads concurrently (WAL).
	w *sql.DB
	r *sql.DB

	ids sqlq.IDs // the row ids of groups and channels (committed rows only)

	mu      sync.RWMutex
	gzones  map[int64]*time.Location // group id -> its zone; dropped when a schedule changes
	posts   map[int64]cachedPost     // recent post reads, for the clicks that follow a post
	streaks map[int64]streakSource   // by post id; the answer writer's alone, unlocked

	// ckpt is the checkpointer's own connection; answers feeds the answer writer (batch.go).
	ckpt           *sql.DB
	answers        chan *answerReq
	closing        chan struct{}
	writerDone     chan struct{}
	checkpointDone chan struct{}
	closeOnce      sync.Once
}

// ErrNotDatabase and ErrReadOnly describe files that cannot be used.
var (
	ErrNotDatabase = errors.New("is not a SQLite database")
	ErrReadOnly    = errors.New("is read-only")
)

// Open opens (creating if needed) the database at path and applies any pending migrations. A file that is
// not SQLite, or cannot be written, is refused without being changed.
func Open(ctx context.Context, path string) (*DB, error) {
	return open(ctx, path, migrationFS)
}

func open(ctx context.Context, path string, migrations fs.FS) (*DB, error) {
	if path == "" {
		return nil, errors.New("open database: no path")
	}
	if fi, err := os.Stat(path); err == nil {
		if fi.IsDir() {
			return nil, fmt.Errorf("open database %s: is a directory", path)
		}
		if fi.Mode().Perm()&0o200 == 0 {
			return nil, fmt.Errorf("open database %s: %w (mode %v)", path, ErrReadOnly, fi.Mode().Perm())
		}
		if err := checkHeader(path, fi.Size()); err != nil {
			return nil, err
		}
	} else if !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	} else if _, err := os.Stat(filepath.Dir(path)); err != nil {
		return nil, fmt.Errorf("open database %s: directory %s does not exist", path, filepath.Dir(path))
	}

	w, err := sql.Open("sqlite3", dsn(path, false))
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	r, err := sql.Open("sqlite3", dsn(path, true))
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	r.SetMaxOpenConns(8)
	r.SetMaxIdleConns(8)
	db := &DB{path: path, w: w, r: r, gzones: map[int64]*time.Location{}, posts: map[int64]cachedPost{},
		streaks: map[int64]streakSource{}}
	db.Reads = sqlq.NewReads(conn{r}, db.lookupGroup, db.lookupChannel)
	if err := db.migrate(ctx, migrations); err != nil {
		db.Close()
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	// The background checkpointer keeps the WAL short; the writer's own automatic checkpoints (and their
	// fsync) then rarely land inside an answer's commit.
	if _, err := db.w.ExecContext(ctx, `PRAGMA wal_autocheckpoint = 10000`); err != nil {
		db.Close()
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	ckpt, err := sql.Open("sqlite3", dsn(path, false))
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	ckpt.SetMaxOpenConns(1)
	db.ckpt = ckpt
	db.answers = make(chan *answerReq, 2*maxBatch)
	db.closing = make(chan struct{})
	db.writerDone = make(chan struct{})
	db.checkpointDone = make(chan struct{})
	go db.runAnswerWriter()
	go db.runCheckpointer(time.Second)
	return db, nil
}

// checkHeader refuses a non-empty file that does not start with SQLite's magic string, before SQLite is
// allowed near it.
func checkHeader(path string, size int64) error {
	if size == 0 {
		return nil
	}
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("open database %s: %w", path, err)
	}
	defer f.Close()
	var magic [16]byte
	n, _ := f.Read(magic[:])
	if n < 16 || string(magic[:]) != "SQLite format 3\x00" {
		return fmt.Errorf("open database %s: %w", path, ErrNotDatabase)
	}
	return nil
}

// dsn is the connection string of the store's connections to the file at path; each of change adjusts
// the parameters for one connection that needs others.
func dsn(path string, readOnly bool, change ...func(url.Values)) string {
	q := url.Values{}
	q.Set("_busy_timeout", "10000")
	q.Set("_foreign_keys", "on")
	q.Set("_journal_mode", "WAL")
	q.Set("_synchronous", "NORMAL")
	q.Set("_txlock", "immediate")
	// Each connection keeps its prepared statements: the hot paths run the same few queries.
	q.Set("_stmt_cache_size", "128")
	if readOnly {
		q.Set("_query_only", "true")
	}
	for _, f := range change {
		f(q)
	}
	return "file:" + uriPath.Replace(path) + "?" + q.Encode()
}

// uriPath escapes the characters that would end or garble the path part of a SQLite URI filename (a '#'
// in a temporary directory's name once cut the path short and opened a different file).
var uriPath = strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23")

// Close finishes the answers queued, checkpoints the WAL and closes the database.
func (db *DB) Close() error {
	var errs []error
	db.closeOnce.Do(func() {
		if db.closing != nil {
			close(db.closing)
			<-db.writerDone
			<-db.checkpointDone
		}
		if db.ckpt != nil {
			errs = append(errs, db.ckpt.Close())
		}
	})
	if db.w != nil {
		if _, err := db.w.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`); err != nil && !isNotDB(err) {
			errs = append(errs, fmt.Errorf("checkpoint: %w", err))
		}
	}
	if db.r != nil {
		errs = append(errs, db.r.Close())
	}
	if db.w != nil {
		errs = append(errs, db.w.Close())
	}
	return errors.Join(errs...)
}

func isNotDB(err error) bool {
	var se sqlite3.Error
	return errors.As(err, &se) && se.Code == sqlite3.ErrNotADB
}

// Path returns the database file's path.
func (db *DB) Path() string { return db.path }

func (db *DB) migrate(ctx context.Context, migrations fs.FS) error {
	if _, err := db.w.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)`); err != nil {
		if isNotDB(err) {
			return ErrNotDatabase
		}
		var se sqlite3.Error
		if errors.As(err, &se) && se.Code == sqlite3.ErrReadonly {
			return ErrReadOnly
		}
		return fmt.Errorf("create migrations table: %w", err)
	}
	ms, err := sqlq.Migrations(migrations)
	if err != nil {
		return err
	}
	for _, m := range ms {
		if err := db.apply(ctx, m); err != nil {
			return err
		}
	}
	return nil
}

// apply runs one migration in a transaction and records it; one already recorded is skipped.
func (db *DB) apply(ctx context.Context, m sqlq.Migration) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		return sqlq.Apply(ctx, conn{tx}, m, time.Now(), func() error {
			if _, err := tx.ExecContext(ctx, m.Body); err != nil {
				return err
			}
			if step := goStep(m.Name); step != nil {
				return step(ctx, tx)
			}
			return nil
		})
	})
}

// goStep returns what a migration does in Go after its SQL, in the same transaction, for what SQLite's SQL
// cannot say; nil for most. It is found by the file's whole name, so a test's own migrations never match.
func goStep(name string) func(ctx context.Context, tx *sql.Tx) error {
	switch name {
	case "009_web_token_hash.sql":
		return hashWebTokens
	}
	return nil
}

// write runs fn in one immediate transaction on the writer connection, retrying while the database is
// locked by another process (busy_timeout covers most of that; this covers the rest).
func (db *DB) write(ctx context.Context, fn func(tx *sql.Tx) error) error {
	var err error
	for attempt := 0; attempt < 5; attempt++ {
		err = db.writeOnce(ctx, fn)
		if !isBusy(err) {
			return err
		}
		if err := wait.Sleep(ctx, time.Duration(attempt+1)*50*time.Millisecond); err != nil {
			return err
		}
	}
	return err
}

func (db *DB) writeOnce(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

func isBusy(err error) bool {
	var se sqlite3.Error
	return errors.As(err, &se) && (se.Code == sqlite3.ErrBusy || se.Code == sqlite3.ErrLocked)
}

// isUnique reports a unique constraint's violation, a primary key's included (as PostgreSQL's 23505 does):
// a table whose key is not the rowid reports its duplicates as the primary key's.
func isUnique(err error) bool {
	var se sqlite3.Error
	return errors.As(err, &se) && (se.ExtendedCode == sqlite3.ErrConstraintUnique || se.ExtendedCode == sqlite3.ErrConstraintPrimaryKey)
}

// Ping checks that the database can be written: the file is writable and a write transaction can be
// begun on a fresh connection within ctx (a database locked by another process fails here).
func (db *DB) Ping(ctx context.Context) error {
	fi, err := os.Stat(db.path)
	if err != nil {
		return fmt.Errorf("database file: %w", err)
	}
	if fi.Mode().Perm()&0o200 == 0 {
		return ErrReadOnly
	}
	// A fresh connection through the same DSN as the store's (escaped path), but waiting at most a
	// second for a lock.
	conn, err := sql.Open("sqlite3", dsn(db.path, false, func(q url.Values) { q.Set("_busy_timeout", "1000") }))
	if err != nil {
		return err
	}
	defer conn.Close()
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("not writable: %w", err)
	}
	return tx.Rollback()
}

// Backup writes a consistent copy of the live database to path with VACUUM INTO. The file must not exist.
func (db *DB) Backup(ctx context.Context, path string) error {
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("backup to %s: file exists", path)
	}
	// Its own connection: VACUUM INTO reads in one snapshot, so writers carry on meanwhile, and the
	// reader pool is query-only.
	conn, err := sql.Open("sqlite3", dsn(db.path, false))
	if err != nil {
		return fmt.Errorf("backup to %s: %w", path, err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `VACUUM INTO ?`, path); err != nil {
		return fmt.Errorf("backup to %s: %w", path, err)
	}
	return nil
}
