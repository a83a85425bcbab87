package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/data/internal/encode"
	"github.com/studybot/studybot/data/internal/sqlq"
)

// CreatePost implements bot.Posts. The UNIQUE (channel_id, slot) key, not a read before the write, makes
// a slot's post happen once; the messages the change owes the channel are queued in the same transaction.
func (db *DB) CreatePost(ctx context.Context, p bot.Post, deliverBy time.Time) (bot.Post, *bot.Post, error) {
	var closed *bot.Post
	err := db.write(ctx, func(tx *sql.Tx) error {
		closed = nil
		cid, err := db.channelID(ctx, tx, p.Channel)
		if err != nil {
			return err
		}
		open, err := sqlq.OpenPost(ctx, conn{tx}, cid)
		switch {
		case err == nil:
			if _, err := tx.ExecContext(ctx, `UPDATE posts SET closed_at = ? WHERE channel_id = ? AND closed_at IS NULL`, encode.MS(p.PostedAt), cid); err != nil {
				return fmt.Errorf("close open post: %w", err)
			}
			open.ClosedAt = p.PostedAt
			closed = &open
			if err := enqueue(ctx, tx, cid, open.ID, []string{bot.DeliverReveal, bot.DeliverClose}, p.PostedAt, deliverBy); err != nil {
				return err
			}
		case bot.ErrorCode(err) != bot.ENOTFOUND:
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO posts (channel_id, slot, pack, pack_version, question_id, domain, cycle, posted_at, closes_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, cid, p.Slot, p.Pack, p.PackVersion, p.QuestionID, p.Domain, p.Cycle, encode.MS(p.PostedAt), encode.MS(p.ClosesAt))
		if isUnique(err) {
			return bot.Errorf(bot.ECONFLICT, "slot %s already posted", p.Slot)
		}
		if err != nil {
			return fmt.Errorf("insert post: %w", err)
		}
		if p.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		return enqueue(ctx, tx, cid, p.ID, []string{bot.DeliverCard}, p.PostedAt, deliverBy)
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

// Post implements bot.Posts. A burst of clicks reads the same post again and again, so recent reads are
// kept for a moment.
func (db *DB) Post(ctx context.Context, id int64) (bot.Post, error) {
	now := time.Now()
	db.mu.RLock()
	c, ok := db.posts[id]
	db.mu.RUnlock()
	if ok && now.Sub(c.at) < postCacheTTL {
		return c.post, nil
	}
	p, err := sqlq.Post(ctx, db.reader(), id)
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

// ClosePost implements bot.Posts.
func (db *DB) ClosePost(ctx context.Context, id int64, at, deliverBy time.Time) (bool, error) {
	var closed bool
	err := db.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, sqlq.ClosePost.SQLite, encode.MS(at), id)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		if closed = n == 1; !closed || err != nil {
			return err
		}
		var cid int64
		if err := tx.QueryRowContext(ctx, sqlq.PostChannel.SQLite, id).Scan(&cid); err != nil {
			return err
		}
		return enqueue(ctx, tx, cid, id, []string{bot.DeliverReveal, bot.DeliverClose}, at, deliverBy)
	})
	db.forgetPosts()
	return closed, err
}
