package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/studybot/studybot/bot"
)

// CreatePractice implements bot.Practices.
func (db *DB) CreatePractice(ctx context.Context, p bot.Practice) (int64, error) {
	var id int64
	err := db.write(ctx, func(tx *sql.Tx) error {
		gid, err := db.groupID(ctx, tx, p.Group)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO practice (group_id, user_id, question_id, domain, created_at) VALUES (?, ?, ?, ?, ?)`,
			gid, p.UserID, p.QuestionID, p.Domain, ms(p.CreatedAt))
		if err != nil {
			return err
		}
		id, err = res.LastInsertId()
		return err
	})
	return id, err
}

// Practice implements bot.Practices.
func (db *DB) Practice(ctx context.Context, id int64) (bot.Practice, error) {
	var p bot.Practice
	var created int64
	var answered sql.NullInt64
	err := db.r.QueryRowContext(ctx, `SELECT p.id, g.platform, g.ext_id, p.user_id, p.question_id, p.domain, p.created_at, p.answered_at
		FROM practice p JOIN groups g ON g.id = p.group_id WHERE p.id = ?`, id).Scan(&p.ID, &p.Group.Platform, &p.Group.GroupID,
		&p.UserID, &p.QuestionID, &p.Domain, &created, &answered)
	if errors.Is(err, sql.ErrNoRows) {
		return p, bot.Errorf(bot.ENOTFOUND, "no such practice question")
	}
	p.CreatedAt, p.Answered = fromMS(created), answered.Valid
	return p, err
}

// AnswerPractice implements bot.Practices.
func (db *DB) AnswerPractice(ctx context.Context, id int64, choice int, correct bool, at time.Time) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE practice SET choice = ?, correct = ?, answered_at = ? WHERE id = ? AND answered_at IS NULL`,
			choice, correct, ms(at), id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return bot.Errorf(bot.ECONFLICT, "already answered")
		}
		return nil
	})
}

// Attempts implements bot.Practices.
func (db *DB) Attempts(ctx context.Context, g bot.GroupRef, userID string) (map[string]bot.Attempt, error) {
	out := map[string]bot.Attempt{}
	gid, err := db.lookupGroup(ctx, g)
	if err != nil || gid == 0 {
		return out, err
	}
	rows, err := db.r.QueryContext(ctx, `SELECT question_id, correct, answered_at FROM answers WHERE group_id = ? AND user_id = ?
		UNION ALL SELECT question_id, correct, answered_at FROM practice WHERE group_id = ? AND user_id = ? AND answered_at IS NOT NULL`,
		gid, userID, gid, userID)
	if err != nil {
		return nil, fmt.Errorf("attempts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var q string
		var correct bool
		var at int64
		if err := rows.Scan(&q, &correct, &at); err != nil {
			return nil, err
		}
		if prev, ok := out[q]; !ok || fromMS(at).After(prev.At) {
			out[q] = bot.Attempt{Correct: correct, At: fromMS(at)}
		}
	}
	return out, rows.Err()
}
