package sqlq

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/data/internal/encode"
	"github.com/studybot/studybot/quiz"
)

var (
	createPractice = New(`INSERT INTO practice (group_id, user_id, kind, question_id, domain, created_at) VALUES (?, ?, ?, ?, ?, ?)
		RETURNING id`)
	practiceByID = New(`SELECT p.id, g.platform, g.ext_id, p.user_id, p.kind, p.question_id, p.domain, p.created_at, p.answered_at
		FROM practice p JOIN groups g ON g.id = p.group_id WHERE p.id = ? AND p.kind <> 'exam'`)
	answerPractice = New(`UPDATE practice SET choice = ?, correct = ?, answered_at = ? WHERE id = ? AND answered_at IS NULL AND kind <> 'exam'`)

	// The stored version is read under a lock on PostgreSQL, so that of two imports at once the second
	// sees the first's version; SQLite's writer is one connection already.
	packVersion = Differs(`SELECT version FROM packs WHERE name = ?`, `SELECT version FROM packs WHERE name = $1 FOR UPDATE`)
	importPack  = New(`INSERT INTO packs (name, version, source, imported_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (name) DO UPDATE SET version = excluded.version, source = excluded.source, imported_at = excluded.imported_at`)
	packSource = New(`SELECT version, source FROM packs WHERE name = ?`)
)

// CreatePractice implements bot.Practices.CreatePractice in the group of row id gid.
func CreatePractice(ctx context.Context, q Querier, gid int64, p bot.Practice) (int64, error) {
	kind := p.Kind
	if kind == "" {
		kind = bot.KindPractice
	}
	var id int64
	if err := q.QueryRow(ctx, createPractice, gid, p.UserID, kind, p.QuestionID, p.Domain, encode.MS(p.CreatedAt)).Scan(&id); err != nil {
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
		&p.UserID, &p.Kind, &p.QuestionID, &p.Domain, &created, &answered)
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

// ImportPack stores a validated pack, in the store's transaction, replacing an older version of the same
// name. The version must be higher than the stored one. Posts refer to questions by id, so the history
// of every question whose id the new version keeps carries over.
func ImportPack(ctx context.Context, q Querier, p *quiz.Pack, source []byte, now time.Time) error {
	var cur int
	err := q.QueryRow(ctx, packVersion, p.ID).Scan(&cur)
	switch {
	case errors.Is(err, ErrNoRows):
	case err != nil:
		return fmt.Errorf("import pack %s: %w", p.ID, err)
	case p.Version <= cur:
		return fmt.Errorf("import pack %s: version %d is not newer than the stored version %d", p.ID, p.Version, cur)
	}
	if _, err := q.Exec(ctx, importPack, p.ID, p.Version, source, encode.MS(now)); err != nil {
		return fmt.Errorf("import pack %s: %w", p.ID, err)
	}
	return nil
}

// PackSource returns an imported pack's version and source by name; ok is false when there is none.
func PackSource(ctx context.Context, q Querier, name string) (version int, source []byte, ok bool, err error) {
	err = q.QueryRow(ctx, packSource, name).Scan(&version, &source)
	if errors.Is(err, ErrNoRows) {
		return 0, nil, false, nil
	}
	if err != nil {
		return 0, nil, false, fmt.Errorf("load pack %s: %w", name, err)
	}
	return version, source, true, nil
}
