package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/studybot/studybot/adapters/discord/discordtest"
	"github.com/studybot/studybot/adapters/slack/slacktest"
	"github.com/studybot/studybot/app/server"
	"github.com/studybot/studybot/internal/logbuf"
)

// startMain runs the real serve wiring (the Main type) with the given environment until the test ends.
func startMain(t *testing.T, env map[string]string, mutate ...func(*server.Main)) *server.Main {
	t.Helper()
	m, _ := runMain(t, env, mutate...)
	return m
}

// runMain is startMain that also returns a function to stop Main before the test ends: it cancels Run,
// waits for it to return and closes Main, once however often it is called.
func runMain(t *testing.T, env map[string]string, mutate ...func(*server.Main)) (*server.Main, func()) {
	t.Helper()
	m := server.NewMain()
	if err := m.ParseConfig(nil, func(k string) string { return env[k] }, nil); err != nil {
		t.Fatal(err)
	}
	for _, f := range mutate {
		f(m)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- m.Run(ctx) }()
	var once sync.Once
	stop := func() {
		once.Do(func() {
			cancel()
			if err := <-done; err != nil {
				t.Errorf("Run: %v", err)
			}
			m.Close()
		})
	}
	t.Cleanup(stop)
	m.Addr()
	return m, stop
}

// jsonLogs makes Main log JSON into a buffer, as serve does when its standard error is not a terminal.
type jsonLogs struct{ logbuf.Buffer }

func (l *jsonLogs) attach(m *server.Main) {
	m.Logger = server.NewLogger(server.Config{LogFormat: "json", LogLevel: "debug"}, l)
}

// interactionLines returns the logged "interaction" lines, checking that each names its platform once (a
// JSON object with a repeated key is legal to write and ambiguous to read).
func (l *jsonLogs) interactionLines(t *testing.T, platform string) []string {
	t.Helper()
	var out []string
	for _, line := range strings.Split(l.String(), "\n") {
		if !strings.Contains(line, `"msg":"interaction"`) {
			continue
		}
		if n := strings.Count(line, `"platform":`); n != 1 || !strings.Contains(line, `"platform":"`+platform+`"`) {
			t.Errorf("an interaction's log line names its platform %d times, want once as %q: %s", n, platform, line)
		}
		out = append(out, line)
	}
	return out
}

func TestServeDiscordEndToEnd(t *testing.T) {
	fake := discordtest.NewServer()
	defer fake.Close()
	key := discordtest.NewKey(3)
	env := discordEnv(t, fake, "e2e-token")
	env["DISCORD_PUBLIC_KEY"] = key.PublicHex()
	env["DISCORD_GATEWAY"] = "false"
	logs := &jsonLogs{}
	m := startMain(t, env, logs.attach)
	url := "http://" + m.Addr()

	// Registration happens at start-up.
	<-m.Started()
	if len(fake.Calls("PUT", "/api/v9/applications/12345/commands")) != 1 {
		t.Fatal("commands were not registered at start-up")
	}

	mod := discordtest.Member{ID: "1", Name: "Mod", Permissions: 1 << 3}
	post := func(body []byte) map[string]any {
		resp, err := http.DefaultClient.Do(key.Request(url+"/discord/interactions", body, time.Now()))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Fatalf("HTTP %d", resp.StatusCode)
		}
		var out map[string]any
		json.NewDecoder(resp.Body).Decode(&out)
		return out
	}
	post(discordtest.Command("g", "c", mod, "post", nil))
	cards := fake.Calls("POST", "/api/v9/channels/c/messages")
	if len(cards) != 1 {
		t.Fatalf("%d cards posted", len(cards))
	}
	click := post(discordtest.Click("g", "c", discordtest.Member{ID: "2", Name: "Bea"}, fake.CardButtons("c", 0)[0], "m"))
	if data := click["data"].(map[string]any); !strings.Contains(data["content"].(string), "points") {
		t.Fatalf("click reply: %v", click)
	}
	// Unsigned requests are refused by the real server too.
	resp, err := http.Post(url+"/discord/interactions", "application/json", strings.NewReader(string(discordtest.Ping())))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("unsigned request: %d", resp.StatusCode)
	}
	resp, err = http.Get(url + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	var health map[string]string
	json.NewDecoder(resp.Body).Decode(&health)
	resp.Body.Close()
	if resp.StatusCode != 200 || health["database"] != "ok" || health["discord"] != "ok" {
		t.Fatalf("healthz %d %v", resp.StatusCode, health)
	}
	if n := len(logs.interactionLines(t, "discord")); n < 2 {
		t.Fatalf("%d interaction log lines, want one per interaction (2)", n)
	}
}

