package bot

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Schedule is when a channel gets its daily question: a local time of day, in a zone, on some weekdays;
// and how long each question stays open if the next one does not close it first.
type Schedule struct {
	Hour, Minute int
	Zone         string
	Days         Days
	Window       time.Duration // 0: DefaultWindow
	// Since is when the schedule was set or last changed. Only slots from then on are owed: a schedule set
	// at 15:00 for 09:00 starts tomorrow, while a slot missed by a restart is still posted the same day.
	Since time.Time
	// NextDue is when the scheduler next has to look at this schedule: its first slot not yet handled (see
	// FirstDue and DueAfter). The store keeps it, indexed, so that a tick reads only the schedules due then.
	// The zero time means not worked out yet (a schedule kept before the store had the column): the next
	// tick handles it as due and stores the real time.
	NextDue time.Time
}

// Days is a set of weekdays, bit i for time.Weekday(i).
type Days uint8

// AllDays is every day of the week.
const AllDays Days = 0x7f

// Has reports whether the set holds d.
func (d Days) Has(w time.Weekday) bool { return d&(1<<uint(w)) != 0 }

var dayNames = []string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}

// String renders the set compactly: "daily", "mon-fri", "sat,sun", "mon,wed,fri".
func (d Days) String() string {
	switch d {
	case AllDays:
		return "daily"
	case 0:
		return "never"
	}
	// Walk the week from Monday, starting after a day off so that runs wrapping the weekend ("fri-mon")
	// stay whole, and write runs of three or more days as ranges.
	order := []time.Weekday{1, 2, 3, 4, 5, 6, 0}
	start := 0
	for i := range order {
		if d.Has(order[i]) && !d.Has(order[(i+6)%7]) {
			start = i
			break
		}
	}
	var parts []string
	for k := 0; k < 7; {
		if !d.Has(order[(start+k)%7]) {
			k++
			continue
		}
		j := k
		for j+1 < 7 && d.Has(order[(start+j+1)%7]) {
			j++
		}
		first, last := order[(start+k)%7], order[(start+j)%7]
		if j-k >= 2 {
			parts = append(parts, dayNames[first]+"-"+dayNames[last])
		} else {
			for m := k; m <= j; m++ {
				parts = append(parts, dayNames[order[(start+m)%7]])
			}
		}
		k = j + 1
	}
	return strings.Join(parts, ",")
}

func parseDay(s string) (time.Weekday, bool) {
	s = strings.ToLower(s)
	if len(s) >= 3 {
		for i, n := range dayNames {
			full := strings.ToLower(time.Weekday(i).String())
			if s == n || s == full || (strings.HasPrefix(full, s) && len(s) >= 3) {
				return time.Weekday(i), true
			}
		}
	}
	return 0, false
}

// ParseDays reads "daily", "weekdays", "weekends", "mon-fri", "sat,sun" or "mon,wed,fri".
func ParseDays(s string) (Days, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	switch s {
	case "", "daily", "everyday", "every-day", "all":
		return AllDays, nil
	case "weekdays":
		return ParseDays("mon-fri")
	case "weekends":
		return ParseDays("sat,sun")
	}
	var d Days
	for _, part := range strings.Split(s, ",") {
		from, to, isRange := strings.Cut(part, "-")
		a, ok := parseDay(from)
		if !ok {
			return 0, Errorf(EINVALID, "unknown day %q: use mon, tue, wed, thu, fri, sat, sun, ranges like mon-fri, lists like sat,sun, or daily", from)
		}
		if !isRange {
			d |= 1 << uint(a)
			continue
		}
		b, ok := parseDay(to)
		if !ok {
			return 0, Errorf(EINVALID, "unknown day %q: use mon, tue, wed, thu, fri, sat, sun, ranges like mon-fri, lists like sat,sun, or daily", to)
		}
		for w := a; ; w = (w + 1) % 7 {
			d |= 1 << uint(w)
			if w == b {
				break
			}
		}
	}
	return d, nil
}

// ParseClock reads "HH:MM" (24-hour): one or two digits of hour, 0-23, and two of minute, 0-59. Nothing
// else is a digit here: strconv.Atoi would take "+5" or "-0".
func ParseClock(s string) (hour, minute int, err error) {
	h, m, ok := strings.Cut(strings.TrimSpace(s), ":")
	if !ok || len(h) < 1 || len(h) > 2 || len(m) != 2 || !allDigits(h) || !allDigits(m) {
		return 0, 0, notAClock(s)
	}
	hour, _ = strconv.Atoi(h)
	minute, _ = strconv.Atoi(m)
	if hour > 23 || minute > 59 {
		return 0, 0, notAClock(s)
	}
	return hour, minute, nil
}

func notAClock(s string) error {
	return Errorf(EINVALID, "%q is not a time of day: use 24-hour HH:MM, like 09:00 or 17:30", s)
}

// allDigits reports whether s is made of ASCII digits only (and is not empty).
func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// String renders the schedule the way a moderator types it.
func (s Schedule) String() string {
	out := fmt.Sprintf("%02d:%02d %s %s", s.Hour, s.Minute, s.Zone, s.Days)
	if s.OpenFor() != DefaultWindow {
		out += " window " + humanDuration(s.Window)
	}
	return out
}

