package slack_test

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
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	slackad "github.com/studybot/studybot/adapters/slack"
	"github.com/studybot/studybot/adapters/slack/slacktest"
	"github.com/studybot/studybot/bot"
	"github.com/studybot/studybot/data/library"
	"github.com/studybot/studybot/data/sqlite"
	"github.com/studybot/studybot/internal/fakeapi"
	"github.com/studybot/studybot/quiz"
)

const (
	secret   = "test-signing-secret"
	botToken = "xoxb-test-SECRET-token"
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
faq:
  - id: hit-retired
    question: Is the CompTIA Healthcare IT certificate still offered?
    also: [can I still take HIT-001, is the exam discontinued, did comptia retire it]
    answer: No. CompTIA retired the exam in 2017.
faq_asks:
  - {q: "is the healthcare it cert gone now", want: hit-retired}
  - {q: "can i still book the comptia healthcare exam", want: hit-retired}
  - {q: "whats the pass mark for security+", want: none}
`

type harness struct {
	t       testing.TB
	fake    *slacktest.Server
	db      *sqlite.DB
	bot     *bot.Bot
	adapter *slackad.Adapter
	srv     *httptest.Server
	now     time.Time
	logs    *bytes.Buffer
	mu      sync.Mutex
	sleeps  fakeapi.Sleeps
}

type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

func newHarness(t testing.TB, mutate ...func(*slackad.Config)) *harness {
	t.Helper()
	h := &harness{t: t, fake: slacktest.NewServer(), now: time.Date(2026, 3, 2, 14, 30, 0, 0, time.UTC), logs: &bytes.Buffer{}}
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
	logger := slog.New(slog.NewJSONHandler(lockedWriter{&h.mu, h.logs}, &slog.HandlerOptions{Level: slog.LevelDebug}))
	h.bot, _ = bot.New(bot.Config{Store: db, Pack: pack, Library: library.New(db), Clock: bot.ClockFunc(func() time.Time { return h.now }), Logger: logger})
	cfg := slackad.Config{BotToken: botToken, SigningSecret: secret, APIURL: h.fake.APIURL(), Logger: logger,
		Sleep: h.sleeps.Sleep}
	for _, m := range mutate {
		m(&cfg)
	}
	h.adapter, err = slackad.New(cfg, h.bot)
	if err != nil {
		t.Fatal(err)
	}
	h.bot.SetChat(bot.PlatformSlack, h.adapter)
	mux := http.NewServeMux()
	mux.HandleFunc("POST /slack/commands", h.adapter.Commands)
	mux.HandleFunc("POST /slack/interactions", h.adapter.Interactions)
	mux.HandleFunc("POST /slack/events", h.adapter.Events)
	h.srv = httptest.NewServer(mux)
	t.Cleanup(h.srv.Close)
	h.fake.SetAdmin("UADMIN")
	return h
}

func (h *harness) do(req *http.Request) (int, []byte) {
	h.t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

// slash runs "/study text" as user and returns the immediate response.
func (h *harness) slash(user, text string) map[string]any {
	h.t.Helper()
	body := slacktest.SlashCommand("T1", "C1", user, strings.ToLower(user), text, h.fake.Hook("cmd-"+user))
	code, b := h.do(slacktest.Request(h.srv.URL+"/slack/commands", "application/x-www-form-urlencoded", secret, body, time.Now()))
	if code != 200 {
		h.t.Fatalf("/study %s: HTTP %d %s", text, code, b)
	}
	var m map[string]any
	json.Unmarshal(b, &m)
	return m
}

func (h *harness) click(user, actionID, hook string) int {
	h.t.Helper()
	body := slacktest.BlockActions("T1", "C1", user, actionID, h.fake.Hook(hook), "1772000001.000001")
	code, _ := h.do(slacktest.Request(h.srv.URL+"/slack/interactions", "application/x-www-form-urlencoded", secret, body, time.Now()))
	return code
}

func (h *harness) wait() {
	// A ceiling, not a pause: a FAQ's first ask trains it, which takes seconds under -race on a busy machine.
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	h.adapter.Idle(ctx)
}

// text flattens a message's fallback text and every section's text.
func text(m map[string]any) string {
	s, _ := m["text"].(string)
	blocks, _ := m["blocks"].([]any)
	for _, b := range blocks {
		if t, ok := b.(map[string]any)["text"].(map[string]any); ok {
			s += "\n" + t["text"].(string)
		}
	}
	return s
}

// hookReplies returns the bodies posted to one response_url.
func (h *harness) hookReplies(name string) []map[string]any {
	var out []map[string]any
	for _, c := range h.fake.Calls("hook") {
		if strings.HasSuffix(c.Path, "/"+name) {
			out = append(out, c.JSON())
		}
	}
	return out
}

func (h *harness) schedule() *bot.Schedule {
	ch, _ := h.db.Channel(context.Background(), bot.ChannelRef{Platform: "slack", GroupID: "T1", ChannelID: "C1"})
	return ch.Schedule
}

func TestSignaturesAreChecked(t *testing.T) {
	h := newHarness(t)
	body := slacktest.SlashCommand("T1", "C1", "UADMIN", "admin", "schedule 08:30 America/Chicago mon-fri", h.fake.Hook("x"))
	form := "application/x-www-form-urlencoded"
	good := func() *http.Request {
		return slacktest.Request(h.srv.URL+"/slack/commands", form, secret, body, time.Now())
	}
	bad := good()
	bad.Header.Set("X-Slack-Signature", "v0=0000000000000000000000000000000000000000000000000000000000000000")
	missing := good()
	missing.Header.Del("X-Slack-Signature")
	noTS := good()
	noTS.Header.Del("X-Slack-Request-Timestamp")
	stale := slacktest.Request(h.srv.URL+"/slack/commands", form, secret, body, time.Now().Add(-10*time.Minute))
	wrongSecret := slacktest.Request(h.srv.URL+"/slack/commands", form, "other-secret", body, time.Now())
	for name, req := range map[string]*http.Request{"bad": bad, "missing": missing, "no timestamp": noTS, "stale": stale, "wrong secret": wrongSecret} {
		if code, _ := h.do(req); code != http.StatusUnauthorized {
			t.Errorf("%s signature: HTTP %d, want 401", name, code)
		}
	}
	for _, path := range []string{"/slack/interactions", "/slack/events"} {
		req := slacktest.Request(h.srv.URL+path, form, "other-secret", []byte(`{"type":"url_verification","challenge":"x"}`), time.Now())
		if code, _ := h.do(req); code != http.StatusUnauthorized {
			t.Errorf("%s with a bad signature: HTTP %d", path, code)
		}
	}
	if h.schedule() != nil || len(h.fake.Calls("")) != 0 {
		t.Fatalf("a rejected request changed something: schedule %v, calls %d", h.schedule(), len(h.fake.Calls("")))
	}
	if code, _ := h.do(good()); code != 200 || h.schedule() == nil {
		t.Fatalf("good request: %d, schedule %v", code, h.schedule())
	}
}

func TestURLVerification(t *testing.T) {
	h := newHarness(t)
	body := []byte(`{"token":"x","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","type":"url_verification"}`)
	code, b := h.do(slacktest.Request(h.srv.URL+"/slack/events", "application/json", secret, body, time.Now()))
	if code != 200 || string(b) != "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" {
		t.Fatalf("challenge: %d %q", code, b)
	}
}

func TestNonAdminCannotSchedule(t *testing.T) {
	h := newHarness(t)
	m := h.slash("UMEMBER", "schedule 08:30 America/Chicago mon-fri")
	if m["response_type"] != "ephemeral" || !strings.Contains(text(m), "Only moderators can use /study schedule. Moderators here are workspace admins and owners") ||
		strings.Contains(text(m), "Manage Server") {
		t.Fatalf("member schedule: %v", m)
	}
	if h.schedule() != nil {
		t.Fatal("a member's schedule was stored")
	}
	m = h.slash("UADMIN", "schedule 08:30 America/Chicago mon-fri")
	if !strings.Contains(text(m), "Scheduled: a question at 08:30 America/Chicago, mon-fri") {
		t.Fatalf("admin schedule: %s", text(m))
	}
	// users.info answers are cached: a second moderator command asks Slack no more.
	h.slash("UADMIN", "unschedule")
	infos := 0
	for _, c := range h.fake.Calls("users.info") {
		if c.Form.Get("user") == "UADMIN" {
			infos++
		}
	}
	if infos != 1 {
		t.Fatalf("users.info called %d times for the admin, want 1 (cached)", infos)
	}
	// Clicks and member commands do not ask users.info at all.
	before := len(h.fake.Calls("users.info"))
	h.slash("UMEMBER", "leaderboard")
	if len(h.fake.Calls("users.info")) != before {
		t.Fatal("users.info asked for a command anyone may use")
	}
}

// TestFailedAdminLookupIsNotARefusal: when users.info fails, the member is told the check failed, not
// that they are no moderator, and nothing changes.
func TestFailedAdminLookupIsNotARefusal(t *testing.T) {
	h := newHarness(t)
	h.fake.FailNext("users.info", "internal_error")
	m := h.slash("UADMIN", "schedule 08:30")
	if !strings.Contains(text(m), "I could not check your Slack admin status") || strings.Contains(text(m), "Only moderators") {
		t.Fatalf("failed lookup: %s", text(m))
	}
	if h.schedule() != nil {
		t.Fatal("a schedule was stored without a moderator check")
	}
	if m := h.slash("UADMIN", "schedule 08:30"); !strings.Contains(text(m), "Scheduled: a question at 08:30") {
		t.Fatalf("after Slack answered again: %s", text(m))
	}
}

// TestDailyQuestionOnSlack: an admin posts, 20 members click at once, each twice; the next post reveals and
// updates the card with chat.update.
func TestDailyQuestionOnSlack(t *testing.T) {
	h := newHarness(t)
	m := h.slash("UADMIN", "post")
	if !strings.Contains(text(m), "Posted a new question") {
		t.Fatalf("post: %v", m)
	}
	posts := h.fake.Calls("chat.postMessage")
	if len(posts) != 1 || posts[0].Form.Get("channel") != "C1" {
		t.Fatalf("posts: %+v", posts)
	}
	actionIDs := h.fake.CardActions(0)
	if len(actionIDs) != 4 || !strings.HasPrefix(actionIDs[0], "sb:answer:") {
		t.Fatalf("card actions %v in blocks %s", actionIDs, posts[0].Form.Get("blocks"))
	}
	if !strings.Contains(posts[0].Form.Get("text"), "Question of the day") {
		t.Fatalf("fallback text %q", posts[0].Form.Get("text"))
	}
	if posts[0].Auth != "Bearer "+botToken && posts[0].Form.Get("token") != botToken {
		t.Fatalf("the bot token was not sent: auth %q", posts[0].Auth)
	}

	var wg sync.WaitGroup
	codes := make(chan int, 40)
	for i := 0; i < 40; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			codes <- h.click(fmt.Sprintf("U%03d", i/2), actionIDs[i%4], fmt.Sprintf("click-%d", i))
		}(i)
	}
	wg.Wait()
	close(codes)
	for c := range codes {
		if c != 200 {
			t.Fatalf("click acknowledged with %d", c)
		}
	}
	h.wait()
	graded, already := 0, 0
	for i := 0; i < 40; i++ {
		replies := h.hookReplies(fmt.Sprintf("click-%d", i))
		if len(replies) != 1 || replies[0]["response_type"] != "ephemeral" || replies[0]["replace_original"] != false {
			t.Fatalf("click %d: replies %v", i, replies)
		}
		switch s := text(replies[0]); {
		case strings.Contains(s, "You already answered"):
			already++
		case strings.Contains(s, "Correct!") || strings.Contains(s, "Not quite"):
			graded++
		default:
			t.Fatalf("click %d reply %q", i, s)
		}
	}
	p, _ := h.db.OpenPost(context.Background(), bot.ChannelRef{Platform: "slack", GroupID: "T1", ChannelID: "C1"})
	counts, _ := h.db.AnswerCounts(context.Background(), p.ID, 4)
	if total := counts[0] + counts[1] + counts[2] + counts[3]; graded != 20 || already != 20 || total != 20 {
		t.Fatalf("graded %d, already %d, stored %d; want 20 each", graded, already, total)
	}

	h.now = h.now.Add(time.Hour)
	h.slash("UADMIN", "post")
	posts = slices.DeleteFunc(h.fake.Calls("chat.postMessage"), func(c slacktest.Call) bool {
		return c.Form.Get("thread_ts") != "" // the reveal's thread (thread_test.go)
	})
	if len(posts) != 3 || !strings.Contains(posts[1].Form.Get("text"), "Reveal") || !strings.Contains(posts[1].Form.Get("blocks"), "20 members answered") {
		t.Fatalf("reveal: %+v", posts)
	}
	updates := h.fake.Calls("chat.update")
	if len(updates) != 1 || updates[0].Form.Get("ts") != p.MessageID || strings.Contains(updates[0].Form.Get("blocks"), `"actions"`) ||
		!strings.Contains(updates[0].Form.Get("blocks"), "Closed") {
		t.Fatalf("chat.update: %+v", updates)
	}
	h.click("U000", actionIDs[0], "late")
	h.wait()
	if r := h.hookReplies("late"); len(r) != 1 || !strings.Contains(text(r[0]), "This question is closed") {
		t.Fatalf("late click: %v", r)
	}
	lb := h.slash("U001", "leaderboard all")
	if !strings.Contains(text(lb), "Leaderboard · All time") || !strings.Contains(text(lb), "```") {
		t.Fatalf("leaderboard: %s", text(lb))
	}
	if strings.Contains(h.logs.String(), botToken) {
		t.Fatal("the bot token appears in the logs")
	}
}

