package bot

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
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
	// GroupZone returns the time zone of the group's schedule, "UTC" if it has none.
	GroupZone(ctx context.Context, g GroupRef) (string, error)
}

// ScheduleAdvance moves a channel's next due time once its slot is handled (see Channels.AdvanceSchedules).
type ScheduleAdvance struct {
	Channel ChannelRef
	Read    Schedule // the schedule as claimed
	Next    time.Time
}

// cmdSchedule sets this channel's schedule. What the command does not name is kept from the channel's
// current schedule (or defaults: UTC, every day, 24 hours), so "/study schedule 10:00" moves the time and
// nothing else; the reply states the whole schedule.
func (b *Bot) cmdSchedule(ctx context.Context, cmd Command, in Input) (Reply, error) {
	ch, err := b.channels.Channel(ctx, cmd.Channel)
	if err != nil {
		return Reply{}, fmt.Errorf("channel: %w", err)
	}
	s := Schedule{Zone: "UTC", Days: AllDays, Window: DefaultWindow}
	if ch.Schedule != nil {
		s = *ch.Schedule
	}
	if s.Hour, s.Minute, err = ParseClock(in.Get("time")); err != nil {
		return Reply{}, err
	}
	if z := in.Get("zone"); z != "" {
		s.Zone = z
	}
	if d := in.Get("days"); d != "" {
		if s.Days, err = ParseDays(d); err != nil {
			return Reply{}, err
		}
	}
	if w := in.Get("window"); w != "" {
		if s.Window, err = time.ParseDuration(w); err != nil {
			return Reply{}, fmt.Errorf("window %q: %w", w, err)
		}
	}
	if s.Window == 0 {
		s.Window = DefaultWindow
	}
	now := b.clock.Now()
	s.Since = now
	s.NextDue = s.FirstDue()
	if err := b.channels.SetSchedule(ctx, cmd.Channel, &s); err != nil {
		return Reply{}, fmt.Errorf("set schedule: %w", err)
	}
	loc, _ := LoadZone(s.Zone)
	next, _ := s.Next(now)
	text := fmt.Sprintf("Scheduled: a question at %02d:%02d %s, %s. Next post: %s.\n%s",
		s.Hour, s.Minute, s.Zone, s.Days, next.In(loc).Format("Mon 2 Jan 2006 15:04 MST"), s.windowNote())
	if cmd.PostProblem != "" {
		text += "\n\nBut studybot cannot post in this channel yet: " + cmd.PostProblem
	}
	return Reply{Private: true, Text: text}, nil
}

// windowNote says when a question closes: when the next one posts, or after the window, whichever comes
// first; and names the longest gap the window does not cover (Friday to Monday for mon-fri).
func (s Schedule) windowNote() string {
	note := fmt.Sprintf("Each question closes and is revealed when the next one posts, or %s after it was posted if that comes first.", humanDuration(s.Window))
	var gapDay time.Weekday
	var gap time.Duration
	for d := time.Sunday; d <= time.Saturday; d++ {
		if !s.Days.Has(d) {
			continue
		}
		n := 1
		for !s.Days.Has((d + time.Weekday(n)) % 7) {
			n++
		}
		if g := time.Duration(n) * 24 * time.Hour; g > gap {
			gap, gapDay = g, d
		}
	}
	if gap > s.Window {
		note += fmt.Sprintf(" So %s's question closes before the next one posts; add window %s to keep it open until then.",
			gapDay, humanDuration(gap))
	}
	return note
}

// humanDuration writes a window the way moderators type it: 24h, 72h, 90m.
func humanDuration(d time.Duration) string {
	if d%time.Hour == 0 {
		return strconv.Itoa(int(d/time.Hour)) + "h"
	}
	return strconv.Itoa(int(d/time.Minute)) + "m"
}

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

// cmdDomains shows (list, or nothing) or sets (all, or a list of domains by id or name) the domains this
// channel draws from.
func (b *Bot) cmdDomains(ctx context.Context, cmd Command, in Input) (Reply, error) {
	arg := strings.TrimSpace(in.Get("domains"))
	switch strings.ToLower(arg) {
	case "", "list", "show":
	case "all":
		if err := b.channels.SetDomains(ctx, cmd.Channel, nil); err != nil {
			return Reply{}, fmt.Errorf("set domains: %w", err)
		}
	default:
		ids, err := b.parseDomains(arg)
		if err != nil {
			return Reply{}, err
		}
		if err := b.channels.SetDomains(ctx, cmd.Channel, ids); err != nil {
			return Reply{}, fmt.Errorf("set domains: %w", err)
		}
	}
	ch, err := b.channels.Channel(ctx, cmd.Channel)
	if err != nil {
		return Reply{}, fmt.Errorf("channel: %w", err)
	}
	t := &Table{Title: "Domains for this channel", Columns: []string{"Domain", "Id", "Weight", "Questions", "On"}}
	for _, d := range b.pack.Domains {
		on := "yes"
		if len(ch.Domains) > 0 && !slices.Contains(ch.Domains, d.ID) {
			on = "no"
		}
		t.Rows = append(t.Rows, []string{d.Name, d.ID, fmt.Sprintf("%d%%", d.Weight), strconv.Itoa(len(b.pack.QuestionsIn(d.ID))), on})
	}
	t.Footer = "Change with /study domains all, or name them: /study domains security, it operations"
	return Reply{Private: true, Table: t}, nil
}

// parseDomains reads a list of domains, by id or name in any case, separated by commas, or by spaces
// where each run of words names one ("security it operations").
func (b *Bot) parseDomains(s string) ([]string, error) {
	var ids []string
	add := func(id string) {
		if !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	for _, part := range strings.Split(s, ",") {
		words := splitWords(part)
		for i := 0; i < len(words); {
			n := 0
			for k := len(words) - i; k >= 1; k-- {
				if d, ok := b.pack.FindDomain(strings.Join(words[i:i+k], " ")); ok {
					add(d.ID)
					n = k
					break
				}
			}
			if n == 0 {
				return nil, b.unknownDomain(words[i])
			}
			i += n
		}
	}
	if len(ids) == 0 {
		return nil, Errorf(EINVALID, "Name at least one domain, or all.")
	}
	return ids, nil
}

func (b *Bot) unknownDomain(s string) error {
	var names []string
	for _, d := range b.pack.Domains {
		names = append(names, fmt.Sprintf("%s (%s)", d.Name, d.ID))
	}
	return Errorf(EINVALID, "Unknown domain %q. Domains: %s.", s, strings.Join(names, ", "))
}