// Owed returns the slot key and time of the schedule's post on the local day of now, if one is owed by
// now: the day has a slot, its time has come, and the schedule already stood then (see Since).
func (s Schedule) Owed(now time.Time) (key string, at time.Time, ok bool) {
	key, at, ok = s.Slot(now)
	if !ok || now.Before(at) || (!s.Since.IsZero() && at.Before(s.Since)) {
		return "", time.Time{}, false
	}
	return key, at, true
}

// Slot returns the slot key and time of the schedule's post on the local day of t, and whether that day
// has a post at all. The slot time is built from the local calendar date, so 09:00 stays 09:00 local across
// daylight-saving changes.
func (s Schedule) Slot(t time.Time) (key string, at time.Time, ok bool) {
	loc, err := LoadZone(s.Zone)
	if err != nil {
		return "", time.Time{}, false
	}
	local := t.In(loc)
	if !s.Days.Has(local.Weekday()) {
		return "", time.Time{}, false
	}
	y, mo, d := local.Date()
	at = time.Date(y, mo, d, s.Hour, s.Minute, 0, 0, loc)
	return fmt.Sprintf("%04d-%02d-%02d", y, mo, d), at, true
}

// Next returns the first slot time strictly after t.
func (s Schedule) Next(t time.Time) (time.Time, bool) {
	for i := 0; i < 8; i++ {
		if _, at, ok := s.Slot(t.AddDate(0, 0, i)); ok && at.After(t) {
			return at, true
		}
	}
	return time.Time{}, false
}

// FirstDue is the NextDue of a schedule just set: its first slot at or after Since. Without a Since, every
// slot is owed, so it is the zero time: due at once, worked out by the next tick.
func (s Schedule) FirstDue() time.Time {
	if s.Since.IsZero() {
		return time.Time{}
	}
	return s.dueFrom(s.Since.Add(-time.Nanosecond))
}

// DueAfter is the NextDue of a schedule whose slot was handled at now: its first slot after now, and not
// before Since.
func (s Schedule) DueAfter(now time.Time) time.Time {
	if s.Since.After(now) {
		return s.FirstDue()
	}
	return s.dueFrom(now)
}

// dueFrom returns the first slot strictly after t. A schedule without one (no days, or a zone this
// system does not know) is looked at again in a week, which costs one row read and never posts.
func (s Schedule) dueFrom(t time.Time) time.Time {
	if at, ok := s.Next(t); ok {
		return at
	}
	return t.AddDate(0, 0, 7)
}

// PeriodStart returns when a leaderboard period that contains t began in the zone: Monday 00:00 for a
// week, the 1st 00:00 for a month, the zero time for all time.
func PeriodStart(p Period, t time.Time, loc *time.Location) time.Time {
	local := t.In(loc)
	y, m, d := local.Date()
	switch p {
	case PeriodWeek:
		back := (int(local.Weekday()) + 6) % 7 // days since Monday
		return time.Date(y, m, d-back, 0, 0, 0, 0, loc)
	case PeriodMonth:
		return time.Date(y, m, 1, 0, 0, 0, 0, loc)
	}
	return time.Time{}
}

// PeriodKey names the leaderboard bucket of period p that contains t in the zone: "all", "w2026-03-02"
// (the week's Monday) or "m2026-03".
func PeriodKey(p Period, t time.Time, loc *time.Location) string {
	switch p {
	case PeriodWeek:
		return "w" + PeriodStart(p, t, loc).Format("2006-01-02")
	case PeriodMonth:
		return "m" + t.In(loc).Format("2006-01")
	}
	return "all"
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
	s.Window = s.OpenFor()
	now := b.clock.Now()
	s.Since = now
	s.NextDue = s.FirstDue()
	if err := b.channels.SetSchedule(ctx, cmd.Channel, &s); err != nil {
		return Reply{}, fmt.Errorf("set schedule: %w", err)
	}
	if t := in.Get("threads"); t != "" {
		ch.ThreadsOff = t == "off"
		if err := b.channels.SetThreads(ctx, cmd.Channel, ch.ThreadsOff); err != nil {
			return Reply{}, fmt.Errorf("set threads: %w", err)
		}
	}
	loc, _ := LoadZone(s.Zone)
	next, _ := s.Next(now)
	text := fmt.Sprintf("Scheduled: a question at %02d:%02d %s, %s. Next post: %s.\n%s\n%s",
		s.Hour, s.Minute, s.Zone, s.Days, next.In(loc).Format("Mon 2 Jan 2006 15:04 MST"), s.windowNote(), threadsNote(ch.ThreadsOff, cmd.ThreadProblem))
	if cmd.PostProblem != "" {
		text += "\n\nBut studybot cannot post in this channel yet: " + cmd.PostProblem
	}
	if pk, err := b.channelPack(ctx, ch); err == nil && len(pk.Questions) == 0 {
		text += "\n\nBut nothing posts yet. " + onlyFlashcards(pk)
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
