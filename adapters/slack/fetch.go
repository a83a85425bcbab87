package slack

// A file for /study pack import: Slack's slash commands carry text only, so the moderator shares the file
// in Slack first and gives its link (or id) after the command. The adapter asks files.info for it and
// downloads its url_private with the bot token, bounded in size and time, from files.slack.com only, and
// hands the core its name and bytes.

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/internal/redact"
)

// fileHost is where Slack serves files' url_private: the bot token goes with the download, so to no
// other host.
const fileHost = "files.slack.com"

// fetchTimeout bounds files.info and the download together.
const fetchTimeout = 20 * time.Second

// fileID is the shape of a Slack file id (F0123ABCD).
var fileID = regexp.MustCompile(`^F[A-Z0-9]{6,}$`)

// fileIDOf reads what a member typed after /study pack import: a file's id, or its link as Slack shows it
// (https://team.slack.com/files/U…/F…/name.csv), bare or as Slack escapes a link in a command's text
// (<https://…|label>).
func fileIDOf(ref string) (string, bool) {
	ref = strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(ref), "<"), ">")
	ref, _, _ = strings.Cut(ref, "|")
	if fileID.MatchString(ref) {
		return ref, true
	}
	u, err := url.Parse(ref)
	if err != nil || u.Host == "" {
		return "", false
	}
	for _, seg := range strings.Split(u.Path, "/") {
		if fileID.MatchString(seg) {
			return seg, true
		}
	}
	return "", false
}

// fileAllowed reports whether a file's url_private may be downloaded with the token: on fileHost over
// https, or on the configured API URL's host with its scheme (a proxy, or the fake in tests).
func (a *Adapter) fileAllowed(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil || u.User != nil || u.Host == "" {
		return false
	}
	if u.Scheme == "https" && (u.Port() == "" || u.Port() == "443") && strings.EqualFold(u.Hostname(), fileHost) {
		return true
	}
	return a.apiURL != nil && u.Scheme == a.apiURL.Scheme && strings.EqualFold(u.Host, a.apiURL.Host)
}

// fetchFile finds the file ref names with files.info and downloads it: refused before the download when
// Slack says it is over bot.MaxImportSize or its url is not on fileHost, and read to at most a byte past
// that size (the core refuses what is larger). Its errors are for the member; the token and the file's url
// are never logged.
func (a *Adapter) fetchFile(ctx context.Context, ref string) (*bot.File, error) {
	id, ok := fileIDOf(ref)
	if !ok {
		return nil, bot.Errorf(bot.EINVALID, "Share the file in Slack first, then give its link (More actions → Copy link) after /study pack import.")
	}
	ctx, cancel := context.WithTimeout(ctx, fetchTimeout)
	defer cancel()
	var f *slack.File
	err := a.call(ctx, func() (err error) {
		f, _, _, err = a.api.GetFileInfoContext(ctx, id, 0, 0)
		return err
	})
	if err != nil {
		var se slack.SlackErrorResponse
		switch {
		case errors.As(err, &se) && (se.Err == "file_not_found" || se.Err == "file_deleted"):
			return nil, bot.Errorf(bot.ENOTFOUND, "Slack has no file %s that studybot can see: share it in this channel, then give its link again.", id)
		case errors.As(err, &se) && se.Err == "missing_scope":
			return nil, bot.Errorf(bot.EFORBIDDEN, "studybot's Slack app lacks the files:read scope: ask a workspace admin to add it (see the README), then try again.")
		}
		a.log.WarnContext(ctx, "slack: files.info failed", redact.Err(err))
		return nil, bot.Errorf(bot.EUNAVAILABLE, "Slack did not say where file %s is; try again in a moment.", id)
	}
	if f.Size > bot.MaxImportSize {
		return nil, bot.Errorf(bot.EINVALID, "%s is over the %d MB /study pack import takes.", f.Name, bot.MaxImportSize>>20)
	}
	src := f.URLPrivateDownload
	if src == "" {
		src = f.URLPrivate
	}
	if f.IsExternal || !a.fileAllowed(src) {
		a.log.WarnContext(ctx, "slack: file not on Slack's file host; not fetched", "file", id, "host", hostOf(src))
		return nil, bot.Errorf(bot.EINVALID, "%s is not kept by Slack (an external file?), so studybot did not fetch it: upload the file itself.", f.Name)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, src, nil)
	if err != nil {
		return nil, fmt.Errorf("slack file %s request: %w", id, err)
	}
	req.Header.Set("Authorization", "Bearer "+a.cfg.BotToken)
	client := *a.cfg.HTTPClient
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse } // the token goes nowhere else
	resp, err := client.Do(req)
	if err != nil {
		a.log.WarnContext(ctx, "slack: file download failed", "file", id, redact.Err(err))
		return nil, bot.Errorf(bot.EUNAVAILABLE, "Slack's copy of %s could not be fetched; try again in a moment.", f.Name)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		a.log.WarnContext(ctx, "slack: file download refused", "file", id, "status", resp.StatusCode)
		return nil, bot.Errorf(bot.EUNAVAILABLE, "Slack's copy of %s could not be fetched (HTTP %d).", f.Name, resp.StatusCode)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, bot.MaxImportSize+1))
	if err != nil {
		a.log.WarnContext(ctx, "slack: file download cut short", "file", id, redact.Err(err))
		return nil, bot.Errorf(bot.EUNAVAILABLE, "Slack's copy of %s could not be fetched whole; try again in a moment.", f.Name)
	}
	return &bot.File{Name: f.Name, Data: data}, nil
}
