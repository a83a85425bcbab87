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

// OpenExam implements bot.Exams.
func (db *DB) OpenExam(ctx context.Context, g bot.GroupRef, userID string) (bot.Exam, error) {
	return sqlq.OpenExam(ctx, db.reader(), g, userID)
}

// Exam implements bot.Exams.
func (db *DB) Exam(ctx context.Context, id int64) (bot.Exam, error) {
	return sqlq.Exam(ctx, db.reader(), id)
}

// LastExam implements bot.Exams.
func (db *DB) LastExam(ctx context.Context, g bot.GroupRef, userID string) (bot.Exam, error) {
	return sqlq.LastExam(ctx, db.reader(), g, userID)
}

// ExamAnswers implements bot.Exams.
func (db *DB) ExamAnswers(ctx context.Context, examID int64) ([]bot.ExamAnswer, error) {
	return sqlq.ExamAnswers(ctx, db.reader(), examID)
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
