package discordtest

import (
	"encoding/json"
	"io"
	"net/http"
	"unicode/utf8"
)

// Thread is a public thread the fake started on a message: Discord gives it the message's id.
type Thread struct {
	ID, Parent, Name string
	AutoArchive      int // minutes
}

// threads is the fake's thread state: the threads started, by id, in order, and the channels where the
// bot may not start them.
type threads struct {
	started []Thread
	denied  map[string]bool
}

// DenyThreads makes thread starts in a channel answer 403 Missing Permissions, as for a bot without
// Create Public Threads there.
func (s *Server) DenyThreads(channelID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.threads.denied == nil {
		s.threads.denied = map[string]bool{}
	}
	s.threads.denied[channelID] = true
}

// Threads returns the threads started on messages of a channel, in order (each once, however often it
// was asked for).
func (s *Server) Threads(channelID string) []Thread {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Thread
	for _, t := range s.threads.started {
		if t.Parent == channelID {
			out = append(out, t)
		}
	}
	return out
}

// serveThreadStart answers POST /channels/{channel.id}/messages/{message.id}/threads as Discord does: a
// thread channel (type 11) with the message's id, 400 with code 160004 when the message already has one,
// 404 Unknown Message for a message the channel does not have, 403 Missing Permissions where the bot may
// not start threads, and 400 Invalid Form Body for a name that is not 1 to 100 characters.
func (s *Server) serveThreadStart(w http.ResponseWriter, channel, messageID string, body []byte) {
	w.Header().Set("Content-Type", "application/json")
	var req struct {
		Name                string `json:"name"`
		AutoArchiveDuration int    `json:"auto_archive_duration"`
	}
	if err := json.Unmarshal(body, &req); err != nil || req.Name == "" || utf8.RuneCountInString(req.Name) > 100 {
		w.WriteHeader(http.StatusBadRequest)
		io.WriteString(w, `{"message": "Invalid Form Body", "code": 50035, "errors": {"name": {"_errors": [{"code": "BASE_TYPE_BAD_LENGTH", "message": "Must be between 1 and 100 in length."}]}}}`)
		return
	}
	s.mu.Lock()
	forbidden, gone, denied := s.forbidden[channel], s.gone[channel], s.threads.denied[channel]
	s.mu.Unlock()
	if refuseChannel(w, forbidden, gone) {
		return
	}
	if denied {
		w.WriteHeader(http.StatusForbidden)
		io.WriteString(w, `{"message": "Missing Permissions", "code": 50013}`)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	found := false
	for _, m := range s.created[channel] {
		found = found || m.ID == messageID
	}
	if !found {
		w.WriteHeader(http.StatusNotFound)
		io.WriteString(w, `{"message": "Unknown Message", "code": 10008}`)
		return
	}
	for _, t := range s.threads.started {
		if t.ID == messageID {
			w.WriteHeader(http.StatusBadRequest)
			io.WriteString(w, `{"message": "A thread has already been created for this message", "code": 160004}`)
			return
		}
	}
	if req.AutoArchiveDuration == 0 {
		req.AutoArchiveDuration = 4320
	}
	t := Thread{ID: messageID, Parent: channel, Name: req.Name, AutoArchive: req.AutoArchiveDuration}
	s.threads.started = append(s.threads.started, t)
	w.WriteHeader(http.StatusCreated)
	json.NewEncoder(w).Encode(map[string]any{
		"id": t.ID, "type": 11, "guild_id": "g1", "parent_id": channel, "owner_id": "app", "name": t.Name,
		"last_message_id": nil, "rate_limit_per_user": 0, "flags": 0, "message_count": 0, "member_count": 1, "total_message_sent": 0,
		"thread_metadata": map[string]any{"archived": false, "auto_archive_duration": t.AutoArchive, "locked": false,
			"archive_timestamp": s.now().UTC().Format("2006-01-02T15:04:05.000000+00:00")},
		"member": map[string]any{"id": t.ID, "user_id": "app", "flags": 1, "join_timestamp": s.now().UTC().Format("2006-01-02T15:04:05.000000+00:00")},
	})
}
