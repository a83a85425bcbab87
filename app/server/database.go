package server

import (
	"context"
	"time"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/data/library"
	"github.com/studybot/studybot/data/postgres"
	"github.com/studybot/studybot/data/sqlite"
	"github.com/studybot/studybot/quiz"
)

// Database is what the program needs of a store beyond the core's ports: data/sqlite and data/postgres
// both are one.
type Database interface {
	bot.Store
	// Ping reports whether the database can be written now (for /healthz).
	Ping(ctx context.Context) error
	// PackSource and ImportPack keep imported content packs.
	PackSource(ctx context.Context, name string) (version int, source []byte, ok bool, err error)
	ImportPack(ctx context.Context, p *quiz.Pack, source []byte, now time.Time) error
	// library.Stored: the imported packs by name and version, for the core's library.
	library.Stored
	Close() error
}

// Backuper is a Database that can write a consistent copy of itself to a file (SQLite). PostgreSQL is
// backed up with its own tools (pg_dump), which also copy a database in use.
type Backuper interface {
	Backup(ctx context.Context, path string) error
}

var (
	_ Database = (*sqlite.DB)(nil)
	_ Database = (*postgres.DB)(nil)
	_ Backuper = (*sqlite.DB)(nil)
)

// IsPostgres reports whether STUDYBOT_DB names a PostgreSQL database rather than a SQLite file.
func IsPostgres(db string) bool { return postgres.IsDSN(db) }

// OpenDatabase opens the store STUDYBOT_DB names: PostgreSQL for a postgres:// or postgresql:// URL,
// otherwise the SQLite file at that path.
func OpenDatabase(ctx context.Context, db string) (Database, error) {
	if IsPostgres(db) {
		pg, err := postgres.Open(ctx, db)
		if err != nil {
			return nil, err
		}
		return pg, nil
	}
	lite, err := sqlite.Open(ctx, db)
	if err != nil {
		return nil, err
	}
	return lite, nil
}

// DisplayDB is STUDYBOT_DB as it may be logged: a URL without its secrets, and never a libpq key=value
// string (CheckDB refuses one; it would carry its password in the clear).
func DisplayDB(db string) string {
	switch {
	case IsPostgres(db):
		return postgres.Redact(db)
	case IsKeyValueDSN(db):
		return "(a key=value connection string)"
	}
	return db
}

// NoBackup is why `studybot backup` does not copy a PostgreSQL database.
const NoBackup = "is a PostgreSQL database: back it up with pg_dump (pg_dump -Fc -f studybot.dump \"$STUDYBOT_DB\"), which is consistent while studybot runs; studybot backup copies SQLite files"
