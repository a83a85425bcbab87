package discord_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image/png"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/studybot/studybot/adapters/discord"
	"github.com/studybot/studybot/adapters/discord/discordtest"
	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/data/sqlite"
	"github.com/studybot/studybot/internal/fakeapi"
	"github.com/studybot/studybot/quiz"
)

const token = "test-bot-token-SECRET"

var (
	key       = discordtest.NewKey(7)
	otherKey  = discordtest.NewKey(8)
	moderator = discordtest.Member{ID: "100", Name: "Morgan", Permissions: 1 << 5} // Manage Server
	admin     = discordtest.Member{ID: "101", Name: "Ada", Permissions: 1 << 3}    // Administrator
	member    = discordtest.Member{ID: "200", Name: "Alice", Permissions: 1<<10 | 1<<11}
)

const testPack = `pack: test
title: Test
version: 1
domains:
  - {id: regulatory, name: Regulatory Requirements, weight: 50}
  - {id: security, name: Security, weight: 50}
questions:
  - {id: r1, domain: regulatory, objective: "1.2", difficulty: 1, question: "Breach notice deadline?", choices: ["30 days", "45 days", "60 days", "90 days"], answer: 2, explanation: "60 calendar days at the latest.", source: "45 CFR 164.404"}
  - {id: s1, domain: security, objective: "5.5", difficulty: 2, question: "Which level leaves media unusable?", choices: [Clear, Purge, Destroy, Wipe], answer: 2, explanation: "Destroy.", source: "NIST SP 800-88"}
`

type harness struct {
	t       testing.TB
	fake    *discordtest.Server
	db      *sqlite.DB
	bot     *bot.Bot
	adapter *discord.Adapter
	srv     *httptest.Server
	now     time.Time
	logs    *bytes.Buffer
	sleeps  fakeapi.Sleeps
	mu      sync.Mutex
}

func newHarness(t testing.TB, mutate ...func(*discord.Config)) *harness {
	t.Helper()
	h := &harness{t: t, fake: discordtest.NewServer(), now: time.Date(2026, 3, 2, 14, 0, 0, 0, time.UTC), logs: &bytes.Buffer{}}
	t.Cleanup(h.fake.Close)
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	h.db = db
	pack, err := quiz.Parse("test.yaml", []byte(testPack))
	if err != nil {
		t.Fatal(err)
	}
	logger := slog.New(slog.NewJSONHandler(&lockedWriter{w: h.logs, mu: &h.mu}, &slog.HandlerOptions{Level: slog.LevelDebug}))
	h.bot, err = bot.New(bot.Config{Store: db, Pack: pack, Clock: bot.ClockFunc(func() time.Time { return h.now }), Logger: logger})
	if err != nil {
		t.Fatal(err)
	}
	cfg := discord.Config{Token: token, AppID: "app", PublicKey: key.Public, APIBase: h.fake.APIBase(),
		Logger: logger, Now: func() time.Time { return h.now },
		Sleep: h.sleeps.Sleep}
	for _, m := range mutate {
		m(&cfg)
	}
	h.adapter, err = discord.New(cfg, h.bot)
	if err != nil {
		t.Fatal(err)
	}
	h.bot.SetChat(bot.PlatformDiscord, h.adapter)
	h.srv = httptest.NewServer(h.adapter)
	t.Cleanup(h.srv.Close)
	return h
}

// logText returns what has been logged so far.
func (h *harness) logText() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.logs.String()
}