// TestRepliesReuseConnections sends three bursts of clicks, each answered through its response_url, and
// checks the replies reuse connections instead of opening (in production: a TLS handshake with Slack) one
// per reply.
func TestRepliesReuseConnections(t *testing.T) {
	h := newHarness(t)
	h.slash("UADMIN", "post")
	actionIDs := h.fake.CardActions(0)
	const rounds, perRound = 3, 32
	for r := 0; r < rounds; r++ {
		var wg sync.WaitGroup
		for i := 0; i < perRound; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				h.click(fmt.Sprintf("U%d", r*perRound+i), actionIDs[i%4], fmt.Sprintf("r%d-%d", r, i))
			}()
		}
		wg.Wait()
		h.wait()
	}
	replies := len(h.fake.Calls("hook"))
	if replies != rounds*perRound {
		t.Fatalf("%d replies, want %d", replies, rounds*perRound)
	}
	// At most one connection per reply in flight at once (the first burst), plus one for the post.
	if n := h.fake.Conns(); n > perRound+1 {
		t.Fatalf("%d connections opened for %d replies in bursts of %d", n, replies, perRound)
	}
}

func TestRetriedEventIsHandledOnce(t *testing.T) {
	h := newHarness(t)
	body := slacktest.MentionJSON("T1", "C1", "U1", "Ev123", "<@UBOT> is the CompTIA Healthcare IT certificate still offered", "1772000000.000100")
	for retry := 0; retry < 3; retry++ {
		req := slacktest.Request(h.srv.URL+"/slack/events", "application/json", secret, body, time.Now())
		if retry > 0 {
			req.Header.Set("X-Slack-Retry-Num", fmt.Sprint(retry))
			req.Header.Set("X-Slack-Retry-Reason", "http_timeout")
		}
		if code, _ := h.do(req); code != 200 {
			t.Fatalf("event delivery %d: HTTP %d", retry, code)
		}
	}
	h.wait()
	replies := h.fake.Calls("chat.postMessage")
	if len(replies) != 1 {
		t.Fatalf("%d replies to one event delivered three times", len(replies))
	}
	if replies[0].Form.Get("thread_ts") != "1772000000.000100" || !strings.Contains(replies[0].Form.Get("text"), "retired the exam in 2017") {
		t.Fatalf("mention reply: %v", replies[0].Form)
	}
}

