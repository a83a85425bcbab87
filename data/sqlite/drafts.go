package sqlite

import (
	"context"
	"database/sql"
	"time"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/data/internal/sqlq"
)

// Drafts' reads (Draft, OpenDrafts, DraftNews, QuestionWriters) come from the embedded sqlq.Reads.

// SaveDraft implements bot.Drafts.
func (db *DB) SaveDraft(ctx context.Context, g bot.GroupRef, d bot.Draft) (bot.Draft, error) {
	err := db.write(ctx, func(tx *sql.Tx) error {
		gid, err := db.groupID(ctx, tx, g)
		if err != nil {
			return err
		}
		d, err = sqlq.SaveDraft(ctx, conn{tx}, gid, d)
		return err
	})
	return d, err
}

// DecideDraft implements bot.Drafts.
func (db *DB) DecideDraft(ctx context.Context, g bot.GroupRef, d bot.Draft) (bool, error) {
	var ok bool
	err := db.write(ctx, func(tx *sql.Tx) error {
		gid, err := db.groupID(ctx, tx, g)
		if err != nil {
			return err
		}
		ok, err = sqlq.DecideDraft(ctx, conn{tx}, gid, d)
		return err
	})
	return ok, err
}

// UndoDecision implements bot.Drafts.
func (db *DB) UndoDecision(ctx context.Context, g bot.GroupRef, id int64) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		gid, err := db.groupID(ctx, tx, g)
		if err != nil {
			return err
		}
		return sqlq.UndoDecision(ctx, conn{tx}, gid, id)
	})
}

// TakeDraftNews implements bot.Drafts.
func (db *DB) TakeDraftNews(ctx context.Context, g bot.GroupRef, userID string, at time.Time) ([]bot.Draft, error) {
	gid, err := db.lookupGroup(ctx, g)
	if err != nil || gid == 0 {
		return nil, err
	}
	var out []bot.Draft
	err = db.write(ctx, func(tx *sql.Tx) error {
		out, err = sqlq.TakeDraftNews(ctx, conn{tx}, gid, userID, at)
		return err
	})
	return out, err
}

// SetQuestionWriters implements bot.Drafts.
func (db *DB) SetQuestionWriters(ctx context.Context, g bot.GroupRef, who string) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		gid, err := db.groupID(ctx, tx, g)
		if err != nil {
			return err
		}
		return sqlq.SetQuestionWriters(ctx, conn{tx}, gid, who)
	})
}
