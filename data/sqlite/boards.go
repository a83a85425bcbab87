package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/studybot/studybot/bot"
)

// allDomains is the domain of the score rows that total every domain.
const allDomains = "*"

// Leaderboard implements bot.Boards. It reads the score buckets, a few rows per member.
func (db *DB) Leaderboard(ctx context.Context, q bot.LeaderboardQuery) (bot.Leaderboard, error) {
	var lb bot.Leaderboard
	gid, err := db.lookupGroup(ctx, q.Group)
	if err != nil || gid == 0 {
		return lb, err
	}
	loc, err := db.zoneOf(ctx, db.r, gid)
	if err != nil {
		return lb, err
	}
	period := q.Period
	if period == "" {
		period = bot.PeriodAll
	}
	domain := q.Domain
	if domain == "" {
		domain = allDomains
	}
	key := bot.PeriodKey(period, q.At, loc)
	// The bucket's rows (one per member who answered in the period) are sorted, and only the top ones
	// are joined to their names; ties are bot.Rank's.
	rows, err := db.r.QueryContext(ctx, `SELECT t.user_id, coalesce(m.name, t.user_id), t.points, t.answered, t.correct FROM
		(SELECT user_id, points, answered, correct FROM scores WHERE group_id = ?1 AND period = ?2 AND domain = ?3
			ORDER BY points DESC, correct DESC, user_id LIMIT ?4) t
		LEFT JOIN members m ON m.group_id = ?1 AND m.user_id = t.user_id
		ORDER BY t.points DESC, t.correct DESC, t.user_id`, gid, key, domain, q.Limit)
	if err != nil {
		return lb, fmt.Errorf("leaderboard: %w", err)
	}
	defer rows.Close()
	for i := 0; rows.Next(); i++ {
		var r bot.Rank
		if err := rows.Scan(&r.UserID, &r.Name, &r.Points, &r.Answered, &r.Correct); err != nil {
			return lb, err
		}
		r.Rank = i + 1
		if prev := len(lb.Top) - 1; prev >= 0 && lb.Top[prev].Points == r.Points && lb.Top[prev].Correct == r.Correct {
			r.Rank = lb.Top[prev].Rank
		}
		lb.Top = append(lb.Top, r)
	}
	if err := rows.Err(); err != nil {
		return lb, err
	}
	if q.UserID == "" {
		return lb, nil
	}
	me := bot.Rank{UserID: q.UserID}
	err = db.r.QueryRowContext(ctx, `SELECT s.points, s.answered, s.correct, coalesce(m.name, s.user_id) FROM scores s
		LEFT JOIN members m ON m.group_id = s.group_id AND m.user_id = s.user_id
		WHERE s.group_id = ? AND s.period = ? AND s.domain = ? AND s.user_id = ?`, gid, key, domain, q.UserID).Scan(&me.Points, &me.Answered, &me.Correct, &me.Name)
	if errors.Is(err, sql.ErrNoRows) {
		return lb, nil
	}
	if err != nil {
		return lb, fmt.Errorf("leaderboard rank: %w", err)
	}
	if err := db.r.QueryRowContext(ctx, `SELECT 1 + count(*) FROM scores WHERE group_id = ? AND period = ? AND domain = ?
		AND (points > ? OR (points = ? AND correct > ?))`, gid, key, domain, me.Points, me.Points, me.Correct).Scan(&me.Rank); err != nil {
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
	rows, err := db.r.QueryContext(ctx, `SELECT domain, 'daily', count(*), coalesce(sum(correct), 0), coalesce(sum(points), 0) FROM answers
			WHERE group_id = ? AND user_id = ? GROUP BY domain
		UNION ALL
		SELECT domain, 'practice', count(*), coalesce(sum(correct), 0), 0 FROM practice
			WHERE group_id = ? AND user_id = ? AND answered_at IS NOT NULL GROUP BY domain`, gid, userID, gid, userID)
	if err != nil {
		return st, fmt.Errorf("member stats: %w", err)
	}
	defer rows.Close()
	byDomain := map[string]*bot.DomainStats{}
	var order []string
	for rows.Next() {
		var domain, kind string
		var n, correct, points int
		if err := rows.Scan(&domain, &kind, &n, &correct, &points); err != nil {
			return st, err
		}
		if kind == "daily" {
			st.Answered += n
			st.Correct += correct
			st.Points += points
		} else {
			st.Practiced += n
			st.PracticeCorrect += correct
		}
		d := byDomain[domain]
		if d == nil {
			d = &bot.DomainStats{Domain: domain}
			byDomain[domain] = d
			order = append(order, domain)
		}
		d.Answered += n
		d.Correct += correct
	}
	for _, d := range order {
		st.Domains = append(st.Domains, *byDomain[d])
	}
	return st, rows.Err()
}

// ResetScores implements bot.Boards: it zeroes the points of the group's answers since the given time and
// rebuilds the group's score buckets from its answers, in one transaction.
func (db *DB) ResetScores(ctx context.Context, g bot.GroupRef, since time.Time) (int64, error) {
	var n int64
	err := db.write(ctx, func(tx *sql.Tx) error {
		var gid int64
		err := tx.QueryRowContext(ctx, `SELECT id FROM groups WHERE platform = ? AND ext_id = ?`, g.Platform, g.GroupID).Scan(&gid)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE answers SET points = 0 WHERE group_id = ? AND points != 0 AND answered_at >= ?`, gid, ms(since))
		if err != nil {
			return err
		}
		if n, err = res.RowsAffected(); err != nil || n == 0 {
			return err
		}
		return rebuildScores(ctx, tx, gid)
	})
	return n, err
}

// rebuildScores recomputes a group's score buckets from its answers.
func rebuildScores(ctx context.Context, tx *sql.Tx, gid int64) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM scores WHERE group_id = ?`, gid); err != nil {
		return err
	}
	for _, period := range []string{`'all'`, `week`, `month`} {
		for _, domain := range []string{`domain`, `'` + allDomains + `'`} {
			if _, err := tx.ExecContext(ctx, `INSERT INTO scores (group_id, period, domain, user_id, points, answered, correct)
				SELECT group_id, `+period+`, `+domain+`, user_id, sum(points), count(*), sum(correct) FROM answers
				WHERE group_id = ? GROUP BY `+period+`, `+domain+`, user_id`, gid); err != nil {
				return fmt.Errorf("rebuild scores: %w", err)
			}
		}
	}
	return nil
}
