package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/data/internal/encode"
	"github.com/studybot/studybot/data/internal/sqlq"
)

// RecordAnswer implements bot.Answers. The UNIQUE (post_id, user_id) key, not a read before the write,
// decides which of two simultaneous answers counts; the member's score buckets are updated in the same
// transaction.
func (db *DB) RecordAnswer(ctx context.Context, a bot.Answer) (bot.Answer, error) {
	gid, err := db.groupID(ctx, nil, a.Group)
	if err != nil {
		return bot.Answer{}, err
	}
	loc, err := db.zoneOf(ctx, gid)
	if err != nil {
		return bot.Answer{}, err
	}
	res, err := db.commitAnswer(ctx, &answerReq{a: a, gid: gid, loc: loc})
	if err != nil {
		return bot.Answer{}, err
	}
	inserted := res.inserted
	a.Streak = res.streak
	first := a
	if !inserted {
		if first, err = db.firstAnswer(ctx, db.r, a); err != nil {
			return bot.Answer{}, fmt.Errorf("load first answer: %w", err)
		}
	}
	if !inserted {
		return first, bot.Errorf(bot.ECONFLICT, "already answered")
	}
	return a, nil
}

// manualSlots is a LIKE pattern for the slots of /study post questions, which streaks do not count
// (migration 002 spells the same prefix, as migrations must not change).
const manualSlots = bot.ManualSlotPrefix + "%"

// insertAnswer writes one answer with its member name and score buckets in tx; inserted is false when
// the member had already answered the post (the UNIQUE key decided). It runs on the writer goroutine.
func (db *DB) insertAnswer(ctx context.Context, tx *sql.Tx, r *answerReq) (inserted bool, streak int, err error) {
	a, gid := r.a, r.gid
	week, month := bot.PeriodKey(bot.PeriodWeek, a.AnsweredAt, r.loc), bot.PeriodKey(bot.PeriodMonth, a.AnsweredAt, r.loc)
	from, err := db.streakFrom(ctx, tx, a.PostID)
	if err != nil {
		return false, 0, err
	}
	// The streak (the rule is bot.Answer.Streak's) is what the member's answer to the channel's previous
	// scheduled post carries (0 if none), plus one if this post is scheduled too. A plain insert that
	// reports how many rows it made: INSERT … RETURNING cost more, and INSERT … SELECT twice as much.
	if from.prev != 0 {
		err = tx.QueryRowContext(ctx, `SELECT streak FROM answers WHERE post_id = ? AND user_id = ?`, from.prev, a.UserID).Scan(&streak)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return false, 0, fmt.Errorf("previous streak: %w", err)
		}
	}
	streak += from.adds
	res, err := tx.ExecContext(ctx, `INSERT INTO answers (post_id, group_id, user_id, choice, correct, points, domain, question_id, answered_at, week, month, streak)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (post_id, user_id) DO NOTHING`,
		a.PostID, gid, a.UserID, a.Choice, a.Correct, a.Points, a.Domain, a.QuestionID, encode.MS(a.AnsweredAt), week, month, streak)
	if err != nil {
		return false, 0, fmt.Errorf("insert answer: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return false, 0, err
	}
	if a.UserName != "" {
		if _, err := tx.ExecContext(ctx, `INSERT INTO members (group_id, user_id, name) VALUES (?, ?, ?)
			ON CONFLICT (group_id, user_id) DO UPDATE SET name = excluded.name WHERE name != excluded.name`, gid, a.UserID, a.UserName); err != nil {
			return false, 0, fmt.Errorf("record member: %w", err)
		}
	}
	correct := 0
	if a.Correct {
		correct = 1
	}
	// One statement for the six buckets: all time, week and month, each for the domain and for all.
	if _, err := tx.ExecContext(ctx, `INSERT INTO scores (group_id, period, domain, user_id, points, answered, correct)
		VALUES (?1, 'all', ?5, ?2, ?3, 1, ?4), (?1, 'all', '`+sqlq.AllDomains+`', ?2, ?3, 1, ?4), (?1, ?6, ?5, ?2, ?3, 1, ?4),
			(?1, ?6, '`+sqlq.AllDomains+`', ?2, ?3, 1, ?4), (?1, ?7, ?5, ?2, ?3, 1, ?4), (?1, ?7, '`+sqlq.AllDomains+`', ?2, ?3, 1, ?4)
		ON CONFLICT (group_id, period, domain, user_id) DO UPDATE SET
		points = points + excluded.points, answered = answered + 1, correct = correct + excluded.correct`,
		gid, a.UserID, a.Points, correct, a.Domain, week, month); err != nil {
		return false, 0, fmt.Errorf("update scores: %w", err)
	}
	return true, streak, nil
}

