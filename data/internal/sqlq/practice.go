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
	createPractice = New(`INSERT INTO practice (group_id, user_id, kind, question_id, domain, created_at, pack, pack_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		RETURNING id`)
	practiceByID = New(`SELECT p.id, g.platform, g.ext_id, p.user_id, p.kind, p.question_id, p.domain, p.created_at, p.answered_at, p.pack, p.pack_version
		FROM practice p JOIN groups g ON g.id = p.group_id WHERE p.id = ? AND p.kind <> 'exam'`)
	answerPractice = New(`UPDATE practice SET choice = ?, correct = ?, answered_at = ? WHERE id = ? AND answered_at IS NULL AND kind <> 'exam'`)
)

// CreatePractice implements bot.Practices.CreatePractice in the group of row id gid.
func CreatePractice(ctx context.Context, q Querier, gid int64, p bot.Practice) (int64, error) {
	kind := p.Kind
	if kind == "" {
		kind = bot.KindPractice
	}
	var id int64
	if err := q.QueryRow(ctx, createPractice, gid, p.UserID, kind, p.QuestionID, p.Domain, encode.MS(p.CreatedAt), p.Pack, p.PackVersion).Scan(&id); err != nil {
		return 0, fmt.Errorf("create practice: %w", err)
	}
	return id, nil
}

// Practice implements bot.Practices.Practice; an exam's answer is not a practice question.
func Practice(ctx context.Context, q Querier, id int64) (bot.Practice, error) {
	var p bot.Practice
	var created int64
	var answered *int64
	err := q.QueryRow(ctx, practiceByID, id).Scan(&p.ID, &p.Group.Platform, &p.Group.GroupID,
		&p.UserID, &p.Kind, &p.QuestionID, &p.Domain, &created, &answered, &p.Pack, &p.PackVersion)
	if errors.Is(err, ErrNoRows) {
		return p, bot.Errorf(bot.ENOTFOUND, "no such practice question")
	}
	if err != nil {
		return p, fmt.Errorf("load practice %d: %w", id, err)
	}
	p.CreatedAt, p.Answered = encode.Time(created), answered != nil
	return p, nil
}

// AnswerPractice implements bot.Practices.AnswerPractice. The update of a still-unanswered row decides
// between two clicks.
func AnswerPractice(ctx context.Context, q Querier, id int64, choice int, correct bool, at time.Time) error {
	n, err := q.Exec(ctx, answerPractice, choice, correct, encode.MS(at), id)
	if err != nil {
		return fmt.Errorf("answer practice %d: %w", id, err)
	}
	if n == 0 {
		return bot.Errorf(bot.ECONFLICT, "already answered")
	}
	return nil
}
