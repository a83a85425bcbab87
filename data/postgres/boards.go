package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/data/internal/sqlq"
)

// BucketScores implements bot.Boards: every member's totals in the bucket, in no order (the core ranks).
func (db *DB) BucketScores(ctx context.Context, b bot.Bucket) ([]bot.Score, error) {
	rows, err := db.pool.Query(ctx, `SELECT s.user_id, s.points, s.answered, s.correct FROM scores s
		JOIN groups g ON g.id = s.group_id WHERE g.platform = $1 AND g.ext_id = $2 AND s.period = $3 AND s.domain = $4`,
		b.Group.Platform, b.Group.GroupID, b.Period, sqlq.BucketDomain(b))
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

// ResetScores implements bot.Boards (sqlq.ResetScores), in one transaction. Answers recorded meanwhile on
// other replicas wait for it (the rebuild locks the group's score rows), or are part of the rebuild.
func (db *DB) ResetScores(ctx context.Context, g bot.GroupRef, since time.Time) (n int64, err error) {
	err = db.tx(ctx, func(tx pgx.Tx) error {
		n, err = sqlq.ResetScores(ctx, conn{tx}, g, since, func(gid int64) error { return rebuildScores(ctx, tx, gid) })
		return err
	})
	return n, err
}

// rebuildScores recomputes a group's score buckets from its answers.
func rebuildScores(ctx context.Context, tx pgx.Tx, gid int64) error {
	if _, err := tx.Exec(ctx, sqlq.DeleteScores.Postgres, gid); err != nil {
		return fmt.Errorf("rebuild scores: %w", err)
	}
	_, err := tx.Exec(ctx, `INSERT INTO scores (group_id, period, domain, user_id, points, answered, correct)
		SELECT a.group_id, b.period, b.domain, a.user_id, sum(a.points), count(*), count(*) FILTER (WHERE a.correct)
		FROM answers a JOIN posts p ON p.id = a.post_id CROSS JOIN LATERAL (VALUES ('all', a.domain), ('all', '*'),
			(a.week, a.domain), (a.week, '*'), (a.month, a.domain), (a.month, '*'),
			('all', '`+bot.PackBoardPrefix+`' || p.pack), (a.week, '`+bot.PackBoardPrefix+`' || p.pack),
			(a.month, '`+bot.PackBoardPrefix+`' || p.pack)) AS b(period, domain)
		WHERE a.group_id = $1 GROUP BY a.group_id, b.period, b.domain, a.user_id`, gid)
	if err != nil {
		return fmt.Errorf("rebuild scores: %w", err)
	}
	return nil
}
