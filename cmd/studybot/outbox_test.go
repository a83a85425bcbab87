package main

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/studybot/studybot/adapters/discord/discordtest"
	"github.com/studybot/studybot/app/server"
	"github.com/studybot/studybot/bot"
)

// The fault tests of the daily post: the real serve wiring (Main, with its scheduler and outbox running)
// against the Discord fake, each post expected in its channel exactly once whatever fails.

// slot is the scheduled time the tests post at: 09:00 UTC on a Monday.
var slot = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// scheduleOwed gives each channel of guild "g" in the database db (a SQLite file or a postgres:// URL) a
// daily schedule at the minute of at that has stood since the day before, so its slot at that minute is
// owed (as after a restart) the moment serve starts.
func scheduleOwed(t *testing.T, db string, at time.Time, channels ...string) {
	t.Helper()
	store, err := server.OpenDatabase(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	for _, ch := range channels {
		s := &bot.Schedule{Hour: at.Hour(), Minute: at.Minute(), Zone: "UTC", Days: bot.AllDays, Since: at.Add(-24 * time.Hour)}
		if err := store.SetSchedule(context.Background(), bot.ChannelRef{Platform: bot.PlatformDiscord, GroupID: "g", ChannelID: ch}, s); err != nil {
			t.Fatal(err)
		}
	}
}

// discordServe starts Main on db against the fake (interactions endpoint, no gateway) with the given clock,
// and returns it with a function that stops it and waits for Run to return.
func discordServe(t *testing.T, fake *discordtest.Server, key discordtest.Key, db string, clock bot.Clock, mutate ...func(*server.Main)) (*server.Main, func()) {
	t.Helper()
	env := map[string]string{"STUDYBOT_DB": db, "STUDYBOT_HTTP_ADDR": "127.0.0.1:0", "DISCORD_BOT_TOKEN": "fault-token",
		"DISCORD_APP_ID": "12345", "DISCORD_API_BASE": fake.APIBase(), "DISCORD_PUBLIC_KEY": key.PublicHex(), "DISCORD_GATEWAY": "false"}
	setClock := func(m *server.Main) {
		m.Clock = clock
		m.TickInterval = 50 * time.Millisecond
	}
	return runMain(t, env, append([]func(*server.Main){setClock}, mutate...)...)
}

// waitMessages waits until each channel has at least one message on the fake.
func waitMessages(t *testing.T, fake *discordtest.Server, channels ...string) {
	t.Helper()
	waitFor(t, func() bool {
		for _, ch := range channels {
			if len(fake.Messages(ch)) == 0 {
				return false
			}
		}
		return true
	})
}

// cardRows returns the status of the outbox rows of question cards.
func cardRows(t *testing.T, db string) []string {
	t.Helper()
	var out []string
	for _, r := range outboxRows(t, db) {
		if strings.HasPrefix(r, "card ") {
			out = append(out, r)
		}
	}
	return out
}

// outboxRows returns the status of every outbox row of a database, by kind and channel.
func outboxRows(t *testing.T, db string) []string {
	t.Helper()
	conn, err := sql.Open("sqlite3", "file:"+db+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	rows, err := conn.Query(`SELECT o.kind, c.ext_id, o.status, o.maybe_sent FROM outbox o JOIN channels c ON c.id = o.channel_id ORDER BY o.id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var kind, ch, status string
		var maybe bool
		rows.Scan(&kind, &ch, &status, &maybe)
		out = append(out, fmt.Sprintf("%s %s %s maybe=%v", kind, ch, status, maybe))
	}
	return out
}

// TestSIGTERMDuringAScheduledPostHandsItBack: a shutdown while a scheduled card is on its way to Discord
// (which answers only after the process gave up on it, having made the message) hands the card back; after
// the restart it is sent again with the same nonce, and the channel shows the question once.
func TestSIGTERMDuringAScheduledPostHandsItBack(t *testing.T) {
	fake := discordtest.NewServer()
	defer fake.Close()
	key := discordtest.NewKey(21)
	db := filepath.Join(t.TempDir(), "s.db")
	scheduleOwed(t, db, slot, "c1")
	release := fake.Hold("c1")
	defer release()
	clock := bot.NewManualClock(slot.Add(time.Minute))
	_, stop := discordServe(t, fake, key, db, clock, func(m *server.Main) { m.ShutdownGrace = 300 * time.Millisecond })
	fake.WaitCalls("POST", "/api/v9/channels/c1/messages", 1, 10*time.Second)
	stop() // SIGTERM: the card is in flight, held at Discord
	if got := cardRows(t, db); len(got) != 1 || got[0] != "card c1 due maybe=true" {
		t.Fatalf("after shutdown the outbox holds %v, want the card handed back (due, maybe sent)", got)
	}
	release() // Discord makes the message the cancelled request asked for
	waitMessages(t, fake, "c1")

	discordServe(t, fake, key, db, clock)
	waitFor(t, func() bool { return len(fake.Calls("POST", "/api/v9/channels/c1/messages")) == 2 })
	waitFor(t, func() bool {
		got := cardRows(t, db)
		return len(got) == 1 && got[0] == "card c1 delivered maybe=true"
	})
	if msgs := fake.Messages("c1"); len(msgs) != 1 {
		t.Fatalf("%d messages in c1 after the restart, want 1", len(msgs))
	}
}

// TestAHangingChannelDelaysNoOther: Discord never answers for one channel; the others get their cards, and
// a moderator's /study post in another channel is answered, while it hangs.
func TestAHangingChannelDelaysNoOther(t *testing.T) {
	fake := discordtest.NewServer()
	defer fake.Close()
	key := discordtest.NewKey(22)
	db := filepath.Join(t.TempDir(), "s.db")
	scheduleOwed(t, db, slot, "hung", "c2", "c3")
	release := fake.Hold("hung")
	defer release()
	m, _ := discordServe(t, fake, key, db, bot.NewManualClock(slot.Add(time.Minute)))
	waitMessages(t, fake, "c2", "c3")
	resp := postInteraction(t, key, "http://"+m.Addr()+"/discord/interactions",
		discordtest.Command("g", "c2", discordtest.Member{ID: "1", Name: "Mod", Permissions: 1 << 5}, "post", nil))
	if !strings.Contains(resp, "Posted a new question") {
		t.Fatalf("/study post while another channel hangs: %s", resp)
	}
	if n := len(fake.Messages("hung")); n != 0 {
		t.Fatalf("%d messages in the hanging channel", n)
	}
	release()
	waitMessages(t, fake, "hung")
	if n := len(fake.Messages("hung")); n != 1 {
		t.Fatalf("%d messages in the channel that hung, want 1", n)
	}
}

// TestChannelDeletedBetweenScheduleAndPost: Discord says Unknown Channel for one channel; its card fails for
// good (not retried), the others are posted, and the next moderator command there says what happened.
func TestChannelDeletedBetweenScheduleAndPost(t *testing.T) {
	fake := discordtest.NewServer()
	defer fake.Close()
	key := discordtest.NewKey(23)
	db := filepath.Join(t.TempDir(), "s.db")
	scheduleOwed(t, db, slot, "c1", "gone", "c3")
	fake.Gone("gone")
	clock := bot.NewManualClock(slot.Add(time.Minute))
	m, _ := discordServe(t, fake, key, db, clock)
	waitMessages(t, fake, "c1", "c3")
	waitFor(t, func() bool {
		for _, r := range outboxRows(t, db) {
			if strings.HasPrefix(r, "card gone failed") {
				return true
			}
		}
		return false
	})
	clock.Add(time.Hour) // long past any retry
	m.Bot.Kick()
	if n := len(fake.Calls("POST", "/api/v9/channels/gone/messages")); n != 1 {
		t.Fatalf("%d creates in the deleted channel, want 1 (no retries)", n)
	}
	resp := postInteraction(t, key, "http://"+m.Addr()+"/discord/interactions",
		discordtest.Command("g", "gone", discordtest.Member{ID: "1", Name: "Mod", Permissions: 1 << 5}, "domains", nil))
	if !strings.Contains(resp, "Discord no longer knows this channel") {
		t.Fatalf("the moderator was not told: %s", resp)
	}
}

// Test429StormIsWaitedOut: Discord's global limit answers most requests 429 with retry_after and
// X-RateLimit-Global; every channel still gets its card, exactly once.
func Test429StormIsWaitedOut(t *testing.T) {
	fake := discordtest.NewServer()
	defer fake.Close()
	fake.SetGlobalLimit(4)
	key := discordtest.NewKey(24)
	db := filepath.Join(t.TempDir(), "s.db")
	var channels []string
	for i := range 12 {
		channels = append(channels, fmt.Sprintf("c%d", i))
	}
	scheduleOwed(t, db, slot, channels...)
	discordServe(t, fake, key, db, bot.ClockFunc(func() time.Time { return slot.Add(time.Minute) }))
	waitMessages(t, fake, channels...)
	for _, ch := range channels {
		if n := len(fake.Messages(ch)); n != 1 {
			t.Fatalf("%d messages in %s, want 1", n, ch)
		}
	}
	if fake.GlobalLimited() == 0 {
		t.Fatal("the fake never rate-limited: this test did not test a storm")
	}
	t.Logf("%d requests answered 429 along the way", fake.GlobalLimited())
}

// TestInternalErrorIsLoggedOnceWithItsCause: a command that fails on our side is logged once, with its
// cause, group, channel and command; the member gets the generic apology.
func TestInternalErrorIsLoggedOnceWithItsCause(t *testing.T) {
	fake := discordtest.NewServer()
	defer fake.Close()
	key := discordtest.NewKey(25)
	db := filepath.Join(t.TempDir(), "s.db")
	logs := &jsonLogs{}
	m, _ := discordServe(t, fake, key, db, bot.ClockFunc(time.Now), logs.attach)
	conn, err := sql.Open("sqlite3", "file:"+db)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.Exec(`DROP TABLE mods`); err != nil {
		t.Fatal(err)
	}
	resp := postInteraction(t, key, "http://"+m.Addr()+"/discord/interactions",
		discordtest.Command("g7", "c9", discordtest.Member{ID: "1", Name: "Mod", Permissions: 1 << 5}, "mods", nil))
	if !strings.Contains(resp, "Something went wrong on our side") {
		t.Fatalf("reply: %s", resp)
	}
	var failed []string
	for _, line := range strings.Split(logs.String(), "\n") {
		if strings.Contains(line, "no such table: mods") {
			failed = append(failed, line)
		}
	}
	if len(failed) != 1 {
		t.Fatalf("the cause is logged %d times, want once:\n%s", len(failed), strings.Join(failed, "\n"))
	}
	for _, want := range []string{`"msg":"command failed"`, `"group":"g7"`, `"channel":"c9"`, `"command":"mods"`} {
		if !strings.Contains(failed[0], want) {
			t.Errorf("the error's log line lacks %s: %s", want, failed[0])
		}
	}
}

// postInteraction sends a signed interaction and returns the response body.
func postInteraction(t *testing.T, key discordtest.Key, url string, body []byte) string {
	t.Helper()
	resp, err := http.DefaultClient.Do(key.Request(url, body, time.Now()))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body) // what was read, up to the first error
	return string(b)
}

// TestShutdownWaitsForAGatewayInteraction: a /study post that arrived over the gateway is still waiting on
// Discord when serve is told to stop. Shutdown waits for it: the command finishes, its reply goes out, and
// only then does Run return and the database close under nothing.
func TestShutdownWaitsForAGatewayInteraction(t *testing.T) {
	fake := discordtest.NewServer()
	defer fake.Close()
	db := filepath.Join(t.TempDir(), "s.db")
	env := map[string]string{"STUDYBOT_DB": db, "STUDYBOT_HTTP_ADDR": "127.0.0.1:0", "DISCORD_BOT_TOKEN": "gw-token",
		"DISCORD_APP_ID": "12345", "DISCORD_API_BASE": fake.APIBase()}
	m := server.NewMain()
	if err := m.ParseConfig(nil, func(k string) string { return env[k] }, nil); err != nil {
		t.Fatal(err)
	}
	logs := &jsonLogs{}
	logs.attach(m)
	ready := fake.GatewayReady() // taken before Run, so a READY that comes quickly is not missed
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- m.Run(ctx) }()
	url := "http://" + m.Addr()
	<-m.Started()
	select { // Started is the HTTP side; the gateway identifies on its own
	case <-ready:
	case <-time.After(10 * time.Second):
		t.Fatal("the gateway never became READY")
	}
	release := fake.Hold("c")
	defer release()
	raw := discordtest.Command("g", "c", discordtest.Member{ID: "1", Name: "Mod", Permissions: 1 << 3}, "post", nil)
	if n := fake.Dispatch("INTERACTION_CREATE", raw); n != 1 {
		t.Fatalf("dispatch reached %d gateway clients", n)
	}
	fake.WaitCalls("POST", "/api/v9/channels/c/messages", 1, 10*time.Second) // the command waits on Discord
	cancel()
	waitFor(t, func() bool { _, err := http.Get(url + "/healthz"); return err != nil }) // shutdown has begun
	select {
	case err := <-done:
		t.Fatalf("Run returned (%v) while a command was still running", err)
	default:
	}
	release()
	if err := <-done; err != nil {
		t.Fatalf("Run: %v", err)
	}
	m.Close()
	// The reply came as the callback, or, if the command took longer than the defer time, as the edit of
	// the deferred response.
	answered := false
	for _, c := range append(fake.Calls("POST", "/api/v9/interactions/"), fake.Calls("PATCH", "/api/v9/webhooks/")...) {
		answered = answered || strings.Contains(string(c.Body), "a new question")
	}
	if !answered {
		t.Fatalf("the command's reply never went out: %v", fake.Calls("", "/api/v9/"))
	}
	for _, bad := range []string{"database is closed", "sql: database", "command failed"} {
		if strings.Contains(logs.String(), bad) {
			t.Fatalf("the database closed under the command (%q in the logs):\n%s", bad, logs.String())
		}
	}
}

// TestKill9InTheMiddleOfAFanOut: serve is killed (SIGKILL) while it posts the cards of 150 channels
// scheduled for the same minute; after a restart every channel has its card exactly once.
func TestKill9InTheMiddleOfAFanOut(t *testing.T) {
	fake := discordtest.NewServer()
	defer fake.Close()
	fake.SetLatency(20 * time.Millisecond)
	fake.SetGlobalLimit(50)
	key := discordtest.NewKey(26)
	db := filepath.Join(t.TempDir(), "s.db")
	now := time.Now().UTC()
	minute := now.Truncate(time.Minute)
	var channels []string
	for i := range 150 {
		channels = append(channels, fmt.Sprintf("f%03d", i))
	}
	scheduleOwed(t, db, minute, channels...)
	env := map[string]string{"STUDYBOT_DB": db, "DISCORD_BOT_TOKEN": "child-token", "DISCORD_APP_ID": "42",
		"DISCORD_PUBLIC_KEY": key.PublicHex(), "DISCORD_GATEWAY": "false", "DISCORD_API_BASE": fake.APIBase(),
		"STUDYBOT_OUTBOX_LEASE": "2s"} // the killed process's claims lapse after 2 s, not the default's 30 s
	posted := func() int {
		n := 0
		for _, ch := range channels {
			n += len(fake.Messages(ch))
		}
		return n
	}
	c := startChild(t, env, "serve")
	waitFor(t, func() bool { return posted() >= 40 })
	c.cmd.Process.Kill()
	c.cmd.Wait()
	before := posted()
	if before == len(channels) {
		t.Fatal("the fan-out finished before the kill; this test did not kill it in the middle")
	}
	startChild(t, env, "serve")
	deadline := time.Now().Add(90 * time.Second)
	for {
		pending := 0
		for _, r := range outboxRows(t, db) {
			if strings.Contains(r, " due ") || strings.Contains(r, " sending ") {
				pending++
			}
		}
		if pending == 0 && posted() >= len(channels) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after the restart %d of %d channels have a card, %d messages pending", posted(), len(channels), pending)
		}
		time.Sleep(100 * time.Millisecond) // waiting for the other process; not a timing assertion
	}
	for _, ch := range channels {
		if n := len(fake.Messages(ch)); n != 1 {
			t.Fatalf("%s has %d cards, want exactly 1", ch, n)
		}
	}
	t.Logf("%d cards before SIGKILL, %d after the restart; %d creates sent in all", before, posted(),
		len(fake.Calls("POST", "/api/v9/channels/")))
}
