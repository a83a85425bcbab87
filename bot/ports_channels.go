package bot

import "context"

// Channels keeps each channel's settings: its schedule and the domains it draws from.
type Channels interface {
	// Channel returns a channel's settings; a channel never seen has the zero Channel with its Ref set.
	Channel(ctx context.Context, ch ChannelRef) (Channel, error)
	// SetSchedule sets or (with nil) clears a channel's schedule. Setting one makes its zone the group's.
	SetSchedule(ctx context.Context, ch ChannelRef, s *Schedule) error
	// SetDomains limits the domains a channel draws from; an empty list means all.
	SetDomains(ctx context.Context, ch ChannelRef, domains []string) error
	// ScheduledChannels lists every channel with a schedule.
	ScheduledChannels(ctx context.Context) ([]Channel, error)
	// GroupZone returns the time zone of the group's schedule, "UTC" if it has none.
	GroupZone(ctx context.Context, g GroupRef) (string, error)
}