// TestMentionAnswersFromTheChannelsPack: a mention in a channel whose moderator chose the A+ pack is answered,
// in its thread, from the A+ pack's FAQ; a mention in a channel on the default pack is not.
func TestMentionAnswersFromTheChannelsPack(t *testing.T) {
	h := newHarness(t)
	if m := h.slash("UADMIN", "pack use aplus-core1"); !strings.Contains(fmt.Sprint(m), "aplus-core1") {
		t.Fatalf("/study pack use aplus-core1: %v", m)
	}
	for _, c := range []struct{ channel, event, ts string }{{"C1", "EvAPlus", "1772000000.000300"}, {"C2", "EvDefault", "1772000000.000400"}} {
		body := slacktest.MentionJSON("T1", c.channel, "U1", c.event, "<@UBOT> what does core 2 add", c.ts)
		if code, _ := h.do(slacktest.Request(h.srv.URL+"/slack/events", "application/json", secret, body, time.Now())); code != 200 {
			t.Fatalf("mention in %s: HTTP %d", c.channel, code)
		}
	}
	h.wait()
	replies := map[string]string{}
	for _, c := range h.fake.Calls("chat.postMessage") {
		replies[c.Form.Get("channel")] = c.Form.Get("text")
	}
	if !strings.Contains(replies["C1"], "What does A+ Core 2 add") {
		t.Errorf("mention in the A+ channel: %q", replies["C1"])
	}
	if strings.Contains(replies["C2"], "A+ Core 2") {
		t.Errorf("mention in the default pack's channel answered from the A+ pack: %q", replies["C2"])
	}
}

