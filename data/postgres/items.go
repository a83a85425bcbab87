package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/data/internal/encode"
	"github.com/studybot/studybot/data/internal/sqlq"
)

// AddFlag implements bot.Flagging. The primary key makes it one flag per member and question.
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

// SetItemState implements bot.Items.
func (db *DB) SetItemState(ctx context.Context, g bot.GroupRef, s bot.ItemState) error {
	gid, err := db.groupID(ctx, db.pool, g)
	if err != nil {
		return err
	}
	return sqlq.SetItemState(ctx, db.conn(), gid, s)
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

// SaveItemSnapshot implements bot.Items.
func (db *DB) SaveItemSnapshot(ctx context.Context, g bot.GroupRef, s bot.ItemSnapshot) error {
	gid, err := db.groupID(ctx, db.pool, g)
	if err != nil {
		return err
	}
	return db.tx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, sqlq.DeleteItemStats.Postgres, gid); err != nil {
			return fmt.Errorf("save item stats: %w", err)
		}
		var rows [][]any
		for id, st := range s.Stats {
			rows = append(rows, []any{gid, id, st.Answers, st.PValue, sqlq.Discrimination(st), encode.Shares(st.OptionShares)})
		}
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{"item_stats"}, []string{"group_id", "question_id", "answers", "p_value", "discrimination", "shares"},
			pgx.CopyFromRows(rows)); err != nil {
			return fmt.Errorf("save item stats: %w", err)
		}
		_, err := tx.Exec(ctx, sqlq.SaveItemSnapshot.Postgres, gid, encode.MS(s.ComputedAt), s.Answers, s.LastAnswerID, s.LastPracticeID)
		if err != nil {
			return fmt.Errorf("save item snapshot: %w", err)
		}
		return nil
	})
}

// ItemResponses implements bot.Items (sqlq.ItemResponses).
func (db *DB) ItemResponses(ctx context.Context, g bot.GroupRef, asOf time.Time) (bot.ItemResponses, error) {
	gid, err := db.lookupGroup(ctx, g)
	if err != nil || gid == 0 {
		return bot.ItemResponses{}, err
	}
	return sqlq.ItemResponses(ctx, db.conn(), gid, asOf, func(r sqlq.Rows, out *sqlq.Responses) error {
		var q, u string
		var choice *int32
		var correct *bool
		if err := r.Scan(&q, &u, &choice, &correct); err != nil {
			return err
		}
		c := int64(-1)
		if choice != nil {
			c = int64(*choice)
		}
		sqlq.AddResponse(out, q, u, c, correct != nil && *correct)
		return nil
	})
}

// StaleItemGroups implements bot.Items: as data/sqlite's, a mock exam that ended after the snapshot makes
// it stale too.
func (db *DB) StaleItemGroups(ctx context.Context, before time.Time) ([]bot.GroupRef, error) {
	rows, err := db.pool.Query(ctx, `SELECT g.platform, g.ext_id FROM groups g LEFT JOIN item_snapshots s ON s.group_id = g.id
		WHERE coalesce(s.computed_at, 0) < $1 AND (
			EXISTS (SELECT 1 FROM answers a WHERE a.group_id = g.id AND a.id > coalesce(s.last_answer_id, 0))
			OR EXISTS (SELECT 1 FROM practice p WHERE p.group_id = g.id AND p.id > coalesce(s.last_practice_id, 0) AND p.answered_at IS NOT NULL)
			OR EXISTS (SELECT 1 FROM exams e WHERE e.group_id = g.id
				AND coalesce(e.finished_at, e.ends_at) > coalesce(s.computed_at, 0) AND coalesce(e.finished_at, e.ends_at) <= $1))
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

// TakeNotices implements bot.Notices: one UPDATE … RETURNING marks and returns them, so two moderators at
// once, on any replicas, are not both told (sqlq.TakeNotices).
func (db *DB) TakeNotices(ctx context.Context, g bot.GroupRef, at time.Time) ([]string, error) {
	gid, err := db.lookupGroup(ctx, g)
	if err != nil || gid == 0 {
		return nil, err
	}
	return sqlq.TakeNotices(ctx, db.conn(), gid, at)
}
