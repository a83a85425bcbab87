package dbcopy

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/data/postgres"
	"github.com/studybot/studybot/data/postgres/pgtest"
	"github.com/studybot/studybot/data/sqlite"
	"github.com/studybot/studybot/data/storetest"
	"github.com/studybot/studybot/quiz"
)

var ctx = context.Background()

// TestTablesMatchSchemas checks the copy's list of tables against what each store's migrations create: a
// table or column added to a store must be added to the copy.
func TestTablesMatchSchemas(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "s.db")
		db, err := sqlite.Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if err := db.ReadSnapshot(ctx, func(tx *sql.Tx) error { return checkSchema(ctx, sqliteSide{tx}, "sqlite") }); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("postgres", func(t *testing.T) {
		db, err := postgres.Open(ctx, pgtest.DSN(t))
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if err := db.ReadSnapshot(ctx, func(tx pgx.Tx) error { return checkSchema(ctx, pgSide{tx}, "postgres") }); err != nil {
			t.Fatal(err)
		}
	})
}

// fill puts some of everything into a store through its ports: schedules and domains, posts open and
// closed, answers and scores (the contract's score scenario), practice, moderators, a confirmation, an
// imported pack, and outbox rows delivered, failed, due and in flight.
func fill(t *testing.T, s interface {
	bot.Store
	ImportPack(context.Context, *quiz.Pack, []byte, time.Time) error
}) {
	t.Helper()
	storetest.ScoresScenario(t, s, func([]bot.Answer) {})
	now := time.Date(2026, 3, 20, 9, 0, 0, 0, time.UTC)
	g := bot.GroupRef{Platform: "discord", GroupID: "G"}
	ch := bot.ChannelRef{Platform: "discord", GroupID: "G", ChannelID: "C"}
	must(t, s.SetSchedule(ctx, ch, &bot.Schedule{Hour: 8, Minute: 15, Zone: "Europe/Berlin", Days: 0b0111110, Window: 48 * time.Hour, Since: now}))
	must(t, s.SetDomains(ctx, ch, []string{"security", "business"}))
	must(t, s.TouchMember(ctx, g, "U1", "Ünïcode \"quoted\" name"))
	must(t, s.AddMod(ctx, g, bot.Mod{Kind: "role", ID: "R1"}))
	must(t, s.CreateConfirmation(ctx, bot.Confirmation{ID: "conf", Group: g, UserID: "U1", Action: "reset-all", ExpiresAt: now.Add(time.Hour)}))
	id, err := s.CreatePractice(ctx, bot.Practice{Group: g, UserID: "U1", QuestionID: "q", Domain: "security", CreatedAt: now})
	must(t, err)
	must(t, s.AnswerPractice(ctx, id, 1, true, now.Add(time.Minute)))
	_, err = s.CreatePractice(ctx, bot.Practice{Group: g, UserID: "U1", QuestionID: "q2", Domain: "security", CreatedAt: now})
	must(t, err)
	for i := 0; i < 3; i++ {
		_, _, err := s.CreatePost(ctx, bot.Post{Channel: ch, Slot: fmt.Sprint("manual-", i), Pack: "p", QuestionID: "q", Domain: "security",
			PostedAt: now, ClosesAt: now.Add(time.Hour)}, now.Add(24*time.Hour))
		must(t, err)
	}
	ds, err := s.ClaimDeliveries(ctx, "owner", now, time.Minute, 100, nil)
	must(t, err)
	for i, d := range ds {
		switch i % 3 {
		case 0:
			must(t, s.FinishDelivery(ctx, bot.DeliveryResult{ID: d.ID, Owner: "owner", Delivered: true, MessageID: "M" + fmt.Sprint(i), At: now}))
		case 1:
			must(t, s.FinishDelivery(ctx, bot.DeliveryResult{ID: d.ID, Owner: "owner", Error: "403", Notice: "fix it", At: now}))
		}
	}
	p, err := quiz.Parse("tiny.yaml", []byte(tinyPack))
	must(t, err)
	must(t, s.ImportPack(ctx, p, []byte(tinyPack), now))
	// Learning: a guess, a review card, an exam with answers, flags, item states, a snapshot, notices.
	post, err := s.OpenPost(ctx, ch)
	must(t, err)
	if _, err := s.RecordAnswer(ctx, bot.Answer{PostID: post.ID, Group: g, UserID: "U1", Choice: 1, Correct: true, Points: 10, Domain: "security", QuestionID: "q", AnsweredAt: now}); err != nil {
		t.Fatal(err)
	}
	_, err = s.MarkGuessed(ctx, g, "U1", bot.KindDaily, post.ID)
	must(t, err)
	_, err = s.CreatePractice(ctx, bot.Practice{Group: g, UserID: "U1", Kind: bot.KindReview, QuestionID: "q3", Domain: "security", CreatedAt: now})
	must(t, err)
	ex, err := s.CreateExam(ctx, bot.Exam{Group: g, UserID: "U1", Seed: 1<<63 + 5, Questions: []string{"q1", "q2"}, StartedAt: now, EndsAt: now.Add(time.Hour)})
	must(t, err)
	must(t, s.AnswerExam(ctx, ex, bot.ExamAnswer{Position: 0, QuestionID: "q1", Domain: "security", Choice: 2, Correct: true, At: now}))
	_, err = s.FinishExam(ctx, ex.ID, now.Add(time.Minute), false)
	must(t, err)
	_, err = s.AddFlag(ctx, g, bot.Flag{QuestionID: "q", UserID: "U1", Reason: "why", At: now})
	must(t, err)
	_, err = s.Suspend(ctx, g, bot.ItemState{QuestionID: "q", State: bot.ItemSuspended, Reason: "flags", Since: now}, "q suspended")
	must(t, err)
	must(t, s.SetItemState(ctx, g, bot.ItemState{QuestionID: "q9", State: bot.ItemRetired, Since: now, By: "U1"}))
	_, err = s.Suspend(ctx, g, bot.ItemState{QuestionID: "q8", State: bot.ItemSuspended, Reason: "discrimination", Since: now}, "q8 suspended")
	must(t, err)
	_, err = s.TakeNotices(ctx, g, now)
	must(t, err)
	must(t, s.SaveItemSnapshot(ctx, g, bot.ItemSnapshot{ComputedAt: now, Answers: 3, LastAnswerID: 7, LastPracticeID: 2,
		Stats: map[string]quiz.ItemStats{"q": {Answers: 3, PValue: 0.1 + 0.2, Discrimination: -1.0 / 3, HasDiscrimination: true, OptionShares: []float64{0.25, 0.75}},
			"q2": {Answers: 1, PValue: 1}}}))
	_, err = s.Suspend(ctx, g, bot.ItemState{QuestionID: "q7", State: bot.ItemSuspended, Since: now}, "q7 suspended, not told yet")
	must(t, err)
	_, err = s.CreateWebToken(ctx, g, bot.HashWebToken("0123456789abcdef"))
	must(t, err)
	_, err = s.QueueRecap(ctx, ch, "w2026-03-16", now, now.Add(24*time.Hour))
	must(t, err)
	d, err := s.SaveDraft(ctx, g, bot.Draft{AuthorID: "U1", AuthorName: "Ann", Fields: quiz.Draft{Stem: "Which?", Options: "a\nb", Key: "A",
		Explanation: "Because.\nSource: here", Domain: "d"}, Status: bot.DraftPending, CreatedAt: now, UpdatedAt: now, Token: "t1"})
	must(t, err)
	d.Status, d.DecidedBy, d.QuestionID, d.DecidedAt = bot.DraftApproved, "M", "draft-1", now
	_, err = s.DecideDraft(ctx, g, d)
	must(t, err)
	_, err = s.SaveDraft(ctx, g, bot.Draft{AuthorID: "U2", Fields: quiz.Draft{Stem: "Still writing"}, Status: bot.DraftWriting, CreatedAt: now, UpdatedAt: now})
	must(t, err)
	must(t, s.SetQuestionWriters(ctx, g, bot.WritersMods))
	must(t, s.SetGoal(ctx, g, "U1", time.Date(2026, 12, 30, 0, 0, 0, 0, time.UTC), now))
	// A member's zone and reminders, one of them refused a direct message, and a reminder queued.
	must(t, s.SetMemberZone(ctx, g, "U1", "America/Chicago"))
	must(t, s.SetReminder(ctx, bot.Reminder{Group: g, UserID: "U1", On: true, Hour: 7, Minute: 30, NextDue: now.Add(time.Hour)}))
	must(t, s.SetReminder(ctx, bot.Reminder{Group: g, UserID: "U2", On: true, Hour: 18, NextDue: now.Add(9 * time.Hour)}))
	_, err = s.BlockReminders(ctx, g, "U2", now)
	must(t, err)
	_, err = s.QueueReminder(ctx, g, "U1", "2026-03-20", now, now.Add(24*time.Hour))
	must(t, err)
}

