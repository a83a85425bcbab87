package discord

// A file attached to a command (/study pack import): Discord uploads it to its CDN before the interaction
// arrives, and the interaction names it in data.resolved.attachments. The adapter downloads it, bounded in
// size and time, from Discord's CDN only, and hands the core its name and bytes.

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/internal/redact"
)

// cdnHosts are where Discord keeps attachments. An attachment's url comes in a signed interaction, but the
// bot must not be made to fetch anything from anywhere else.
var cdnHosts = []string{"cdn.discordapp.com", "media.discordapp.net"}

// fetchTimeout bounds one attachment's download.
const fetchTimeout = 20 * time.Second

// attachmentOf is the file an application command's ATTACHMENT option names, from data.resolved; nil when
// the command has no such option. An option Discord did not resolve is an error.
func attachmentOf(i *discordgo.Interaction) (*discordgo.MessageAttachment, error) {
	if i.Type != discordgo.InteractionApplicationCommand {
		return nil, nil
	}
	data := i.ApplicationCommandData()
	opts := data.Options
	for len(opts) == 1 && (opts[0].Type == discordgo.ApplicationCommandOptionSubCommand || opts[0].Type == discordgo.ApplicationCommandOptionSubCommandGroup) {
		opts = opts[0].Options
	}
	for _, o := range opts {
		if o.Type != discordgo.ApplicationCommandOptionAttachment {
			continue
		}
		id, _ := o.Value.(string)
		if data.Resolved != nil && data.Resolved.Attachments[id] != nil {
			return data.Resolved.Attachments[id], nil
		}
		return nil, fmt.Errorf("discord sent no file for the option %s", o.Name)
	}
	return nil, nil
}

// cdnAllowed reports whether an attachment may be downloaded from u: one of cdnHosts over https, or the
// host of the configured API base with its scheme (a proxy, or the fake in tests).
func (a *Adapter) cdnAllowed(u *url.URL) bool {
	if u.User != nil || u.Host == "" {
		return false
	}
	if u.Scheme == "https" && (u.Port() == "" || u.Port() == "443") {
		for _, h := range cdnHosts {
			if strings.EqualFold(u.Hostname(), h) {
				return true
			}
		}
	}
	if a.cfg.APIBase == "" {
		return false
	}
	base, err := url.Parse(a.cfg.APIBase)
	return err == nil && base.Host != "" && u.Scheme == base.Scheme && strings.EqualFold(u.Host, base.Host)
}

// fetch downloads an attachment: refused before any byte when Discord says it is over bot.MaxImportSize or
// its url is not the CDN's, and read to at most a byte past that size (the core refuses what is larger).
// No token goes with the request: the CDN's url is signed. Its errors are for the member; the url, a
// credential for a while, is never logged.
func (a *Adapter) fetch(ctx context.Context, att *discordgo.MessageAttachment) (*bot.File, error) {
	if att.Size > bot.MaxImportSize {
		return nil, bot.Errorf(bot.EINVALID, "%s is over the %d MB /study pack import takes.", att.Filename, bot.MaxImportSize>>20)
	}
	u, err := url.Parse(att.URL)
	if err != nil || !a.cdnAllowed(u) {
		a.log.WarnContext(ctx, "discord: attachment not on Discord's CDN; not fetched", "host", hostOf(u))
		return nil, bot.Errorf(bot.EINVALID, "That file is not on Discord's CDN, so studybot did not fetch it.")
	}
	ctx, cancel := context.WithTimeout(ctx, fetchTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, fmt.Errorf("discord attachment request: %w", err)
	}
	resp, err := a.files.Do(req)
	if err != nil {
		a.log.WarnContext(ctx, "discord: attachment download failed", "host", u.Host, redact.Err(err))
		return nil, bot.Errorf(bot.EUNAVAILABLE, "Discord's copy of %s could not be fetched; try again in a moment.", att.Filename)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		a.log.WarnContext(ctx, "discord: attachment download refused", "host", u.Host, "status", resp.StatusCode)
		return nil, bot.Errorf(bot.EUNAVAILABLE, "Discord's copy of %s could not be fetched (HTTP %d); attach it again.", att.Filename, resp.StatusCode)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, bot.MaxImportSize+1))
	if err != nil {
		a.log.WarnContext(ctx, "discord: attachment download cut short", "host", u.Host, redact.Err(err))
		return nil, bot.Errorf(bot.EUNAVAILABLE, "Discord's copy of %s could not be fetched whole; try again in a moment.", att.Filename)
	}
	return &bot.File{Name: att.Filename, Data: data}, nil
}

func hostOf(u *url.URL) string {
	if u == nil {
		return "(unparsable)"
	}
	return u.Host
}
