package bot

import (
	"context"
	"fmt"
	"time"
)

// cmdMeZone shows, sets or clears the member's own time zone (/study me zone [ZONE|off]), which every
// private reply of theirs shows times in (memberZone), and their reminder follows.
func (b *Bot) cmdMeZone(ctx context.Context, cmd Command, in Input) (Reply, error) {
	g := cmd.Channel.Group()
	zone := in.Get("zone")
	if in.Has("clear") {
		zone = ""
	} else if zone == "" {
		cur, err := b.reminders.MemberZone(ctx, g, cmd.User.ID)
		if err != nil {
			return Reply{}, fmt.Errorf("member zone: %w", err)
		}
		if cur == "" {
			return Reply{Private: true, Text: fmt.Sprintf("You have no time zone of your own: your private replies show times in the group's, %s. Set yours with /study me zone ZONE, e.g. /study me zone America/Chicago.",
				b.groupZone(ctx, g))}, nil
		}
		return Reply{Private: true, Text: fmt.Sprintf("Your time zone is %s: your private replies and your reminder use it. /study me zone off goes back to the group's.", cur)}, nil
	}
	if err := b.reminders.SetMemberZone(ctx, g, cmd.User.ID, zone); err != nil {
		return Reply{}, fmt.Errorf("set member zone: %w", err)
	}
	text := fmt.Sprintf("Your time zone is now %s: your private replies and your reminder use it.", zone)
	if zone == "" {
		text = fmt.Sprintf("Your own time zone is cleared: your private replies show times in the group's, %s.", b.groupZone(ctx, g))
	}
	// A reminder that is on keeps its local time, so its next time moves with the zone.
	r, ok, err := b.reminders.Reminder(ctx, g, cmd.User.ID)
	if err != nil {
		return Reply{}, fmt.Errorf("reminder: %w", err)
	}
	if ok && r.On {
		now := b.clock.Now()
		r.NextDue = nextAt(now, r.Hour, r.Minute, b.memberZone(ctx, g, cmd.User.ID))
		if err := b.reminders.SetReminder(ctx, r); err != nil {
			return Reply{}, fmt.Errorf("move reminder: %w", err)
		}
		text += fmt.Sprintf(" Your reminder stays at %02d:%02d, next %s.", r.Hour, r.Minute, dueTime(r.NextDue.In(b.memberZone(ctx, g, cmd.User.ID)), now))
	}
	return Reply{Private: true, Text: text}, nil
}

// memberZone is the zone a member's private replies show times in and their days are counted in: the one
// they set (/study me zone), else the group's (its schedule's), else UTC.
func (b *Bot) memberZone(ctx context.Context, g GroupRef, userID string) *time.Location {
	name, err := b.reminders.MemberZone(ctx, g, userID)
	if err != nil {
		b.log.WarnContext(ctx, "member zone", "group", g.GroupID, "user", userID, "err", err)
	}
	if name != "" {
		return ZoneOrUTC(name)
	}
	return b.groupZone(ctx, g)
}
