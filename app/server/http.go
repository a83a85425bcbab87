package server

import (
	"net"
	"net/http"
	"time"

	"golang.org/x/net/netutil"
)

// HTTPLimits bound what clients can hold of the HTTP server: time to send a request, to be answered and
// to sit idle between requests, the size of a request's headers, and the connections open at once. The
// signed endpoints are reached by anyone, and each check of a signature waits for the body it covers:
// without these, a client that sends headers and then nothing (or idles on a kept-alive connection) holds
// its connection, and what it was given, for as long as it likes. A zero field takes its value from
// DefaultHTTPLimits.
type HTTPLimits struct {
	// ReadHeaderTimeout is how long a request's headers may take to arrive.
	ReadHeaderTimeout time.Duration
	// ReadTimeout is how long a whole request, headers and body, may take to arrive. A body still
	// incomplete then is answered (400 or 401) and its connection closed. Discord and Slack send their
	// few KiB at once, and a request that took seconds to arrive has missed their 3-second deadline anyway.
	ReadTimeout time.Duration
	// WriteTimeout is how long a response may take, from the end of its request's headers until it is
	// written: the handler's work and the write together, so that a client reading slowly cannot hold
	// the connection either. It has to outlast the slowest handler: the interaction endpoints answer
	// within the platforms' 3 seconds (later work goes out as follow-ups), /healthz gives up on the
	// database after 2 seconds, /metrics and the web page take well under a second. (The Discord gateway
	// and Slack's Socket Mode are connections this server makes, not requests it serves.)
	WriteTimeout time.Duration
	// IdleTimeout is how long a kept-alive connection may wait for its next request.
	IdleTimeout time.Duration
	// MaxHeaderBytes bounds a request's line and headers; larger ones are refused with 431.
	MaxHeaderBytes int
	// MaxConns is how many connections may be open at once, idle ones included. Past it, a new connection
	// waits in the kernel's backlog until one closes, rather than being refused: a burst of clicks after
	// a post is delayed, not dropped, and the timeouts above bound how long any connection holds its
	// place.
	MaxConns int
}

// DefaultHTTPLimits are the limits `studybot serve` runs with. Held to them, clients that send a signed
// endpoint's headers and no body hold about 33 KB of heap each (16 KiB of it for the body they do not
// send; TestHeaderOnlyRequestsHoldLittleMemory), 1,024 of them at most, for 15 seconds at most.
func DefaultHTTPLimits() HTTPLimits {
	return HTTPLimits{ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 15 * time.Second, WriteTimeout: 30 * time.Second,
		IdleTimeout: 60 * time.Second, MaxHeaderBytes: 64 << 10, MaxConns: 1024}
}

// orDefaults fills the zero fields of l from DefaultHTTPLimits.
func (l HTTPLimits) orDefaults() HTTPLimits {
	d := DefaultHTTPLimits()
	pick := func(v, def time.Duration) time.Duration {
		if v > 0 {
			return v
		}
		return def
	}
	l.ReadHeaderTimeout = pick(l.ReadHeaderTimeout, d.ReadHeaderTimeout)
	l.ReadTimeout = pick(l.ReadTimeout, d.ReadTimeout)
	l.WriteTimeout = pick(l.WriteTimeout, d.WriteTimeout)
	l.IdleTimeout = pick(l.IdleTimeout, d.IdleTimeout)
	if l.MaxHeaderBytes <= 0 {
		l.MaxHeaderBytes = d.MaxHeaderBytes
	}
	if l.MaxConns <= 0 {
		l.MaxConns = d.MaxConns
	}
	return l
}

// serve returns the HTTP server for h and the listener it serves on, both held to l.
func (l HTTPLimits) serve(ln net.Listener, h http.Handler) (*http.Server, net.Listener) {
	l = l.orDefaults()
	srv := &http.Server{Handler: h, ReadHeaderTimeout: l.ReadHeaderTimeout, ReadTimeout: l.ReadTimeout,
		WriteTimeout: l.WriteTimeout, IdleTimeout: l.IdleTimeout, MaxHeaderBytes: l.MaxHeaderBytes}
	return srv, netutil.LimitListener(ln, l.MaxConns)
}
