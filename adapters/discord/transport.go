package discord

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/studybot/studybot/internal/wait"
)

// discordAPI is the REST base discordgo builds its URLs on (v9).
const discordAPI = "https://discord.com/api/v9/"

// transport sends discordgo's REST calls to the configured base (a proxy or a test fake), waits out 429s
// with their retry_after and retries 5xx answers with backoff, both a bounded number of times. It never
// logs or returns the request, so the token in its Authorization header cannot leak through it.
type transport struct {
	base  *url.URL // nil: Discord itself
	next  http.RoundTripper
	sleep func(ctx context.Context, d time.Duration) error
	// maxWait bounds a single rate-limit wait; tries bounds attempts per request.
	maxWait time.Duration
	tries   int
	onRetry func(status int)
}

// idleConnsPerHost is how many connections to the REST API are kept open between calls.
const idleConnsPerHost = 64

func newTransport(base string, next http.RoundTripper, sleep func(context.Context, time.Duration) error) (*transport, error) {
	t := &transport{next: next, sleep: sleep, maxWait: 30 * time.Second, tries: 4}
	if t.next == nil {
		// Go's default keeps two idle connections per host; interaction callbacks over the gateway and
		// follow-ups come in bursts, and each new connection to discord.com costs a TLS handshake.
		pooled := http.DefaultTransport.(*http.Transport).Clone()
		pooled.MaxIdleConnsPerHost = idleConnsPerHost
		t.next = pooled
	}
	if t.sleep == nil {
		t.sleep = wait.Sleep
	}
	if base != "" {
		u, err := url.Parse(strings.TrimSuffix(base, "/") + "/")
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
			return nil, fmt.Errorf("discord api base %q is not an http(s) URL", base)
		}
		t.base = u
	}
	return t, nil
}

func (t *transport) rewrite(req *http.Request) *http.Request {
	if t.base == nil {
		return req
	}
	u := req.URL.String()
	if !strings.HasPrefix(u, discordAPI) {
		return req
	}
	target, err := url.Parse(t.base.String() + strings.TrimPrefix(u, discordAPI))
	if err != nil {
		return req
	}
	r := req.Clone(req.Context())
	r.URL = target
	r.Host = target.Host
	return r
}

// RoundTrip implements http.RoundTripper.
func (t *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	req = t.rewrite(req)
	for attempt := 1; ; attempt++ {
		if attempt > 1 && req.GetBody != nil {
			body, err := req.GetBody()
			if err != nil {
				return nil, err
			}
			req.Body = body
		}
		resp, err := t.next.RoundTrip(req)
		if err != nil || attempt >= t.tries {
			return resp, err
		}
		var wait time.Duration
		switch {
		case resp.StatusCode == http.StatusTooManyRequests:
			wait = retryAfter(resp)
			if wait > t.maxWait {
				return resp, nil // too long to hold an interaction; let the caller fail
			}
		case resp.StatusCode >= 500:
			wait = time.Duration(1<<(attempt-1)) * 250 * time.Millisecond
		default:
			return resp, nil
		}
		if t.onRetry != nil {
			t.onRetry(resp.StatusCode)
		}
		io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		resp.Body.Close()
		if err := t.sleep(req.Context(), wait); err != nil {
			return nil, err
		}
	}
}

// retryAfter reads a 429's wait from its JSON body (retry_after, seconds) or its Retry-After header.
func retryAfter(resp *http.Response) time.Duration {
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	resp.Body = io.NopCloser(strings.NewReader(string(body)))
	var rl struct {
		RetryAfter float64 `json:"retry_after"`
	}
	if json.Unmarshal(body, &rl) == nil && rl.RetryAfter > 0 {
		return time.Duration(rl.RetryAfter * float64(time.Second))
	}
	if s, err := strconv.ParseFloat(resp.Header.Get("Retry-After"), 64); err == nil && s > 0 {
		return time.Duration(s * float64(time.Second))
	}
	return time.Second
}
