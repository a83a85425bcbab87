// Package discordtest is a fake of Discord for tests and benchmarks: an httptest server speaking the REST
// API's JSON for the calls studybot makes, and builders for signed interaction requests in Discord's real
// wire format.
package discordtest

import (
	"bytes"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/studybot/studybot/internal/fakeapi"
)

// Call is one request the fake received.
type Call = fakeapi.Call

// Server is a fake Discord REST API. Its URL + "/api/v9" is the DISCORD_API_BASE to use.
type Server struct {
	*fakeapi.Server
	log fakeapi.Log

	mu       sync.Mutex
	commands map[string][]byte // scope ("" or guild id) -> registered commands JSON
	nextID   int64
	// fail maps a path prefix to the status and JSON body to answer with, a number of times.
	fail []failure
	// forbidden channels answer 403 Missing Access to every message call; gone ones 404 Unknown Channel.
	forbidden map[string]bool
	gone      map[string]bool
	gateway   *gateway
	threads   threads

	// created holds the messages made per channel, in order; nonces maps a nonce to the message made with
	// it, for enforce_nonce, for nonceWindow after it was made (0: for ever), on the clock now.
	created     map[string][]Message
	nonces      map[string]Message
	nonceWindow time.Duration
	now         func() time.Time
	// failAfter makes the next creates in a channel make the message and then answer an error anyway.
	failAfter map[string]int
	// held channels' message calls wait until released (a channel that hangs).
	held map[string]chan struct{}
	// latency is how long each message create takes; global is the requests a second Discord allows
	// before answering 429 with X-RateLimit-Global, counted in whole-second windows.
	latency      time.Duration
	global       int
	window       int64
	inWindow     int
	globalLimits int
	// dms maps a user to the bot's DM channel with them, dmUsers the other way; blockedDMs are the users
	// who refuse the bot's DMs (see dm.go).
	dms, dmUsers map[string]string
	blockedDMs   map[string]bool
	// attachments are the files attached to commands, by path (attachments.go).
	attachments map[string][]byte
}

// Message is a message the fake created in a channel.
type Message struct {
	ID, Channel, Nonce string
	At                 time.Time // when it was made, on the fake's clock
	Body               map[string]any
	// Files are the files a multipart create attached, in order.
	Files []fakeapi.File
}

type failure struct {
	prefix string
	status int
	body   string
	header map[string]string
	times  int
}

// NewServer starts a fake.
func NewServer() *Server {
	s := &Server{commands: map[string][]byte{}, nextID: 1000, forbidden: map[string]bool{}, gone: map[string]bool{},
		created: map[string][]Message{}, nonces: map[string]Message{}, failAfter: map[string]int{}, held: map[string]chan struct{}{},
		now: time.Now}
	s.Server = fakeapi.NewServer(http.HandlerFunc(s.serve))
	return s
}

// APIBase is the REST base to configure studybot with.
func (s *Server) APIBase() string { return s.URL + "/api/v9" }

// Fail makes the next n requests whose path starts with prefix answer status with body.
func (s *Server) Fail(prefix string, n, status int, body string, header map[string]string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fail = append(s.fail, failure{prefix: prefix, status: status, body: body, header: header, times: n})
}

// RateLimit makes the next n requests under prefix answer 429 with retry_after seconds.
func (s *Server) RateLimit(prefix string, n int, retryAfter float64) {
	s.Fail(prefix, n, http.StatusTooManyRequests,
		fmt.Sprintf(`{"message": "You are being rate limited.", "retry_after": %g, "global": false}`, retryAfter),
		map[string]string{"Retry-After": strconv.Itoa(int(retryAfter + 0.999)), "X-RateLimit-Scope": "user"})
}

// Gone makes every message call in a channel answer 404 Unknown Channel, as for a deleted channel.
func (s *Server) Gone(channelID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.gone[channelID] = true
}

// SetClock makes the fake tell time with now (messages' timestamps, how old a nonce is) instead of the
// wall clock.
func (s *Server) SetClock(now func() time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.now = now
}

