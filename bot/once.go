package bot

import (
	"context"
	"fmt"
	"time"
)

// FirstTime reports whether key is seen for the first time in ttl, in any process on this database.
func (b *Bot) FirstTime(ctx context.Context, key string, ttl time.Duration) (bool, error) {
	now := b.clock.Now()
	first, err := b.onces.FirstTime(ctx, key, now, now.Add(ttl))
	if err != nil {
		return true, fmt.Errorf("first time %s: %w", key, err)
	}
	return first, nil
}

// ReplayWindow is how long a request's id (Command.Request) is remembered: twice the 5 minutes by which
// Discord and Slack let a signature's timestamp differ from now, either way, so that a request first seen
// at the earliest moment its signature passes is still remembered at the last.
const ReplayWindow = 10 * time.Minute

// firstRequest refuses a request whose id was seen before within ReplayWindow, in any process on this
// database: a signed request replayed while its signature is fresh runs once. The store's key decides,
// so two replicas given the same request at once run it once between them. A request that cannot be
// checked is refused as well: the member's retry is a new request, with a new id.
func (b *Bot) firstRequest(ctx context.Context, cmd Command) error {
	first, err := b.FirstTime(ctx, "request:"+cmd.Channel.Platform+":"+cmd.Request, ReplayWindow)
	if err != nil {
		return err
	}
	if !first {
		b.log.WarnContext(ctx, "request replayed; ignored", "platform", cmd.Channel.Platform, "group", cmd.Channel.GroupID,
			"channel", cmd.Channel.ChannelID, "command", cmd.Name)
		return Errorf(EREPLAYED, "This request was already handled.")
	}
	return nil
}
