package slacktest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
)

// Direct messages: conversations.open with users=U… answers the bot's DM channel with that user (the same
// "D…" channel every time, as Slack does), where chat.postMessage posts like in any channel. A user Slack
// refuses the bot a DM with gets the error RefuseDMs gave instead.

// RefuseDMs makes conversations.open with user answer {"ok": false, "error": code}, as Slack does for a
// deactivated member ("user_disabled"), a bot user ("cannot_dm_bot") or a token that may not open DMs
// ("not_allowed_token_type"); "" lets it open again.
func (s *Server) RefuseDMs(user, code string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.dmRefusals == nil {
		s.dmRefusals = map[string]string{}
	}
	s.dmRefusals[user] = code
}

// DMChannel returns the bot's DM channel with user, "" when none was opened.
func (s *Server) DMChannel(user string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.dms[user]
}

// serveOpen answers conversations.open for one user (a multi-person DM is not something studybot opens).
func (s *Server) serveOpen(w http.ResponseWriter, form url.Values) {
	user := form.Get("users")
	if user == "" {
		io.WriteString(w, `{"ok": false, "error": "users_list_not_supplied"}`)
		return
	}
	s.mu.Lock()
	if code := s.dmRefusals[user]; code != "" {
		s.mu.Unlock()
		fmt.Fprintf(w, `{"ok": false, "error": %q}`, code)
		return
	}
	if s.dms == nil {
		s.dms = map[string]string{}
	}
	id, already := s.dms[user]
	if !already {
		s.nextID++
		id = fmt.Sprintf("D%07d", s.nextID)
		s.dms[user] = id
	}
	s.mu.Unlock()
	out := map[string]any{"ok": true, "channel": map[string]any{"id": id}}
	if already {
		out["no_op"], out["already_open"] = true, true
	}
	json.NewEncoder(w).Encode(out)
}