// ForgetNonces makes the fake keep a nonce only for d after its message was made, as Discord checks an
// enforced nonce against the last few minutes only: a create with an older nonce makes a new message.
func (s *Server) ForgetNonces(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.nonceWindow = d
}

// FailAfterCreate makes the next n message creates in a channel create the message and then answer status
// anyway, as when Discord created a message and the request failed on its way back.
func (s *Server) FailAfterCreate(channelID string, n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failAfter[channelID] = n
}

// Hold makes message calls in a channel wait until the returned release is called (or the client gives
// up): a channel that hangs.
func (s *Server) Hold(channelID string) (release func()) {
	ch := make(chan struct{})
	s.mu.Lock()
	s.held[channelID] = ch
	s.mu.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			s.mu.Lock()
			delete(s.held, channelID)
			s.mu.Unlock()
			close(ch)
		})
	}
}

// SetLatency makes each message create take d, as a real round trip to Discord does.
func (s *Server) SetLatency(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.latency = d
}

// SetGlobalLimit enforces Discord's global rate limit: more than perSecond requests with the bot token in
// one second are answered 429 with retry_after, "global": true and X-RateLimit-Global. Interaction
// callbacks are exempt, as on Discord.
func (s *Server) SetGlobalLimit(perSecond int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.global = perSecond
}

// GlobalLimited returns how many requests the global limit refused.
func (s *Server) GlobalLimited() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.globalLimits
}

// Messages returns the messages created in a channel (each created once, however often it was asked for
// with the same enforced nonce).
func (s *Server) Messages(channelID string) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.created[channelID]...)
}

// Forbid makes every message call in a channel answer 403 Missing Access.
func (s *Server) Forbid(channelID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.forbidden[channelID] = true
}

// Calls returns the requests received so far, optionally only those matching method and path prefix.
func (s *Server) Calls(method, prefix string) []Call {
	return s.log.Match(callMatch(method, prefix))
}

// WaitCalls waits until at least n calls match method and path prefix, or timeout passes, and returns the
// matching calls. It is for events that arrive on their own, such as gateway interactions.
func (s *Server) WaitCalls(method, prefix string, n int, timeout time.Duration) []Call {
	return s.log.WaitMatch(callMatch(method, prefix), n, timeout)
}

func callMatch(method, prefix string) func(Call) bool {
	return func(c Call) bool { return (method == "" || c.Method == method) && strings.HasPrefix(c.Path, prefix) }
}

// Reset forgets the calls recorded so far.
func (s *Server) Reset() { s.log.Reset() }

