package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/quiz"
)

var _ bot.Store = (*DB)(nil)

// allDomains is the domain of the score rows that total every domain.
const allDomains = "*"

// groupID returns the row id of a group, creating it in tx (or in its own transaction when tx is nil).
func (db *DB) groupID(ctx context.Context, tx *sql.Tx, g bot.GroupRef) (int64, error) {
	db.mu.RLock()
	id, ok := db.groups[g]
	db.mu.RUnlock()
	if ok {
		return id, nil
	}
	create := func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO groups (platform, ext_id) VALUES (?, ?) ON CONFLICT DO NOTHING`,
			g.Platform, g.GroupID); err != nil {
			return fmt.Errorf("create group: %w", err)
		}
		return tx.QueryRowContext(ctx, `SELECT id FROM groups WHERE platform = ? AND ext_id = ?`, g.Platform, g.GroupID).Scan(&id)
	}
	var err error
	if tx != nil {
		err = create(tx)
	} else {
		err = db.write(ctx, create)
	}
	if err != nil {
		return 0, err
	}
	if tx == nil {
		db.cacheGroup(g, id)
	}
	return id, nil
}

func (db *DB) cacheGroup(g bot.GroupRef, id int64) {
	db.mu.Lock()
	db.groups[g] = id
	db.mu.Unlock()
}

// lookupGroup returns a group's id without creating it; 0 when it does not exist.
func (db *DB) lookupGroup(ctx context.Context, g bot.GroupRef) (int64, error) {
	db.mu.RLock()
	id, ok := db.groups[g]
	db.mu.RUnlock()
	if ok {
		return id, nil
	}
	err := db.r.QueryRowContext(ctx, `SELECT id FROM groups WHERE platform = ? AND ext_id = ?`, g.Platform, g.GroupID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("look up group: %w", err)
	}
	db.cacheGroup(g, id)
	return id, nil
}

// channelID returns the row id of a channel, creating it (and its group) in tx.
func (db *DB) channelID(ctx context.Context, tx *sql.Tx, c bot.ChannelRef) (int64, error) {
	db.mu.RLock()
	id, ok := db.channels[c]
	db.mu.RUnlock()
	if ok {
		return id, nil
	}
	gid, err := db.groupID(ctx, tx, c.Group())
	if err != nil {
		return 0, err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO channels (group_id, ext_id) VALUES (?, ?) ON CONFLICT DO NOTHING`, gid, c.ChannelID); err != nil {
		return 0, fmt.Errorf("create channel: %w", err)
	}
	if err := tx.QueryRowContext(ctx, `SELECT id FROM channels WHERE group_id = ? AND ext_id = ?`, gid, c.ChannelID).Scan(&id); err != nil {
		return 0, fmt.Errorf("create channel: %w", err)
	}
	return id, nil
}

func (db *DB) lookupChannel(ctx context.Context, c bot.ChannelRef) (int64, error) {
	db.mu.RLock()
	id, ok := db.channels[c]
	db.mu.RUnlock()
	if ok {
		return id, nil
	}
	err := db.r.QueryRowContext(ctx, `SELECT c.id FROM channels c JOIN groups g ON g.id = c.group_id
		WHERE g.platform = ? AND g.ext_id = ? AND c.ext_id = ?`, c.Platform, c.GroupID, c.ChannelID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("look up channel: %w", err)
	}
	db.mu.Lock()
	db.channels[c] = id
	db.mu.Unlock()
	return id, nil
}