type lockedWriter struct {
	w  io.Writer
	mu *sync.Mutex
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// send posts a signed interaction to the endpoint and decodes the response.
func (h *harness) send(body []byte) (int, map[string]any) {
	h.t.Helper()
	return h.sendReq(key.Request(h.srv.URL, body, h.now))
}

func (h *harness) sendReq(req *http.Request) (int, map[string]any) {
	h.t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	json.NewDecoder(resp.Body).Decode(&out)
	return resp.StatusCode, out
}

func (h *harness) command(m discordtest.Member, sub string, opts ...discordtest.Option) map[string]any {
	h.t.Helper()
	code, resp := h.send(discordtest.Command("g1", "c1", m, sub, opts))
	if code != 200 {
		h.t.Fatalf("/study %s: HTTP %d", sub, code)
	}
	return resp
}

func content(resp map[string]any) string {
	data, _ := resp["data"].(map[string]any)
	s, _ := data["content"].(string)
	if embeds, ok := data["embeds"].([]any); ok {
		for _, e := range embeds {
			if d, ok := e.(map[string]any)["description"].(string); ok {
				s += "\n" + d
			}
		}
	}
	return s
}

func ephemeral(resp map[string]any) bool {
	data, _ := resp["data"].(map[string]any)
	flags, _ := data["flags"].(float64)
	return int(flags)&64 != 0
}

func (h *harness) schedule() *bot.Schedule {
	ch, err := h.db.Channel(context.Background(), bot.ChannelRef{Platform: "discord", GroupID: "g1", ChannelID: "c1"})
	if err != nil {
		h.t.Fatal(err)
	}
	return ch.Schedule
}

func TestPingGetsPong(t *testing.T) {
	h := newHarness(t)
	code, resp := h.send(discordtest.Ping())
	if code != 200 || resp["type"] != float64(1) {
		t.Fatalf("PING: %d %v", code, resp)
	}
}

func TestBadSignaturesAreRejected(t *testing.T) {
	h := newHarness(t)
	body := discordtest.Command("g1", "c1", moderator, "schedule", []discordtest.Option{{Name: "time", Type: 3, Value: "09:00"}})
	wrongKey := otherKey.Request(h.srv.URL, body, h.now)
	missing := key.Request(h.srv.URL, body, h.now)
	missing.Header.Del("X-Signature-Ed25519")
	noTimestamp := key.Request(h.srv.URL, body, h.now)
	noTimestamp.Header.Del("X-Signature-Timestamp")
	stale := key.Request(h.srv.URL, body, h.now.Add(-10*time.Minute))
	future := key.Request(h.srv.URL, body, h.now.Add(10*time.Minute))
	tampered := key.Request(h.srv.URL, body, h.now)
	tampered.Body = io.NopCloser(bytes.NewReader(bytes.Replace(body, []byte("09:00"), []byte("10:00"), 1)))
	for name, req := range map[string]*http.Request{"wrong key": wrongKey, "missing signature": missing, "missing timestamp": noTimestamp,
		"10 minutes old": stale, "10 minutes ahead": future, "tampered body": tampered} {
		if code, _ := h.sendReq(req); code != http.StatusUnauthorized {
			t.Errorf("%s: HTTP %d, want 401", name, code)
		}
	}
	if s := h.schedule(); s != nil {
		t.Fatalf("a rejected request stored a schedule: %v", s)
	}
	if calls := h.fake.Calls("", ""); len(calls) != 0 {
		t.Fatalf("a rejected request reached Discord: %+v", calls)
	}
	// The same request, properly signed and fresh, works.
	if code, _ := h.send(body); code != 200 || h.schedule() == nil {
		t.Fatalf("valid request: %d, schedule %v", code, h.schedule())
	}
}

func TestRegistration(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	if err := h.adapter.Register(ctx); err != nil {
		t.Fatal(err)
	}
	puts := h.fake.Calls("PUT", "/api/v9/applications/app/commands")
	if len(puts) != 1 {
		t.Fatalf("%d bulk overwrites, want 1", len(puts))
	}
	var cmds []map[string]any
	json.Unmarshal(puts[0].Body, &cmds)
	if len(cmds) != 1 || cmds[0]["name"] != "study" {
		t.Fatalf("registered %v", cmds)
	}
	subs := map[string]map[string]any{}
	for _, o := range cmds[0]["options"].([]any) {
		m := o.(map[string]any)
		switch m["type"] {
		case float64(1):
			subs[m["name"].(string)] = m
		case float64(2): // a subcommand group: its subcommands are rows named "group sub"
			for _, so := range m["options"].([]any) {
				sm := so.(map[string]any)
				if sm["type"] != float64(1) {
					t.Fatalf("group %v holds %v, not a subcommand", m["name"], sm["name"])
				}
				subs[m["name"].(string)+" "+sm["name"].(string)] = sm
			}
		default:
			t.Fatalf("option %v is neither a subcommand nor a group", m["name"])
		}
	}
	// Every row of the core's command table is a subcommand (in its group where it has one), with an
	// option per argument, required ones first; nothing else is registered.
	specs := h.bot.Commands()
	if len(subs) != len(specs) {
		t.Errorf("%d subcommands registered, the command table has %d", len(subs), len(specs))
	}
	for _, spec := range specs {
		path := spec.Name
		if g, name := spec.Path(); g != "" {
			path = g + " " + name // a row registered in a group (goal under me)
		}
		sub := subs[path]
		if sub == nil {
			t.Errorf("subcommand %s missing", path)
			continue
		}
		var got, want []string
		opts, _ := sub["options"].([]any)
		for _, o := range opts {
			got = append(got, o.(map[string]any)["name"].(string))
		}
		for _, required := range []bool{true, false} {
			for _, a := range spec.Args {
				if a.Required == required {
					want = append(want, a.Name)
				}
			}
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("subcommand %s options %v, want %v", spec.Name, got, want)
		}
	}
	if p := subs["leaderboard"]["options"].([]any)[2].(map[string]any); p["name"] != "public" || p["type"] != float64(5) {
		t.Fatalf("leaderboard public option %v, want a boolean (5)", p)
	}
	lbOpts := subs["leaderboard"]["options"].([]any)
	period, domain := lbOpts[0].(map[string]any), lbOpts[1].(map[string]any)
	// A domain is typed: each channel has its own pack, and one command serves them all.
	if len(period["choices"].([]any)) != 3 || domain["choices"] != nil || domain["type"] != float64(3) {
		t.Fatalf("leaderboard choices: %v / domain %v, want three periods and a typed domain", period["choices"], domain)
	}
	if u := subs["stats"]["options"].([]any)[0].(map[string]any); u["type"] != float64(6) {
		t.Fatalf("stats user option type %v, want 6 (user)", u["type"])
	}
	if a := puts[0].Auth; a != "Bot "+token {
		t.Fatalf("authorization header %q", a)
	}
	// The same definition again: looked up, not sent.
	if err := h.adapter.Register(ctx); err != nil {
		t.Fatal(err)
	}
	if n := len(h.fake.Calls("PUT", "")); n != 1 {
		t.Fatalf("re-registration sent %d overwrites, want still 1", n)
	}
}

func TestGuildRegistration(t *testing.T) {
	h := newHarness(t, func(c *discord.Config) { c.GuildIDs = []string{"111", "222"} })
	if err := h.adapter.Register(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, g := range []string{"111", "222"} {
		if n := len(h.fake.Calls("PUT", "/api/v9/applications/app/guilds/"+g+"/commands")); n != 1 {
			t.Errorf("guild %s: %d overwrites", g, n)
		}
	}
	if n := len(h.fake.Calls("PUT", "/api/v9/applications/app/commands")); n != 0 {
		t.Errorf("registered globally too")
	}
}

func TestMemberCannotSchedule(t *testing.T) {
	h := newHarness(t)
	resp := h.command(member, "schedule", discordtest.Option{Name: "time", Type: 3, Value: "09:00"})
	if !ephemeral(resp) || !strings.Contains(content(resp), "Only moderators") {
		t.Fatalf("member schedule: %v", resp)
	}
	if h.schedule() != nil {
		t.Fatal("a member's schedule was stored")
	}
	resp = h.command(admin, "schedule", discordtest.Option{Name: "time", Type: 3, Value: "09:00"},
		discordtest.Option{Name: "zone", Type: 3, Value: "Europe/Berlin"}, discordtest.Option{Name: "days", Type: 3, Value: "mon-fri"})
	if !strings.Contains(content(resp), "Scheduled: a question at 09:00 Europe/Berlin, mon-fri") {
		t.Fatalf("admin schedule: %v", content(resp))
	}
	// A role on the mods list makes its holders moderators.
	h.command(admin, "mods", discordtest.Option{Name: "action", Type: 3, Value: "add"}, discordtest.Option{Name: "who", Type: 9, Value: "777"})
	code, resp := h.send(discordtest.Command("g1", "c1", admin, "mods", []discordtest.Option{{Name: "action", Type: 3, Value: "add"}, {Name: "who", Type: 9, Value: "777"}}, "777"))
	if code != 200 || !strings.Contains(content(resp), "can now moderate") {
		t.Fatalf("mods add role: %v", resp)
	}
	tutor := discordtest.Member{ID: "300", Name: "Tutor", Roles: []string{"777"}}
	if c := content(h.command(tutor, "unschedule")); !strings.Contains(c, "Daily posts stopped") {
		t.Fatalf("role moderator: %s", c)
	}
}

// TestDailyQuestionOnDiscord: a moderator posts, 20 members click at once, each twice (40 clicks), the next
// post reveals and closes the card, and the leaderboard reflects it all.
func TestDailyQuestionOnDiscord(t *testing.T) {
	h := newHarness(t)
	resp := h.command(moderator, "post")
	if !ephemeral(resp) || !strings.Contains(content(resp), "Posted a new question") {
		t.Fatalf("post: %v", resp)
	}
	posts := h.fake.Calls("POST", "/api/v9/channels/c1/messages")
	if len(posts) != 1 {
		t.Fatalf("%d messages posted, want 1", len(posts))
	}
	card := posts[0].JSON()
	embed := card["embeds"].([]any)[0].(map[string]any)
	if !strings.HasPrefix(embed["title"].(string), "Question of the day · ") || !strings.Contains(embed["description"].(string), "**A)**") {
		t.Fatalf("card embed: %v", embed)
	}
	ids := h.fake.CardButtons("c1", 0)
	if len(ids) != 4 {
		t.Fatalf("%d buttons, want 4", len(ids))
	}
	if !strings.HasPrefix(ids[0], "sb:answer:") || !strings.HasSuffix(ids[1], ":B") {
		t.Fatalf("custom ids %v", ids)
	}
	p, err := h.db.OpenPost(context.Background(), bot.ChannelRef{Platform: "discord", GroupID: "g1", ChannelID: "c1"})
	if err != nil {
		t.Fatal(err)
	}
	cardID := p.MessageID
	q := map[string]int{"r1": 2, "s1": 2}[p.QuestionID]

	var wg sync.WaitGroup
	type click struct {
		code int
		resp map[string]any
	}
	results := make(chan click, 40)
	for i := 0; i < 40; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			m := discordtest.Member{ID: fmt.Sprint(5000 + i/2), Name: fmt.Sprintf("Member %d", i/2)}
			code, resp := h.send(discordtest.Click("g1", "c1", m, ids[i%4], cardID))
			results <- click{code, resp}
		}(i)
	}
	wg.Wait()
	close(results)
	graded, already := 0, 0
	for r := range results {
		if r.code != 200 || r.resp["type"] != float64(4) || !ephemeral(r.resp) {
			t.Fatalf("click answered %d %v (want an immediate ephemeral message)", r.code, r.resp)
		}
		c := content(r.resp)
		switch {
		case strings.Contains(c, "You already answered"):
			already++
		case strings.Contains(c, "Correct!") || strings.Contains(c, "Not quite"):
			graded++
		default:
			t.Fatalf("click reply %q", c)
		}
	}
	counts, _ := h.db.AnswerCounts(context.Background(), p.ID, 4)
	total := counts[0] + counts[1] + counts[2] + counts[3]
	if graded != 20 || already != 20 || total != 20 {
		t.Fatalf("graded %d, already %d, stored %d; want 20/20/20", graded, already, total)
	}

	// The next post reveals the answer and closes the original card.
	h.now = h.now.Add(time.Hour)
	h.command(moderator, "post")
	posts = slices.DeleteFunc(h.fake.Calls("POST", "/api/v9/channels/c1/messages"), func(c discordtest.Call) bool {
		return strings.HasSuffix(c.Path, "/threads") // the reveal's thread (thread_test.go)
	})
	if len(posts) != 3 {
		t.Fatalf("%d messages after second post, want card, reveal, card", len(posts))
	}
	reveal := posts[1].JSON()["embeds"].([]any)[0].(map[string]any)
	if reveal["title"] != "Reveal" || !strings.Contains(reveal["description"].(string), "20 members answered") ||
		!strings.Contains(reveal["description"].(string), fmt.Sprintf("Answer: %s)", quiz.Letter(q))) {
		t.Fatalf("reveal: %v", reveal)
	}
	edits := h.fake.Calls("PATCH", "/api/v9/channels/c1/messages/"+cardID)
	if len(edits) != 1 {
		t.Fatalf("%d edits of the card, want 1", len(edits))
	}
	edit := edits[0].JSON()
	if !strings.Contains(edit["embeds"].([]any)[0].(map[string]any)["title"].(string), "closed") {
		t.Fatalf("edited card not marked closed: %v", edit)
	}
	for _, b := range edit["components"].([]any)[0].(map[string]any)["components"].([]any) {
		if b.(map[string]any)["disabled"] != true {
			t.Fatalf("button still enabled after close: %v", b)
		}
	}
	// A click on the old card.
	_, resp = h.send(discordtest.Click("g1", "c1", member, ids[0], cardID))
	if !strings.Contains(content(resp), "This question is closed") {
		t.Fatalf("click on closed card: %v", content(resp))
	}

	resp = h.command(member, "leaderboard", discordtest.Option{Name: "period", Type: 3, Value: "all"})
	c := content(resp)
	if !strings.Contains(c, "Leaderboard · All time") || !strings.Contains(c, "Member") || !strings.Contains(c, "```") {
		t.Fatalf("leaderboard: %s", c)
	}
	if strings.Contains(h.logs.String(), token) {
		t.Fatal("the bot token appears in the logs")
	}
}

