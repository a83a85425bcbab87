package bot

import (
	"context"
	"fmt"
	"strconv"
	"time"
)

// cmdPost closes the open question and posts a new one now, delivering this channel's messages before it
// answers, so the moderator hears how it went.
func (b *Bot) cmdPost(ctx context.Context, cmd Command, _ Input) (Reply, error) {
	now := b.clock.Now()
	p, closed, err := b.publish(ctx, cmd.Channel, ManualSlotPrefix+strconv.FormatInt(now.UnixNano(), 10)+"-"+newID()[:4])
	if err != nil {
		return Reply{}, err
	}
	// A moderator acting here is a good moment to retry what waits in this channel.
	if err := b.outbox.RetryNow(ctx, cmd.Channel, now); err != nil {
		return Reply{}, fmt.Errorf("retry now: %w", err)
	}
	// Deliver this channel's messages now: the reveal of the question this one closes, then the new card.
	// The background sender (or another process) may hold one of them; then wait a moment and go on, until
	// the card is sent, failed, or waits for a retry (its own, or the reveal's before it).
	var card DeliveryState
	for polls := 0; ; polls++ {
		if err := b.deliverChannel(ctx, cmd.Channel); err != nil {
			return Reply{}, fmt.Errorf("deliver: %w", err)
		}
		if card, err = b.cardState(ctx, p.ID); err != nil {
			return Reply{}, err
		}
		waiting := card.Status == "due" && card.Attempts > 0
		if closed != nil && card.Status == "due" {
			before, err := b.outbox.Deliveries(ctx, closed.ID)
			if err != nil {
				return Reply{}, fmt.Errorf("deliveries: %w", err)
			}
			for _, d := range before {
				waiting = waiting || (d.Status == "due" && d.Attempts > 0)
			}
		}
		if card.Status == "delivered" || card.Status == "failed" || waiting || polls == cardWaitPolls {
			break
		}
		select {
		case <-ctx.Done():
			return Reply{}, ctx.Err()
		case <-time.After(cardWaitPoll):
		}
	}
	platform := b.platform(cmd.Channel.Platform).Name
	switch card.Status {
	case "delivered":
		return Reply{Private: true, Text: "Posted a new question."}, nil
	case "failed":
		why, _ := b.outbox.TakeNotice(ctx, cmd.Channel) // told now, not again at the next command
		if why == "" {
			why = "(" + card.Error + ")"
		}
		return Reply{Private: true, Text: fmt.Sprintf("Recorded a new question, but %s did not accept the message, so it is not in the channel. %s Members can still answer it with /study today.", platform, why)}, nil
	case "sending":
		return Reply{Private: true, Text: "Recorded a new question; it is being posted now."}, nil
	}
	return Reply{Private: true, Text: fmt.Sprintf("Recorded a new question, but %s did not take the message yet; I will keep trying until the end of the day. Members can answer it now with /study today.", platform)}, nil
}

// How long /study post waits for a card another sender is posting: at most 3 s, looking every 50 ms.
const (
	cardWaitPoll  = 50 * time.Millisecond
	cardWaitPolls = 60
)

// cardState returns where a post's card stands.
func (b *Bot) cardState(ctx context.Context, postID int64) (DeliveryState, error) {
	ds, err := b.outbox.Deliveries(ctx, postID)
	if err != nil {
		return DeliveryState{}, fmt.Errorf("deliveries: %w", err)
	}
	for _, d := range ds {
		if d.Kind == DeliverCard {
			return d, nil
		}
	}
	return DeliveryState{}, fmt.Errorf("post %d has no card", postID)
}
