// Package stores opens the real stores for tests above the data layer (the core's, the adapters'): each
// test runs once on SQLite and once on PostgreSQL, as data/storetest's contract does for the stores.
package stores

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/data/postgres"
	"github.com/studybot/studybot/data/postgres/pgtest"
	"github.com/studybot/studybot/data/sqlite"
)

// Each runs fn on a fresh SQLite file and, when STUDYBOT_TEST_POSTGRES names a server, a fresh PostgreSQL
// schema (pgtest.DSN skips otherwise, and fails under CI). Each call of open is another handle on that one
// database: another process, another replica.
func Each(t *testing.T, fn func(t *testing.T, open func() bot.Store)) {
	ctx := context.Background()
	t.Run("sqlite", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "s.db")
		fn(t, func() bot.Store {
			db, err := sqlite.Open(ctx, path)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			return db
		})
	})
	t.Run("postgres", func(t *testing.T) {
		dsn := pgtest.DSN(t)
		fn(t, func() bot.Store {
			db, err := postgres.Open(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			return db
		})
	})
}
