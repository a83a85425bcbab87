package bot

import (
	"context"
	"strings"
)

// moderatorNotices is the one path by which what moderators must hear reaches them (and authors the
// decisions on their drafts): the channel's "could
// not post here" notice (the outbox's, for a moderator command in that channel) and the group's notices
// (a suspended question, for the next moderator who types a command; button clicks, the busiest path, do
// not look). Each is taken once. They open the reply, each its own paragraph: after the text they would
// land between the reply's text and its table or card (/study items ID).
func (b *Bot) moderatorNotices(ctx context.Context, cmd Command, spec Spec, knownMod bool) string {
	var notes []string
	if knownMod {
		// A moderator can fix what kept the bot from posting here; tell the first one who comes by.
		if why, err := b.outbox.TakeNotice(ctx, cmd.Channel); err != nil {
			b.log.WarnContext(ctx, "take notice", "channel", cmd.Channel.ChannelID, "err", err)
		} else if why != "" {
			if !strings.HasPrefix(why, noticeHeadsUp) { // a whole sentence already (threadNotice)
				why = noticeHeadsUp + "I could not post the daily question in this channel. " + why
			}
			notes = append(notes, why)
		}
	}
	if knownMod || !spec.Hidden {
		if note := b.groupNotices(ctx, cmd, knownMod); note != "" {
			notes = append(notes, note)
		}
	}
	// The author of a draft hears of its approval or rejection at their next typed command (question.go).
	if !spec.Hidden {
		if note := b.authorNotices(ctx, cmd); note != "" {
			notes = append(notes, note)
		}
	}
	return strings.Join(notes, "\n\n")
}

// groupNotices takes the group's pending notices when the caller is a moderator.
func (b *Bot) groupNotices(ctx context.Context, cmd Command, knownMod bool) string {
	g := cmd.Channel.Group()
	pending, err := b.notices.PendingNotices(ctx, g)
	if err != nil {
		b.log.WarnContext(ctx, "pending notices", "group", g.GroupID, "err", err)
		return ""
	}
	if !pending {
		return ""
	}
	if !knownMod {
		mod, err := b.IsModerator(ctx, g, cmd.User)
		if err != nil || !mod {
			return ""
		}
	}
	notes, err := b.notices.TakeNotices(ctx, g, b.clock.Now())
	if err != nil {
		b.log.WarnContext(ctx, "take notices", "group", g.GroupID, "err", err)
		return ""
	}
	if len(notes) == 0 {
		return ""
	}
	return "Heads up, moderators: " + strings.Join(notes, "\n")
}
