package discord

import (
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"

	"github.com/studybot/studybot/bot"
)

// Settings are the Discord settings as an operator gives them (DISCORD_* variables).
type Settings struct {
	Token     string // DISCORD_BOT_TOKEN
	AppID     string // DISCORD_APP_ID
	PublicKey string // DISCORD_PUBLIC_KEY, hex
	Gateway   bool   // DISCORD_GATEWAY
	GuildIDs  string // DISCORD_GUILD_IDS, comma-separated
	APIBase   string // DISCORD_API_BASE
}

// Check reports the first setting that cannot be used, as a *bot.SettingError, and the guild ids given.
func (s Settings) Check() (guilds []string, err error) {
	bad := func(name, format string, args ...any) ([]string, error) {
		return nil, &bot.SettingError{Setting: name, Message: fmt.Sprintf(format, args...)}
	}
	if k := s.PublicKey; k != "" {
		if b, err := hex.DecodeString(k); err != nil || len(b) != 32 {
			return bad("DISCORD_PUBLIC_KEY", "must be 64 hex characters (the application's public key)")
		}
	}
	if s.Token != "" && s.AppID == "" {
		return bad("DISCORD_APP_ID", "is required when DISCORD_BOT_TOKEN is set")
	}
	if s.AppID != "" {
		if _, err := strconv.ParseUint(s.AppID, 10, 64); err != nil {
			return bad("DISCORD_APP_ID", "%q is not a Discord id (digits)", s.AppID)
		}
	}
	if s.PublicKey != "" && s.Token == "" {
		return bad("DISCORD_BOT_TOKEN", "is required when DISCORD_PUBLIC_KEY is set (posting needs the bot token)")
	}
	if s.Token != "" && !s.Gateway && s.PublicKey == "" {
		return bad("DISCORD_PUBLIC_KEY", "is required when DISCORD_GATEWAY=false (interactions must arrive somewhere)")
	}
	if s.GuildIDs != "" {
		for _, id := range strings.Split(s.GuildIDs, ",") {
			id = strings.TrimSpace(id)
			if _, err := strconv.ParseUint(id, 10, 64); err != nil {
				return bad("DISCORD_GUILD_IDS", "%q is not a guild id (digits)", id)
			}
			guilds = append(guilds, id)
		}
	}
	if b := s.APIBase; b != "" && !strings.HasPrefix(b, "http://") && !strings.HasPrefix(b, "https://") {
		return bad("DISCORD_API_BASE", "%q is not an http(s) URL", b)
	}
	return guilds, nil
}
