// Package server is the studybot program as a value: configuration in, a running bot out. cmd/studybot
// runs it, and so do the end-to-end tests and the burst benchmark.
package server

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/studybot/studybot/adapters/discord"
	slackad "github.com/studybot/studybot/adapters/slack"
	"github.com/studybot/studybot/app/metrics"
	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/data/library"
	"github.com/studybot/studybot/data/packs"
	"github.com/studybot/studybot/data/postgres"
	"github.com/studybot/studybot/internal/redact"
	"github.com/studybot/studybot/internal/wait"
	"github.com/studybot/studybot/quiz"
	"github.com/studybot/studybot/web"
)

// Main is the program: configuration in, a running bot out. Tests build one against a temporary database
// and fake platforms and call Run, exactly as `studybot serve` does.
type Main struct {
	Config Config
	Logger *slog.Logger
	Clock  bot.Clock
	// TickInterval is how often the scheduler looks for work.
	TickInterval time.Duration
	// Sleep waits between attempts to reach a chat platform at start-up; tests replace it.
	Sleep func(ctx context.Context, d time.Duration) error
	// GatewayRetry is how often a replica on standby tries to take the Discord gateway over (default
	// GatewayRetry).
	GatewayRetry time.Duration
	// ShutdownGrace is how long a shutdown waits for work in flight (default DefaultShutdownGrace).
	ShutdownGrace time.Duration
	// HTTP bounds the HTTP server's timeouts, header size and open connections; zero fields take
	// DefaultHTTPLimits' values.
	HTTP HTTPLimits

	DB      Database
	Pack    *quiz.Pack
	Bot     *bot.Bot
	Discord *discord.Adapter
	Slack   *slackad.Adapter
	Metrics *metrics.Metrics

	mu       sync.Mutex
	listener net.Listener
	server   *http.Server
	ready    chan struct{}
	started  chan struct{}
	states   map[string]string
	// socketDone is closed when Slack's Socket Mode loop has returned.
	socketDone chan struct{}
	// gatewayLock is held while this replica has the Discord gateway open (PostgreSQL).
	gatewayLock *postgres.Lock
	// dbDown is the cause last logged of the database being unavailable ("" while it is available), and
	// dbLogged when it was logged (noteDatabase).
	dbDown   string
	dbLogged time.Time
}

// NewMain returns a Main with defaults.
func NewMain() *Main {
	return &Main{Logger: slog.New(slog.DiscardHandler), Clock: bot.ClockFunc(time.Now), TickInterval: 20 * time.Second,
		Sleep: wait.Sleep, ShutdownGrace: DefaultShutdownGrace, ready: make(chan struct{}), started: make(chan struct{})}
}

// ParseConfig reads flags and environment for serve. It returns a *ConfigError for a bad value.
func (m *Main) ParseConfig(args []string, getenv func(string) string, stderr io.Writer) error {
	fs := flag.NewFlagSet("studybot serve", flag.ContinueOnError)
	if stderr == nil {
		stderr = io.Discard
	}
	fs.SetOutput(stderr)
	s := RegisterFlags(fs, getenv)
	if err := fs.Parse(args); err != nil {
		return ErrUsage
	}
	if fs.NArg() > 0 {
		return &ConfigError{Var: "serve", Message: fmt.Sprintf("takes no arguments, got %q", fs.Args())}
	}
	vals, err := s.Resolve()
	if err != nil {
		return err
	}
	cfg, err := BuildConfig(vals)
	if err != nil {
		return err
	}
	m.Config = cfg
	return nil
}

// Open opens the database and loads the pack.
func (m *Main) Open(ctx context.Context) error {
	db, err := OpenDatabase(ctx, m.Config.DB)
	if err != nil {
		return err
	}
	m.DB = db
	p, err := LoadPack(ctx, db, m.Config.Pack)
	if err != nil {
		return err
	}
	m.Pack = p
	m.Metrics = metrics.New()
	b, err := bot.New(bot.Config{Store: db, Pack: p, Library: library.New(db), Clock: m.Clock, Logger: m.Logger, Observer: m.Metrics, PublicURL: m.Config.PublicURL,
		DeliveryLease: m.Config.OutboxLease})
	if err != nil {
		return err
	}
	m.Bot = b
	return m.openAdapters()
}

