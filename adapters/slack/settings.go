package slack

import (
	"fmt"
	"strings"

	"github.com/studybot/studybot/bot"
)

// Settings are the Slack settings as an operator gives them (SLACK_* variables).
type Settings struct {
	BotToken      string // SLACK_BOT_TOKEN
	SigningSecret string // SLACK_SIGNING_SECRET
	AppToken      string // SLACK_APP_TOKEN
	APIURL        string // SLACK_API_URL
}

// Check reports the first setting that cannot be used, as a *bot.SettingError.
func (s Settings) Check() error {
	bad := func(name, format string, args ...any) error {
		return &bot.SettingError{Setting: name, Message: fmt.Sprintf(format, args...)}
	}
	if s.BotToken != "" && s.SigningSecret == "" && s.AppToken == "" {
		return bad("SLACK_BOT_TOKEN", "needs SLACK_SIGNING_SECRET (HTTP endpoints) or SLACK_APP_TOKEN (Socket Mode)")
	}
	if (s.SigningSecret != "" || s.AppToken != "") && s.BotToken == "" {
		return bad("SLACK_BOT_TOKEN", "is required when SLACK_SIGNING_SECRET or SLACK_APP_TOKEN is set")
	}
	if t := s.AppToken; t != "" && !strings.HasPrefix(t, "xapp-") {
		return bad("SLACK_APP_TOKEN", "must be an app-level token starting with xapp-")
	}
	if u := s.APIURL; u != "" && (!strings.HasPrefix(u, "http://") && !strings.HasPrefix(u, "https://") || !strings.HasSuffix(u, "/api/")) {
		return bad("SLACK_API_URL", "%q must be an http(s) URL ending in /api/", u)
	}
	return nil
}
