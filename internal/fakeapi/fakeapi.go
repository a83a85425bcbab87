// Package fakeapi is what the fakes of Discord (discordtest) and Slack (slacktest) share: an httptest
// server that counts client connections, and a log of the requests it received that tests can query and
// wait on.
package fakeapi

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"sync/atomic"
	"time"
)

// Call is one request a fake received.
type Call struct {
	Method string // the HTTP method (Discord) or the Web API method name (Slack)
	Path   string
	Form   url.Values
	Body   []byte
	Auth   string
	// Files are the file parts of a multipart request, by part name ("files[0]").
	Files map[string]File
}

// File is one file part of a multipart request.
type File struct {
	Name, ContentType string
	Data              []byte
}

// JSON decodes the call's JSON body.
func (c Call) JSON() map[string]any {
	var m map[string]any
	json.Unmarshal(c.Body, &m)
	return m
}

// Server is an httptest server that counts the connections clients open to it.
type Server struct {
	*httptest.Server
	conns atomic.Int64
}

// NewServer starts a server with the handler.
func NewServer(h http.Handler) *Server {
	s := &Server{}
	s.Server = httptest.NewUnstartedServer(h)
	s.Config.ConnState = func(_ net.Conn, state http.ConnState) {
		if state == http.StateNew {
			s.conns.Add(1)
		}
	}
	s.Start()
	return s
}

// Conns returns how many connections clients have opened to the fake.
func (s *Server) Conns() int64 { return s.conns.Load() }

// Log records the calls a fake received. The zero Log is ready to use.
type Log struct {
	mu      sync.Mutex
	calls   []Call
	changed chan struct{} // closed and replaced each time a call is recorded
}

// Record adds a call.
func (l *Log) Record(c Call) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.calls = append(l.calls, c)
	if l.changed != nil {
		close(l.changed)
	}
	l.changed = make(chan struct{})
}

// Match returns the calls for which match is true, in the order received (all when match is nil).
func (l *Log) Match(match func(Call) bool) []Call {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []Call
	for _, c := range l.calls {
		if match == nil || match(c) {
			out = append(out, c)
		}
	}
	return out
}

// WaitMatch waits until at least n calls match, or timeout passes, and returns the matching calls. It is
// for requests that arrive on their own, after the test's own request has been answered.
func (l *Log) WaitMatch(match func(Call) bool, n int, timeout time.Duration) []Call {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		l.mu.Lock()
		if l.changed == nil {
			l.changed = make(chan struct{})
		}
		changed := l.changed
		l.mu.Unlock()
		if calls := l.Match(match); len(calls) >= n {
			return calls
		}
		select {
		case <-changed:
		case <-deadline.C:
			return l.Match(match)
		}
	}
}

// Reset forgets the calls recorded so far.
func (l *Log) Reset() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.calls = nil
}

// Sleeps stands in for an adapter's Sleep in tests: it records each wait asked for and returns at once.
type Sleeps struct {
	mu    sync.Mutex
	waits []time.Duration
}

// Sleep records d.
func (s *Sleeps) Sleep(_ context.Context, d time.Duration) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.waits = append(s.waits, d)
	return nil
}

// Waits returns the waits asked for so far.
func (s *Sleeps) Waits() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.waits...)
}
