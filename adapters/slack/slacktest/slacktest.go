// Package slacktest is a fake of Slack for tests and benchmarks: an httptest server answering the Web API
// methods studybot calls with Slack's JSON shapes, response_url hooks, a Socket Mode websocket, and
// builders for requests signed the way Slack signs them.
package slacktest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/websocket"
	"github.com/studybot/studybot/internal/fakeapi"
)

// Call is one request the fake received; its Method is the Web API method ("chat.postMessage") or "hook".
type Call = fakeapi.Call

// Server is a fake Slack. URL + "/api/" is the SLACK_API_URL to use; Hook(name) gives response URLs.
type Server struct {
	*fakeapi.Server
	log fakeapi.Log

	mu        sync.Mutex
	admins    map[string]bool
	errors    map[string][]string // method -> queued error codes ("ratelimited" answers 429, "500" HTTP 500, "drop" closes the connection)
	ts        int64
	envelopes chan []byte // to send over the socket
	acks      chan []byte // acks received over the socket
	holds     map[string]*hold

	// failAfter makes the next posts in a channel make the message and answer HTTP 500 anyway; noHistory
	// refuses conversations.history with missing_scope; perChannel is chat.postMessage's limit per channel
	// per second (0: none), counted in whole-second windows; latency delays each post.
	failAfter  map[string]int
	noHistory  bool
	perChannel int
	windows    map[string][2]int64 // channel -> {second, posts in it}
	latency    time.Duration
	limited    int
	// history holds each channel's messages, oldest first, for conversations.history; files holds the files
	// of the external upload flow by id.
	history map[string][]Message
	files   map[string]*File
	// fileBase is where files.info says shared files are (files.go); "": the fake itself.
	fileBase string
	// replies holds the replies in each thread, oldest first, by channel and parent ts (see threadKey).
	replies map[string][]Message
	nextID  int
	// dms maps a user to the bot's DM channel with them; dmRefusals, a user to the error conversations.open
	// answers for them (see dm.go).
	dms, dmRefusals map[string]string
}

// Message is a message in a channel of the fake: posted with chat.postMessage, or a file shared by
// files.completeUploadExternal.
type Message struct {
	TS       string
	Text     string
	Metadata map[string]any // {"event_type": …, "event_payload": {…}}
	Files    []*File
	ThreadTS string // a reply's parent (chat.postMessage's thread_ts); "" in the channel itself
}

// File is a file uploaded through the external upload flow: announced by files.getUploadURLExternal,
// its bytes sent to the upload URL, then completed (and shared to a channel) by
// files.completeUploadExternal.
type File struct {
	ID, Name, Title, AltText string
	Length                   int
	Data                     []byte
	Completed                bool
	Channel                  string
}

// Messages returns a channel's messages, oldest first.
func (s *Server) Messages(channel string) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.history[channel]...)
}

// SharedFiles returns the files shared to a channel, in order.
func (s *Server) SharedFiles(channel string) []File {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []File
	for _, m := range s.history[channel] {
		for _, f := range m.Files {
			out = append(out, *f)
		}
	}
	return out
}

type hold struct {
	arrived chan struct{}
	release chan struct{}
	once    sync.Once
}

// Hold makes the next call of a Web API method wait until release is called; arrived is closed when the
// call comes in. It lets a test act while a request is in flight.
func (s *Server) Hold(method string) (arrived <-chan struct{}, release func()) {
	h := &hold{arrived: make(chan struct{}), release: make(chan struct{})}
	s.mu.Lock()
	s.holds[method] = h
	s.mu.Unlock()
	return h.arrived, func() { h.once.Do(func() { close(h.release) }) }
}

// NewServer starts a fake.
func NewServer() *Server {
	s := &Server{admins: map[string]bool{}, errors: map[string][]string{}, ts: 1772000000, holds: map[string]*hold{},
		history: map[string][]Message{}, files: map[string]*File{}, replies: map[string][]Message{},
		failAfter: map[string]int{}, windows: map[string][2]int64{},
		envelopes: make(chan []byte, 64), acks: make(chan []byte, 64)}
	s.Server = fakeapi.NewServer(http.HandlerFunc(s.serve))
	return s
}

// APIURL is the Web API base to configure studybot with.
func (s *Server) APIURL() string { return s.URL + "/api/" }

// Hook returns a response_url on the fake.
func (s *Server) Hook(name string) string { return s.URL + "/hooks/" + name }

// SetAdmin makes users.info report the user as a workspace admin.
func (s *Server) SetAdmin(user string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.admins[user] = true
}

