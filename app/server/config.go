package server

import (
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"net"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/studybot/studybot/adapters/discord"
	slackad "github.com/studybot/studybot/adapters/slack"
	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/data/postgres"
)

// Config is everything studybot reads from the environment, checked before anything opens.
type Config struct {
	DB       string
	HTTPAddr string
	Pack     string // optional: name of an imported pack to use instead of the embedded default
	// PublicURL is where this server is reached from outside, for the web page links /study web gives.
	PublicURL string
	// TrustedProxies are the reverse proxies whose X-Forwarded-For and X-Forwarded-Proto the web page
	// believes (for its per-client rate limit and HSTS); none by default.
	TrustedProxies []netip.Prefix

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
	// OutboxLease is how long a replica's claim on an outbox message lasts (0: bot.DefaultDeliveryLease).
	OutboxLease time.Duration
}

// ConfigError names the variable that is missing or malformed. It stops start-up with exit status 2.
type ConfigError struct {
	Var     string
	Message string
}

func (e *ConfigError) Error() string { return e.Var + ": " + e.Message }

// settingError turns an adapter's *bot.SettingError into the program's ConfigError.
func settingError(err error) error {
	var se *bot.SettingError
	if errors.As(err, &se) {
		return &ConfigError{Var: se.Setting, Message: se.Message}
	}
	return err
}

// ErrUsage means the flags could not be parsed; the flag package has already said why.
var ErrUsage = errors.New("usage")

// Variable is one setting: its environment name, flag name, default and help.
type Variable struct {
	Env, Flag, Def, Help string
	// Secret settings are read from the environment, or from the file Env+"_FILE" names (Docker's and
	// Kubernetes' secrets), and never from a flag: ps shows a command line to every user of the machine.
	// Flag is the name of the flag they once had, which is refused with a line saying so.
	Secret bool
	// File allows Env+"_FILE" for a setting that has a flag too (STUDYBOT_DB: a file name is no secret,
	// a PostgreSQL URL with a password is).
	File bool
}

// FileVar is the variable naming a file to read v from, or "" if v is read from the environment only.
func (v Variable) FileVar() string {
	if v.Secret || v.File {
		return v.Env + "_FILE"
	}
	return ""
}

// Variables lists every setting, for flags and help.
var Variables = []Variable{
	{Env: "STUDYBOT_DB", Flag: "db", Def: "studybot.db", Help: "SQLite file, or a postgres:// URL (several replicas may share it)", File: true},
	{Env: "STUDYBOT_HTTP_ADDR", Flag: "http-addr", Def: ":8080", Help: "HTTP listen address"},
	{Env: "STUDYBOT_PUBLIC_URL", Flag: "public-url", Help: "the address studybot's HTTP server is reached at from outside, e.g. https://study.example.com: enables /study web"},
	{Env: "STUDYBOT_TRUSTED_PROXIES", Flag: "trusted-proxies", Help: "comma-separated addresses or networks (CIDR) of the reverse proxies in front of studybot, whose X-Forwarded-For and X-Forwarded-Proto the web page believes"},
	{Env: "STUDYBOT_PACK", Flag: "pack", Help: "name of an imported pack to use instead of the embedded healthcare-it"},
	{Env: "DISCORD_BOT_TOKEN", Flag: "discord-token", Help: "enables Discord", Secret: true},
	{Env: "DISCORD_APP_ID", Flag: "discord-app-id", Help: "application id (command registration, follow-ups)"},
	{Env: "DISCORD_PUBLIC_KEY", Flag: "discord-public-key", Help: "hex Ed25519 key; enables POST /discord/interactions"},
	{Env: "DISCORD_GATEWAY", Flag: "discord-gateway", Def: "true", Help: "open the gateway (false for interactions-endpoint-only)"},
	{Env: "DISCORD_GUILD_IDS", Flag: "discord-guild-ids", Help: "comma-separated guild ids to register /study in (instant)"},
	{Env: "DISCORD_API_BASE", Flag: "discord-api-base", Help: "Discord REST base including the version"},
	{Env: "SLACK_BOT_TOKEN", Flag: "slack-bot-token", Help: "enables Slack", Secret: true},
	{Env: "SLACK_SIGNING_SECRET", Flag: "slack-signing-secret", Help: "enables the Slack HTTP endpoints", Secret: true},
	{Env: "SLACK_APP_TOKEN", Flag: "slack-app-token", Help: "xapp-… token: enables Socket Mode", Secret: true},
	{Env: "SLACK_API_URL", Flag: "slack-api-url", Help: "Slack Web API base URL ending in /api/"},
	{Env: "STUDYBOT_LOG_FORMAT", Flag: "log-format", Help: "text or json (default: text on a terminal, else json)"},
	{Env: "STUDYBOT_LOG_LEVEL", Flag: "log-level", Def: "info", Help: "debug, info, warn or error"},
	{Env: "STUDYBOT_OUTBOX_LEASE", Flag: "outbox-lease", Help: "how long a replica's claim on a message lasts, so how long a dead replica's message waits before another sends it (default " +
		bot.DefaultDeliveryLease.String() + ")"},
}