// openAdapters builds the chat adapters that have credentials and attaches them to the core.
func (m *Main) openAdapters() error {
	c := m.Config
	if c.DiscordToken != "" {
		key, _ := hex.DecodeString(c.DiscordPublicKey) // checked by buildConfig
		dc := discord.Config{Token: c.DiscordToken, AppID: c.DiscordAppID, PublicKey: key, GuildIDs: c.DiscordGuildIDs,
			APIBase: c.DiscordAPIBase, Logger: m.Logger,
			Observe: m.Metrics.Interaction(bot.PlatformDiscord), OnRetry: func(int) { m.Metrics.Retry(bot.PlatformDiscord)() }}
		if pg, ok := m.DB.(*postgres.DB); ok {
			// Discord's global limit is per bot: replicas on one database share one pacer.
			dc.GlobalLimit = pg.Pacer("discord:"+c.DiscordAppID, discord.GlobalRate)
		}
		a, err := discord.New(dc, m.Bot)
		if err != nil {
			return err
		}
		m.Discord = a
		m.Bot.SetChat(bot.PlatformDiscord, a)
	}
	if c.SlackBotToken != "" {
		a, err := slackad.New(slackad.Config{BotToken: c.SlackBotToken, SigningSecret: c.SlackSigningSecret, AppToken: c.SlackAppToken,
			APIURL: c.SlackAPIURL, Logger: m.Logger,
			Observe: m.Metrics.Interaction(bot.PlatformSlack), OnRetry: m.Metrics.Retry(bot.PlatformSlack)}, m.Bot)
		if err != nil {
			return err
		}
		m.Slack = a
		m.Bot.SetChat(bot.PlatformSlack, a)
	}
	return nil
}

// startAdapters registers commands and opens the connections that push events to us. A platform that
// cannot be reached is logged and reported by /healthz; the rest of the bot keeps running.
func (m *Main) startAdapters(ctx context.Context, mux *http.ServeMux) {
	var wg sync.WaitGroup
	defer func() {
		go func() { wg.Wait(); close(m.started) }()
	}()
	if a := m.Discord; a != nil {
		a.Serve(mux)
		m.setState("discord", "starting")
		wg.Add(1)
		go func() {
			defer wg.Done()
			m.startDiscord(ctx, a)
		}()
	}
	if a := m.Slack; a != nil {
		a.Serve(mux)
		m.setState("slack", "ok")
		if m.Config.SlackAppToken != "" {
			m.socketDone = make(chan struct{})
			go func() {
				defer close(m.socketDone)
				if err := a.RunSocket(ctx); err != nil {
					m.Logger.Error("slack socket mode stopped", redact.Err(err))
					m.setState("slack", "error: socket mode")
				}
			}()
		}
	}
}

// startDiscord registers /study and opens the gateway. Discord may be unreachable when the bot starts (no
// network yet, an outage, a guild that has not granted applications.commands): it tries again after 1 s,
// 2 s, 4 s … up to every 2 minutes until it succeeds or ctx ends, and /healthz shows the error meanwhile.
// Only a refused token stops it, since no retry can fix that.
func (m *Main) startDiscord(ctx context.Context, a *discord.Adapter) {
	registered, shared := false, false
	tries, err := m.retryDiscord(ctx, nil, func() (string, error) {
		if !registered {
			if err := a.Register(ctx); err != nil {
				return "command registration", err
			}
			registered = true
		}
		if !m.Config.DiscordGateway {
			return "", nil
		}
		if m.gatewayLocker() != nil {
			shared = true // several replicas: one holds the gateway at a time (see holdGateway)
			return "", nil
		}
		return "gateway", a.Open(ctx)
	})
	switch {
	case err != nil:
		return
	case shared:
		m.setState("discord", "ok")
		go m.holdGateway(ctx, a)
		return
	case tries > 1:
		m.Logger.Info("discord started", "attempts", tries)
	}
	m.setState("discord", "ok")
}