func (s *Server) id() string {
	s.nextID++
	return strconv.FormatInt(s.nextID, 10)
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	body, files, err := readBody(r)
	if err != nil {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprintf(w, `{"message": "Invalid Form Body: %s", "code": 50035}`, err)
		return
	}
	path := r.URL.Path
	s.log.Record(Call{Method: r.Method, Path: path, Body: body, Auth: r.Header.Get("Authorization"), Files: files})
	if s.globallyLimited(path) {
		wait := time.Until(time.Unix(time.Now().Unix()+1, 0)).Seconds()
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Retry-After", strconv.Itoa(int(wait+0.999)))
		w.Header().Set("X-RateLimit-Global", "true")
		w.Header().Set("X-RateLimit-Scope", "global")
		w.WriteHeader(http.StatusTooManyRequests)
		fmt.Fprintf(w, `{"message": "You are being rate limited.", "retry_after": %.3f, "global": true}`, wait)
		return
	}
	s.mu.Lock()
	for i := range s.fail {
		f := &s.fail[i]
		if f.times > 0 && strings.HasPrefix(path, f.prefix) {
			f.times--
			s.mu.Unlock()
			for k, v := range f.header {
				w.Header().Set(k, v)
			}
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(f.status)
			io.WriteString(w, f.body)
			return
		}
	}
	s.mu.Unlock()

	if strings.HasPrefix(path, "/attachments/") {
		s.serveAttachment(w, r)
		return
	}
	if path == "/gateway" || path == "/gateway/" {
		s.serveGateway(w, r)
		return
	}
	rest, ok := strings.CutPrefix(path, "/api/v9/")
	if !ok {
		notFound(w)
		return
	}
	parts := strings.Split(rest, "/")
	switch {
	case rest == "gateway" && r.Method == http.MethodGet:
		s.serveGatewayURL(w)
	case len(parts) >= 3 && parts[0] == "applications" && parts[len(parts)-1] == "commands":
		scope := ""
		if len(parts) == 5 && parts[2] == "guilds" {
			scope = parts[3]
		}
		s.serveCommands(w, r, scope, body)
	case len(parts) == 3 && parts[0] == "channels" && parts[2] == "messages" && r.Method == http.MethodGet:
		s.serveHistory(w, parts[1], r.URL.Query())
	case rest == "users/@me/channels" && r.Method == http.MethodPost:
		s.serveOpenDM(w, body)
	case len(parts) == 3 && parts[0] == "channels" && parts[2] == "messages" && r.Method == http.MethodPost:
		s.serveMessage(w, parts[1], "", body, files)
	case len(parts) == 5 && parts[0] == "channels" && parts[2] == "messages" && parts[4] == "threads" && r.Method == http.MethodPost:
		s.serveThreadStart(w, parts[1], parts[3], body)
	case len(parts) == 4 && parts[0] == "channels" && parts[2] == "messages" && r.Method == http.MethodPatch:
		s.serveMessage(w, parts[1], parts[3], body, nil)
	case len(parts) == 4 && parts[0] == "interactions" && parts[3] == "callback":
		w.WriteHeader(http.StatusNoContent)
	case len(parts) == 5 && parts[0] == "webhooks" && parts[3] == "messages":
		s.serveMessage(w, "", parts[4], body, nil)
	case len(parts) == 3 && parts[0] == "webhooks":
		s.serveMessage(w, "", "", body, nil)
	default:
		notFound(w)
	}
}

// globallyLimited answers 429 when the request is over the global limit, the way Discord does.
func (s *Server) globallyLimited(path string) bool {
	if strings.Contains(path, "/interactions/") || strings.Contains(path, "/webhooks/") || !strings.HasPrefix(path, "/api/") {
		return false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.global == 0 {
		return false
	}
	now := time.Now()
	if sec := now.Unix(); sec != s.window {
		s.window, s.inWindow = sec, 0
	}
	s.inWindow++
	if s.inWindow <= s.global {
		return false
	}
	s.globalLimits++
	return true
}

func notFound(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusNotFound)
	io.WriteString(w, `{"message": "404: Not Found", "code": 0}`)
}

func (s *Server) serveCommands(w http.ResponseWriter, r *http.Request, scope string, body []byte) {
	w.Header().Set("Content-Type", "application/json")
	s.mu.Lock()
	defer s.mu.Unlock()
	switch r.Method {
	case http.MethodGet:
		if c := s.commands[scope]; c != nil {
			w.Write(c)
			return
		}
		io.WriteString(w, "[]")
	case http.MethodPut:
		var cmds []map[string]any
		var raws []json.RawMessage
		if err := json.Unmarshal(body, &cmds); err != nil || json.Unmarshal(body, &raws) != nil {
			w.WriteHeader(http.StatusBadRequest)
			io.WriteString(w, `{"message": "Invalid Form Body", "code": 50035}`)
			return
		}
		for _, raw := range raws {
			if err := validateCommand(raw); err != nil {
				w.WriteHeader(http.StatusBadRequest)
				msg, _ := json.Marshal("Invalid Form Body: " + err.Error())
				fmt.Fprintf(w, `{"message": %s, "code": 50035}`, msg)
				return
			}
		}
		for _, c := range cmds {
			c["id"] = s.id()
			c["application_id"] = "app"
			c["version"] = s.id()
			if scope != "" {
				c["guild_id"] = scope
			}
		}
		out, _ := json.Marshal(cmds)
		s.commands[scope] = out
		w.Write(out)
	default:
		w.WriteHeader(http.StatusMethodNotAllowed)
	}
}