// TestRateLimitedThenSuccess: a rate-limited post is not waited for in the request; the outbox tries it
// again once the Retry-After has passed, and it is posted once.
func TestRateLimitedThenSuccess(t *testing.T) {
	h := newHarness(t)
	h.fake.FailNext("chat.postMessage", "ratelimited")
	m := h.slash("UADMIN", "post")
	if !strings.Contains(text(m), "did not take the message yet; I will keep trying") {
		t.Fatalf("post when ratelimited: %s", text(m))
	}
	ctx := context.Background()
	h.now = h.now.Add(999 * time.Millisecond)
	h.bot.Flush(ctx)
	if n := len(h.fake.Calls("chat.postMessage")); n != 1 {
		t.Fatalf("%d postMessage calls before Retry-After passed, want 1", n)
	}
	h.now = h.now.Add(time.Millisecond)
	h.bot.Flush(ctx)
	if n := len(h.fake.Calls("chat.postMessage")); n != 2 {
		t.Fatalf("%d postMessage calls after Retry-After, want 2", n)
	}
	if p, _ := h.db.OpenPost(ctx, bot.ChannelRef{Platform: "slack", GroupID: "T1", ChannelID: "C1"}); p.MessageID == "" {
		t.Fatal("the card's message id was not recorded")
	}
}

