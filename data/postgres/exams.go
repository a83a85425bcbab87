package postgres

import (
	"context"
	"time"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/data/internal/sqlq"
)

// CreateExam implements bot.Exams (sqlq.CreateExam): the partial unique index on exams in progress
// decides between two starts, on any replicas.
func (db *DB) CreateExam(ctx context.Context, e bot.Exam) (bot.Exam, error) {
	gid, err := db.groupID(ctx, db.pool, e.Group)
	if err != nil {
		return e, err
	}
	return sqlq.CreateExam(ctx, db.conn(), gid, e)
}

// AnswerExam implements bot.Exams (sqlq.AnswerExam).
func (db *DB) AnswerExam(ctx context.Context, e bot.Exam, a bot.ExamAnswer) error {
	return sqlq.AnswerExam(ctx, db.conn(), e, a)
}

// FinishExam implements bot.Exams.
func (db *DB) FinishExam(ctx context.Context, id int64, at time.Time, timedOut bool) (bool, error) {
	return sqlq.FinishExam(ctx, db.conn(), id, at, timedOut)
}
