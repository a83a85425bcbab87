package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/studybot/studybot/bot"
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
		k.QuestionID, k.At = id, fromMS(at)
		out = append(out, k)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("graded attempts: %w", err)
	}
	return bot.SortAttempts(out), nil
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
		err = db.pool.QueryRow(ctx, `SELECT question_id, domain, choice, correct, guessed, answered_at FROM answers
			WHERE post_id = $1 AND user_id = $2 AND group_id = $3`, ref, userID, gid).Scan(&a.QuestionID, &a.Domain, &a.Choice, &a.Correct, &a.Guessed, &at)
	} else {
		var choice *int32
		var correct *bool
		err = db.pool.QueryRow(ctx, `SELECT kind, question_id, domain, choice, correct, guessed, answered_at FROM practice
			WHERE id = $1 AND user_id = $2 AND group_id = $3 AND answered_at IS NOT NULL`, ref, userID, gid).Scan(&a.Kind, &a.QuestionID, &a.Domain, &choice, &correct, &a.Guessed, &at)
		if choice != nil {
			a.Choice = int(*choice)
		}
		if correct != nil {
			a.Correct = *correct
		}
	}
	if errors.Is(err, pgx.ErrNoRows) {
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
	q := `UPDATE practice SET guessed = true WHERE id = $1 AND user_id = $2 AND group_id = $3 AND correct AND NOT guessed`
	if kind == bot.KindDaily {
		q = `UPDATE answers SET guessed = true WHERE post_id = $1 AND user_id = $2 AND group_id = $3 AND correct AND NOT guessed`
	}
	tag, err := db.pool.Exec(ctx, q, ref, userID, gid)
	if err != nil {
		return false, fmt.Errorf("mark guessed: %w", err)
	}
	return tag.RowsAffected() > 0, nil
}

// ReviewsAnswered implements bot.Reviews.
func (db *DB) ReviewsAnswered(ctx context.Context, g bot.GroupRef, userID string, since time.Time) ([]bot.GradedAttempt, error) {
	gid, err := db.lookupGroup(ctx, g)
	if err != nil || gid == 0 {
		return nil, err
	}
	rows, err := db.pool.Query(ctx, `SELECT id, question_id, domain, coalesce(correct, false), guessed, answered_at FROM practice
		WHERE group_id = $1 AND user_id = $2 AND kind = 'review' AND answered_at >= $3 ORDER BY answered_at, id`, gid, userID, since.UnixMilli())
	if err != nil {
		return nil, fmt.Errorf("reviews answered: %w", err)
	}
	defer rows.Close()
	var out []bot.GradedAttempt
	for rows.Next() {
		a := bot.GradedAttempt{Kind: bot.KindReview}
		var at int64
		if err := rows.Scan(&a.Ref, &a.QuestionID, &a.Domain, &a.Correct, &a.Guessed, &at); err != nil {
			return nil, fmt.Errorf("reviews answered: %w", err)
		}
		a.At = time.UnixMilli(at).UTC()
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("reviews answered: %w", err)
	}
	return out, nil
}
