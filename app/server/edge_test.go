package server_test

// The HTTP server's edge against clients that hold connections open without finishing their requests.

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/studybot/studybot/adapters/discord/discordtest"
	"github.com/studybot/studybot/adapters/slack/slacktest"
	"github.com/studybot/studybot/app/server"
)

// serveBoth runs the real serve wiring with Discord's interactions endpoint and Slack's HTTP endpoints on
// a loopback port until the test ends, and returns its address.
func serveBoth(t *testing.T, mutate func(*server.Main)) string {
	t.Helper()
	dfake, sfake := discordtest.NewServer(), slacktest.NewServer()
	t.Cleanup(dfake.Close)
	t.Cleanup(sfake.Close)
	env := map[string]string{
		"STUDYBOT_DB": filepath.Join(t.TempDir(), "s.db"), "STUDYBOT_HTTP_ADDR": "127.0.0.1:0",
		"DISCORD_BOT_TOKEN": "edge-token", "DISCORD_APP_ID": "1", "DISCORD_PUBLIC_KEY": discordtest.NewKey(1).PublicHex(),
		"DISCORD_GATEWAY": "false", "DISCORD_API_BASE": dfake.APIBase(),
		"SLACK_BOT_TOKEN": "xoxb-edge", "SLACK_SIGNING_SECRET": "edge-secret", "SLACK_API_URL": sfake.APIURL(),
	}
	m := server.NewMain()
	if err := m.ParseConfig(nil, func(k string) string { return env[k] }, nil); err != nil {
		t.Fatal(err)
	}
	if mutate != nil {
		mutate(m)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- m.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
		m.Close()
	})
	addr := m.Addr()
	<-m.Started()
	return addr
}

// fakeSignedHeaders is the head of a request to a signed endpoint with a well-formed signature that no
// secret made, a fresh timestamp and an announced body of length bytes; anyone can send it.
func fakeSignedHeaders(platform string, length int) string {
	ts := fmt.Sprint(time.Now().Unix())
	if platform == "discord" {
		return "POST /discord/interactions HTTP/1.1\r\nHost: studybot\r\nContent-Type: application/json\r\n" +
			fmt.Sprintf("Content-Length: %d\r\n", length) +
			"X-Signature-Ed25519: " + strings.Repeat("ab", 64) + "\r\nX-Signature-Timestamp: " + ts + "\r\n\r\n"
	}
	return "POST /slack/interactions HTTP/1.1\r\nHost: studybot\r\nContent-Type: application/x-www-form-urlencoded\r\n" +
		fmt.Sprintf("Content-Length: %d\r\n", length) +
		"X-Slack-Signature: v0=" + strings.Repeat("cd", 32) + "\r\nX-Slack-Request-Timestamp: " + ts + "\r\n\r\n"
}

// raiseFileLimit makes sure the process may open n files, raising the soft limit up to the hard one.
func raiseFileLimit(t *testing.T, n uint64) {
	t.Helper()
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		t.Fatal(err)
	}
	if lim.Cur >= n {
		return
	}
	if lim.Max < n {
		t.Skipf("the open files limit is %d, the test needs %d", lim.Max, n)
	}
	lim.Cur = n
	if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		t.Fatal(err)
	}
}

// liveHeap is the heap still in use after a collection.
func liveHeap() (alloc, inuse uint64) {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc, ms.HeapInuse
}

// readingBodies counts the goroutines blocked reading a request's body: handlers waiting for bytes.
func readingBodies() int {
	buf := make([]byte, 16<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			return bytes.Count(buf[:n], []byte("net/http.(*body).Read("))
		}
		buf = make([]byte, 2*len(buf))
	}
}

// waitFor polls a condition the server will make true.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within 30s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestHeaderOnlyRequestsHoldLittleMemory: 1,000 connections that send a signed endpoint's headers with a
// fake signature and a 1 MiB announced body, then nothing, cost the server far less than 1 MiB each.
func TestHeaderOnlyRequestsHoldLittleMemory(t *testing.T) {
	const conns = 1000
	raiseFileLimit(t, 3*conns)
	// Room for every connection, and time enough to count them on a busy machine: what is measured is
	// what each one holds, not how many the server lets in.
	addr := serveBoth(t, func(m *server.Main) { m.HTTP.MaxConns, m.HTTP.ReadTimeout = 2*conns, time.Minute })
	alloc0, inuse0 := liveHeap()
	var held []net.Conn
	defer func() {
		for _, c := range held {
			c.Close()
		}
	}()
	for i := range conns {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatalf("connection %d: %v", i, err)
		}
		held = append(held, c)
		platform := []string{"discord", "slack"}[i%2]
		if _, err := c.Write([]byte(fakeSignedHeaders(platform, 1<<20))); err != nil {
			t.Fatalf("connection %d: %v", i, err)
		}
	}
	waitFor(t, "every handler waiting for its body", func() bool { return readingBodies() >= conns })
	alloc1, inuse1 := liveHeap()
	growth := int64(alloc1) - int64(alloc0)
	t.Logf("%d header-only connections: heap alloc %+.1f MB, in use %+.1f MB", conns, float64(growth)/1e6, (float64(inuse1)-float64(inuse0))/1e6)
	if growth > 50e6 {
		t.Fatalf("%d header-only connections grew the live heap by %.1f MB, want under 50 MB", conns, float64(growth)/1e6)
	}
}