// TouchMember implements bot.Store.
func (db *DB) TouchMember(ctx context.Context, g bot.GroupRef, userID, name string) error {
	gid, err := db.lookupGroup(ctx, g)
	if err != nil {
		return err
	}
	if gid != 0 {
		var cur string
		err := db.r.QueryRowContext(ctx, `SELECT name FROM members WHERE group_id = ? AND user_id = ?`, gid, userID).Scan(&cur)
		if err == nil && cur == name {
			return nil // the common case: nothing to write
		}
	}
	return db.write(ctx, func(tx *sql.Tx) error {
		gid, err := db.groupID(ctx, tx, g)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO members (group_id, user_id, name) VALUES (?, ?, ?)
			ON CONFLICT (group_id, user_id) DO UPDATE SET name = excluded.name`, gid, userID, name)
		return err
	})
}

// MemberName implements bot.Store.
func (db *DB) MemberName(ctx context.Context, g bot.GroupRef, userID string) (string, error) {
	var name string
	err := db.r.QueryRowContext(ctx, `SELECT m.name FROM members m JOIN groups g ON g.id = m.group_id
		WHERE g.platform = ? AND g.ext_id = ? AND m.user_id = ?`, g.Platform, g.GroupID, userID).Scan(&name)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return name, err
}

// GroupZone implements bot.Store.
func (db *DB) GroupZone(ctx context.Context, g bot.GroupRef) (string, error) {
	var tz string
	err := db.r.QueryRowContext(ctx, `SELECT tz FROM groups WHERE platform = ? AND ext_id = ?`, g.Platform, g.GroupID).Scan(&tz)
	if errors.Is(err, sql.ErrNoRows) {
		return "UTC", nil
	}
	return tz, err
}

const channelCols = `g.platform, g.ext_id, c.ext_id, c.sched_hour, c.sched_minute, c.sched_tz, c.sched_days, c.window_secs, c.domains`

func scanChannel(row interface{ Scan(...any) error }) (bot.Channel, error) {
	var ch bot.Channel
	var hour, minute, days sql.NullInt64
	var tz sql.NullString
	var window int64
	var domains string
	if err := row.Scan(&ch.Ref.Platform, &ch.Ref.GroupID, &ch.Ref.ChannelID, &hour, &minute, &tz, &days, &window, &domains); err != nil {
		return bot.Channel{}, err
	}
	if hour.Valid {
		ch.Schedule = &bot.Schedule{Hour: int(hour.Int64), Minute: int(minute.Int64), Zone: tz.String, Days: bot.Days(days.Int64)}
	}
	if domains != "" {
		ch.Domains = strings.Split(domains, ",")
	}
	ch.Window = time.Duration(window) * time.Second
	return ch, nil
}

// Channel implements bot.Store.
func (db *DB) Channel(ctx context.Context, ref bot.ChannelRef) (bot.Channel, error) {
	ch, err := scanChannel(db.r.QueryRowContext(ctx, `SELECT `+channelCols+` FROM channels c JOIN groups g ON g.id = c.group_id
		WHERE g.platform = ? AND g.ext_id = ? AND c.ext_id = ?`, ref.Platform, ref.GroupID, ref.ChannelID))
	if errors.Is(err, sql.ErrNoRows) {
		return bot.Channel{Ref: ref, Window: bot.DefaultWindow}, nil
	}
	if err != nil {
		return bot.Channel{}, fmt.Errorf("load channel: %w", err)
	}
	return ch, nil
}

// SetSchedule implements bot.Store. Setting a schedule also makes its zone the group's zone.
func (db *DB) SetSchedule(ctx context.Context, ref bot.ChannelRef, s *bot.Schedule) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		cid, err := db.channelID(ctx, tx, ref)
		if err != nil {
			return err
		}
		if s == nil {
			_, err = tx.ExecContext(ctx, `UPDATE channels SET sched_hour = NULL, sched_minute = NULL, sched_tz = NULL, sched_days = NULL WHERE id = ?`, cid)
			return err
		}
		if _, err = tx.ExecContext(ctx, `UPDATE channels SET sched_hour = ?, sched_minute = ?, sched_tz = ?, sched_days = ? WHERE id = ?`,
			s.Hour, s.Minute, s.Zone, int(s.Days), cid); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE groups SET tz = ? WHERE platform = ? AND ext_id = ?`, s.Zone, ref.Platform, ref.GroupID)
		db.mu.Lock()
		clear(db.gzones)
		db.mu.Unlock()
		return err
	})
}