func TestNotInChannelTellsTheModerator(t *testing.T) {
	h := newHarness(t)
	h.fake.FailNext("chat.postMessage", "not_in_channel")
	m := h.slash("UADMIN", "post")
	if !strings.Contains(text(m), "did not accept the message") || !strings.Contains(text(m), "/invite @studybot") {
		t.Fatalf("post to a channel without the bot: %s", text(m))
	}
	// A scheduled post that fails is told to the next moderator command in the channel.
	h.slash("UADMIN", "schedule 15:00")
	h.now = time.Date(2026, 3, 2, 15, 0, 0, 0, time.UTC)
	h.fake.FailNext("chat.postMessage", "not_in_channel", "not_in_channel")
	if err := h.bot.Tick(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := h.bot.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	logs := h.logs.String()
	if !strings.Contains(logs, "not_in_channel") || !strings.Contains(logs, `"channel":"C1"`) {
		t.Fatalf("not logged with the channel:\n%s", logs)
	}
	m = h.slash("UADMIN", "domains")
	if !strings.Contains(text(m), "could not post the daily question") || !strings.Contains(text(m), "/invite @studybot") {
		t.Fatalf("next moderator command does not say how to invite the bot: %s", text(m))
	}
	if m = h.slash("UADMIN", "domains"); strings.Contains(text(m), "/invite") {
		t.Fatal("the notice repeats after it was given")
	}
}

func TestSlowCommandAnswersThroughResponseURL(t *testing.T) {
	release := make(chan struct{})
	h := newHarness(t, func(c *slackad.Config) { c.DeferAfter = time.Millisecond })
	a, _ := slackad.New(slackad.Config{BotToken: botToken, SigningSecret: secret, APIURL: h.fake.APIURL(), DeferAfter: time.Millisecond},
		slowCore{h.bot, release})
	srv := httptest.NewServer(http.HandlerFunc(a.Commands))
	defer srv.Close()
	body := slacktest.SlashCommand("T1", "C1", "U1", "u1", "faq", h.fake.Hook("slow"))
	code, b := h.do(slacktest.Request(srv.URL, "application/x-www-form-urlencoded", secret, body, time.Now()))
	if code != 200 || !strings.Contains(string(b), "Working on it") {
		t.Fatalf("slow command ack: %d %s", code, b)
	}
	close(release)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	a.Idle(ctx)
	if r := h.hookReplies("slow"); len(r) != 1 || !strings.Contains(text(r[0]), "Ask me something") {
		t.Fatalf("follow-up: %v", r)
	}
}

// TestSlowClickIsAcknowledgedThenAnswered: a click the core takes longer than DeferAfter over is
// acknowledged in time (while the core still works on it) and answered through its response_url after.
func TestSlowClickIsAcknowledgedThenAnswered(t *testing.T) {
	release := make(chan struct{})
	h := newHarness(t)
	h.slash("UADMIN", "post")
	actionID := h.fake.CardActions(0)[0]
	a, _ := slackad.New(slackad.Config{BotToken: botToken, SigningSecret: secret, APIURL: h.fake.APIURL(), DeferAfter: time.Millisecond},
		slowCore{h.bot, release})
	srv := httptest.NewServer(http.HandlerFunc(a.Interactions))
	defer srv.Close()
	body := slacktest.BlockActions("T1", "C1", "U7", actionID, h.fake.Hook("slow-click"), "1772000001.000001")
	code, b := h.do(slacktest.Request(srv.URL, "application/x-www-form-urlencoded", secret, body, time.Now()))
	if code != 200 || len(b) != 0 {
		t.Fatalf("slow click ack: %d %q", code, b)
	}
	if r := h.hookReplies("slow-click"); len(r) != 0 {
		t.Fatalf("a reply before the core answered: %v", r)
	}
	close(release)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	a.Idle(ctx)
	if r := h.hookReplies("slow-click"); len(r) != 1 || !strings.Contains(text(r[0]), "points") {
		t.Fatalf("follow-up: %v", r)
	}
}

// slowCore is the real core with HandleErr held until release is closed.
type slowCore struct {
	*bot.Bot
	release chan struct{}
}

func (s slowCore) HandleErr(ctx context.Context, cmd bot.Command) (bot.Reply, error) {
	<-s.release
	return s.Bot.HandleErr(ctx, cmd)
}

func TestMentionsAndModsAreNormalized(t *testing.T) {
	h := newHarness(t)
	m := h.slash("UADMIN", "mods add <@UHELPER|helper>")
	if !strings.Contains(text(m), "can now moderate") {
		t.Fatalf("mods add: %s", text(m))
	}
	if m = h.slash("UHELPER", "domains security"); !strings.Contains(text(m), "Domains for this channel") {
		t.Fatalf("added moderator: %s", text(m))
	}
	h.slash("UMEMBER", "help") // records a name
	if m = h.slash("UADMIN", "stats <@UMEMBER|umember>"); !strings.Contains(text(m), "Stats for umember") {
		t.Fatalf("stats of a mentioned member: %s", text(m))
	}
}

// TestSocketMode drives the real socketmode client against the fake's websocket: a slash command, a
// click and a mention arrive as envelopes and are acknowledged, through the same handlers as HTTP.
func TestSocketMode(t *testing.T) {
	h := newHarness(t, func(c *slackad.Config) { c.AppToken = "xapp-1-test" })
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- h.adapter.RunSocket(ctx) }()
	defer func() {
		cancel()
		<-done
	}()
	cmd, _ := json.Marshal(map[string]string{"team_id": "T1", "channel_id": "C1", "user_id": "UADMIN", "user_name": "admin",
		"command": "/study", "text": "post", "response_url": h.fake.Hook("sock-cmd")})
	h.fake.SendEnvelope("env-1", "slash_commands", cmd)
	ack := readAck(t, h.fake.Acks())
	if ack["envelope_id"] != "env-1" || !strings.Contains(text(ack["payload"].(map[string]any)), "Posted a new question") {
		t.Fatalf("slash ack: %v", ack)
	}
	posts := h.fake.Calls("chat.postMessage")
	if len(posts) != 1 {
		t.Fatalf("%d cards", len(posts))
	}
	actionID := h.fake.CardActions(0)[2]
	h.fake.SendEnvelope("env-2", "interactive", slacktest.BlockActionsJSON("T1", "C1", "U5", actionID, h.fake.Hook("sock-click"), posts[0].Form.Get("ts")))
	if ack = readAck(t, h.fake.Acks()); ack["envelope_id"] != "env-2" {
		t.Fatalf("click ack: %v", ack)
	}
	h.fake.SendEnvelope("env-3", "events_api", slacktest.MentionJSON("T1", "C1", "U5", "EvSock", "<@UBOT> is the cert retired", "1772000000.5"))
	if ack = readAck(t, h.fake.Acks()); ack["envelope_id"] != "env-3" {
		t.Fatalf("event ack: %v", ack)
	}
	h.wait()
	if r := h.hookReplies("sock-click"); len(r) != 1 || !strings.Contains(text(r[0]), "Correct!") {
		t.Fatalf("click over socket: %v", r)
	}
	if r := h.fake.Calls("chat.postMessage"); len(r) != 2 || r[1].Form.Get("thread_ts") != "1772000000.5" {
		t.Fatalf("mention over socket: %d messages", len(r))
	}
}

