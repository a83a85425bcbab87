package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/studybot/studybot/quiz"
)

// DeliverRemind is the outbox kind of a member's daily reminder, sent to them directly.
const DeliverRemind = "remind"

// Default reminder time, in the member's zone, when /study remind on names none.
const (
	defaultRemindHour   = 18
	defaultRemindMinute = 0
)

// DirectMessenger is a Chat that can message a member privately, outside any interaction: how reminders
// reach members. A platform whose Chat lacks it gets no reminders.
type DirectMessenger interface {
	// DirectMessage sends msg to the member in their direct conversation with the bot, opening it if
	// needed, and returns the message's id. send is as for Chat.Post: every attempt at one message carries
	// its key, and the member must not get it twice. When the member does not take the bot's direct
	// messages (they blocked them, left, or their account is disabled), the error wraps ErrDMRefused.
	DirectMessage(ctx context.Context, g GroupRef, userID string, msg Reply, send Send) (string, error)
}

// ErrDMRefused is wrapped by DirectMessage's error when the platform refuses the member a direct message.
var ErrDMRefused = errors.New("the platform refused a direct message to this member")

// dmPrefix starts the channel id of a member's direct-message queue in the outbox (DMChannel): no
// platform's channel id starts so.
const dmPrefix = "dm:"

// DMChannel names a member's direct-message queue in the outbox: their reminders go out in order, one at
// a time, like a channel's messages, and apart from every channel's.
func DMChannel(g GroupRef, userID string) ChannelRef {
	return ChannelRef{Platform: g.Platform, GroupID: g.GroupID, ChannelID: dmPrefix + userID}
}

// DMUser returns the member whose direct-message queue the channel is (see DMChannel).
func (c ChannelRef) DMUser() (string, bool) {
	return strings.CutPrefix(c.ChannelID, dmPrefix)
}

// errNothingToRemind skips a reminder that has nothing left to say when it is sent (the member answered or
// reviewed meanwhile, or turned reminders off).
var errNothingToRemind = errors.New("not sent: the reminder had nothing left to say")

// cmdRemind shows, turns on (at a time) or off the member's daily reminder.
func (b *Bot) cmdRemind(ctx context.Context, cmd Command, in Input) (Reply, error) {
	g := cmd.Channel.Group()
	now := b.clock.Now()
	r, ok, err := b.reminders.Reminder(ctx, g, cmd.User.ID)
	if err != nil {
		return Reply{}, fmt.Errorf("reminder: %w", err)
	}
	if !ok {
		r = Reminder{Group: g, UserID: cmd.User.ID, Hour: defaultRemindHour, Minute: defaultRemindMinute}
	}
	loc := b.memberZone(ctx, g, cmd.User.ID)
	action := in.Get("action")
	if t := in.Get("time"); t != "" {
		if r.Hour, r.Minute, err = ParseClock(t); err != nil {
			return Reply{}, err
		}
		if action == "" {
			action = "on"
		}
	}
	switch action {
	case "on":
		r.On, r.Blocked = true, time.Time{}
		r.NextDue = nextAt(now, r.Hour, r.Minute, loc)
	case "off":
		r.On = false
	default:
		return Reply{Private: true, Text: b.remindStatus(ctx, r, loc, now)}, nil
	}
	if err := b.reminders.SetReminder(ctx, r); err != nil {
		return Reply{}, fmt.Errorf("set reminder: %w", err)
	}
	if !r.On {
		return Reply{Private: true, Text: "Reminders off: no more nudges. /study remind on brings them back."}, nil
	}
	return Reply{Private: true, Text: fmt.Sprintf("Reminders on: at most one private message a day, at %02d:%02d %s, and only when there is something to do: reviews due, the daily question closing before you answered it, a streak at risk. The first can come %s.",
		r.Hour, r.Minute, b.zoneNote(ctx, g, cmd.User.ID, loc), dueTime(r.NextDue.In(loc), now))}, nil
}

