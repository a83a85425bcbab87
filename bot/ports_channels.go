package bot

import (
	"context"
	"time"
)

// Channels keeps each channel's settings: its schedule and the domains it draws from.
type Channels interface {
	// Channel returns a channel's settings; a channel never seen has the zero Channel with its Ref set.
	Channel(ctx context.Context, ch ChannelRef) (Channel, error)
	// SetSchedule sets or (with nil) clears a channel's schedule. Setting one makes its zone the group's.
	SetSchedule(ctx context.Context, ch ChannelRef, s *Schedule) error
	// SetDomains limits the domains a channel draws from; an empty list means all.
	SetDomains(ctx context.Context, ch ChannelRef, domains []string) error
	// SetChannelPack sets the pack a channel draws from by name; "" is the default pack.
	SetChannelPack(ctx context.Context, ch ChannelRef, pack string) error
	// GroupPacks lists the packs the group's channels draw from, by name ("" is the default), sorted.
	GroupPacks(ctx context.Context, g GroupRef) ([]string, error)
	// ScheduledChannels lists every channel with a schedule.
	ScheduledChannels(ctx context.Context) ([]Channel, error)
	// ClaimDueChannels claims up to max of the scheduled channels whose Schedule.NextDue is at or before
	// now (the zero time included), oldest due first: it moves their NextDue to until, so that other
	// replicas' claims pass them over until then, and returns them with it. It reads only those rows
	// (through an index on the next due time): the scheduler's read, which must not grow with the channels
	// that have nothing due.
	ClaimDueChannels(ctx context.Context, now, until time.Time, max int) ([]Channel, error)
	// AdvanceSchedules sets each channel's Schedule.NextDue to its Next, in one write, provided the
	// channel's schedule is still the one read (the same Since and NextDue): a schedule changed meanwhile
	// keeps the NextDue it was set with.
	AdvanceSchedules(ctx context.Context, advances []ScheduleAdvance) error
	// SetThreads sets whether the channel's reveals open a discussion thread (off: none), whatever its
	// schedule; the setting outlives /study unschedule.
	SetThreads(ctx context.Context, ch ChannelRef, off bool) error
	// GroupZone returns the time zone of the group's schedule, "UTC" if it has none.
	GroupZone(ctx context.Context, g GroupRef) (string, error)
}

// ScheduleAdvance moves a channel's next due time once its slot is handled (see Channels.AdvanceSchedules).
type ScheduleAdvance struct {
	Channel ChannelRef
	Read    Schedule // the schedule as claimed
	Next    time.Time
}
