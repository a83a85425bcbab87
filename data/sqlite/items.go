package sqlite

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/data/internal/encode"
	"github.com/studybot/studybot/quiz"
)

// AddFlag implements bot.Items. The primary key makes it one flag per member and question.
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

// Flags implements bot.Items.
func (db *DB) Flags(ctx context.Context, g bot.GroupRef) ([]bot.Flag, error) {
	gid, err := db.lookupGroup(ctx, g)
	if err != nil || gid == 0 {
		return nil, err
	}
	rows, err := db.r.QueryContext(ctx, `SELECT question_id, user_id, reason, created_at FROM flags WHERE group_id = ?
		ORDER BY created_at, question_id, user_id`, gid)
	if err != nil {
		return nil, fmt.Errorf("flags: %w", err)
	}
	defer rows.Close()
	var out []bot.Flag
	for rows.Next() {
		var f bot.Flag
		var at int64
		if err := rows.Scan(&f.QuestionID, &f.UserID, &f.Reason, &at); err != nil {
			return nil, fmt.Errorf("flags: %w", err)
		}
		f.At = encode.Time(at)
		out = append(out, f)
	}
	return out, rows.Err()
}

// ItemStates implements bot.Items.
func (db *DB) ItemStates(ctx context.Context, g bot.GroupRef) (map[string]bot.ItemState, error) {
	out := map[string]bot.ItemState{}
	gid, err := db.lookupGroup(ctx, g)
	if err != nil || gid == 0 {
		return out, err
	}
	rows, err := db.r.QueryContext(ctx, `SELECT question_id, state, reason, since, by_user FROM item_states WHERE group_id = ?`, gid)
	if err != nil {
		return nil, fmt.Errorf("item states: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var s bot.ItemState
		var since int64
		if err := rows.Scan(&s.QuestionID, &s.State, &s.Reason, &since, &s.By); err != nil {
			return nil, fmt.Errorf("item states: %w", err)
		}
		s.Since = encode.Time(since)
		out[s.QuestionID] = s
	}
	return out, rows.Err()
}

// SetItemState implements bot.Items.
func (db *DB) SetItemState(ctx context.Context, g bot.GroupRef, s bot.ItemState) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		gid, err := db.groupID(ctx, tx, g)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO item_states (group_id, question_id, state, reason, since, by_user) VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (group_id, question_id) DO UPDATE SET state = excluded.state, reason = excluded.reason, since = excluded.since,
			by_user = excluded.by_user`, gid, s.QuestionID, s.State, s.Reason, encode.MS(s.Since), s.By)
		if err != nil {
			return fmt.Errorf("set item state: %w", err)
		}
		return nil
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

// ItemSnapshot implements bot.Items.
func (db *DB) ItemSnapshot(ctx context.Context, g bot.GroupRef) (bot.ItemSnapshot, error) {
	snap := bot.ItemSnapshot{Stats: map[string]quiz.ItemStats{}}
	gid, err := db.lookupGroup(ctx, g)
	if err != nil || gid == 0 {
		return snap, err
	}
	var computed int64
	err = db.r.QueryRowContext(ctx, `SELECT computed_at, answers, last_answer_id, last_practice_id FROM item_snapshots WHERE group_id = ?`, gid).
		Scan(&computed, &snap.Answers, &snap.LastAnswerID, &snap.LastPracticeID)
	if errors.Is(err, sql.ErrNoRows) {
		return snap, nil
	}
	if err != nil {
		return snap, fmt.Errorf("item snapshot: %w", err)
	}
	snap.ComputedAt = encode.Time(computed)
	rows, err := db.r.QueryContext(ctx, `SELECT question_id, answers, p_value, discrimination, shares FROM item_stats WHERE group_id = ?`, gid)
	if err != nil {
		return snap, fmt.Errorf("item stats: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, shares string
		var st quiz.ItemStats
		var disc sql.NullFloat64
		if err := rows.Scan(&id, &st.Answers, &st.PValue, &disc, &shares); err != nil {
			return snap, fmt.Errorf("item stats: %w", err)
		}
		st.Discrimination, st.HasDiscrimination = disc.Float64, disc.Valid
		st.OptionShares = encode.ParseShares(shares)
		snap.Stats[id] = st
	}
	return snap, rows.Err()
}

// SaveItemSnapshot implements bot.Items.
func (db *DB) SaveItemSnapshot(ctx context.Context, g bot.GroupRef, s bot.ItemSnapshot) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		gid, err := db.groupID(ctx, tx, g)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM item_stats WHERE group_id = ?`, gid); err != nil {
			return fmt.Errorf("save item stats: %w", err)
		}
		stmt, err := tx.PrepareContext(ctx, `INSERT INTO item_stats (group_id, question_id, answers, p_value, discrimination, shares) VALUES (?, ?, ?, ?, ?, ?)`)
		if err != nil {
			return fmt.Errorf("save item stats: %w", err)
		}
		defer stmt.Close()
		for id, st := range s.Stats {
			var disc sql.NullFloat64
			if st.HasDiscrimination {
				disc = sql.NullFloat64{Float64: st.Discrimination, Valid: true}
			}
			if _, err := stmt.ExecContext(ctx, gid, id, st.Answers, st.PValue, disc, encode.Shares(st.OptionShares)); err != nil {
				return fmt.Errorf("save item stats: %w", err)
			}
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO item_snapshots (group_id, computed_at, answers, last_answer_id, last_practice_id) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (group_id) DO UPDATE SET computed_at = excluded.computed_at, answers = excluded.answers,
			last_answer_id = excluded.last_answer_id, last_practice_id = excluded.last_practice_id`,
			gid, encode.MS(s.ComputedAt), s.Answers, s.LastAnswerID, s.LastPracticeID)
		if err != nil {
			return fmt.Errorf("save item snapshot: %w", err)
		}
		return nil
	})
}

// ItemResponses implements bot.Items. It reads the group's answers up to the newest row ids it found first,
// interning question and member ids so a million answers cost a few MB of columns, not a million strings.
func (db *DB) ItemResponses(ctx context.Context, g bot.GroupRef) (bot.ItemResponses, error) {
	var out bot.ItemResponses
	gid, err := db.lookupGroup(ctx, g)
	if err != nil || gid == 0 {
		return out, err
	}
	if err := db.r.QueryRowContext(ctx, `SELECT coalesce((SELECT max(id) FROM answers), 0), coalesce((SELECT max(id) FROM practice), 0)`).
		Scan(&out.LastAnswerID, &out.LastPracticeID); err != nil {
		return out, fmt.Errorf("item responses: %w", err)
	}
	rows, err := db.r.QueryContext(ctx, `SELECT question_id, user_id, choice, correct FROM answers WHERE group_id = ?1 AND id <= ?2
		UNION ALL SELECT question_id, user_id, choice, correct FROM practice WHERE group_id = ?1 AND id <= ?3 AND answered_at IS NOT NULL`,
		gid, out.LastAnswerID, out.LastPracticeID)
	if err != nil {
		return out, fmt.Errorf("item responses: %w", err)
	}
	defer rows.Close()
	questions := map[string]int32{}
	members := map[string]int32{}
	r := &out.Responses
	var q, u sql.RawBytes
	var choice int64
	var correct bool
	for rows.Next() {
		if err := rows.Scan(&q, &u, &choice, &correct); err != nil {
			return out, fmt.Errorf("item responses: %w", err)
		}
		qi, ok := questions[string(q)]
		if !ok {
			qi = int32(len(out.QuestionIDs))
			questions[string(q)] = qi
			out.QuestionIDs = append(out.QuestionIDs, string(q))
		}
		ui, ok := members[string(u)]
		if !ok {
			ui = int32(len(members))
			members[string(u)] = ui
		}
		if choice < -1 || choice > 127 {
			choice = -1
		}
		r.Question = append(r.Question, qi)
		r.Member = append(r.Member, ui)
		r.Choice = append(r.Choice, int8(choice))
		r.Correct = append(r.Correct, correct)
	}
	out.Members = len(members)
	return out, rows.Err()
}

// StaleItemGroups implements bot.Items. Whether a group has new answers is read from the rows after the
// ids its snapshot saw (the unary + keeps SQLite on the rowid range rather than the group's whole index).
// A review card shown before a snapshot and answered after it is counted at the next one.
func (db *DB) StaleItemGroups(ctx context.Context, before time.Time) ([]bot.GroupRef, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT g.platform, g.ext_id FROM groups g LEFT JOIN item_snapshots s ON s.group_id = g.id
		WHERE coalesce(s.computed_at, 0) < ?1 AND (
			EXISTS (SELECT 1 FROM answers a WHERE a.id > coalesce(s.last_answer_id, 0) AND +a.group_id = g.id)
			OR EXISTS (SELECT 1 FROM practice p WHERE p.id > coalesce(s.last_practice_id, 0) AND +p.group_id = g.id AND p.answered_at IS NOT NULL))
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

// PendingNotices implements bot.Items.
func (db *DB) PendingNotices(ctx context.Context, g bot.GroupRef) (bool, error) {
	gid, err := db.lookupGroup(ctx, g)
	if err != nil || gid == 0 {
		return false, err
	}
	var n int
	if err := db.r.QueryRowContext(ctx, `SELECT count(*) FROM group_notices WHERE group_id = ? AND told_at IS NULL`, gid).Scan(&n); err != nil {
		return false, fmt.Errorf("pending notices: %w", err)
	}
	return n > 0, nil
}

// TakeNotices implements bot.Items: one UPDATE … RETURNING marks and returns them, so two moderators at
// once are not both told.
func (db *DB) TakeNotices(ctx context.Context, g bot.GroupRef, at time.Time) ([]string, error) {
	gid, err := db.lookupGroup(ctx, g)
	if err != nil || gid == 0 {
		return nil, err
	}
	type notice struct {
		id   int64
		text string
	}
	var got []notice
	err = db.write(ctx, func(tx *sql.Tx) error {
		got = nil
		rows, err := tx.QueryContext(ctx, `UPDATE group_notices SET told_at = ? WHERE group_id = ? AND told_at IS NULL RETURNING id, text`, encode.MS(at), gid)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var n notice
			if err := rows.Scan(&n.id, &n.text); err != nil {
				return err
			}
			got = append(got, n)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("take notices: %w", err)
	}
	// RETURNING gives no order; tell them in the order they were made.
	slices.SortFunc(got, func(a, b notice) int { return cmp.Compare(a.id, b.id) })
	out := make([]string, len(got))
	for i, n := range got {
		out[i] = n.text
	}
	return out, nil
}