// remindStatus says where the member's reminder stands.
func (b *Bot) remindStatus(ctx context.Context, r Reminder, loc *time.Location, now time.Time) string {
	switch {
	case !r.On:
		return "Reminders are off. /study remind on sends you at most one private nudge a day (at 18:00 unless you give a time, e.g. /study remind on 07:30) when reviews are due, the daily question is closing before you answered it, or a streak is at risk."
	case !r.Blocked.IsZero():
		return fmt.Sprintf("Reminders are on at %02d:%02d, but on %s %s refused studybot a direct message to you, so none are sent. Allow direct messages from the bot, then run /study remind on.",
			r.Hour, r.Minute, dateTime(r.Blocked.In(loc), now), b.platform(r.Group.Platform).Name)
	}
	return fmt.Sprintf("Reminders are on at %02d:%02d %s; the next can come %s. /study remind off stops them.",
		r.Hour, r.Minute, b.zoneNote(ctx, r.Group, r.UserID, loc), dueTime(r.NextDue.In(loc), now))
}

// zoneNote names the zone a member's reminder keeps, and where it comes from.
func (b *Bot) zoneNote(ctx context.Context, g GroupRef, userID string, loc *time.Location) string {
	if own, err := b.reminders.MemberZone(ctx, g, userID); err == nil && own != "" {
		return loc.String() + " (your zone)"
	}
	return fmt.Sprintf("%s (the group's zone; /study me zone sets yours)", loc)
}

// nextAt is the first moment after after at the local time hour:minute in loc. On a day when that time
// does not exist (a clock moving forward) it is the moment the clock shows it would have been.
func nextAt(after time.Time, hour, minute int, loc *time.Location) time.Time {
	l := after.In(loc)
	t := time.Date(l.Year(), l.Month(), l.Day(), hour, minute, 0, 0, loc)
	for d := 1; !t.After(after); d++ {
		t = time.Date(l.Year(), l.Month(), l.Day()+d, hour, minute, 0, 0, loc)
	}
	return t
}

// remindFor is what a reminder source is asked about: a member, now, their zone, and when their next
// reminder comes (what closes before then is closing soon).
type remindFor struct {
	Group  GroupRef
	UserID string
	Now    time.Time
	Zone   *time.Location
	Next   time.Time
}

// reminderSource gives a reminder's lines about one subject, none when it has nothing to say.
type reminderSource func(b *Bot, ctx context.Context, m remindFor) ([]string, error)

// reminderSources are what a reminder may speak of, in the order its lines come. A new subject is one
// more source here: the goal date's daily target not met (/study goal) is meant to join as one.
func (b *Bot) reminderSources() []reminderSource {
	return []reminderSource{(*Bot).remindReviews, (*Bot).remindGoal, (*Bot).remindOpenQuestions}
}

// remindPacks are the packs a member of group g may study: those the group's channels draw from.
func (b *Bot) remindPacks(ctx context.Context, g GroupRef) ([]*quiz.Pack, error) {
	names, err := b.channels.GroupPacks(ctx, g)
	if err != nil {
		return nil, fmt.Errorf("group packs: %w", err)
	}
	if len(names) == 0 {
		names = []string{""}
	}
	var out []*quiz.Pack
	for _, name := range names {
		pk, err := b.packAt(ctx, name, 0)
		if ErrorCode(err) == ENOTFOUND {
			continue // a channel's pack that is gone
		}
		if err != nil {
			return nil, err
		}
		out = append(out, pk)
	}
	return out, nil
}

// remindReviews speaks of the member's review cards due now, in every pack their group studies (a review
// card belongs to its pack: /study review in a channel of that pack serves it). Their attempts are read
// once for all the packs.
func (b *Bot) remindReviews(ctx context.Context, m remindFor) ([]string, error) {
	pks, err := b.remindPacks(ctx, m.Group)
	if err != nil {
		return nil, err
	}
	ev, err := b.memberEvidence(ctx, m.Group, m.UserID)
	if err != nil {
		return nil, err
	}
	n := 0
	for _, pk := range pks {
		ls := ev.learner(pk)
		n += pk.DueCount(ls.cards, ls.exclude, m.Now)
	}
	if n == 0 {
		return nil, nil
	}
	return []string{fmt.Sprintf("%s due for review: /study review.", count(n, "question is", "questions are"))}, nil
}

