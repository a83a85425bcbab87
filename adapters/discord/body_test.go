package discord_test

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/studybot/studybot/adapters/discord/discordtest"
)

// TestStaleOrMalformedTimestampIsRefusedBeforeTheBody: a request whose X-Signature-Timestamp is outside
// the 5-minute window or not Unix seconds in digits gets 401 without its body being read, so a client
// that sends such headers and then no body is not waited for.
func TestStaleOrMalformedTimestampIsRefusedBeforeTheBody(t *testing.T) {
	h := newHarness(t)
	body := discordtest.Ping()
	now := strconv.FormatInt(h.now.Unix(), 10)
	for name, ts := range map[string]string{
		"10 minutes old": strconv.FormatInt(h.now.Add(-10*time.Minute).Unix(), 10), "10 minutes ahead": strconv.FormatInt(h.now.Add(10*time.Minute).Unix(), 10),
		"with a plus sign": "+" + now, "with a space": " " + now, "with a fraction": now + ".5", "missing": "", "hex": "0x" + strconv.FormatInt(h.now.Unix(), 16),
	} {
		req := key.Request("http://studybot/discord/interactions", body, h.now)
		req.Header.Set("X-Signature-Timestamp", ts)
		read := &readRecorder{r: bytes.NewReader(body)}
		req.Body = io.NopCloser(read)
		rec := httptest.NewRecorder()
		h.adapter.ServeHTTP(rec, req)
		if rec.Code != http.StatusUnauthorized || read.read {
			t.Errorf("timestamp %s (%q): HTTP %d, body read %v; want 401 without reading the body", name, ts, rec.Code, read.read)
		}
	}
	// The same request with a fresh timestamp is read and answered.
	if code, resp := h.send(body); code != 200 || resp["type"] != float64(1) {
		t.Fatalf("fresh PING: %d %v", code, resp)
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
