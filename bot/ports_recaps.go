package bot

import (
	"context"
	"time"
)

// Recaps queues the weekly recap in the outbox.
type Recaps interface {
	// QueueRecap queues a recap for a channel with its payload (see Recap for its form), to be delivered by
	// deliverBy. It reports false, and changes nothing, when the channel already has a recap with that
	// payload: the store's unique (channel, payload) key makes a week's recap once per channel, whichever
	// process or tick queues it first.
	QueueRecap(ctx context.Context, ch ChannelRef, payload string, now, deliverBy time.Time) (bool, error)
	// RecapState returns where a channel's recap with that payload stands (ENOTFOUND if none was queued).
	RecapState(ctx context.Context, ch ChannelRef, payload string) (DeliveryState, error)
}