func readAck(t *testing.T, acks <-chan []byte) map[string]any {
	t.Helper()
	select {
	case b := <-acks:
		var m map[string]any
		json.Unmarshal(b, &m)
		return m
	case <-time.After(10 * time.Second):
		t.Fatal("no ack within 10s")
	}
	return nil
}

// FuzzInteractionPayload sends arbitrary signed interaction payloads through the real endpoint.
func FuzzInteractionPayload(f *testing.F) {
	f.Add(string(slacktest.BlockActionsJSON("T1", "C1", "U1", "sb:answer:1:B", "http://127.0.0.1:1/hook", "1.1")))
	f.Add(`{"type":"block_actions","actions":[{"action_id":"sb::"}]}`)
	f.Add(`{"type":"view_submission"}`)
	f.Add(`not json`)
	h := newHarness(f)
	f.Fuzz(func(t *testing.T, payload string) {
		body := []byte(url.Values{"payload": {payload}}.Encode())
		rec := httptest.NewRecorder()
		h.adapter.Interactions(rec, slacktest.Request("http://studybot/slack/interactions", "application/x-www-form-urlencoded", secret, body, time.Now()))
		if rec.Code != 200 && rec.Code != 400 {
			t.Fatalf("status %d", rec.Code)
		}
	})
}

// TestPostThatMayHaveGoneThroughIsLookedForNotResent: Slack posts the card and the response is lost (HTTP
// 500). The retry looks for the card's key in the channel's history, finds it, and records it: the channel
// shows the question once.
func TestPostThatMayHaveGoneThroughIsLookedForNotResent(t *testing.T) {
	h := newHarness(t)
	h.fake.FailAfterPost("C1", 1)
	if m := h.slash("UADMIN", "post"); !strings.Contains(text(m), "did not take the message yet") {
		t.Fatalf("post: %s", text(m))
	}
	h.now = h.now.Add(2 * time.Second)
	if err := h.bot.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	msgs := h.fake.Messages("C1")
	if len(msgs) != 1 || len(h.fake.Calls("chat.postMessage")) != 1 || len(h.fake.Calls("conversations.history")) != 1 {
		t.Fatalf("%d messages, %d posts, %d history lookups; want 1, 1, 1", len(msgs), len(h.fake.Calls("chat.postMessage")),
			len(h.fake.Calls("conversations.history")))
	}
	if key, _ := msgs[0].Metadata["event_payload"].(map[string]any)["key"].(string); !strings.HasPrefix(key, "sb") {
		t.Fatalf("the card carries no delivery key: %v", msgs[0].Metadata)
	}
	p, err := h.db.OpenPost(context.Background(), bot.ChannelRef{Platform: "slack", GroupID: "T1", ChannelID: "C1"})
	if err != nil || p.MessageID != msgs[0].TS {
		t.Fatalf("recorded message %q (%v), want %q", p.MessageID, err, msgs[0].TS)
	}
}

// TestWithoutHistoryAMaybePostedCardIsNotResent: when the token may not read history, a card whose first
// attempt may have gone through is not sent again (it could double); the moderator is told what to grant.
func TestWithoutHistoryAMaybePostedCardIsNotResent(t *testing.T) {
	h := newHarness(t)
	h.fake.FailAfterPost("C1", 1)
	h.fake.DenyHistory()
	h.slash("UADMIN", "post")
	h.now = h.now.Add(2 * time.Second)
	h.bot.Flush(context.Background())
	if n := len(h.fake.Messages("C1")); n != 1 {
		t.Fatalf("%d messages in the channel, want the one made before the lost response", n)
	}
	if n := len(h.fake.Calls("chat.postMessage")); n != 1 {
		t.Fatalf("%d posts, want no second one", n)
	}
	m := h.slash("UADMIN", "domains")
	if !strings.Contains(text(m), "channels:history") {
		t.Fatalf("the moderator is not told to grant channels:history: %s", text(m))
	}
}

