package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/data/internal/encode"
)

// CreatePractice implements bot.Practices.
func (db *DB) CreatePractice(ctx context.Context, p bot.Practice) (int64, error) {
	gid, err := db.groupID(ctx, db.pool, p.Group)
	if err != nil {
		return 0, err
	}
	kind := p.Kind
	if kind == "" {
		kind = bot.KindPractice
	}
	var id int64
	err = db.pool.QueryRow(ctx, `INSERT INTO practice (group_id, user_id, kind, question_id, domain, created_at) VALUES ($1, $2, $3, $4, $5, $6)
		RETURNING id`, gid, p.UserID, kind, p.QuestionID, p.Domain, encode.MS(p.CreatedAt)).Scan(&id)
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
	err := db.pool.QueryRow(ctx, `SELECT p.id, g.platform, g.ext_id, p.user_id, p.kind, p.question_id, p.domain, p.created_at, p.answered_at
		FROM practice p JOIN groups g ON g.id = p.group_id WHERE p.id = $1 AND p.kind <> 'exam'`, id).Scan(&p.ID, &p.Group.Platform, &p.Group.GroupID,
		&p.UserID, &p.Kind, &p.QuestionID, &p.Domain, &created, &answered)
	if errors.Is(err, pgx.ErrNoRows) {
		return p, bot.Errorf(bot.ENOTFOUND, "no such practice question")
	}
	if err != nil {
		return p, fmt.Errorf("load practice %d: %w", id, err)
	}
	p.CreatedAt, p.Answered = encode.Time(created), answered != nil
	return p, nil
}

// AnswerPractice implements bot.Practices. The update of a still-unanswered row decides between two clicks.
func (db *DB) AnswerPractice(ctx context.Context, id int64, choice int, correct bool, at time.Time) error {
	tag, err := db.pool.Exec(ctx, `UPDATE practice SET choice = $1, correct = $2, answered_at = $3 WHERE id = $4 AND answered_at IS NULL AND kind <> 'exam'`,
		choice, correct, encode.MS(at), id)
	if err != nil {
		return fmt.Errorf("answer practice %d: %w", id, err)
	}
	if tag.RowsAffected() == 0 {
		return bot.Errorf(bot.ECONFLICT, "already answered")
	}
	return nil
}
