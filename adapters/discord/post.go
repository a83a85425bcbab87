package discord

// Sending to a channel: a post made once whatever the retries, an edit, and what a refusal means for the
// moderator (the permissions a post needs).

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/web/chart"
)

// Post implements bot.Chat. The message goes with send.Key as its nonce and enforce_nonce set, so Discord
// returns the message it already made for that nonce instead of making another: an attempt retried after a
// timeout or a 5xx cannot double it. (discordgo v0.29's MessageSend has no enforce_nonce, so the create is
// sent through the session's request method with a body of our own.) A reply with a chart (the weekly
// recap) is the same create as multipart/form-data: the JSON as payload_json, nonce and all, and the PNG as
// files[0], so the image is part of the one message the nonce protects.
//
// Discord remembers a nonce for a few minutes only, and does not keep it with the message. So the key is
// also written where Discord keeps it (markKey), and a retry of a message an earlier attempt may have
// made, past nonceWindow after the first, looks for it among the channel's messages (findPosted) before
// sending it again.
func (a *Adapter) Post(ctx context.Context, ch bot.ChannelRef, r bot.Reply, send bot.Send) (string, error) {
	return a.post(ctx, ch, r, render(r), send)
}

// post creates a message rendered as data (a reply's chart aside) in a channel, as Post says.
func (a *Adapter) post(ctx context.Context, ch bot.ChannelRef, r bot.Reply, data *discordgo.InteractionResponseData, send bot.Send) (string, error) {
	endpoint := discordgo.EndpointChannelMessages(ch.ChannelID)
	create := messageCreate{Content: data.Content, Embeds: data.Embeds,
		Components: data.Components, AllowedMentions: &discordgo.MessageAllowedMentions{}, Nonce: send.Key, EnforceNonce: send.Key != ""}
	var chartName *string
	if r.Chart != nil {
		name := cmp.Or(r.Chart.Name, "chart.png")
		chartName = &name
	}
	marked := markKey(&create, chartName, send.Key)
	if send.MaybeSent && send.Key != "" && send.Age >= nonceWindow {
		if !marked {
			return "", bot.Errorf(bot.EINVALID, "An earlier try may have posted this message more than %v ago, when Discord no longer checks its nonce, and it has nothing to find it by: it was not sent again, so that it cannot appear twice.", nonceWindow)
		}
		id, found, err := a.findPosted(ctx, ch.ChannelID, send)
		if err != nil || found {
			return id, err
		}
	}
	var body []byte
	var err error
	if r.Chart == nil {
		body, err = a.s.RequestWithBucketID(http.MethodPost, endpoint, create, endpoint, discordgo.WithContext(ctx))
	} else {
		img, cerr := chart.PNG(*r.Chart)
		if cerr != nil {
			return "", bot.Errorf(bot.EINVALID, "draw the chart: %v", cerr)
		}
		name := *chartName
		create.Attachments = []attachment{{ID: 0, Filename: name, Description: bot.Truncate(r.Chart.AltText, maxAltText)}}
		contentType, multipart, merr := discordgo.MultipartBodyWithJSON(create, []*discordgo.File{{Name: name, ContentType: chart.ContentType, Reader: bytes.NewReader(img)}})
		if merr != nil {
			return "", bot.Errorf(bot.EINVALID, "build the message: %v", merr)
		}
		body, err = a.s.RequestRaw(http.MethodPost, endpoint, contentType, multipart, endpoint, 0, discordgo.WithContext(ctx))
	}
	if err != nil {
		return "", postError(ch, err)
	}
	var m discordgo.Message
	if err := json.Unmarshal(body, &m); err != nil || m.ID == "" {
		return "", fmt.Errorf("discord post to channel %s: unreadable answer: %v", ch.ChannelID, err)
	}
	return m.ID, nil
}

