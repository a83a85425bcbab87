package bot

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/studybot/studybot/quiz"
)

// Practices keeps the private practice questions members ask for.
type Practices interface {
	// CreatePractice records a practice question shown to a member and returns its id.
	CreatePractice(ctx context.Context, p Practice) (int64, error)
	// Practice returns a practice question by id (ENOTFOUND if there is none).
	Practice(ctx context.Context, id int64) (Practice, error)
	// AnswerPractice records the answer to a practice question; a second answer is an ECONFLICT error.
	AnswerPractice(ctx context.Context, id int64, choice int, correct bool, at time.Time) error
	// Attempts returns, per question id, the member's latest attempt (daily or practice).
	Attempts(ctx context.Context, g GroupRef, userID string) (map[string]Attempt, error)
}

func (b *Bot) cmdPractice(ctx context.Context, cmd Command, in Input) (Reply, error) {
	var allowed []string
	if d := in.Get("domain"); d != "" {
		allowed = []string{d}
	}
	attempts, err := b.practices.Attempts(ctx, cmd.Channel.Group(), cmd.User.ID)
	if err != nil {
		return Reply{}, fmt.Errorf("attempts: %w", err)
	}
	now := b.clock.Now()
	q := quiz.PickPractice(b.pack, allowed, practiceHistory(attempts), now, cmd.User.ID)
	id, err := b.practices.CreatePractice(ctx, Practice{Group: cmd.Channel.Group(), UserID: cmd.User.ID, QuestionID: q.ID,
		Domain: q.Domain, CreatedAt: now})
	if err != nil {
		return Reply{}, fmt.Errorf("create practice: %w", err)
	}
	card := &Card{PracticeID: id, QuestionID: q.ID, Domain: b.domainName(q.Domain), Objective: q.Objective,
		Text: q.Text, Choices: q.Choices, Practice: true}
	r := Reply{Private: true, Card: card}
	for i := range q.Choices {
		r.Buttons = append(r.Buttons, Button{Label: letter(i), Action: Action{Name: "practice-answer",
			Args: []string{strconv.FormatInt(id, 10), letter(i)}}})
	}
	return r, nil
}

func practiceHistory(attempts map[string]Attempt) map[string]quiz.Attempt {
	out := make(map[string]quiz.Attempt, len(attempts))
	for id, a := range attempts {
		out[id] = quiz.Attempt{Correct: a.Correct, At: a.At}
	}
	return out
}

func (b *Bot) cmdPracticeAnswer(ctx context.Context, cmd Command, in Input) (Reply, error) {
	id, err := strconv.ParseInt(in.Get("id"), 10, 64)
	if err != nil {
		return Reply{}, Errorf(EINVALID, "That button is not one of ours.")
	}
	pr, err := b.practices.Practice(ctx, id)
	if ErrorCode(err) == ENOTFOUND {
		return Reply{}, Errorf(ENOTFOUND, "That practice question no longer exists.")
	}
	if err != nil {
		return Reply{}, fmt.Errorf("load practice: %w", err)
	}
	if pr.Group != cmd.Channel.Group() || pr.UserID != cmd.User.ID {
		return Reply{}, Errorf(EFORBIDDEN, "That practice question was someone else's. Try /study practice for your own.")
	}
	q, ok := b.pack.Question(pr.QuestionID)
	if !ok {
		return Reply{}, Errorf(ENOTFOUND, "That question is no longer in the pack.")
	}
	choice, err := parseChoice(q, in.Get("choice"))
	if err != nil {
		return Reply{}, err
	}
	err = b.practices.AnswerPractice(ctx, id, choice, q.Grade(choice), b.clock.Now())
	if ErrorCode(err) == ECONFLICT {
		return Reply{Private: true, Text: "You already answered this practice question. Try /study practice for another."}, nil
	}
	if err != nil {
		return Reply{}, fmt.Errorf("answer practice: %w", err)
	}
	return feedback(q, choice, "Practice counts for your stats, not the leaderboard. /study practice for another."), nil
}
