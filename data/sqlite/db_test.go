package sqlite

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/studybot/studybot/bot"
)

// MustOpenDB opens a new database in a temporary directory and closes it when the test ends.
func MustOpenDB(tb testing.TB) *DB {
	tb.Helper()
	db, err := Open(context.Background(), filepath.Join(tb.TempDir(), "studybot.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

func TestMigrationsUpgradeInPlace(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	v1 := fstest.MapFS{"migrations/001_initial.sql": {Data: []byte(`CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL);`)}}
	db, err := open(ctx, path, v1)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.w.Exec(`INSERT INTO notes (body) VALUES ('kept')`); err != nil {
		t.Fatal(err)
	}
	db.Close()

	v2 := fstest.MapFS{
		"migrations/001_initial.sql":  v1["migrations/001_initial.sql"],
		"migrations/002_add_tags.sql": {Data: []byte(`ALTER TABLE notes ADD COLUMN tag TEXT NOT NULL DEFAULT 'none'; CREATE INDEX notes_tag ON notes (tag);`)},
	}
	db, err = open(ctx, path, v2)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var body, tag string
	if err := db.r.QueryRow(`SELECT body, tag FROM notes`).Scan(&body, &tag); err != nil || body != "kept" || tag != "none" {
		t.Fatalf("after upgrade: %q %q %v", body, tag, err)
	}
	if v, _ := db.SchemaVersion(ctx); v != 2 {
		t.Fatalf("schema version %d, want 2", v)
	}
	// Opening again applies nothing twice.
	db.Close()
	db, err = open(ctx, path, v2)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	var n int
	db.r.QueryRow(`SELECT count(*) FROM schema_migrations`).Scan(&n)
	if n != 2 {
		t.Fatalf("%d migrations recorded, want 2", n)
	}
}

func TestBrokenMigrationIsRolledBack(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "m.db")
	bad := fstest.MapFS{"migrations/001_half.sql": {Data: []byte(`CREATE TABLE a (id INTEGER); CREATE TABLE a (id INTEGER);`)}}
	if _, err := open(ctx, path, bad); err == nil {
		t.Fatal("a failing migration opened")
	}
	db, err := open(ctx, path, fstest.MapFS{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	db.r.QueryRow(`SELECT count(*) FROM sqlite_master WHERE name = 'a'`).Scan(&n)
	if n != 0 {
		t.Fatal("half of a failed migration was kept")
	}
}

func TestRefusesFilesItCannotUse(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()

	notDB := filepath.Join(dir, "notes.txt")
	content := []byte("these are my notes, not a database\n")
	os.WriteFile(notDB, content, 0o644)
	_, err := Open(ctx, notDB)
	if !errors.Is(err, ErrNotDatabase) || !strings.Contains(err.Error(), notDB) {
		t.Fatalf("non-SQLite file: %v", err)
	}
	if got, _ := os.ReadFile(notDB); !bytes.Equal(got, content) {
		t.Fatal("the non-SQLite file was changed")
	}
	if _, err := os.Stat(notDB + "-wal"); err == nil {
		t.Fatal("a WAL file was created beside the non-SQLite file")
	}

	ro := filepath.Join(dir, "ro.db")
	db := MustOpenDB(t)
	db.Close()
	data, _ := os.ReadFile(db.Path())
	os.WriteFile(ro, data, 0o444)
	_, err = Open(ctx, ro)
	if !errors.Is(err, ErrReadOnly) {
		t.Fatalf("read-only file: %v", err)
	}
	if got, _ := os.ReadFile(ro); !bytes.Equal(got, data) {
		t.Fatal("the read-only file was changed")
	}

	if _, err := Open(ctx, filepath.Join(dir, "missing", "x.db")); err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Fatalf("missing directory: %v", err)
	}
}

// TestLockedDatabaseIsWaitedOut holds a write lock from a second connection and checks that an answer
// recorded meanwhile is stored once the lock is released, not lost.
func TestLockedDatabaseIsWaitedOut(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	g := bot.GroupRef{Platform: "discord", GroupID: "g"}
	ch := bot.ChannelRef{Platform: "discord", GroupID: "g", ChannelID: "c"}
	p, _, err := db.CreatePost(ctx, bot.Post{Channel: ch, Slot: "s", Pack: "p", QuestionID: "q", Domain: "d",
		PostedAt: time.Now(), ClosesAt: time.Now().Add(time.Hour)}, farFuture)
	if err != nil {
		t.Fatal(err)
	}
	other, err := sql.Open("sqlite3", dsn(db.Path(), false))
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	other.SetMaxOpenConns(1)
	tx, err := other.BeginTx(ctx, nil) // immediate: takes the write lock
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(`UPDATE groups SET tz = tz`); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	wg.Add(1)
	var recErr error
	go func() {
		defer wg.Done()
		_, recErr = db.RecordAnswer(ctx, bot.Answer{PostID: p.ID, Group: g, UserID: "u", Choice: 1, Domain: "d", QuestionID: "q", AnsweredAt: time.Now()})
	}()
	// Release the lock only once the answer's transaction is waiting on it (its connection is in use).
	for db.w.Stats().InUse == 0 {
		runtime.Gosched()
	}
	tx.Commit()
	wg.Wait()
	if recErr != nil {
		t.Fatalf("answer during a lock: %v", recErr)
	}
	counts, _ := db.AnswerCounts(ctx, p.ID, 4)
	if counts[1] != 1 {
		t.Fatalf("answer lost: %v", counts)
	}
}

func TestBackupWhileWriting(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	ch := bot.ChannelRef{Platform: "console", GroupID: "g", ChannelID: "c"}
	p, _, err := db.CreatePost(ctx, bot.Post{Channel: ch, Slot: "s", Pack: "p", QuestionID: "q", Domain: "d",
		PostedAt: time.Now(), ClosesAt: time.Now().Add(time.Hour)}, farFuture)
	if err != nil {
		t.Fatal(err)
	}
	record := func(i int) error {
		_, err := db.RecordAnswer(ctx, bot.Answer{PostID: p.ID, Group: ch.Group(), UserID: "u" + string(rune('a'+i%26)) + string(rune('a'+i/26)),
			Choice: i % 4, Domain: "d", QuestionID: "q", AnsweredAt: time.Now()})
		return err
	}
	for i := 0; i < 100; i++ {
		if err := record(i); err != nil {
			t.Fatal(err)
		}
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := 100; i < 400; i++ {
			record(i)
		}
	}()
	backup := filepath.Join(t.TempDir(), "backup.db")
	if err := db.Backup(ctx, backup); err != nil {
		t.Fatal(err)
	}
	<-done
	if err := db.Backup(ctx, backup); err == nil {
		t.Fatal("backup overwrote an existing file")
	}
	copyDB, err := Open(ctx, backup)
	if err != nil {
		t.Fatalf("backup does not open: %v", err)
	}
	defer copyDB.Close()
	counts, _ := copyDB.AnswerCounts(ctx, p.ID, 4)
	total := counts[0] + counts[1] + counts[2] + counts[3]
	if total < 100 || total > 400 {
		t.Fatalf("backup holds %d answers; want at least the 100 written before it started", total)
	}
}

// TestPathWithURICharacters opens a database in a directory whose name holds characters that mean
// something in a URI, and checks the file lands there rather than at a shortened path.
func TestPathWithURICharacters(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a#b?c%d")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "studybot.db")
	db, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("database not created at %s: %v", path, err)
	}
	var mode string
	if err := db.w.QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
		t.Fatalf("journal mode %q (%v): the connection options were lost", mode, err)
	}
	// The health check pings this file too: while another connection holds its write lock, it is not
	// writable, and no other file appears at a shortened path.
	if err := db.Ping(context.Background()); err != nil {
		t.Fatalf("ping: %v", err)
	}
	tx, err := db.w.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if err := db.Ping(context.Background()); err == nil {
		t.Fatal("ping succeeded while the database was locked: it checked another file")
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(dir), "a")); err == nil {
		t.Fatal("ping created a file at the path cut short at '#'")
	}
}
