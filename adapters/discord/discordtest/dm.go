package discordtest

import (
	"encoding/json"
	"io"
	"net/http"
)

// Direct messages: POST /users/@me/channels opens the bot's DM channel with a user, as Discord does (the
// same channel every time), and messages are created in it like in any channel; a user who does not take
// the bot's DMs gets Discord's 403 50007 "Cannot send messages to this user" on every create there.

// BlockDMs makes message creates in the DM channel of user answer 403 with code 50007, as for a member who
// blocked the bot or turned off direct messages from server members.
func (s *Server) BlockDMs(user string, blocked bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.blockedDMs == nil {
		s.blockedDMs = map[string]bool{}
	}
	s.blockedDMs[user] = blocked
}

// DMChannel returns the id of the bot's DM channel with user, "" when none was opened.
func (s *Server) DMChannel(user string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.dms[user]
}

// DMs returns the messages created in the bot's DM channel with user.
func (s *Server) DMs(user string) []Message {
	if ch := s.DMChannel(user); ch != "" {
		return s.Messages(ch)
	}
	return nil
}

// serveOpenDM answers POST /users/@me/channels {"recipient_id": …} with the DM channel object.
func (s *Server) serveOpenDM(w http.ResponseWriter, body []byte) {
	w.Header().Set("Content-Type", "application/json")
	var req struct {
		RecipientID string `json:"recipient_id"`
	}
	if err := json.Unmarshal(body, &req); err != nil || req.RecipientID == "" {
		w.WriteHeader(http.StatusBadRequest)
		io.WriteString(w, `{"message": "Invalid Form Body", "code": 50035, "errors": {"recipient_id": {"_errors": [{"code": "BASE_TYPE_REQUIRED", "message": "This field is required"}]}}}`)
		return
	}
	s.mu.Lock()
	if s.dms == nil {
		s.dms, s.dmUsers = map[string]string{}, map[string]string{}
	}
	id, ok := s.dms[req.RecipientID]
	if !ok {
		id = s.id()
		s.dms[req.RecipientID], s.dmUsers[id] = id, req.RecipientID
	}
	s.mu.Unlock()
	json.NewEncoder(w).Encode(map[string]any{"id": id, "type": 1, "last_message_id": nil, "flags": 0,
		"recipients": []map[string]any{{"id": req.RecipientID, "username": "user" + req.RecipientID, "discriminator": "0", "global_name": nil, "avatar": nil}}})
}

// refuseDM answers 403 50007 for a message create in the DM channel of a user who blocked the bot, and
// reports whether it answered.
func (s *Server) refuseDM(w http.ResponseWriter, channel string) bool {
	s.mu.Lock()
	blocked := s.blockedDMs[s.dmUsers[channel]]
	s.mu.Unlock()
	if !blocked {
		return false
	}
	w.WriteHeader(http.StatusForbidden)
	io.WriteString(w, `{"message": "Cannot send messages to this user", "code": 50007}`)
	return true
}