// retryDiscord calls try until it succeeds, ctx ends, stop is closed (nil: never) or Discord refuses the
// bot for good, waiting 1 s, 2 s, 4 s … up to 2 minutes between tries; meanwhile the log and /healthz say
// which step failed (try names it). It returns how many tries it made, and why it gave up if it did.
func (m *Main) retryDiscord(ctx context.Context, stop <-chan struct{}, try func() (step string, err error)) (int, error) {
	for attempt := 0; ; attempt++ {
		step, err := try()
		switch {
		case err == nil:
			return attempt + 1, nil
		case ctx.Err() != nil:
			return attempt + 1, ctx.Err()
		case discord.Permanent(err):
			m.Logger.Error("discord "+step+" failed; not retrying", redact.Err(err))
			m.setState("discord", "error: "+step+" refused the bot token or setup; fix it and restart")
			return attempt + 1, err
		}
		delay := min(time.Second<<min(attempt, 7), 2*time.Minute)
		m.Logger.Error("discord "+step+" failed; retrying", redact.Err(err), "retry_in", delay.String())
		m.setState("discord", fmt.Sprintf("error: %s failed; retrying in %s", step, delay))
		select {
		case <-stop:
			return attempt + 1, errors.New("lost the gateway lock")
		default:
		}
		if err := m.Sleep(ctx, delay); err != nil {
			return attempt + 1, err
		}
	}
}

// gatewayLocker returns the database's named locks when replicas may share it (PostgreSQL), else nil.
func (m *Main) gatewayLocker() *postgres.DB {
	pg, _ := m.DB.(*postgres.DB)
	return pg
}

// GatewayRetry is how often a replica without the Discord gateway tries to take it over.
const GatewayRetry = 5 * time.Second

// holdGateway keeps the Discord gateway open in exactly one of the replicas that share a PostgreSQL
// database and have it switched on: each interaction over the gateway reaches one connection, and two
// replicas with the gateway open would each take every interaction. The replica that holds the database
// lock "discord-gateway" opens it; the others wait on standby (interactions reach them through the
// endpoint, if it is configured) and take over within GatewayRetry once the holder stops or dies. A holder
// that loses its lock's connection closes its gateway before anyone else may open one.
func (m *Main) holdGateway(ctx context.Context, a *discord.Adapter) {
	pg := m.gatewayLocker()
	retry := m.GatewayRetry
	if retry <= 0 {
		retry = GatewayRetry
	}
	standby := false
	for ctx.Err() == nil {
		lock, ok, err := pg.TryLock(ctx, "discord-gateway")
		if err != nil || !ok {
			if err != nil && ctx.Err() == nil {
				m.Logger.Error("discord gateway lock", "err", err)
			}
			if !standby && err == nil {
				m.Logger.Info("discord gateway: another replica holds it; on standby")
				standby = true
			}
			m.setState("discord", "ok (gateway on standby: another replica holds it)")
			if m.Sleep(ctx, retry) != nil {
				return
			}
			continue
		}
		standby = false
		if err := m.openGateway(ctx, a, lock); err != nil {
			lock.Release()
			return
		}
		m.mu.Lock()
		m.gatewayLock = lock
		m.mu.Unlock()
		select {
		case <-ctx.Done():
			// Run's shutdown closes the adapter, and with it the gateway, then releases the lock
			// (closeAdapters): no other replica opens one while this one may still be connected.
			return
		case <-lock.Lost():
			m.Logger.Error("discord gateway: lost the database lock that keeps it to one replica; closing it")
			a.CloseGateway()
			m.mu.Lock()
			m.gatewayLock = nil
			m.mu.Unlock()
			lock.Release()
			m.setState("discord", "error: lost the gateway's database lock; taking it again when the database answers")
		}
	}
}

// openGateway opens the gateway, retrying as startDiscord does, while holding lock. It returns an error
// when ctx ended, the lock was lost or Discord refused the bot for good.
func (m *Main) openGateway(ctx context.Context, a *discord.Adapter, lock *postgres.Lock) error {
	_, err := m.retryDiscord(ctx, lock.Lost(), func() (string, error) { return "gateway", a.Open(ctx) })
	if err == nil {
		m.Logger.Info("discord gateway: this replica holds it")
		m.setState("discord", "ok")
	}
	return err
}

