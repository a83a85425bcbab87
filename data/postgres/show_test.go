package postgres

import (
	"context"
	"io/fs"
	"testing"
	"testing/fstest"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/data/postgres/pgtest"
)

// Migration 007 keeps only the hash of the web tokens stored before it: the links given out keep working,
// and the database no longer holds the token itself.
func TestWebTokenMigrationHashesOldTokens(t *testing.T) {
	ctx := context.Background()
	dsn := pgtest.DSN(t)
	before := fstest.MapFS{}
	names, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range names {
		if n >= "migrations/007" {
			continue
		}
		body, err := fs.ReadFile(migrationFS, n)
		if err != nil {
			t.Fatal(err)
		}
		before[n] = &fstest.MapFile{Data: body}
	}
	db, err := open(ctx, dsn, before)
	if err != nil {
		t.Fatal(err)
	}
	g := bot.GroupRef{Platform: "discord", GroupID: "g1"}
	gid, err := db.groupID(ctx, db.pool, g)
	if err != nil {
		t.Fatal(err)
	}
	const old = "w8M1mxZ3c0Q7hLr2vYq5aA"
	if _, err := db.pool.Exec(ctx, `INSERT INTO web_tokens (group_id, token, created_at) VALUES ($1, $2, 0)`, gid, old); err != nil {
		t.Fatal(err)
	}
	db.Close()

	db, err = Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if got, ok, err := db.WebGroup(ctx, bot.HashWebToken(old)); err != nil || !ok || got != g {
		t.Fatalf("the old link after the migration: %v %v %v", got, ok, err)
	}
	var stored string
	if err := db.pool.QueryRow(ctx, `SELECT token_hash FROM web_tokens WHERE group_id = $1`, gid).Scan(&stored); err != nil {
		t.Fatal(err)
	}
	if stored != string(bot.HashWebToken(old)) {
		t.Fatalf("stored %q, want the token's hash", stored)
	}
}