// readBody returns a request's JSON: the body itself, or, for multipart/form-data (a message with files),
// its payload_json part, with the files[n] parts alongside, as Discord reads them.
func readBody(r *http.Request) ([]byte, map[string]fakeapi.File, error) {
	mt, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "multipart/form-data" {
		b, err := io.ReadAll(r.Body)
		return b, nil, err
	}
	mr := multipart.NewReader(r.Body, params["boundary"])
	var payload []byte
	files := map[string]fakeapi.File{}
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, err
		}
		data, err := io.ReadAll(p)
		if err != nil {
			return nil, nil, err
		}
		switch name := p.FormName(); {
		case name == "payload_json":
			payload = data
		case strings.HasPrefix(name, "files["):
			if p.FileName() == "" {
				return nil, nil, fmt.Errorf("%s has no filename", name)
			}
			files[name] = fakeapi.File{Name: p.FileName(), ContentType: p.Header.Get("Content-Type"), Data: data}
		default:
			return nil, nil, fmt.Errorf("unexpected part %q", name)
		}
	}
	if payload == nil {
		return nil, nil, fmt.Errorf("no payload_json")
	}
	return payload, files, nil
}

func (s *Server) serveMessage(w http.ResponseWriter, channel, id string, body []byte, files map[string]fakeapi.File) {
	w.Header().Set("Content-Type", "application/json")
	s.mu.Lock()
	forbidden, gone, hold, latency := s.forbidden[channel], s.gone[channel], s.held[channel], s.latency
	s.mu.Unlock()
	if hold != nil {
		<-hold
	}
	if refuseChannel(w, forbidden, gone) || (id == "" && s.refuseDM(w, channel)) {
		return
	}
	var msg map[string]any
	json.Unmarshal(body, &msg)
	if msg == nil {
		msg = map[string]any{}
	}
	create := id == "" && channel != ""
	if create && latency > 0 {
		time.Sleep(latency)
	}
	s.mu.Lock()
	nonce, _ := msg["nonce"].(string)
	if create && nonce != "" && msg["enforce_nonce"] == true {
		// Discord: with enforce_nonce, a nonce it saw recently returns that message instead of a new one.
		if m, ok := s.nonces[nonce]; ok && (s.nonceWindow == 0 || s.now().Sub(m.At) < s.nonceWindow) {
			s.mu.Unlock()
			json.NewEncoder(w).Encode(s.render(m))
			return
		}
	}
	if id == "" || id == "@original" {
		id = s.id()
	}
	m := Message{ID: id, Channel: channel, Nonce: nonce, At: s.now(), Body: msg}
	for i := 0; i < len(files); i++ {
		f, ok := files[fmt.Sprintf("files[%d]", i)]
		if !ok {
			s.mu.Unlock()
			w.WriteHeader(http.StatusBadRequest)
			io.WriteString(w, `{"message": "Invalid Form Body", "code": 50035}`)
			return
		}
		m.Files = append(m.Files, f)
	}
	failAfter := false
	if create {
		s.created[channel] = append(s.created[channel], m)
		if nonce != "" {
			s.nonces[nonce] = m
		}
		if s.failAfter[channel] > 0 {
			s.failAfter[channel]--
			failAfter = true
		}
	}
	s.mu.Unlock()
	if failAfter {
		w.WriteHeader(http.StatusBadGateway)
		io.WriteString(w, `{"message": "502 Bad Gateway", "code": 0}`)
		return
	}
	json.NewEncoder(w).Encode(s.render(m))
}

