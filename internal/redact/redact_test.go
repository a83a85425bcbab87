package redact

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestURLKeepsSchemeAndHostOnly(t *testing.T) {
	for raw, want := range map[string]string{
		"https://hooks.slack.com/actions/T1/42/SECRET":                         "https://hooks.slack.com/…",
		"https://discord.com/api/v9/webhooks/1/SECRET/messages/@original":      "https://discord.com/…",
		"http://127.0.0.1:9000/api/v9/interactions/1/SECRET/callback?x=SECRET": "http://127.0.0.1:9000/…",
		"postgres://user:SECRET@db:5432/studybot?sslpassword=SECRET":           "postgres://db:5432/…",
		"wss://wss-primary.slack.com/link/?ticket=SECRET":                      "wss://wss-primary.slack.com/…",
		"not a url SECRET": "…",
	} {
		if got := URL(raw); got != want {
			t.Errorf("URL(%q) = %q, want %q", raw, got, want)
		}
	}
}

// TestErrCutsTheURLsAnErrorQuotes: net/http's *url.Error quotes the request's whole URL; Err keeps the
// rest of the message and the host.
func TestErrCutsTheURLsAnErrorQuotes(t *testing.T) {
	req, _ := http.NewRequestWithContext(context.Background(), http.MethodPost, "http://127.0.0.1:1/actions/T1/42/SECRET", nil)
	_, err := http.DefaultClient.Do(req) // port 1: refused at once
	if err == nil || !strings.Contains(err.Error(), "SECRET") {
		t.Fatalf("want an error that quotes the URL, got %v", err)
	}
	got := Err(err).Value.String()
	if strings.Contains(got, "SECRET") || strings.Contains(got, "/actions/") || !strings.Contains(got, `Post "http://127.0.0.1:1/…"`) {
		t.Fatalf("Err = %q", got)
	}
	wrapped := Err(errors.New("Rate limit exceeded on https://discord.com/api/v9/interactions/1/SECRET/callback, retry after 2m0s")).Value.String()
	if wrapped != "Rate limit exceeded on https://discord.com/…, retry after 2m0s" {
		t.Fatalf("Err = %q", wrapped)
	}
	if Err(nil).Value.String() != "" {
		t.Fatal("Err(nil) is not empty")
	}
}

// TestErrorKeepsWhatItWraps: the error Error returns reads without the URL's path, and errors.As still
// finds the *url.Error inside.
func TestErrorKeepsWhatItWraps(t *testing.T) {
	inner := &url.Error{Op: "Post", URL: "https://files.slack.com/upload/v1/SECRET", Err: errors.New("connection reset by peer")}
	err := fmt.Errorf("upload: %w", Error(inner))
	var ue *url.Error
	if strings.Contains(err.Error(), "SECRET") || err.Error() != `upload: Post "https://files.slack.com/…": connection reset by peer` || !errors.As(err, &ue) {
		t.Fatalf("Error: %q (unwraps to *url.Error: %v)", err, errors.As(err, &ue))
	}
	if Error(nil) != nil {
		t.Fatal("Error(nil) is not nil")
	}
}
