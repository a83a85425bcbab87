package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/data/internal/encode"
	"github.com/studybot/studybot/data/internal/sqlq"
)

// AddFlag implements bot.Flagging. The primary key makes it one flag per member and question.
func (db *DB) AddFlag(ctx context.Context, g bot.GroupRef, f bot.Flag) (bool, error) {
	var added bool
	err := db.write(ctx, func(tx *sql.Tx) error {
		gid, err := db.groupID(ctx, tx, g)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO flags (group_id, question_id, user_id, reason, created_at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (group_id, question_id, user_id) DO NOTHING`, gid, f.QuestionID, f.UserID, f.Reason, encode.MS(f.At))
		if err != nil {
			return fmt.Errorf("add flag: %w", err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return err
		}
		added = n > 0
		if !added && f.Reason != "" {
			_, err = tx.ExecContext(ctx, `UPDATE flags SET reason = ? WHERE group_id = ? AND question_id = ? AND user_id = ?`,
				f.Reason, gid, f.QuestionID, f.UserID)
		}
		return err
	})
	return added, err
}

// SetItemState implements bot.Items.
func (db *DB) SetItemState(ctx context.Context, g bot.GroupRef, s bot.ItemState) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		gid, err := db.groupID(ctx, tx, g)
		if err != nil {
			return err
		}
		return sqlq.SetItemState(ctx, conn{tx}, gid, s)
	})
}

// Suspend implements bot.Items: the state and the notice change together, so of two processes suspending
// the same question only one tells the moderators.
func (db *DB) Suspend(ctx context.Context, g bot.GroupRef, s bot.ItemState, notice string) (bool, error) {
	var done bool
	err := db.write(ctx, func(tx *sql.Tx) error {
		gid, err := db.groupID(ctx, tx, g)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO item_states (group_id, question_id, state, reason, since) VALUES (?, ?, 'suspended', ?, ?)
			ON CONFLICT (group_id, question_id) DO UPDATE SET state = 'suspended', reason = excluded.reason, since = excluded.since, by_user = ''
			WHERE item_states.state = 'kept'`, gid, s.QuestionID, s.Reason, encode.MS(s.Since))
		if err != nil {
			return fmt.Errorf("suspend: %w", err)
		}
		n, err := res.RowsAffected()
		if err != nil || n == 0 {
			return err
		}
		done = true
		_, err = tx.ExecContext(ctx, `INSERT INTO group_notices (group_id, text, created_at) VALUES (?, ?, ?)`, gid, notice, encode.MS(s.Since))
		return err
	})
	return done, err
}

// SaveItemSnapshot implements bot.Items.
func (db *DB) SaveItemSnapshot(ctx context.Context, g bot.GroupRef, s bot.ItemSnapshot) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		gid, err := db.groupID(ctx, tx, g)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, sqlq.DeleteItemStats.SQLite, gid); err != nil {
			return fmt.Errorf("save item stats: %w", err)
		}
		stmt, err := tx.PrepareContext(ctx, `INSERT INTO item_stats (group_id, question_id, answers, p_value, discrimination, shares) VALUES (?, ?, ?, ?, ?, ?)`)
		if err != nil {
			return fmt.Errorf("save item stats: %w", err)
		}
		defer stmt.Close()
		for id, st := range s.Stats {
			if _, err := stmt.ExecContext(ctx, gid, id, st.Answers, st.PValue, sqlq.Discrimination(st), encode.Shares(st.OptionShares)); err != nil {
				return fmt.Errorf("save item stats: %w", err)
			}
		}
		_, err = tx.ExecContext(ctx, sqlq.SaveItemSnapshot.SQLite, gid, encode.MS(s.ComputedAt), s.Answers, s.LastAnswerID, s.LastPracticeID)
		if err != nil {
			return fmt.Errorf("save item snapshot: %w", err)
		}
		return nil
	})
}

// ItemResponses implements bot.Items (sqlq.ItemResponses). The ids are scanned as raw bytes, not strings:
// they are interned, so a row costs no allocation.
func (db *DB) ItemResponses(ctx context.Context, g bot.GroupRef, asOf time.Time) (bot.ItemResponses, error) {
	gid, err := db.lookupGroup(ctx, g)
	if err != nil || gid == 0 {
		return bot.ItemResponses{}, err
	}
	var q, u sql.RawBytes
	var choice int64
	var correct bool
	return sqlq.ItemResponses(ctx, db.reader(), gid, asOf, func(r sqlq.Rows, out *sqlq.Responses) error {
		// Scanned through *sql.Rows itself: through the interface, each row's destinations would be
		// allocated anew.
		if err := r.(rows).Rows.Scan(&q, &u, &choice, &correct); err != nil {
			return err
		}
		sqlq.AddResponse(out, []byte(q), []byte(u), choice, correct)
		return nil
	})
}

// StaleItemGroups implements bot.Items. Whether a group has new answers is read from the rows after the
// ids its snapshot saw (the unary + keeps SQLite on the rowid range rather than the group's whole index).
// A review card shown before a snapshot and answered after it is counted at the next one, and so are the
// answers of a mock exam that ended after it (ItemResponses left them out while it was in progress; they
// may be older than the snapshot's ids).
func (db *DB) StaleItemGroups(ctx context.Context, before time.Time) ([]bot.GroupRef, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT g.platform, g.ext_id FROM groups g LEFT JOIN item_snapshots s ON s.group_id = g.id
		WHERE coalesce(s.computed_at, 0) < ?1 AND (
			EXISTS (SELECT 1 FROM answers a WHERE a.id > coalesce(s.last_answer_id, 0) AND +a.group_id = g.id)
			OR EXISTS (SELECT 1 FROM practice p WHERE p.id > coalesce(s.last_practice_id, 0) AND +p.group_id = g.id AND p.answered_at IS NOT NULL)
			OR EXISTS (SELECT 1 FROM exams e WHERE e.group_id = g.id
				AND coalesce(e.finished_at, e.ends_at) > coalesce(s.computed_at, 0) AND coalesce(e.finished_at, e.ends_at) <= ?1))
		ORDER BY g.id`, encode.MS(before))
	if err != nil {
		return nil, fmt.Errorf("stale item groups: %w", err)
	}
	defer rows.Close()
	var out []bot.GroupRef
	for rows.Next() {
		var g bot.GroupRef
		if err := rows.Scan(&g.Platform, &g.GroupID); err != nil {
			return nil, fmt.Errorf("stale item groups: %w", err)
		}
		out = append(out, g)
	}
	return out, rows.Err()
}

// TakeNotices implements bot.Notices: one UPDATE … RETURNING marks and returns them, so two moderators at
// once are not both told.
func (db *DB) TakeNotices(ctx context.Context, g bot.GroupRef, at time.Time) ([]string, error) {
	gid, err := db.lookupGroup(ctx, g)
	if err != nil || gid == 0 {
		return nil, err
	}
	var out []string
	err = db.write(ctx, func(tx *sql.Tx) error {
		out, err = sqlq.TakeNotices(ctx, conn{tx}, gid, at)
		return err
	})
	return out, err
}
