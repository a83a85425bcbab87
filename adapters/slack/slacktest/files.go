package slacktest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// Files a member shared: files.info describes one by id, and its url_private serves its bytes to a request
// with a bot token (Authorization: Bearer xoxb-…); without one Slack redirects to its sign-in page. The
// fake's URL stands in for files.slack.com.

// Share keeps data as a file a member shared in channel and returns its id and its link, as Slack's "Copy
// link" gives it.
func (s *Server) Share(channel, name string, data []byte) (id, permalink string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.nextID++
	f := &File{ID: fmt.Sprintf("F%07d", s.nextID), Name: name, Title: name, Length: len(data), Data: data, Completed: true, Channel: channel}
	s.files[f.ID] = f
	return f.ID, "https://study.slack.com/files/U0MEMBER/" + f.ID + "/" + url.PathEscape(name)
}

// ServeFilesFrom makes files.info give url_private on base (another server) rather than the fake's own URL.
func (s *Server) ServeFilesFrom(base string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fileBase = base
}

// serveFileInfo answers files.info for a shared or uploaded file.
func (s *Server) serveFileInfo(w http.ResponseWriter, form url.Values) {
	s.mu.Lock()
	f := s.files[form.Get("file")]
	base := s.fileBase
	s.mu.Unlock()
	if f == nil {
		fmt.Fprint(w, `{"ok": false, "error": "file_not_found"}`)
		return
	}
	if base == "" {
		base = s.URL
	}
	private := base + "/files-pri/T1-" + f.ID + "/" + url.PathEscape(f.Name)
	json.NewEncoder(w).Encode(map[string]any{"ok": true, "file": map[string]any{
		"id": f.ID, "created": 1772000000, "timestamp": 1772000000, "name": f.Name, "title": f.Title,
		"mimetype": "text/csv", "filetype": "csv", "pretty_type": "CSV", "user": "U0MEMBER", "mode": "hosted",
		"editable": false, "is_external": false, "external_type": "", "is_public": true, "size": f.Length,
		"url_private": private, "url_private_download": strings.Replace(private, "/files-pri/", "/files-pri/download/", 1),
		"permalink": "https://study.slack.com/files/U0MEMBER/" + f.ID + "/" + url.PathEscape(f.Name),
	}, "comments": []any{}, "paging": map[string]any{"count": 100, "total": 0, "page": 1, "pages": 0}})
}

// serveFilePrivate answers a GET of a file's url_private (or its download form).
func (s *Server) serveFilePrivate(w http.ResponseWriter, r *http.Request) {
	s.log.Record(Call{Method: "url_private", Path: r.URL.Path, Auth: r.Header.Get("Authorization")})
	rest := strings.TrimPrefix(strings.TrimPrefix(r.URL.Path, "/files-pri/"), "download/")
	team, _, _ := strings.Cut(rest, "/")
	s.mu.Lock()
	f := s.files[strings.TrimPrefix(team, "T1-")]
	s.mu.Unlock()
	if !strings.HasPrefix(r.Header.Get("Authorization"), "Bearer xox") {
		http.Redirect(w, r, "/?redir="+url.QueryEscape(r.URL.Path), http.StatusFound)
		return
	}
	if f == nil || r.Method != http.MethodGet {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/csv")
	w.Header().Set("Content-Length", strconv.Itoa(len(f.Data)))
	w.Write(f.Data)
}
