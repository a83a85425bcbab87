package discord_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/studybot/studybot/adapters/discord"
	"github.com/studybot/studybot/adapters/discord/discordtest"
)

// TestFailedReplyDoesNotLogTheInteractionToken: an interaction's token lets whoever has it answer and edit
// messages for 15 minutes, and it is part of the callback's and the follow-up's URL. When a reply fails
// the log says so, but never the token: not through discordgo's rate-limit error (it quotes the URL), nor
// net/http's error for a dropped connection (it does too).
func TestFailedReplyDoesNotLogTheInteractionToken(t *testing.T) {
	t.Run("gateway callback rate limited", func(t *testing.T) {
		h := newHarness(t)
		i := decode(t, discordtest.Command("g1", "c1", member, "help", nil))
		// Longer than the adapter waits out on an interaction: the callback fails with discordgo's error.
		h.fake.RateLimit("/api/v9/interactions/", 1, 120)
		h.adapter.HandleGateway(context.Background(), i)
		logs := h.logText()
		if !strings.Contains(logs, "discord respond failed") {
			t.Fatalf("the failed callback is not logged:\n%s", logs)
		}
		if strings.Contains(logs, i.Token) {
			t.Fatalf("the interaction token is in the log:\n%s", logs)
		}
	})
	t.Run("follow-up on a dropped connection", func(t *testing.T) {
		h := newHarness(t)
		dropping := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if conn, _, err := w.(http.Hijacker).Hijack(); err == nil {
				conn.Close()
			}
		}))
		defer dropping.Close()
		release := make(chan struct{})
		a, err := discord.New(discord.Config{Token: token, AppID: "app", PublicKey: key.Public, APIBase: dropping.URL + "/api/v9",
			Logger: slog.New(slog.NewJSONHandler(&lockedWriter{w: h.logs, mu: &h.mu}, nil)), Now: func() time.Time { return h.now }, DeferAfter: time.Millisecond}, slowCore{Core: h.bot, delay: release})
		if err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewServer(a)
		defer srv.Close()
		body := discordtest.Command("g1", "c1", member, "faq", nil)
		if code, resp := h.sendReq(key.Request(srv.URL, body, h.now)); code != 200 || resp["type"] != float64(5) {
			t.Fatalf("want a deferred response, got %d %v", code, resp)
		}
		close(release)
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		a.Close(ctx) // waits for the follow-up
		logs := h.logText()
		if !strings.Contains(logs, "discord follow-up failed") {
			t.Fatalf("the failed follow-up is not logged:\n%s", logs)
		}
		if tok := decode(t, body).Token; strings.Contains(logs, tok) {
			t.Fatalf("the interaction token is in the log:\n%s", logs)
		}
	})
}
