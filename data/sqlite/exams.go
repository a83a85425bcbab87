package sqlite

import (
	"context"
	"database/sql"
	"time"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/data/internal/sqlq"
)

// CreateExam implements bot.Exams (sqlq.CreateExam).
func (db *DB) CreateExam(ctx context.Context, e bot.Exam) (out bot.Exam, err error) {
	err = db.write(ctx, func(tx *sql.Tx) error {
		gid, err := db.groupID(ctx, tx, e.Group)
		if err != nil {
			return err
		}
		out, err = sqlq.CreateExam(ctx, conn{tx}, gid, e)
		return err
	})
	return out, err
}

// AnswerExam implements bot.Exams (sqlq.AnswerExam).
func (db *DB) AnswerExam(ctx context.Context, e bot.Exam, a bot.ExamAnswer) error {
	return db.write(ctx, func(tx *sql.Tx) error { return sqlq.AnswerExam(ctx, conn{tx}, e, a) })
}

// FinishExam implements bot.Exams.
func (db *DB) FinishExam(ctx context.Context, id int64, at time.Time, timedOut bool) (done bool, err error) {
	err = db.write(ctx, func(tx *sql.Tx) error {
		done, err = sqlq.FinishExam(ctx, conn{tx}, id, at, timedOut)
		return err
	})
	return done, err
}
