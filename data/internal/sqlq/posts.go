package sqlq

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/data/internal/encode"
	"github.com/studybot/studybot/quiz"
)

// PostCols are the columns ScanPost reads, of posts p, channels c and groups g.
const PostCols = `p.id, g.platform, g.ext_id, c.ext_id, p.slot, p.pack, p.question_id, p.domain, p.cycle, p.posted_at, p.closes_at, p.closed_at, p.message_id, p.pack_version`

const postFrom = ` FROM posts p JOIN channels c ON c.id = p.channel_id JOIN groups g ON g.id = c.group_id `

var (
	history = New(`SELECT question_id, domain, cycle FROM posts WHERE channel_id = ? ORDER BY id`)
	// PostByID reads one post with its channel and group (PostgreSQL warms it on each connection).
	PostByID     = New(`SELECT ` + PostCols + postFrom + ` WHERE p.id = ?`)
	openPost     = New(`SELECT ` + PostCols + postFrom + ` WHERE p.channel_id = ? AND p.closed_at IS NULL ORDER BY p.id DESC LIMIT 1`)
	expiredPosts = New(`SELECT ` + PostCols + postFrom + ` WHERE p.closed_at IS NULL AND p.closes_at <= ? ORDER BY p.id`)
)

// History implements bot.Posts.History in the channel of row id cid. The rule of cycles is the store's
// to keep: a post of a higher cycle than those before it starts the seen set again (the rotation went
// through every question), while the domain counts run on across cycles.
func History(ctx context.Context, q Querier, cid int64) (quiz.History, int, error) {
	h := quiz.History{DomainCounts: map[string]int{}, Seen: map[string]bool{}}
	rows, err := q.Query(ctx, history, cid)
	if err != nil {
		return h, 0, fmt.Errorf("history: %w", err)
	}
	defer rows.Close()
	cycle := 0
	for rows.Next() {
		var q, d string
		var c int64
		if err := rows.Scan(&q, &d, &c); err != nil {
			return h, 0, fmt.Errorf("history: %w", err)
		}
		h.DomainCounts[d]++
		if int(c) > cycle {
			cycle = int(c)
			h.Seen = map[string]bool{}
		}
		h.Seen[q] = true
	}
	if err := rows.Err(); err != nil {
		return h, 0, fmt.Errorf("history: %w", err)
	}
	return h, cycle, nil
}

// ScanPost reads a row of PostCols; no row is ENOTFOUND.
func ScanPost(row interface{ Scan(...any) error }) (bot.Post, error) {
	var p bot.Post
	var posted, closes int64
	var closed *int64
	err := row.Scan(&p.ID, &p.Channel.Platform, &p.Channel.GroupID, &p.Channel.ChannelID, &p.Slot, &p.Pack, &p.QuestionID,
		&p.Domain, &p.Cycle, &posted, &closes, &closed, &p.MessageID, &p.PackVersion)
	if errors.Is(err, ErrNoRows) {
		return bot.Post{}, bot.Errorf(bot.ENOTFOUND, "no such question")
	}
	if err != nil {
		return bot.Post{}, err
	}
	p.PostedAt, p.ClosesAt, p.ClosedAt = encode.Time(posted), encode.Time(closes), encode.NullTime(closed)
	return p, nil
}

// Post reads one post by id; none is ENOTFOUND.
func Post(ctx context.Context, q Querier, id int64) (bot.Post, error) {
	return ScanPost(q.QueryRow(ctx, PostByID, id))
}

// OpenPost implements bot.Posts.OpenPost in the channel of row id cid: its newest open post, or
// ENOTFOUND.
func OpenPost(ctx context.Context, q Querier, cid int64) (bot.Post, error) {
	p, err := ScanPost(q.QueryRow(ctx, openPost, cid))
	if err != nil && bot.ErrorCode(err) != bot.ENOTFOUND {
		return p, fmt.Errorf("open post: %w", err)
	}
	return p, err
}

// ExpiredPosts implements bot.Posts.ExpiredPosts: the open posts whose time is up, oldest first.
func ExpiredPosts(ctx context.Context, q Querier, now time.Time) ([]bot.Post, error) {
	rows, err := q.Query(ctx, expiredPosts, encode.MS(now))
	out, err := collect(rows, err, func(r Rows) (bot.Post, error) { return ScanPost(r) })
	if err != nil {
		return nil, fmt.Errorf("expired posts: %w", err)
	}
	return out, nil
}

// Statements of closing a post, which each store runs in its own transaction (PostgreSQL locks the
// channel first).
var (
	// PostChannel is a post's channel row id.
	PostChannel = New(`SELECT channel_id FROM posts WHERE id = ?`)
	// ClosePost closes a post if it is still open.
	ClosePost = New(`UPDATE posts SET closed_at = ? WHERE id = ? AND closed_at IS NULL`)
)
