package slack_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	slackad "github.com/studybot/studybot/adapters/slack"
	"github.com/studybot/studybot/adapters/slack/slacktest"
	"github.com/studybot/studybot/bot"
)

// TestFailedReplyDoesNotLogTheResponseURL: a response_url is a credential (whoever has it may answer in
// the channel for 30 minutes), so when a reply through it fails, the log says so and names the host, but
// never the URL's path. One hook drops the connection (net/http's error quotes the whole URL), the other
// answers 500.
func TestFailedReplyDoesNotLogTheResponseURL(t *testing.T) {
	h := newHarness(t)
	// The hooks are on the fake, the host response_urls may be posted to here (SLACK_API_URL's): the first
	// drops the connection, the second answers 500.
	h.fake.FailNext("hook", "drop", "500")
	hook := h.fake.Hook("T1/4242/SECRETxResponseToken")
	h.slash("UADMIN", "post")
	action := h.fake.CardActions(0)[0]
	for _, user := range []string{"U1", "U2"} {
		body := slacktest.BlockActions("T1", "C1", user, action, hook, "1772000001.000001")
		if code, _ := h.do(slacktest.Request(h.srv.URL+"/slack/interactions", "application/x-www-form-urlencoded", secret, body, time.Now())); code != 200 {
			t.Fatalf("click: HTTP %d", code)
		}
	}
	h.wait()
	h.mu.Lock()
	logs := h.logs.String()
	h.mu.Unlock()
	if n := strings.Count(logs, "slack response_url failed"); n != 2 {
		t.Fatalf("%d failed replies logged, want 2:\n%s", n, logs)
	}
	if strings.Contains(logs, "SECRETxResponseToken") || strings.Contains(logs, "/hooks/T1/4242") {
		t.Fatalf("the response_url's path is in the log:\n%s", logs)
	}
	if n := strings.Count(logs, `"host":"`+h.fake.URL+`/…"`); n != 2 {
		t.Fatalf("the log names the host %s that failed %d times, want 2:\n%s", h.fake.URL, n, logs)
	}
}

// dropUploads fails every request to the fake's upload URLs as a dropped connection would.
type dropUploads struct{ next http.RoundTripper }

func (d dropUploads) RoundTrip(r *http.Request) (*http.Response, error) {
	if strings.HasPrefix(r.URL.Path, "/upload/") {
		return nil, errors.New("connection reset by peer")
	}
	return d.next.RoundTrip(r)
}

// TestFailedChartUploadDoesNotCarryTheUploadURL: Slack's upload URL is made for one file and lets whoever
// has it write that file. When the upload fails, the error the outbox logs names the host, not the URL,
// and is still a failure to retry.
func TestFailedChartUploadDoesNotCarryTheUploadURL(t *testing.T) {
	h := newHarness(t, func(c *slackad.Config) {
		c.HTTPClient = &http.Client{Transport: dropUploads{http.DefaultTransport}}
	})
	ch := bot.ChannelRef{Platform: "slack", GroupID: "T1", ChannelID: "C1"}
	_, err := h.adapter.Post(context.Background(), ch, recapReply(), bot.Send{Key: "sbk9", Since: slacktestEpoch})
	if err == nil || len(h.fake.Calls("files.getUploadURLExternal")) != 1 {
		t.Fatalf("want a failed upload after the URL was handed out, got %v", err)
	}
	if strings.Contains(err.Error(), "/upload/") || !strings.Contains(err.Error(), "connection reset by peer") {
		t.Fatalf("error: %v", err)
	}
	if bot.ErrorCode(err) != bot.EINTERNAL {
		t.Fatalf("a dropped upload is retried, not given up: %v", err)
	}
}
