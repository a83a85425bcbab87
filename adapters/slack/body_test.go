package slack_test

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/studybot/studybot/adapters/slack/slacktest"
)

// TestStaleTimestampIsRefusedBeforeTheBody: on each HTTP endpoint, a request whose
// X-Slack-Request-Timestamp is outside the 5-minute window, or not a number, gets 401 without its body
// being read, so a client that sends such headers and then no body is not waited for.
func TestStaleTimestampIsRefusedBeforeTheBody(t *testing.T) {
	h := newHarness(t)
	body := slacktest.SlashCommand("T1", "C1", "UADMIN", "admin", "help", h.fake.Hook("x"))
	endpoints := map[string]http.HandlerFunc{"/slack/commands": h.adapter.Commands,
		"/slack/interactions": h.adapter.Interactions, "/slack/events": h.adapter.Events}
	for path, handle := range endpoints {
		for name, at := range map[string]time.Time{"10 minutes old": time.Now().Add(-10 * time.Minute),
			"10 minutes ahead": time.Now().Add(10 * time.Minute), "not a number": {}} {
			req := slacktest.Request("http://studybot"+path, "application/x-www-form-urlencoded", secret, body, at)
			if at.IsZero() {
				req.Header.Set("X-Slack-Request-Timestamp", "soon")
			}
			read := &readRecorder{r: bytes.NewReader(body)}
			req.Body = io.NopCloser(read)
			rec := httptest.NewRecorder()
			handle(rec, req)
			if rec.Code != http.StatusUnauthorized || read.read {
				t.Errorf("%s, timestamp %s: HTTP %d, body read %v; want 401 without reading the body", path, name, rec.Code, read.read)
			}
		}
	}
}

// readRecorder notes whether its body was read.
type readRecorder struct {
	r    io.Reader
	read bool
}

func (r *readRecorder) Read(p []byte) (int, error) {
	r.read = true
	return r.r.Read(p)
}
