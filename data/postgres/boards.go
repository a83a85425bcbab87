package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/data/internal/encode"
)

// BucketScores implements bot.Boards: every member's totals in the bucket, in no order (the core ranks).
func (db *DB) BucketScores(ctx context.Context, b bot.Bucket) ([]bot.Score, error) {
	rows, err := db.pool.Query(ctx, `SELECT s.user_id, s.points, s.answered, s.correct FROM scores s
		JOIN groups g ON g.id = s.group_id WHERE g.platform = $1 AND g.ext_id = $2 AND s.period = $3 AND s.domain = $4`,
		b.Group.Platform, b.Group.GroupID, b.Period, bucketDomain(b))
	if err != nil {
		return nil, fmt.Errorf("bucket scores: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (bot.Score, error) {
		var sc bot.Score
		err := r.Scan(&sc.UserID, &sc.Points, &sc.Answered, &sc.Correct)
		return sc, err
	})
	if err != nil {
		return nil, fmt.Errorf("bucket scores: %w", err)
	}
	return out, nil
}

// MemberScore implements bot.Boards: one member's totals in the bucket, by key.
func (db *DB) MemberScore(ctx context.Context, b bot.Bucket, userID string) (bot.Score, bool, error) {
	sc := bot.Score{UserID: userID}
	err := db.pool.QueryRow(ctx, `SELECT s.points, s.answered, s.correct FROM scores s
		JOIN groups g ON g.id = s.group_id WHERE g.platform = $1 AND g.ext_id = $2 AND s.period = $3 AND s.domain = $4 AND s.user_id = $5`,
		b.Group.Platform, b.Group.GroupID, b.Period, bucketDomain(b), userID).Scan(&sc.Points, &sc.Answered, &sc.Correct)
	if errors.Is(err, pgx.ErrNoRows) {
		return bot.Score{}, false, nil
	}
	if err != nil {
		return bot.Score{}, false, fmt.Errorf("member score: %w", err)
	}
	return sc, true, nil
}

// bucketDomain is the domain key of a bucket's score rows: allDomains for every domain together.
func bucketDomain(b bot.Bucket) string {
	if b.Domain == "" {
		return allDomains
	}
	return b.Domain
}

// MemberStats implements bot.Boards.
func (db *DB) MemberStats(ctx context.Context, g bot.GroupRef, userID string) (bot.Stats, error) {
	var st bot.Stats
	gid, err := db.lookupGroup(ctx, g)
	if err != nil || gid == 0 {
		return st, err
	}
	rows, err := db.pool.Query(ctx, `SELECT domain, 'daily', count(*), count(*) FILTER (WHERE correct), coalesce(sum(points), 0) FROM answers
			WHERE group_id = $1 AND user_id = $2 GROUP BY domain
		UNION ALL
		SELECT domain, 'practice', count(*), count(*) FILTER (WHERE correct), 0 FROM practice
			WHERE group_id = $1 AND user_id = $2 AND answered_at IS NOT NULL GROUP BY domain`, gid, userID)
	if err != nil {
		return st, fmt.Errorf("member stats: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var domain, kind string
		var n, correct, points int64
		if err := rows.Scan(&domain, &kind, &n, &correct, &points); err != nil {
			return st, fmt.Errorf("member stats: %w", err)
		}
		st.Add(domain, kind == "daily", int(n), int(correct), int(points))
	}
	return st, rows.Err()
}

// ResetScores implements bot.Boards: it zeroes the points of the group's answers since the given time and
// rebuilds the group's score buckets from its answers, in one transaction. Answers recorded meanwhile on
// other replicas wait for it (the rebuild locks the group's score rows), or are part of the rebuild.
func (db *DB) ResetScores(ctx context.Context, g bot.GroupRef, since time.Time) (int64, error) {
	var n int64
	err := db.tx(ctx, func(tx pgx.Tx) error {
		n = 0
		var gid int64
		err := tx.QueryRow(ctx, `SELECT id FROM groups WHERE platform = $1 AND ext_id = $2 FOR UPDATE`, g.Platform, g.GroupID).Scan(&gid)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("reset scores: %w", err)
		}
		tag, err := tx.Exec(ctx, `UPDATE answers SET points = 0 WHERE group_id = $1 AND points <> 0 AND answered_at >= $2`, gid, encode.MS(since))
		if err != nil {
			return fmt.Errorf("reset scores: %w", err)
		}
		if n = tag.RowsAffected(); n == 0 {
			return nil
		}
		return rebuildScores(ctx, tx, gid)
	})
	return n, err
}

// rebuildScores recomputes a group's score buckets from its answers.
func rebuildScores(ctx context.Context, tx pgx.Tx, gid int64) error {
	if _, err := tx.Exec(ctx, `DELETE FROM scores WHERE group_id = $1`, gid); err != nil {
		return fmt.Errorf("rebuild scores: %w", err)
	}
	_, err := tx.Exec(ctx, `INSERT INTO scores (group_id, period, domain, user_id, points, answered, correct)
		SELECT a.group_id, b.period, b.domain, a.user_id, sum(a.points), count(*), count(*) FILTER (WHERE a.correct)
		FROM answers a CROSS JOIN LATERAL (VALUES ('all', a.domain), ('all', '*'), (a.week, a.domain), (a.week, '*'),
			(a.month, a.domain), (a.month, '*')) AS b(period, domain)
		WHERE a.group_id = $1 GROUP BY a.group_id, b.period, b.domain, a.user_id`, gid)
	if err != nil {
		return fmt.Errorf("rebuild scores: %w", err)
	}
	return nil
}
