package sqlq

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/data/internal/encode"
)

// draftCols are a draft's columns as scanDraft reads them.
const draftCols = `id, author_id, author_name, stem, options, answer_key, explanation, domain, status, reason, decided_by,
	question_id, created_at, updated_at, decided_at`

// undecided is the condition of a draft that may still change.
const undecided = `status IN ('writing', 'pending')`

var (
	insertDraft = New(`INSERT INTO drafts (group_id, author_id, author_name, stem, options, answer_key, explanation, domain, status,
		created_at, updated_at, form_token) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`)
	draftOfForm = New(`SELECT id FROM drafts WHERE group_id = ? AND form_token = ? AND author_id = ?`)
	updateDraft = New(`UPDATE drafts SET stem = ?, options = ?, answer_key = ?, explanation = ?, domain = ?, status = ?, updated_at = ?
		WHERE id = ? AND group_id = ? AND ` + undecided)
	draftByID   = New(`SELECT ` + draftCols + ` FROM drafts WHERE id = ? AND group_id = ?`)
	openDrafts  = New(`SELECT ` + draftCols + ` FROM drafts WHERE group_id = ? AND ` + undecided + ` ORDER BY id`)
	decideDraft = New(`UPDATE drafts SET status = ?, reason = ?, decided_by = ?, question_id = ?, decided_at = ?, told_at = NULL
		WHERE id = ? AND group_id = ? AND ` + undecided)
	undoDecision = New(`UPDATE drafts SET status = 'pending', reason = '', decided_by = '', question_id = '', decided_at = NULL,
		told_at = NULL WHERE id = ? AND group_id = ?`)
	draftNews     = New(`SELECT EXISTS (SELECT 1 FROM drafts WHERE group_id = ? AND author_id = ? AND decided_at IS NOT NULL AND told_at IS NULL)`)
	takeDraftNews = New(`UPDATE drafts SET told_at = ? WHERE group_id = ? AND author_id = ? AND decided_at IS NOT NULL AND told_at IS NULL
		RETURNING ` + draftCols)
	questionWriters    = New(`SELECT writers FROM draft_settings WHERE group_id = ?`)
	setQuestionWriters = New(`INSERT INTO draft_settings (group_id, writers) VALUES (?, ?)
		ON CONFLICT (group_id) DO UPDATE SET writers = excluded.writers`)
)

func scanDraft(r Row) (bot.Draft, error) {
	var d bot.Draft
	var created, updated int64
	var decided *int64
	f := &d.Fields
	err := r.Scan(&d.ID, &d.AuthorID, &d.AuthorName, &f.Stem, &f.Options, &f.Key, &f.Explanation, &f.Domain, &d.Status, &d.Reason,
		&d.DecidedBy, &d.QuestionID, &created, &updated, &decided)
	d.CreatedAt, d.UpdatedAt = encode.Time(created), encode.Time(updated)
	if decided != nil {
		d.DecidedAt = encode.Time(*decided)
	}
	return d, err
}

// SaveDraft implements bot.Drafts.SaveDraft for the group of row id gid.
func SaveDraft(ctx context.Context, q Querier, gid int64, d bot.Draft) (bot.Draft, error) {
	f := d.Fields
	if d.ID == 0 && d.Token != "" {
		err := q.QueryRow(ctx, draftOfForm, gid, d.Token, d.AuthorID).Scan(&d.ID)
		if err != nil && !errors.Is(err, ErrNoRows) {
			return d, fmt.Errorf("draft of form: %w", err)
		}
	}
	if d.ID == 0 {
		err := q.QueryRow(ctx, insertDraft, gid, d.AuthorID, d.AuthorName, f.Stem, f.Options, f.Key, f.Explanation, f.Domain, d.Status,
			encode.MS(d.CreatedAt), encode.MS(d.UpdatedAt), d.Token).Scan(&d.ID)
		if err != nil {
			return d, fmt.Errorf("insert draft: %w", err)
		}
		return d, nil
	}
	n, err := q.Exec(ctx, updateDraft, f.Stem, f.Options, f.Key, f.Explanation, f.Domain, d.Status, encode.MS(d.UpdatedAt), d.ID, gid)
	if err != nil {
		return d, fmt.Errorf("update draft %d: %w", d.ID, err)
	}
	if n == 0 {
		if _, ok, err := Draft(ctx, q, gid, d.ID); err != nil || !ok {
			if err == nil {
				err = bot.Errorf(bot.ENOTFOUND, "There is no draft #%d here.", d.ID)
			}
			return d, err
		}
		return d, bot.Errorf(bot.ECONFLICT, "Draft #%d was approved or rejected meanwhile; it cannot change any more.", d.ID)
	}
	return d, nil
}