// TestScheduleWarnsWhenTheBotCannotPostThere: scheduling in a channel where the bot lacks a permission the
// card needs says which ones at once, rather than the first scheduled post failing silently.
func TestScheduleWarnsWhenTheBotCannotPostThere(t *testing.T) {
	h := newHarness(t)
	schedule := []discordtest.Option{{Name: "time", Type: 3, Value: "09:00"}}
	_, resp := h.send(discordtest.Command("g1", "c1", moderator, "schedule", schedule))
	if c := content(resp); !strings.Contains(c, "09:00") || strings.Contains(c, "cannot post") {
		t.Fatalf("schedule with every permission: %s", c)
	}
	viewOnly := int64(discordgo.PermissionViewChannel | discordgo.PermissionReadMessageHistory)
	_, resp = h.send(discordtest.WithAppPermissions(discordtest.Command("g1", "c2", moderator, "schedule", schedule), viewOnly))
	c := content(resp)
	if !strings.Contains(c, "09:00") || !strings.Contains(c, "cannot post in this channel yet: it lacks Send Messages, Embed Links here") {
		t.Fatalf("schedule where the bot cannot post: %s", c)
	}
	ch, err := h.db.Channel(context.Background(), bot.ChannelRef{Platform: "discord", GroupID: "g1", ChannelID: "c2"})
	if err != nil || ch.Schedule == nil {
		t.Fatalf("the schedule was not stored (%v)", err)
	}
}

