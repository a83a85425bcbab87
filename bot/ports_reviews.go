package bot

import (
	"context"
	"time"
)

// Reviews reads what a member's review cards are derived from: their graded attempts. Cards are never
// stored; each is the FSRS replay of the member's attempts at one question (see quiz.FSRS.Cards).
type Reviews interface {
	// GradedAttempts returns every graded attempt of a member in a group, daily and private, in the order
	// of SortAttempts, with QuestionID, Correct, Guessed, At and Ref (the domain follows from the question).
	GradedAttempts(ctx context.Context, g GroupRef, userID string) ([]GradedAttempt, error)
	// FindAttempt returns the member's own attempt of a kind (KindDaily: ref is the post id; otherwise
	// the private attempt's id); ENOTFOUND when the member has no such graded attempt.
	FindAttempt(ctx context.Context, g GroupRef, userID, kind string, ref int64) (GradedAttempt, error)
	// MarkGuessed marks the member's own right attempt as guessed (see FindAttempt for kind and ref). It
	// reports false when it already was.
	MarkGuessed(ctx context.Context, g GroupRef, userID, kind string, ref int64) (bool, error)
	// ReviewsAnswered returns the member's review cards (KindReview) answered at or after since, oldest
	// first, with Kind, Ref (the card's id), QuestionID, Domain, Correct, Guessed and At: what tells the
	// questions review introduced from those met elsewhere.
	ReviewsAnswered(ctx context.Context, g GroupRef, userID string, since time.Time) ([]GradedAttempt, error)
}
