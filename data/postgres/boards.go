package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/studybot/studybot/bot"
)

// Leaderboard implements bot.Boards. It reads the score buckets, one row per member who answered in the
// period, and the group's zone in the same query as its id (another replica may have changed it).
func (db *DB) Leaderboard(ctx context.Context, q bot.LeaderboardQuery) (bot.Leaderboard, error) {
	var lb bot.Leaderboard
	var gid int64
	var tz string
	err := db.pool.QueryRow(ctx, `SELECT id, tz FROM groups WHERE platform = $1 AND ext_id = $2`, q.Group.Platform, q.Group.GroupID).Scan(&gid, &tz)
	if errors.Is(err, pgx.ErrNoRows) {
		return lb, nil
	}
	if err != nil {
		return lb, fmt.Errorf("leaderboard: %w", err)
	}
	period := q.Period
	if period == "" {
		period = bot.PeriodAll
	}
	domain := q.Domain
	if domain == "" {
		domain = allDomains
	}
	key := bot.PeriodKey(period, q.At, db.location(tz))
	// The top rows, ties as bot.Rank says, and only they are joined to their names.
	rows, err := db.pool.Query(ctx, `SELECT t.user_id, coalesce(m.name, t.user_id), t.points, t.answered, t.correct FROM
		(SELECT user_id, points, answered, correct FROM scores WHERE group_id = $1 AND period = $2 AND domain = $3
			ORDER BY points DESC, correct DESC, user_id LIMIT $4) t
		LEFT JOIN members m ON m.group_id = $1 AND m.user_id = t.user_id
		ORDER BY t.points DESC, t.correct DESC, t.user_id`, gid, key, domain, q.Limit)
	if err != nil {
		return lb, fmt.Errorf("leaderboard: %w", err)
	}
	defer rows.Close()
	for i := 0; rows.Next(); i++ {
		var r bot.Rank
		if err := rows.Scan(&r.UserID, &r.Name, &r.Points, &r.Answered, &r.Correct); err != nil {
			return lb, fmt.Errorf("leaderboard: %w", err)
		}
		r.Rank = i + 1
		if prev := len(lb.Top) - 1; prev >= 0 && lb.Top[prev].Points == r.Points && lb.Top[prev].Correct == r.Correct {
			r.Rank = lb.Top[prev].Rank
		}
		lb.Top = append(lb.Top, r)
	}
	if err := rows.Err(); err != nil {
		return lb, fmt.Errorf("leaderboard: %w", err)
	}
	if q.UserID == "" {
		return lb, nil
	}
	me := bot.Rank{UserID: q.UserID}
	err = db.pool.QueryRow(ctx, `SELECT s.points, s.answered, s.correct, coalesce(m.name, s.user_id),
			(SELECT 1 + count(*) FROM scores o WHERE o.group_id = s.group_id AND o.period = s.period AND o.domain = s.domain
				AND (o.points > s.points OR (o.points = s.points AND o.correct > s.correct)))
		FROM scores s LEFT JOIN members m ON m.group_id = s.group_id AND m.user_id = s.user_id
		WHERE s.group_id = $1 AND s.period = $2 AND s.domain = $3 AND s.user_id = $4`, gid, key, domain, q.UserID).
		Scan(&me.Points, &me.Answered, &me.Correct, &me.Name, &me.Rank)
	if errors.Is(err, pgx.ErrNoRows) {
		return lb, nil
	}
	if err != nil {
		return lb, fmt.Errorf("leaderboard rank: %w", err)
	}
	lb.Me = &me
	return lb, nil
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
	byDomain := map[string]*bot.DomainStats{}
	var order []string
	for rows.Next() {
		var domain, kind string
		var n, correct, points int64
		if err := rows.Scan(&domain, &kind, &n, &correct, &points); err != nil {
			return st, fmt.Errorf("member stats: %w", err)
		}
		if kind == "daily" {
			st.Answered += int(n)
			st.Correct += int(correct)
			st.Points += int(points)
		} else {
			st.Practiced += int(n)
			st.PracticeCorrect += int(correct)
		}
		d := byDomain[domain]
		if d == nil {
			d = &bot.DomainStats{Domain: domain}
			byDomain[domain] = d
			order = append(order, domain)
		}
		d.Answered += int(n)
		d.Correct += int(correct)
	}
	for _, d := range order {
		st.Domains = append(st.Domains, *byDomain[d])
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
		tag, err := tx.Exec(ctx, `UPDATE answers SET points = 0 WHERE group_id = $1 AND points <> 0 AND answered_at >= $2`, gid, ms(since))
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
