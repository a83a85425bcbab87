package web

import (
	"math"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// limited wraps a /g/ handler in the per-client rate limit: over it, 429 Too Many Requests with
// Retry-After, before the token is even looked up.
func (h *Handler) limited(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ok, wait := h.limit.allow(clientKey(h.proxy.client(r)), h.clock.Now())
		if !ok {
			w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(wait.Seconds()))))
			w.Header().Set("Cache-Control", "no-store")
			http.Error(w, "Too many requests: try again in a moment.", http.StatusTooManyRequests)
			return
		}
		next(w, r)
	}
}

// limiter keeps a token bucket per client address, at most max of them.
type limiter struct {
	rate  rate.Limit
	burst int
	max   int

	mu      sync.Mutex
	clients map[netip.Prefix]*client
}

type client struct {
	bucket *rate.Limiter
	seen   time.Time
}

func newLimiter(r rate.Limit, burst, max int) *limiter {
	return &limiter{rate: r, burst: burst, max: max, clients: map[netip.Prefix]*client{}}
}

// allow takes a token from key's bucket at now; when there is none, it says how long until there is.
func (l *limiter) allow(key netip.Prefix, now time.Time) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	c, ok := l.clients[key]
	if !ok {
		if len(l.clients) >= l.max {
			l.evict(now)
		}
		c = &client{bucket: rate.NewLimiter(l.rate, l.burst)}
		l.clients[key] = c
	}
	c.seen = now
	res := c.bucket.ReserveN(now, 1)
	if d := res.DelayFrom(now); d > 0 {
		res.CancelAt(now)
		return false, d
	}
	return true, 0
}

// evict makes room for a new client: first by dropping every bucket that has refilled (its client would
// start afresh with a full one anyway, so nothing is forgiven), and if every client is still mid-burst
// (many addresses at once), by dropping arbitrary ones down to nine tenths of max, so that eviction
// stays rare. Held under l.mu.
func (l *limiter) evict(now time.Time) {
	full := time.Duration(float64(l.burst) / float64(l.rate) * float64(time.Second))
	for k, c := range l.clients {
		if now.Sub(c.seen) >= full {
			delete(l.clients, k)
		}
	}
	for k := range l.clients {
		if len(l.clients) < l.max*9/10 {
			break
		}
		delete(l.clients, k)
	}
}

// clientKey is the bucket an address counts against: the address itself for IPv4, its /64 for IPv6
// (one subscriber's network, which can hold more addresses than there are buckets).
func clientKey(a netip.Addr) netip.Prefix {
	if a.Is6() {
		p, _ := a.Prefix(64)
		return p
	}
	return netip.PrefixFrom(a, a.BitLen())
}

// proxies are the trusted proxies' networks.
type proxies []netip.Prefix

func (p proxies) trusts(a netip.Addr) bool {
	for _, n := range p {
		if n.Contains(a) {
			return true
		}
	}
	return false
}

// peer is the address of the connection's other end.
func peer(r *http.Request) netip.Addr {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	a, _ := netip.ParseAddr(host)
	return a.Unmap()
}

// client is the address a request came from: its peer, unless the peer is a trusted proxy; then the last
// address in X-Forwarded-For that is not itself a trusted proxy (each proxy appends the address it was
// reached from, so those left of the last untrusted one are the client's word, not a proxy's).
func (p proxies) client(r *http.Request) netip.Addr {
	a := peer(r)
	if !p.trusts(a) {
		return a
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		hop, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			break
		}
		a = hop.Unmap()
		if !p.trusts(a) {
			break
		}
	}
	return a
}

// forwardedHTTPS reports whether a trusted proxy says the request reached it over HTTPS.
func (p proxies) forwardedHTTPS(r *http.Request) bool {
	if !p.trusts(peer(r)) {
		return false
	}
	proto, _, _ := strings.Cut(r.Header.Get("X-Forwarded-Proto"), ",")
	return strings.EqualFold(strings.TrimSpace(proto), "https")
}
