package slack

import (
	"context"
	"errors"
	"fmt"

	"github.com/slack-go/slack"

	"github.com/studybot/studybot/bot"
)

// DirectMessage implements bot.DirectMessenger: conversations.open with the member gives the bot's DM
// channel with them (the same one each time), and the message is posted there as Post does, with the
// delivery's key as metadata, so that a retry finds it rather than posting it again. Slack refusing the
// conversation or the post for the member (dmRefusals) is bot.ErrDMRefused.
func (a *Adapter) DirectMessage(ctx context.Context, g bot.GroupRef, userID string, r bot.Reply, send bot.Send) (string, error) {
	var ch *slack.Channel
	err := a.call(ctx, func() (err error) {
		ch, _, _, err = a.api.OpenConversationContext(ctx, &slack.OpenConversationParameters{Users: []string{userID}})
		return err
	})
	if err != nil {
		err = fmt.Errorf("slack conversations.open with %s: %w", userID, err)
		if refusedDM(err) {
			err = fmt.Errorf("%w: %w", bot.ErrDMRefused, err)
		}
		return "", bot.NotSent(err) // no message was made yet
	}
	r.Private = false // a DM is seen by the member alone already
	ts, err := a.Post(ctx, bot.ChannelRef{Platform: g.Platform, GroupID: g.GroupID, ChannelID: ch.ID}, r, send)
	if refusedDM(err) {
		return "", fmt.Errorf("%w: %w", bot.ErrDMRefused, err)
	}
	return ts, err
}

// dmRefusals are the errors with which Slack refuses the bot a conversation with a member, or a post in
// it: the member is a bot, deactivated or gone, or the token may not open DMs.
var dmRefusals = map[string]bool{"cannot_dm_bot": true, "user_disabled": true, "user_not_found": true,
	"not_allowed_token_type": true, "channel_not_found": true}

// refusedDM reports whether err is Slack refusing the bot a DM with a member.
func refusedDM(err error) bool {
	var se slack.SlackErrorResponse
	return errors.As(err, &se) && dmRefusals[se.Err]
}

var _ bot.DirectMessenger = (*Adapter)(nil)
