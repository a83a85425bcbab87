package sqlite

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/data/storetest"
)

// TestContract runs the store contract (data/storetest) on SQLite files; two handles on one file are two
// processes sharing it.
func TestContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T) func() bot.Store {
		path := filepath.Join(t.TempDir(), "studybot.db")
		return func() bot.Store {
			db, err := Open(context.Background(), path)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			return db
		}
	})
}
