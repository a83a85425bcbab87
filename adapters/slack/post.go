package slack

// Posting to channels for the outbox: messages, charts, the search for an earlier attempt, pacing, edits.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/internal/redact"
	"github.com/studybot/studybot/web/chart"
)

// metadataEvent names the message metadata a studybot post carries: its delivery key, so that a post whose
// first attempt may have gone through can be found instead of sent again.
const metadataEvent = "studybot_post"

// Post implements bot.Chat. Slack has no idempotency key for chat.postMessage, so each message carries its
// key as message metadata; when an earlier attempt may have posted it (send.MaybeSent), the channel's recent
// history is searched for that key first. Without permission to read the history, such a message is not
// sent again: it could appear twice. An attempt that Slack answered with an error, or that never reached
// it, made nothing and is marked so.
//
// A reply with a chart (the weekly recap) is posted as its text first, then the chart is uploaded to the
// channel with Slack's external upload flow (files.getUploadURLExternal, the upload, and
// files.completeUploadExternal), under a file name that carries the message's key. If the upload fails, the
// attempt fails without being marked not-sent, so the outbox tries again as maybe-sent: the retry finds the
// text by its key and does not post it again, looks for the chart by its file name, and uploads it only if
// it is not there. Slack refusing the upload for good (no files:write scope) is told to the channel's next
// moderator, and the text stays without its chart.
func (a *Adapter) Post(ctx context.Context, ch bot.ChannelRef, r bot.Reply, send bot.Send) (string, error) {
	ts, err := a.postText(ctx, ch, r, send)
	if err != nil || r.Chart == nil {
		return ts, err
	}
	if err := a.postChart(ctx, ch, *r.Chart, send); err != nil {
		return "", err
	}
	return ts, nil
}

// postText posts a reply's message, once (see Post).
func (a *Adapter) postText(ctx context.Context, ch bot.ChannelRef, r bot.Reply, send bot.Send) (string, error) {
	return a.postMessage(ctx, ch, "", r, send)
}

// postMessage posts a reply's message in the channel or, with threadTS, as a reply in that message's
// thread, once: an attempt that may have posted it looks for it first (see Post).
func (a *Adapter) postMessage(ctx context.Context, ch bot.ChannelRef, threadTS string, r bot.Reply, send bot.Send) (string, error) {
	if send.MaybeSent && send.Key != "" {
		find := a.findPosted
		if threadTS != "" {
			find = func(ctx context.Context, channel string, send bot.Send) (string, bool, error) {
				return a.findReply(ctx, channel, threadTS, send)
			}
		}
		ts, found, err := find(ctx, ch.ChannelID, send)
		if err != nil || found {
			return ts, err
		}
	}
	if err := a.pace(ctx, ch.ChannelID); err != nil {
		return "", bot.NotSent(err)
	}
	msg := toMsg(r)
	opts := []slack.MsgOption{slack.MsgOptionText(msg.Text, false), slack.MsgOptionBlocks(msg.Blocks.BlockSet...)}
	if threadTS != "" {
		opts = append(opts, slack.MsgOptionTS(threadTS))
	}
	if send.Key != "" {
		opts = append(opts, slack.MsgOptionMetadata(slack.SlackMetadata{EventType: metadataEvent, EventPayload: map[string]any{"key": send.Key}}))
	}
	_, ts, err := a.api.PostMessageContext(ctx, ch.ChannelID, opts...)
	if err != nil {
		return "", postError(ch, err)
	}
	return ts, nil
}

// chartFile names a chart's upload after the chart and the message's key ("recap-w2026-03-02.sb1f2e.png"),
// so that a retry can tell whether it is already in the channel.
func chartFile(c bot.Chart, key string) string {
	name := strings.TrimSuffix(c.Name, ".png")
	if name == "" {
		name = "chart"
	}
	if key != "" {
		name += "." + key
	}
	return name + ".png"
}

// postChart uploads a reply's chart to the channel, once (see Post).
func (a *Adapter) postChart(ctx context.Context, ch bot.ChannelRef, c bot.Chart, send bot.Send) error {
	file := chartFile(c, send.Key)
	if send.MaybeSent {
		found, err := a.findFile(ctx, ch.ChannelID, file, send)
		if err != nil || found {
			return err
		}
	}
	img, err := chart.PNG(c)
	if err != nil {
		return bot.Errorf(bot.EINVALID, "draw the chart: %v", err)
	}
	err = a.call(ctx, func() error {
		_, err := a.api.UploadFileContext(ctx, slack.UploadFileParameters{Reader: bytes.NewReader(img), FileSize: len(img),
			Filename: file, Title: c.Title, AltTxt: bot.Truncate(c.AltText, 1000), Channel: ch.ChannelID})
		return err
	})
	if err == nil {
		return nil
	}
	// The error may quote the upload URL, which lets whoever has it write the file: the outbox logs it.
	err = fmt.Errorf("slack upload of chart %s to channel %s: %w", file, ch.ChannelID, redact.Error(err))
	var se slack.SlackErrorResponse
	if errors.As(err, &se) && (se.Err == "missing_scope" || se.Err == "not_allowed_token_type" || se.Err == "no_permission") {
		return fmt.Errorf("%w: %w", bot.Errorf(bot.EFORBIDDEN, "Slack refused the weekly recap's chart (%s): give the app the files:write scope and reinstall it; the recap's text was posted without it.", se.Err), err)
	}
	if problem := channelProblem(err); problem != nil {
		return fmt.Errorf("%w: %w", problem, err)
	}
	return err // not marked NotSent: the text is in the channel, and the retry must know it
}