func (m *Main) setState(part, state string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.states == nil {
		m.states = map[string]string{}
	}
	m.states[part] = state
}

func (m *Main) stateOf(part string) string {
	m.mu.Lock()
	defer m.mu.Unlock()
	if s, ok := m.states[part]; ok {
		return s
	}
	return "off"
}

// closeAdapters closes gateways and sockets and waits for follow-ups in flight.
func (m *Main) closeAdapters(ctx context.Context) {
	// Start-up stops with the end of Run; let it finish so a gateway is not opened after it was closed.
	select {
	case <-m.started:
	case <-ctx.Done():
	}
	if m.Discord != nil {
		if err := m.Discord.Close(ctx); err != nil {
			m.Logger.Warn("closing discord", redact.Err(err))
		}
	}
	m.mu.Lock()
	if m.gatewayLock != nil {
		m.gatewayLock.Release()
		m.gatewayLock = nil
	}
	m.mu.Unlock()
	if m.Slack != nil {
		m.Slack.Close(ctx)
	}
}

// LoadPack returns the pack to use: the named embedded pack or, without a name, the embedded default
// (either replaced by an imported newer version of it, if there is one), or the named imported pack.
func LoadPack(ctx context.Context, db Database, name string) (*quiz.Pack, error) {
	def, err := packs.Default()
	if err != nil {
		return nil, fmt.Errorf("load embedded pack: %w", err)
	}
	want := name
	if want == "" {
		want = def.ID
	}
	if emb, ok, err := packs.Load(want); err != nil {
		return nil, fmt.Errorf("load embedded pack %s: %w", want, err)
	} else if ok {
		def = emb
	}
	version, source, ok, err := db.PackSource(ctx, want)
	if err != nil {
		return nil, err
	}
	switch {
	case !ok && name != "" && name != def.ID:
		return nil, &ConfigError{"STUDYBOT_PACK", fmt.Sprintf("no pack %q has been imported (studybot pack import FILE)", name)}
	case !ok || (want == def.ID && version <= def.Version):
		return def, nil
	}
	p, err := quiz.Parse(want+" (imported)", source)
	if err != nil {
		return nil, fmt.Errorf("load pack %s: %w", want, err)
	}
	return p, nil
}

// DefaultShutdownGrace is how long a shutdown waits for work in flight: HTTP requests, interactions and their
// follow-ups, and messages being posted. What is not done by then is handed back for the next start.
const DefaultShutdownGrace = 10 * time.Second