// SetDomains implements bot.Store.
func (db *DB) SetDomains(ctx context.Context, ref bot.ChannelRef, domains []string) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		cid, err := db.channelID(ctx, tx, ref)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE channels SET domains = ? WHERE id = ?`, strings.Join(domains, ","), cid)
		return err
	})
}

// ScheduledChannels implements bot.Store.
func (db *DB) ScheduledChannels(ctx context.Context) ([]bot.Channel, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT `+channelCols+` FROM channels c JOIN groups g ON g.id = c.group_id
		WHERE c.sched_hour IS NOT NULL ORDER BY c.id`)
	if err != nil {
		return nil, fmt.Errorf("scheduled channels: %w", err)
	}
	defer rows.Close()
	var out []bot.Channel
	for rows.Next() {
		ch, err := scanChannel(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, ch)
	}
	return out, rows.Err()
}

// History implements bot.Store.
func (db *DB) History(ctx context.Context, ref bot.ChannelRef) (quiz.History, int, error) {
	h := quiz.History{DomainCounts: map[string]int{}, Seen: map[string]bool{}}
	cid, err := db.lookupChannel(ctx, ref)
	if err != nil || cid == 0 {
		return h, 0, err
	}
	rows, err := db.r.QueryContext(ctx, `SELECT question_id, domain, cycle FROM posts WHERE channel_id = ? ORDER BY id`, cid)
	if err != nil {
		return h, 0, fmt.Errorf("history: %w", err)
	}
	defer rows.Close()
	cycle := 0
	for rows.Next() {
		var q, d string
		var c int
		if err := rows.Scan(&q, &d, &c); err != nil {
			return h, 0, err
		}
		h.DomainCounts[d]++
		if c > cycle {
			cycle = c
			h.Seen = map[string]bool{}
		}
		h.Seen[q] = true
	}
	return h, cycle, rows.Err()
}

const postCols = `p.id, g.platform, g.ext_id, c.ext_id, p.slot, p.pack, p.question_id, p.domain, p.cycle, p.posted_at, p.closes_at, p.closed_at, p.message_id`
const postFrom = ` FROM posts p JOIN channels c ON c.id = p.channel_id JOIN groups g ON g.id = c.group_id `

func scanPost(row interface{ Scan(...any) error }) (bot.Post, error) {
	var p bot.Post
	var posted, closes int64
	var closed sql.NullInt64
	err := row.Scan(&p.ID, &p.Channel.Platform, &p.Channel.GroupID, &p.Channel.ChannelID, &p.Slot, &p.Pack, &p.QuestionID,
		&p.Domain, &p.Cycle, &posted, &closes, &closed, &p.MessageID)
	if errors.Is(err, sql.ErrNoRows) {
		return bot.Post{}, bot.Errorf(bot.ENOTFOUND, "no such question")
	}
	if err != nil {
		return bot.Post{}, err
	}
	p.PostedAt, p.ClosesAt, p.ClosedAt = fromMS(posted), fromMS(closes), fromMS(closed.Int64)
	return p, nil
}

