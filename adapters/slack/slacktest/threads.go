package slacktest

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strconv"
)

// threadKey names the thread of the message ts in a channel.
func threadKey(channel, ts string) string { return channel + "/" + ts }

// Replies returns the replies in the thread of the message ts of a channel, oldest first.
func (s *Server) Replies(channel, ts string) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.replies[threadKey(channel, ts)]...)
}

// serveReplies answers conversations.replies as Slack does: the thread's parent message first (with its
// thread_ts and reply_count), then its replies since oldest, oldest first, with their metadata when
// include_all_metadata is set; thread_not_found for a ts that is no message of the channel, and
// missing_scope when the history is refused (DenyHistory).
func (s *Server) serveReplies(w http.ResponseWriter, form url.Values) {
	channel, ts := form.Get("channel"), form.Get("ts")
	oldest, _ := strconv.ParseFloat(form.Get("oldest"), 64)
	withMeta := form.Get("include_all_metadata") == "true" || form.Get("include_all_metadata") == "1"
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.noHistory {
		io.WriteString(w, `{"ok": false, "error": "missing_scope", "needed": "channels:history", "provided": "chat:write"}`)
		return
	}
	var parent *Message
	for i, m := range s.history[channel] {
		if m.TS == ts {
			parent = &s.history[channel][i]
		}
	}
	if parent == nil {
		io.WriteString(w, `{"ok": false, "error": "thread_not_found"}`)
		return
	}
	replies := s.replies[threadKey(channel, ts)]
	msg := func(m Message) map[string]any {
		out := map[string]any{"type": "message", "ts": m.TS, "text": m.Text, "bot_id": "B1", "thread_ts": ts}
		if withMeta && m.Metadata != nil {
			out["metadata"] = m.Metadata
		}
		return out
	}
	head := msg(*parent)
	head["reply_count"] = len(replies)
	out := []map[string]any{head}
	for _, m := range replies {
		if t, _ := strconv.ParseFloat(m.TS, 64); t >= oldest {
			r := msg(m)
			r["parent_user_id"] = "UBOT"
			out = append(out, r)
		}
	}
	json.NewEncoder(w).Encode(map[string]any{"ok": true, "messages": out, "has_more": false,
		"response_metadata": map[string]any{"next_cursor": ""}})
}
