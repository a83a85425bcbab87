package sqlq

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/data/internal/encode"
)

const examColumns = `e.id, g.platform, g.ext_id, e.user_id, e.seed, e.questions, e.started_at, e.ends_at, e.finished_at, e.timed_out, e.pack, e.pack_version`

var (
	createExam = New(`INSERT INTO exams (group_id, user_id, seed, questions, started_at, ends_at, pack, pack_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		RETURNING id`)
	openExam = New(`SELECT ` + examColumns + ` FROM exams e JOIN groups g ON g.id = e.group_id
		WHERE g.platform = ? AND g.ext_id = ? AND e.user_id = ? AND e.finished_at IS NULL`)
	examByID = New(`SELECT ` + examColumns + ` FROM exams e JOIN groups g ON g.id = e.group_id WHERE e.id = ?`)
	lastExam = New(`SELECT ` + examColumns + ` FROM exams e JOIN groups g ON g.id = e.group_id
		WHERE g.platform = ? AND g.ext_id = ? AND e.user_id = ? AND e.finished_at IS NOT NULL ORDER BY e.id DESC LIMIT 1`)
	examAnswers = New(`SELECT position, question_id, domain, choice, correct, answered_at FROM practice
		WHERE exam_id = ? ORDER BY position`)
	// The exam's own row decides, in the same statement, that it is still in progress.
	answerExam = New(`INSERT INTO practice (group_id, user_id, kind, exam_id, position, question_id, domain, created_at, choice, correct, answered_at, pack, pack_version)
		SELECT group_id, ?2, 'exam', id, ?3, ?4, ?5, ?6, ?7, ?8, ?6, pack, pack_version FROM exams WHERE id = ?1 AND finished_at IS NULL`)
	finishExam = New(`UPDATE exams SET finished_at = ?, timed_out = ? WHERE id = ? AND finished_at IS NULL`)
)

func scanExam(row Row) (bot.Exam, error) {
	var e bot.Exam
	var seed int64
	var questions string
	var started, ends int64
	var finished *int64
	if err := row.Scan(&e.ID, &e.Group.Platform, &e.Group.GroupID, &e.UserID, &seed, &questions, &started, &ends, &finished, &e.TimedOut, &e.Pack, &e.PackVersion); err != nil {
		if errors.Is(err, ErrNoRows) {
			return e, bot.Errorf(bot.ENOTFOUND, "no such exam")
		}
		return e, fmt.Errorf("scan exam: %w", err)
	}
	e.Seed = uint64(seed)
	e.Questions = encode.ParseQuestions(questions)
	e.StartedAt, e.EndsAt, e.FinishedAt = encode.Time(started), encode.Time(ends), encode.NullTime(finished)
	return e, nil
}

// CreateExam implements bot.Exams.CreateExam in the group of row id gid. The partial unique index on exams
// in progress decides between two starts.
func CreateExam(ctx context.Context, q Querier, gid int64, e bot.Exam) (bot.Exam, error) {
	questions, err := encode.Questions(e.Questions)
	if err != nil {
		return e, fmt.Errorf("create exam: %w", err)
	}
	err = q.QueryRow(ctx, createExam, gid, e.UserID, int64(e.Seed), questions, encode.MS(e.StartedAt), encode.MS(e.EndsAt), e.Pack, e.PackVersion).Scan(&e.ID)
	if q.Unique(err) {
		return e, bot.Errorf(bot.ECONFLICT, "an exam is in progress")
	}
	if err != nil {
		return e, fmt.Errorf("create exam: %w", err)
	}
	return e, nil
}

// OpenExam implements bot.Exams.OpenExam.
func OpenExam(ctx context.Context, q Querier, g bot.GroupRef, userID string) (bot.Exam, error) {
	return scanExam(q.QueryRow(ctx, openExam, g.Platform, g.GroupID, userID))
}

// Exam implements bot.Exams.Exam.
func Exam(ctx context.Context, q Querier, id int64) (bot.Exam, error) {
	return scanExam(q.QueryRow(ctx, examByID, id))
}

// LastExam implements bot.Exams.LastExam.
func LastExam(ctx context.Context, q Querier, g bot.GroupRef, userID string) (bot.Exam, error) {
	return scanExam(q.QueryRow(ctx, lastExam, g.Platform, g.GroupID, userID))
}

// ExamAnswers implements bot.Exams.ExamAnswers.
func ExamAnswers(ctx context.Context, q Querier, examID int64) ([]bot.ExamAnswer, error) {
	rows, err := q.Query(ctx, examAnswers, examID)
	out, err := collect(rows, err, func(r Rows) (bot.ExamAnswer, error) {
		var a bot.ExamAnswer
		var at int64
		err := r.Scan(&a.Position, &a.QuestionID, &a.Domain, &a.Choice, &a.Correct, &at)
		a.At = encode.Time(at)
		return a, err
	})
	if err != nil {
		return nil, fmt.Errorf("exam answers: %w", err)
	}
	return out, nil
}

// AnswerExam implements bot.Exams.AnswerExam: the answer is a private attempt of kind exam, unique per
// position, and only while the exam is in progress (in the same statement).
func AnswerExam(ctx context.Context, q Querier, e bot.Exam, a bot.ExamAnswer) error {
	n, err := q.Exec(ctx, answerExam, e.ID, e.UserID, a.Position, a.QuestionID, a.Domain, encode.MS(a.At), a.Choice, a.Correct)
	if q.Unique(err) {
		return bot.Errorf(bot.ECONFLICT, "already answered")
	}
	if err != nil {
		return fmt.Errorf("answer exam: %w", err)
	}
	if n == 0 {
		return bot.Errorf(bot.ENOTFOUND, "exam %d is not in progress", e.ID)
	}
	return nil
}

// FinishExam implements bot.Exams.FinishExam.
func FinishExam(ctx context.Context, q Querier, id int64, at time.Time, timedOut bool) (bool, error) {
	n, err := q.Exec(ctx, finishExam, encode.MS(at), timedOut, id)
	if err != nil {
		return false, fmt.Errorf("finish exam: %w", err)
	}
	return n > 0, nil
}