const tinyPack = `pack: tiny
title: Tiny
version: 2
domains:
  - {id: d, name: D, weight: 100}
questions:
  - {id: q1, domain: d, objective: "1.1", difficulty: 1, question: "Which?", choices: ["a", "b"], answer: 0, explanation: "Because.", source: "here"}
`

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// dump reads every table of a SQLite file, normalized, for comparing two databases whole.
func dump(t *testing.T, path string) map[string][][]any {
	t.Helper()
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	out := map[string][][]any{}
	err = db.ReadSnapshot(ctx, func(tx *sql.Tx) error {
		for _, tb := range tables {
			err := sqliteSide{tx}.scan(ctx, tb, func(raw []any) error {
				row, err := normalize(tb, raw)
				out[tb.name] = append(out[tb.name], row)
				return err
			})
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestRoundTrip copies a SQLite deployment into PostgreSQL and back into a new SQLite file: every row of
// every table comes back as it was, and the PostgreSQL copy serves the same boards and takes new rows.
func TestRoundTrip(t *testing.T) {
	dsn := pgtest.DSN(t)
	dir := t.TempDir()
	orig, back := filepath.Join(dir, "orig.db"), filepath.Join(dir, "back.db")
	lite, err := sqlite.Open(ctx, orig)
	if err != nil {
		t.Fatal(err)
	}
	fill(t, lite)
	lite.Close()

	// Progress is told of every table, from none copied to all, never going back.
	seen := map[string][2]int64{} // table -> last done, of
	var order []string
	progress := func(table string, done, of int64) {
		last, ok := seen[table]
		switch {
		case !ok && done != 0:
			t.Errorf("%s: first progress %d of %d, want 0", table, done, of)
		case ok && (done < last[0] || of != last[1]):
			t.Errorf("%s: progress went from %d of %d to %d of %d", table, last[0], last[1], done, of)
		}
		if !ok {
			order = append(order, table)
		}
		seen[table] = [2]int64{done, of}
	}
	rep, err := Copy(ctx, orig, dsn, progress)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("SQLite -> PostgreSQL:\n%s", rep)
	if len(order) != len(tables) {
		t.Errorf("progress heard of %d tables, want %d", len(order), len(tables))
	}
	for _, tr := range rep.Tables {
		if got := seen[tr.Table]; got[0] != tr.Rows || got[1] != tr.Rows {
			t.Errorf("%s: progress ended at %d of %d, the table has %d rows", tr.Table, got[0], got[1], tr.Rows)
		}
	}
	if len(rep.Tables) != len(tables) || rep.Tables[4].Table != "answers" || rep.Tables[4].Rows < 80 || rep.Tables[4].Checked < 80 {
		t.Fatalf("report: %+v", rep)
	}
	if _, err := Copy(ctx, dsn, back, nil); err != nil {
		t.Fatal(err)
	}
	a, b := dump(t, orig), dump(t, back)
	for _, tb := range tables {
		if len(a[tb.name]) != len(b[tb.name]) {
			t.Errorf("%s: %d rows, %d after the round trip", tb.name, len(a[tb.name]), len(b[tb.name]))
			continue
		}
		for i := range a[tb.name] {
			if j := differs(a[tb.name][i], b[tb.name][i]); j >= 0 {
				t.Errorf("%s row %d: %s %v, %v after the round trip", tb.name, i, tb.cols[j].name, a[tb.name][i][j], b[tb.name][i][j])
			}
		}
		if len(a[tb.name]) == 0 {
			t.Errorf("%s: the fixture has no rows", tb.name)
		}
	}

	// The PostgreSQL copy is a working store: the same boards, and new rows get new ids.
	pg, err := postgres.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer pg.Close()
	lite, err = sqlite.Open(ctx, orig)
	if err != nil {
		t.Fatal(err)
	}
	defer lite.Close()
	bk := bot.Bucket{Group: bot.GroupRef{Platform: "slack", GroupID: "T1"}, Period: "all"}
	want, err := lite.BucketScores(ctx, bk)
	must(t, err)
	got, err := pg.BucketScores(ctx, bk)
	must(t, err)
	byUser := func(s []bot.Score) { sort.Slice(s, func(i, j int) bool { return s[i].UserID < s[j].UserID }) }
	byUser(want)
	byUser(got)
	if len(want) == 0 || fmt.Sprint(want) != fmt.Sprint(got) {
		t.Fatalf("leaderboard scores on PostgreSQL %v, on SQLite %v", got, want)
	}
	wantMe, _, err := lite.MemberScore(ctx, bk, "u3")
	must(t, err)
	gotMe, ok, err := pg.MemberScore(ctx, bk, "u3")
	must(t, err)
	if !ok || gotMe != wantMe {
		t.Fatalf("u3 on PostgreSQL %v (%v), on SQLite %v", gotMe, ok, wantMe)
	}
	ch := bot.ChannelRef{Platform: "discord", GroupID: "G", ChannelID: "C"}
	if c, err := pg.Channel(ctx, ch); err != nil || c.Schedule == nil || c.Schedule.Zone != "Europe/Berlin" || len(c.Domains) != 2 {
		t.Fatalf("channel on PostgreSQL: %+v %v", c, err)
	}
	p, _, err := pg.CreatePost(ctx, bot.Post{Channel: ch, Slot: "new", Pack: "p", QuestionID: "q", Domain: "d", PostedAt: time.Now(), ClosesAt: time.Now().Add(time.Hour)}, storetest.FarFuture)
	if err != nil {
		t.Fatalf("a new post after the copy: %v", err)
	}
	if last := a["posts"][len(a["posts"])-1][0].(int64); p.ID <= last {
		t.Fatalf("new post id %d does not continue after the copied %d", p.ID, last)
	}
	if n, _ := pg.TakeNotice(ctx, ch); n != "fix it" {
		t.Fatalf("notice on PostgreSQL: %q", n)
	}
	if v, src, ok, err := pg.PackSource(ctx, "tiny"); err != nil || !ok || v != 2 || string(src) != tinyPack {
		t.Fatalf("pack on PostgreSQL: %v %v %v", v, ok, err)
	}
}

// countAll counts the rows of every copied table of a PostgreSQL database.
func countAll(t *testing.T, dsn string) int64 {
	t.Helper()
	db, err := postgres.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var total int64
	err = db.ReadSnapshot(ctx, func(tx pgx.Tx) error {
		for _, tb := range tables {
			n, err := pgSide{tx}.count(ctx, tb)
			if err != nil {
				return err
			}
			total += n
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return total
}

// TestCopyIsAllOrNothing: a copy that fails part way leaves the target empty, and a target with data is
// refused without being changed.
func TestCopyIsAllOrNothing(t *testing.T) {
	dsn := pgtest.DSN(t)
	path := filepath.Join(t.TempDir(), "s.db")
	lite, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	fill(t, lite)
	lite.Close()
	// A row that PostgreSQL's schema refuses, in the last table copied: a second open question in a
	// channel (posts_one_open) would do, as would any constraint; here an outbox row of an unknown status.
	raw, err := sql.Open("sqlite3", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`PRAGMA ignore_check_constraints = 1; INSERT INTO outbox (channel_id, kind, post_id, not_before, expires_at, created_at)
		SELECT channel_id, 'card', id, 0, 0, 0 FROM posts LIMIT 1; UPDATE outbox SET status = 'lost' WHERE id = (SELECT max(id) FROM outbox)`); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	_, err = Copy(ctx, path, dsn, nil)
	if err == nil || !strings.Contains(err.Error(), "outbox") {
		t.Fatalf("copy of a row PostgreSQL refuses: %v", err)
	}
	if n := countAll(t, dsn); n != 0 {
		t.Fatalf("a failed copy left %d rows in the target", n)
	}
	// Fix the source; the copy goes through; a second copy into the now full target is refused.
	raw, _ = sql.Open("sqlite3", "file:"+path)
	raw.Exec(`DELETE FROM outbox WHERE status = 'lost'`)
	raw.Close()
	if _, err := Copy(ctx, path, dsn, nil); err != nil {
		t.Fatal(err)
	}
	before := countAll(t, dsn)
	if _, err := Copy(ctx, path, dsn, nil); err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Fatalf("copy into a full target: %v", err)
	}
	if n := countAll(t, dsn); n != before {
		t.Fatalf("the refused copy changed the target: %d rows, %d before", n, before)
	}
}

// TestCopyRefusesUnknownTables: a source with a table this version does not know is not copied in part.
func TestCopyRefusesUnknownTables(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "s.db")
	lite, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	lite.Close()
	raw, _ := sql.Open("sqlite3", "file:"+path)
	if _, err := raw.Exec(`CREATE TABLE review_cards (id INTEGER PRIMARY KEY)`); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	_, err = Copy(ctx, path, filepath.Join(dir, "t.db"), nil)
	if err == nil || !strings.Contains(err.Error(), "review_cards") {
		t.Fatalf("copy of an unknown table: %v", err)
	}
	if _, err := Copy(ctx, path, path, nil); err == nil {
		t.Fatal("copied a database onto itself")
	}
}
