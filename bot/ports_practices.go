package bot

import (
	"context"
	"time"
)

// Practices keeps the private questions members are shown: practice questions and review cards.
type Practices interface {
	// CreatePractice records a private question shown to a member (its Kind: practice or review) and
	// returns its id.
	CreatePractice(ctx context.Context, p Practice) (int64, error)
	// Practice returns a private question by id (ENOTFOUND if there is none).
	Practice(ctx context.Context, id int64) (Practice, error)
	// AnswerPractice records the answer to a private question; a second answer is an ECONFLICT error.
	AnswerPractice(ctx context.Context, id int64, choice int, correct bool, at time.Time) error
}