func TestRateLimitIsWaitedOut(t *testing.T) {
	h := newHarness(t)
	h.fake.RateLimit("/api/v9/channels/c1/messages", 1, 0.25)
	resp := h.command(moderator, "post")
	if !strings.Contains(content(resp), "Posted a new question") {
		t.Fatalf("post after 429: %s", content(resp))
	}
	if n := len(h.fake.Calls("POST", "/api/v9/channels/c1/messages")); n != 2 {
		t.Fatalf("%d tries, want 2 (the 429, then success)", n)
	}
	if w := h.sleeps.Waits(); len(w) != 1 || w[0] != 250*time.Millisecond {
		t.Fatalf("waits %v, want one of 250ms (the retry_after)", w)
	}
	// A 5xx on a message create is not retried in the request (Discord may have made the message): the
	// outbox tries again later, with the same nonce, and the channel's later messages wait their turn.
	h.fake.Fail("/api/v9/channels/c1/messages", 12, http.StatusBadGateway, `{"message": "bad gateway"}`, nil)
	h.now = h.now.Add(time.Minute)
	resp = h.command(moderator, "post")
	if !strings.Contains(content(resp), "did not take the message yet; I will keep trying") {
		t.Fatalf("post after a 502: %s", content(resp))
	}
	if n := len(h.fake.Calls("POST", "/api/v9/channels/c1/messages")); n != 3 {
		t.Fatalf("%d creates in all, want 3 (2 before, then the reveal once)", n)
	}
	if strings.Contains(h.logs.String(), token) {
		t.Fatal("the bot token appears in the logs")
	}
}

// TestCreateThatFailedAfterDiscordMadeItIsNotDoubled: Discord makes the message and then the request fails
// (a 502 on the way back). The retry carries the same nonce with enforce_nonce, so Discord returns the
// message it made: the channel shows the question once, and its id is recorded.
func TestCreateThatFailedAfterDiscordMadeItIsNotDoubled(t *testing.T) {
	h := newHarness(t)
	h.fake.FailAfterCreate("c1", 1)
	if c := content(h.command(moderator, "post")); !strings.Contains(c, "did not take the message yet") {
		t.Fatalf("post: %s", c)
	}
	h.now = h.now.Add(2 * time.Second)
	if err := h.bot.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	creates := h.fake.Calls("POST", "/api/v9/channels/c1/messages")
	msgs := h.fake.Messages("c1")
	if len(creates) != 2 || len(msgs) != 1 {
		t.Fatalf("%d creates sent, %d messages in the channel; want 2 and 1", len(creates), len(msgs))
	}
	for _, c := range creates {
		if body := c.JSON(); body["nonce"] != msgs[0].Nonce || body["enforce_nonce"] != true {
			t.Fatalf("create without the message's nonce: %v", body)
		}
	}
	p, err := h.db.OpenPost(context.Background(), bot.ChannelRef{Platform: "discord", GroupID: "g1", ChannelID: "c1"})
	if err != nil || p.MessageID != msgs[0].ID {
		t.Fatalf("recorded message %q (%v), want %q", p.MessageID, err, msgs[0].ID)
	}
}

// TestRetryPastTheNonceWindowIsNotDoubled: Discord keeps an enforced nonce only for a few minutes. The
// first create is made and its answer lost, the retries fail until the window has passed, and the next
// retry succeeds: the channel shows the question once (the retry finds it among the channel's messages,
// which do not carry the nonce), and its id is recorded.
func TestRetryPastTheNonceWindowIsNotDoubled(t *testing.T) {
	h := newHarness(t)
	h.fake.SetClock(func() time.Time { return h.now })
	h.fake.ForgetNonces(5 * time.Minute)
	h.fake.FailAfterCreate("c1", 1)
	if c := content(h.command(moderator, "post")); !strings.Contains(c, "did not take the message yet") {
		t.Fatalf("post: %s", c)
	}
	h.now = h.now.Add(10 * time.Minute)
	h.fake.Fail("/api/v9/channels/c1/messages", 1, http.StatusBadGateway, `{"message": "bad gateway", "code": 0}`, nil)
	if err := h.bot.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	h.now = h.now.Add(time.Minute)
	if err := h.bot.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	msgs := h.fake.Messages("c1")
	if len(msgs) != 1 {
		t.Fatalf("%d messages in the channel, want 1", len(msgs))
	}
	p, err := h.db.OpenPost(context.Background(), bot.ChannelRef{Platform: "discord", GroupID: "g1", ChannelID: "c1"})
	if err != nil || p.MessageID != msgs[0].ID {
		t.Fatalf("recorded message %q (%v), want %q", p.MessageID, err, msgs[0].ID)
	}
}

