package postgres

import (
	"context"
	"time"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/data/internal/sqlq"
)

// Drafts' reads (Draft, OpenDrafts, DraftNews, QuestionWriters) come from the embedded sqlq.Reads; each
// write is one statement on the pool.

// SaveDraft implements bot.Drafts.
func (db *DB) SaveDraft(ctx context.Context, g bot.GroupRef, d bot.Draft) (bot.Draft, error) {
	gid, err := db.groupID(ctx, db.pool, g)
	if err != nil {
		return d, err
	}
	return sqlq.SaveDraft(ctx, db.conn(), gid, d)
}

// DecideDraft implements bot.Drafts.
func (db *DB) DecideDraft(ctx context.Context, g bot.GroupRef, d bot.Draft) (bool, error) {
	gid, err := db.groupID(ctx, db.pool, g)
	if err != nil {
		return false, err
	}
	return sqlq.DecideDraft(ctx, db.conn(), gid, d)
}

// UndoDecision implements bot.Drafts.
func (db *DB) UndoDecision(ctx context.Context, g bot.GroupRef, id int64) error {
	gid, err := db.groupID(ctx, db.pool, g)
	if err != nil {
		return err
	}
	return sqlq.UndoDecision(ctx, db.conn(), gid, id)
}

// TakeDraftNews implements bot.Drafts.
func (db *DB) TakeDraftNews(ctx context.Context, g bot.GroupRef, userID string, at time.Time) ([]bot.Draft, error) {
	gid, err := db.lookupGroup(ctx, g)
	if err != nil || gid == 0 {
		return nil, err
	}
	return sqlq.TakeDraftNews(ctx, db.conn(), gid, userID, at)
}

// SetQuestionWriters implements bot.Drafts.
func (db *DB) SetQuestionWriters(ctx context.Context, g bot.GroupRef, who string) error {
	gid, err := db.groupID(ctx, db.pool, g)
	if err != nil {
		return err
	}
	return sqlq.SetQuestionWriters(ctx, db.conn(), gid, who)
}
