package discordtest

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
)

// Attachments: a file a member attaches to a command is uploaded to Discord's CDN before the interaction
// arrives; the interaction names it in data.resolved.attachments, and the bot downloads it from its url.
// The fake keeps the files and serves them under /attachments/, where its URL stands in for the CDN's.

// Attachment is a file attached to a command, as the interaction's data.resolved.attachments holds it.
type Attachment struct {
	ID, Filename, URL string
	Size              int
}

// Attach keeps data as an attached file and returns how an interaction names it; its URL is on the fake.
func (s *Server) Attach(filename string, data []byte) Attachment {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.attachments == nil {
		s.attachments = map[string][]byte{}
	}
	id := nextID()
	path := "/attachments/" + id + "/" + id + "/" + filename
	s.attachments[path] = data
	// The CDN's urls are signed for a while: ex (expires), is (issued) and hm (the signature).
	return Attachment{ID: id, Filename: filename, Size: len(data), URL: s.URL + path + "?ex=6a1b2c3d&is=6a1a0000&hm=" + strings.Repeat("ab", 32) + "&"}
}

// serveAttachment answers a GET of an attached file, as the CDN does: the bytes, or 404.
func (s *Server) serveAttachment(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	data, ok := s.attachments[r.URL.Path]
	s.mu.Unlock()
	if !ok || r.Method != http.MethodGet {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	w.Write(data)
}

// CommandWithFile builds an APPLICATION_COMMAND interaction for /study SUB (one word, or a group's two) with
// an ATTACHMENT option (type 11) named option, whose value is the attachment's id and which
// data.resolved.attachments describes, as Discord sends a command with a file.
func CommandWithFile(guild, channel string, m Member, sub, option string, att Attachment) []byte {
	raw := Command(guild, channel, m, sub, []Option{{Name: option, Type: 11, Value: att.ID}})
	var i map[string]any
	json.Unmarshal(raw, &i)
	i["data"].(map[string]any)["resolved"] = map[string]any{"attachments": map[string]any{att.ID: map[string]any{
		"id": att.ID, "filename": att.Filename, "size": att.Size, "url": att.URL, "proxy_url": strings.Replace(att.URL, "/attachments/", "/proxy/attachments/", 1),
		"content_type": "text/csv; charset=utf-8", "ephemeral": true,
	}}}
	b, _ := json.Marshal(i)
	return b
}