func TestMissingAccessDoesNotStopOtherChannels(t *testing.T) {
	h := newHarness(t)
	h.fake.Forbid("c-locked")
	ctx := context.Background()
	for _, ch := range []string{"c-locked", "c-open"} {
		h.send(discordtest.Command("g1", ch, moderator, "schedule", []discordtest.Option{{Name: "time", Type: 3, Value: "14:00"}}))
	}
	if err := h.bot.Tick(ctx); err != nil {
		t.Fatal(err)
	}
	if err := h.bot.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if n := len(h.fake.Calls("POST", "/api/v9/channels/c-open/messages")); n != 1 {
		t.Fatalf("open channel got %d posts, want 1", n)
	}
	logs := h.logText()
	if !strings.Contains(logs, "delivery failed for good") || !strings.Contains(logs, "c-locked") || !strings.Contains(logs, "Missing Access") {
		t.Fatalf("failure not logged with its channel:\n%s", logs)
	}
	// The first moderator command in that channel says what to fix, once; members are not told.
	locked := func(m discordtest.Member, sub string) string {
		_, resp := h.send(discordtest.Command("g1", "c-locked", m, sub, nil))
		return content(resp)
	}
	if c := locked(member, "help"); strings.Contains(c, "Heads up") {
		t.Fatalf("a member was told about the channel's permissions: %s", c)
	}
	c := locked(moderator, "domains")
	if !strings.Contains(c, "could not post the daily question in this channel") || !strings.Contains(c, "View Channel, Send Messages and Embed Links") {
		t.Fatalf("moderator not told what to fix: %s", c)
	}
	if c := locked(moderator, "domains"); strings.Contains(c, "Heads up") {
		t.Fatalf("the notice repeats: %s", c)
	}
	if c := locked(moderator, "post"); !strings.Contains(c, "did not accept the message") || !strings.Contains(c, "Embed Links") {
		t.Fatalf("/study post in the locked channel: %s", c)
	}
}

func TestGatewayUsesTheSamePath(t *testing.T) {
	h := newHarness(t)
	interaction := decode(t, discordtest.Command("g1", "c1", member, "help", nil))
	h.adapter.HandleGateway(context.Background(), interaction)
	calls := h.fake.Calls("POST", "/api/v9/interactions/"+interaction.ID+"/"+interaction.Token+"/callback")
	if len(calls) != 1 {
		t.Fatalf("%d callbacks, want 1", len(calls))
	}
	body := calls[0].JSON()
	if body["type"] != float64(4) || !strings.Contains(content(body), "/study leaderboard") || !ephemeral(body) {
		t.Fatalf("gateway response: %v", body)
	}
}

// TestGatewayCallbacksReuseConnections answers three bursts of gateway clicks, each through a REST
// callback, and checks the callbacks reuse connections instead of opening (in production: a TLS handshake
// with Discord) one per click.
func TestGatewayCallbacksReuseConnections(t *testing.T) {
	h := newHarness(t)
	if _, resp := h.send(discordtest.Command("g1", "c1", moderator, "post", nil)); !strings.Contains(content(resp), "Posted") {
		t.Fatalf("post: %v", resp)
	}
	button := h.fake.CardButtons("c1", 0)[0]
	const rounds, perRound = 3, 32
	for r := 0; r < rounds; r++ {
		var wg sync.WaitGroup
		for i := 0; i < perRound; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				m := discordtest.Member{ID: fmt.Sprint(5000 + r*perRound + i), Name: "M"}
				h.adapter.HandleGateway(context.Background(), decode(t, discordtest.Click("g1", "c1", m, button, "card")))
			}()
		}
		wg.Wait()
	}
	callbacks := 0
	for _, c := range h.fake.Calls("POST", "/api/v9/interactions/") {
		if strings.HasSuffix(c.Path, "/callback") {
			callbacks++
		}
	}
	if callbacks != rounds*perRound {
		t.Fatalf("%d callbacks, want %d", callbacks, rounds*perRound)
	}
	// At most one connection per callback in flight at once (the first burst), plus one for the post.
	if n := h.fake.Conns(); n > perRound+1 {
		t.Fatalf("%d connections opened for %d callbacks in bursts of %d", n, callbacks, perRound)
	}
}

// slowCore delays the bot, to force a deferred response.
// slowCore is the real core with HandleErr held until delay is closed.
type slowCore struct {
	discord.Core
	delay chan struct{}
}

func (s slowCore) HandleErr(ctx context.Context, cmd bot.Command) (bot.Reply, error) {
	<-s.delay
	return s.Core.HandleErr(ctx, cmd)
}

func TestSlowCommandIsDeferredThenFollowedUp(t *testing.T) {
	h := newHarness(t)
	release := make(chan struct{})
	a, err := discord.New(discord.Config{Token: token, AppID: "app", PublicKey: key.Public, APIBase: h.fake.APIBase(),
		Now: func() time.Time { return h.now }, DeferAfter: time.Millisecond}, slowCore{Core: h.bot, delay: release})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(a)
	defer srv.Close()
	code, resp := h.sendReq(key.Request(srv.URL, discordtest.Command("g1", "c1", member, "faq", nil), h.now))
	if code != 200 || resp["type"] != float64(5) || !ephemeral(resp) {
		t.Fatalf("want a deferred ephemeral response, got %d %v", code, resp)
	}
	close(release)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	a.Close(ctx) // waits for the follow-up
	edits := h.fake.Calls("PATCH", "/api/v9/webhooks/app/")
	if len(edits) != 1 || !strings.HasSuffix(edits[0].Path, "/messages/@original") || !strings.Contains(string(edits[0].Body), "Breach") && !strings.Contains(string(edits[0].Body), "Ask me") {
		t.Fatalf("follow-up edits: %+v", edits)
	}
}

