package sqlite

import (
	"context"
	"database/sql"
	"time"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/data/internal/sqlq"
)

// CreatePractice implements bot.Practices.
func (db *DB) CreatePractice(ctx context.Context, p bot.Practice) (id int64, err error) {
	err = db.write(ctx, func(tx *sql.Tx) error {
		gid, err := db.groupID(ctx, tx, p.Group)
		if err != nil {
			return err
		}
		id, err = sqlq.CreatePractice(ctx, conn{tx}, gid, p)
		return err
	})
	return id, err
}

// AnswerPractice implements bot.Practices (sqlq.AnswerPractice).
func (db *DB) AnswerPractice(ctx context.Context, id int64, choice int, correct bool, at time.Time) error {
	return db.write(ctx, func(tx *sql.Tx) error { return sqlq.AnswerPractice(ctx, conn{tx}, id, choice, correct, at) })
}
