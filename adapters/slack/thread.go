package slack

// Discussion threads: a reveal's why-each-option, as a reply in the reveal's thread.

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/slack-go/slack"

	"github.com/studybot/studybot/bot"
)

// PostThread implements bot.Threader with a reply in the reveal's thread: chat.postMessage with thread_ts
// set to the reveal's ts (Slack opens the thread with its first reply). The reply carries its key as
// message metadata like any post; an attempt that may have posted it looks for it among the thread's
// replies (conversations.replies, which thread replies are read from: conversations.history lists the
// channel's messages without them) before posting again.
func (a *Adapter) PostThread(ctx context.Context, ch bot.ChannelRef, d bot.Discussion, r bot.Reply, send bot.Send) (string, error) {
	return a.postMessage(ctx, ch, d.Parent, r, send)
}

// findReply looks for a reply carrying send's key in the thread of the message ts since send's first
// attempt.
func (a *Adapter) findReply(ctx context.Context, channel, ts string, send bot.Send) (string, bool, error) {
	oldest := send.Since.Add(-time.Minute)
	msgs, _, _, err := a.api.GetConversationRepliesContext(ctx, &slack.GetConversationRepliesParameters{ChannelID: channel, Timestamp: ts,
		Oldest: fmt.Sprintf("%d.000000", oldest.Unix()), Limit: 200, IncludeAllMetadata: true})
	if err != nil {
		var se slack.SlackErrorResponse
		if errors.As(err, &se) {
			switch se.Err {
			case "missing_scope", "not_allowed_token_type", "not_in_channel":
				return "", false, fmt.Errorf("slack conversations.replies in %s: %w: %w", channel, bot.Errorf(bot.EFORBIDDEN,
					"An earlier try may have posted the reveal's thread, and Slack does not let studybot read the thread to check (%s): it was not sent again, so that it cannot appear twice. Give the app the channels:history and groups:history scopes.", se.Err), err)
			case "thread_not_found":
				return "", false, fmt.Errorf("slack conversations.replies in %s: %w: %w", channel, bot.Errorf(bot.EINVALID,
					"The reveal was deleted before its thread could be posted (thread_not_found)."), err)
			}
		}
		return "", false, fmt.Errorf("slack conversations.replies in %s: %w", channel, err)
	}
	for _, m := range msgs {
		if m.Timestamp != ts && m.Metadata.EventType == metadataEvent && m.Metadata.EventPayload["key"] == send.Key {
			return m.Timestamp, true, nil
		}
	}
	return "", false, nil
}

var _ bot.Threader = (*Adapter)(nil)
