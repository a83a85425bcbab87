package bot

import (
	"context"
	"time"
)

// Outbox is the store side of posting. A message is a row before it is a message (CreatePost and ClosePost
// queue them in their transactions) and moves due → sending → delivered or failed. A channel's messages
// go out in order, one at a time; different channels proceed at once.
type Outbox interface {
	// ClaimDeliveries claims up to max due deliveries for owner for lease: only the oldest undelivered
	// message of each channel (of one channel when only is set), and one whose claim lapsed (its process
	// died) as MaybeSent. Messages whose day is over are marked failed instead. now decides what is due and
	// whose day is over; the lease is kept on the store's own clock, which all its processes share (on one
	// host, the host's, that is now; a database shared by several hosts uses its own), so that a process
	// whose clock runs ahead cannot take over another's live claim.
	ClaimDeliveries(ctx context.Context, owner string, now time.Time, lease time.Duration, max int, only *ChannelRef) ([]Delivery, error)
	// FinishDelivery records an attempt's outcome; an ECONFLICT error means owner no longer held the claim.
	FinishDelivery(ctx context.Context, r DeliveryResult) error
	// Deliveries returns where each message of a post stands.
	Deliveries(ctx context.Context, postID int64) ([]DeliveryState, error)
	// NextDeliveryAt returns when the earliest undelivered message is due, or its claim lapses (zero: none).
	NextDeliveryAt(ctx context.Context) (time.Time, error)
	// TakeNotice returns, once, why the bot could not post in a channel ("" if nothing is owed).
	TakeNotice(ctx context.Context, ch ChannelRef) (string, error)
	// RetryNow makes a channel's messages that wait for a retry due at now.
	RetryNow(ctx context.Context, ch ChannelRef, now time.Time) error
}