// messageCreate is the body of a message create, with the nonce fields discordgo's MessageSend lacks.
type messageCreate struct {
	Content         string                            `json:"content,omitempty"`
	Embeds          []*discordgo.MessageEmbed         `json:"embeds,omitempty"`
	Components      []discordgo.MessageComponent      `json:"components,omitempty"`
	AllowedMentions *discordgo.MessageAllowedMentions `json:"allowed_mentions,omitempty"`
	Nonce           string                            `json:"nonce,omitempty"`
	EnforceNonce    bool                              `json:"enforce_nonce,omitempty"`
	Attachments     []attachment                      `json:"attachments,omitempty"`
}

// attachment describes files[ID] of a multipart create: its name and alt text.
type attachment struct {
	ID          int    `json:"id"`
	Filename    string `json:"filename"`
	Description string `json:"description,omitempty"`
}

// maxAltText is Discord's limit on an attachment's description.
const maxAltText = 1024

// postError tells the outbox what a failed create means: a channel problem for a moderator, a rate limit
// that made nothing, or (the core reads the rest) an outcome not known.
func postError(ch bot.ChannelRef, err error) error {
	err = fmt.Errorf("discord post to channel %s: %w", ch.ChannelID, err)
	if problem := channelProblem(err); problem != nil {
		return fmt.Errorf("%w: %w", problem, err)
	}
	var rl *discordgo.RateLimitError
	if errors.As(err, &rl) {
		return bot.RetryAfter(err, rl.RetryAfter)
	}
	return err
}

// permission is one channel permission the bot needs, by its bit and the name Discord's settings show.
type permission struct {
	bit  int64
	name string
}

// postPermissions are what the bot needs in a channel to post the daily card there.
var postPermissions = []permission{{discordgo.PermissionViewChannel, "View Channel"}, {discordgo.PermissionSendMessages, "Send Messages"},
	{discordgo.PermissionEmbedLinks, "Embed Links"}}

// lacking names the permissions of need that have (the bot's own permissions in the channel, which
// Discord sends with every interaction as app_permissions) does not grant, joined for a message; "" when
// it grants them all or Discord did not say (have is zero).
func lacking(have int64, need []permission) string {
	if have == 0 {
		return ""
	}
	var missing []string
	for _, p := range need {
		if have&p.bit == 0 {
			missing = append(missing, p.name)
		}
	}
	return strings.Join(missing, ", ")
}

// postProblem says what the bot lacks to post the daily card in the channel ("" when nothing, or Discord did
// not say).
func postProblem(have int64) string {
	missing := lacking(have, postPermissions)
	if missing == "" {
		return ""
	}
	return fmt.Sprintf("it lacks %s here. Give it in Edit Channel → Permissions, or the questions will not appear.", missing)
}

// channelProblem turns Discord's refusal of a channel into the core's moderator-facing error (see
// bot.Chat): no access or permission in the channel, or a channel that is gone.
func channelProblem(err error) *bot.Error {
	var rest *discordgo.RESTError
	if !errors.As(err, &rest) || rest.Message == nil {
		return nil
	}
	switch rest.Message.Code {
	case discordgo.ErrCodeMissingAccess, discordgo.ErrCodeMissingPermissions:
		return bot.Errorf(bot.EFORBIDDEN, "Discord says %q: give studybot View Channel, Send Messages and Embed Links in this channel (Edit Channel → Permissions).", rest.Message.Message)
	case discordgo.ErrCodeUnknownChannel:
		return bot.Errorf(bot.ENOTFOUND, "Discord no longer knows this channel; schedule the questions in another one.")
	}
	return nil
}

// Edit implements bot.Chat.
func (a *Adapter) Edit(ctx context.Context, ch bot.ChannelRef, messageID string, r bot.Reply) error {
	data := render(r)
	edit := discordgo.NewMessageEdit(ch.ChannelID, messageID)
	edit.Content, edit.Embeds, edit.Components = &data.Content, &data.Embeds, &data.Components
	if _, err := a.s.ChannelMessageEditComplex(edit, discordgo.WithContext(ctx)); err != nil {
		return fmt.Errorf("discord edit message %s in channel %s: %w", messageID, ch.ChannelID, err)
	}
	return nil
}