func TestDirectMessagesAreRefused(t *testing.T) {
	h := newHarness(t)
	var i map[string]any
	json.Unmarshal(discordtest.Command("", "dm", member, "help", nil), &i)
	delete(i, "guild_id")
	u := i["member"].(map[string]any)["user"]
	delete(i, "member")
	i["user"] = u
	body, _ := json.Marshal(i)
	_, resp := h.send(body)
	if !strings.Contains(content(resp), "server channels") {
		t.Fatalf("DM: %v", resp)
	}
}

func decode(t *testing.T, raw []byte) *discordgo.Interaction {
	t.Helper()
	i, err := discord.DecodeInteraction(raw)
	if err != nil {
		t.Fatal(err)
	}
	return i
}

// FuzzInteraction sends arbitrary signed bodies through the real endpoint: it must answer every one with
// a status, never panic, and never answer a body that is not an interaction with 200.
func FuzzInteraction(f *testing.F) {
	f.Add(discordtest.Ping())
	f.Add(discordtest.Command("g1", "c1", member, "leaderboard", []discordtest.Option{{Name: "period", Type: 3, Value: "week"}}))
	f.Add(discordtest.Command("g1", "c1", moderator, "mods", []discordtest.Option{{Name: "action", Type: 3, Value: "add"}, {Name: "who", Type: 9, Value: "1"}}, "1"))
	f.Add(discordtest.Click("g1", "c1", member, "sb:answer:1:B", "m"))
	f.Add([]byte(`{"type": 2, "id": "1", "token": "t", "data": {"name": "study", "options": [{"name": "x", "type": 2}]}}`))
	f.Add([]byte(`{"type": 3, "id": "1", "token": "t", "guild_id": "g", "member": {"user": {"id": "u"}}, "data": {"custom_id": "sb::::"}}`))
	f.Add([]byte(`null`))
	h := newHarness(f)
	f.Fuzz(func(t *testing.T, body []byte) {
		rec := httptest.NewRecorder()
		h.adapter.ServeHTTP(rec, key.Request("http://studybot/discord/interactions", body, h.now))
		if rec.Code == 0 {
			t.Fatal("no status")
		}
		if rec.Code == 200 {
			if _, err := discord.DecodeInteraction(body); err != nil {
				t.Fatalf("answered 200 to an undecodable body: %v", err)
			}
		}
	})
}

// BenchmarkClicks64 sends 64 signed button clicks at once through the real endpoint and SQLite file, from 64
// different members, and reports the median and p99 latency; BenchmarkClicks64Floor does the same against
// a handler that only verifies the signature and answers.
func BenchmarkClicks64(b *testing.B) {
	h := newHarness(b)
	h.now = time.Now()
	_, resp := h.send(discordtest.Command("g1", "c1", moderator, "post", nil))
	if !strings.Contains(content(resp), "Posted") {
		b.Fatalf("post: %v", resp)
	}
	button := h.fake.CardButtons("c1", 0)[0]
	member := 0
	benchClicks(b, h.srv.URL, func() []byte {
		member++
		return discordtest.Click("g1", "c1", discordtest.Member{ID: fmt.Sprint(1_000_000 + member), Name: "M"}, button, "card")
	})
}