// Settings are the flags of one subcommand, which fall back to the environment (or a file it names) and
// then to defaults.
type Settings struct {
	fs     *flag.FlagSet
	getenv func(string) string
	vals   map[string]*string
	// refused are the secret flags given on the command line, by variable.
	refused map[string]bool
}

// RegisterFlags adds a flag for every variable (or those named) that is not secret. A secret's old flag is
// still known, so that Resolve can say where the value goes instead; its value is never kept. Help shows
// the built-in defaults only, never a value from the environment, so a token cannot leak through
// `studybot help`.
func RegisterFlags(fs *flag.FlagSet, getenv func(string) string, only ...string) *Settings {
	s := &Settings{fs: fs, getenv: getenv, vals: map[string]*string{}, refused: map[string]bool{}}
	for _, v := range Variables {
		if len(only) > 0 && !containsStr(only, v.Env) {
			continue
		}
		if v.Secret {
			s.vals[v.Env] = new(string)
			fs.Var(refusedFlag{s.refused, v.Env}, v.Flag, "not accepted: set "+v.Env+" or "+v.FileVar())
			continue
		}
		help := v.Help + " [" + v.Env
		if f := v.FileVar(); f != "" {
			help += " or " + f
		}
		s.vals[v.Env] = fs.String(v.Flag, v.Def, help+"]")
	}
	return s
}

// refusedFlag is a secret's old flag: it notes that it was given and drops the value.
type refusedFlag struct {
	given map[string]bool
	env   string
}

func (f refusedFlag) String() string   { return "" }
func (f refusedFlag) Set(string) error { f.given[f.env] = true; return nil }

// Resolve applies the environment to every flag not given on the command line; call it after Parse. A
// variable NAME with a FileVar may instead come from the file NAME_FILE names, its final newline dropped.
// It returns a *ConfigError for a secret given as a flag, a PostgreSQL URL with a password given as -db,
// both NAME and NAME_FILE set, or a file that cannot be read or is empty.
func (s *Settings) Resolve() (map[string]*string, error) {
	set := map[string]bool{}
	s.fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	for _, v := range Variables {
		p := s.vals[v.Env]
		if p == nil {
			continue
		}
		if s.refused[v.Env] {
			return nil, &ConfigError{v.Env, fmt.Sprintf("-%s is not accepted: a command line shows in ps; set %s or %s (a file holding it)", v.Flag, v.Env, v.FileVar())}
		}
		if set[v.Flag] {
			if v.File && IsPostgres(*p) && postgres.HasSecret(*p) {
				return nil, &ConfigError{v.Env, fmt.Sprintf("-%s is not accepted with a password in the URL: a command line shows in ps; set %s or %s (a file holding it)", v.Flag, v.Env, v.FileVar())}
			}
			continue
		}
		e := s.getenv(v.Env)
		if fv := v.FileVar(); fv != "" && s.getenv(fv) != "" {
			if e != "" {
				return nil, &ConfigError{v.Env, fmt.Sprintf("both %s and %s are set; set one", v.Env, fv)}
			}
			val, err := readSecretFile(s.getenv(fv))
			if err != nil {
				return nil, &ConfigError{fv, err.Error()}
			}
			e = val
		}
		if e != "" {
			*p = e
		}
	}
	return s.vals, nil
}

// readSecretFile reads a setting from a file, as Docker and Kubernetes mount secrets: the whole file, less
// the line ending an editor or `echo` leaves at its end.
func readSecretFile(path string) (string, error) {
	b, err := os.ReadFile(path)
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err // the path is said once
	}
	if err != nil {
		return "", fmt.Errorf("cannot read %s: %w", path, err)
	}
	v := strings.TrimRight(string(b), "\r\n")
	if strings.TrimSpace(v) == "" {
		return "", fmt.Errorf("%s is empty", path)
	}
	return v, nil
}

