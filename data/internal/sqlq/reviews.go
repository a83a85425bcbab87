package sqlq

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/data/internal/encode"
)

var (
	findAnswer = New(`SELECT question_id, domain, choice, correct, guessed, answered_at FROM answers
			WHERE post_id = ? AND user_id = ? AND group_id = ?`)
	findPractice = New(`SELECT kind, question_id, domain, choice, correct, guessed, answered_at FROM practice
			WHERE id = ? AND user_id = ? AND group_id = ? AND answered_at IS NOT NULL`)
	guessPractice = New(`UPDATE practice SET guessed = true WHERE id = ? AND user_id = ? AND group_id = ? AND correct AND NOT guessed`)
	guessAnswer   = New(`UPDATE answers SET guessed = true WHERE post_id = ? AND user_id = ? AND group_id = ? AND correct AND NOT guessed`)
	reviewsSince  = New(`SELECT id, question_id, domain, correct IS TRUE, guessed, answered_at FROM practice
			WHERE group_id = ? AND user_id = ? AND kind = 'review' AND answered_at >= ? ORDER BY answered_at, id`)
)

// ReviewsAnswered implements bot.Reviews.ReviewsAnswered in the group of row id gid: the member's answered
// review cards since the given time, oldest first.
func ReviewsAnswered(ctx context.Context, q Querier, gid int64, userID string, since time.Time) ([]bot.GradedAttempt, error) {
	rows, err := q.Query(ctx, reviewsSince, gid, userID, encode.MS(since))
	out, err := collect(rows, err, func(r Rows) (bot.GradedAttempt, error) {
		a := bot.GradedAttempt{Kind: bot.KindReview}
		var at int64
		err := r.Scan(&a.Ref, &a.QuestionID, &a.Domain, &a.Correct, &a.Guessed, &at)
		a.At = encode.Time(at)
		return a, err
	})
	if err != nil {
		return nil, fmt.Errorf("reviews answered: %w", err)
	}
	return out, nil
}

// FindAttempt implements bot.Reviews.FindAttempt in the group of row id gid.
func FindAttempt(ctx context.Context, q Querier, gid int64, userID, kind string, ref int64) (bot.GradedAttempt, error) {
	a := bot.GradedAttempt{Ref: ref}
	var at int64
	var err error
	if kind == bot.KindDaily {
		a.Kind = bot.KindDaily
		err = q.QueryRow(ctx, findAnswer, ref, userID, gid).Scan(&a.QuestionID, &a.Domain, &a.Choice, &a.Correct, &a.Guessed, &at)
	} else {
		var choice *int64
		var correct *bool
		err = q.QueryRow(ctx, findPractice, ref, userID, gid).Scan(&a.Kind, &a.QuestionID, &a.Domain, &choice, &correct, &a.Guessed, &at)
		if choice != nil {
			a.Choice = int(*choice)
		}
		if correct != nil {
			a.Correct = *correct
		}
	}
	if errors.Is(err, ErrNoRows) {
		return a, bot.Errorf(bot.ENOTFOUND, "no such attempt")
	}
	if err != nil {
		return a, fmt.Errorf("find attempt: %w", err)
	}
	a.At = encode.Time(at)
	return a, nil
}

// MarkGuessed implements bot.Reviews.MarkGuessed in the group of row id gid, with an UPDATE of the
// member's own row; the answer's insert is never touched.
func MarkGuessed(ctx context.Context, q Querier, gid int64, userID, kind string, ref int64) (bool, error) {
	s := guessPractice
	if kind == bot.KindDaily {
		s = guessAnswer
	}
	n, err := q.Exec(ctx, s, ref, userID, gid)
	if err != nil {
		return false, fmt.Errorf("mark guessed: %w", err)
	}
	return n > 0, nil
}
