package main

import (
	"encoding/hex"
	"flag"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Config is everything studybot reads from the environment, checked before anything opens.
type Config struct {
	DB       string
	HTTPAddr string
	Pack     string // optional: name of an imported pack to use instead of the embedded default

	DiscordToken     string
	DiscordAppID     string
	DiscordPublicKey string
	DiscordGateway   bool
	DiscordGuildIDs  []string
	DiscordAPIBase   string

	SlackBotToken      string
	SlackSigningSecret string
	SlackAppToken      string
	SlackAPIURL        string

	LogFormat string
	LogLevel  string
}

// ConfigError names the variable that is missing or malformed. It stops start-up with exit status 2.
type ConfigError struct {
	Var     string
	Message string
}

func (e *ConfigError) Error() string { return e.Var + ": " + e.Message }

// variable is one setting: its environment name, flag name, default and help.
type variable struct {
	env, flag, def, help string
	secret               bool // never printed
}

var variables = []variable{
	{env: "STUDYBOT_DB", flag: "db", def: "studybot.db", help: "SQLite file"},
	{env: "STUDYBOT_HTTP_ADDR", flag: "http-addr", def: ":8080", help: "HTTP listen address"},
	{env: "STUDYBOT_PACK", flag: "pack", help: "name of an imported pack to use instead of the embedded healthcare-it"},
	{env: "DISCORD_BOT_TOKEN", flag: "discord-token", help: "enables Discord", secret: true},
	{env: "DISCORD_APP_ID", flag: "discord-app-id", help: "application id (command registration, follow-ups)"},
	{env: "DISCORD_PUBLIC_KEY", flag: "discord-public-key", help: "hex Ed25519 key; enables POST /discord/interactions"},
	{env: "DISCORD_GATEWAY", flag: "discord-gateway", def: "true", help: "open the gateway (false for interactions-endpoint-only)"},
	{env: "DISCORD_GUILD_IDS", flag: "discord-guild-ids", help: "comma-separated guild ids to register /study in (instant)"},
	{env: "DISCORD_API_BASE", flag: "discord-api-base", help: "Discord REST base including the version"},
	{env: "SLACK_BOT_TOKEN", flag: "slack-bot-token", help: "enables Slack", secret: true},
	{env: "SLACK_SIGNING_SECRET", flag: "slack-signing-secret", help: "enables the Slack HTTP endpoints", secret: true},
	{env: "SLACK_APP_TOKEN", flag: "slack-app-token", help: "xapp-… token: enables Socket Mode", secret: true},
	{env: "SLACK_API_URL", flag: "slack-api-url", help: "Slack Web API base URL ending in /api/"},
	{env: "STUDYBOT_LOG_FORMAT", flag: "log-format", help: "text or json (default: text on a terminal, else json)"},
	{env: "STUDYBOT_LOG_LEVEL", flag: "log-level", def: "info", help: "debug, info, warn or error"},
}

// settings are the flags of one subcommand, which fall back to the environment and then to defaults.
type settings struct {
	fs     *flag.FlagSet
	getenv func(string) string
	vals   map[string]*string
}

// registerFlags adds a flag for every variable (or those named). Help shows the built-in defaults only,
// never a value from the environment, so a token cannot leak through `studybot help`.
func registerFlags(fs *flag.FlagSet, getenv func(string) string, only ...string) *settings {
	s := &settings{fs: fs, getenv: getenv, vals: map[string]*string{}}
	for _, v := range variables {
		if len(only) > 0 && !containsStr(only, v.env) {
			continue
		}
		s.vals[v.env] = fs.String(v.flag, v.def, v.help+" ["+v.env+"]")
	}
	return s
}

// resolve applies the environment to every flag not given on the command line; call it after Parse.
func (s *settings) resolve() map[string]*string {
	set := map[string]bool{}
	s.fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	for _, v := range variables {
		p := s.vals[v.env]
		if p == nil || set[v.flag] {
			continue
		}
		if e := s.getenv(v.env); e != "" {
			*p = e
		}
	}
	return s.vals
}

func containsStr(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// buildConfig checks every value and returns the first problem as a *ConfigError.
func buildConfig(vals map[string]*string) (Config, error) {
	get := func(k string) string {
		if p := vals[k]; p != nil {
			return strings.TrimSpace(*p)
		}
		return ""
	}
	c := Config{
		DB: get("STUDYBOT_DB"), HTTPAddr: get("STUDYBOT_HTTP_ADDR"), Pack: get("STUDYBOT_PACK"),
		DiscordToken: get("DISCORD_BOT_TOKEN"), DiscordAppID: get("DISCORD_APP_ID"), DiscordPublicKey: get("DISCORD_PUBLIC_KEY"),
		DiscordAPIBase: get("DISCORD_API_BASE"),
		SlackBotToken:  get("SLACK_BOT_TOKEN"), SlackSigningSecret: get("SLACK_SIGNING_SECRET"), SlackAppToken: get("SLACK_APP_TOKEN"),
		SlackAPIURL: get("SLACK_API_URL"),
		LogFormat:   strings.ToLower(get("STUDYBOT_LOG_FORMAT")), LogLevel: strings.ToLower(get("STUDYBOT_LOG_LEVEL")),
	}
	if vals["STUDYBOT_DB"] != nil {
		if c.DB == "" {
			return c, &ConfigError{"STUDYBOT_DB", "is empty; name the SQLite file"}
		}
		dir := filepath.Dir(c.DB)
		if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
			return c, &ConfigError{"STUDYBOT_DB", fmt.Sprintf("directory %s does not exist", dir)}
		}
	}
	if vals["STUDYBOT_HTTP_ADDR"] != nil {
		host, port, err := net.SplitHostPort(c.HTTPAddr)
		if err != nil {
			return c, &ConfigError{"STUDYBOT_HTTP_ADDR", fmt.Sprintf("%q is not host:port (e.g. :8080 or 127.0.0.1:8080)", c.HTTPAddr)}
		}
		if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
			return c, &ConfigError{"STUDYBOT_HTTP_ADDR", fmt.Sprintf("port %q is not a number from 0 to 65535", port)}
		}
		if host != "" && net.ParseIP(host) == nil && strings.ContainsAny(host, " /") {
			return c, &ConfigError{"STUDYBOT_HTTP_ADDR", fmt.Sprintf("host %q is not an address", host)}
		}
	}
	if vals["DISCORD_GATEWAY"] != nil {
		g, err := strconv.ParseBool(get("DISCORD_GATEWAY"))
		if err != nil {
			return c, &ConfigError{"DISCORD_GATEWAY", fmt.Sprintf("%q is not true or false", get("DISCORD_GATEWAY"))}
		}
		c.DiscordGateway = g
	}
	if k := c.DiscordPublicKey; k != "" {
		if b, err := hex.DecodeString(k); err != nil || len(b) != 32 {
			return c, &ConfigError{"DISCORD_PUBLIC_KEY", "must be 64 hex characters (the application's public key)"}
		}
	}
	if c.DiscordToken != "" && c.DiscordAppID == "" {
		return c, &ConfigError{"DISCORD_APP_ID", "is required when DISCORD_BOT_TOKEN is set"}
	}
	if c.DiscordAppID != "" {
		if _, err := strconv.ParseUint(c.DiscordAppID, 10, 64); err != nil {
			return c, &ConfigError{"DISCORD_APP_ID", fmt.Sprintf("%q is not a Discord id (digits)", c.DiscordAppID)}
		}
	}
	if c.DiscordPublicKey != "" && c.DiscordToken == "" {
		return c, &ConfigError{"DISCORD_BOT_TOKEN", "is required when DISCORD_PUBLIC_KEY is set (posting needs the bot token)"}
	}
	if c.DiscordToken != "" && !c.DiscordGateway && c.DiscordPublicKey == "" {
		return c, &ConfigError{"DISCORD_PUBLIC_KEY", "is required when DISCORD_GATEWAY=false (interactions must arrive somewhere)"}
	}
	if v := get("DISCORD_GUILD_IDS"); v != "" {
		for _, id := range strings.Split(v, ",") {
			id = strings.TrimSpace(id)
			if _, err := strconv.ParseUint(id, 10, 64); err != nil {
				return c, &ConfigError{"DISCORD_GUILD_IDS", fmt.Sprintf("%q is not a guild id (digits)", id)}
			}
			c.DiscordGuildIDs = append(c.DiscordGuildIDs, id)
		}
	}
	if b := c.DiscordAPIBase; b != "" && !strings.HasPrefix(b, "http://") && !strings.HasPrefix(b, "https://") {
		return c, &ConfigError{"DISCORD_API_BASE", fmt.Sprintf("%q is not an http(s) URL", b)}
	}
	if c.SlackBotToken != "" && c.SlackSigningSecret == "" && c.SlackAppToken == "" {
		return c, &ConfigError{"SLACK_BOT_TOKEN", "needs SLACK_SIGNING_SECRET (HTTP endpoints) or SLACK_APP_TOKEN (Socket Mode)"}
	}
	if (c.SlackSigningSecret != "" || c.SlackAppToken != "") && c.SlackBotToken == "" {
		return c, &ConfigError{"SLACK_BOT_TOKEN", "is required when SLACK_SIGNING_SECRET or SLACK_APP_TOKEN is set"}
	}
	if t := c.SlackAppToken; t != "" && !strings.HasPrefix(t, "xapp-") {
		return c, &ConfigError{"SLACK_APP_TOKEN", "must be an app-level token starting with xapp-"}
	}
	if u := c.SlackAPIURL; u != "" && (!strings.HasPrefix(u, "http://") && !strings.HasPrefix(u, "https://") || !strings.HasSuffix(u, "/api/")) {
		return c, &ConfigError{"SLACK_API_URL", fmt.Sprintf("%q must be an http(s) URL ending in /api/", u)}
	}
	switch c.LogFormat {
	case "", "text", "json":
	default:
		return c, &ConfigError{"STUDYBOT_LOG_FORMAT", fmt.Sprintf("%q is not text or json", c.LogFormat)}
	}
	switch c.LogLevel {
	case "", "debug", "info", "warn", "error":
	default:
		return c, &ConfigError{"STUDYBOT_LOG_LEVEL", fmt.Sprintf("%q is not debug, info, warn or error", c.LogLevel)}
	}
	return c, nil
}

// HasPlatform reports whether any chat platform is configured.
func (c Config) HasPlatform() bool { return c.DiscordToken != "" || c.SlackBotToken != "" }
