package sqlite

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/studybot/studybot/bot"
)

// Migration 009 keeps only the hash of the web tokens stored before it: the links given out keep working,
// and the database no longer holds the token itself.
func TestWebTokenMigrationHashesOldTokens(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := open(ctx, path, migrationsBefore(t, "009"))
	if err != nil {
		t.Fatal(err)
	}
	g := bot.GroupRef{Platform: "discord", GroupID: "g1"}
	gid, err := db.groupID(ctx, nil, g)
	if err != nil {
		t.Fatal(err)
	}
	const old = "w8M1mxZ3c0Q7hLr2vYq5aA"
	if _, err := db.w.Exec(`INSERT INTO web_tokens (group_id, token, created_at) VALUES (?, ?, 0)`, gid, old); err != nil {
		t.Fatal(err)
	}
	db.Close()

	db, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if got, ok, err := db.WebGroup(ctx, bot.HashWebToken(old)); err != nil || !ok || got != g {
		t.Fatalf("the old link after the migration: %v %v %v", got, ok, err)
	}
	var stored string
	if err := db.r.QueryRow(`SELECT token_hash FROM web_tokens WHERE group_id = ?`, gid).Scan(&stored); err != nil {
		t.Fatal(err)
	}
	if stored != string(bot.HashWebToken(old)) {
		t.Fatalf("stored %q, want the token's hash", stored)
	}
}
