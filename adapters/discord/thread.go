package discord

// Discussion threads: a public thread started on a reveal, with why each option is right or wrong.

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/studybot/studybot/bot"
)

// threadArchive is how long a reveal's thread stays open without messages (minutes): a day, until the next
// question's reveal opens the next one.
const threadArchive = 1440

// threadPermissions are what the bot needs in a channel to open a reveal's thread and post in it.
var threadPermissions = []permission{{discordgo.PermissionCreatePublicThreads, "Create Public Threads"},
	{discordgo.PermissionSendMessagesInThreads, "Send Messages in Threads"}}

// threadProblem says what the bot lacks to open the reveals' threads in the channel, as postProblem does for
// the card ("" when nothing, or Discord did not say).
func threadProblem(have int64) string {
	missing := lacking(have, threadPermissions)
	if missing == "" {
		return ""
	}
	return fmt.Sprintf("it lacks %s here. Give it in Edit Channel → Permissions, or turn the threads off with threads off.", missing)
}

// PostThread implements bot.Threader. The thread is started on the reveal (POST
// /channels/{channel.id}/messages/{message.id}/threads) and the message is posted in it as Post posts any
// message (the thread is a channel): with its nonce, its key in the embed's footer, and the search for it
// past the nonce window. Discord gives a thread started on a message the message's id, and answers a second
// start with 160004 ("A thread has already been created for this message"), so a retry after an attempt
// that may have started it posts in that thread instead of starting another.
func (a *Adapter) PostThread(ctx context.Context, ch bot.ChannelRef, d bot.Discussion, r bot.Reply, send bot.Send) (string, error) {
	thread, err := a.startThread(ctx, ch, d)
	if err != nil {
		return "", err
	}
	in := bot.ChannelRef{Platform: ch.Platform, GroupID: ch.GroupID, ChannelID: thread}
	id, err := a.post(ctx, in, r, threadMessage(r), send)
	if err != nil {
		if problem := threadRefused(err); problem != nil {
			return "", fmt.Errorf("%w: %w", problem, err)
		}
		return "", err
	}
	return id, nil
}

// startThread starts the public thread on the message d.Parent, or finds the one started before, and
// returns its id.
func (a *Adapter) startThread(ctx context.Context, ch bot.ChannelRef, d bot.Discussion) (string, error) {
	name := strings.TrimSpace(d.Title)
	if name == "" {
		name = "Discussion"
	}
	t, err := a.s.MessageThreadStartComplex(ch.ChannelID, d.Parent, &discordgo.ThreadStart{Name: bot.Truncate(name, 100), AutoArchiveDuration: threadArchive},
		discordgo.WithContext(ctx))
	if err == nil {
		return t.ID, nil
	}
	err = fmt.Errorf("discord start thread on message %s in channel %s: %w", d.Parent, ch.ChannelID, err)
	var rest *discordgo.RESTError
	if errors.As(err, &rest) && rest.Message != nil {
		switch rest.Message.Code {
		case discordgo.ErrCodeThreadAlreadyCreatedForThisMessage:
			return d.Parent, nil // a thread started on a message has the message's id
		case discordgo.ErrCodeUnknownMessage:
			return "", fmt.Errorf("%w: %w", bot.Errorf(bot.EINVALID, "The reveal was deleted before its thread could be started."), err)
		}
	}
	if problem := threadRefused(err); problem != nil {
		return "", fmt.Errorf("%w: %w", problem, err)
	}
	var rl *discordgo.RateLimitError
	if errors.As(err, &rl) {
		return "", bot.RetryAfter(err, rl.RetryAfter)
	}
	if errors.As(err, &rest) && rest.Response != nil && rest.Response.StatusCode < http.StatusInternalServerError {
		return "", bot.NotSent(err) // Discord answered with an error: it started nothing
	}
	// A timeout or a 5xx may have started it: the retry is answered 160004 and posts in it.
	return "", err
}

// threadRefused turns Discord's refusal of a thread into the moderator-facing error: the permissions to
// start one and post in it, or a channel that is gone.
func threadRefused(err error) *bot.Error {
	var rest *discordgo.RESTError
	if !errors.As(err, &rest) || rest.Message == nil {
		return nil
	}
	switch rest.Message.Code {
	case discordgo.ErrCodeMissingAccess, discordgo.ErrCodeMissingPermissions:
		return bot.Errorf(bot.EFORBIDDEN, "Discord says %q: give studybot Create Public Threads and Send Messages in Threads in this channel (Edit Channel → Permissions), or turn the threads off with /study schedule HH:MM threads off.", rest.Message.Message)
	case discordgo.ErrCodeCannotExecuteActionOnThisChannelType:
		return bot.Errorf(bot.EFORBIDDEN, "Discord says %q: this kind of channel has no threads; turn them off here with /study schedule HH:MM threads off.", rest.Message.Message)
	}
	return channelProblem(err)
}

// threadMessage renders the thread's message as an embed, so that it carries its key where a search past
// the nonce window finds it (see markKey).
func threadMessage(r bot.Reply) *discordgo.InteractionResponseData {
	text := inert(r.Text)
	if r.Source != "" {
		text += "\n\nSource: " + links(r.Source)
	}
	return &discordgo.InteractionResponseData{Embeds: []*discordgo.MessageEmbed{{Description: bot.Truncate(text, maxDescription), Color: colourReveal}}}
}

var _ bot.Threader = (*Adapter)(nil)
