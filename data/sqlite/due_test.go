package sqlite

import (
	"context"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/studybot/studybot/bot"
)

// TestDueChannelsReadOnlyTheIndex: SQLite finds the channels due through the channels_due index instead of
// scanning every channel.
func TestDueChannelsReadOnlyTheIndex(t *testing.T) {
	db := MustOpenDB(t)
	rows, err := db.r.Query(`EXPLAIN QUERY PLAN `+dueChannelsSQL, time.Now().UnixMilli(), 100)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	if got := strings.Join(plan, "; "); !strings.Contains(got, "SEARCH c USING INDEX channels_due (next_due<?)") {
		t.Fatalf("plan of the due read: %s", got)
	}
}

// TestNextDueMigrationMakesKeptSchedulesDue: a schedule kept before migration 008 has no next due time
// yet, so it is due at once and the core works the time out at the first tick; a channel without a
// schedule never is.
func TestNextDueMigrationMakesKeptSchedulesDue(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := open(ctx, path, migrationsBefore(t, "008"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.w.Exec(`INSERT INTO groups (platform, ext_id) VALUES ('discord', 'g');
		INSERT INTO channels (group_id, ext_id, sched_hour, sched_minute, sched_tz, sched_days, sched_since)
			VALUES (1, 'kept', 9, 0, 'UTC', 127, 1);
		INSERT INTO channels (group_id, ext_id, domains) VALUES (1, 'plain', 'security')`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	due, err := db.ClaimDueChannels(ctx, time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2000, 1, 1, 0, 1, 0, 0, time.UTC), 10)
	if err != nil || len(due) != 1 || due[0].Ref != (bot.ChannelRef{Platform: "discord", GroupID: "g", ChannelID: "kept"}) {
		t.Fatalf("due after the migration: %+v %v", due, err)
	}
}

// migrationsBefore is the store's migrations numbered below number ("008"), to open a database as an older
// release left it.
func migrationsBefore(t *testing.T, number string) fstest.MapFS {
	t.Helper()
	before := fstest.MapFS{}
	names, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range names {
		if filepath.Base(name) >= number {
			continue
		}
		body, err := fs.ReadFile(migrationFS, name)
		if err != nil {
			t.Fatal(err)
		}
		before[name] = &fstest.MapFile{Data: body}
	}
	return before
}
