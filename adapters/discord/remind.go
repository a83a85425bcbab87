package discord

import (
	"context"
	"errors"
	"fmt"

	"github.com/bwmarrin/discordgo"

	"github.com/studybot/studybot/bot"
)

// DirectMessage implements bot.DirectMessenger: it opens (or finds) the bot's DM channel with the member
// (POST /users/@me/channels, which returns the existing one) and posts there as Post does, with the
// delivery's key as nonce, so a retry cannot double it. A member who does not take the bot's DMs (Discord
// 50007 "Cannot send messages to this user": they blocked it, share no server with it, or turned off DMs
// from server members) is refused with bot.ErrDMRefused.
func (a *Adapter) DirectMessage(ctx context.Context, g bot.GroupRef, userID string, r bot.Reply, send bot.Send) (string, error) {
	ch, err := a.s.UserChannelCreate(userID, discordgo.WithContext(ctx))
	if err != nil {
		err = fmt.Errorf("discord open DM channel with %s: %w", userID, err)
		if refusedDM(err) {
			return "", bot.NotSent(fmt.Errorf("%w: %w", bot.ErrDMRefused, err))
		}
		return "", bot.NotSent(err) // no message was made yet
	}
	r.Private = false // a DM is seen by the member alone already
	id, err := a.Post(ctx, bot.ChannelRef{Platform: g.Platform, GroupID: g.GroupID, ChannelID: ch.ID}, r, send)
	if refusedDM(err) {
		return "", fmt.Errorf("%w: %w", bot.ErrDMRefused, err)
	}
	return id, err
}

// refusedDM reports Discord's refusal of a direct message to a member (50007).
func refusedDM(err error) bool {
	var rest *discordgo.RESTError
	return errors.As(err, &rest) && rest.Message != nil && rest.Message.Code == discordgo.ErrCodeCannotSendMessagesToThisUser
}

var _ bot.DirectMessenger = (*Adapter)(nil)
