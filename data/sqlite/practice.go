package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/data/internal/encode"
)

// CreatePractice implements bot.Practices.
func (db *DB) CreatePractice(ctx context.Context, p bot.Practice) (int64, error) {
	var id int64
	err := db.write(ctx, func(tx *sql.Tx) error {
		gid, err := db.groupID(ctx, tx, p.Group)
		if err != nil {
			return err
		}
		kind := p.Kind
		if kind == "" {
			kind = bot.KindPractice
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO practice (group_id, user_id, kind, question_id, domain, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
			gid, p.UserID, kind, p.QuestionID, p.Domain, encode.MS(p.CreatedAt))
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
	err := db.r.QueryRowContext(ctx, `SELECT p.id, g.platform, g.ext_id, p.user_id, p.kind, p.question_id, p.domain, p.created_at, p.answered_at
		FROM practice p JOIN groups g ON g.id = p.group_id WHERE p.id = ? AND p.kind != 'exam'`, id).Scan(&p.ID, &p.Group.Platform, &p.Group.GroupID,
		&p.UserID, &p.Kind, &p.QuestionID, &p.Domain, &created, &answered)
	if errors.Is(err, sql.ErrNoRows) {
		return p, bot.Errorf(bot.ENOTFOUND, "no such practice question")
	}
	p.CreatedAt, p.Answered = encode.Time(created), answered.Valid
	return p, err
}

// AnswerPractice implements bot.Practices.
func (db *DB) AnswerPractice(ctx context.Context, id int64, choice int, correct bool, at time.Time) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE practice SET choice = ?, correct = ?, answered_at = ? WHERE id = ? AND answered_at IS NULL AND kind != 'exam'`,
			choice, correct, encode.MS(at), id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return bot.Errorf(bot.ECONFLICT, "already answered")
		}
		return nil
	})
}
