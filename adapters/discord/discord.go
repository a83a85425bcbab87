// Package discord connects studybot to Discord through github.com/bwmarrin/discordgo: the interactions
// endpoint, the gateway, command registration and rendering of the core's replies as embeds and buttons.
package discord

import (
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/internal/httpbody"
	"github.com/studybot/studybot/internal/inflight"
	"github.com/studybot/studybot/internal/redact"
)

// Core is what the adapter needs of the bot.
type Core interface {
	HandleErr(ctx context.Context, cmd bot.Command) (bot.Reply, error)
	// Commands is the core's command table, from which /study is registered.
	Commands() []bot.Spec
}

// Config configures the adapter.
type Config struct {
	Token     string
	AppID     string
	PublicKey ed25519.PublicKey // enables the interactions endpoint
	GuildIDs  []string          // register /study in these guilds instead of globally
	APIBase   string            // REST base including the version; empty: Discord

	Logger *slog.Logger
	// Now tells the time for the signature timestamp window; defaults to time.Now.
	Now func() time.Time
	// DeferAfter is how long a command may take before the adapter answers with a deferred response and
	// follows up; Discord allows 3 seconds in all.
	DeferAfter time.Duration
	// Transport carries REST calls (tests, proxies); defaults to a copy of http.DefaultTransport that keeps
	// up to 64 idle connections per host.
	Transport http.RoundTripper
	// Sleep waits out rate limits and backoffs; tests replace it.
	Sleep func(ctx context.Context, d time.Duration) error
	// Observe, when set, is told about each interaction handled and each failed REST call.
	Observe func(kind, outcome string, d time.Duration)
	OnRetry func(status int)
	// GlobalLimit, when set, paces the requests Discord counts against the bot's global rate limit in
	// place of this process's own limiter (GlobalRate a second). Discord's limit is per bot, so replicas
	// that share a token share one pacer (app/server gives them one kept in PostgreSQL).
	GlobalLimit Limiter
}

// Limiter paces requests: Wait returns when the next one may go. *rate.Limiter is one.
type Limiter interface {
	Wait(ctx context.Context) error
}

// Adapter is the Discord side of studybot.
type Adapter struct {
	cfg  Config
	core Core
	s    *discordgo.Session
	log  *slog.Logger

	// work tracks interactions being handled and their follow-ups, so Close can wait for them.
	work *inflight.Group
	// files downloads attachments (fetch.go): no token, no redirects.
	files *http.Client

	// gateway is the gateway connection's state: gatewayOff until Open, then up or down as discordgo
	// connects, drops and reconnects; closing is set by Close so that its own disconnect is not a warning.
	gateway atomic.Int32
	closing atomic.Bool
}

const (
	gatewayOff int32 = iota
	gatewayUp
	gatewayDown
)

// MaxSkew is how far a request's signature timestamp may be from now.
const MaxSkew = 5 * time.Minute