// remindGoal speaks of today's target toward the member's exam date while it is not met (goalLines), in
// the pack they have answered most of (an exam date is the group's, and a member studies for one exam).
func (b *Bot) remindGoal(ctx context.Context, m remindFor) ([]string, error) {
	pks, err := b.remindPacks(ctx, m.Group)
	if err != nil {
		return nil, err
	}
	attempts, _, err := b.countedAttempts(ctx, m.Group, m.UserID)
	if err != nil {
		return nil, err
	}
	best, most := b.defaultPack, 0
	for _, pk := range pks {
		if n := len(inPack(pk, attempts)); n > most {
			best, most = pk, n
		}
	}
	return b.goalLines(ctx, m.Group, best, m.UserID, m.Now)
}

// remindOpenQuestions speaks of the open questions, in channels where the member answers, that close
// before their next reminder without their answer, and of the streak each would end.
func (b *Bot) remindOpenQuestions(ctx context.Context, m remindFor) ([]string, error) {
	posts, err := b.reminders.OpenUnanswered(ctx, m.Group, m.UserID, m.Now)
	if err != nil {
		return nil, fmt.Errorf("open questions: %w", err)
	}
	var soon []Post
	for _, p := range posts {
		if p.ClosesAt.Before(m.Next) {
			soon = append(soon, p)
		}
	}
	var out []string
	for _, p := range soon {
		where := "The daily question"
		if len(soon) > 1 {
			where = "The question in " + channelName(p.Channel)
		}
		line := fmt.Sprintf("%s closes %s and you have not answered it: /study today there.", where, dueTime(p.ClosesAt.In(m.Zone), m.Now))
		if p.Scheduled() {
			streak, err := b.answers.Streak(ctx, p.Channel, m.UserID)
			if err != nil {
				return nil, fmt.Errorf("streak: %w", err)
			}
			if streak > 0 {
				line += fmt.Sprintf(" Your streak of %d there ends if it closes unanswered.", streak)
			}
		}
		out = append(out, line)
	}
	return out, nil
}

// channelName names a channel in plain text, by the id its platform gives it (the core knows no names).
func channelName(ch ChannelRef) string { return "#" + ch.ChannelID }

// reminderText is a member's reminder at now, "" when there is nothing to say.
func (b *Bot) reminderText(ctx context.Context, r Reminder, now time.Time) (string, error) {
	loc := b.memberZone(ctx, r.Group, r.UserID)
	m := remindFor{Group: r.Group, UserID: r.UserID, Now: now, Zone: loc, Next: nextAt(now, r.Hour, r.Minute, loc)}
	var lines []string
	for _, src := range b.reminderSources() {
		l, err := src(b, ctx, m)
		if err != nil {
			return "", err
		}
		lines = append(lines, l...)
	}
	if len(lines) == 0 {
		return "", nil
	}
	return "Your studybot reminder:\n• " + strings.Join(lines, "\n• ") + "\n(/study remind off stops these.)", nil
}

// tickReminders handles the reminders due at now: each member's nudge is queued in the outbox once a day,
// at or after their time, when there is something to say. Replicas share the due reminders by claiming
// them (see slotLease); the outbox's unique (member, day) key makes the nudge once whichever queues it.
func (b *Bot) tickReminders(ctx context.Context, now time.Time) error {
	var errs []error
	for {
		until := b.clock.Now().Add(slotLease)
		due, err := b.reminders.ClaimDueReminders(ctx, now, until, claimBatch)
		if err != nil {
			return errors.Join(append(errs, fmt.Errorf("claim due reminders: %w", err))...)
		}
		for _, r := range due {
			next, err := b.handleReminder(ctx, r, now)
			if err != nil {
				if ctx.Err() == nil {
					errs = append(errs, err) // tried again when the claim lapses
					continue
				}
				next = now // shutting down: hand it back, due at once for the next process
			}
			actx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
			if err := b.reminders.AdvanceReminder(actx, r.Group, r.UserID, until, next); err != nil {
				errs = append(errs, fmt.Errorf("advance reminder of %s: %w", r.UserID, err))
			}
			cancel()
		}
		if len(due) < claimBatch {
			return errors.Join(errs...)
		}
	}
}