// CreatePost implements bot.Store.
func (db *DB) CreatePost(ctx context.Context, p bot.Post) (bot.Post, *bot.Post, error) {
	var closed *bot.Post
	err := db.write(ctx, func(tx *sql.Tx) error {
		closed = nil
		cid, err := db.channelID(ctx, tx, p.Channel)
		if err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM posts WHERE channel_id = ? AND slot = ?`, cid, p.Slot).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return bot.Errorf(bot.ECONFLICT, "slot %s already posted", p.Slot)
		}
		open, err := scanPost(tx.QueryRowContext(ctx, `SELECT `+postCols+postFrom+` WHERE p.channel_id = ? AND p.closed_at IS NULL ORDER BY p.id DESC LIMIT 1`, cid))
		switch {
		case err == nil:
			if _, err := tx.ExecContext(ctx, `UPDATE posts SET closed_at = ? WHERE channel_id = ? AND closed_at IS NULL`, ms(p.PostedAt), cid); err != nil {
				return fmt.Errorf("close open post: %w", err)
			}
			open.ClosedAt = p.PostedAt
			closed = &open
		case bot.ErrorCode(err) != bot.ENOTFOUND:
			return fmt.Errorf("find open post: %w", err)
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO posts (channel_id, slot, pack, question_id, domain, cycle, posted_at, closes_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, cid, p.Slot, p.Pack, p.QuestionID, p.Domain, p.Cycle, ms(p.PostedAt), ms(p.ClosesAt))
		if isUnique(err) {
			return bot.Errorf(bot.ECONFLICT, "slot %s already posted", p.Slot)
		}
		if err != nil {
			return fmt.Errorf("insert post: %w", err)
		}
		p.ID, err = res.LastInsertId()
		return err
	})
	db.forgetPosts()
	if err != nil {
		return bot.Post{}, nil, err
	}
	return p, closed, nil
}

// postCacheTTL bounds how stale a cached post may be when another process changed it; changes made by
// this process drop the cached copy at once.
const postCacheTTL = time.Second

type cachedPost struct {
	post bot.Post
	at   time.Time
}

// Post implements bot.Store. A burst of clicks reads the same post again and again, so recent reads are
// kept for a moment.
func (db *DB) Post(ctx context.Context, id int64) (bot.Post, error) {
	now := time.Now()
	db.mu.RLock()
	c, ok := db.posts[id]
	db.mu.RUnlock()
	if ok && now.Sub(c.at) < postCacheTTL {
		return c.post, nil
	}
	p, err := scanPost(db.r.QueryRowContext(ctx, `SELECT `+postCols+postFrom+` WHERE p.id = ?`, id))
	if err != nil {
		return p, err
	}
	db.mu.Lock()
	if len(db.posts) > 1000 {
		clear(db.posts)
	}
	db.posts[id] = cachedPost{post: p, at: now}
	db.mu.Unlock()
	return p, nil
}

// forgetPosts drops cached posts after this process changed posts.
func (db *DB) forgetPosts() {
	db.mu.Lock()
	clear(db.posts)
	db.mu.Unlock()
}

// OpenPost implements bot.Store.
func (db *DB) OpenPost(ctx context.Context, ref bot.ChannelRef) (bot.Post, error) {
	cid, err := db.lookupChannel(ctx, ref)
	if err != nil {
		return bot.Post{}, err
	}
	return scanPost(db.r.QueryRowContext(ctx, `SELECT `+postCols+postFrom+` WHERE p.channel_id = ? AND p.closed_at IS NULL ORDER BY p.id DESC LIMIT 1`, cid))
}

// ExpiredPosts implements bot.Store.
func (db *DB) ExpiredPosts(ctx context.Context, now time.Time) ([]bot.Post, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT `+postCols+postFrom+` WHERE p.closed_at IS NULL AND p.closes_at <= ? ORDER BY p.id`, ms(now))
	if err != nil {
		return nil, fmt.Errorf("expired posts: %w", err)
	}
	defer rows.Close()
	var out []bot.Post
	for rows.Next() {
		p, err := scanPost(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// ClosePost implements bot.Store.
func (db *DB) ClosePost(ctx context.Context, id int64, at time.Time) (bool, error) {
	var closed bool
	err := db.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE posts SET closed_at = ? WHERE id = ? AND closed_at IS NULL`, ms(at), id)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		closed = n == 1
		return err
	})
	db.forgetPosts()
	return closed, err
}

// SetPostMessage implements bot.Store.
func (db *DB) SetPostMessage(ctx context.Context, id int64, messageID, deliveryError string) error {
	defer db.forgetPosts()
	return db.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE posts SET message_id = ?, delivery_error = ? WHERE id = ?`, messageID, deliveryError, id)
		return err
	})
}

// RecordAnswer implements bot.Store. The UNIQUE (post_id, user_id) key, not a read before the write,
// decides which of two simultaneous answers counts; the member's score buckets are updated in the same
// transaction.
func (db *DB) RecordAnswer(ctx context.Context, a bot.Answer) (bot.Answer, error) {
	gid, err := db.groupID(ctx, nil, a.Group)
	if err != nil {
		return bot.Answer{}, err
	}
	// A repeat click this process has seen is answered from memory, without queueing for the writer. The
	// UNIQUE key below still decides every race, and answers made by another process are found there.
	key := answerKey{a.PostID, a.UserID}
	db.mu.RLock()
	choice, seen := db.answered[key]
	db.mu.RUnlock()
	if seen {
		first := a
		first.Choice = choice
		return first, bot.Errorf(bot.ECONFLICT, "already answered")
	}
	loc, err := db.zoneOf(ctx, db.r, gid)
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
	db.mu.Lock()
	if len(db.answered) >= maxAnswered {
		clear(db.answered)
	}
	db.answered[key] = first.Choice
	db.mu.Unlock()
	if !inserted {
		return first, bot.Errorf(bot.ECONFLICT, "already answered")
	}
	return a, nil
}

// answerKey names one member's answer to one post; maxAnswered bounds the memory of recent answers.
type answerKey struct {
	post int64
	user string
}

const maxAnswered = 200_000

// manualSlots is a LIKE pattern for the slots of /study post questions, which streaks do not count
// (migration 002 spells the same prefix, as migrations must not change).
const manualSlots = bot.ManualSlotPrefix + "%"

// insertAnswer writes one answer with its member name and score buckets in tx; inserted is false when
// the member had already answered the post (the UNIQUE key decided).
func insertAnswer(ctx context.Context, tx *sql.Tx, r *answerReq) (inserted bool, streak int, err error) {
	a, gid := r.a, r.gid
	week, month := bot.PeriodKey(bot.PeriodWeek, a.AnsweredAt, r.loc), bot.PeriodKey(bot.PeriodMonth, a.AnsweredAt, r.loc)
	// The streak counts scheduled questions: it is what the member's answer to the channel's previous
	// scheduled post carries (0 if none), plus one if this post is scheduled too. A /study post question
	// (slot bot.ManualSlotPrefix…) carries the streak unchanged. The previous scheduled post is found by
	// walking the channel's posts back from this one (max() with the slot filter would read them all); a
	// single-row VALUES insert, as INSERT … SELECT … RETURNING took twice as long per answer.
	err = tx.QueryRowContext(ctx, `INSERT INTO answers (post_id, group_id, user_id, choice, correct, points, domain, question_id, answered_at, week, month, streak)
		VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, iif((SELECT slot FROM posts WHERE id = ?1) LIKE ?12, 0, 1) + coalesce((SELECT prev.streak FROM answers prev
			WHERE prev.user_id = ?3 AND prev.post_id = (SELECT q.id FROM posts q
				WHERE q.channel_id = (SELECT channel_id FROM posts WHERE id = ?1) AND q.id < ?1 AND q.slot NOT LIKE ?12 ORDER BY q.id DESC LIMIT 1)), 0))
		ON CONFLICT (post_id, user_id) DO NOTHING RETURNING streak`,
		a.PostID, gid, a.UserID, a.Choice, a.Correct, a.Points, a.Domain, a.QuestionID, ms(a.AnsweredAt), week, month, manualSlots).Scan(&streak)
	if errors.Is(err, sql.ErrNoRows) {
		return false, 0, nil
	}
	if err != nil {
		return false, 0, fmt.Errorf("insert answer: %w", err)
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
	args := make([]any, 0, 36)
	for _, period := range []string{"all", week, month} {
		for _, domain := range []string{a.Domain, allDomains} {
			args = append(args, gid, period, domain, a.UserID, a.Points, correct)
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO scores (group_id, period, domain, user_id, points, answered, correct)
		VALUES (?, ?, ?, ?, ?, 1, ?), (?, ?, ?, ?, ?, 1, ?), (?, ?, ?, ?, ?, 1, ?), (?, ?, ?, ?, ?, 1, ?), (?, ?, ?, ?, ?, 1, ?), (?, ?, ?, ?, ?, 1, ?)
		ON CONFLICT (group_id, period, domain, user_id) DO UPDATE SET
		points = points + excluded.points, answered = answered + 1, correct = correct + excluded.correct`, args...); err != nil {
		return false, 0, fmt.Errorf("update scores: %w", err)
	}
	return true, streak, nil
}

// firstAnswer loads the answer already stored for a's post and member (sql.ErrNoRows if none).
func (db *DB) firstAnswer(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}, a bot.Answer) (bot.Answer, error) {
	first := a
	var at int64
	err := q.QueryRowContext(ctx, `SELECT choice, correct, points, answered_at FROM answers WHERE post_id = ? AND user_id = ?`,
		a.PostID, a.UserID).Scan(&first.Choice, &first.Correct, &first.Points, &at)
	first.AnsweredAt = fromMS(at)
	return first, err
}

// zoneOf returns the time zone of a group, for its leaderboard periods.
func (db *DB) zoneOf(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}, gid int64) (*time.Location, error) {
	db.mu.RLock()
	loc := db.gzones[gid]
	db.mu.RUnlock()
	if loc != nil {
		return loc, nil
	}
	loc, err := db.loadZone(ctx, q, gid)
	if err != nil {
		return nil, err
	}
	db.mu.Lock()
	db.gzones[gid] = loc
	db.mu.Unlock()
	return loc, nil
}

func (db *DB) loadZone(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}, gid int64) (*time.Location, error) {
	var tz string
	if err := q.QueryRowContext(ctx, `SELECT tz FROM groups WHERE id = ?`, gid).Scan(&tz); err != nil {
		return nil, fmt.Errorf("group zone: %w", err)
	}
	db.mu.RLock()
	loc := db.zones[tz]
	db.mu.RUnlock()
	if loc != nil {
		return loc, nil
	}
	loc, err := bot.LoadZone(tz)
	if err != nil {
		loc = time.UTC
	}
	db.mu.Lock()
	db.zones[tz] = loc
	db.mu.Unlock()
	return loc, nil
}

// AnswerCounts implements bot.Store.
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

// Streak implements bot.Store: the streak stored with the member's answer to the channel's newest
// scheduled post, or, while that post is open and unanswered, with their answer to the scheduled post
// before it.
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

// Leaderboard implements bot.Store. It reads the score buckets, a few rows per member.
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
	// are joined to their names; ties share a rank (1, 1, 3).
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

// MemberStats implements bot.Store.
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

// ResetScores implements bot.Store: it zeroes the points of the group's answers since the given time and
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

// CreatePractice implements bot.Store.
func (db *DB) CreatePractice(ctx context.Context, p bot.Practice) (int64, error) {
	var id int64
	err := db.write(ctx, func(tx *sql.Tx) error {
		gid, err := db.groupID(ctx, tx, p.Group)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO practice (group_id, user_id, question_id, domain, created_at) VALUES (?, ?, ?, ?, ?)`,
			gid, p.UserID, p.QuestionID, p.Domain, ms(p.CreatedAt))
		if err != nil {
			return err
		}
		id, err = res.LastInsertId()
		return err
	})
	return id, err
}

// Practice implements bot.Store.
func (db *DB) Practice(ctx context.Context, id int64) (bot.Practice, error) {
	var p bot.Practice
	var created int64
	var answered sql.NullInt64
	err := db.r.QueryRowContext(ctx, `SELECT p.id, g.platform, g.ext_id, p.user_id, p.question_id, p.domain, p.created_at, p.answered_at
		FROM practice p JOIN groups g ON g.id = p.group_id WHERE p.id = ?`, id).Scan(&p.ID, &p.Group.Platform, &p.Group.GroupID,
		&p.UserID, &p.QuestionID, &p.Domain, &created, &answered)
	if errors.Is(err, sql.ErrNoRows) {
		return p, bot.Errorf(bot.ENOTFOUND, "no such practice question")
	}
	p.CreatedAt, p.Answered = fromMS(created), answered.Valid
	return p, err
}

// AnswerPractice implements bot.Store.
func (db *DB) AnswerPractice(ctx context.Context, id int64, choice int, correct bool, at time.Time) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE practice SET choice = ?, correct = ?, answered_at = ? WHERE id = ? AND answered_at IS NULL`,
			choice, correct, ms(at), id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return bot.Errorf(bot.ECONFLICT, "already answered")
		}
		return nil
	})
}

// Attempts implements bot.Store.
func (db *DB) Attempts(ctx context.Context, g bot.GroupRef, userID string) (map[string]bot.Attempt, error) {
	out := map[string]bot.Attempt{}
	gid, err := db.lookupGroup(ctx, g)
	if err != nil || gid == 0 {
		return out, err
	}
	rows, err := db.r.QueryContext(ctx, `SELECT question_id, correct, answered_at FROM answers WHERE group_id = ? AND user_id = ?
		UNION ALL SELECT question_id, correct, answered_at FROM practice WHERE group_id = ? AND user_id = ? AND answered_at IS NOT NULL`,
		gid, userID, gid, userID)
	if err != nil {
		return nil, fmt.Errorf("attempts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var q string
		var correct bool
		var at int64
		if err := rows.Scan(&q, &correct, &at); err != nil {
			return nil, err
		}
		if prev, ok := out[q]; !ok || fromMS(at).After(prev.At) {
			out[q] = bot.Attempt{Correct: correct, At: fromMS(at)}
		}
	}
	return out, rows.Err()
}

// AddMod implements bot.Store.
func (db *DB) AddMod(ctx context.Context, g bot.GroupRef, m bot.Mod) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		gid, err := db.groupID(ctx, tx, g)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO mods (group_id, kind, subject) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`, gid, m.Kind, m.ID)
		return err
	})
}