// Run serves until ctx ends: the HTTP server, the scheduler and the outbox. It then shuts down cleanly:
// it stops taking new work, lets work in flight finish (or hands it back) within m.ShutdownGrace, and returns
// before the database may be closed.
func (m *Main) Run(ctx context.Context) error {
	if m.Bot == nil {
		if err := m.Open(ctx); err != nil {
			return err
		}
	}
	ln, err := net.Listen("tcp", m.Config.HTTPAddr)
	if err != nil {
		return &ConfigError{"STUDYBOT_HTTP_ADDR", fmt.Sprintf("cannot listen on %s: %v", m.Config.HTTPAddr, err)}
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", m.healthz)
	mux.Handle("GET /metrics", m.Metrics.Handler())
	web.New(m.Bot, web.Options{Log: m.Logger, Clock: m.Clock, HTTPS: strings.HasPrefix(m.Config.PublicURL, "https://"),
		TrustedProxies: m.Config.TrustedProxies}).Register(mux)
	m.startAdapters(ctx, mux)
	srv, ln := m.HTTP.serve(ln, mux)
	m.mu.Lock()
	m.listener, m.server = ln, srv
	m.mu.Unlock()

	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	wg.Add(3)
	go func() {
		defer wg.Done()
		if err := m.Bot.Run(runCtx, m.TickInterval); err != nil {
			m.Logger.Error("scheduler stopped", "err", err)
		}
	}()
	go func() {
		defer wg.Done()
		// Item statistics read every answer of a group, so they are kept as a snapshot, refreshed here.
		m.Bot.RunItemStats(runCtx, time.Minute)
	}()
	go func() {
		defer wg.Done()
		m.Bot.RunOutbox(runCtx, m.ShutdownGrace*9/10)
	}()
	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()
	m.Logger.Info("studybot serving", "addr", ln.Addr().String(), "db", DisplayDB(m.Config.DB), "pack", m.Pack.ID, "questions", len(m.Pack.Questions), "replica", m.Bot.Owner())
	close(m.ready)

	select {
	case <-ctx.Done():
	case err := <-serveErr:
		if !errors.Is(err, http.ErrServerClosed) {
			cancel()
			wg.Wait()
			return fmt.Errorf("http server: %w", err)
		}
	}
	m.Logger.Info("shutting down")
	shutCtx, done := context.WithTimeout(context.Background(), m.ShutdownGrace)
	defer done()
	cancel() // the scheduler stops, and the outbox takes no new messages and finishes what it sends
	err = srv.Shutdown(shutCtx)
	m.closeAdapters(shutCtx)
	wg.Wait()
	if m.socketDone != nil {
		<-m.socketDone
	}
	return err
}

// Addr returns the HTTP server's address once Run is listening.
func (m *Main) Addr() string {
	<-m.ready
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.listener.Addr().String()
}

// Started is closed once every adapter has finished starting: registered and connected, failed for good,
// or stopped by the end of Run (an adapter that keeps failing keeps retrying).
func (m *Main) Started() <-chan struct{} { return m.started }

// Close closes the database (checkpointing a SQLite file's WAL).
func (m *Main) Close() error {
	if m.DB != nil {
		return m.DB.Close()
	}
	return nil
}

func (m *Main) healthz(w http.ResponseWriter, r *http.Request) {
	status := map[string]string{"database": "ok", "scheduler": "ok"}
	code := http.StatusOK
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	// Anyone who can reach the port may ask: the answer says unavailable, and the cause (a file path, a
	// host, a user) goes to the log.
	err := m.DB.Ping(ctx)
	m.noteDatabase(err)
	if err != nil {
		status["database"] = "unavailable"
		code = http.StatusServiceUnavailable
	}
	switch last := m.Bot.LastTick(); {
	case last.IsZero():
		status["scheduler"] = "starting"
	case m.Clock.Now().Sub(last) > 3*m.TickInterval+time.Minute:
		status["scheduler"] = "stalled since " + last.UTC().Format(time.RFC3339)
		code = http.StatusServiceUnavailable
	}
	status["discord"] = m.stateOf("discord")
	if status["discord"] == "ok" && m.Discord.GatewayState() == "reconnecting" {
		status["discord"] = "error: gateway connection lost; reconnecting"
	}
	status["slack"] = m.stateOf("slack")
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(status)
}

// noteDatabase logs what a health check found when it differs from the last check: the cause when the
// database becomes unavailable, and that it is back when it is. Proxies and orchestrators check every few
// seconds; the same cause is logged once, and a new cause while the database stays unavailable at most
// once a minute.
func (m *Main) noteDatabase(err error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err == nil {
		if m.dbDown != "" {
			m.Logger.Info("database available again")
		}
		m.dbDown = ""
		return
	}
	cause, now := err.Error(), m.Clock.Now()
	if cause == m.dbDown || (m.dbDown != "" && now.Sub(m.dbLogged) < time.Minute) {
		return
	}
	m.Logger.Error("database unavailable", "err", err)
	m.dbDown, m.dbLogged = cause, now
}

// NewLogger builds the slog logger the configuration asks for.
func NewLogger(cfg Config, w io.Writer) *slog.Logger {
	level := slog.LevelInfo
	switch cfg.LogLevel {
	case "debug":
		level = slog.LevelDebug
	case "warn":
		level = slog.LevelWarn
	case "error":
		level = slog.LevelError
	}
	opts := &slog.HandlerOptions{Level: level}
	format := cfg.LogFormat
	if format == "" {
		format = "json"
		if f, ok := w.(*os.File); ok {
			if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
				format = "text"
			}
		}
	}
	if format == "text" {
		return slog.New(slog.NewTextHandler(w, opts))
	}
	return slog.New(slog.NewJSONHandler(w, opts))
}