// handleReminder queues a member's nudge for the day of their reminder's slot (r.NextDue), if now is
// still that day in their zone and there is something to say, and returns when the next slot is.
func (b *Bot) handleReminder(ctx context.Context, r Reminder, now time.Time) (time.Time, error) {
	loc := b.memberZone(ctx, r.Group, r.UserID)
	next := nextAt(now, r.Hour, r.Minute, loc)
	slot := r.NextDue.In(loc)
	if slot.IsZero() || slot.Format(time.DateOnly) != now.In(loc).Format(time.DateOnly) {
		return next, nil // a day missed while no process ran: its nudge would come too late
	}
	text, err := b.reminderText(ctx, r, now)
	if err != nil {
		return time.Time{}, fmt.Errorf("reminder of %s: %w", r.UserID, err)
	}
	if text == "" {
		return next, nil
	}
	day := slot.Format(time.DateOnly)
	queued, err := b.reminders.QueueReminder(ctx, r.Group, r.UserID, day, now, deliverBy(loc, now))
	if err != nil {
		return time.Time{}, fmt.Errorf("queue reminder of %s: %w", r.UserID, err)
	}
	if queued {
		b.log.InfoContext(ctx, "reminder queued", "platform", r.Group.Platform, "group", r.Group.GroupID, "user", r.UserID, "day", day)
	}
	return next, nil
}

// sendReminder sends a queued reminder to its member, as it stands now: one that has nothing left to say,
// or whose member turned reminders off meanwhile, is skipped. A member the platform refuses a direct
// message is recorded (Reminders.BlockReminders), so that no reminder is queued for them until they turn
// reminders on again, and the delivery fails for good.
func (b *Bot) sendReminder(ctx context.Context, chat Chat, d Delivery, send Send) (string, error) {
	userID, ok := d.Channel.DMUser()
	if !ok {
		return "", Errorf(EINVALID, "reminder queued in %s, which is no member's direct messages", d.Channel.Key())
	}
	dm, ok := chat.(DirectMessenger)
	if !ok {
		return "", Errorf(EINVALID, "%s cannot send direct messages", d.Channel.Platform)
	}
	g := d.Channel.Group()
	r, ok, err := b.reminders.Reminder(ctx, g, userID)
	if err != nil {
		return "", NotSent(fmt.Errorf("reminder of %s: %w", userID, err))
	}
	if !ok || !r.On || !r.Blocked.IsZero() {
		return "", errNothingToRemind
	}
	now := b.clock.Now()
	text, err := b.reminderText(ctx, r, now)
	if err != nil {
		return "", NotSent(fmt.Errorf("build reminder of %s: %w", userID, err))
	}
	if text == "" {
		return "", errNothingToRemind
	}
	id, err := dm.DirectMessage(ctx, g, userID, Reply{Private: true, Text: text}, send)
	if errors.Is(err, ErrDMRefused) {
		if _, berr := b.reminders.BlockReminders(ctx, g, userID, now); berr != nil {
			return "", NotSent(fmt.Errorf("record refused direct messages of %s: %w (after %w)", userID, berr, err))
		}
		return "", fmt.Errorf("%w: %w", Errorf(EFORBIDDEN, "%s refused a direct message to %s: their reminders stop until they run /study remind on again", b.platform(g.Platform).Name, userID), err)
	}
	return id, err
}
