package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/studybot/studybot/bot"
)

// CreatePractice implements bot.Practices.
func (db *DB) CreatePractice(ctx context.Context, p bot.Practice) (int64, error) {
	gid, err := db.groupID(ctx, db.pool, p.Group)
	if err != nil {
		return 0, err
	}
	var id int64
	err = db.pool.QueryRow(ctx, `INSERT INTO practice (group_id, user_id, question_id, domain, created_at) VALUES ($1, $2, $3, $4, $5)
		RETURNING id`, gid, p.UserID, p.QuestionID, p.Domain, ms(p.CreatedAt)).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("create practice: %w", err)
	}
	return id, nil
}

// Practice implements bot.Practices.
func (db *DB) Practice(ctx context.Context, id int64) (bot.Practice, error) {
	var p bot.Practice
	var created int64
	var answered *int64
	err := db.pool.QueryRow(ctx, `SELECT p.id, g.platform, g.ext_id, p.user_id, p.question_id, p.domain, p.created_at, p.answered_at
		FROM practice p JOIN groups g ON g.id = p.group_id WHERE p.id = $1`, id).Scan(&p.ID, &p.Group.Platform, &p.Group.GroupID,
		&p.UserID, &p.QuestionID, &p.Domain, &created, &answered)
	if errors.Is(err, pgx.ErrNoRows) {
		return p, bot.Errorf(bot.ENOTFOUND, "no such practice question")
	}
	if err != nil {
		return p, fmt.Errorf("load practice %d: %w", id, err)
	}
	p.CreatedAt, p.Answered = fromMS(created), answered != nil
	return p, nil
}

// AnswerPractice implements bot.Practices. The update of a still-unanswered row decides between two clicks.
func (db *DB) AnswerPractice(ctx context.Context, id int64, choice int, correct bool, at time.Time) error {
	tag, err := db.pool.Exec(ctx, `UPDATE practice SET choice = $1, correct = $2, answered_at = $3 WHERE id = $4 AND answered_at IS NULL`,
		choice, correct, ms(at), id)
	if err != nil {
		return fmt.Errorf("answer practice %d: %w", id, err)
	}
	if tag.RowsAffected() == 0 {
		return bot.Errorf(bot.ECONFLICT, "already answered")
	}
	return nil
}

// Attempts implements bot.Practices.
func (db *DB) Attempts(ctx context.Context, g bot.GroupRef, userID string) (map[string]bot.Attempt, error) {
	out := map[string]bot.Attempt{}
	gid, err := db.lookupGroup(ctx, g)
	if err != nil || gid == 0 {
		return out, err
	}
	rows, err := db.pool.Query(ctx, `SELECT question_id, correct, answered_at FROM answers WHERE group_id = $1 AND user_id = $2
		UNION ALL SELECT question_id, correct, answered_at FROM practice WHERE group_id = $1 AND user_id = $2 AND answered_at IS NOT NULL`,
		gid, userID)
	if err != nil {
		return nil, fmt.Errorf("attempts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var q string
		var correct bool
		var at int64
		if err := rows.Scan(&q, &correct, &at); err != nil {
			return nil, fmt.Errorf("attempts: %w", err)
		}
		if prev, ok := out[q]; !ok || fromMS(at).After(prev.At) {
			out[q] = bot.Attempt{Correct: correct, At: fromMS(at)}
		}
	}
	return out, rows.Err()
}