// TestSocketModeAcksABurstWhileACommandIsSlow: a slash command waits on Slack (its post is held) while ten
// clicks arrive over the socket; each click is acknowledged without waiting for the command or for the
// others, as over HTTP.
func TestSocketModeAcksABurstWhileACommandIsSlow(t *testing.T) {
	h := newHarness(t, func(c *slackad.Config) { c.AppToken = "xapp-1-test"; c.DeferAfter = time.Hour })
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- h.adapter.RunSocket(ctx) }()
	t.Cleanup(func() { cancel(); <-done })
	h.slash("UADMIN", "post")
	card := h.fake.Calls("chat.postMessage")[0]
	actions := h.fake.CardActions(0)
	arrived, release := h.fake.Hold("chat.postMessage")
	t.Cleanup(release) // a failing test must not leave the fake waiting
	cmd, _ := json.Marshal(map[string]string{"team_id": "T1", "channel_id": "C1", "user_id": "UADMIN", "user_name": "admin",
		"command": "/study", "text": "post", "response_url": h.fake.Hook("slow")})
	h.fake.SendEnvelope("env-slow", "slash_commands", cmd)
	<-arrived // the command is now waiting on Slack, and will until release
	for i := range 10 {
		h.fake.SendEnvelope(fmt.Sprintf("env-click-%d", i), "interactive",
			slacktest.BlockActionsJSON("T1", "C1", fmt.Sprintf("U%d", 100+i), actions[i%4], h.fake.Hook(fmt.Sprintf("c%d", i)), card.Form.Get("ts")))
	}
	acked := map[string]bool{}
	for len(acked) < 10 {
		ack := readAck(t, h.fake.Acks())
		id, _ := ack["envelope_id"].(string)
		if id == "env-slow" {
			t.Fatal("the held command was acknowledged before Slack answered it")
		}
		acked[id] = true
	}
	release()
	if ack := readAck(t, h.fake.Acks()); ack["envelope_id"] != "env-slow" {
		t.Fatalf("after release: %v", ack)
	}
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

// TestRecapTextAndChartUpload: a recap's text goes with chat.postMessage and its key as metadata, and its
// chart through Slack's external upload flow to the same channel, in Slack's wire format.
func TestRecapTextAndChartUpload(t *testing.T) {
	h := newHarness(t)
	ch := bot.ChannelRef{Platform: "slack", GroupID: "T1", ChannelID: "C1"}
	ts, err := h.adapter.Post(context.Background(), ch, recapReply(), bot.Send{Key: "sbk1", Since: slacktestEpoch})
	if err != nil || ts == "" {
		t.Fatalf("post: %q %v", ts, err)
	}
	posts := h.fake.Calls("chat.postMessage")
	if len(posts) != 1 || !strings.Contains(posts[0].Form.Get("text"), "Weekly recap") || !strings.Contains(posts[0].Form.Get("metadata"), `"key":"sbk1"`) {
		t.Fatalf("postMessage: %+v", posts)
	}
	get := h.fake.Calls("files.getUploadURLExternal")
	if len(get) != 1 || get[0].Form.Get("filename") != "recap-w2026-03-02.sbk1.png" || get[0].Form.Get("length") == "" {
		t.Fatalf("getUploadURLExternal: %+v", get)
	}
	uploads := h.fake.Calls("upload")
	if len(uploads) != 1 || uploads[0].Auth != "Bearer "+botToken {
		t.Fatalf("uploads: %+v", uploads)
	}
	if _, err := png.Decode(bytes.NewReader(uploads[0].Body)); err != nil || fmt.Sprint(len(uploads[0].Body)) != get[0].Form.Get("length") {
		t.Fatalf("uploaded bytes are not the announced PNG: %v (%d bytes, announced %s)", err, len(uploads[0].Body), get[0].Form.Get("length"))
	}
	complete := h.fake.Calls("files.completeUploadExternal")
	if len(complete) != 1 || complete[0].Form.Get("channel_id") != "C1" || !strings.Contains(complete[0].Form.Get("files"), "Share right per domain") {
		t.Fatalf("completeUploadExternal: %+v", complete)
	}
	if files := h.fake.SharedFiles("C1"); len(files) != 1 || files[0].Name != "recap-w2026-03-02.sbk1.png" {
		t.Fatalf("shared files: %+v", files)
	}
}

// TestRecapUploadFailureIsRetriedOnce: when the chart's upload fails after the text was posted, the attempt
// fails without being marked not-sent; the outbox's retry (maybe-sent) finds the text by its key and posts it
// not again, and uploads the chart; a further retry finds both and sends nothing.
func TestRecapUploadFailureIsRetriedOnce(t *testing.T) {
	h := newHarness(t)
	ch := bot.ChannelRef{Platform: "slack", GroupID: "T1", ChannelID: "C1"}
	send := bot.Send{Key: "sbk2", Since: slacktestEpoch}
	h.fake.FailNext("upload", "storage unavailable")
	if _, err := h.adapter.Post(context.Background(), ch, recapReply(), send); err == nil {
		t.Fatal("a failed upload must fail the attempt")
	} else if bot.ErrorCode(err) != bot.EINTERNAL {
		t.Fatalf("a passing upload failure is retried, not given up: %v", err)
	}
	if n := len(h.fake.Messages("C1")); n != 1 {
		t.Fatalf("%d messages after the failed upload, want the text alone", n)
	}
	send.MaybeSent = true
	for i := 0; i < 2; i++ {
		if _, err := h.adapter.Post(context.Background(), ch, recapReply(), send); err != nil {
			t.Fatalf("retry %d: %v", i+1, err)
		}
	}
	if n := len(h.fake.Calls("chat.postMessage")); n != 1 {
		t.Fatalf("the text was posted %d times", n)
	}
	if files := h.fake.SharedFiles("C1"); len(files) != 1 {
		t.Fatalf("%d charts shared after two retries, want 1", len(files))
	}
	// Slack refusing uploads for good (no files:write) is a channel problem for the next moderator.
	h.fake.FailNext("files.getUploadURLExternal", "missing_scope")
	_, err := h.adapter.Post(context.Background(), ch, recapReply(), bot.Send{Key: "sbk3", Since: slacktestEpoch})
	if bot.ErrorCode(err) != bot.EFORBIDDEN || !strings.Contains(bot.ErrorMessage(err), "files:write") {
		t.Fatalf("missing scope: %v", err)
	}
}

