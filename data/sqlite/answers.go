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
		if first, err = sqlq.LoadFirstAnswer(ctx, db.reader(), a); err != nil {
			return bot.Answer{}, err
		}
	}
	if !inserted {
		return first, bot.Errorf(bot.ECONFLICT, "already answered")
	}
	return a, nil
}

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
	// scheduled post carries (0 if none), passing over those a /study post cut short that the member did
	// not answer, plus one if this post is scheduled too. A plain insert that reports how many rows it
	// made: INSERT … RETURNING cost more, and INSERT … SELECT twice as much.
	for _, prev := range from.prevs {
		err = tx.QueryRowContext(ctx, `SELECT streak FROM answers WHERE post_id = ? AND user_id = ?`, prev, a.UserID).Scan(&streak)
		if err == nil {
			break
		}
		if !errors.Is(err, sql.ErrNoRows) {
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
	// One statement for the nine buckets: all time, week and month, each for the domain, for all and for
	// the post's pack (bot.PackBoard).
	if _, err := tx.ExecContext(ctx, `INSERT INTO scores (group_id, period, domain, user_id, points, answered, correct)
		VALUES (?1, 'all', ?5, ?2, ?3, 1, ?4), (?1, 'all', '`+sqlq.AllDomains+`', ?2, ?3, 1, ?4), (?1, ?6, ?5, ?2, ?3, 1, ?4),
			(?1, ?6, '`+sqlq.AllDomains+`', ?2, ?3, 1, ?4), (?1, ?7, ?5, ?2, ?3, 1, ?4), (?1, ?7, '`+sqlq.AllDomains+`', ?2, ?3, 1, ?4),
			(?1, 'all', ?8, ?2, ?3, 1, ?4), (?1, ?6, ?8, ?2, ?3, 1, ?4), (?1, ?7, ?8, ?2, ?3, 1, ?4)
		ON CONFLICT (group_id, period, domain, user_id) DO UPDATE SET
		points = points + excluded.points, answered = answered + 1, correct = correct + excluded.correct`,
		gid, a.UserID, a.Points, correct, a.Domain, week, month, from.board); err != nil {
		return false, 0, fmt.Errorf("update scores: %w", err)
	}
	return true, streak, nil
}

// streakSource is what an answer to a post takes its streak from: the channel's scheduled posts before it
// that count, newest first (the streak is that of the member's answer to the first they answered; 0 if
// none): those a /study post cut short (sqlq.CutShort), then the one before them that ran its course (if
// any). And whether the post itself adds one (it is scheduled; /study post questions do not).
type streakSource struct {
	prevs []int64
	adds  int
	board string // the post's pack board (bot.PackBoard), read with the rest
}

// streakFrom finds a post's streakSource, once per post: neither part can change, as a post keeps its
// channel and slot, a later post has a higher id, and the posts before it are closed. Found by walking the
// channel's posts back from this one. The writer goroutine alone uses the cache.
func (db *DB) streakFrom(ctx context.Context, tx *sql.Tx, postID int64) (streakSource, error) {
	if s, ok := db.streaks[postID]; ok {
		return s, nil
	}
	var s streakSource
	var cid int64
	err := tx.QueryRowContext(ctx, `SELECT iif(slot LIKE ?2, 0, 1), channel_id, ?3 || pack FROM posts WHERE id = ?1`, postID, sqlq.ManualSlots,
		bot.PackBoardPrefix).Scan(&s.adds, &cid, &s.board)
	if errors.Is(err, sql.ErrNoRows) {
		return streakSource{adds: 1}, nil // the insert fails on the foreign key, as it should
	}
	if err != nil {
		return s, fmt.Errorf("streak source of post %d: %w", postID, err)
	}
	rows, err := tx.QueryContext(ctx, `SELECT q.id, `+sqlq.CutShort("q")+` FROM posts q
		WHERE q.channel_id = ? AND q.id < ? AND q.slot NOT LIKE ? ORDER BY q.id DESC`, cid, postID, sqlq.ManualSlots)
	if err != nil {
		return s, fmt.Errorf("streak source of post %d: %w", postID, err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var cut bool
		if err := rows.Scan(&id, &cut); err != nil {
			return s, fmt.Errorf("streak source of post %d: %w", postID, err)
		}
		s.prevs = append(s.prevs, id)
		if !cut {
			break
		}
	}
	if err := rows.Err(); err != nil {
		return s, fmt.Errorf("streak source of post %d: %w", postID, err)
	}
	if len(db.streaks) >= 1000 {
		clear(db.streaks)
	}
	db.streaks[postID] = s
	return s, nil
}
