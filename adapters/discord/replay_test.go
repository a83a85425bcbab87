package discord_test

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/studybot/studybot/data/storetest/stores"

	"github.com/studybot/studybot/adapters/discord"
	"github.com/studybot/studybot/adapters/discord/discordtest"
	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/quiz"
)

// replica is one studybot process: its own store handle, core, adapter and endpoint.
func replica(t *testing.T, store bot.Store, fake *discordtest.Server, clock *bot.ManualClock) *httptest.Server {
	t.Helper()
	pack, err := quiz.Parse("test.yaml", []byte(testPack))
	if err != nil {
		t.Fatal(err)
	}
	b, err := bot.New(bot.Config{Store: store, Pack: pack, Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	a, err := discord.New(discord.Config{Token: token, AppID: "app", PublicKey: key.Public, APIBase: fake.APIBase(), Now: clock.Now}, b)
	if err != nil {
		t.Fatal(err)
	}
	b.SetChat(bot.PlatformDiscord, a)
	srv := httptest.NewServer(a)
	t.Cleanup(func() {
		srv.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		a.Close(ctx)
	})
	return srv
}

// TestReplayedInteractionRunsOnce: someone who copied a signed /study post resends it, timestamp, body and
// signature as they were, while the signature is still fresh, to the replica that ran it and to another
// on the same database. Each answers 200 with a private note and posts nothing: one card in all.
func TestReplayedInteractionRunsOnce(t *testing.T) {
	stores.Each(t, func(t *testing.T, open func() bot.Store) {
		fake := discordtest.NewServer()
		t.Cleanup(fake.Close)
		clock := bot.NewManualClock(time.Date(2026, 3, 2, 14, 0, 0, 0, time.UTC))
		one, two := replica(t, open(), fake, clock), replica(t, open(), fake, clock)
		body := discordtest.Command("g1", "c1", moderator, "post", nil)
		signed := clock.Now()
		h := &harness{t: t}
		code, resp := h.sendReq(key.Request(one.URL, body, signed))
		if code != 200 || !strings.Contains(content(resp), "Posted a new question") {
			t.Fatalf("post: %d %v", code, resp)
		}
		clock.Add(4 * time.Minute)
		for _, srv := range []*httptest.Server{two, one} {
			code, resp := h.sendReq(key.Request(srv.URL, body, signed))
			if code != 200 || resp["type"] != float64(4) || !ephemeral(resp) || !strings.Contains(content(resp), "already handled") {
				t.Fatalf("replay: %d %v, want 200 with a private note", code, resp)
			}
		}
		if posts := fake.Calls("POST", "/api/v9/channels/c1/messages"); len(posts) != 1 {
			t.Fatalf("%d messages posted after a post and two replays of it, want 1", len(posts))
		}
	})
}

// TestReplayOfADeferredInteractionLeavesTheOriginalReply: when the core is slow the adapter defers and
// edits the original response later, through the interaction's token. A replay carries the original's
// token, so its deferred path must not edit: the member who ran the command keeps their reply.
func TestReplayOfADeferredInteractionLeavesTheOriginalReply(t *testing.T) {
	h := newHarness(t)
	gate := make(chan struct{})
	a, err := discord.New(discord.Config{Token: token, AppID: "app", PublicKey: key.Public, APIBase: h.fake.APIBase(),
		Now: func() time.Time { return h.now }, DeferAfter: time.Millisecond}, slowCore{Core: h.bot, delay: gate})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(a)
	defer srv.Close()
	body := discordtest.Command("g1", "c1", member, "faq", nil)
	for i := range 2 {
		code, resp := h.sendReq(key.Request(srv.URL, body, h.now))
		if code != 200 || resp["type"] != float64(5) {
			t.Fatalf("request %d: want a deferred response, got %d %v", i, code, resp)
		}
		gate <- struct{}{} // the core may go on
		if i == 0 {
			h.fake.WaitCalls("PATCH", "/api/v9/webhooks/app/", 1, 10*time.Second)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	a.Close(ctx) // waits for the replay's core and anything it would send
	var edits []string
	for _, c := range h.fake.Calls("PATCH", "/api/v9/webhooks/app/") {
		edits = append(edits, string(c.Body))
	}
	if len(edits) != 1 || strings.Contains(edits[0], "already handled") {
		t.Fatalf("edits of the original response: %q, want the original's follow-up alone", edits)
	}
}
