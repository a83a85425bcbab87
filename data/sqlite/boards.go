package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/data/internal/sqlq"
)

// BucketScores implements bot.Boards. The bucket's rows (a range of the primary key) come back as one
// string, "points answered correct length user_id" for each member (the user id's length in bytes, so any
// id reads back whole), parsed here: reading 100,000 rows one by one, a cgo call per row and per column,
// took four times as long (240 against 60 ms), and printf builds the string faster than ||.
func (db *DB) BucketScores(ctx context.Context, b bot.Bucket) ([]bot.Score, error) {
	gid, err := db.lookupGroup(ctx, b.Group)
	if err != nil || gid == 0 {
		return nil, err
	}
	var joined sql.NullString
	var n int
	if err := db.r.QueryRowContext(ctx, `SELECT group_concat(printf('%d %d %d %d %s', points, answered, correct, length(CAST(user_id AS BLOB)), user_id), ''), count(*)
		FROM scores WHERE group_id = ? AND period = ? AND domain = ?`, gid, b.Period, sqlq.BucketDomain(b)).Scan(&joined, &n); err != nil {
		return nil, fmt.Errorf("bucket scores: %w", err)
	}
	out, err := parseScores(joined.String, n)
	if err != nil {
		return nil, fmt.Errorf("bucket scores: %w", err)
	}
	return out, nil
}

// parseScores reads BucketScores' joined string of n scores.
func parseScores(s string, n int) ([]bot.Score, error) {
	out := make([]bot.Score, 0, n)
	field := func() (int, error) {
		i := strings.IndexByte(s, ' ')
		if i < 0 {
			return 0, fmt.Errorf("scores cut short after %d of %d", len(out), n)
		}
		v, err := strconv.Atoi(s[:i])
		s = s[i+1:]
		return v, err
	}
	for len(s) > 0 {
		var sc bot.Score
		var idLen int
		var err error
		for _, v := range []*int{&sc.Points, &sc.Answered, &sc.Correct, &idLen} {
			if *v, err = field(); err != nil {
				return nil, err
			}
		}
		if idLen < 0 || idLen > len(s) {
			return nil, fmt.Errorf("score %d: a user id of %d bytes in %d", len(out), idLen, len(s))
		}
		sc.UserID, s = s[:idLen], s[idLen:]
		out = append(out, sc)
	}
	if len(out) != n {
		return nil, fmt.Errorf("%d scores read of %d", len(out), n)
	}
	return out, nil
}

// ResetScores implements bot.Boards (sqlq.ResetScores), in one transaction.
func (db *DB) ResetScores(ctx context.Context, g bot.GroupRef, since time.Time) (n int64, err error) {
	err = db.write(ctx, func(tx *sql.Tx) error {
		n, err = sqlq.ResetScores(ctx, conn{tx}, g, since, func(gid int64) error { return rebuildScores(ctx, tx, gid) })
		return err
	})
	return n, err
}

// rebuildScores recomputes a group's score buckets from its answers.
func rebuildScores(ctx context.Context, tx *sql.Tx, gid int64) error {
	if _, err := tx.ExecContext(ctx, sqlq.DeleteScores.SQLite, gid); err != nil {
		return fmt.Errorf("rebuild scores: %w", err)
	}
	for _, period := range []string{`'all'`, `a.week`, `a.month`} {
		for _, domain := range []string{`a.domain`, `'` + sqlq.AllDomains + `'`, `'` + bot.PackBoardPrefix + `' || p.pack`} {
			if _, err := tx.ExecContext(ctx, `INSERT INTO scores (group_id, period, domain, user_id, points, answered, correct)
				SELECT a.group_id, `+period+`, `+domain+`, a.user_id, sum(a.points), count(*), sum(a.correct)
				FROM answers a JOIN posts p ON p.id = a.post_id
				WHERE a.group_id = ? GROUP BY `+period+`, `+domain+`, a.user_id`, gid); err != nil {
				return fmt.Errorf("rebuild scores: %w", err)
			}
		}
	}
	return nil
}
