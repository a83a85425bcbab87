package sqlite

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/data/storetest"
)

// TestPackBoardsMigrationFillsThemFromTheAnswers: a database from before migration 016 keeps no pack
// boards; the migration fills them from the answers already given, so that every channel's board shows
// the same points after the upgrade as the group's did before it.
func TestPackBoardsMigrationFillsThemFromTheAnswers(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := open(ctx, path, migrationsBefore(t, "016"))
	if err != nil {
		t.Fatal(err)
	}
	storetest.ScoresScenario(t, db, func([]bot.Answer) {})
	// What a release before 016 kept: no pack rows (this release's writer adds them).
	if _, err := db.w.ExecContext(ctx, `DELETE FROM scores WHERE domain LIKE 'pack:%'`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var packRows, bad int
	db.r.QueryRow(`SELECT count(*) FROM scores WHERE domain LIKE 'pack:%'`).Scan(&packRows)
	// Each pack board's rows equal the group's "*" rows: the scenario's posts are all of one pack.
	db.r.QueryRow(`SELECT count(*) FROM scores s JOIN scores a ON a.group_id = s.group_id AND a.period = s.period
		AND a.user_id = s.user_id AND a.domain = '*'
		WHERE s.domain LIKE 'pack:%' AND (s.points <> a.points OR s.answered <> a.answered OR s.correct <> a.correct)`).Scan(&bad)
	var all int
	db.r.QueryRow(`SELECT count(*) FROM scores WHERE domain = '*'`).Scan(&all)
	if packRows == 0 || packRows != all || bad != 0 {
		t.Fatalf("after migration 016: %d pack rows for %d group rows, %d differ", packRows, all, bad)
	}
}
