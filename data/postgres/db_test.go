package postgres

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/data/internal/encode"
	"github.com/studybot/studybot/data/postgres/pgtest"
	"github.com/studybot/studybot/data/storetest"
)

// MustOpenDB opens a store on a schema of its own and closes it when the test ends.
func MustOpenDB(tb testing.TB) *DB {
	tb.Helper()
	db, err := Open(context.Background(), pgtest.DSN(tb))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

// TestContract runs the store contract (data/storetest) on PostgreSQL; two handles on one schema are two
// replicas sharing the database.
func TestContract(t *testing.T) {
	pgtest.Server(t)
	storetest.Run(t, func(t *testing.T) func() bot.Store {
		dsn := pgtest.DSN(t)
		return func() bot.Store {
			db, err := Open(context.Background(), dsn)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			return db
		}
	})
}

// TestReplicasMigrateOnce starts several replicas on an empty database at once: the advisory lock lets one
// apply each migration while the others wait, and all of them open.
func TestReplicasMigrateOnce(t *testing.T) {
	ctx := context.Background()
	dsn := pgtest.DSN(t)
	var wg sync.WaitGroup
	errs := make(chan error, 6)
	for i := 0; i < 6; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			db, err := Open(ctx, dsn)
			if err == nil {
				db.Close()
			}
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	db := MustOpenDB(t)
	db.Close()
	db, err := Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.pool.QueryRow(ctx, `SELECT count(*) FROM schema_migrations`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	names, _ := migrationFS.ReadDir("migrations")
	if n != len(names) {
		t.Fatalf("%d migrations recorded, want %d", n, len(names))
	}
	// Numbers may have gaps (migrations written on branches at once): the version is the last file's number.
	last, _, _ := strings.Cut(names[len(names)-1].Name(), "_")
	if v, err := db.SchemaVersion(ctx); err != nil || fmt.Sprintf("%03d", v) != last {
		t.Fatalf("schema version %d (%v), want %s", v, err, last)
	}
}

func TestMigrationsUpgradeInPlace(t *testing.T) {
	ctx := context.Background()
	dsn := pgtest.DSN(t)
	v1 := fstest.MapFS{"migrations/001_initial.sql": {Data: []byte(`CREATE TABLE notes (id BIGINT PRIMARY KEY, body TEXT NOT NULL);`)}}
	db, err := open(ctx, dsn, v1)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.pool.Exec(ctx, `INSERT INTO notes VALUES (1, 'kept')`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	v2 := fstest.MapFS{
		"migrations/001_initial.sql":  v1["migrations/001_initial.sql"],
		"migrations/002_add_tags.sql": {Data: []byte(`ALTER TABLE notes ADD COLUMN tag TEXT NOT NULL DEFAULT 'none'; CREATE INDEX notes_tag ON notes (tag);`)},
	}
	if db, err = open(ctx, dsn, v2); err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var body, tag string
	if err := db.pool.QueryRow(ctx, `SELECT body, tag FROM notes`).Scan(&body, &tag); err != nil || body != "kept" || tag != "none" {
		t.Fatalf("after upgrade: %q %q %v", body, tag, err)
	}
	if v, _ := db.SchemaVersion(ctx); v != 2 {
		t.Fatalf("schema version %d, want 2", v)
	}
}

func TestBrokenMigrationIsRolledBack(t *testing.T) {
	ctx := context.Background()
	dsn := pgtest.DSN(t)
	bad := fstest.MapFS{"migrations/001_half.sql": {Data: []byte(`CREATE TABLE a (id INTEGER); CREATE TABLE a (id INTEGER);`)}}
	if _, err := open(ctx, dsn, bad); err == nil || !strings.Contains(err.Error(), "001_half.sql") {
		t.Fatalf("a failing migration: %v", err)
	}
	db, err := open(ctx, dsn, fstest.MapFS{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	db.pool.QueryRow(ctx, `SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'a'`).Scan(&n)
	if n != 0 {
		t.Fatal("half of a failed migration was kept")
	}
}

// TestScoreTablesMatchAnswers runs the contract's score scenario and checks the score table itself against
// a plain aggregate of the answers table, and a late Sunday answer's stored week in the group's zone.
func TestScoreTablesMatchAnswers(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	storetest.ScoresScenario(t, db, func([]bot.Answer) {
		t.Helper()
		if n := scoreRowsOff(t, db); n != 0 {
			t.Fatalf("%d score rows disagree with the answers", n)
		}
	})
	chicago, _ := time.LoadLocation("America/Chicago")
	var week string
	db.pool.QueryRow(ctx, `SELECT week FROM answers WHERE answered_at = $1`, encode.MS(time.Date(2026, 3, 1, 23, 30, 0, 0, chicago))).Scan(&week)
	if week != "w2026-02-23" {
		t.Fatalf("Sunday 1 March answer is in week %q, want w2026-02-23", week)
	}
}

// scoreRowsOff counts the score rows that differ from a recount of the answers.
func scoreRowsOff(t *testing.T, db *DB) int {
	t.Helper()
	var bad int
	err := db.pool.QueryRow(context.Background(), `SELECT count(*) FROM (
		SELECT a.group_id, b.period, b.domain, a.user_id, sum(a.points) p, count(*) n, count(*) FILTER (WHERE a.correct) c
		FROM answers a JOIN posts p ON p.id = a.post_id CROSS JOIN LATERAL (VALUES ('all', a.domain), ('all', '*'),
			(a.week, a.domain), (a.week, '*'), (a.month, a.domain), (a.month, '*'),
			('all', 'pack:' || p.pack), (a.week, 'pack:' || p.pack), (a.month, 'pack:' || p.pack)) AS b(period, domain)
		GROUP BY a.group_id, b.period, b.domain, a.user_id
	) a FULL OUTER JOIN scores s ON s.group_id = a.group_id AND s.period = a.period AND s.domain = a.domain AND s.user_id = a.user_id
	WHERE s.points IS DISTINCT FROM a.p OR s.answered IS DISTINCT FROM a.n OR s.correct IS DISTINCT FROM a.c`).Scan(&bad)
	if err != nil {
		t.Fatal(err)
	}
	return bad
}

// TestAnswerSeesAnotherReplicasZoneChange: replica B remembers the group's zone; replica A moves the
// schedule to another zone; B's next answer is bucketed in the new zone, not the one it remembered.
func TestAnswerSeesAnotherReplicasZoneChange(t *testing.T) {
	ctx := context.Background()
	dsn := pgtest.DSN(t)
	a, err := Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	ch := bot.ChannelRef{Platform: "discord", GroupID: "g", ChannelID: "c"}
	a.SetSchedule(ctx, ch, &bot.Schedule{Hour: 9, Zone: "UTC", Days: bot.AllDays})
	// Sunday 1 March 2026, 23:30 in Los Angeles: Monday in UTC, so the two zones disagree on the week.
	la, _ := time.LoadLocation("America/Los_Angeles")
	at := time.Date(2026, 3, 1, 23, 30, 0, 0, la)
	p, _, err := a.CreatePost(ctx, bot.Post{Channel: ch, Slot: "s", Pack: "p", QuestionID: "q", Domain: "d", PostedAt: at, ClosesAt: at.Add(time.Hour)}, storetest.FarFuture)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.RecordAnswer(ctx, bot.Answer{PostID: p.ID, Group: ch.Group(), UserID: "u1", AnsweredAt: at, Domain: "d"}); err != nil {
		t.Fatal(err)
	}
	if err := a.SetSchedule(ctx, ch, &bot.Schedule{Hour: 9, Zone: "America/Los_Angeles", Days: bot.AllDays}); err != nil {
		t.Fatal(err)
	}
	if _, err := b.RecordAnswer(ctx, bot.Answer{PostID: p.ID, Group: ch.Group(), UserID: "u2", AnsweredAt: at, Domain: "d"}); err != nil {
		t.Fatal(err)
	}
	var w1, w2 string
	b.pool.QueryRow(ctx, `SELECT week FROM answers WHERE user_id = 'u1'`).Scan(&w1)
	b.pool.QueryRow(ctx, `SELECT week FROM answers WHERE user_id = 'u2'`).Scan(&w2)
	if w1 != "w2026-03-02" || w2 != "w2026-02-23" {
		t.Fatalf("weeks %q (UTC) and %q (Los Angeles), want w2026-03-02 and w2026-02-23", w1, w2)
	}
	if n := scoreRowsOff(t, b); n != 0 {
		t.Fatalf("%d score rows disagree with the answers", n)
	}
}

func TestCheckDSNAndRedact(t *testing.T) {
	for _, ok := range []string{"postgres://u:p@db:5432/studybot?sslmode=disable", "postgresql:///studybot?host=/run/postgresql"} {
		if err := CheckDSN(ok); err != nil {
			t.Errorf("%s: %v", ok, err)
		}
	}
	for _, bad := range []string{"postgres://u:p@db:notaport/x", "postgres://db/x?sslmode=sometimes", "studybot.db"} {
		if err := CheckDSN(bad); err == nil {
			t.Errorf("%s: accepted", bad)
		} else if strings.Contains(err.Error(), "p@") {
			t.Errorf("%s: the error shows the password: %v", bad, err)
		}
	}
	if r := Redact("postgres://studybot:s3cret@db/studybot"); strings.Contains(r, "s3cret") || !strings.Contains(r, "studybot@db") && !strings.Contains(r, "xxxxx@db") {
		t.Fatalf("redacted: %s", r)
	}
	if r := Redact("postgres://db/studybot?password=s3cret"); strings.Contains(r, "s3cret") {
		t.Fatalf("redacted: %s", r)
	}
	// The client key's passphrase, and the key itself when it is given inline, are secrets too; the rest
	// of the URL stays readable.
	for _, dsn := range []string{
		"postgres://studybot@db/studybot?sslmode=verify-full&sslpassword=s3cret",
		"postgres://studybot@db/studybot?sslinline=true&sslcert=CERT&sslkey=-----BEGIN+s3cret",
		"postgres://studybot:s3cret@db/studybot?Password=x&pass%77ord=s3cret",
	} {
		if r := Redact(dsn); strings.Contains(r, "s3cret") || !strings.Contains(r, "@db/studybot?") {
			t.Errorf("Redact(%s) = %s", dsn, r)
		}
	}
	if err := CheckDSN("postgres://studybot@db/x?sslpassword=s3cret&sslmode=sometimes"); err == nil || strings.Contains(err.Error(), "s3cret") {
		t.Errorf("CheckDSN with an sslpassword: %v", err)
	}
}

func TestPing(t *testing.T) {
	db := MustOpenDB(t)
	if err := db.Ping(context.Background()); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if err := db.Ping(context.Background()); err == nil {
		t.Fatal("ping of a closed pool succeeded")
	}
}

// TestPacerIsSharedByReplicas: three replicas waiting on one pacer at once get slots one step apart in
// all, not each their own: thirty waits at 200 a second take at least 29 steps.
func TestPacerIsSharedByReplicas(t *testing.T) {
	dsn := pgtest.DSN(t)
	var pacers []*Pacer
	for range 3 {
		db, err := Open(context.Background(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		pacers = append(pacers, db.Pacer("discord:1", 200))
	}
	start := time.Now()
	var wg sync.WaitGroup
	for _, p := range pacers {
		for range 10 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if err := p.Wait(context.Background()); err != nil {
					t.Error(err)
				}
			}()
		}
	}
	wg.Wait()
	if took := time.Since(start); took < 29*5*time.Millisecond {
		t.Fatalf("30 waits at 200/s across three replicas took %v, less than 29 steps of 5 ms", took)
	}
	// Another name is paced apart.
	other := pacers[0].db.Pacer("discord:2", 1)
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	if err := other.Wait(ctx); err != nil {
		t.Fatalf("a fresh pacer made its first caller wait: %v", err)
	}
}

// TestLockIsHeldByOneReplica: of two replicas, one takes a named lock; the other takes it once the first
// releases it, or once the first's connection dies.
func TestLockIsHeldByOneReplica(t *testing.T) {
	ctx := context.Background()
	dsn := pgtest.DSN(t)
	a, b := MustOpenDBAt(t, dsn), MustOpenDBAt(t, dsn)
	la, ok, err := a.TryLock(ctx, "discord-gateway")
	if err != nil || !ok {
		t.Fatalf("first lock: %v %v", ok, err)
	}
	if _, ok, err := b.TryLock(ctx, "discord-gateway"); ok || err != nil {
		t.Fatalf("second replica took a held lock: %v %v", ok, err)
	}
	if lo, ok, err := b.TryLock(ctx, "other"); !ok || err != nil {
		t.Fatalf("another name: %v %v", ok, err)
	} else {
		lo.Release()
	}
	la.Release()
	la.Release() // twice is harmless
	lb, ok, err := b.TryLock(ctx, "discord-gateway")
	if err != nil || !ok {
		t.Fatalf("after release: %v %v", ok, err)
	}
	// The holder's connection dies (as when its replica is killed): the lock is lost and free again.
	// (Found through pg_locks: the lock's own connection is its watcher's to use.)
	var pid int
	if err := a.pool.QueryRow(ctx, `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 2
		AND classid = $1::int4::oid AND objid = hashtext(current_schema() || '/' || $2)::oid`, lockClass, "discord-gateway").Scan(&pid); err != nil {
		t.Fatal(err)
	}
	if _, err := a.pool.Exec(ctx, `SELECT pg_terminate_backend($1)`, pid); err != nil {
		t.Fatal(err)
	}
	select {
	case <-lb.Lost():
	case <-time.After(10 * lockCheck):
		t.Fatal("a dead lock connection was not noticed")
	}
	lc, ok, err := a.TryLock(ctx, "discord-gateway")
	if err != nil || !ok {
		t.Fatalf("after the holder's connection died: %v %v", ok, err)
	}
	lc.Release()
	lb.Release()
}

// MustOpenDBAt opens a store on an existing schema and closes it when the test ends.
func MustOpenDBAt(tb testing.TB, dsn string) *DB {
	tb.Helper()
	db, err := Open(context.Background(), dsn)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

// TestClickOnAPostClosedByAnotherReplica: replica A remembers a delivered open post; replica B closes it;
// a click on A is refused as closed (not recorded), and the reveal B queued reads the card's message id.
func TestClickOnAPostClosedByAnotherReplica(t *testing.T) {
	ctx := context.Background()
	dsn := pgtest.DSN(t)
	a, b := MustOpenDBAt(t, dsn), MustOpenDBAt(t, dsn)
	ch := bot.ChannelRef{Platform: "discord", GroupID: "g", ChannelID: "c"}
	now := time.Now()
	p, _, err := a.CreatePost(ctx, bot.Post{Channel: ch, Slot: "s", Pack: "p", QuestionID: "q", Domain: "d", PostedAt: now, ClosesAt: now.Add(time.Hour)}, storetest.FarFuture)
	if err != nil {
		t.Fatal(err)
	}
	// Not delivered yet: not remembered, so the message id that the card's delivery sets is seen at once.
	if got, _ := a.Post(ctx, p.ID); got.MessageID != "" || len(a.posts) != 0 {
		t.Fatalf("an undelivered post was cached: %+v", got)
	}
	ds, _ := b.ClaimDeliveries(ctx, "b", now, time.Minute, 1, nil)
	if err := b.FinishDelivery(ctx, bot.DeliveryResult{ID: ds[0].ID, Owner: "b", Delivered: true, MessageID: "M1", At: now}); err != nil {
		t.Fatal(err)
	}
	if got, _ := a.Post(ctx, p.ID); got.MessageID != "M1" || len(a.posts) != 1 {
		t.Fatalf("the delivered post: %+v", got)
	}
	if ok, err := b.ClosePost(ctx, p.ID, now, storetest.FarFuture); !ok || err != nil {
		t.Fatal(ok, err)
	}
	if got, _ := a.Post(ctx, p.ID); !got.ClosedAt.IsZero() {
		t.Fatal("the test expects replica A's stale copy")
	}
	_, err = a.RecordAnswer(ctx, bot.Answer{PostID: p.ID, Group: ch.Group(), UserID: "u", AnsweredAt: now, Domain: "d"})
	if bot.ErrorCode(err) != bot.EINVALID || !strings.Contains(bot.ErrorMessage(err), "closed") {
		t.Fatalf("a click on a closed post: %v", err)
	}
	if counts, _ := b.AnswerCounts(ctx, p.ID, 4); counts[0] != 0 {
		t.Fatalf("an answer to a closed post was recorded: %v", counts)
	}
	// The reveal, claimed by replica A, reads the post through its copy: the message id is there.
	ds, _ = a.ClaimDeliveries(ctx, "a", now, time.Minute, 1, nil)
	if len(ds) != 1 || ds[0].Kind != bot.DeliverReveal {
		t.Fatalf("claimed %+v", ds)
	}
	if got, _ := a.Post(ctx, ds[0].PostID); got.MessageID != "M1" {
		t.Fatalf("the reveal's post: %+v", got)
	}
}