// findFile looks for a file shared under this name in the channel's history since the first attempt.
func (a *Adapter) findFile(ctx context.Context, channel, name string, send bot.Send) (bool, error) {
	h, err := a.history(ctx, channel, send)
	if err != nil {
		return false, err
	}
	for _, m := range h.Messages {
		for _, f := range m.Files {
			if f.Name == name {
				return true, nil
			}
		}
	}
	return false, nil
}

// findPosted looks for a message carrying send's key in the channel's history since its first attempt.
func (a *Adapter) findPosted(ctx context.Context, channel string, send bot.Send) (string, bool, error) {
	h, err := a.history(ctx, channel, send)
	if err != nil {
		return "", false, err
	}
	for _, m := range h.Messages {
		if m.Metadata.EventType == metadataEvent && m.Metadata.EventPayload["key"] == send.Key {
			return m.Timestamp, true, nil
		}
	}
	return "", false, nil
}

// history reads the channel's messages since a minute before send's first attempt.
func (a *Adapter) history(ctx context.Context, channel string, send bot.Send) (*slack.GetConversationHistoryResponse, error) {
	oldest := send.Since.Add(-time.Minute)
	h, err := a.api.GetConversationHistoryContext(ctx, &slack.GetConversationHistoryParameters{ChannelID: channel,
		Oldest: fmt.Sprintf("%d.000000", oldest.Unix()), Limit: 200, IncludeAllMetadata: true})
	if err != nil {
		var se slack.SlackErrorResponse
		if errors.As(err, &se) && (se.Err == "missing_scope" || se.Err == "not_allowed_token_type" || se.Err == "not_in_channel") {
			return nil, fmt.Errorf("slack conversations.history in %s: %w: %w", channel, bot.Errorf(bot.EFORBIDDEN,
				"An earlier try may have posted this message, and Slack does not let studybot read the channel's history to check (%s): it was not sent again, so that it cannot appear twice. Give the app the channels:history and groups:history scopes.", se.Err), err)
		}
		return nil, fmt.Errorf("slack conversations.history in %s: %w", channel, err)
	}
	return h, nil
}

// pace keeps to about one message a second in each channel, Slack's limit for chat.postMessage.
func (a *Adapter) pace(ctx context.Context, channel string) error {
	a.mu.Lock()
	now := a.cfg.Now()
	next := a.nextPost[channel]
	wait := next.Sub(now)
	a.nextPost[channel] = maxTime(next, now).Add(time.Second)
	if len(a.nextPost) > 10000 {
		for k, t := range a.nextPost {
			if t.Before(now) {
				delete(a.nextPost, k)
			}
		}
	}
	a.mu.Unlock()
	if wait <= 0 {
		return nil
	}
	return a.cfg.Sleep(ctx, wait)
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// postError tells the outbox what a failed post means: a channel problem for a moderator; a rate limit,
// or an error Slack answered with, that made nothing; or (the core reads the rest) an outcome not known.
func postError(ch bot.ChannelRef, err error) error {
	err = fmt.Errorf("slack post to channel %s: %w", ch.ChannelID, err)
	if problem := channelProblem(err); problem != nil {
		return fmt.Errorf("%w: %w", problem, err)
	}
	var rl *slack.RateLimitedError
	if errors.As(err, &rl) {
		return bot.RetryAfter(err, rl.RetryAfter)
	}
	var se slack.SlackErrorResponse
	if errors.As(err, &se) {
		return bot.NotSent(err)
	}
	return err
}

// Edit implements bot.Chat with chat.update.
func (a *Adapter) Edit(ctx context.Context, ch bot.ChannelRef, messageID string, r bot.Reply) error {
	msg := toMsg(r)
	err := a.call(ctx, func() error {
		_, _, _, err := a.api.UpdateMessageContext(ctx, ch.ChannelID, messageID, slack.MsgOptionText(msg.Text, false), slack.MsgOptionBlocks(msg.Blocks.BlockSet...))
		return err
	})
	if err != nil {
		return fmt.Errorf("slack update %s in channel %s: %w", messageID, ch.ChannelID, err)
	}
	return nil
}

// channelProblem turns Slack's refusal of a channel into the core's moderator-facing error (see
// bot.Chat): the bot is not in the channel, or it is archived or gone.
func channelProblem(err error) *bot.Error {
	var se slack.SlackErrorResponse
	if !errors.As(err, &se) {
		return nil
	}
	switch se.Err {
	case "not_in_channel":
		return bot.Errorf(bot.EFORBIDDEN, "Slack says the bot is not in it (not_in_channel): invite it with /invite @studybot.")
	case "is_archived":
		return bot.Errorf(bot.EFORBIDDEN, "Slack says the channel is archived (is_archived): unarchive it, or schedule the questions in another channel.")
	case "channel_not_found":
		return bot.Errorf(bot.ENOTFOUND, "Slack cannot find the channel (channel_not_found): if it is private, invite the bot with /invite @studybot.")
	}
	return nil
}

var _ bot.Chat = (*Adapter)(nil)
