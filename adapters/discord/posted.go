package discord

// Finding a message an earlier attempt may have made, once Discord no longer remembers its nonce.

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/studybot/studybot/bot"
)

const (
	// nonceWindow is how long after a message's first attempt its nonce is trusted to find a message an
	// earlier attempt made. Discord checks an enforced nonce against "the past few minutes" only, and a
	// message is retried until its channel's day ends; past this, the retry looks in the channel first.
	nonceWindow = 2 * time.Minute
	// historyPage and historyPages bound that search: pages of 100 messages, newest first, at most 1,000
	// messages back.
	historyPage  = 100
	historyPages = 10
)

// markKey writes a message's key where Discord keeps it, since it does not keep the nonce: at the end of
// the footer of its last embed or, a message without embeds, in its chart's file name (see chartFile). It
// reports whether the message carries the key.
func markKey(create *messageCreate, chart *string, key string) bool {
	switch {
	case key == "":
		return false
	case len(create.Embeds) > 0:
		e := create.Embeds[len(create.Embeds)-1]
		if e.Footer == nil {
			e.Footer = &discordgo.MessageEmbedFooter{}
		}
		e.Footer.Text = strings.TrimPrefix(e.Footer.Text+" · "+key, " · ")
		return true
	case chart != nil:
		*chart = chartFile(*chart, key)
		return true
	}
	return false
}

// chartFile names a chart's attachment after the chart and the message's key ("recap.sb1f2e.png").
func chartFile(name, key string) string {
	return strings.TrimSuffix(name, ".png") + "." + key + ".png"
}

// carries reports whether a message read back from the channel carries key (see markKey).
func carries(m *discordgo.Message, key string) bool {
	if n := len(m.Embeds); n > 0 && m.Embeds[n-1].Footer != nil && strings.HasSuffix(m.Embeds[n-1].Footer.Text, key) {
		return true
	}
	for _, a := range m.Attachments {
		if strings.HasSuffix(a.Filename, "."+key+".png") {
			return true
		}
	}
	return false
}

// findPosted looks for the message carrying send's key among the channel's messages since a minute before
// its first attempt, newest first. A search that cannot finish (Discord refuses the history, or more than
// historyPages pages came since) is an error: the message is not sent again, so that it cannot appear
// twice.
func (a *Adapter) findPosted(ctx context.Context, channel string, send bot.Send) (string, bool, error) {
	since := send.Since.Add(-time.Minute)
	before := ""
	for range historyPages {
		msgs, err := a.s.ChannelMessages(channel, historyPage, before, "", "", discordgo.WithContext(ctx))
		if err != nil {
			return "", false, historyError(channel, err)
		}
		for _, m := range msgs {
			if m.Timestamp.Before(since) {
				return "", false, nil
			}
			if carries(m, send.Key) {
				return m.ID, true, nil
			}
		}
		if len(msgs) < historyPage {
			return "", false, nil
		}
		before = msgs[len(msgs)-1].ID
	}
	return "", false, bot.Errorf(bot.EINVALID, "An earlier try may have posted this message, and more than %d messages have come since in the channel: it was not sent again, so that it cannot appear twice.", historyPage*historyPages)
}

// historyError tells the outbox what a failed read of the channel's messages means: the bot may not read
// them (it needs Read Message History), the channel is gone, or a passing failure that sent nothing.
func historyError(channel string, err error) error {
	err = fmt.Errorf("discord read messages of channel %s: %w", channel, err)
	var rest *discordgo.RESTError
	if errors.As(err, &rest) && rest.Message != nil &&
		(rest.Message.Code == discordgo.ErrCodeMissingAccess || rest.Message.Code == discordgo.ErrCodeMissingPermissions) {
		return fmt.Errorf("%w: %w", bot.Errorf(bot.EFORBIDDEN, "An earlier try may have posted this message, and Discord does not let studybot read the channel's messages to check (%s): it was not sent again, so that it cannot appear twice. Give studybot Read Message History in this channel (Edit Channel → Permissions).", rest.Message.Message), err)
	}
	if problem := channelProblem(err); problem != nil {
		return fmt.Errorf("%w: %w", problem, err)
	}
	return bot.NotSent(err)
}
