package sqlite

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/data/internal/encode"
)

// Migration 005 upgrades a database with answers and practice from before it: old practice rows are of
// kind practice, nothing is guessed, and they count as graded attempts.
func TestLearningMigrationKeepsOldAttempts(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := open(ctx, path, migrationsBefore(t, "005"))
	if err != nil {
		t.Fatal(err)
	}
	g := bot.GroupRef{Platform: "discord", GroupID: "g1"}
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	id, err := db.CreatePractice(ctx, bot.Practice{Group: g, UserID: "u1", QuestionID: "q1", Domain: "d", CreatedAt: at})
	if err == nil {
		t.Fatal("CreatePractice with a kind worked before migration 005")
	}
	gid, _ := db.groupID(ctx, nil, g)
	if _, err := db.w.Exec(`INSERT INTO practice (group_id, user_id, question_id, domain, created_at, choice, correct, answered_at) VALUES (?, 'u1', 'q1', 'd', ?, 2, 1, ?)`,
		gid, encode.MS(at), encode.MS(at)); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	got, err := db.GradedAttempts(ctx, g, "u1")
	if err != nil || len(got) != 1 || got[0].QuestionID != "q1" || !got[0].Correct || got[0].Guessed || !got[0].At.Equal(at) {
		t.Fatalf("graded attempts after 005: %+v, %v", got, err)
	}
	id = got[0].Ref
	a, err := db.FindAttempt(ctx, g, "u1", bot.KindPractice, id)
	if err != nil || a.Kind != bot.KindPractice || a.Choice != 2 {
		t.Fatalf("find attempt: %+v, %v", a, err)
	}
	if ok, err := db.MarkGuessed(ctx, g, "u2", bot.KindPractice, id); ok || err != nil {
		t.Fatalf("another member marked the attempt guessed: %v %v", ok, err)
	}
	if ok, _ := db.MarkGuessed(ctx, g, "u1", bot.KindPractice, id); !ok {
		t.Fatal("the member could not mark their attempt guessed")
	}
	if ok, _ := db.MarkGuessed(ctx, g, "u1", bot.KindPractice, id); ok {
		t.Fatal("marked guessed twice")
	}
}
