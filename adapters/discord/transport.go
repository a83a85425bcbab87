package discord

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"golang.org/x/time/rate"

	"github.com/studybot/studybot/internal/wait"
)

// discordAPI is the REST base discordgo builds its URLs on (v9).
const discordAPI = "https://discord.com/api/v9/"

// transport sends discordgo's REST calls to the configured base (a proxy or a test fake), keeps under
// Discord's global rate limit, waits out 429s with their retry_after and retries 5xx answers with backoff,
// both a bounded number of times. A message create is not retried on a 5xx: Discord may have made the
// message, and the outbox retries it with the same nonce instead. It never logs or returns the request, so
// the token in its Authorization header cannot leak through it.
type transport struct {
	base  *url.URL // nil: Discord itself
	next  http.RoundTripper
	sleep func(ctx context.Context, d time.Duration) error
	// maxWait bounds a single rate-limit wait; tries bounds attempts per request.
	maxWait time.Duration
	tries   int
	onRetry func(status int)
	// global paces requests made with the bot token (interaction callbacks and webhooks are exempt, as
	// on Discord); pausedUntil holds every such request after a global 429 (unix nanoseconds).
	global      Limiter
	pausedUntil atomic.Int64
}

// GlobalRate is how many requests a second the adapter makes with the bot token: just under Discord's
// global limit of 50, so that a fan-out to many channels is not answered with 429s.
const GlobalRate = 49

// idleConnsPerHost is how many connections to the REST API are kept open between calls.
const idleConnsPerHost = 64

func newTransport(base string, next http.RoundTripper, sleep func(context.Context, time.Duration) error) (*transport, error) {
	t := &transport{next: next, sleep: sleep, maxWait: 30 * time.Second, tries: 4, global: rate.NewLimiter(GlobalRate, 1)}
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
	limited := globallyLimited(req.URL.Path)
	create := req.Method == http.MethodPost && createPath.MatchString(req.URL.Path)
	req = t.rewrite(req)
	for attempt := 1; ; attempt++ {
		if attempt > 1 && req.GetBody != nil {
			body, err := req.GetBody()
			if err != nil {
				return nil, err
			}
			req.Body = body
		}
		if limited {
			if err := t.waitGlobal(req.Context()); err != nil {
				return nil, err
			}
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
			if resp.Header.Get("X-RateLimit-Global") != "" {
				t.pausedUntil.Store(time.Now().Add(wait).UnixNano())
			}
		case resp.StatusCode >= 500 && !create:
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

// createPath matches the path of a message create.
var createPath = regexp.MustCompile(`/channels/[0-9a-zA-Z_-]+/messages$`)

// globallyLimited reports whether Discord counts a request against the bot's global rate limit:
// interaction callbacks and webhook follow-ups are exempt.
func globallyLimited(path string) bool {
	return !strings.Contains(path, "/interactions/") && !strings.Contains(path, "/webhooks/")
}

// waitGlobal waits for a turn under the global rate, and out any global pause Discord asked for.
func (t *transport) waitGlobal(ctx context.Context) error {
	if until := time.Unix(0, t.pausedUntil.Load()); time.Now().Before(until) {
		if err := t.sleep(ctx, time.Until(until)); err != nil {
			return err
		}
	}
	return t.global.Wait(ctx)
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
