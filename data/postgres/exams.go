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

const examColumns = `e.id, g.platform, g.ext_id, e.user_id, e.seed, e.questions, e.started_at, e.ends_at, e.finished_at, e.timed_out`

func scanExam(row pgx.Row) (bot.Exam, error) {
	var e bot.Exam
	var seed int64
	var questions string
	var started, ends int64
	var finished *int64
	if err := row.Scan(&e.ID, &e.Group.Platform, &e.Group.GroupID, &e.UserID, &seed, &questions, &started, &ends, &finished, &e.TimedOut); err != nil {
		if errors.Is(err, pgx.ErrNoRows) {
			return e, bot.Errorf(bot.ENOTFOUND, "no such exam")
		}
		return e, fmt.Errorf("scan exam: %w", err)
	}
	e.Seed = uint64(seed)
	e.Questions = encode.ParseQuestions(questions)
	e.StartedAt, e.EndsAt, e.FinishedAt = encode.Time(started), encode.Time(ends), encode.NullTime(finished)
	return e, nil
}

// CreateExam implements bot.Exams. The partial unique index on exams in progress decides between two
// starts, on any replicas.
func (db *DB) CreateExam(ctx context.Context, e bot.Exam) (bot.Exam, error) {
	questions, err := encode.Questions(e.Questions)
	if err != nil {
		return e, fmt.Errorf("create exam: %w", err)
	}
	gid, err := db.groupID(ctx, db.pool, e.Group)
	if err != nil {
		return e, err
	}
	err = db.pool.QueryRow(ctx, `INSERT INTO exams (group_id, user_id, seed, questions, started_at, ends_at) VALUES ($1, $2, $3, $4, $5, $6)
		RETURNING id`, gid, e.UserID, int64(e.Seed), questions, encode.MS(e.StartedAt), encode.MS(e.EndsAt)).Scan(&e.ID)
	if isUnique(err) {
		return e, bot.Errorf(bot.ECONFLICT, "an exam is in progress")
	}
	if err != nil {
		return e, fmt.Errorf("create exam: %w", err)
	}
	return e, nil
}

// OpenExam implements bot.Exams.
func (db *DB) OpenExam(ctx context.Context, g bot.GroupRef, userID string) (bot.Exam, error) {
	return scanExam(db.pool.QueryRow(ctx, `SELECT `+examColumns+` FROM exams e JOIN groups g ON g.id = e.group_id
		WHERE g.platform = $1 AND g.ext_id = $2 AND e.user_id = $3 AND e.finished_at IS NULL`, g.Platform, g.GroupID, userID))
}

// Exam implements bot.Exams.
func (db *DB) Exam(ctx context.Context, id int64) (bot.Exam, error) {
	return scanExam(db.pool.QueryRow(ctx, `SELECT `+examColumns+` FROM exams e JOIN groups g ON g.id = e.group_id WHERE e.id = $1`, id))
}

// LastExam implements bot.Exams.
func (db *DB) LastExam(ctx context.Context, g bot.GroupRef, userID string) (bot.Exam, error) {
	return scanExam(db.pool.QueryRow(ctx, `SELECT `+examColumns+` FROM exams e JOIN groups g ON g.id = e.group_id
		WHERE g.platform = $1 AND g.ext_id = $2 AND e.user_id = $3 AND e.finished_at IS NOT NULL ORDER BY e.id DESC LIMIT 1`, g.Platform, g.GroupID, userID))
}

// ExamAnswers implements bot.Exams.
func (db *DB) ExamAnswers(ctx context.Context, examID int64) ([]bot.ExamAnswer, error) {
	rows, err := db.pool.Query(ctx, `SELECT position, question_id, domain, choice, correct, answered_at FROM practice
		WHERE exam_id = $1 ORDER BY position`, examID)
	if err != nil {
		return nil, fmt.Errorf("exam answers: %w", err)
	}
	defer rows.Close()
	var out []bot.ExamAnswer
	for rows.Next() {
		var a bot.ExamAnswer
		var at int64
		if err := rows.Scan(&a.Position, &a.QuestionID, &a.Domain, &a.Choice, &a.Correct, &at); err != nil {
			return nil, fmt.Errorf("exam answers: %w", err)
		}
		a.At = encode.Time(at)
		out = append(out, a)
	}
	return out, rows.Err()
}

// AnswerExam implements bot.Exams: the answer is a private attempt of kind exam, unique per position, and
// only while the exam is in progress (in the same statement).
func (db *DB) AnswerExam(ctx context.Context, e bot.Exam, a bot.ExamAnswer) error {
	tag, err := db.pool.Exec(ctx, `INSERT INTO practice (group_id, user_id, kind, exam_id, position, question_id, domain, created_at, choice, correct, answered_at)
		SELECT group_id, $2, 'exam', id, $3, $4, $5, $6, $7, $8, $6 FROM exams WHERE id = $1 AND finished_at IS NULL`,
		e.ID, e.UserID, a.Position, a.QuestionID, a.Domain, encode.MS(a.At), a.Choice, a.Correct)
	if isUnique(err) {
		return bot.Errorf(bot.ECONFLICT, "already answered")
	}
	if err != nil {
		return fmt.Errorf("answer exam: %w", err)
	}
	if tag.RowsAffected() == 0 {
		return bot.Errorf(bot.ENOTFOUND, "exam %d is not in progress", e.ID)
	}
	return nil
}

// FinishExam implements bot.Exams.
func (db *DB) FinishExam(ctx context.Context, id int64, at time.Time, timedOut bool) (bool, error) {
	tag, err := db.pool.Exec(ctx, `UPDATE exams SET finished_at = $1, timed_out = $2 WHERE id = $3 AND finished_at IS NULL`, encode.MS(at), timedOut, id)
	if err != nil {
		return false, fmt.Errorf("finish exam: %w", err)
	}
	return tag.RowsAffected() > 0, nil
}