// serveHistory answers GET /channels/{id}/messages as Discord does: up to limit (default 50, at most 100)
// of the channel's messages, before a message id when given, newest first. Discord does not keep a message's
// nonce, so the messages read back have none.
func (s *Server) serveHistory(w http.ResponseWriter, channel string, q url.Values) {
	w.Header().Set("Content-Type", "application/json")
	s.mu.Lock()
	forbidden, gone, msgs := s.forbidden[channel], s.gone[channel], append([]Message(nil), s.created[channel]...)
	s.mu.Unlock()
	if refuseChannel(w, forbidden, gone) {
		return
	}
	limit := 50
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 100 {
			w.WriteHeader(http.StatusBadRequest)
			io.WriteString(w, `{"message": "Invalid Form Body", "code": 50035}`)
			return
		}
		limit = n
	}
	id := func(m Message) uint64 { n, _ := strconv.ParseUint(m.ID, 10, 64); return n }
	before, _ := strconv.ParseUint(q.Get("before"), 10, 64)
	out := []map[string]any{}
	for i := len(msgs) - 1; i >= 0 && len(out) < limit; i-- {
		m := msgs[i]
		if before != 0 && id(m) >= before {
			continue
		}
		r := s.render(m)
		delete(r, "nonce")
		delete(r, "enforce_nonce")
		out = append(out, r)
	}
	json.NewEncoder(w).Encode(out)
}

func (s *Server) render(m Message) map[string]any {
	out := map[string]any{}
	for k, v := range m.Body {
		out[k] = v
	}
	out["id"] = m.ID
	out["channel_id"] = m.Channel
	out["type"] = 0
	out["timestamp"] = m.At.UTC().Format(time.RFC3339Nano)
	out["author"] = map[string]any{"id": "app", "username": "studybot", "bot": true}
	atts := []map[string]any{}
	for i, f := range m.Files {
		atts = append(atts, map[string]any{"id": m.ID + fmt.Sprint(i), "filename": f.Name, "size": len(f.Data), "content_type": f.ContentType,
			"url": "https://cdn.discordapp.test/attachments/" + m.Channel + "/" + m.ID + "/" + f.Name})
	}
	out["attachments"] = atts
	return out
}

// Key is a signing key pair for interaction requests.
type Key struct {
	Public  ed25519.PublicKey
	private ed25519.PrivateKey
}

// NewKey makes a deterministic key from a seed byte.
func NewKey(seed byte) Key {
	priv := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{seed}, ed25519.SeedSize))
	return Key{Public: priv.Public().(ed25519.PublicKey), private: priv}
}

// PublicHex is the key as DISCORD_PUBLIC_KEY.
func (k Key) PublicHex() string { return hex.EncodeToString(k.Public) }

// Request builds a POST to url signed as Discord signs interactions: Ed25519 over timestamp + body.
func (k Key) Request(url string, body []byte, at time.Time) *http.Request {
	ts := strconv.FormatInt(at.Unix(), 10)
	sig := ed25519.Sign(k.private, append([]byte(ts), body...))
	req, _ := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Signature-Ed25519", hex.EncodeToString(sig))
	req.Header.Set("X-Signature-Timestamp", ts)
	return req
}

// CardButtons returns the custom ids of the buttons of the n-th message (from 0) posted to a channel.
func (s *Server) CardButtons(channel string, n int) []string {
	calls := s.Calls("POST", "/api/v9/channels/"+channel+"/messages")
	if n >= len(calls) {
		return nil
	}
	var msg struct {
		Components []struct {
			Components []struct {
				CustomID string `json:"custom_id"`
			} `json:"components"`
		} `json:"components"`
	}
	json.Unmarshal(calls[n].Body, &msg)
	var ids []string
	for _, row := range msg.Components {
		for _, b := range row.Components {
			ids = append(ids, b.CustomID)
		}
	}
	return ids
}

// refuseChannel answers as Discord does for a channel the bot may not reach (403 Missing Access) or that is
// gone (404 Unknown Channel), and reports whether it answered.
func refuseChannel(w http.ResponseWriter, forbidden, gone bool) bool {
	switch {
	case forbidden:
		w.WriteHeader(http.StatusForbidden)
		io.WriteString(w, `{"message": "Missing Access", "code": 50001}`)
	case gone:
		w.WriteHeader(http.StatusNotFound)
		io.WriteString(w, `{"message": "Unknown Channel", "code": 10003}`)
	default:
		return false
	}
	return true
}