// New builds the adapter. It does not connect: see Register, Open and Handler.
func New(cfg Config, core Core) (*Adapter, error) {
	if cfg.Token == "" || cfg.AppID == "" {
		return nil, errors.New("discord: token and application id are required")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	cfg.Logger = cfg.Logger.With("platform", bot.PlatformDiscord)
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.DeferAfter == 0 {
		cfg.DeferAfter = 2 * time.Second
	}
	s, err := discordgo.New("Bot " + cfg.Token)
	if err != nil {
		return nil, fmt.Errorf("discord: %w", err)
	}
	tr, err := newTransport(cfg.APIBase, cfg.Transport, cfg.Sleep)
	if err != nil {
		return nil, err
	}
	tr.onRetry = cfg.OnRetry
	if cfg.GlobalLimit != nil {
		tr.global = cfg.GlobalLimit
	}
	s.Client = &http.Client{Transport: tr, Timeout: 20 * time.Second}
	// The transport waits out 429s itself, within bounds; discordgo's own unbounded retry is off.
	s.ShouldRetryOnRateLimit = false
	s.MaxRestRetries = 0
	s.Identify.Intents = discordgo.IntentsGuilds
	s.LogLevel = discordgo.LogError
	// Handlers run on discordgo's reading goroutine, so a connect or disconnect is recorded before
	// discordgo goes on to the next event or to reconnecting; interactions get their own goroutine.
	s.SyncEvents = true
	files := &http.Client{Transport: cfg.Transport, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	a := &Adapter{cfg: cfg, core: core, s: s, log: cfg.Logger, work: inflight.NewGroup(0), files: files}
	s.AddHandler(func(_ *discordgo.Session, ic *discordgo.InteractionCreate) {
		// Each interaction gets its own goroutine, so one slow command does not hold up the gateway.
		go a.HandleGateway(context.Background(), ic.Interaction)
	})
	s.AddHandler(func(_ *discordgo.Session, _ *discordgo.Connect) {
		if a.gateway.Swap(gatewayUp) == gatewayDown {
			a.log.Info("discord gateway reconnected")
		}
	})
	s.AddHandler(func(_ *discordgo.Session, _ *discordgo.Disconnect) {
		if a.closing.Load() {
			a.gateway.Store(gatewayOff)
			return
		}
		a.gateway.Store(gatewayDown)
		a.log.Warn("discord gateway disconnected; reconnecting")
	})
	return a, nil
}

// GatewayState tells /healthz about the gateway: "off" (not opened), "ok", or "reconnecting" while
// discordgo is connecting again after a drop.
func (a *Adapter) GatewayState() string {
	switch a.gateway.Load() {
	case gatewayUp:
		return "ok"
	case gatewayDown:
		return "reconnecting"
	}
	return "off"
}

// Open connects to the gateway, for bots without a public interactions URL.
func (a *Adapter) Open(ctx context.Context) error {
	if err := a.s.Open(); err != nil {
		return fmt.Errorf("discord gateway: %w", err)
	}
	a.log.InfoContext(ctx, "discord gateway connected")
	return nil
}

// CloseGateway closes the gateway connection alone; the interactions endpoint and posting go on, and Open
// may connect again later. A replica that may no longer hold the gateway calls it.
func (a *Adapter) CloseGateway() error {
	a.closing.Store(true)
	defer a.closing.Store(false)
	return a.s.Close()
}

// Idle waits (up to ctx) until no interaction is being handled and no follow-up is pending; it reports
// whether that happened in time.
func (a *Adapter) Idle(ctx context.Context) bool { return a.work.Wait(ctx) }

// Close stops taking interactions, waits (up to ctx) for those being handled and their follow-ups, and
// closes the gateway.
func (a *Adapter) Close(ctx context.Context) error {
	a.closing.Store(true)
	if !a.work.Close(ctx) {
		a.log.WarnContext(ctx, "discord: interactions still running at shutdown")
	}
	return a.s.Close()
}

// ServeHTTP is the interactions endpoint, POST /discord/interactions. The signature is verified before
// anything in the request is used; a bad, missing or stale one is a 401 and changes nothing.
// Serve serves the interactions endpoint on mux when the public key is set; without it interactions
// arrive over the gateway only. (Register registers /study with Discord.)
func (a *Adapter) Serve(mux *http.ServeMux) {
	if len(a.cfg.PublicKey) == ed25519.PublicKeySize {
		mux.Handle("POST /discord/interactions", a)
	}
}

func (a *Adapter) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	if r.Method != http.MethodPost {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	if len(a.cfg.PublicKey) != ed25519.PublicKeySize {
		http.Error(w, "interactions endpoint not configured", http.StatusNotFound)
		return
	}
	// The timestamp is checked before the body is read: anyone can send headers and no body, and a
	// stale or malformed timestamp is not worth waiting for one.
	var body []byte
	ok := a.fresh(r.Header.Get("X-Signature-Timestamp"))
	if ok {
		r.Body = http.MaxBytesReader(w, r.Body, httpbody.Max)
		body, ok = verify(r, a.cfg.PublicKey)
	}
	if !ok {
		a.observe("unverified", "rejected", start)
		http.Error(w, "invalid request signature", http.StatusUnauthorized)
		return
	}
	i, err := DecodeInteraction(body)
	if err != nil {
		http.Error(w, "bad interaction", http.StatusBadRequest)
		return
	}
	a.process(r.Context(), i, func(resp *discordgo.InteractionResponse) error {
		if resp.Data != nil && len(resp.Data.Files) > 0 {
			contentType, body, err := encodeMultipart(resp)
			if err != nil {
				return err
			}
			w.Header().Set("Content-Type", contentType)
			_, err = w.Write(body)
			return err
		}
		body, err := encodeResponse(resp)
		if err != nil {
			return err
		}
		w.Header().Set("Content-Type", "application/json")
		_, err = w.Write(append(body, '\n'))
		return err
	})
}

// fresh reports whether ts, an X-Signature-Timestamp, is Unix seconds in digits (as Discord sends it; no
// sign, space or fraction) within MaxSkew of now.
func (a *Adapter) fresh(ts string) bool {
	if ts == "" {
		return false
	}
	for i := range len(ts) {
		if ts[i] < '0' || ts[i] > '9' {
			return false
		}
	}
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return false
	}
	d := a.cfg.Now().Sub(time.Unix(sec, 0))
	return d <= MaxSkew && d >= -MaxSkew
}

// HandleGateway handles an interaction that arrived over the gateway: the same code path as the
// endpoint, answering through the REST callback. The response is encoded as the endpoint encodes it
// (encodeResponse, the same bytes as discordgo's InteractionRespond sends); one with files goes through
// discordgo, which makes the multipart body.
func (a *Adapter) HandleGateway(ctx context.Context, i *discordgo.Interaction) {
	a.process(ctx, i, func(resp *discordgo.InteractionResponse) error {
		if resp.Data != nil && len(resp.Data.Files) > 0 {
			return a.s.InteractionRespond(i, resp, discordgo.WithContext(ctx))
		}
		body, err := encodeResponse(resp)
		if err != nil {
			return err
		}
		endpoint := discordgo.EndpointInteractionResponse(i.ID, i.Token)
		_, err = a.s.RequestRaw(http.MethodPost, endpoint, "application/json", body, endpoint, 0, discordgo.WithContext(ctx))
		return err
	})
}

// process answers one interaction through the core's Deadline: within DeferAfter directly, else with a
// deferred response followed by an edit of the original response when the core is done.
func (a *Adapter) process(ctx context.Context, i *discordgo.Interaction, respond func(*discordgo.InteractionResponse) error) {
	start := time.Now()
	kind := "unknown"
	switch i.Type {
	case discordgo.InteractionPing:
		respond(&discordgo.InteractionResponse{Type: discordgo.InteractionResponsePong})
		a.observe("ping", "ok", start)
		return
	case discordgo.InteractionApplicationCommand:
		kind = "command"
	case discordgo.InteractionMessageComponent:
		kind = "button"
	case discordgo.InteractionModalSubmit:
		kind = "form"
	}
	cmd, err := a.command(i)
	var att *discordgo.MessageAttachment
	if err == nil {
		att, err = attachmentOf(i)
	}
	if err != nil {
		respond(message(bot.Reply{Private: true, Text: err.Error()}))
		a.observe(kind, "invalid", start)
		return
	}
	// Discord sends an interaction once; the same id again is someone's copy of a signed request, which the
	// core refuses, whichever process on the database ran the original.
	cmd.Request = i.ID
	handle := a.core.HandleErr
	if att != nil {
		// The download counts against Discord's deadline too: a slow one is answered by a deferred response.
		handle = func(ctx context.Context, cmd bot.Command) (bot.Reply, error) {
			f, err := a.fetch(ctx, att)
			if err != nil {
				return bot.Reply{Private: true, Text: bot.ErrorMessage(err)}, err
			}
			cmd.File = f
			return a.core.HandleErr(ctx, cmd)
		}
	}
	a.deadline(handle).Answer(ctx, cmd, bot.Exchange{
		Kind: kind,
		InTime: func(r bot.Reply) {
			resp := message(r)
			a.attachChart(ctx, resp, r)
			if r.Form != nil && i.Type != discordgo.InteractionModalSubmit { // a modal cannot answer a modal
				resp = modal(r.Form)
			}
			if err := respond(resp); err != nil {
				a.log.WarnContext(ctx, "discord respond failed", redact.Err(err))
			}
		},
		Defer: func() {
			if err := respond(&discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource,
				Data: &discordgo.InteractionResponseData{Flags: discordgo.MessageFlagsEphemeral}}); err != nil {
				a.log.WarnContext(ctx, "discord deferred respond failed", redact.Err(err))
			}
		},
		Later: func(ctx context.Context, r bot.Reply) {
			resp := message(r)
			a.attachChart(ctx, resp, r)
			data := resp.Data
			edit := &discordgo.WebhookEdit{Content: &data.Content, Embeds: &data.Embeds, Components: &data.Components, Files: data.Files}
			if _, err := a.s.InteractionResponseEdit(i, edit, discordgo.WithContext(ctx)); err != nil {
				a.log.ErrorContext(ctx, "discord follow-up failed", redact.Err(err))
			}
		},
	})
}

