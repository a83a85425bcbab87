package postgres

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/data/internal/encode"
	"github.com/studybot/studybot/data/internal/sqlq"
)

// CreatePost implements bot.Posts. The channel's row is locked first, so a replica posting to the same
// channel at the same moment waits and then sees this post; the UNIQUE (channel_id, slot) key, not the
// read of the slot below, is what makes a slot's post happen once, and posts_one_open keeps one question
// open per channel. The messages the change owes the channel are queued in the same transaction.
func (db *DB) CreatePost(ctx context.Context, p bot.Post, deliverBy time.Time) (bot.Post, *bot.Post, error) {
	// Every replica's scheduler records the same slots at the same minute; those who come second learn it
	// here, without waiting for the channel's lock.
	if cid, err := db.lookupChannel(ctx, p.Channel); err == nil && cid != 0 {
		var taken bool
		if err := db.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM posts WHERE channel_id = $1 AND slot = $2)`, cid, p.Slot).Scan(&taken); err == nil && taken {
			return bot.Post{}, nil, bot.Errorf(bot.ECONFLICT, "slot %s already posted", p.Slot)
		}
	}
	var closed *bot.Post
	err := db.tx(ctx, func(tx pgx.Tx) error {
		closed = nil
		cid, err := db.lockChannel(ctx, tx, p.Channel)
		if err != nil {
			return err
		}
		// Under the lock, a slot another replica took is seen here, without an error that would abort
		// the transaction; the constraint still decides any case this misses.
		var taken bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM posts WHERE channel_id = $1 AND slot = $2)`, cid, p.Slot).Scan(&taken); err != nil {
			return fmt.Errorf("check slot: %w", err)
		}
		if taken {
			return bot.Errorf(bot.ECONFLICT, "slot %s already posted", p.Slot)
		}
		open, err := sqlq.ScanPost(row{tx.QueryRow(ctx, `UPDATE posts p SET closed_at = $2 FROM channels c JOIN groups g ON g.id = c.group_id
			WHERE p.channel_id = $1 AND p.closed_at IS NULL AND c.id = p.channel_id
			RETURNING `+sqlq.PostCols, cid, encode.MS(p.PostedAt))})
		switch {
		case err == nil:
			closed = &open
			if err := enqueue(ctx, tx, cid, open.ID, []string{bot.DeliverReveal, bot.DeliverClose}, p.PostedAt, deliverBy); err != nil {
				return err
			}
		case bot.ErrorCode(err) != bot.ENOTFOUND:
			return fmt.Errorf("close open post: %w", err)
		}
		err = tx.QueryRow(ctx, `INSERT INTO posts (channel_id, slot, pack, pack_version, question_id, domain, cycle, posted_at, closes_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`, cid, p.Slot, p.Pack, p.PackVersion, p.QuestionID, p.Domain, p.Cycle,
			encode.MS(p.PostedAt), encode.MS(p.ClosesAt)).Scan(&p.ID)
		if isUnique(err) {
			return bot.Errorf(bot.ECONFLICT, "slot %s already posted", p.Slot)
		}
		if err != nil {
			return fmt.Errorf("insert post: %w", err)
		}
		return enqueue(ctx, tx, cid, p.ID, []string{bot.DeliverCard}, p.PostedAt, deliverBy)
	})
	if err != nil {
		return bot.Post{}, nil, err
	}
	if closed != nil {
		db.forgetPost(closed.ID)
	}
	return p, closed, nil
}

// forgetPost drops a post this replica closed or delivered from its cache, so that this replica sees the
// change at once.
func (db *DB) forgetPost(id int64) {
	db.mu.Lock()
	db.postWrites.Add(1)
	delete(db.posts, id)
	db.mu.Unlock()
}

// Post implements bot.Posts. A burst of clicks reads one post again and again, so posts are remembered
// for a while, but only once their card is out and while they are open: every other field is then final
// (a card's message id does not change once set), and the one that may still change under this replica,
// the close, is checked where it matters. An answer's statement takes no answer for a closed post (see
// RecordAnswer), and the outbox reads a post's message id (set) and, for a card, whether it closed (a card
// with a message id is only ever sent again with its nonce). A post not yet delivered or already closed is
// read from the database every time.
func (db *DB) Post(ctx context.Context, id int64) (bot.Post, error) {
	now := time.Now()
	db.mu.RLock()
	c, ok := db.posts[id]
	db.mu.RUnlock()
	if ok && now.Sub(c.at) < postCacheTTL {
		return c.post, nil
	}
	// Callers share a read only with those that came after the same write of a post here (postWrites), so
	// that a reader still sees what this replica wrote before it asked; and a read that a write overtook
	// is not cached.
	gen := db.postWrites.Load()
	key := "post:" + strconv.FormatInt(id, 10) + ":" + strconv.FormatUint(gen, 10)
	p, err := shared(ctx, &db.loads, key, func(ctx context.Context) (bot.Post, error) {
		p, err := sqlq.Post(ctx, db.conn(), id)
		if err != nil {
			return p, err
		}
		if p.ClosedAt.IsZero() && p.MessageID != "" {
			db.mu.Lock()
			defer db.mu.Unlock()
			if db.postWrites.Load() != gen {
				return p, nil
			}
			if len(db.posts) >= maxCachedPosts {
				clear(db.posts)
			}
			db.posts[id] = cachedPost{post: p, at: now}
		}
		return p, nil
	})
	if err != nil && bot.ErrorCode(err) != bot.ENOTFOUND {
		err = fmt.Errorf("load post %d: %w", id, err)
	}
	return p, err
}

// postCacheTTL bounds how long a post is remembered; maxCachedPosts how many.
const (
	postCacheTTL   = 10 * time.Second
	maxCachedPosts = 4096
)

type cachedPost struct {
	post bot.Post
	at   time.Time
}

// ClosePost implements bot.Posts. The update of a still-open post decides which of several replicas
// closing it at once closes it, and only that one queues the reveal.
func (db *DB) ClosePost(ctx context.Context, id int64, at, deliverBy time.Time) (bool, error) {
	var closed bool
	err := db.tx(ctx, func(tx pgx.Tx) error {
		var cid int64
		err := tx.QueryRow(ctx, sqlq.PostChannel.Postgres, id).Scan(&cid)
		if errors.Is(err, pgx.ErrNoRows) {
			closed = false
			return nil
		}
		if err != nil {
			return fmt.Errorf("close post %d: %w", id, err)
		}
		if _, err := tx.Exec(ctx, `SELECT 1 FROM channels WHERE id = $1 FOR UPDATE`, cid); err != nil {
			return fmt.Errorf("lock channel: %w", err)
		}
		tag, err := tx.Exec(ctx, sqlq.ClosePost.Postgres, encode.MS(at), id)
		if err != nil {
			return fmt.Errorf("close post %d: %w", id, err)
		}
		if closed = tag.RowsAffected() == 1; !closed {
			return nil
		}
		return enqueue(ctx, tx, cid, id, []string{bot.DeliverReveal, bot.DeliverClose}, at, deliverBy)
	})
	if closed {
		db.forgetPost(id)
	}
	return closed, err
}