// TestStalledBodiesAreAnsweredAndClosedAfterTheReadTimeout: a request whose body stops coming, before its
// first byte or part way, is answered and its connection closed once the read timeout has passed.
func TestStalledBodiesAreAnsweredAndClosedAfterTheReadTimeout(t *testing.T) {
	const conns, readTimeout = 100, time.Second
	addr := serveBoth(t, func(m *server.Main) { m.HTTP.ReadTimeout = readTimeout })
	start := time.Now()
	var wg sync.WaitGroup
	for i := range conns {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		// Discord and Slack in turn; every other one sends part of its body before it stalls.
		head := fakeSignedHeaders([]string{"discord", "slack"}[i%2], 5000)
		if i%4 >= 2 {
			head += strings.Repeat("x", 1000)
		}
		if _, err := c.Write([]byte(head)); err != nil {
			t.Fatal(err)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			// Far longer than the read timeout, so that only a server that never answers fails.
			c.SetReadDeadline(start.Add(10 * readTimeout))
			r := bufio.NewReader(c)
			resp, err := http.ReadResponse(r, nil)
			if err != nil {
				t.Errorf("connection %d: no answer: %v", i, err)
				return
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusBadRequest && resp.StatusCode != http.StatusUnauthorized {
				t.Errorf("connection %d: HTTP %d, want 400 or 401", i, resp.StatusCode)
			}
			if _, err := r.ReadByte(); err != io.EOF {
				t.Errorf("connection %d: after the answer the server did not close the connection: %v", i, err)
			}
		}()
	}
	wg.Wait()
	if t.Failed() {
		return
	}
	t.Logf("%d stalled requests answered and closed %.1fs after the first was sent (read timeout %s)", conns, time.Since(start).Seconds(), readTimeout)
}

// TestIdleKeepAliveConnectionIsClosedAfterTheIdleTimeout: a client that keeps its connection open after a
// request and sends nothing more loses it once the idle timeout has passed.
func TestIdleKeepAliveConnectionIsClosedAfterTheIdleTimeout(t *testing.T) {
	const idle = time.Second
	addr := serveBoth(t, func(m *server.Main) { m.HTTP.IdleTimeout = idle })
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	r := bufio.NewReader(c)
	get(t, c, r, 200)
	get(t, c, r, 200) // the connection is kept alive
	c.SetReadDeadline(time.Now().Add(10 * idle))
	if _, err := r.ReadByte(); err != io.EOF {
		t.Fatalf("an idle connection was not closed by the server within ten idle timeouts: %v", err)
	}
}

// get sends GET /healthz on c and checks the status of its answer.
func get(t *testing.T, c net.Conn, r *bufio.Reader, want int) {
	t.Helper()
	if _, err := io.WriteString(c, "GET /healthz HTTP/1.1\r\nHost: studybot\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(r, nil)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != want {
		t.Fatalf("GET /healthz: HTTP %d, want %d", resp.StatusCode, want)
	}
}

// TestHeadersOver64KiBAreRefused: a request with more than 64 KiB of headers gets 431, one just under
// it is served.
func TestHeadersOver64KiBAreRefused(t *testing.T) {
	addr := serveBoth(t, nil)
	for _, tc := range []struct {
		size int
		want int
	}{{60 << 10, 200}, {100 << 10, http.StatusRequestHeaderFieldsTooLarge}} {
		req, _ := http.NewRequest(http.MethodGet, "http://"+addr+"/healthz", nil)
		req.Header.Set("X-Padding", strings.Repeat("p", tc.size))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != tc.want {
			t.Errorf("%d KiB of headers: HTTP %d, want %d", tc.size>>10, resp.StatusCode, tc.want)
		}
	}
}

// TestConnectionsPastTheCapWaitForOneToClose: with MaxConns connections open, the next one is not served
// until one of them closes; then it is.
func TestConnectionsPastTheCapWaitForOneToClose(t *testing.T) {
	const limit = 4
	addr := serveBoth(t, func(m *server.Main) { m.HTTP.MaxConns = limit })
	var open []net.Conn
	for range limit {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		get(t, c, bufio.NewReader(c), 200) // accepted, and kept alive
		open = append(open, c)
	}
	next, err := net.Dial("tcp", addr) // the kernel accepts it; the server does not yet
	if err != nil {
		t.Fatal(err)
	}
	defer next.Close()
	if _, err := io.WriteString(next, "GET /healthz HTTP/1.1\r\nHost: studybot\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	r := bufio.NewReader(next)
	next.SetReadDeadline(time.Now().Add(300 * time.Millisecond))
	if _, err := r.Peek(1); !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("connection %d of %d was answered while the others were open (%v)", limit+1, limit, err)
	}
	open[0].Close()
	next.SetReadDeadline(time.Now().Add(10 * time.Second))
	resp, err := http.ReadResponse(r, nil)
	if err != nil {
		t.Fatalf("connection %d: no answer after another closed: %v", limit+1, err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("connection %d: HTTP %d", limit+1, resp.StatusCode)
	}
}
