package postgres

import (
	"context"
	"time"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/data/internal/sqlq"
)

// CreatePractice implements bot.Practices.
func (db *DB) CreatePractice(ctx context.Context, p bot.Practice) (int64, error) {
	gid, err := db.groupID(ctx, db.pool, p.Group)
	if err != nil {
		return 0, err
	}
	return sqlq.CreatePractice(ctx, db.conn(), gid, p)
}

// AnswerPractice implements bot.Practices (sqlq.AnswerPractice).
func (db *DB) AnswerPractice(ctx context.Context, id int64, choice int, correct bool, at time.Time) error {
	return sqlq.AnswerPractice(ctx, db.conn(), id, choice, correct, at)
}
