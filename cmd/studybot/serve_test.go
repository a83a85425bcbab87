package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/studybot/studybot/adapters/discord/discordtest"
	"github.com/studybot/studybot/adapters/slack/slackfake"
	"github.com/studybot/studybot/internal/server"
)

// startMain runs the real serve wiring (the Main type) with the given environment until the test ends.
func startMain(t *testing.T, env map[string]string) *server.Main {
	t.Helper()
	m := server.NewMain()
	if err := m.ParseConfig(nil, func(k string) string { return env[k] }, nil); err != nil {
		t.Fatal(err)
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
	m.Addr()
	return m
}

func TestServeDiscordEndToEnd(t *testing.T) {
	fake := discordtest.NewServer()
	defer fake.Close()
	key := discordtest.NewKey(3)
	env := map[string]string{
		"STUDYBOT_DB":        filepath.Join(t.TempDir(), "s.db"),
		"STUDYBOT_HTTP_ADDR": "127.0.0.1:0",
		"DISCORD_BOT_TOKEN":  "e2e-token",
		"DISCORD_APP_ID":     "12345",
		"DISCORD_PUBLIC_KEY": key.PublicHex(),
		"DISCORD_GATEWAY":    "false",
		"DISCORD_API_BASE":   fake.APIBase(),
	}
	m := startMain(t, env)
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
}

func TestServeSlackEndToEnd(t *testing.T) {
	fake := slackfake.NewServer()
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
	m := startMain(t, env)
	url := "http://" + m.Addr()
	send := func(path, contentType string, body []byte) (int, string) {
		resp, err := http.DefaultClient.Do(slackfake.Request(url+path, contentType, secret, body, time.Now()))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var b strings.Builder
		io.Copy(&b, resp.Body)
		return resp.StatusCode, b.String()
	}
	code, body := send("/slack/commands", "application/x-www-form-urlencoded", slackfake.SlashCommand("T1", "C1", "UADMIN", "admin", "post", fake.Hook("c")))
	if code != 200 || !strings.Contains(body, "Posted a new question") {
		t.Fatalf("slash post: %d %s", code, body)
	}
	posts := fake.Calls("chat.postMessage")
	if len(posts) != 1 {
		t.Fatalf("%d cards", len(posts))
	}
	action := fake.CardActions(0)[0]
	if code, _ := send("/slack/interactions", "application/x-www-form-urlencoded", slackfake.BlockActions("T1", "C1", "U2", action, fake.Hook("click"), "1.1")); code != 200 {
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
}
