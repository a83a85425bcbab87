package bot

import (
	"context"
	"fmt"
)

func (b *Bot) cmdUnschedule(ctx context.Context, cmd Command, _ Input) (Reply, error) {
	ch, err := b.channels.Channel(ctx, cmd.Channel)
	if err != nil {
		return Reply{}, fmt.Errorf("channel: %w", err)
	}
	if ch.Schedule == nil {
		return Reply{Private: true, Text: "This channel has no schedule."}, nil
	}
	if err := b.channels.SetSchedule(ctx, cmd.Channel, nil); err != nil {
		return Reply{}, fmt.Errorf("clear schedule: %w", err)
	}
	return Reply{Private: true, Text: "Daily posts stopped in this channel. Scores stay."}, nil
}
