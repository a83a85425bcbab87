package sqlq

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/data/internal/encode"
)

// AllDomains is the domain of the score rows that total every domain.
const AllDomains = "*"

// BucketDomain is the domain key of a bucket's score rows: AllDomains for every domain together.
func BucketDomain(b bot.Bucket) string {
	if b.Domain == "" {
		return AllDomains
	}
	return b.Domain
}

var (
	memberScore = New(`SELECT points, answered, correct FROM scores WHERE group_id = ? AND period = ? AND domain = ? AND user_id = ?`)
	memberStats = New(`SELECT domain, 'daily', count(*), count(*) FILTER (WHERE correct), coalesce(sum(points), 0) FROM answers
			WHERE group_id = ?1 AND user_id = ?2 GROUP BY domain
		UNION ALL
		SELECT domain, 'practice', count(*), count(*) FILTER (WHERE correct), 0 FROM practice
			WHERE group_id = ?1 AND user_id = ?2 AND answered_at IS NOT NULL GROUP BY domain`)
	// The group's row is locked on PostgreSQL, so that answers recorded meanwhile on other replicas wait
	// for the rebuild or are part of it; SQLite's writer is one connection already.
	lockGroup = Differs(`SELECT id FROM groups WHERE platform = ? AND ext_id = ?`,
		`SELECT id FROM groups WHERE platform = $1 AND ext_id = $2 FOR UPDATE`)
	zeroPoints = New(`UPDATE answers SET points = 0 WHERE group_id = ? AND points <> 0 AND answered_at >= ?`)
	// DeleteScores clears a group's score buckets before a store rebuilds them from its answers.
	DeleteScores = New(`DELETE FROM scores WHERE group_id = ?`)
)

// MemberScore implements bot.Boards.MemberScore in the group of row id gid, by primary key.
func MemberScore(ctx context.Context, q Querier, gid int64, b bot.Bucket, userID string) (bot.Score, bool, error) {
	s := bot.Score{UserID: userID}
	err := q.QueryRow(ctx, memberScore, gid, b.Period, BucketDomain(b), userID).Scan(&s.Points, &s.Answered, &s.Correct)
	if errors.Is(err, ErrNoRows) {
		return s, false, nil
	}
	if err != nil {
		return s, false, fmt.Errorf("member score: %w", err)
	}
	return s, true, nil
}

// MemberStats implements bot.Boards.MemberStats in the group of row id gid.
func MemberStats(ctx context.Context, q Querier, gid int64, userID string) (bot.Stats, error) {
	var st bot.Stats
	rows, err := q.Query(ctx, memberStats, gid, userID)
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

// ResetScores implements bot.Boards.ResetScores in the store's transaction: it zeroes the points of the
// group's answers since the given time and, when any changed, has the store rebuild the group's score
// buckets from its answers (DeleteScores, then each store's own SQL to fill them).
func ResetScores(ctx context.Context, q Querier, g bot.GroupRef, since time.Time, rebuild func(gid int64) error) (int64, error) {
	var gid int64
	err := q.QueryRow(ctx, lockGroup, g.Platform, g.GroupID).Scan(&gid)
	if errors.Is(err, ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("reset scores: %w", err)
	}
	n, err := q.Exec(ctx, zeroPoints, gid, encode.MS(since))
	if err != nil {
		return 0, fmt.Errorf("reset scores: %w", err)
	}
	if n == 0 {
		return 0, nil
	}
	return n, rebuild(gid)
}
