package postgres

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/data/internal/encode"
	"github.com/studybot/studybot/quiz"
)

// AddFlag implements bot.Items. The primary key makes it one flag per member and question.
func (db *DB) AddFlag(ctx context.Context, g bot.GroupRef, f bot.Flag) (bool, error) {
	gid, err := db.groupID(ctx, db.pool, g)
	if err != nil {
		return false, err
	}
	// xmax = 0 tells an inserted row from an updated one.
	var added bool
	err = db.pool.QueryRow(ctx, `INSERT INTO flags (group_id, question_id, user_id, reason, created_at) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (group_id, question_id, user_id) DO UPDATE SET reason = excluded.reason WHERE excluded.reason <> ''
		RETURNING xmax = 0`, gid, f.QuestionID, f.UserID, f.Reason, encode.MS(f.At)).Scan(&added)
	if errors.Is(err, pgx.ErrNoRows) {
		return false, nil // there already, and no new reason
	}
	if err != nil {
		return false, fmt.Errorf("add flag: %w", err)
	}
	return added, nil
}

// Flags implements bot.Items.
func (db *DB) Flags(ctx context.Context, g bot.GroupRef) ([]bot.Flag, error) {
	gid, err := db.lookupGroup(ctx, g)
	if err != nil || gid == 0 {
		return nil, err
	}
	rows, err := db.pool.Query(ctx, `SELECT question_id, user_id, reason, created_at FROM flags WHERE group_id = $1
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
	rows, err := db.pool.Query(ctx, `SELECT question_id, state, reason, since, by_user FROM item_states WHERE group_id = $1`, gid)
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
	gid, err := db.groupID(ctx, db.pool, g)
	if err != nil {
		return err
	}
	_, err = db.pool.Exec(ctx, `INSERT INTO item_states (group_id, question_id, state, reason, since, by_user) VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (group_id, question_id) DO UPDATE SET state = excluded.state, reason = excluded.reason, since = excluded.since,
		by_user = excluded.by_user`, gid, s.QuestionID, s.State, s.Reason, encode.MS(s.Since), s.By)
	if err != nil {
		return fmt.Errorf("set item state: %w", err)
	}
	return nil
}

// Suspend implements bot.Items: the state and the notice change in one statement, so of two replicas
// suspending the same question only one tells the moderators.
func (db *DB) Suspend(ctx context.Context, g bot.GroupRef, s bot.ItemState, notice string) (bool, error) {
	gid, err := db.groupID(ctx, db.pool, g)
	if err != nil {
		return false, err
	}
	var n int
	err = db.pool.QueryRow(ctx, `WITH st AS (
		INSERT INTO item_states (group_id, question_id, state, reason, since) VALUES ($1, $2, 'suspended', $3, $4)
		ON CONFLICT (group_id, question_id) DO UPDATE SET state = 'suspended', reason = excluded.reason, since = excluded.since, by_user = ''
		WHERE item_states.state = 'kept'
		RETURNING 1
	), nt AS (
		INSERT INTO group_notices (group_id, text, created_at) SELECT $1, $5, $4 FROM st
	)
	SELECT count(*) FROM st`, gid, s.QuestionID, s.Reason, encode.MS(s.Since), notice).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("suspend: %w", err)
	}
	return n > 0, nil
}

// ItemSnapshot implements bot.Items.
func (db *DB) ItemSnapshot(ctx context.Context, g bot.GroupRef) (bot.ItemSnapshot, error) {
	snap := bot.ItemSnapshot{Stats: map[string]quiz.ItemStats{}}
	gid, err := db.lookupGroup(ctx, g)
	if err != nil || gid == 0 {
		return snap, err
	}
	var computed int64
	err = db.pool.QueryRow(ctx, `SELECT computed_at, answers, last_answer_id, last_practice_id FROM item_snapshots WHERE group_id = $1`, gid).
		Scan(&computed, &snap.Answers, &snap.LastAnswerID, &snap.LastPracticeID)
	if errors.Is(err, pgx.ErrNoRows) {
		return snap, nil
	}
	if err != nil {
		return snap, fmt.Errorf("item snapshot: %w", err)
	}
	snap.ComputedAt = encode.Time(computed)
	rows, err := db.pool.Query(ctx, `SELECT question_id, answers, p_value, discrimination, shares FROM item_stats WHERE group_id = $1`, gid)
	if err != nil {
		return snap, fmt.Errorf("item stats: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, shares string
		var st quiz.ItemStats
		var disc *float64
		if err := rows.Scan(&id, &st.Answers, &st.PValue, &disc, &shares); err != nil {
			return snap, fmt.Errorf("item stats: %w", err)
		}
		if disc != nil {
			st.Discrimination, st.HasDiscrimination = *disc, true
		}
		st.OptionShares = encode.ParseShares(shares)
		snap.Stats[id] = st
	}
	return snap, rows.Err()
}

// SaveItemSnapshot implements bot.Items.
func (db *DB) SaveItemSnapshot(ctx context.Context, g bot.GroupRef, s bot.ItemSnapshot) error {
	gid, err := db.groupID(ctx, db.pool, g)
	if err != nil {
		return err
	}
	return db.tx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM item_stats WHERE group_id = $1`, gid); err != nil {
			return fmt.Errorf("save item stats: %w", err)
		}
		var rows [][]any
		for id, st := range s.Stats {
			var disc *float64
			if st.HasDiscrimination {
				d := st.Discrimination
				disc = &d
			}
			rows = append(rows, []any{gid, id, st.Answers, st.PValue, disc, encode.Shares(st.OptionShares)})
		}
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{"item_stats"}, []string{"group_id", "question_id", "answers", "p_value", "discrimination", "shares"},
			pgx.CopyFromRows(rows)); err != nil {
			return fmt.Errorf("save item stats: %w", err)
		}
		_, err := tx.Exec(ctx, `INSERT INTO item_snapshots (group_id, computed_at, answers, last_answer_id, last_practice_id) VALUES ($1, $2, $3, $4, $5)
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
// interning question and member ids.
func (db *DB) ItemResponses(ctx context.Context, g bot.GroupRef) (bot.ItemResponses, error) {
	var out bot.ItemResponses
	gid, err := db.lookupGroup(ctx, g)
	if err != nil || gid == 0 {
		return out, err
	}
	if err := db.pool.QueryRow(ctx, `SELECT coalesce((SELECT max(id) FROM answers), 0), coalesce((SELECT max(id) FROM practice), 0)`).
		Scan(&out.LastAnswerID, &out.LastPracticeID); err != nil {
		return out, fmt.Errorf("item responses: %w", err)
	}
	rows, err := db.pool.Query(ctx, `SELECT question_id, user_id, choice, correct FROM answers WHERE group_id = $1 AND id <= $2
		UNION ALL SELECT question_id, user_id, choice, correct FROM practice WHERE group_id = $1 AND id <= $3 AND answered_at IS NOT NULL`,
		gid, out.LastAnswerID, out.LastPracticeID)
	if err != nil {
		return out, fmt.Errorf("item responses: %w", err)
	}
	defer rows.Close()
	questions := map[string]int32{}
	members := map[string]int32{}
	r := &out.Responses
	for rows.Next() {
		var q, u string
		var choice *int32
		var correct *bool
		if err := rows.Scan(&q, &u, &choice, &correct); err != nil {
			return out, fmt.Errorf("item responses: %w", err)
		}
		qi, ok := questions[q]
		if !ok {
			qi = int32(len(out.QuestionIDs))
			questions[q] = qi
			out.QuestionIDs = append(out.QuestionIDs, q)
		}
		ui, ok := members[u]
		if !ok {
			ui = int32(len(members))
			members[u] = ui
		}
		c := int32(-1)
		if choice != nil && *choice >= -1 && *choice <= 127 {
			c = *choice
		}
		r.Question = append(r.Question, qi)
		r.Member = append(r.Member, ui)
		r.Choice = append(r.Choice, int8(c))
		r.Correct = append(r.Correct, correct != nil && *correct)
	}
	out.Members = len(members)
	return out, rows.Err()
}

// StaleItemGroups implements bot.Items.
func (db *DB) StaleItemGroups(ctx context.Context, before time.Time) ([]bot.GroupRef, error) {
	rows, err := db.pool.Query(ctx, `SELECT g.platform, g.ext_id FROM groups g LEFT JOIN item_snapshots s ON s.group_id = g.id
		WHERE coalesce(s.computed_at, 0) < $1 AND (
			EXISTS (SELECT 1 FROM answers a WHERE a.group_id = g.id AND a.id > coalesce(s.last_answer_id, 0))
			OR EXISTS (SELECT 1 FROM practice p WHERE p.group_id = g.id AND p.id > coalesce(s.last_practice_id, 0) AND p.answered_at IS NOT NULL))
		ORDER BY g.id`, encode.MS(before))
	if err != nil {
		return nil, fmt.Errorf("stale item groups: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (bot.GroupRef, error) {
		var g bot.GroupRef
		err := r.Scan(&g.Platform, &g.GroupID)
		return g, err
	})
	if err != nil {
		return nil, fmt.Errorf("stale item groups: %w", err)
	}
	return out, nil
}

// PendingNotices implements bot.Items.
func (db *DB) PendingNotices(ctx context.Context, g bot.GroupRef) (bool, error) {
	gid, err := db.lookupGroup(ctx, g)
	if err != nil || gid == 0 {
		return false, err
	}
	var pending bool
	if err := db.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM group_notices WHERE group_id = $1 AND told_at IS NULL)`, gid).Scan(&pending); err != nil {
		return false, fmt.Errorf("pending notices: %w", err)
	}
	return pending, nil
}

// TakeNotices implements bot.Items: one UPDATE … RETURNING marks and returns them, so two moderators at
// once, on any replicas, are not both told.
func (db *DB) TakeNotices(ctx context.Context, g bot.GroupRef, at time.Time) ([]string, error) {
	gid, err := db.lookupGroup(ctx, g)
	if err != nil || gid == 0 {
		return nil, err
	}
	type notice struct {
		id   int64
		text string
	}
	rows, err := db.pool.Query(ctx, `UPDATE group_notices SET told_at = $1 WHERE group_id = $2 AND told_at IS NULL RETURNING id, text`, encode.MS(at), gid)
	if err != nil {
		return nil, fmt.Errorf("take notices: %w", err)
	}
	got, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (notice, error) {
		var n notice
		err := r.Scan(&n.id, &n.text)
		return n, err
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