// deadline is how this adapter meets Discord's: the core's work is tracked, so a shutdown waits for it (and
// for its follow-up) before the database closes, and once shutting down new interactions are turned away.
func (a *Adapter) deadline(handle func(context.Context, bot.Command) (bot.Reply, error)) bot.Deadline {
	return bot.Deadline{Handle: handle, Go: a.work.Go, After: a.cfg.DeferAfter, Log: a.log, Observe: a.cfg.Observe}
}

func (a *Adapter) observe(kind, outcome string, start time.Time) {
	if a.cfg.Observe != nil {
		a.cfg.Observe(kind, outcome, time.Since(start))
	}
}

// command turns an interaction into the core's Command, with the member's moderator right read from the
// permissions Discord computed for this channel.
func (a *Adapter) command(i *discordgo.Interaction) (bot.Command, error) {
	if i.GuildID == "" || i.Member == nil || i.Member.User == nil {
		return bot.Command{}, errors.New("studybot works in server channels; use /study in a channel of your study server")
	}
	u := i.Member.User
	name := i.Member.Nick
	if name == "" {
		name = u.GlobalName
	}
	if name == "" {
		name = u.Username
	}
	cmd := bot.Command{
		Channel: bot.ChannelRef{Platform: bot.PlatformDiscord, GroupID: i.GuildID, ChannelID: i.ChannelID},
		User: bot.User{ID: u.ID, Name: name, Roles: i.Member.Roles,
			Admin: i.Member.Permissions&(discordgo.PermissionAdministrator|discordgo.PermissionManageGuild) != 0},
		PostProblem:   postProblem(i.AppPermissions),
		ThreadProblem: threadProblem(i.AppPermissions),
	}
	switch i.Type {
	case discordgo.InteractionApplicationCommand:
		name, opts, err := toCommand(i.ApplicationCommandData())
		if err != nil {
			return bot.Command{}, err
		}
		cmd.Name, cmd.Options = name, opts
	case discordgo.InteractionMessageComponent:
		act, err := bot.DecodeAction(i.MessageComponentData().CustomID)
		if err != nil {
			return bot.Command{}, errors.New("that button is not one of studybot's")
		}
		cmd.Name, cmd.Args, cmd.Click = act.Name, act.Args, true
	case discordgo.InteractionModalSubmit:
		act, fields, err := submitted(i.ModalSubmitData())
		if err != nil {
			return bot.Command{}, errors.New("that form is not one of studybot's")
		}
		cmd.Name, cmd.Args, cmd.Click, cmd.Fields = act.Name, act.Args, true, fields
	default:
		return bot.Command{}, fmt.Errorf("unsupported interaction type %d", i.Type)
	}
	return cmd, nil
}

// PlatformAdmin implements bot.Chat. Discord sends the member's permissions with every interaction, so
// the core already knows from bot.User.Admin; there is nothing more to ask.
func (a *Adapter) PlatformAdmin(context.Context, bot.GroupRef, string) (bool, error) {
	return false, nil
}

// Describe implements bot.Chat.
func (a *Adapter) Describe() bot.PlatformInfo {
	return bot.PlatformInfo{Name: "Discord", Admins: "server members with Manage Server or Administrator"}
}

var _ bot.Chat = (*Adapter)(nil)

// Permanent reports whether an error from Register or Open will not go away by trying again: Discord
// refused the token (HTTP 401, gateway close 4004) or the application's setup (gateway closes 4010–4014:
// shards, API version, intents). Anything else, such as a network failure or a 5xx, is worth retrying.
func Permanent(err error) bool {
	var rest *discordgo.RESTError
	if errors.As(err, &rest) && rest.Response != nil {
		return rest.Response.StatusCode == http.StatusUnauthorized
	}
	var closed *websocket.CloseError
	if errors.As(err, &closed) {
		return closed.Code == 4004 || (closed.Code >= 4010 && closed.Code <= 4014)
	}
	return false
}
