package postgres

import (
	"context"
	"fmt"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/data/internal/encode"
	"github.com/studybot/studybot/data/internal/sqlq"
)

// GradedAttempts implements bot.Reviews: the member's daily answers and answered private attempts, in the
// order of bot.SortAttempts. It fills QuestionID, Correct, Guessed, At and Ref.
func (db *DB) GradedAttempts(ctx context.Context, g bot.GroupRef, userID string) ([]bot.GradedAttempt, error) {
	gid, err := db.lookupGroup(ctx, g)
	if err != nil || gid == 0 {
		return nil, err
	}
	rows, err := db.pool.Query(ctx, `SELECT question_id, correct, guessed, answered_at, false, post_id FROM answers WHERE group_id = $1 AND user_id = $2
		UNION ALL
		SELECT question_id, correct, guessed, answered_at, true, id FROM practice WHERE group_id = $1 AND user_id = $2 AND answered_at IS NOT NULL`,
		gid, userID)
	if err != nil {
		return nil, fmt.Errorf("graded attempts: %w", err)
	}
	defer rows.Close()
	var out []bot.SourcedAttempt
	ids := map[string]string{} // one string per distinct question
	for rows.Next() {
		var k bot.SourcedAttempt
		var at int64
		var q string
		if err := rows.Scan(&q, &k.Correct, &k.Guessed, &at, &k.Private, &k.Ref); err != nil {
			return nil, fmt.Errorf("graded attempts: %w", err)
		}
		id, ok := ids[q]
		if !ok {
			id = q
			ids[q] = q
		}
		k.QuestionID, k.At = id, encode.Time(at)
		out = append(out, k)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("graded attempts: %w", err)
	}
	return bot.SortAttempts(out), nil
}

// MarkGuessed implements bot.Reviews (sqlq.MarkGuessed).
func (db *DB) MarkGuessed(ctx context.Context, g bot.GroupRef, userID, kind string, ref int64) (bool, error) {
	gid, err := db.lookupGroup(ctx, g)
	if err != nil || gid == 0 {
		return false, err
	}
	return sqlq.MarkGuessed(ctx, db.conn(), gid, userID, kind, ref)
}
