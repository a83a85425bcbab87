package bot

import (
	"context"
	"time"
)

// Exams keeps mock exams and their answers.
type Exams interface {
	// CreateExam stores a new exam in progress and returns it with its id. A member with an exam in
	// progress in the group already gets an ECONFLICT error.
	CreateExam(ctx context.Context, e Exam) (Exam, error)
	// OpenExam returns the member's exam in progress (ENOTFOUND if none).
	OpenExam(ctx context.Context, g GroupRef, userID string) (Exam, error)
	// Exam returns an exam by id (ENOTFOUND if none).
	Exam(ctx context.Context, id int64) (Exam, error)
	// LastExam returns the member's most recent finished exam (ENOTFOUND if none).
	LastExam(ctx context.Context, g GroupRef, userID string) (Exam, error)
	// ExamAnswers returns an exam's answers in position order.
	ExamAnswers(ctx context.Context, examID int64) ([]ExamAnswer, error)
	// AnswerExam records the answer at a position of an exam in progress; a position already answered is
	// an ECONFLICT error, a finished exam an ENOTFOUND one.
	AnswerExam(ctx context.Context, e Exam, a ExamAnswer) error
	// FinishExam marks an exam finished at the given time and reports whether this call finished it.
	FinishExam(ctx context.Context, id int64, at time.Time, timedOut bool) (bool, error)
}
