// Package slack connects studybot to Slack through github.com/slack-go/slack: the slash command,
// interactivity and events endpoints, Socket Mode, and Block Kit rendering of the core's replies.
package slack

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/slack-go/slack"

	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/internal/httpbody"
	"github.com/studybot/studybot/internal/inflight"
	"github.com/studybot/studybot/internal/redact"
	"github.com/studybot/studybot/internal/wait"
)

// Core is what the adapter needs of the bot.
type Core interface {
	HandleErr(ctx context.Context, cmd bot.Command) (bot.Reply, error)
	AnswerFAQ(ctx context.Context, ch bot.ChannelRef, question string) bot.Reply
	// FirstTime reports whether a key is new in ttl, in every process on the bot's database.
	FirstTime(ctx context.Context, key string, ttl time.Duration) (bool, error)
	// Commands is the core's command table: which typed command names a file to fetch (bot.FileRef).
	Commands() []bot.Spec
}

// Config configures the adapter.
type Config struct {
	BotToken      string
	SigningSecret string // enables the HTTP endpoints
	AppToken      string // xapp-…: enables Socket Mode
	APIURL        string // Web API base ending in /api/; empty: Slack

	Logger *slog.Logger
	// HTTPClient carries Web API and response_url calls; defaults to one with a 10 s timeout that keeps
	// up to idleConnsPerHost connections to each host open between calls.
	HTTPClient *http.Client
	// Now is the clock for caches; defaults to time.Now.
	Now func() time.Time
	// Sleep waits out rate limits; tests replace it.
	Sleep func(ctx context.Context, d time.Duration) error
	// DeferAfter is how long a command may take before Slack is acknowledged and the reply goes to the
	// response_url instead; Slack allows 3 seconds.
	DeferAfter time.Duration
	// Observe, when set, is told about each interaction handled.
	Observe func(kind, outcome string, d time.Duration)
	// OnRetry, when set, is told about each rate-limited Web API call.
	OnRetry func()
}

// Adapter is the Slack side of studybot.
type Adapter struct {
	cfg  Config
	core Core
	api  *slack.Client
	log  *slog.Logger
	// apiURL is Config.APIURL parsed (nil for Slack's own): response_urls may point at its host too.
	apiURL *url.URL

	mu       sync.Mutex
	nextPost map[string]time.Time // channel -> when it may take the next post (pace)
	// work tracks commands being handled and replies still being sent, so Wait can wait for them.
	work *inflight.Group
	// events runs Socket Mode events, at most socketConcurrency at once (more wait in slack-go's queue);
	// an event's replies go to work, so events stop first.
	events *inflight.Group
}