// streakSource is what an answer to a post takes its streak from: the channel's scheduled post before it
// (0 if none), and whether the post itself adds one (it is scheduled; /study post questions do not).
type streakSource struct {
	prev int64
	adds int
}

// streakFrom finds a post's streakSource, once per post: neither part can change, as a post keeps its
// channel and slot and a later post has a higher id. Found by walking the channel's posts back from this
// one (max() with the slot filter would read them all). The writer goroutine alone uses the cache.
func (db *DB) streakFrom(ctx context.Context, tx *sql.Tx, postID int64) (streakSource, error) {
	if s, ok := db.streaks[postID]; ok {
		return s, nil
	}
	var s streakSource
	err := tx.QueryRowContext(ctx, `SELECT iif(p.slot LIKE ?2, 0, 1), coalesce((SELECT q.id FROM posts q
		WHERE q.channel_id = p.channel_id AND q.id < p.id AND q.slot NOT LIKE ?2 ORDER BY q.id DESC LIMIT 1), 0)
		FROM posts p WHERE p.id = ?1`, postID, manualSlots).Scan(&s.adds, &s.prev)
	if errors.Is(err, sql.ErrNoRows) {
		return streakSource{adds: 1}, nil // the insert fails on the foreign key, as it should
	}
	if err != nil {
		return s, fmt.Errorf("streak source of post %d: %w", postID, err)
	}
	if len(db.streaks) >= 1000 {
		clear(db.streaks)
	}
	db.streaks[postID] = s
	return s, nil
}

// firstAnswer loads the answer already stored for a's post and member (sql.ErrNoRows if none).
func (db *DB) firstAnswer(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}, a bot.Answer) (bot.Answer, error) {
	first := a
	var at int64
	err := q.QueryRowContext(ctx, `SELECT choice, correct, points, answered_at FROM answers WHERE post_id = ? AND user_id = ?`,
		a.PostID, a.UserID).Scan(&first.Choice, &first.Correct, &first.Points, &at)
	first.AnsweredAt = encode.Time(at)
	return first, err
}

// AnswerCounts implements bot.Answers.
func (db *DB) AnswerCounts(ctx context.Context, postID int64, choices int) ([]int, error) {
	counts := make([]int, choices)
	rows, err := db.r.QueryContext(ctx, `SELECT choice, count(*) FROM answers WHERE post_id = ? GROUP BY choice`, postID)
	if err != nil {
		return nil, fmt.Errorf("answer counts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var c, n int
		if err := rows.Scan(&c, &n); err != nil {
			return nil, err
		}
		if c >= 0 && c < choices {
			counts[c] = n
		}
	}
	return counts, rows.Err()
}

// Streak implements bot.Answers from the streaks stored with the answers.
func (db *DB) Streak(ctx context.Context, ref bot.ChannelRef, userID string) (int, error) {
	cid, err := db.lookupChannel(ctx, ref)
	if err != nil || cid == 0 {
		return 0, err
	}
	rows, err := db.r.QueryContext(ctx, `SELECT p.closed_at IS NULL, a.streak FROM posts p
		LEFT JOIN answers a ON a.post_id = p.id AND a.user_id = ?
		WHERE p.channel_id = ? AND p.slot NOT LIKE ? ORDER BY p.id DESC LIMIT 2`, userID, cid, manualSlots)
	if err != nil {
		return 0, fmt.Errorf("streak: %w", err)
	}
	defer rows.Close()
	for first := true; rows.Next(); first = false {
		var open bool
		var streak sql.NullInt64
		if err := rows.Scan(&open, &streak); err != nil {
			return 0, fmt.Errorf("streak: %w", err)
		}
		if streak.Valid {
			return int(streak.Int64), nil
		}
		if !first || !open {
			break // today's open question can still be answered; any other gap ends the streak
		}
	}
	return 0, rows.Err()
}