// FailNext makes the next calls of a Web API method answer with these errors in turn; "ratelimited"
// answers HTTP 429 with Retry-After: 1.
func (s *Server) FailNext(method string, errs ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.errors[method] = append(s.errors[method], errs...)
}

// FailAfterPost makes the next n posts in a channel make the message and then answer HTTP 500, as when
// Slack posted and the response was lost.
func (s *Server) FailAfterPost(channel string, n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failAfter[channel] = n
}

// DenyHistory makes conversations.history answer missing_scope, as for a token without channels:history.
func (s *Server) DenyHistory() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.noHistory = true
}

// SetChannelLimit enforces Slack's limit of about one message a second per channel: more posts in one
// channel within a second are answered 429 ratelimited with Retry-After: 1.
func (s *Server) SetChannelLimit(perSecond int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.perChannel = perSecond
}

// SetLatency makes each chat.postMessage take d.
func (s *Server) SetLatency(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.latency = d
}

// Limited returns how many posts the per-channel limit refused.
func (s *Server) Limited() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.limited
}

// Calls returns the calls of a method ("" for all).
func (s *Server) Calls(method string) []Call {
	return s.log.Match(func(c Call) bool { return method == "" || c.Method == method })
}

// WaitCalls waits until at least n calls of a method came in, or timeout passes, and returns them.
func (s *Server) WaitCalls(method string, n int, timeout time.Duration) []Call {
	return s.log.WaitMatch(func(c Call) bool { return method == "" || c.Method == method }, n, timeout)
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/link" {
		s.serveSocket(w, r)
		return
	}
	if strings.HasPrefix(r.URL.Path, "/upload/") {
		s.serveUpload(w, r)
		return
	}
	if strings.HasPrefix(r.URL.Path, "/files-pri/") {
		s.serveFilePrivate(w, r)
		return
	}
	body, _ := io.ReadAll(r.Body)
	method := strings.TrimPrefix(r.URL.Path, "/api/")
	form := url.Values{}
	if strings.HasPrefix(r.URL.Path, "/hooks/") {
		// A response_url takes JSON, not a form: the burst's replies come here, so nothing is parsed.
		method = "hook"
	} else {
		form, _ = url.ParseQuery(string(body))
	}
	if r.URL.RawQuery != "" {
		for k, v := range r.URL.Query() {
			form[k] = v
		}
	}
	s.log.Record(Call{Method: method, Path: r.URL.Path, Form: form, Body: body, Auth: r.Header.Get("Authorization")})
	s.mu.Lock()
	var fail string
	if q := s.errors[method]; len(q) > 0 {
		fail, s.errors[method] = q[0], q[1:]
	}
	// A message's ts is Slack's clock when it was made (here the real clock), unique within the fake.
	var ts string
	if method != "hook" {
		s.ts++
		ts = fmt.Sprintf("%d.%06d", time.Now().Unix(), s.ts%1000000)
	}
	admin := s.admins[form.Get("user")]
	h := s.holds[method]
	delete(s.holds, method)
	channel := form.Get("channel")
	if method == "chat.postMessage" && fail == "" && s.perChannel > 0 {
		sec := time.Now().Unix()
		win := s.windows[channel]
		if win[0] != sec {
			win = [2]int64{sec, 0}
		}
		if win[1]++; win[1] > int64(s.perChannel) {
			fail = "ratelimited"
			s.limited++
		}
		s.windows[channel] = win
	}
	latency := s.latency
	s.mu.Unlock()
	if h != nil {
		close(h.arrived)
		<-h.release
	}
	if method == "chat.postMessage" && latency > 0 {
		time.Sleep(latency)
	}

	switch fail {
	case "drop": // the connection is closed without an answer
		if conn, _, err := w.(http.Hijacker).Hijack(); err == nil {
			conn.Close()
		}
		return
	case "500":
		http.Error(w, "boom", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	if fail == "ratelimited" {
		w.Header().Set("Retry-After", "1")
		w.WriteHeader(http.StatusTooManyRequests)
		io.WriteString(w, `{"ok": false, "error": "ratelimited"}`)
		return
	}
	if fail != "" {
		fmt.Fprintf(w, `{"ok": false, "error": %q}`, fail)
		return
	}
	switch method {
	case "hook":
		io.WriteString(w, "ok")
	case "chat.postMessage":
		m := Message{TS: ts, Text: form.Get("text"), ThreadTS: form.Get("thread_ts")}
		json.Unmarshal([]byte(form.Get("metadata")), &m.Metadata)
		s.mu.Lock()
		if m.ThreadTS != "" {
			s.replies[threadKey(channel, m.ThreadTS)] = append(s.replies[threadKey(channel, m.ThreadTS)], m)
		} else {
			s.history[channel] = append(s.history[channel], m)
		}
		lost := s.failAfter[channel] > 0
		if lost {
			s.failAfter[channel]--
		}
		s.mu.Unlock()
		if lost {
			w.WriteHeader(http.StatusInternalServerError)
			io.WriteString(w, "internal server error")
			return
		}
		reply := map[string]any{"type": "message", "text": form.Get("text"), "ts": ts, "bot_id": "B1"}
		if m.ThreadTS != "" {
			reply["thread_ts"], reply["parent_user_id"] = m.ThreadTS, "UBOT"
		}
		json.NewEncoder(w).Encode(map[string]any{"ok": true, "channel": channel, "ts": ts, "message": reply})
	case "conversations.history":
		s.serveHistory(w, form)
	case "conversations.replies":
		s.serveReplies(w, form)
	case "conversations.open":
		s.serveOpen(w, form)
	case "files.getUploadURLExternal":
		length, err := strconv.Atoi(form.Get("length"))
		if form.Get("filename") == "" || err != nil || length <= 0 {
			io.WriteString(w, `{"ok": false, "error": "invalid_arguments"}`)
			return
		}
		s.mu.Lock()
		s.nextID++
		f := &File{ID: fmt.Sprintf("F%06d", s.nextID), Name: form.Get("filename"), AltText: form.Get("alt_txt"), Length: length}
		s.files[f.ID] = f
		s.mu.Unlock()
		json.NewEncoder(w).Encode(map[string]any{"ok": true, "upload_url": s.URL + "/upload/" + f.ID, "file_id": f.ID})
	case "files.completeUploadExternal":
		s.serveComplete(w, form, ts)
	case "files.info":
		s.serveFileInfo(w, form)
	case "chat.update":
		json.NewEncoder(w).Encode(map[string]any{"ok": true, "channel": form.Get("channel"), "ts": form.Get("ts"), "text": form.Get("text")})
	case "views.open":
		io.WriteString(w, `{"ok": true, "view": {"id": "V1", "type": "modal"}}`)
	case "chat.postEphemeral":
		json.NewEncoder(w).Encode(map[string]any{"ok": true, "message_ts": ts})
	case "users.info":
		id := form.Get("user")
		json.NewEncoder(w).Encode(map[string]any{"ok": true, "user": map[string]any{"id": id, "team_id": "T1", "name": strings.ToLower(id),
			"is_admin": admin, "is_owner": false, "is_primary_owner": false, "is_bot": false, "deleted": false}})
	case "auth.test":
		io.WriteString(w, `{"ok": true, "url": "https://study.slack.com/", "team": "Study", "user": "studybot", "team_id": "T1", "user_id": "UBOT", "bot_id": "B1"}`)
	case "apps.connections.open":
		fmt.Fprintf(w, `{"ok": true, "url": %q}`, "ws"+strings.TrimPrefix(s.URL, "http")+"/link")
	default:
		io.WriteString(w, `{"ok": false, "error": "unknown_method"}`)
	}
}

// serveHistory answers conversations.history: the channel's messages since oldest, newest first, with their
// files, and their metadata when include_all_metadata is set, as Slack returns them.
func (s *Server) serveHistory(w http.ResponseWriter, form url.Values) {
	oldest, _ := strconv.ParseFloat(form.Get("oldest"), 64)
	withMeta := form.Get("include_all_metadata") == "true" || form.Get("include_all_metadata") == "1"
	s.mu.Lock()
	if s.noHistory {
		s.mu.Unlock()
		io.WriteString(w, `{"ok": false, "error": "missing_scope", "needed": "channels:history", "provided": "chat:write"}`)
		return
	}
	msgs := s.history[form.Get("channel")]
	var out []map[string]any
	for i := len(msgs) - 1; i >= 0; i-- {
		m := msgs[i]
		if t, _ := strconv.ParseFloat(m.TS, 64); t < oldest {
			continue
		}
		msg := map[string]any{"type": "message", "ts": m.TS, "text": m.Text, "bot_id": "B1"}
		if withMeta && m.Metadata != nil {
			msg["metadata"] = m.Metadata
		}
		for _, f := range m.Files {
			msg["files"] = append(asList(msg["files"]), map[string]any{"id": f.ID, "name": f.Name, "title": f.Title,
				"mimetype": "image/png", "filetype": "png", "size": len(f.Data)})
		}
		out = append(out, msg)
	}
	s.mu.Unlock()
	json.NewEncoder(w).Encode(map[string]any{"ok": true, "messages": out, "has_more": false})
}

func asList(v any) []any {
	l, _ := v.([]any)
	return l
}

// serveUpload takes a file's bytes at its upload URL, as a multipart form with a "file" part (what
// slack-go sends; Slack takes the raw body too), and answers as Slack does: 200 "OK - <length>".
func (s *Server) serveUpload(w http.ResponseWriter, r *http.Request) {
	id := strings.TrimPrefix(r.URL.Path, "/upload/")
	var data []byte
	if mr, err := r.MultipartReader(); err == nil {
		for {
			p, err := mr.NextPart()
			if err != nil {
				break
			}
			if p.FormName() == "file" {
				data, _ = io.ReadAll(p)
			}
		}
	} else {
		data, _ = io.ReadAll(r.Body)
	}
	s.log.Record(Call{Method: "upload", Path: r.URL.Path, Body: data, Auth: r.Header.Get("Authorization")})
	s.mu.Lock()
	f := s.files[id]
	var fail string
	if q := s.errors["upload"]; len(q) > 0 {
		fail, s.errors["upload"] = q[0], q[1:]
	}
	if f != nil && fail == "" {
		f.Data = data
	}
	s.mu.Unlock()
	switch {
	case f == nil:
		http.Error(w, "unknown upload", http.StatusNotFound)
	case fail != "":
		http.Error(w, fail, http.StatusInternalServerError)
	default:
		fmt.Fprintf(w, "OK - %d", len(data))
	}
}

// serveComplete answers files.completeUploadExternal: every file must have been uploaded; with a
// channel_id they are shared there as one message.
func (s *Server) serveComplete(w http.ResponseWriter, form url.Values, ts string) {
	var files []struct {
		ID    string `json:"id"`
		Title string `json:"title"`
	}
	if err := json.Unmarshal([]byte(form.Get("files")), &files); err != nil || len(files) == 0 {
		io.WriteString(w, `{"ok": false, "error": "invalid_arguments"}`)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var done []*File
	for _, fs := range files {
		f := s.files[fs.ID]
		if f == nil || f.Data == nil {
			io.WriteString(w, `{"ok": false, "error": "file_not_found"}`)
			return
		}
		f.Title, f.Completed, f.Channel = fs.Title, true, form.Get("channel_id")
		done = append(done, f)
	}
	if ch := form.Get("channel_id"); ch != "" {
		s.history[ch] = append(s.history[ch], Message{TS: ts, Files: done})
	}
	var out []map[string]any
	for _, f := range done {
		out = append(out, map[string]any{"id": f.ID, "title": f.Title})
	}
	json.NewEncoder(w).Encode(map[string]any{"ok": true, "files": out})
}

// upgrader accepts slack-go's fixed Origin header (https://api.slack.com), as Slack's servers do.
var upgrader = websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}

// serveSocket speaks Socket Mode: hello, then the envelopes queued with SendEnvelope; acks are collected.
func (s *Server) serveSocket(w http.ResponseWriter, r *http.Request) {
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	defer conn.Close()
	conn.WriteJSON(map[string]any{"type": "hello", "num_connections": 1,
		"connection_info": map[string]any{"app_id": "A1"}, "debug_info": map[string]any{"host": "fake"}})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			_, msg, err := conn.ReadMessage()
			if err != nil {
				return
			}
			s.acks <- msg
		}
	}()
	for {
		select {
		case env := <-s.envelopes:
			if err := conn.WriteMessage(websocket.TextMessage, env); err != nil {
				return
			}
		case <-done:
			return
		case <-r.Context().Done():
			return
		}
	}
}

// SendEnvelope queues a Socket Mode envelope (type slash_commands, interactive or events_api).
func (s *Server) SendEnvelope(id, typ string, payload []byte) {
	env, _ := json.Marshal(map[string]any{"envelope_id": id, "type": typ, "payload": json.RawMessage(payload),
		"accepts_response_payload": typ == "slash_commands", "retry_attempt": 0, "retry_reason": ""})
	s.envelopes <- env
}

// Acks is where acknowledgements sent over the socket arrive.
func (s *Server) Acks() <-chan []byte { return s.acks }

// CardActions returns the action ids of the buttons of the n-th message (from 0) posted with chat.postMessage.
func (s *Server) CardActions(n int) []string {
	calls := s.Calls("chat.postMessage")
	if n >= len(calls) {
		return nil
	}
	var blocks []struct {
		Type     string `json:"type"`
		Elements []struct {
			ActionID string `json:"action_id"`
		} `json:"elements"`
	}
	json.Unmarshal([]byte(calls[n].Form.Get("blocks")), &blocks)
	var ids []string
	for _, b := range blocks {
		if b.Type == "actions" {
			for _, e := range b.Elements {
				ids = append(ids, e.ActionID)
			}
		}
	}
	return ids
}
