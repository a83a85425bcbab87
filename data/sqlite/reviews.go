package sqlite

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/data/internal/encode"
	"github.com/studybot/studybot/data/internal/sqlq"
)

// GradedAttempts implements bot.Reviews: the member's daily answers and answered private attempts, in the
// order of bot.SortAttempts. It fills QuestionID, Correct, Guessed, At and Ref.
//
// A member may have thousands of attempts, and a review card needs all of them. Read row by row, each
// attempt costs a crossing into SQLite and database/sql's scanning; here SQLite joins them into one string
// (the practice side from a covering index) and Go splits it, which takes about half the time, with one
// string per distinct question.
func (db *DB) GradedAttempts(ctx context.Context, g bot.GroupRef, userID string) ([]bot.GradedAttempt, error) {
	gid, err := db.lookupGroup(ctx, g)
	if err != nil || gid == 0 {
		return nil, err
	}
	// Records are separated by char(30) and fields by char(31), which no question id holds; the id comes last.
	var all sql.RawBytes
	rows, err := db.r.QueryContext(ctx, `SELECT group_concat(answered_at || char(31) || correct || char(31) || guessed || char(31) || src
			|| char(31) || ref || char(31) || question_id, char(30)) FROM (
		SELECT question_id, correct, guessed, answered_at, 0 AS src, post_id AS ref FROM answers WHERE group_id = ?1 AND user_id = ?2
		UNION ALL
		SELECT question_id, correct, guessed, answered_at, 1, id FROM practice WHERE group_id = ?1 AND user_id = ?2 AND answered_at IS NOT NULL)`,
		gid, userID)
	if err != nil {
		return nil, fmt.Errorf("graded attempts: %w", err)
	}
	defer rows.Close()
	if rows.Next() {
		if err := rows.Scan(&all); err != nil {
			return nil, fmt.Errorf("graded attempts: %w", err)
		}
	}
	out := make([]bot.SourcedAttempt, 0, bytes.Count(all, []byte{30})+1)
	ids := map[string]string{}
	for rec := range bytes.SplitSeq(all, []byte{30}) {
		if len(rec) == 0 {
			continue
		}
		var f [6][]byte
		for i := range 5 {
			j := bytes.IndexByte(rec, 31)
			if j < 0 {
				return nil, fmt.Errorf("graded attempts: malformed record %q", rec)
			}
			f[i], rec = rec[:j], rec[j+1:]
		}
		f[5] = rec
		at, ok1 := parseInt(f[0])
		ref, ok2 := parseInt(f[4])
		if !ok1 || !ok2 {
			return nil, fmt.Errorf("graded attempts: malformed record")
		}
		id, ok := ids[string(f[5])]
		if !ok {
			id = string(f[5])
			ids[id] = id
		}
		out = append(out, bot.SourcedAttempt{GradedAttempt: bot.GradedAttempt{QuestionID: id, Correct: string(f[1]) == "1",
			Guessed: string(f[2]) == "1", At: encode.Time(at), Ref: ref}, Private: string(f[3]) == "1"})
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("graded attempts: %w", err)
	}
	return bot.SortAttempts(out), nil
}

// parseInt reads a non-negative decimal without allocating.
func parseInt(b []byte) (int64, bool) {
	if len(b) == 0 || len(b) > 18 {
		return 0, false
	}
	var n int64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	return n, true
}

// MarkGuessed implements bot.Reviews (sqlq.MarkGuessed).
func (db *DB) MarkGuessed(ctx context.Context, g bot.GroupRef, userID, kind string, ref int64) (bool, error) {
	gid, err := db.lookupGroup(ctx, g)
	if err != nil || gid == 0 {
		return false, err
	}
	var done bool
	err = db.write(ctx, func(tx *sql.Tx) error {
		done, err = sqlq.MarkGuessed(ctx, conn{tx}, gid, userID, kind, ref)
		return err
	})
	return done, err
}
