package bot

import (
	"context"
	"time"

	"github.com/studybot/studybot/quiz"
)

// Posts keeps the daily questions posted to channels. Creating and closing a post queue, in the same
// transaction, the messages it owes its channel (see Outbox).
type Posts interface {
	// History returns what a channel has been posted, for choosing the next question, and its current cycle.
	History(ctx context.Context, ch ChannelRef) (quiz.History, int, error)
	// CreatePost closes the channel's open post, if any, and inserts the new one, in one transaction that
	// also queues the closed post's reveal and card edit and the new post's card, each to be delivered by
	// deliverBy. A slot the channel already has is an ECONFLICT error and changes nothing.
	CreatePost(ctx context.Context, p Post, deliverBy time.Time) (created Post, closed *Post, err error)
	// Post returns one post by id (ENOTFOUND if there is none).
	Post(ctx context.Context, id int64) (Post, error)
	// OpenPost returns the channel's open post (ENOTFOUND if there is none).
	OpenPost(ctx context.Context, ch ChannelRef) (Post, error)
	// ExpiredPosts lists open posts whose window ended at or before now.
	ExpiredPosts(ctx context.Context, now time.Time) ([]Post, error)
	// ClosePost closes a post and queues its reveal and card edit, and reports whether this call closed it
	// (false if it was already closed).
	ClosePost(ctx context.Context, id int64, at, deliverBy time.Time) (bool, error)
}
