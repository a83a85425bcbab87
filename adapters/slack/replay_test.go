package slack_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/studybot/studybot/data/storetest/stores"

	slackad "github.com/studybot/studybot/adapters/slack"
	"github.com/studybot/studybot/adapters/slack/slacktest"
	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/quiz"
)

// replica is one studybot process: its own store handle, core, adapter and endpoints.
type replica struct {
	adapter *slackad.Adapter
	srv     *httptest.Server
}

func newReplica(t *testing.T, store bot.Store, fake *slacktest.Server) replica {
	t.Helper()
	pack, err := quiz.Parse("test.yaml", []byte(testPack))
	if err != nil {
		t.Fatal(err)
	}
	b, err := bot.New(bot.Config{Store: store, Pack: pack, Clock: bot.NewManualClock(time.Date(2026, 3, 2, 14, 30, 0, 0, time.UTC))})
	if err != nil {
		t.Fatal(err)
	}
	a, err := slackad.New(slackad.Config{BotToken: botToken, SigningSecret: secret, APIURL: fake.APIURL()}, b)
	if err != nil {
		t.Fatal(err)
	}
	b.SetChat(bot.PlatformSlack, a)
	mux := http.NewServeMux()
	mux.HandleFunc("POST /slack/commands", a.Commands)
	mux.HandleFunc("POST /slack/interactions", a.Interactions)
	srv := httptest.NewServer(mux)
	t.Cleanup(func() {
		srv.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		a.Close(ctx)
	})
	return replica{a, srv}
}

// send sends one copy of a signed request: the same body, timestamp and signature each time.
func send(t *testing.T, url string, body []byte, signed time.Time) (int, map[string]any) {
	t.Helper()
	resp, err := http.DefaultClient.Do(slacktest.Request(url, "application/x-www-form-urlencoded", secret, body, signed))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var m map[string]any
	json.NewDecoder(resp.Body).Decode(&m)
	return resp.StatusCode, m
}

// TestReplayedSlashCommandRunsOnce: someone who copied a signed /study post resends it while its signature
// is still fresh, to the replica that ran it and to another on the same database. Each acknowledges with
// 200 and posts nothing: one card in all, and nothing through the response_url.
func TestReplayedSlashCommandRunsOnce(t *testing.T) {
	stores.Each(t, func(t *testing.T, open func() bot.Store) {
		fake := slacktest.NewServer()
		t.Cleanup(fake.Close)
		fake.SetAdmin("UADMIN")
		one, two := newReplica(t, open(), fake), newReplica(t, open(), fake)
		body := slacktest.SlashCommand("T1", "C1", "UADMIN", "admin", "post", fake.Hook("post"))
		signed := time.Now()
		if code, m := send(t, one.srv.URL+"/slack/commands", body, signed); code != 200 || !strings.Contains(text(m), "Posted") {
			t.Fatalf("post: %d %v", code, m)
		}
		for _, r := range []replica{two, one} {
			if code, m := send(t, r.srv.URL+"/slack/commands", body, signed); code != 200 || m["response_type"] != "ephemeral" || !strings.Contains(text(m), "already handled") {
				t.Fatalf("replay: %d %v, want 200 with a private note", code, m)
			}
		}
		if cards := fake.Calls("chat.postMessage"); len(cards) != 1 {
			t.Fatalf("%d messages posted after a post and two replays of it, want 1", len(cards))
		}
		if hooks := fake.Calls("hook"); len(hooks) != 0 {
			t.Fatalf("the replays answered through the original's response_url: %+v", hooks)
		}
	})
}

// TestReplayedClickSendsNothing: a click's reply goes through its response_url, which reaches the member
// who clicked. A replay of the click (here a practice answer, whose repeat the core would otherwise answer
// "you already answered") sends nothing there.
func TestReplayedClickSendsNothing(t *testing.T) {
	h := newHarness(t)
	practice := actions(h.slash("UALICE", "practice"))
	if !strings.HasPrefix(practice["A"], "sb:practice-answer:") {
		t.Fatalf("practice buttons: %v", practice)
	}
	body := slacktest.BlockActions("T1", "C1", "UALICE", practice["A"], h.fake.Hook("answer"), "1772000001.000001")
	signed := time.Now()
	for range 2 {
		if code, _ := send(t, h.srv.URL+"/slack/interactions", body, signed); code != 200 {
			t.Fatalf("click: HTTP %d", code)
		}
		h.wait()
	}
	replies := h.hookReplies("answer")
	if len(replies) != 1 || strings.Contains(text(replies[0]), "already") {
		t.Fatalf("replies to a click and its replay: %v, want the click's feedback alone", replies)
	}
}

// TestReplayOfASlowSlashCommandSendsNothing: a command slower than DeferAfter is acknowledged at once and
// answered through its response_url later. Its replay is acknowledged the same way and then sends nothing
// there: the member who ran the command gets one answer.
func TestReplayOfASlowSlashCommandSendsNothing(t *testing.T) {
	h := newHarness(t)
	gate := make(chan struct{})
	a, err := slackad.New(slackad.Config{BotToken: botToken, SigningSecret: secret, APIURL: h.fake.APIURL(), DeferAfter: time.Millisecond},
		slowCore{h.bot, gate})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(a.Commands))
	defer srv.Close()
	body := slacktest.SlashCommand("T1", "C1", "U1", "u1", "faq", h.fake.Hook("slow"))
	signed := time.Now()
	for i := range 2 {
		if code, m := send(t, srv.URL, body, signed); code != 200 || !strings.Contains(text(m), "Working on it") {
			t.Fatalf("request %d: want an acknowledgement, got %d %v", i, code, m)
		}
		gate <- struct{}{} // the core may go on
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	a.Idle(ctx)
	if r := h.hookReplies("slow"); len(r) != 1 || !strings.Contains(text(r[0]), "Ask me something") {
		t.Fatalf("replies through the response_url: %v, want the command's answer alone", r)
	}
}