// TestServeDiscordGatewayEndToEnd runs `serve` the way most bots run: gateway on (the default), no
// interactions endpoint. Discord refuses the first two registration attempts; start-up retries with
// backoff, then registers, connects to the gateway and answers interactions that arrive over it.
func TestServeDiscordGatewayEndToEnd(t *testing.T) {
	fake := discordtest.NewServer()
	defer fake.Close()
	fake.Fail("/api/v9/applications/", 2, http.StatusForbidden, `{"message": "Missing Access", "code": 50001}`, nil)
	env := discordEnv(t, fake, "e2e-token") // the gateway is on by default
	var mu sync.Mutex
	var waits []time.Duration
	ready := fake.GatewayReady() // taken before Run, so a READY that comes quickly is not missed
	m := startMain(t, env, func(m *server.Main) {
		m.Sleep = func(_ context.Context, d time.Duration) error {
			mu.Lock()
			defer mu.Unlock()
			waits = append(waits, d)
			return nil
		}
	})
	url := "http://" + m.Addr()
	select {
	case <-m.Started():
	case <-time.After(20 * time.Second):
		t.Fatal("discord did not start")
	}
	mu.Lock()
	if !slices.Equal(waits, []time.Duration{time.Second, 2 * time.Second}) {
		t.Errorf("waits between start-up attempts %v, want [1s 2s]", waits)
	}
	mu.Unlock()
	if ids := fake.Identifies(); len(ids) != 1 || ids[0].Token != "Bot e2e-token" {
		t.Fatalf("gateway identifies: %+v", ids)
	}
	if len(fake.Calls("PUT", "/api/v9/applications/12345/commands")) != 1 {
		t.Fatal("commands were not registered after the retries")
	}
	if health := getHealth(t, url); health["discord"] != "ok" {
		t.Fatalf("healthz discord %q", health["discord"])
	}
	// Without DISCORD_PUBLIC_KEY there is no interactions endpoint.
	resp, err := http.Post(url+"/discord/interactions", "application/json", strings.NewReader(string(discordtest.Ping())))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound && resp.StatusCode != http.StatusMethodNotAllowed {
		t.Fatalf("interactions endpoint without a public key: HTTP %d", resp.StatusCode)
	}

	select { // Started is the HTTP side; the gateway identifies, then becomes READY, on its own
	case <-ready:
	case <-time.After(20 * time.Second):
		t.Fatal("the gateway did not become ready")
	}
	mod := discordtest.Member{ID: "1", Name: "Mod", Permissions: 1 << 3}
	dispatch := func(raw []byte) map[string]any {
		t.Helper()
		resp, err := fake.Interact(raw, 10*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		return resp
	}
	dispatch(discordtest.Command("g", "c", mod, "post", nil))
	if cards := fake.Calls("POST", "/api/v9/channels/c/messages"); len(cards) != 1 {
		t.Fatalf("%d cards posted, want 1", len(cards))
	}
	reply := dispatch(discordtest.Click("g", "c", discordtest.Member{ID: "2", Name: "Bea"}, fake.CardButtons("c", 0)[0], "m"))
	if data, _ := reply["data"].(map[string]any); data == nil || !strings.Contains(fmt.Sprint(data["content"]), "points") {
		t.Fatalf("click reply over the gateway: %v", reply)
	}

	// The gateway drops and Discord refuses new connections for a while: /healthz says so, then recovers.
	fake.RefuseGateway(true)
	fake.DropGateway()
	if len(fake.WaitCalls("GET", "/gateway", 2, 10*time.Second)) < 2 {
		t.Fatal("no reconnection attempt")
	}
	if h := getHealth(t, url); h["discord"] != "error: gateway connection lost; reconnecting" {
		t.Fatalf("healthz discord %q while the gateway is down", h["discord"])
	}
	ready = fake.GatewayReady()
	fake.RefuseGateway(false)
	select {
	case <-ready:
	case <-time.After(20 * time.Second):
		t.Fatal("the gateway did not reconnect")
	}
	reply = dispatch(discordtest.Click("g", "c", discordtest.Member{ID: "3", Name: "Cy"}, fake.CardButtons("c", 0)[1], "m"))
	if data, _ := reply["data"].(map[string]any); data == nil || !strings.Contains(fmt.Sprint(data["content"]), "points") {
		t.Fatalf("click after reconnecting: %v", reply)
	}
	if h := getHealth(t, url); h["discord"] != "ok" {
		t.Fatalf("healthz discord %q after reconnecting", h["discord"])
	}
}

// TestServeDiscordTokenRefused: a token Discord refuses is not retried; /healthz says so.
func TestServeDiscordTokenRefused(t *testing.T) {
	fake := discordtest.NewServer()
	defer fake.Close()
	fake.Fail("/api/v9/applications/", 100, http.StatusUnauthorized, `{"message": "401: Unauthorized", "code": 0}`, nil)
	env := discordEnv(t, fake, "revoked-token")
	slept := false
	m := startMain(t, env, func(m *server.Main) {
		m.Sleep = func(context.Context, time.Duration) error { slept = true; return nil }
	})
	url := "http://" + m.Addr()
	<-m.Started()
	if slept || len(fake.Calls("", "/api/v9/applications/")) != 1 {
		t.Fatalf("a refused token was retried (%d calls)", len(fake.Calls("", "/api/v9/applications/")))
	}
	if h := getHealth(t, url); !strings.HasPrefix(h["discord"], "error: command registration refused the bot token") || h["database"] != "ok" {
		t.Fatalf("healthz %v", h)
	}
	if len(fake.Identifies()) != 0 {
		t.Fatal("the gateway was opened after registration was refused")
	}
}

// discordEnv is the environment of a bot on Discord (application 12345) against the fake, with a fresh
// database.
func discordEnv(t *testing.T, fake *discordtest.Server, token string) map[string]string {
	return map[string]string{
		"STUDYBOT_DB":        filepath.Join(t.TempDir(), "s.db"),
		"STUDYBOT_HTTP_ADDR": "127.0.0.1:0",
		"DISCORD_BOT_TOKEN":  token,
		"DISCORD_APP_ID":     "12345",
		"DISCORD_API_BASE":   fake.APIBase(),
	}
}

func getHealth(t *testing.T, url string) map[string]string {
	t.Helper()
	resp, err := http.Get(url + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var health map[string]string
	json.NewDecoder(resp.Body).Decode(&health)
	return health
}

func TestServeSlackEndToEnd(t *testing.T) {
	fake := slacktest.NewServer()
	defer fake.Close()
	fake.SetAdmin("UADMIN")
	const secret = "e2e-secret"
	env := map[string]string{
		"STUDYBOT_DB":          filepath.Join(t.TempDir(), "s.db"),
		"STUDYBOT_HTTP_ADDR":   "127.0.0.1:0",
		"SLACK_BOT_TOKEN":      "xoxb-e2e",
		"SLACK_SIGNING_SECRET": secret,
		"SLACK_API_URL":        fake.APIURL(),
	}
	logs := &jsonLogs{}
	m := startMain(t, env, logs.attach)
	url := "http://" + m.Addr()
	send := func(path, contentType string, body []byte) (int, string) {
		resp, err := http.DefaultClient.Do(slacktest.Request(url+path, contentType, secret, body, time.Now()))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var b strings.Builder
		io.Copy(&b, resp.Body)
		return resp.StatusCode, b.String()
	}
	code, body := send("/slack/commands", "application/x-www-form-urlencoded", slacktest.SlashCommand("T1", "C1", "UADMIN", "admin", "post", fake.Hook("c")))
	if code != 200 || !strings.Contains(body, "Posted a new question") {
		t.Fatalf("slash post: %d %s", code, body)
	}
	posts := fake.Calls("chat.postMessage")
	if len(posts) != 1 {
		t.Fatalf("%d cards", len(posts))
	}
	action := fake.CardActions(0)[0]
	if code, _ := send("/slack/interactions", "application/x-www-form-urlencoded", slacktest.BlockActions("T1", "C1", "U2", action, fake.Hook("click"), "1.1")); code != 200 {
		t.Fatalf("click: %d", code)
	}
	code, body = send("/slack/events", "application/json", []byte(`{"type":"url_verification","challenge":"abc"}`))
	if code != 200 || body != "abc" {
		t.Fatalf("url_verification: %d %q", code, body)
	}
	resp, err := http.Get(url + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	var health map[string]string
	json.NewDecoder(resp.Body).Decode(&health)
	resp.Body.Close()
	if health["slack"] != "ok" || health["discord"] != "off" {
		t.Fatalf("healthz %v", health)
	}
	if n := len(logs.interactionLines(t, "slack")); n < 2 {
		t.Fatalf("%d interaction log lines, want one per interaction (2)", n)
	}
}