// slacktestEpoch is when the fake's message timestamps start: history is read from before a first attempt.
var slacktestEpoch = time.Unix(1772000000, 0)

// TestWeeklyRecapOnSlack runs the scheduler on Slack's fake with a moved clock across a week and a
// restart: the week's recap is one message and one shared chart.
func TestWeeklyRecapOnSlack(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	ch := bot.ChannelRef{Platform: "slack", GroupID: "T1", ChannelID: "C1"}
	mod := bot.User{ID: "UADMIN", Name: "admin"}
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
	if _, err := h.bot.HandleErr(ctx, bot.Command{Channel: ch, User: mod, Name: "schedule", Args: []string{"09:00", "UTC", "mon-fri"}}); err != nil {
		t.Fatal(err)
	}
	for d := 2; d <= 6; d++ {
		run(h.bot, time.Date(2026, 3, d, 9, 0, 0, 0, time.UTC))
		p, err := h.db.OpenPost(ctx, ch)
		if err != nil {
			t.Fatal(err)
		}
		for _, u := range []string{"U1", "U2"} {
			handled(h.bot.HandleErr(ctx, bot.Command{Channel: ch, User: bot.User{ID: u, Name: "member " + u}, Name: "answer", Args: []string{fmt.Sprint(p.ID), "C"}, Click: true}))
		}
	}
	if n := len(h.fake.SharedFiles("C1")); n != 0 {
		t.Fatalf("%d charts during the week", n)
	}
	run(h.bot, time.Date(2026, 3, 9, 9, 0, 0, 0, time.UTC))
	b2, err := bot.New(bot.Config{Store: h.db, Pack: h.bot.Pack(), Clock: bot.ClockFunc(func() time.Time { return h.now })})
	if err != nil {
		t.Fatal(err)
	}
	b2.SetChat(bot.PlatformSlack, h.adapter)
	run(b2, time.Date(2026, 3, 9, 11, 0, 0, 0, time.UTC))
	run(b2, time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC))
	recaps := 0
	for _, m := range h.fake.Messages("C1") {
		if strings.Contains(m.Text, "Weekly recap") {
			recaps++
		}
	}
	if files := h.fake.SharedFiles("C1"); recaps != 1 || len(files) != 1 || !strings.HasPrefix(files[0].Name, "recap-w2026-03-02.") {
		t.Fatalf("%d recap texts and charts %+v after the week, a restart and another day; want one of each", recaps, files)
	}
}

// TestRetriedEventOnAnotherReplicaIsHandledOnce: Slack retries an event, and the retry reaches another
// process on the same database; it is acknowledged and dropped there too.
func TestRetriedEventOnAnotherReplicaIsHandledOnce(t *testing.T) {
	h := newHarness(t)
	b2, err := bot.New(bot.Config{Store: h.db, Pack: h.bot.Pack(), Clock: bot.ClockFunc(func() time.Time { return h.now })})
	if err != nil {
		t.Fatal(err)
	}
	a2, err := slackad.New(slackad.Config{BotToken: botToken, SigningSecret: secret, APIURL: h.fake.APIURL(), Sleep: h.sleeps.Sleep}, b2)
	if err != nil {
		t.Fatal(err)
	}
	other := httptest.NewServer(http.HandlerFunc(a2.Events))
	defer other.Close()
	body := slacktest.MentionJSON("T1", "C1", "U1", "EvReplica", "<@UBOT> is the CompTIA Healthcare IT certificate still offered", "1772000000.000200")
	for i, url := range []string{h.srv.URL + "/slack/events", other.URL} {
		req := slacktest.Request(url, "application/json", secret, body, time.Now())
		if i > 0 {
			req.Header.Set("X-Slack-Retry-Num", "1")
		}
		if code, _ := h.do(req); code != 200 {
			t.Fatalf("delivery %d: HTTP %d", i, code)
		}
	}
	h.wait()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	a2.Idle(ctx)
	if n := len(h.fake.Calls("chat.postMessage")); n != 1 {
		t.Fatalf("%d replies to one event delivered to two processes, want 1", n)
	}
}

// handled is the reply of a command run through the core's one entry point, whatever its error: the reply
// already says what went wrong, as members see it.
func handled(r bot.Reply, _ error) bot.Reply { return r }