func containsStr(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// BuildConfig checks every value and returns the first problem as a *ConfigError.
func BuildConfig(vals map[string]*string) (Config, error) {
	get := func(k string) string {
		if p := vals[k]; p != nil {
			return strings.TrimSpace(*p)
		}
		return ""
	}
	c := Config{
		DB: get("STUDYBOT_DB"), HTTPAddr: get("STUDYBOT_HTTP_ADDR"), Pack: get("STUDYBOT_PACK"), PublicURL: get("STUDYBOT_PUBLIC_URL"),
		DiscordToken: get("DISCORD_BOT_TOKEN"), DiscordAppID: get("DISCORD_APP_ID"), DiscordPublicKey: get("DISCORD_PUBLIC_KEY"),
		DiscordAPIBase: get("DISCORD_API_BASE"),
		SlackBotToken:  get("SLACK_BOT_TOKEN"), SlackSigningSecret: get("SLACK_SIGNING_SECRET"), SlackAppToken: get("SLACK_APP_TOKEN"),
		SlackAPIURL: get("SLACK_API_URL"),
		LogFormat:   strings.ToLower(get("STUDYBOT_LOG_FORMAT")), LogLevel: strings.ToLower(get("STUDYBOT_LOG_LEVEL")),
	}
	if vals["STUDYBOT_DB"] != nil {
		if msg := CheckDB(c.DB); msg != "" {
			return c, &ConfigError{"STUDYBOT_DB", msg}
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
	if u := c.PublicURL; u != "" {
		p, err := url.Parse(u)
		if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" || p.RawQuery != "" || p.Fragment != "" {
			return c, &ConfigError{"STUDYBOT_PUBLIC_URL", fmt.Sprintf("%q is not an http(s) URL like https://study.example.com", u)}
		}
		c.PublicURL = strings.TrimRight(u, "/")
	}
	if v := get("STUDYBOT_TRUSTED_PROXIES"); v != "" {
		for _, f := range strings.Split(v, ",") {
			p, err := parsePrefix(strings.TrimSpace(f))
			if err != nil {
				return c, &ConfigError{"STUDYBOT_TRUSTED_PROXIES", fmt.Sprintf("%q is not an address or a network like 10.0.0.0/8", strings.TrimSpace(f))}
			}
			c.TrustedProxies = append(c.TrustedProxies, p)
		}
	}
	if vals["DISCORD_GATEWAY"] != nil {
		g, err := strconv.ParseBool(get("DISCORD_GATEWAY"))
		if err != nil {
			return c, &ConfigError{"DISCORD_GATEWAY", fmt.Sprintf("%q is not true or false", get("DISCORD_GATEWAY"))}
		}
		c.DiscordGateway = g
	}
	// Each adapter checks its own settings.
	guilds, err := discord.Settings{Token: c.DiscordToken, AppID: c.DiscordAppID, PublicKey: c.DiscordPublicKey,
		Gateway: c.DiscordGateway, GuildIDs: get("DISCORD_GUILD_IDS"), APIBase: c.DiscordAPIBase}.Check()
	if err != nil {
		return c, settingError(err)
	}
	c.DiscordGuildIDs = guilds
	slackSettings := slackad.Settings{BotToken: c.SlackBotToken, SigningSecret: c.SlackSigningSecret, AppToken: c.SlackAppToken,
		APIURL: c.SlackAPIURL}
	if err := slackSettings.Check(); err != nil {
		return c, settingError(err)
	}
	if v := get("STUDYBOT_OUTBOX_LEASE"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d < time.Second {
			return c, &ConfigError{"STUDYBOT_OUTBOX_LEASE", fmt.Sprintf("%q is not a duration of at least 1s, such as 30s", v)}
		}
		c.OutboxLease = d
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

// parsePrefix reads an address (a network of one) or a network in CIDR notation.
func parsePrefix(s string) (netip.Prefix, error) {
	if strings.Contains(s, "/") {
		p, err := netip.ParsePrefix(s)
		return p.Masked(), err
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Prefix{}, err
	}
	a = a.Unmap()
	return netip.PrefixFrom(a, a.BitLen()), nil
}

// CheckDB says what is wrong with a database setting (a SQLite file or a postgres:// URL), or "".
func CheckDB(db string) string {
	switch {
	case db == "":
		return "is empty; name the SQLite file or a postgres:// URL"
	case IsPostgres(db):
		if err := postgres.CheckDSN(db); err != nil {
			return err.Error()
		}
	case strings.Contains(db, "://"):
		return "is a URL but not postgres:// or postgresql://; for SQLite name a file"
	case IsKeyValueDSN(db):
		// Taken as a file name, it would start studybot on an empty SQLite file named after the password.
		return "looks like a libpq key=value connection string; give PostgreSQL as a URL: postgres://USER:PASSWORD@HOST:5432/DBNAME?sslmode=require"
	default:
		dir := filepath.Dir(db)
		if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
			return fmt.Sprintf("directory %s does not exist", dir)
		}
	}
	return ""
}

// libpqKey matches a libpq connection parameter and its equals sign at the start of a word: the form of
// "host=db user=studybot password=… dbname=studybot".
var libpqKey = regexp.MustCompile(`(^|\s)(host|hostaddr|port|dbname|user|password|passfile|sslmode|sslpassword|sslcert|sslkey|sslrootcert|service|connect_timeout|application_name|target_session_attrs|options|channel_binding|require_auth)\s*=`)

// IsKeyValueDSN reports whether db is a libpq key=value connection string rather than a file name.
func IsKeyValueDSN(db string) bool { return !IsPostgres(db) && libpqKey.MatchString(db) }

// HasPlatform reports whether any chat platform is configured.
func (c Config) HasPlatform() bool { return c.DiscordToken != "" || c.SlackBotToken != "" }
