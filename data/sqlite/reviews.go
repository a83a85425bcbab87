package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/studybot/studybot/bot"
)

// GradedAttempts implements bot.Reviews: the member's daily answers and answered private attempts, oldest
// first (daily answers before private ones at the same millisecond, then by id).
func (db *DB) GradedAttempts(ctx context.Context, g bot.GroupRef, userID string) ([]bot.GradedAttempt, error) {
	gid, err := db.lookupGroup(ctx, g)
	if err != nil || gid == 0 {
		return nil, err
	}
	rows, err := db.r.QueryContext(ctx, `SELECT 'daily', post_id, question_id, domain, choice, correct, guessed, answered_at, 0
			FROM answers WHERE group_id = ?1 AND user_id = ?2
		UNION ALL
		SELECT kind, id, question_id, domain, choice, correct, guessed, answered_at, 1
			FROM practice WHERE group_id = ?1 AND user_id = ?2 AND answered_at IS NOT NULL
		ORDER BY 8, 9, 2`, gid, userID)
	if err != nil {
		return nil, fmt.Errorf("graded attempts: %w", err)
	}
	defer rows.Close()
	var out []bot.GradedAttempt
	for rows.Next() {
		var a bot.GradedAttempt
		var at, private int64
		if err := rows.Scan(&a.Kind, &a.Ref, &a.QuestionID, &a.Domain, &a.Choice, &a.Correct, &a.Guessed, &at, &private); err != nil {
			return nil, fmt.Errorf("graded attempts: %w", err)
		}
		a.At = fromMS(at)
		out = append(out, a)
	}
	return out, rows.Err()
}

// FindAttempt implements bot.Reviews.
func (db *DB) FindAttempt(ctx context.Context, g bot.GroupRef, userID, kind string, ref int64) (bot.GradedAttempt, error) {
	a := bot.GradedAttempt{Ref: ref}
	gid, err := db.lookupGroup(ctx, g)
	if err != nil {
		return a, err
	}
	var at int64
	if kind == bot.KindDaily {
		a.Kind = bot.KindDaily
		err = db.r.QueryRowContext(ctx, `SELECT question_id, domain, choice, correct, guessed, answered_at FROM answers
			WHERE post_id = ? AND user_id = ? AND group_id = ?`, ref, userID, gid).Scan(&a.QuestionID, &a.Domain, &a.Choice, &a.Correct, &a.Guessed, &at)
	} else {
		err = db.r.QueryRowContext(ctx, `SELECT kind, question_id, domain, choice, correct, guessed, answered_at FROM practice
			WHERE id = ? AND user_id = ? AND group_id = ? AND answered_at IS NOT NULL`, ref, userID, gid).Scan(&a.Kind, &a.QuestionID, &a.Domain, &a.Choice, &a.Correct, &a.Guessed, &at)
	}
	if errors.Is(err, sql.ErrNoRows) {
		return a, bot.Errorf(bot.ENOTFOUND, "no such attempt")
	}
	if err != nil {
		return a, fmt.Errorf("find attempt: %w", err)
	}
	a.At = fromMS(at)
	return a, nil
}

// MarkGuessed implements bot.Reviews with an UPDATE of the member's own row; the answer's insert is never
// touched.
func (db *DB) MarkGuessed(ctx context.Context, g bot.GroupRef, userID, kind string, ref int64) (bool, error) {
	gid, err := db.lookupGroup(ctx, g)
	if err != nil || gid == 0 {
		return false, err
	}
	q := `UPDATE practice SET guessed = 1 WHERE id = ? AND user_id = ? AND group_id = ? AND correct = 1 AND guessed = 0`
	if kind == bot.KindDaily {
		q = `UPDATE answers SET guessed = 1 WHERE post_id = ? AND user_id = ? AND group_id = ? AND correct = 1 AND guessed = 0`
	}
	var n int64
	err = db.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, q, ref, userID, gid)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return false, fmt.Errorf("mark guessed: %w", err)
	}
	return n > 0, nil
}
