package discordtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// The gateway half of the fake: GET /api/v9/gateway names a websocket on the same server that speaks
// Discord's gateway protocol as far as a bot needs it: Hello (op 10), Identify (op 2) answered with a
// READY dispatch, Resume (op 6) answered with RESUMED, Heartbeat (op 1) answered with Heartbeat ACK
// (op 11), and dispatches (op 0) pushed by the test, such as INTERACTION_CREATE.

// Identify is what a client sent when it identified (op 2) or resumed (op 6).
type Identify struct {
	Op        int    // 2 identify, 6 resume
	Token     string // as sent: "Bot …"
	Intents   int
	SessionID string // resume only
	Sequence  int64  // resume only
}

type gateway struct {
	mu         sync.Mutex
	conns      map[*gwConn]bool
	identifies []Identify
	ready      chan struct{} // closed and replaced each time a client is READY or RESUMED
	sessions   int
	refuse     bool // answer connection attempts with 503, as during an outage
}

type gwConn struct {
	ws  *websocket.Conn
	wmu sync.Mutex
	seq int64
}

func (c *gwConn) send(op int, t string, d any) error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	msg := map[string]any{"op": op, "d": d, "s": nil, "t": nil}
	if op == 0 {
		c.seq++
		msg["s"], msg["t"] = c.seq, t
	}
	return c.ws.WriteJSON(msg)
}

var gwUpgrader = websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}

func (s *Server) gw() *gateway {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.gateway == nil {
		s.gateway = &gateway{conns: map[*gwConn]bool{}, ready: make(chan struct{})}
	}
	return s.gateway
}

// serveGatewayURL answers GET /gateway with the fake's own websocket address, as Discord answers with
// wss://gateway.discord.gg.
func (s *Server) serveGatewayURL(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]string{"url": s.gatewayURL()})
}

// gatewayURL is the fake's websocket address.
func (s *Server) gatewayURL() string { return "ws" + strings.TrimPrefix(s.URL, "http") + "/gateway" }

// serveGateway runs one gateway connection until the client or the test closes it.
func (s *Server) serveGateway(w http.ResponseWriter, r *http.Request) {
	g := s.gw()
	g.mu.Lock()
	refuse := g.refuse
	g.mu.Unlock()
	if refuse {
		http.Error(w, "service unavailable", http.StatusServiceUnavailable)
		return
	}
	ws, err := gwUpgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	c := &gwConn{ws: ws}
	defer ws.Close()
	if r.URL.Query().Get("encoding") != "json" {
		ws.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(4002, "decode error"))
		return
	}
	// A long heartbeat interval: the test's clock is not Discord's, and acks are answered anyway.
	if err := c.send(10, "", map[string]any{"heartbeat_interval": 45000}); err != nil {
		return
	}
	for {
		var msg struct {
			Op int             `json:"op"`
			D  json.RawMessage `json:"d"`
		}
		if err := ws.ReadJSON(&msg); err != nil {
			g.mu.Lock()
			delete(g.conns, c)
			g.mu.Unlock()
			return
		}
		switch msg.Op {
		case 1:
			c.send(11, "", nil)
		case 2, 6:
			var d struct {
				Token     string `json:"token"`
				Intents   int    `json:"intents"`
				SessionID string `json:"session_id"`
				Seq       int64  `json:"seq"`
			}
			if json.Unmarshal(msg.D, &d) != nil || d.Token == "" {
				ws.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(4004, "Authentication failed."))
				return
			}
			g.mu.Lock()
			g.identifies = append(g.identifies, Identify{Op: msg.Op, Token: d.Token, Intents: d.Intents, SessionID: d.SessionID, Sequence: d.Seq})
			g.sessions++
			session := fmt.Sprintf("session-%d", g.sessions)
			g.mu.Unlock()
			if msg.Op == 2 {
				err = c.send(0, "READY", map[string]any{
					"v": 10, "session_id": session, "resume_gateway_url": s.gatewayURL(),
					"user":        map[string]any{"id": "app", "username": "studybot", "discriminator": "0", "bot": true},
					"guilds":      []any{},
					"shard":       []int{0, 1},
					"application": map[string]any{"id": "app", "flags": 0},
				})
			} else {
				c.seq = d.Seq
				err = c.send(0, "RESUMED", map[string]any{})
			}
			if err != nil {
				return
			}
			g.mu.Lock()
			g.conns[c] = true
			close(g.ready)
			g.ready = make(chan struct{})
			g.mu.Unlock()
		}
	}
}

// GatewayReady returns a channel closed the next time a client becomes READY or RESUMED.
func (s *Server) GatewayReady() <-chan struct{} {
	g := s.gw()
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.ready
}

// Identifies returns the identify and resume packets received so far.
func (s *Server) Identifies() []Identify {
	g := s.gw()
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]Identify(nil), g.identifies...)
}

// Dispatch sends an event (op 0) of type t with the raw JSON payload d to every identified client, and
// returns how many clients it reached.
func (s *Server) Dispatch(t string, d []byte) int {
	g := s.gw()
	g.mu.Lock()
	conns := make([]*gwConn, 0, len(g.conns))
	for c := range g.conns {
		conns = append(conns, c)
	}
	g.mu.Unlock()
	n := 0
	for _, c := range conns {
		if c.send(0, t, json.RawMessage(d)) == nil {
			n++
		}
	}
	return n
}

// DropGateway closes every gateway connection without a close frame, as a network failure would.
func (s *Server) DropGateway() {
	g := s.gw()
	g.mu.Lock()
	defer g.mu.Unlock()
	for c := range g.conns {
		c.ws.NetConn().Close()
		delete(g.conns, c)
	}
}

// RefuseGateway makes new gateway connections fail (true) or succeed again (false).
func (s *Server) RefuseGateway(refuse bool) {
	g := s.gw()
	g.mu.Lock()
	defer g.mu.Unlock()
	g.refuse = refuse
}

// Interact sends an interaction to the connected bot as an INTERACTION_CREATE dispatch and waits (up to
// timeout) for the bot's REST callback to it, which it returns. It fails unless exactly one client got the
// dispatch and exactly one callback came.
func (s *Server) Interact(raw []byte, timeout time.Duration) (map[string]any, error) {
	var i struct{ ID, Token string }
	if err := json.Unmarshal(raw, &i); err != nil {
		return nil, err
	}
	if n := s.Dispatch("INTERACTION_CREATE", raw); n != 1 {
		return nil, fmt.Errorf("the dispatch reached %d gateway clients, want 1", n)
	}
	calls := s.WaitCalls("POST", "/api/v9/interactions/"+i.ID+"/"+i.Token+"/callback", 1, timeout)
	if len(calls) != 1 {
		return nil, fmt.Errorf("%d callbacks for a gateway interaction, want 1", len(calls))
	}
	return calls[0].JSON(), nil
}