// RemoveMod implements bot.Store.
func (db *DB) RemoveMod(ctx context.Context, g bot.GroupRef, m bot.Mod) (bool, error) {
	var removed bool
	err := db.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM mods WHERE kind = ? AND subject = ?
			AND group_id = (SELECT id FROM groups WHERE platform = ? AND ext_id = ?)`, m.Kind, m.ID, g.Platform, g.GroupID)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		removed = n > 0
		return err
	})
	return removed, err
}

// Mods implements bot.Store.
func (db *DB) Mods(ctx context.Context, g bot.GroupRef) ([]bot.Mod, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT m.kind, m.subject FROM mods m JOIN groups g ON g.id = m.group_id
		WHERE g.platform = ? AND g.ext_id = ? ORDER BY m.kind, m.subject`, g.Platform, g.GroupID)
	if err != nil {
		return nil, fmt.Errorf("mods: %w", err)
	}
	defer rows.Close()
	var out []bot.Mod
	for rows.Next() {
		var m bot.Mod
		if err := rows.Scan(&m.Kind, &m.ID); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// CreateConfirmation implements bot.Store.
func (db *DB) CreateConfirmation(ctx context.Context, c bot.Confirmation) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		gid, err := db.groupID(ctx, tx, c.Group)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO confirmations (id, group_id, user_id, action, expires_at) VALUES (?, ?, ?, ?, ?)`,
			c.ID, gid, c.UserID, c.Action, ms(c.ExpiresAt))
		return err
	})
}

// TakeConfirmation implements bot.Store.
func (db *DB) TakeConfirmation(ctx context.Context, id string, now time.Time) (bot.Confirmation, error) {
	var c bot.Confirmation
	err := db.write(ctx, func(tx *sql.Tx) error {
		var exp int64
		err := tx.QueryRowContext(ctx, `SELECT c.id, g.platform, g.ext_id, c.user_id, c.action, c.expires_at FROM confirmations c
			JOIN groups g ON g.id = c.group_id WHERE c.id = ?`, id).Scan(&c.ID, &c.Group.Platform, &c.Group.GroupID, &c.UserID, &c.Action, &exp)
		if errors.Is(err, sql.ErrNoRows) {
			return bot.Errorf(bot.ENOTFOUND, "no such confirmation")
		}
		if err != nil {
			return err
		}
		c.ExpiresAt = fromMS(exp)
		if _, err := tx.ExecContext(ctx, `DELETE FROM confirmations WHERE id = ? OR expires_at < ?`, id, ms(now)); err != nil {
			return err
		}
		if !now.Before(c.ExpiresAt) {
			return bot.Errorf(bot.ENOTFOUND, "confirmation expired")
		}
		return nil
	})
	return c, err
}
