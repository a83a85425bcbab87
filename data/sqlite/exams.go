package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/data/internal/encode"
)

const examColumns = `e.id, g.platform, g.ext_id, e.user_id, e.seed, e.questions, e.started_at, e.ends_at, e.finished_at, e.timed_out`

func scanExam(row interface{ Scan(...any) error }) (bot.Exam, error) {
	var e bot.Exam
	var seed int64
	var questions string
	var started, ends int64
	var finished sql.NullInt64
	if err := row.Scan(&e.ID, &e.Group.Platform, &e.Group.GroupID, &e.UserID, &seed, &questions, &started, &ends, &finished, &e.TimedOut); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return e, bot.Errorf(bot.ENOTFOUND, "no such exam")
		}
		return e, fmt.Errorf("scan exam: %w", err)
	}
	e.Seed = uint64(seed)
	e.Questions = encode.ParseQuestions(questions)
	e.StartedAt, e.EndsAt = encode.Time(started), encode.Time(ends)
	if finished.Valid {
		e.FinishedAt = encode.Time(finished.Int64)
	}
	return e, nil
}

// CreateExam implements bot.Exams. The partial unique index on exams in progress decides between two starts.
func (db *DB) CreateExam(ctx context.Context, e bot.Exam) (bot.Exam, error) {
	questions, err := encode.Questions(e.Questions)
	if err != nil {
		return e, fmt.Errorf("create exam: %w", err)
	}
	err = db.write(ctx, func(tx *sql.Tx) error {
		gid, err := db.groupID(ctx, tx, e.Group)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO exams (group_id, user_id, seed, questions, started_at, ends_at) VALUES (?, ?, ?, ?, ?, ?)`,
			gid, e.UserID, int64(e.Seed), questions, encode.MS(e.StartedAt), encode.MS(e.EndsAt))
		if isUnique(err) {
			return bot.Errorf(bot.ECONFLICT, "an exam is in progress")
		}
		if err != nil {
			return fmt.Errorf("create exam: %w", err)
		}
		e.ID, err = res.LastInsertId()
		return err
	})
	return e, err
}

// OpenExam implements bot.Exams.
func (db *DB) OpenExam(ctx context.Context, g bot.GroupRef, userID string) (bot.Exam, error) {
	return scanExam(db.r.QueryRowContext(ctx, `SELECT `+examColumns+` FROM exams e JOIN groups g ON g.id = e.group_id
		WHERE g.platform = ? AND g.ext_id = ? AND e.user_id = ? AND e.finished_at IS NULL`, g.Platform, g.GroupID, userID))
}

// Exam implements bot.Exams.
func (db *DB) Exam(ctx context.Context, id int64) (bot.Exam, error) {
	return scanExam(db.r.QueryRowContext(ctx, `SELECT `+examColumns+` FROM exams e JOIN groups g ON g.id = e.group_id WHERE e.id = ?`, id))
}

// LastExam implements bot.Exams.
func (db *DB) LastExam(ctx context.Context, g bot.GroupRef, userID string) (bot.Exam, error) {
	return scanExam(db.r.QueryRowContext(ctx, `SELECT `+examColumns+` FROM exams e JOIN groups g ON g.id = e.group_id
		WHERE g.platform = ? AND g.ext_id = ? AND e.user_id = ? AND e.finished_at IS NOT NULL ORDER BY e.id DESC LIMIT 1`, g.Platform, g.GroupID, userID))
}

// ExamAnswers implements bot.Exams.
func (db *DB) ExamAnswers(ctx context.Context, examID int64) ([]bot.ExamAnswer, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT position, question_id, domain, choice, correct, answered_at FROM practice
		WHERE exam_id = ? ORDER BY position`, examID)
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

// AnswerExam implements bot.Exams: the answer is a private attempt of kind exam, unique per position.
func (db *DB) AnswerExam(ctx context.Context, e bot.Exam, a bot.ExamAnswer) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		var gid int64
		err := tx.QueryRowContext(ctx, `SELECT group_id FROM exams WHERE id = ? AND finished_at IS NULL`, e.ID).Scan(&gid)
		if errors.Is(err, sql.ErrNoRows) {
			return bot.Errorf(bot.ENOTFOUND, "exam %d is not in progress", e.ID)
		}
		if err != nil {
			return fmt.Errorf("answer exam: %w", err)
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO practice (group_id, user_id, kind, exam_id, position, question_id, domain, created_at, choice, correct, answered_at)
			VALUES (?, ?, 'exam', ?, ?, ?, ?, ?, ?, ?, ?)`, gid, e.UserID, e.ID, a.Position, a.QuestionID, a.Domain, encode.MS(a.At), a.Choice, a.Correct, encode.MS(a.At))
		if isUnique(err) {
			return bot.Errorf(bot.ECONFLICT, "already answered")
		}
		if err != nil {
			return fmt.Errorf("answer exam: %w", err)
		}
		return nil
	})
}

// FinishExam implements bot.Exams.
func (db *DB) FinishExam(ctx context.Context, id int64, at time.Time, timedOut bool) (bool, error) {
	var n int64
	err := db.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE exams SET finished_at = ?, timed_out = ? WHERE id = ? AND finished_at IS NULL`, encode.MS(at), timedOut, id)
		if err != nil {
			return fmt.Errorf("finish exam: %w", err)
		}
		n, err = res.RowsAffected()
		return err
	})
	return n > 0, err
}