// New builds the adapter.
func New(cfg Config, core Core) (*Adapter, error) {
	if cfg.BotToken == "" {
		return nil, errors.New("slack: a bot token is required")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	cfg.Logger = cfg.Logger.With("platform", bot.PlatformSlack)
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{Timeout: 10 * time.Second, Transport: pooledTransport()}
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Sleep == nil {
		cfg.Sleep = wait.Sleep
	}
	if cfg.DeferAfter == 0 {
		cfg.DeferAfter = 2 * time.Second
	}
	opts := []slack.Option{slack.OptionHTTPClient(cfg.HTTPClient)}
	var apiURL *url.URL
	if cfg.APIURL != "" {
		opts = append(opts, slack.OptionAPIURL(cfg.APIURL))
		if u, err := url.Parse(cfg.APIURL); err == nil && u.Host != "" {
			apiURL = u
		}
	}
	if cfg.AppToken != "" {
		opts = append(opts, slack.OptionAppLevelToken(cfg.AppToken))
	}
	return &Adapter{cfg: cfg, core: core, api: slack.New(cfg.BotToken, opts...), log: cfg.Logger, apiURL: apiURL,
		nextPost: map[string]time.Time{}, work: inflight.NewGroup(0),
		events: inflight.NewGroup(socketConcurrency)}, nil
}

// Close stops taking commands and waits (up to ctx) for those being handled and for replies still being
// sent after their request was acknowledged.
func (a *Adapter) Close(ctx context.Context) {
	events := a.events.Close(ctx) // first: a running event may still start replies in work
	if work := a.work.Close(ctx); !events || !work {
		a.log.WarnContext(ctx, "slack: replies still being sent at shutdown")
	}
}

// Idle waits (up to ctx) until no command is being handled and no reply is being sent, without stopping:
// for tests and benchmarks that act in rounds.
func (a *Adapter) Idle(ctx context.Context) bool { return a.events.Wait(ctx) && a.work.Wait(ctx) }

// verified reads a request's body after checking its Slack signature and timestamp. It writes the 401
// itself and returns ok=false when the check fails.
func (a *Adapter) verified(w http.ResponseWriter, r *http.Request) ([]byte, bool) {
	if a.cfg.SigningSecret == "" {
		http.Error(w, "slack endpoints not configured", http.StatusNotFound)
		return nil, false
	}
	sv, err := slack.NewSecretsVerifier(r.Header, a.cfg.SigningSecret)
	if err != nil {
		http.Error(w, "invalid request signature", http.StatusUnauthorized)
		return nil, false
	}
	body, err := httpbody.Append(nil, http.MaxBytesReader(w, r.Body, httpbody.Max), r.ContentLength)
	if err != nil {
		http.Error(w, "bad request", http.StatusBadRequest)
		return nil, false
	}
	sv.Write(body)
	if sv.Ensure() != nil {
		http.Error(w, "invalid request signature", http.StatusUnauthorized)
		return nil, false
	}
	return body, true
}

// Commands is POST /slack/commands: the /study slash command.
func (a *Adapter) Commands(w http.ResponseWriter, r *http.Request) {
	body, ok := a.verified(w, r)
	if !ok {
		a.observe("unverified", "rejected", time.Now())
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	sc, err := slack.SlashCommandParse(r)
	if err != nil {
		http.Error(w, "bad slash command", http.StatusBadRequest)
		return
	}
	msg := a.HandleSlash(r.Context(), sc)
	if msg == formOpened { // the modal is the answer: nothing to show in the channel
		w.WriteHeader(http.StatusOK)
		return
	}
	writeJSON(w, msg)
}

// formOpened is HandleSlash's answer when the command's reply opened a modal (modal.go).
var formOpened = &slack.Msg{}

// Serve serves Slack's HTTP endpoints on mux when the signing secret is set: slash commands, button
// clicks and events. Without it Slack reaches studybot over Socket Mode only.
func (a *Adapter) Serve(mux *http.ServeMux) {
	if a.cfg.SigningSecret == "" {
		return
	}
	mux.HandleFunc("POST /slack/commands", a.Commands)
	mux.HandleFunc("POST /slack/interactions", a.Interactions)
	mux.HandleFunc("POST /slack/events", a.Events)
}

// HandleSlash runs a slash command and returns the immediate response (over HTTP or as the Socket Mode
// ack). A command slower than DeferAfter is acknowledged with an empty response and answered through its
// response_url.
func (a *Adapter) HandleSlash(ctx context.Context, sc slack.SlashCommand) *slack.Msg {
	name, args := bot.ParseLine(sc.Text)
	cmd := bot.Command{Channel: bot.ChannelRef{Platform: bot.PlatformSlack, GroupID: sc.TeamID, ChannelID: sc.ChannelID},
		User: bot.User{ID: sc.UserID, Name: sc.UserName}, Name: name, Args: normalizeArgs(args), Request: sc.TriggerID}
	handle := a.core.HandleErr
	if ref, ok := bot.FileRef(a.core.Commands(), cmd); ok && ref != "" {
		// The file is fetched within Slack's deadline too: a slow one is answered through the response_url.
		handle = func(ctx context.Context, cmd bot.Command) (bot.Reply, error) {
			f, err := a.fetchFile(ctx, ref)
			if err != nil {
				return bot.Reply{Private: true, Text: bot.ErrorMessage(err)}, err
			}
			cmd.File = f
			return a.core.HandleErr(ctx, cmd)
		}
	}
	// In time, the reply is the HTTP response (or the Socket Mode ack); later, it goes to the response_url.
	var msg *slack.Msg
	a.deadline(handle).Answer(ctx, cmd, bot.Exchange{
		Kind: "command",
		InTime: func(r bot.Reply) {
			if r.Form != nil && a.openForm(ctx, sc.TriggerID, sc.ChannelID, r.Form) {
				msg = formOpened
				return
			}
			msg = toMsg(r)
		},
		Later: func(ctx context.Context, r bot.Reply) {
			a.respond(ctx, sc.ResponseURL, r, false)
		},
	})
	if msg == nil {
		return &slack.Msg{ResponseType: slack.ResponseTypeEphemeral, Text: "Working on it…"}
	}
	return msg
}

// Interactions is POST /slack/interactions: button clicks (block_actions).
func (a *Adapter) Interactions(w http.ResponseWriter, r *http.Request) {
	body, ok := a.verified(w, r)
	if !ok {
		a.observe("unverified", "rejected", time.Now())
		return
	}
	payload, err := formPayload(body)
	if err != nil {
		http.Error(w, "bad payload", http.StatusBadRequest)
		return
	}
	c, err := decodeClick(payload)
	if err != nil {
		http.Error(w, "bad payload", http.StatusBadRequest)
		return
	}
	if c.typ == slack.InteractionTypeViewSubmission { // a modal sent (modal.go)
		var cb slack.InteractionCallback
		if err := json.Unmarshal(payload, &cb); err != nil {
			http.Error(w, "bad payload", http.StatusBadRequest)
			return
		}
		if resp := a.HandleViewSubmission(r.Context(), cb); resp != nil {
			writeJSON(w, resp)
			return
		}
		w.WriteHeader(http.StatusOK)
		return
	}
	a.handleClick(r.Context(), c)
	w.WriteHeader(http.StatusOK)
}

// HandleInteraction records a click and sends its private reply through the response_url. It returns once
// the core has answered or DeferAfter has passed, whichever is first, so the caller can acknowledge in time.
func (a *Adapter) HandleInteraction(ctx context.Context, cb slack.InteractionCallback) {
	a.handleClick(ctx, clickOf(cb))
}

func (a *Adapter) handleClick(ctx context.Context, c click) {
	start := time.Now()
	if c.typ != slack.InteractionTypeBlockActions || !c.hasAction {
		return
	}
	act, err := bot.DecodeAction(c.action)
	if err != nil {
		a.observe("button", "invalid", start)
		return
	}
	team := c.team
	if team == "" {
		team = c.userTeam
	}
	cmd := act.Command(bot.ChannelRef{Platform: bot.PlatformSlack, GroupID: team, ChannelID: c.channel},
		bot.User{ID: c.user, Name: firstNonEmpty(c.name, c.user)})
	cmd.Request = c.trigger
	// The reply goes to the response_url from the core's goroutine once the core is done, in time or not;
	// the click's acknowledgement waits for neither (while shutting down, nothing runs).
	a.deadline(a.core.HandleErr).Answer(ctx, cmd, bot.Exchange{
		Kind:  "button",
		Async: true,
		Later: func(ctx context.Context, r bot.Reply) {
			if r.Form != nil && a.openForm(ctx, c.trigger, c.channel, r.Form) {
				return
			}
			a.respond(ctx, c.responseURL, r, false)
		},
	})
}

// deadline is how this adapter meets Slack's: the core's work is tracked, so a shutdown waits for it (and
// for its reply) before the database closes, and once shutting down new commands are turned away. A
// replayed request (the same trigger_id) sends nothing to its response_url, which reaches the member who
// made the original: the core's Deadline sees to that.
func (a *Adapter) deadline(handle func(context.Context, bot.Command) (bot.Reply, error)) bot.Deadline {
	return bot.Deadline{Handle: handle, Go: a.work.Go, After: a.cfg.DeferAfter, Log: a.log, Observe: a.cfg.Observe}
}

// PlatformAdmin implements bot.Chat: users.info says whether the user is a workspace admin or owner. The
// core asks only for commands that need a moderator, and remembers the answer for a while.
func (a *Adapter) PlatformAdmin(ctx context.Context, g bot.GroupRef, userID string) (bool, error) {
	var u *slack.User
	err := a.call(ctx, func() error {
		var err error
		u, err = a.api.GetUserInfoContext(ctx, userID)
		return err
	})
	if err != nil {
		return false, fmt.Errorf("slack users.info %s: %w", userID, err)
	}
	return u.IsAdmin || u.IsOwner || u.IsPrimaryOwner, nil
}

// Describe implements bot.Chat.
func (a *Adapter) Describe() bot.PlatformInfo {
	return bot.PlatformInfo{Name: "Slack", Admins: "workspace admins and owners"}
}

// call runs a Web API call, waiting out a rate limit with its Retry-After a bounded number of times.
func (a *Adapter) call(ctx context.Context, fn func() error) error {
	const tries = 4
	const maxWait = 30 * time.Second
	for attempt := 1; ; attempt++ {
		err := fn()
		var rl *slack.RateLimitedError
		if !errors.As(err, &rl) || attempt >= tries || rl.RetryAfter > maxWait {
			return err
		}
		if a.cfg.OnRetry != nil {
			a.cfg.OnRetry()
		}
		if err := a.cfg.Sleep(ctx, rl.RetryAfter); err != nil {
			return err
		}
	}
}

// respond sends a reply to a response_url: privately to the user who clicked or typed.
func (a *Adapter) respond(ctx context.Context, responseURL string, r bot.Reply, replaceOriginal bool) {
	if responseURL == "" {
		return
	}
	if !a.hookAllowed(responseURL) {
		a.log.ErrorContext(ctx, "slack response_url refused: not a Slack hooks host", "host", hostOf(responseURL))
		return
	}
	body, err := webhookBody(toMsg(r), replaceOriginal)
	if err == nil {
		err = a.postWebhook(ctx, responseURL, body)
	}
	if err != nil {
		a.log.ErrorContext(ctx, "slack response_url failed", "host", redact.URL(responseURL), redact.Err(err))
	}
}

// Slack's hosts for response_url, and GovSlack's.
var hookHosts = []string{"hooks.slack.com", "hooks.slack-gov.com"}

// hookAllowed reports whether a response_url may be posted to: one of hookHosts over https, or the host of
// the configured API URL with its scheme (a proxy, or the fakes in tests). A signed request names the URL,
// but the bot must not post its replies, or be made to post anything, anywhere else.
func (a *Adapter) hookAllowed(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil || u.User != nil || u.Host == "" {
		return false
	}
	if u.Scheme == "https" && (u.Port() == "" || u.Port() == "443") {
		for _, h := range hookHosts {
			if strings.EqualFold(u.Hostname(), h) {
				return true
			}
		}
	}
	return a.apiURL != nil && u.Scheme == a.apiURL.Scheme && strings.EqualFold(u.Host, a.apiURL.Host)
}

// hostOf is a URL's host, for a log line: a response_url's path is a credential of its own.
func hostOf(raw string) string {
	if u, err := url.Parse(raw); err == nil {
		return u.Host
	}
	return "(unparsable)"
}

// postWebhook posts a message to a response_url as slack.PostWebhookCustomHTTPContext does, from a body
// encoded by webhookBody.
func (a *Adapter) postWebhook(ctx context.Context, url string, body []byte) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("failed new request: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := a.cfg.HTTPClient.Do(req)
	if err != nil {
		return fmt.Errorf("failed to post webhook: %w", err)
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, resp.Body)
	if resp.StatusCode != http.StatusOK {
		return slack.StatusCodeError{Code: resp.StatusCode, Status: resp.Status}
	}
	return nil
}

// Events is POST /slack/events: url_verification and app_mention.
func (a *Adapter) Events(w http.ResponseWriter, r *http.Request) {
	body, ok := a.verified(w, r)
	if !ok {
		a.observe("unverified", "rejected", time.Now())
		return
	}
	var outer eventEnvelope
	if err := json.Unmarshal(body, &outer); err != nil {
		http.Error(w, "bad event", http.StatusBadRequest)
		return
	}
	if outer.Type == "url_verification" {
		w.Header().Set("Content-Type", "text/plain")
		io.WriteString(w, outer.Challenge)
		return
	}
	a.HandleEvent(r.Context(), outer)
	w.WriteHeader(http.StatusOK)
}

// eventEnvelope is the outer Events API payload, as sent over HTTP and inside Socket Mode envelopes.
type eventEnvelope struct {
	Type      string `json:"type"`
	Challenge string `json:"challenge"`
	TeamID    string `json:"team_id"`
	EventID   string `json:"event_id"`
	Event     struct {
		Type     string `json:"type"`
		User     string `json:"user"`
		Text     string `json:"text"`
		TS       string `json:"ts"`
		ThreadTS string `json:"thread_ts"`
		Channel  string `json:"channel"`
		BotID    string `json:"bot_id"`
	} `json:"event"`
}

// HandleEvent answers an app_mention in a thread, once per event id: a retry of an event already handled
// is acknowledged and dropped.
func (a *Adapter) HandleEvent(ctx context.Context, e eventEnvelope) {
	start := time.Now()
	if e.Type != "event_callback" || e.Event.Type != "app_mention" || e.Event.BotID != "" {
		return
	}
	if e.EventID != "" {
		// Slack retries an event it thinks was lost, possibly to another process: the database decides.
		first, err := a.core.FirstTime(ctx, "slack-event:"+e.TeamID+":"+e.EventID, eventMemory)
		if err != nil {
			a.log.WarnContext(ctx, "slack event dedup failed; answering anyway", "event", e.EventID, "err", err)
		}
		if !first {
			a.observe("mention", "duplicate", start)
			return
		}
	}
	question := strings.TrimSpace(mentionRE.ReplaceAllString(e.Event.Text, ""))
	thread := firstNonEmpty(e.Event.ThreadTS, e.Event.TS)
	a.work.Go(ctx, func() {
		work := context.WithoutCancel(ctx)
		reply := bot.Reply{Text: "Ask me a career or exam question after my name, or use /study help."}
		if question != "" {
			reply = a.core.AnswerFAQ(work, bot.ChannelRef{Platform: bot.PlatformSlack, GroupID: e.TeamID, ChannelID: e.Event.Channel}, question)
		}
		msg := toMsg(reply)
		err := a.call(work, func() error {
			_, _, err := a.api.PostMessageContext(work, e.Event.Channel, slack.MsgOptionText(msg.Text, false),
				slack.MsgOptionBlocks(msg.Blocks.BlockSet...), slack.MsgOptionTS(thread))
			return err
		})
		outcome := "ok"
		if err != nil {
			outcome = "error"
			a.log.ErrorContext(work, "slack mention reply failed", "channel", e.Event.Channel, redact.Err(err))
		}
		a.observe("mention", outcome, start)
	})
}

var mentionRE = regexp.MustCompile(`<@[A-Z0-9]+(\|[^>]*)?>`)

// eventMemory is how long an event id is remembered: beyond Slack's retry schedule (three retries within
// about five minutes).
const eventMemory = time.Hour

// normalizeArgs turns Slack's escaped mentions into the plain ids the core expects: <@U123|name> becomes
// U123, <!subteam^S123|@group> becomes role:S123.
func normalizeArgs(args []string) []string {
	out := make([]string, len(args))
	for i, a := range args {
		switch {
		case strings.HasPrefix(a, "<@") && strings.HasSuffix(a, ">"):
			id, _, _ := strings.Cut(strings.TrimSuffix(strings.TrimPrefix(a, "<@"), ">"), "|")
			out[i] = id
		case strings.HasPrefix(a, "<!subteam^") && strings.HasSuffix(a, ">"):
			id, _, _ := strings.Cut(strings.TrimSuffix(strings.TrimPrefix(a, "<!subteam^"), ">"), "|")
			out[i] = "role:" + id
		default:
			out[i] = a
		}
	}
	return out
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(v)
}

func (a *Adapter) observe(kind, outcome string, start time.Time) {
	if a.cfg.Observe != nil {
		a.cfg.Observe(kind, outcome, time.Since(start))
	}
}

// idleConnsPerHost is how many connections to one host are kept open between calls. Go's default of two
// means a burst of clicks, each replied to through its response_url, opens (and shakes hands on) a new
// TLS connection for nearly every reply.
const idleConnsPerHost = 64

func pooledTransport() *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConnsPerHost = idleConnsPerHost
	return t
}