// Draft implements bot.Drafts.Draft for the group of row id gid.
func Draft(ctx context.Context, q Querier, gid, id int64) (bot.Draft, bool, error) {
	d, err := scanDraft(q.QueryRow(ctx, draftByID, id, gid))
	if errors.Is(err, ErrNoRows) {
		return bot.Draft{}, false, nil
	}
	if err != nil {
		return bot.Draft{}, false, fmt.Errorf("draft %d: %w", id, err)
	}
	return d, true, nil
}

// DecideDraft implements bot.Drafts.DecideDraft for the group of row id gid.
func DecideDraft(ctx context.Context, q Querier, gid int64, d bot.Draft) (bool, error) {
	n, err := q.Exec(ctx, decideDraft, d.Status, d.Reason, d.DecidedBy, d.QuestionID, encode.MS(d.DecidedAt), d.ID, gid)
	if err != nil {
		return false, fmt.Errorf("decide draft %d: %w", d.ID, err)
	}
	return n > 0, nil
}

// UndoDecision implements bot.Drafts.UndoDecision for the group of row id gid.
func UndoDecision(ctx context.Context, q Querier, gid, id int64) error {
	if _, err := q.Exec(ctx, undoDecision, id, gid); err != nil {
		return fmt.Errorf("undo decision on draft %d: %w", id, err)
	}
	return nil
}

// TakeDraftNews implements bot.Drafts.TakeDraftNews for the group of row id gid: one UPDATE … RETURNING
// marks and returns them, so a member's two commands at once do not both tell them.
func TakeDraftNews(ctx context.Context, q Querier, gid int64, userID string, at time.Time) ([]bot.Draft, error) {
	rows, err := q.Query(ctx, takeDraftNews, encode.MS(at), gid, userID)
	out, err := collect(rows, err, func(r Rows) (bot.Draft, error) { return scanDraft(r) })
	if err != nil {
		return nil, fmt.Errorf("take draft news: %w", err)
	}
	// RETURNING gives no order: oldest decision first.
	slices.SortFunc(out, func(a, b bot.Draft) int {
		return cmp.Or(a.DecidedAt.Compare(b.DecidedAt), cmp.Compare(a.ID, b.ID))
	})
	return out, nil
}

// SetQuestionWriters implements bot.Drafts.SetQuestionWriters for the group of row id gid.
func SetQuestionWriters(ctx context.Context, q Querier, gid int64, who string) error {
	if _, err := q.Exec(ctx, setQuestionWriters, gid, who); err != nil {
		return fmt.Errorf("set question writers: %w", err)
	}
	return nil
}

// Draft implements bot.Drafts.
func (r Reads) Draft(ctx context.Context, g bot.GroupRef, id int64) (bot.Draft, bool, error) {
	gid, err := r.group(ctx, g)
	if err != nil || gid == 0 {
		return bot.Draft{}, false, err
	}
	return Draft(ctx, r.q, gid, id)
}

// OpenDrafts implements bot.Drafts.
func (r Reads) OpenDrafts(ctx context.Context, g bot.GroupRef) ([]bot.Draft, error) {
	gid, err := r.group(ctx, g)
	if err != nil || gid == 0 {
		return nil, err
	}
	rows, err := r.q.Query(ctx, openDrafts, gid)
	out, err := collect(rows, err, func(r Rows) (bot.Draft, error) { return scanDraft(r) })
	if err != nil {
		return nil, fmt.Errorf("open drafts: %w", err)
	}
	return out, nil
}

// DraftNews implements bot.Drafts.
func (r Reads) DraftNews(ctx context.Context, g bot.GroupRef, userID string) (bool, error) {
	gid, err := r.group(ctx, g)
	if err != nil || gid == 0 {
		return false, err
	}
	var news bool
	if err := r.q.QueryRow(ctx, draftNews, gid, userID).Scan(&news); err != nil {
		return false, fmt.Errorf("draft news: %w", err)
	}
	return news, nil
}

// QuestionWriters implements bot.Drafts.
func (r Reads) QuestionWriters(ctx context.Context, g bot.GroupRef) (string, error) {
	gid, err := r.group(ctx, g)
	if err != nil || gid == 0 {
		return bot.WritersAnyone, err
	}
	var who string
	err = r.q.QueryRow(ctx, questionWriters, gid).Scan(&who)
	if errors.Is(err, ErrNoRows) {
		return bot.WritersAnyone, nil
	}
	if err != nil {
		return "", fmt.Errorf("question writers: %w", err)
	}
	return who, nil
}
