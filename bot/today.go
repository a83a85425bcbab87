package bot

import (
	"context"
	"fmt"
)

func (b *Bot) cmdToday(ctx context.Context, cmd Command, _ Input) (Reply, error) {
	p, err := b.posts.OpenPost(ctx, cmd.Channel)
	if ErrorCode(err) == ENOTFOUND || (err == nil && !p.Open(b.clock.Now())) {
		return Reply{Private: true, Text: "There is no open question in this channel right now. Try /study practice for one of your own."}, nil
	}
	if err != nil {
		return Reply{}, fmt.Errorf("open post: %w", err)
	}
	r, err := b.cardReply(ctx, p, false)
	if err != nil {
		return Reply{}, err
	}
	r.Private = true
	return r, nil
}