func BenchmarkClicks64Floor(b *testing.B) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !discordgo.VerifyInteraction(r, key.Public) {
			http.Error(w, "bad signature", http.StatusUnauthorized)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"type":4,"data":{"content":"Correct!","flags":64}}`)
	}))
	defer srv.Close()
	benchClicks(b, srv.URL, func() []byte {
		return discordtest.Click("g1", "c1", discordtest.Member{ID: "1", Name: "M"}, "sb:answer:1:A", "card")
	})
}

func benchClicks(b *testing.B, url string, next func() []byte) {
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 128}}
	var all []time.Duration
	for b.Loop() {
		reqs := make([]*http.Request, 64)
		for i := range reqs {
			reqs[i] = key.Request(url, next(), time.Now())
		}
		lat := make([]time.Duration, 64)
		var wg sync.WaitGroup
		for i, req := range reqs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				start := time.Now()
				resp, err := client.Do(req)
				if err != nil || resp.StatusCode != 200 {
					b.Errorf("click: %v", err)
					return
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				lat[i] = time.Since(start)
			}()
		}
		wg.Wait()
		all = append(all, lat...)
	}
	slices.Sort(all)
	b.ReportMetric(float64(all[len(all)/2].Microseconds())/1000, "median-ms")
	b.ReportMetric(float64(all[len(all)*99/100].Microseconds())/1000, "p99-ms")
}

// TestGatewayDeliversInteractions connects the adapter to the fake's gateway websocket, as `serve` does
// with DISCORD_GATEWAY=true, and sends interactions as INTERACTION_CREATE dispatches: a moderator's post,
// a member's click and a second click, answered through the REST callback. After the connection drops,
// the adapter reconnects by itself and later clicks are still answered.
func TestGatewayDeliversInteractions(t *testing.T) {
	h := newHarness(t)
	ready := h.fake.GatewayReady()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := h.adapter.Open(ctx); err != nil {
		t.Fatal(err)
	}
	defer h.adapter.Close(ctx)
	<-ready
	ids := h.fake.Identifies()
	if len(ids) != 1 || ids[0].Op != 2 || ids[0].Token != "Bot "+token || ids[0].Intents != int(discordgo.IntentsGuilds) {
		t.Fatalf("identify: %+v", ids)
	}

	// dispatch sends an interaction over the gateway and returns the callback the adapter made for it.
	dispatch := func(raw []byte) map[string]any {
		t.Helper()
		resp, err := h.fake.Interact(raw, 10*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		return resp
	}

	resp := dispatch(discordtest.Command("g1", "c1", moderator, "post", nil))
	if !ephemeral(resp) || !strings.Contains(content(resp), "Posted a new question") {
		t.Fatalf("post over the gateway: %v", resp)
	}
	buttons := h.fake.CardButtons("c1", 0)
	if len(buttons) != 4 {
		t.Fatalf("card buttons %v", buttons)
	}
	resp = dispatch(discordtest.Click("g1", "c1", member, buttons[2], "card"))
	if c := content(resp); !ephemeral(resp) || !strings.Contains(c, "Correct!") || !strings.Contains(c, "points") {
		t.Fatalf("click over the gateway: %v", resp)
	}
	resp = dispatch(discordtest.Click("g1", "c1", member, buttons[0], "card"))
	if !strings.Contains(content(resp), "You already answered C") {
		t.Fatalf("second click over the gateway: %v", content(resp))
	}

	// The connection drops while Discord refuses new ones: the adapter says it is reconnecting. When
	// Discord takes connections again, discordgo resumes the session and interactions keep coming.
	if st := h.adapter.GatewayState(); st != "ok" {
		t.Fatalf("gateway state %q while connected", st)
	}
	h.fake.RefuseGateway(true)
	h.fake.DropGateway()
	if n := len(h.fake.WaitCalls("GET", "/gateway", 2, 10*time.Second)); n < 2 {
		t.Fatal("the adapter did not try to reconnect")
	}
	if st := h.adapter.GatewayState(); st != "reconnecting" || !strings.Contains(h.logText(), "discord gateway disconnected; reconnecting") {
		t.Fatalf("gateway state %q after the drop; logs:\n%s", st, h.logText())
	}
	ready = h.fake.GatewayReady()
	h.fake.RefuseGateway(false)
	select {
	case <-ready:
	case <-ctx.Done():
		t.Fatal("the adapter did not reconnect to the gateway")
	}
	if ids := h.fake.Identifies(); len(ids) != 2 || ids[1].Op != 6 || ids[1].SessionID != "session-1" || ids[1].Sequence < 4 {
		t.Fatalf("after the drop: %+v, want a resume of session-1 from sequence 4", ids)
	}
	other := discordtest.Member{ID: "201", Name: "Bea"}
	resp = dispatch(discordtest.Click("g1", "c1", other, buttons[1], "card"))
	if !strings.Contains(content(resp), "Not quite") {
		t.Fatalf("click after reconnecting: %v", content(resp))
	}
	if st := h.adapter.GatewayState(); st != "ok" || !strings.Contains(h.logText(), "discord gateway reconnected") {
		t.Fatalf("gateway state %q after reconnecting", st)
	}
	counts, err := h.db.AnswerCounts(ctx, mustOpenPost(t, h).ID, 4)
	if err != nil {
		t.Fatal(err)
	}
	if counts[0]+counts[1]+counts[2]+counts[3] != 2 {
		t.Fatalf("answers stored %v, want 2", counts)
	}
	if strings.Contains(h.logText(), token) {
		t.Fatal("the bot token appears in the logs")
	}
}

func mustOpenPost(t *testing.T, h *harness) bot.Post {
	t.Helper()
	p, err := h.db.OpenPost(context.Background(), bot.ChannelRef{Platform: "discord", GroupID: "g1", ChannelID: "c1"})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func recapReply() bot.Reply {
	c := bot.AccuracyChart([]bot.DomainAccuracy{
		{ID: "regulatory", Name: "Regulatory Requirements", Week: bot.DomainStats{Answered: 4, Correct: 3}, All: bot.DomainStats{Answered: 9, Correct: 5}},
		{ID: "security", Name: "Security", Week: bot.DomainStats{Answered: 2, Correct: 0}, All: bot.DomainStats{Answered: 7, Correct: 3}},
	}, "recap-w2026-03-02.png")
	return bot.Reply{Text: "Weekly recap · week of Mon 2 Mar 2026\nParticipation: 3 members answered 6 daily questions.",
		Table: &bot.Table{Title: "Top 5 this week", Columns: []string{"#", "Member", "Points"}, Rows: [][]string{{"1", "Alice", "30"}}},
		Chart: &c}
}

// TestRecapChartIsAnAttachmentOfTheCreate: a recap is one multipart create, payload_json with the nonce and
// the PNG as files[0], named with the message's key; a create that Discord made but answered with an error is retried with the same nonce
// and leaves one message with one image.
func TestRecapChartIsAnAttachmentOfTheCreate(t *testing.T) {
	h := newHarness(t)
	ch := bot.ChannelRef{Platform: "discord", GroupID: "g1", ChannelID: "c1"}
	h.fake.FailAfterCreate("c1", 1)
	send := bot.Send{Key: "sbk1", Since: h.now}
	if _, err := h.adapter.Post(context.Background(), ch, recapReply(), send); err == nil {
		t.Fatal("the failed create must fail the attempt")
	}
	send.MaybeSent = true
	id, err := h.adapter.Post(context.Background(), ch, recapReply(), send)
	if err != nil {
		t.Fatal(err)
	}
	creates := h.fake.Calls("POST", "/api/v9/channels/c1/messages")
	msgs := h.fake.Messages("c1")
	if len(creates) != 2 || len(msgs) != 1 || msgs[0].ID != id {
		t.Fatalf("%d creates, %d messages (%v), want 2 and 1", len(creates), len(msgs), msgs)
	}
	for _, c := range creates {
		body := c.JSON()
		if body["nonce"] != "sbk1" || body["enforce_nonce"] != true || !strings.Contains(body["content"].(string), "Weekly recap") {
			t.Fatalf("payload_json %v", body)
		}
		atts, _ := body["attachments"].([]any)
		if len(atts) != 1 || atts[0].(map[string]any)["filename"] != "recap-w2026-03-02.sbk1.png" {
			t.Fatalf("attachments %v", body["attachments"])
		}
		f, ok := c.Files["files[0]"]
		if !ok || f.Name != "recap-w2026-03-02.sbk1.png" || f.ContentType != "image/png" {
			t.Fatalf("files %+v", c.Files)
		}
		img, err := png.Decode(bytes.NewReader(f.Data))
		if err != nil || img.Bounds().Dx() != 800 {
			t.Fatalf("attached PNG: %v", err)
		}
	}
	if len(msgs[0].Files) != 1 {
		t.Fatalf("the message has %d files", len(msgs[0].Files))
	}
}

// recapMadeAndLostPastTheNonceWindow posts a recap whose create Discord made but whose answer was lost, on a
// fake that forgets nonces after 5 minutes, and moves the clock 10 minutes on: the retry is past the window.
func recapMadeAndLostPastTheNonceWindow(t *testing.T) (*harness, bot.ChannelRef, bot.Send) {
	t.Helper()
	h := newHarness(t)
	h.fake.SetClock(func() time.Time { return h.now })
	h.fake.ForgetNonces(5 * time.Minute)
	ch := bot.ChannelRef{Platform: "discord", GroupID: "g1", ChannelID: "c1"}
	h.fake.FailAfterCreate("c1", 1)
	send := bot.Send{Key: "sbk1", Since: h.now}
	if _, err := h.adapter.Post(context.Background(), ch, recapReply(), send); err == nil {
		t.Fatal("the failed create must fail the attempt")
	}
	h.now = h.now.Add(10 * time.Minute)
	return h, ch, send
}

// TestRetryPastTheNonceWindowFindsTheRecapByItsChart: a recap has no embed to carry its key; past the
// nonce window, the retry finds the message Discord made by its chart's file name.
func TestRetryPastTheNonceWindowFindsTheRecapByItsChart(t *testing.T) {
	h, ch, send := recapMadeAndLostPastTheNonceWindow(t)
	send.MaybeSent, send.Age = true, 10*time.Minute
	id, err := h.adapter.Post(context.Background(), ch, recapReply(), send)
	if err != nil {
		t.Fatal(err)
	}
	if msgs := h.fake.Messages("c1"); len(msgs) != 1 || msgs[0].ID != id {
		t.Fatalf("%d messages in the channel, want 1, the one found (%s)", len(msgs), id)
	}
}

// TestRetryPastTheNonceWindowWithoutHistoryIsNotSentAgain: when Discord does not let the bot read the
// channel's messages, a retry past the nonce window cannot check, so it does not send the message again,
// and it fails for good with what to give the bot.
func TestRetryPastTheNonceWindowWithoutHistoryIsNotSentAgain(t *testing.T) {
	h, ch, send := recapMadeAndLostPastTheNonceWindow(t)
	h.fake.Fail("/api/v9/channels/c1/messages", 1, http.StatusForbidden, `{"message": "Missing Access", "code": 50001}`, nil)
	send.MaybeSent, send.Age = true, 10*time.Minute
	_, err := h.adapter.Post(context.Background(), ch, recapReply(), send)
	if bot.ErrorCode(err) != bot.EFORBIDDEN || !strings.Contains(err.Error(), "Read Message History") {
		t.Fatalf("retry without history: %v", err)
	}
	if n := len(h.fake.Messages("c1")); n != 1 {
		t.Fatalf("%d messages, want 1", n)
	}
}

// TestWeeklyRecapOnDiscord runs the scheduler on Discord's fake with a moved clock across a week and a
// restart: the week's recap is one message with its chart attached.
func TestWeeklyRecapOnDiscord(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	ch := bot.ChannelRef{Platform: "discord", GroupID: "g1", ChannelID: "c1"}
	mod := bot.User{ID: "mod", Name: "Mo", Admin: true}
	run := func(b *bot.Bot, at time.Time) {
		t.Helper()
		h.now = at
		if err := b.Tick(ctx); err != nil {
			t.Fatal(err)
		}
		if err := b.Flush(ctx); err != nil {
			t.Fatal(err)
		}
	}
	h.now = time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	handled(h.bot.HandleErr(ctx, bot.Command{Channel: ch, User: mod, Name: "schedule", Args: []string{"09:00", "UTC", "mon-fri"}}))
	for d := 2; d <= 6; d++ {
		run(h.bot, time.Date(2026, 3, d, 9, 0, 0, 0, time.UTC))
		p, err := h.db.OpenPost(ctx, ch)
		if err != nil {
			t.Fatal(err)
		}
		for _, u := range []string{"u1", "u2"} {
			handled(h.bot.HandleErr(ctx, bot.Command{Channel: ch, User: bot.User{ID: u, Name: "Member " + u}, Name: "answer", Args: []string{fmt.Sprint(p.ID), "C"}, Click: true}))
		}
	}
	recaps := func() (n int) {
		for _, m := range h.fake.Messages("c1") {
			if len(m.Files) > 0 {
				n++
			}
		}
		return n
	}
	if n := recaps(); n != 0 {
		t.Fatalf("%d recaps during the week", n)
	}
	run(h.bot, time.Date(2026, 3, 9, 9, 0, 0, 0, time.UTC))
	// A restart: a new core on the same database, the same Discord.
	b2, err := bot.New(bot.Config{Store: h.db, Pack: h.bot.Pack(), Clock: bot.ClockFunc(func() time.Time { return h.now })})
	if err != nil {
		t.Fatal(err)
	}
	b2.SetChat(bot.PlatformDiscord, h.adapter)
	run(b2, time.Date(2026, 3, 9, 11, 0, 0, 0, time.UTC))
	run(b2, time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC))
	if n := recaps(); n != 1 {
		t.Fatalf("%d recaps after the week, a restart and another day, want 1", n)
	}
}

// handled is the reply of a command run through the core's one entry point, whatever its error: the reply
// already says what went wrong, as members see it.
func handled(r bot.Reply, _ error) bot.Reply { return r }
